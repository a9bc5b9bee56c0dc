// `påminnelser` / `reminders`: the user's own upcoming reminders.
import type { CapabilityDeps } from '../deps.js';
import { formatDate } from '../core/format.js';
import { plural, translator, type Locale } from '../core/i18n/index.js';
import { newCard } from '../core/reply.js';
import { CASE_OFFICERS } from '../core/roles.js';
import type { Capability, Handler } from '../core/turn.js';
import type { Stage } from './policy.js';
import type { ReminderService } from './service.js';

/** When a reminder comes, said from its stage: "3 dagar före", "på dagen", "1 arbetsdag sen". */
function stageWhen(locale: Locale, stage: Stage): string {
  if (stage.workingDays !== undefined) return plural(locale, 'reminder.afterWorking', stage.workingDays);
  const days = stage.days ?? 0;
  if (days === 0) return translator(locale)('reminder.onTheDay');
  return days < 0 ? plural(locale, 'reminder.before', -days) : plural(locale, 'reminder.after', days);
}

/**
 * One row per reminder the user will get: a user who is both the one responsible and the team
 * lead gets one message for a stage, so one row. Each row says its kind, case and stage.
 */
export function upcoming(deps: Pick<CapabilityDeps, 'cards'>, service: ReminderService): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const rows = new Map<string, string>();
    for (const r of await service.upcomingFor(turn.actor.userId, turn.now)) {
      const key = `${r.date}|${r.obligation.caseNumber}|${r.obligation.kind}|${r.stage.id}`;
      if (rows.has(key) || rows.size >= 15) continue;
      rows.set(
        key,
        tr('reminders.line', {
          date: formatDate(r.date, turn.locale),
          number: r.obligation.caseNumber,
          kind: tr(`reminder.kind.${r.obligation.kind}`),
          when: stageWhen(turn.locale, r.stage),
          due: formatDate(r.obligation.due, turn.locale),
        }),
      );
    }
    const text = rows.size ? [...rows.values()].join('\n\n') : tr('reminders.none');
    return newCard(deps.cards.render('message', { title: tr('reminders.title'), text, color: 'Default' }));
  };
}

export function remindersCapability(deps: Pick<CapabilityDeps, 'cards'>, service: ReminderService): Capability {
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
