// `påminnelser` / `reminders`: the user's own upcoming reminders.
import type { CapabilityDeps } from '../core/deps.js';
import { translator } from '../core/i18n/index.js';
import type { Capability } from '../core/turn.js';
import type { ReminderService } from './service.js';

export function remindersCapability(deps: CapabilityDeps, service: ReminderService): Capability {
  return {
    name: 'reminders',
    routes: [
      {
        kind: 'command',
        name: 'reminders',
        words: ['påminnelser', 'reminders'],
        handler: async (turn) => {
          const tr = translator(turn.locale);
          const upcoming = service.upcomingFor(turn.actor.userId, turn.now).slice(0, 15);
          const text = upcoming.length
            ? upcoming
                .map((r) => tr('reminders.line', { date: r.date, number: r.obligation.caseNumber, kind: tr(`reminder.kind.${r.obligation.kind}`), due: r.obligation.due }))
                .join('\n\n')
            : tr('reminders.none');
          return { send: [{ card: deps.cards.render('message', { title: tr('reminders.title'), text, color: 'Default' }) }] };
        },
      },
    ],
  };
}
