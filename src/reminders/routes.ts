// `påminnelser` / `reminders`: the user's own upcoming reminders.
import type { CapabilityDeps } from '../core/deps.js';
import { formatDate } from '../core/format.js';
import { translator } from '../core/i18n/index.js';
import { newCard } from '../core/reply.js';
import { CASE_OFFICERS } from '../core/roles.js';
import type { Capability, Handler } from '../core/turn.js';
import type { ReminderService } from './service.js';

export function upcoming(deps: Pick<CapabilityDeps, 'cards'>, service: ReminderService): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const list = service.upcomingFor(turn.actor.userId, turn.now).slice(0, 15);
    const text = list.length
      ? list
          .map((r) =>
            tr('reminders.line', {
              date: formatDate(r.date, turn.locale),
              number: r.obligation.caseNumber,
              kind: tr(`reminder.kind.${r.obligation.kind}`),
              due: formatDate(r.obligation.due, turn.locale),
            }),
          )
          .join('\n\n')
      : tr('reminders.none');
    return newCard(deps.cards.render('message', { title: tr('reminders.title'), text, color: 'Default' }));
  };
}

export function remindersCapability(deps: CapabilityDeps, service: ReminderService): Capability {
  return {
    name: 'reminders',
    routes: [
      {
        kind: 'command',
        name: 'reminders',
        words: ['påminnelser', 'reminders'],
        // The officers' dates, the mottagare's answers and the owners' measures.
        requires: [...CASE_OFFICERS, 'mottagare', 'chef'],
        handler: upcoming(deps, service),
        help: { command: 'help.cmd.reminders', description: 'help.desc.reminders' },
      },
    ],
  };
}
