// View models for the case officer's cards: the case (with its ladder and forms), the case
// list and the provider card. Internal: only rendered for handläggare, teamledare and teamet.
import type { CardRenderer } from '../core/cards.js';
import { translator, type Locale, type MessageKey, type T } from '../core/i18n/index.js';
import { label, type Reference } from '../core/refdata.js';
import { hasRole, type Actor } from '../core/roles.js';
import type { Card } from '../core/turn.js';
import type { AuditEntry } from '../store/index.js';
import type { Case, CaseEvent } from './model.js';
import { isSerious } from './model.js';
import { isOverdue, nextDeadline, priority, recordedBy } from './rules.js';
import type { Light, LightOverride } from './traffic.js';

const LIGHT_COLOR: Record<Light, string> = { gron: 'Good', gul: 'Warning', rod: 'Attention' };
const ch = (title: string, value: string) => ({ title, value });

/** Every input of the case card's forms: templating leaves ${values.x} as is when x is missing. */
const INPUTS = {
  triage: ['decision', 'assessment', 'watchUntil', 'comment'],
  step: ['to', 'comment', 'contactNote', 'skipReason', 'deadline', 'contactPerson', 'outcome', 'boardDate', 'diaryNumber'],
  measure: ['measure', 'comment', 'skipReason', 'boardDate', 'diaryNumber'],
  close: ['outcome', 'summary', 'feedback', 'endedBy'],
};
const EMPTY_VALUES = Object.fromEntries(Object.entries(INPUTS).flatMap(([form, ids]) => ids.map((id) => [`${form}_${id}`, ''])));

export interface CaseCardState {
  notice?: string;
  done?: string;
  values?: Record<string, string>;
}

export class CaseCards {
  constructor(
    private readonly cards: CardRenderer,
    private readonly ref: Reference,
  ) {}

  stepName(locale: Locale, id: string | undefined): string {
    const s = this.ref.ladder.steps.find((x) => x.id === id);
    return s ? `${s.id} ${label(s.name, locale)}` : '–';
  }

  deciderName(locale: Locale, id: string): string {
    const d = this.ref.ladder.deciders.find((x) => x.id === id);
    return d ? label(d, locale) : id;
  }

  eventLine(tr: T, locale: Locale, e: CaseEvent): string {
    const to = e.type === 'steg' ? this.stepName(locale, e.to) : e.type === 'atgard' ? this.measureName(locale, e.to) : (e.to ?? '');
    return `${e.at.slice(0, 16).replace('T', ' ')} · ${tr(`event.${e.type}` as MessageKey, { to, from: e.from ?? '' })} · ${e.actor.name || e.actor.userId}`;
  }

  measureName(locale: Locale, id: string | undefined): string {
    const m = this.ref.ladder.measures.find((x) => x.id === id);
    return m ? label(m.name, locale) : (id ?? '');
  }

  caseCard(locale: Locale, c: Case, actor: Actor, today: string, refused: AuditEntry[], state: CaseCardState = {}): Card {
    const tr = translator(locale);
    const r = c.report;
    const next = nextDeadline(c);
    const open = c.status !== 'avslutad';
    const officer = hasRole(actor, 'handlaggare', 'teamledare');
    const mayRecord = this.ref.ladder.steps.filter((s) => recordedBy(this.ref.ladder, s.decidedBy).some((role) => actor.roles.includes(role)));
    const cat = this.ref.categories.find((x) => x.id === r.category);
    const cause = this.ref.causes.find((x) => x.id === r.cause);
    const history = [
      ...c.events.map((e) => ({ at: e.at, line: this.eventLine(tr, locale, e), comment: e.comment ?? '' })),
      ...refused.map((a) => ({ at: a.at, line: `${a.at.slice(0, 16).replace('T', ' ')} · ${tr('event.nekad')} · ${a.actor}`, comment: String(a.details['reason'] ?? '') })),
    ]
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, 15);
    return this.cards.render('case', {
      title: `${c.number} · ${tr(`kind.${r.kind}`)} · ${tr(`status.${c.status}`)}`,
      notice: state.notice ?? '',
      done: state.done ?? '',
      serious: c.assessment === 'allvarlig' || (c.assessment === undefined && isSerious(r.severity)),
      seriousNotice: tr('notice.serious'),
      caseId: c.id,
      version: String(c.version),
      facts: [
        ch(tr('fact.from'), this.ref.provider(r.reporterUnit)?.name ?? r.reporterUnit),
        ch(tr('fact.to'), this.ref.provider(r.receiver)?.name ?? r.receiver),
        ch(tr('fact.direction'), tr(`direction.${r.direction}`)),
        ch(tr('fact.eventDate'), r.eventDate),
        ch(tr('fact.category'), cat ? label(cat, locale) : r.category),
        ch(tr('fact.cause'), cause ? label(cause, locale) : r.cause),
        ch(tr('fact.severity'), tr(`severity.${r.severity as 1 | 2 | 3 | 4}`)),
        ch(tr('fact.assessment'), c.assessment ? tr(`assessment.${c.assessment}`) : '–'),
        ch(tr('fact.step'), this.stepName(locale, c.step)),
        ch(tr('fact.nextDeadline'), next ? `${next.due} (${tr(`deadline.${next.kind}`)})${next.due < today ? ` · ${tr('case.overdue')}` : ''}` : '–'),
        ch(tr('fact.answerDue'), c.answerDue),
        ch(tr('fact.reports'), String(1 + c.linked.length)),
        ch(tr('fact.priority'), c.grades ? String(priority(c)) : '–'),
      ],
      descriptionTitle: tr('form.description.label'),
      description: r.description,
      ladderTitle: tr('case.ladderTitle'),
      ladder: this.ref.ladder.steps.map((s) =>
        ch(`${s.id === c.step ? '▶ ' : ''}${s.id}`, `${label(s.name, locale)} · ${this.deciderName(locale, s.decidedBy)}`),
      ),
      mandateLine: tr('case.mandates', { steps: mayRecord.map((s) => s.id).join(', ') || '–' }),
      historyTitle: tr('detail.history'),
      history,
      canTriage: open && officer && (c.status === 'ny' || c.status === 'bevakning'),
      canStep: open && c.status !== 'ny' && mayRecord.length > 0,
      canGrade: open && hasRole(actor, 'handlaggare', 'teamledare', 'teamet'),
      canClose: open && officer,
      values: { ...EMPTY_VALUES, ...state.values },
      gradeFields: (['A', 'B', 'C', 'D', 'E'] as const).map((k) => ({
        id: k,
        label: tr(`grade.${k}`),
        value: c.grades?.[k] ?? '',
        required: tr('form.error.required'),
      })),
      labels: {
        required: tr('form.error.required'),
        save: tr('case.save'),
        triage: tr('case.triage'),
        step: tr('case.step'),
        measure: tr('case.measure'),
        grade: tr('case.grade'),
        close: tr('case.close'),
        decision: tr('case.field.decision'),
        assessment: tr('case.field.assessment'),
        seriousHint: tr('case.seriousHint'),
        watchUntil: tr('case.field.watchUntil'),
        comment: tr('case.field.comment'),
        to: tr('case.field.to'),
        contactNote: tr('case.field.contactNote'),
        skipReason: tr('case.field.skipReason'),
        deadline: tr('case.field.deadline'),
        contactPerson: tr('case.field.contactPerson'),
        confirmDeadline: tr('case.field.confirmDeadline'),
        outcome: tr('case.field.outcome'),
        boardDate: tr('case.field.boardDate'),
        diaryNumber: tr('case.field.diaryNumber'),
        stepHint: tr('case.stepHint'),
        closeOutcome: tr('case.field.closeOutcome'),
        summary: tr('case.field.summary'),
        feedback: tr('case.field.feedback'),
        endedBy: tr('case.field.endedBy'),
      },
      choices: {
        decisions: (['ingen-atgard', 'bevakning', 'narmare-uppfoljning'] as const).map((d) => ch(tr(`triage.${d}`), d)),
        assessments: (['mindre', 'allvarlig'] as const).map((a) => ch(tr(`assessment.${a}`), a)),
        steps: this.ref.ladder.steps
          .filter((s) => s.id !== c.step)
          .map((s) => ch(`${s.id} ${label(s.name, locale)} (${this.deciderName(locale, s.decidedBy)})`, s.id)),
        outcomes: (['genomford', 'delvis', 'ej-genomford'] as const).map((o) => ch(tr(`outcome.${o}`), o)),
        measures: this.ref.ladder.measures.map((m) => ch(`${label(m.name, locale)} (${this.deciderName(locale, m.decidedBy)})`, m.id)),
        grades: (['hog', 'mellan', 'lag'] as const).map((g) => ch(tr(`gradeValue.${g}`), g)),
        closeOutcomes: (['atgardad', 'ej-befogad', 'ovrigt'] as const).map((o) => ch(tr(`closeOutcome.${o}`), o)),
        endedBy: (['lopande', 'havning'] as const).map((o) => ch(tr(`endedBy.${o}`), o)),
      },
    });
  }

  list(locale: Locale, title: string, cases: Case[], today: string, filter: string, page: number, pageSize: number): Card {
    const tr = translator(locale);
    const pages = Math.max(1, Math.ceil(cases.length / pageSize));
    const current = Math.min(Math.max(page, 1), pages);
    const items = cases.slice((current - 1) * pageSize, current * pageSize).map((c) => {
      const next = nextDeadline(c);
      const overdue = isOverdue(c, today);
      return {
        caseId: c.id,
        heading: `${c.number} · ${this.ref.provider(c.report.receiver)?.shortName ?? c.report.receiver} · ${tr(`status.${c.status}`)}${overdue ? ` · ${tr('case.overdue')}` : ''}`,
        color: overdue ? 'Attention' : 'Default',
        line: [
          tr(`kind.${c.report.kind}`),
          `${tr('fact.step')}: ${c.step ?? '–'}`,
          next ? `${tr('fact.nextDeadline')}: ${next.due}` : `${tr('fact.answerDue')}: ${c.answerDue}`,
          c.grades ? `${tr('fact.priority')}: ${priority(c)}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
        openTitle: tr('mine.open'),
      };
    });
    const buttons = [
      { title: tr('list.filter.nya'), filter: 'nya', page: '1' },
      { title: tr('list.filter.mina'), filter: 'mina', page: '1' },
      { title: tr('list.filter.forsenade'), filter: 'forsenade', page: '1' },
      { title: tr('list.filter.alla'), filter: 'alla', page: '1' },
      ...(current > 1 ? [{ title: tr('list.previous'), filter, page: String(current - 1) }] : []),
      ...(current < pages ? [{ title: tr('list.next'), filter, page: String(current + 1) }] : []),
    ];
    return this.cards.render('case-list', {
      title,
      empty: tr('list.empty'),
      items,
      pageLine: tr('list.page', { page: current, pages, count: cases.length }),
      buttons,
    });
  }

  provider(locale: Locale, providerId: string, light: { color: Light; derived: Light; override?: LightOverride }, open: Case[], closedCount: number, canOverride: boolean, notice = ''): Card {
    const tr = translator(locale);
    const p = this.ref.provider(providerId);
    return this.cards.render('provider', {
      title: p?.name ?? providerId,
      notice,
      lightLine: tr('light.line', { color: tr(`light.${light.color}`) }),
      lightColor: LIGHT_COLOR[light.color],
      lightDetail: light.override
        ? tr('light.overridden', { derived: tr(`light.${light.derived}`), reason: light.override.reason, at: light.override.at.slice(0, 10) })
        : tr('light.derivedExplained'),
      internal: tr('light.internal'),
      openTitle: tr('provider.open', { count: open.length }),
      noneOpen: tr('provider.noneOpen'),
      open: open.slice(0, 15).map((c) => ({ caseId: c.id, line: `${c.number} · ${tr(`status.${c.status}`)} · ${c.step ?? '–'} · ${c.report.eventDate}` })),
      historyLine: tr('provider.closed', { count: closedCount }),
      canOverride,
      overrideTitle: tr('light.overrideTitle'),
      colorLabel: tr('light.colorLabel'),
      reasonLabel: tr('light.reasonLabel'),
      required: tr('form.error.required'),
      colors: (['gron', 'gul', 'rod'] as const).map((c) => ch(tr(`light.${c}`), c)),
      saveTitle: tr('case.save'),
      providerId,
    });
  }
}
