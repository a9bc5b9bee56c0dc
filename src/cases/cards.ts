// View models for the follow-up team's cards: the case (facts, the reporter's texts, the
// ladder, the history, buttons for what this user may do), the case list and the provider card.
// Internal: only rendered for the follow-up team, for cases in their scope.
import { lightMark, lightTextColor } from '../core/lights.js';
import { classificationLabels, receiverName } from './labels.js';
import type { AuditEntry } from '../core/audit.js';
import type { CardRenderer } from '../core/cards.js';
import { formatDate, formatDateTime } from '../core/format.js';
import { plural, translator, type Locale, type MessageKey, type T } from '../core/i18n/index.js';
import { label, type Reference } from '../core/refdata.js';
import { hasRole, type Actor } from '../core/roles.js';
import type { Card } from '../core/turn.js';
import { recordableSteps } from './forms.js';
import type { Case, CaseEvent } from './model.js';
import { isSerious, receiverKnown } from './model.js';
import { CASE_ROLES, isOverdue, mayRecord, nextDeadline, priority, recordedBy, trackOf, trackSteps } from './rules/index.js';
import { standsOn } from './rules/common.js';
import type { ProviderLight } from './traffic.js';
import { CASE_VERBS } from './verbs.js';
import { ANSWER_VERBS } from '../answers/verbs.js';
import { answerDueText } from '../answers/policy.js';

const fact = (title: string, value: string) => ({ title, value });

export interface CaseCardState {
  notice?: string;
  done?: string;
  /** The list the case was opened from, for the way back. */
  from?: { filter: string; page: string };
  /** The receiving provider's answer (answers/summary.ts), for cases reported since the answer loop. */
  answer?: { status: string; suggestion?: { reason: string; step: string } };
  /** Lärdomar for the case's category and causes (answers/lessons.ts, issue 35.3). */
  lessons?: { title: string; value: string }[];
}

/** Rows a list card shows at a time. */
export const LIST_PAGE_SIZE = 8;
/** How many of a provider's open cases its card lists. */
const PROVIDER_OPEN_SHOWN = 15;

export interface ListPage {
  title: string;
  /** The page's cases (lists.ts selects them). */
  cases: readonly Case[];
  more: boolean;
  total?: number;
  filter: string;
  page: number;
}

export class CaseCards {
  constructor(
    private readonly cards: CardRenderer,
    private readonly ref: Reference,
  ) {}

  get renderer(): CardRenderer {
    return this.cards;
  }

  /** A short message card (feedback to the reporter, a notice). */
  message(_locale: Locale, title: string, text: string, color: 'Default' | 'Attention' | 'Good' = 'Default'): Card {
    return this.cards.render('message', { title, text, color });
  }

  stepName(locale: Locale, id: string | undefined): string {
    const s = this.ref.ladder.steps.find((x) => x.id === id);
    return s ? `${label(s.name, locale)} (${s.id})` : '–';
  }

  private deciderName(locale: Locale, id: string): string {
    const d = this.ref.ladder.deciders.find((x) => x.id === id);
    return d ? label(d, locale) : id;
  }

  private measureName(locale: Locale, id: string | undefined): string {
    const m = this.ref.ladder.measures.find((x) => x.id === id);
    return m ? label(m.name, locale) : (id ?? '');
  }

  private eventLine(tr: T, locale: Locale, e: CaseEvent): string {
    const to =
      e.type === 'steg'
        ? this.stepName(locale, e.to)
        : e.type === 'atgard'
          ? this.measureName(locale, e.to)
          : e.type === 'triagerad' && e.to
            ? tr(`triage.${e.to}` as MessageKey)
            : (e.to ?? '');
    return `${formatDateTime(e.at, locale)} · ${tr(`event.${e.type}` as MessageKey, { to, from: e.from ?? '' })} · ${e.actor.name || tr('event.someone')}`;
  }

  /** What was written with an event: the comment, and the step's own notes, each named. */
  private eventTexts(tr: T, e: CaseEvent): string {
    const d = (e.details ?? {}) as Record<string, unknown>;
    const parts = [
      e.comment ?? '',
      d['contactNote'] ? `${tr('case.field.contactNote')}: ${String(d['contactNote'])}` : '',
      d['skipReason'] ? `${tr('case.field.skipReason')}: ${String(d['skipReason'])}` : '',
      ...Object.entries((d['skipReasons'] ?? {}) as Record<string, string>).map(
        ([step, reason]) => `${tr('case.field.skipReasonFor', { step })}: ${reason}`,
      ),
      d['contactPerson'] ? `${tr('case.field.contactPerson')}: ${String(d['contactPerson'])}` : '',
      d['diaryNumber'] ? `${tr('case.field.diaryNumber')}: ${String(d['diaryNumber'])}` : '',
      d['presidiumInformed'] ? `${tr('case.field.presidiumInformed')}: ${String(d['presidiumInformed'])}` : '',
    ];
    return parts.filter(Boolean).join('\n');
  }

  private history(tr: T, locale: Locale, c: Case, refused: readonly AuditEntry[]) {
    return [
      ...c.events.map((e) => ({ at: e.at, line: this.eventLine(tr, locale, e), comment: this.eventTexts(tr, e) })),
      ...refused.map((a) => ({
        at: a.at,
        line: `${formatDateTime(a.at, locale)} · ${plural(locale, 'event.nekad', a.count ?? 1)} · ${String(a.details['name'] ?? '') || tr('event.someone')}`,
        comment: '',
      })),
    ]
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, 15);
  }

  private answerFacts(tr: T, state: CaseCardState) {
    const a = state.answer;
    if (!a) return [];
    return [
      fact(tr('case.answer'), a.status),
      ...(a.suggestion ? [fact(tr('answer.suggested'), `${a.suggestion.step} · ${a.suggestion.reason}`)] : []),
    ];
  }

  private facts(tr: T, locale: Locale, c: Case, today: string) {
    const r = c.report;
    const next = nextDeadline(c);
    const named = classificationLabels(this.ref, tr, locale, r);
    return [
      fact(tr('fact.from'), this.ref.provider(r.reporterUnit)?.name ?? r.reporterUnit),
      fact(tr('fact.to'), receiverName(this.ref, tr, r)),
      // Annan vårdgivare mapped at the first assessment: what the reporter wrote stays in view.
      ...(r.otherReceiver && receiverKnown(r) ? [fact(tr('fact.otherReceiver'), r.otherReceiver)] : []),
      fact(tr('fact.direction'), tr(`direction.${r.direction}`)),
      fact(tr('fact.eventDate'), r.eventTime ? `${formatDate(r.eventDate, locale)} ${r.eventTime}` : formatDate(r.eventDate, locale)),
      fact(tr('fact.category'), named.category),
      fact(tr('fact.cause'), named.cause),
      fact(tr('fact.consequence'), named.consequence),
      fact(tr('fact.severity'), named.severity),
      fact(tr('fact.dialogue'), tr(`dialogue.${r.dialogue}`)),
      ...(named.agreement ? [fact(tr('fact.agreement'), named.agreement)] : []),
      ...(r.medControlId ? [fact(tr('fact.medControl'), r.medControlId)] : []),
      fact(tr('fact.assessment'), c.assessment ? tr(`assessment.${c.assessment}`) : '–'),
      fact(tr('fact.step'), this.stepName(locale, c.step)),
      fact(
        tr('fact.nextDeadline'),
        next
          ? `${formatDate(next.due, locale)} (${tr(`deadline.${next.kind}`)})${next.due < today ? ` · ${tr('case.overdue')}` : ''}`
          : '–',
      ),
      fact(tr('fact.answerDue'), answerDueText(this.ref, r, c.answerDue, locale)),
      fact(tr('fact.reports'), String(1 + c.linked.length)),
      fact(tr('fact.priority'), c.grades ? String(priority(c)) : '–'),
    ];
  }

  /** The buttons for what this user may do on this case now, each opening its own form. */
  private buttons(tr: T, c: Case, actor: Actor, state: CaseCardState) {
    const open = c.status !== 'avslutad';
    const officer = mayRecord(actor, CASE_ROLES);
    const form = (title: MessageKey, kind: string) => ({
      title: tr(title),
      verb: CASE_VERBS.form,
      data: { caseId: c.id, version: String(c.version), form: kind },
    });
    return [
      ...(open && officer && (c.status === 'ny' || c.status === 'bevakning') ? [form('case.triage', 'triage')] : []),
      ...(open && c.status !== 'ny' && recordableSteps(this.ref.ladder, c, actor).length
        ? [form('case.step', 'step'), form('case.measure', 'measure')]
        : []),
      ...(open &&
      c.status !== 'ny' &&
      c.track === 'lopande' &&
      mayRecord(actor, recordedBy(this.ref.ladder, this.ref.ladder.handover.decidedBy))
        ? [form('case.handover', 'handover')]
        : []),
      ...(open && hasRole(actor, 'handlaggare', 'teamledare', 'teamet') ? [form('case.grade', 'grade')] : []),
      ...(open && officer ? [form('case.close', 'close')] : []),
      ...(state.from ? [{ title: tr('case.backToList'), verb: CASE_VERBS.list, data: state.from }] : []),
    ];
  }

  caseCard(locale: Locale, c: Case, actor: Actor, today: string, refused: readonly AuditEntry[], state: CaseCardState = {}): Card {
    const tr = translator(locale);
    const r = c.report;
    // The steps of this case's ladder the actor may record (not the other ladders').
    const steps = trackSteps(this.ref.ladder, c);
    const mayRecordSteps = this.ref.ladder.steps.filter(
      (s) => steps.includes(s.id) && mayRecord(actor, recordedBy(this.ref.ladder, s.decidedBy)),
    );
    return this.cards.render('case', {
      title: `${c.number} · ${tr(`kind.${r.kind}`)} · ${tr(`status.${c.status}`)}`,
      notice: state.notice ?? '',
      done: state.done ?? '',
      serious: c.assessment === 'allvarlig' || (c.assessment === undefined && isSerious(r.severity)),
      seriousNotice: tr('notice.serious'),
      facts: [...this.facts(tr, locale, c, today), ...this.answerFacts(tr, state)],
      texts: [
        { title: tr('form.description.label'), text: r.description },
        { title: tr('form.immediateAction.label'), text: r.immediateAction },
        ...(state.lessons ?? []).map((l) => ({ title: `${tr('lesson.onCase')} · ${l.title}`, text: l.value })),
      ],
      ladderTitle: tr('case.ladderTitle', {
        track: label(trackOf(this.ref.ladder, c)!, locale),
      }),
      // Only this ladder's steps, the marker where the case stands on it (also after a handover).
      ladder: this.ref.ladder.steps
        .filter((s) => trackSteps(this.ref.ladder, c).includes(s.id))
        .map((s) =>
          fact(
            `${s.id === standsOn(trackSteps(this.ref.ladder, c), c.step) ? '▶ ' : ''}${s.id}`,
            `${label(s.name, locale)} · ${this.deciderName(locale, s.decidedBy)}`,
          ),
        ),
      mandateLine: tr('case.mandates', { steps: mayRecordSteps.map((s) => s.id).join(', ') || '–' }),
      historyTitle: tr('detail.history'),
      history: this.history(tr, locale, c, refused),
      buttons: this.buttons(tr, c, actor, state),
      // Beside the answer's facts (the card's own row of actions is full).
      answerButtons: state.answer ? [{ title: tr('case.answerButton'), verb: ANSWER_VERBS.show, data: { caseId: c.id } }] : [],
    });
  }

  /** A short card where the full case may not be shown (another channel): open it privately. */
  elsewhere(locale: Locale, c: Case): Card {
    const tr = translator(locale);
    return this.cards.render('hint', {
      text: tr('case.openPrivately', { number: c.number }),
      buttons: [{ title: tr('case.openPrivatelyButton'), verb: CASE_VERBS.openPrivately, data: { caseId: c.id } }],
    });
  }

  list(locale: Locale, page: ListPage, today: string): Card {
    const tr = translator(locale);
    const current = Math.max(page.page, 1);
    const items = page.cases.map((c) => {
      const next = nextDeadline(c);
      const overdue = isOverdue(c, today);
      return {
        caseId: c.id,
        heading: `${c.number} · ${receiverName(this.ref, tr, c.report, 'shortName')} · ${tr(`status.${c.status}`)}${overdue ? ` · ${tr('case.overdue')}` : ''}`,
        color: overdue ? 'Attention' : 'Default',
        line: [
          tr(`kind.${c.report.kind}`),
          `${tr('fact.step')}: ${c.step ?? '–'}`,
          next
            ? `${tr('fact.nextDeadline')}: ${formatDate(next.due, locale)}`
            : `${tr('fact.answerDue')}: ${formatDate(c.answerDue, locale)}`,
          c.grades ? `${tr('fact.priority')}: ${priority(c)}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
        openTitle: tr('mine.open'),
      };
    });
    const button = (title: string, filter: string, p: number) => ({ title, filter, page: String(p) });
    return this.cards.render('case-list', {
      title: page.title,
      empty: tr('list.empty'),
      items,
      filter: page.filter,
      page: String(current),
      pageLine:
        page.total === undefined
          ? tr('list.pageOf', { page: current })
          : tr('list.page', {
              page: current,
              pages: Math.max(1, Math.ceil(page.total / LIST_PAGE_SIZE)),
              count: plural(locale, 'list.count', page.total),
            }),
      buttons: [
        button(tr('list.filter.nya'), 'nya', 1),
        button(tr('list.filter.mina'), 'mina', 1),
        button(tr('list.filter.forsenade'), 'forsenade', 1),
        button(tr('list.filter.alla'), 'alla', 1),
        ...(current > 1 ? [button(tr('list.previous'), page.filter, current - 1)] : []),
        ...(page.more ? [button(tr('list.next'), page.filter, current + 1)] : []),
      ],
    });
  }

  provider(
    locale: Locale,
    providerId: string,
    /** Providers followed up by contract only: the light is the contract follow-up's tool (002_… kapitel 2; rules/common.ts contractAllows). */
    light: ProviderLight | undefined,
    /** The open cases it received, newest first (the store's order). */
    open: readonly Case[],
    closedCount: number,
    canOverride: boolean,
    notice = '',
  ): Card {
    const tr = translator(locale);
    const p = this.ref.provider(providerId);
    const months = this.ref.ladder.lights.windowMonths;
    return this.cards.render('provider', {
      title: p?.name ?? providerId,
      notice,
      hasLight: light !== undefined,
      noLight: tr('light.notContract', { provider: p?.name ?? providerId }),
      lightLine: light ? `${lightMark(light.color)} ${tr('light.line', { color: tr(`light.${light.color}`) })}` : '',
      lightColor: light ? lightTextColor(light.color) : 'Default',
      lightReason: light ? tr(light.derived.reason, { cases: light.derived.cases.slice(0, 8).join(', '), months }) : '',
      lightDetail: light?.override
        ? tr('light.overridden', {
            derived: tr(`light.${light.derived.color}`),
            reason: light.override.reason,
            at: formatDate(light.override.at.slice(0, 10), locale),
          })
        : tr('light.derivedExplained', { months }),
      internal: tr('light.internal'),
      openTitle: tr('provider.open', { count: open.length }),
      noneOpen: tr('provider.noneOpen'),
      open: open.slice(0, PROVIDER_OPEN_SHOWN).map((c) => ({
        caseId: c.id,
        line: `${c.number} · ${tr(`status.${c.status}`)} · ${c.step ?? '–'} · ${formatDate(c.report.eventDate, locale)}`,
      })),
      historyLine: tr('provider.closed', { count: closedCount }),
      canOverride: canOverride && light !== undefined,
      overrideTitle: tr('light.overrideTitle'),
      colorLabel: tr('light.colorLabel'),
      reasonLabel: tr('light.reasonLabel'),
      required: tr('form.error.required'),
      colors: (['gron', 'gul', 'rod'] as const).map((c) => fact(tr(`light.${c}`), c)),
      saveTitle: tr('case.save'),
      providerId,
    });
  }
}
