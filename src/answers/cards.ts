// What the parties see of a case's answer: the report as the receiver may read it (the
// reporting unit, never the reporter's name unless the region decides so), the thread, the
// investigation with its measures, the answer and its verdict, and the buttons for the side
// the viewer is on. The follow-up team sees the same, without buttons.
import { classificationLabels, receiverName } from '../cases/labels.js';
import { swedishDate } from '../core/clock.js';
import { formatDate, formatDateTime } from '../core/format.js';
import { translator, type Locale, type T } from '../core/i18n/index.js';
import type { Reference } from '../core/refdata.js';
import type { Actor } from '../core/roles.js';
import type { CardRenderer } from '../core/cards.js';
import type { Card } from '../core/turn.js';
import type { Case } from '../cases/model.js';
import { answerStatus, type AnswerRecord, type PlannedMeasure } from './model.js';
import { ownsMeasure, receives, reports } from './rules.js';
import { mayForward } from './forward.js';
import { shareable } from './lessons.js';
import { FOLLOW_UP_TEAM, hasRole } from '../core/roles.js';
import { inScope } from '../core/scope.js';
import { ANSWER_VERBS } from './verbs.js';
import { pager, type Page } from '../core/paging.js';

/** Rows on a page of a list of cases to answer (each about 0.8 KB of card). */
export const ANSWER_LIST_PAGE_SIZE = 10;

type Fact = { title: string; value: string };

/** An instant's calendar day in Sweden. */
const day = (at: string, locale: Locale) => formatDate(swedishDate(new Date(at)), locale);

/** When and how the case closed: at the first assessment (ingen åtgärd) or by closing it. */
function closedLine(tr: T, locale: Locale, c: Case): string {
  const end = [...c.events].reverse().find((e) => e.type === 'avslutad' || (e.type === 'triagerad' && e.to === 'ingen-atgard'));
  const outcome =
    end?.type === 'avslutad' && end.to ? tr(`closeOutcome.${end.to as 'atgardad' | 'ej-befogad' | 'ovrigt'}`) : tr('triage.ingen-atgard');
  return tr('answer.statusClosed', { date: end ? day(end.at, locale) : '', outcome });
}
interface Section {
  title: string;
  facts: Fact[];
  empty: string;
}
interface Button {
  title: string;
  verb: string;
  data: Record<string, string>;
}

export class AnswerCards {
  constructor(
    private readonly cards: CardRenderer,
    private readonly ref: Reference,
  ) {}

  private name(id: string): string {
    return this.ref.provider(id)?.name ?? id;
  }

  /** The status in words, with the deadline while no answer is sent; a closed case says so, with its outcome. */
  statusLine(tr: T, locale: Locale, c: Case, a: AnswerRecord | undefined, today: string): string {
    const status = answerStatus(a);
    const late = !a?.answer && c.answerDue < today;
    const base = tr(`answer.status.${status}`);
    if (c.status === 'avslutad') return [closedLine(tr, locale, c), ...(a?.answer ? [base] : [])].join(' · ');
    if (a?.answer) return `${base} (${day(a.answer.at, locale)})`;
    return tr(late ? 'answer.statusLate' : 'answer.statusDue', { status: base, due: formatDate(c.answerDue, locale) });
  }

  private reportSection(tr: T, locale: Locale, c: Case): Section {
    const r = c.report;
    const named = classificationLabels(this.ref, tr, locale, r);
    const facts: Fact[] = [
      { title: tr('fact.from'), value: this.name(r.reporterUnit) },
      ...(this.ref.answers.showReporterName ? [{ title: tr('answer.reporter'), value: c.reporter.name }] : []),
      { title: tr('fact.eventDate'), value: formatDate(r.eventDate, locale) },
      { title: tr('fact.kind'), value: tr(`kind.${r.kind}`) },
      { title: tr('fact.category'), value: named.category },
      { title: tr('fact.cause'), value: named.cause },
      { title: tr('fact.consequence'), value: named.consequence },
      { title: tr('fact.severity'), value: named.severity },
      { title: tr('form.description.label'), value: r.description },
      { title: tr('form.immediateAction.label'), value: r.immediateAction },
      { title: tr('fact.dialogue'), value: tr(`dialogue.${r.dialogue}`) },
    ];
    return { title: tr('answer.section.report'), facts, empty: '' };
  }

  private threadSection(tr: T, locale: Locale, c: Case, a: AnswerRecord | undefined): Section {
    const who = (side: 'mottagare' | 'rapporterande') =>
      side === 'mottagare'
        ? tr('answer.side.mottagare', { org: receiverName(this.ref, tr, c.report) })
        : tr('answer.side.rapporterande', { org: this.name(c.report.reporterUnit) });
    return {
      title: tr('answer.section.thread'),
      facts: (a?.thread ?? []).map((m) => ({ title: `${formatDateTime(m.at, locale)} · ${who(m.side)}`, value: m.text })),
      empty: tr('answer.threadEmpty'),
    };
  }

  measureLine(tr: T, locale: Locale, m: PlannedMeasure): Fact {
    const effect = m.effect
      ? tr('answer.effectLine', { result: tr(`answer.effect.${m.effect.result}`), comment: m.effect.comment })
      : tr('answer.effectPending', { date: formatDate(m.due, locale) });
    return { title: m.text, value: `${tr(`answer.owner.${m.owner}`)} · ${formatDate(m.due, locale)} · ${effect}` };
  }

  /** Coded causes by their names in the reader's language. */
  private causeNames(ids: readonly string[], locale: Locale): string {
    return ids.map((id) => this.ref.causes.find((c) => c.id === id)?.[locale] ?? id).join(', ');
  }

  private answerSections(tr: T, locale: Locale, a: AnswerRecord | undefined): Section[] {
    if (!a?.answer || !a.investigation) return [];
    const inv = a.investigation;
    const verdict = a.verdict
      ? [
          {
            title: tr(a.verdict.accepted ? 'answer.status.accepterad' : 'answer.status.ej-accepterad'),
            value: a.verdict.reason ?? day(a.verdict.at, locale),
          },
        ]
      : [];
    return [
      {
        title: tr('answer.section.investigation'),
        facts: [
          { title: tr('answer.field.whatHappened'), value: inv.whatHappened },
          ...(inv.causes.length ? [{ title: tr('answer.field.causes'), value: this.causeNames(inv.causes, locale) }] : []),
          { title: tr('answer.field.cause'), value: inv.cause },
        ],
        empty: '',
      },
      {
        title: tr('answer.section.measures'),
        facts: inv.measures.map((m) => this.measureLine(tr, locale, m)),
        empty: tr('answer.noMeasures'),
      },
      { title: tr('answer.section.answer'), facts: [{ title: day(a.answer.at, locale), value: a.answer.text }, ...verdict], empty: '' },
    ];
  }

  /** The buttons for the viewer's side and the answer's state. */
  private buttons(
    tr: T,
    viewer: Actor,
    c: Case,
    a: AnswerRecord | undefined,
    today: string,
    shared: (measureId: string) => boolean,
  ): Button[] {
    if (c.status === 'avslutad') return [];
    const ref = { caseId: c.id };
    const form = (title: string, name: string, extra: Record<string, string> = {}): Button => ({
      title,
      verb: ANSWER_VERBS.form,
      data: { ...ref, form: name, ...extra },
    });
    const out: Button[] = [];
    if (receives(viewer, c)) {
      if (!a?.acknowledged) out.push({ title: tr('answer.button.acknowledge'), verb: ANSWER_VERBS.acknowledge, data: ref });
      out.push(form(tr('answer.button.toReporting'), 'message'));
      if (!a?.verdict?.accepted) out.push(form(tr(a?.answer ? 'answer.button.reviseAnswer' : 'answer.button.answer'), 'answer'));
      // Not ours? Sent on before any answer, while no step of a ladder is taken (answers/forward.ts).
      if (mayForward(c, a)) out.push(form(tr('answer.button.forwardOpen'), 'forward'));
    } else if (reports(viewer, c)) {
      out.push(form(tr('answer.button.toReceiver'), 'message'));
      if (a?.answer && !a.verdict) out.push(form(tr('answer.button.judge'), 'verdict'));
    }
    for (const m of a?.investigation?.measures ?? []) {
      if (!m.effect && m.due <= today && ownsMeasure(viewer, c, m.owner))
        out.push(form(tr('answer.button.effect', { measure: m.text.slice(0, 40) }), 'effect', { measureId: m.id }));
    }
    // A measure that worked, for the follow-up team to share county-wide (issue 35.3).
    if (FOLLOW_UP_TEAM.some((r) => hasRole(viewer, r)) && inScope(viewer, c.report))
      for (const m of shareable(a?.investigation?.measures ?? [], shared))
        out.push(form(tr('lesson.button', { measure: m.text.slice(0, 40) }), 'lesson', { measureId: m.id }));
    return out;
  }

  /** The case as the answer loop shows it to the viewer. */
  view(
    locale: Locale,
    viewer: Actor,
    c: Case,
    a: AnswerRecord | undefined,
    today: string,
    notice?: string,
    shared: (measureId: string) => boolean = () => false,
  ): Card {
    const tr = translator(locale);
    return this.cards.render('report', {
      title: tr('answer.title', { number: c.number, receiver: receiverName(this.ref, tr, c.report) }),
      subtitle: [notice, this.statusLine(tr, locale, c, a, today)].filter(Boolean).join('\n\n'),
      sections: [this.reportSection(tr, locale, c), this.threadSection(tr, locale, c, a), ...this.answerSections(tr, locale, a)],
      note: tr('answer.privacy'),
      buttons: this.buttons(tr, viewer, c, a, today, shared),
    });
  }

  /** A short notice with the button that opens the case's answer view. */
  notice(locale: Locale, c: Case, title: string, facts: Fact[]): Card {
    const tr = translator(locale);
    return this.cards.render('report', {
      title,
      subtitle: `${c.number} · ${this.name(c.report.reporterUnit)} → ${receiverName(this.ref, tr, c.report)}`,
      sections: facts.length ? [{ title: '', facts, empty: '' }] : [],
      note: '',
      buttons: [{ title: tr('answer.button.open'), verb: ANSWER_VERBS.show, data: { caseId: c.id } }],
    });
  }

  /** A page of cases as a list, each opening its answer view; `verb` turns the page. */
  list(
    locale: Locale,
    title: string,
    rows: Page<{ c: Case; a: AnswerRecord | undefined }>,
    today: string,
    verb: string,
    /** What an empty list says it looked at ("Inga avvikelser från Borås, Mölndal just nu."). */
    empty: string,
  ): Card {
    const tr = translator(locale);
    return this.cards.render('answer-list', {
      title,
      empty,
      openTitle: tr('answer.button.open'),
      ...pager(tr, rows, ANSWER_LIST_PAGE_SIZE, verb),
      items: rows.items.map(({ c, a }) => ({
        caseId: c.id,
        heading: `${c.number} · ${this.name(c.report.reporterUnit)} → ${receiverName(this.ref, tr, c.report)}`,
        line: this.statusLine(tr, locale, c, a, today),
        color: !a?.answer && c.answerDue < today ? 'Attention' : a?.verdict && !a.verdict.accepted ? 'Attention' : 'Default',
      })),
    });
  }
}
