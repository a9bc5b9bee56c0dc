// The reminder cards: one reminder to the person who owes it (with the buttons to open the case,
// follow up or postpone), and the weekly digest to a provider's team channel. View only: what
// is owed and what is sent is decided in plan.ts and service.ts.
import type { CapabilityDeps } from '../deps.js';
import { plural, translator, type Locale } from '../core/i18n/index.js';
import type { Card } from '../core/turn.js';
import { ANSWER_VERBS } from '../answers/verbs.js';
import { CASE_VERBS } from '../cases/verbs.js';
import { ANALYSIS_VERBS } from '../analyses/verbs.js';
import { addDays } from './calendar.js';
import type { ReminderRecord } from './collections.js';
import type { Obligation, PlannedReminder } from './plan.js';

type ReminderCardDeps = Pick<CapabilityDeps<'cases'>, 'stores' | 'reference' | 'cards'>;

/** One reminder, in the recipient's language: what is owed, by when, and what to do. */
export function reminderCard(deps: ReminderCardDeps, r: PlannedReminder, locale: Locale, today: string): Card {
  const tr = translator(locale);
  const o = r.obligation;
  const c = deps.stores.cases.get(o.caseId);
  // A joint cause analysis's measure opens in the analysis (issue 35.2); the rest as before.
  const opening = o.analysisId
    ? {
        openTitle: tr('analysis.open'),
        openVerb: ANALYSIS_VERBS.show,
        openData: { analysisId: o.analysisId },
        formVerb: ANALYSIS_VERBS.form,
        effectData: { analysisId: o.analysisId, form: 'effect', measureId: o.measureId ?? '' },
      }
    : {
        openTitle: tr('notice.open'),
        // The answer and a measure's effect are the parties' own, opened in the answer view.
        openVerb: o.responsible === 'handlaggare' ? CASE_VERBS.show : ANSWER_VERBS.show,
        openData: { caseId: o.caseId },
        formVerb: ANSWER_VERBS.form,
        effectData: { caseId: o.caseId, form: 'effect', measureId: o.measureId ?? '' },
      };
  const deadlineId = o.key.split('|')[1] ?? '';
  const days = Math.round((Date.parse(`${o.due}T12:00:00Z`) - Date.parse(`${today}T12:00:00Z`)) / 86_400_000);
  const when =
    days > 0 ? plural(locale, 'reminder.inDays', days) : days === 0 ? tr('reminder.today') : plural(locale, 'reminder.overdueDays', -days);
  const followUp = deps.reference.ladder.followUps[c?.step ?? '']?.followedUpBy;
  return deps.cards.render('reminder', {
    title: tr(`reminder.title.${o.kind}`, { number: o.caseNumber }),
    color: days < 0 ? 'Attention' : 'Default',
    lead: tr('reminder.lead', { when, due: o.due }),
    facts: [
      { title: tr('fact.number'), value: o.caseNumber },
      { title: tr('fact.to'), value: deps.reference.provider(o.provider)?.name ?? o.provider },
      { title: tr('reminder.what'), value: tr(`reminder.kind.${o.kind}`) },
      { title: tr('reminder.deadline'), value: o.due },
    ],
    caseId: o.caseId,
    deadlineId,
    ...opening,
    followUpTitle: followUp && o.responsible === 'handlaggare' ? tr('reminder.followUp', { step: followUp }) : '',
    effectTitle: o.kind === 'effekt' ? tr('reminder.effectButton') : '',
    canPostpone: o.responsible === 'handlaggare',
    postponeTitle: tr('reminder.postpone'),
    newDateLabel: tr('reminder.newDate'),
    datePlaceholder: tr('form.placeholder.date'),
    reasonLabel: tr('light.reasonLabel'),
    required: tr('form.error.required'),
    minDate: addDays(today, 1),
    saveTitle: tr('case.save'),
  });
}

/** The weekly digest of a provider for its team channel: what is owed, and what could not be delivered. */
export function digestCard(
  deps: ReminderCardDeps,
  provider: string,
  today: string,
  owed: readonly Obligation[],
  failed: readonly ReminderRecord[],
  locale: Locale = 'sv',
): Card {
  const tr = translator(locale);
  const name = deps.reference.provider(provider)?.name ?? provider;
  return deps.cards.render('digest', {
    title: tr('digest.title', { provider: name }),
    empty: tr('digest.empty'),
    groups: owed.length
      ? [
          {
            provider: name,
            lines: owed.map((o) => ({
              caseId: o.caseId,
              color: o.due < today ? 'Attention' : 'Default',
              text: `${o.due} · ${o.caseNumber} · ${tr(`reminder.kind.${o.kind}`)}${o.due < today ? ` · ${tr('case.overdue')}` : ''}`,
            })),
          },
        ]
      : [],
    failedTitle: tr('digest.failed'),
    failed: failed.map((r) => ({ text: `${r.at.slice(0, 10)} · ${r.kind} · ${r.stage} · ${r.status}` })),
  });
}
