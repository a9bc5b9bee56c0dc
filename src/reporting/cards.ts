// View models for the reporting cards (templates in cards/). Labels come from the catalogue,
// lists from the reference data, dates through core/format; nothing here touches the store.
import { classificationLabels, receiverName } from '../cases/labels.js';
import type { Case, CaseEvent, Report } from '../cases/model.js';
import { Consequence, isSerious, NOT_KNOWN, OTHER_PROVIDER, receiverKnown, ReporterRole, Severity } from '../cases/model.js';
import type { CardRenderer } from '../core/cards.js';
import { addDays, swedishDate } from '../core/clock.js';
import { formatDate } from '../core/format.js';
import { translator, type Locale, type MessageKey, type T } from '../core/i18n/index.js';
import { label, type Reference } from '../core/refdata.js';
import type { Card } from '../core/turn.js';
import { REPORTING_VERBS } from './verbs.js';
import { FIELDS, MAX_AGE_DAYS, type FieldErrors, type FormValues } from './form.js';
import { answerDueText } from '../answers/policy.js';

const choice = (title: string, value: string) => ({ title, value });
const fact = (title: string, value: string) => ({ title, value });

/**
 * The form with its id in the submit action (and the Action.Submit fallback). The rendered form
 * is shared and frozen (one per view, whatever the id): only the objects on the way to the
 * submit action are copied, the rest of the card is reused.
 */
function withFormId(card: Card, formId: string): Card {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      const out = node.map(visit);
      return out.some((v, i) => v !== node[i]) ? out : node;
    }
    if (!node || typeof node !== 'object') return node;
    const n = node as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(n)) {
      const w = visit(v);
      if (w !== v) (copy ??= { ...n })[k] = w;
    }
    const verb = n['verb'] ?? (n['data'] as Record<string, unknown> | undefined)?.['verb'];
    if ((n['type'] === 'Action.Execute' || n['type'] === 'Action.Submit') && verb === REPORTING_VERBS.submit)
      (copy ??= { ...n })['data'] = { ...(copy['data'] as object), formId };
    return copy ?? node;
  };
  return visit(card) as Card;
}

export class ReportingCards {
  constructor(
    private readonly cards: CardRenderer,
    private readonly ref: Reference,
  ) {}

  private providerName(id: string): string {
    return this.ref.provider(id)?.name ?? id;
  }

  form(locale: Locale, formId: string, today: string, values: FormValues, errors: FieldErrors = {}, general?: MessageKey): Card {
    const tr = translator(locale);
    const fields = Object.fromEntries(
      FIELDS.map((f) => {
        const err = errors[f];
        const field = {
          label: tr(`form.${f}.label`),
          hint: tr(`form.${f}.hint`),
          required: tr('form.error.required'),
          value: values[f] ?? '',
          error: err ? tr(err) : '',
          hasError: Boolean(err),
        };
        return [f, field];
      }),
    );
    // Cause, consequence and severity may wait for the first assessment: "vet ej" is a choice.
    const notKnown = choice(tr('choice.notKnown'), NOT_KNOWN);
    const providers = [...this.ref.providers].sort((a, b) => a.name.localeCompare(b.name, 'sv')).map((p) => choice(p.name, p.id));
    // A receiver the register lacks is named in words and mapped at the first assessment.
    const receivers = [choice(tr('choice.otherProvider'), OTHER_PROVIDER), ...providers];
    const card = this.cards.render('report-form', {
      title: tr('form.title'),
      intro: tr('form.intro'),
      definition: tr('form.definition'),
      // The browser refuses a date outside these before the submit: the message says what is wanted.
      minDate: addDays(today, -MAX_AGE_DAYS),
      maxDate: today,
      dateError: tr('form.error.eventDate'),
      generalError: general ? tr(general) : Object.keys(errors).length ? tr('form.error.summary') : '',
      hasGeneralError: Boolean(general) || Object.keys(errors).length > 0,
      fields,
      placeholders: {
        search: tr('form.placeholder.search'),
        choose: tr('form.placeholder.choose'),
        time: tr('form.placeholder.time'),
        date: tr('form.placeholder.date'),
      },
      choices: {
        kinds: [choice(tr('kind.avvikelse'), 'avvikelse'), choice(tr('kind.synpunkt'), 'synpunkt')],
        providers,
        receivers,
        categories: this.ref.categories.map((c) => choice(label(c, locale), c.id)),
        causes: [notKnown, ...this.ref.causes.map((c) => choice(label(c, locale), c.id))],
        agreements: this.ref.agreements.map((a) => choice(label(a, locale), a.id)),
        consequences: [notKnown, ...Consequence.options.map((c) => choice(tr(`consequence.${c}`), c))],
        severities: [notKnown, ...Severity.options.map((s) => choice(tr(`severity.${s}`), s))],
        dialogues: (['ja', 'nej', 'ej-mojligt'] as const).map((d) => choice(tr(`dialogue.${d}`), d)),
        reporterRoles: ReporterRole.options.map((r) => choice(tr(`reporterRole.${r}`), r)),
      },
      seriousNotice: tr('form.seriousNotice'),
      showIdentityConfirm: Boolean(errors.identityConfirmed),
      identityConfirm: { label: tr('form.identityConfirmed.label'), error: errors.identityConfirmed ? tr(errors.identityConfirmed) : '' },
      privacy: tr('form.privacy'),
      submitTitle: tr('form.submit'),
    });
    return withFormId(card, formId);
  }

  /** What the reporter wrote, as facts (the report they made, never another one). */
  private reportFacts(tr: T, locale: Locale, number: string, r: Report, answerDue?: string) {
    const named = classificationLabels(this.ref, tr, locale, r);
    return [
      fact(tr('fact.number'), number),
      fact(tr('fact.kind'), tr(`kind.${r.kind}`)),
      fact(tr('fact.eventDate'), r.eventTime ? `${formatDate(r.eventDate, locale)} ${r.eventTime}` : formatDate(r.eventDate, locale)),
      fact(tr('fact.from'), this.providerName(r.reporterUnit)),
      fact(tr('fact.to'), receiverName(this.ref, tr, r)),
      fact(tr('fact.direction'), tr(`direction.${r.direction}`)),
      fact(tr('fact.category'), named.category),
      fact(tr('fact.cause'), named.cause),
      fact(tr('fact.consequence'), named.consequence),
      fact(tr('fact.severity'), named.severity),
      ...(named.agreement ? [fact(tr('fact.agreement'), named.agreement)] : []),
      ...(r.medControlId ? [fact(tr('fact.medControl'), r.medControlId)] : []),
      ...(answerDue ? [fact(tr('fact.answerDue'), answerDueText(this.ref, r, answerDue, locale))] : []),
    ];
  }

  /** The reporter's confirmation: their own report's facts, the case it is in, what happens next. */
  confirmation(locale: Locale, c: Case, report: Report, linked: boolean): Card {
    const tr = translator(locale);
    const answerDue = formatDate(c.answerDue, locale);
    return this.cards.render('report-confirmation', {
      title: tr(linked ? 'confirm.linkedTitle' : 'confirm.title', { number: c.number }),
      lead: tr(linked ? 'confirm.linkedLead' : 'confirm.lead', { number: c.number }),
      serious: isSerious(report.severity),
      seriousNotice: tr('confirm.serious'),
      facts: this.reportFacts(tr, locale, c.number, report, c.answerDue),
      whoTitle: tr('confirm.whoTitle'),
      who: receiverKnown(report) ? tr('confirm.who', { receiver: receiverName(this.ref, tr, report) }) : tr('confirm.whoUnmapped'),
      nextTitle: tr('confirm.nextTitle'),
      next: c.status === 'ny' ? tr('confirm.next', { answerDue }) : tr('confirm.nextAssessed', { answerDue }),
      buttons: [
        { title: tr('help.button.myReports'), verb: REPORTING_VERBS.mine },
        { title: tr('help.button.report'), verb: REPORTING_VERBS.form },
      ],
    });
  }

  /** A likely duplicate: only what the reporter needs to decide, nothing of the other report. */
  duplicate(locale: Locale, existing: Case, pending: Record<string, unknown>): Card {
    const tr = translator(locale);
    const cat = this.ref.categories.find((x) => x.id === existing.report.category);
    return this.cards.render('report-duplicate', {
      title: tr('duplicate.title'),
      text: tr('duplicate.text', { number: existing.number }),
      facts: [
        fact(tr('fact.number'), existing.number),
        fact(tr('fact.to'), receiverName(this.ref, tr, existing.report)),
        fact(tr('fact.category'), cat ? label(cat, locale) : existing.report.category),
        fact(tr('fact.eventDate'), formatDate(existing.report.eventDate, locale)),
      ],
      linkTitle: tr('duplicate.link', { number: existing.number }),
      newTitle: tr('duplicate.new'),
      linkData: { ...pending, caseId: existing.id },
      newData: pending,
    });
  }

  /** The receiving team's card for a new case (only in channels linked to that provider). */
  notice(locale: Locale, c: Case): Card {
    const tr = translator(locale);
    return this.cards.render('case-notice', {
      title: tr('notice.title', { number: c.number, kind: tr(`kind.${c.report.kind}`) }),
      serious: isSerious(c.report.severity),
      seriousNotice: tr('notice.serious'),
      facts: this.reportFacts(tr, locale, c.number, c.report, c.answerDue),
      descriptionTitle: tr('form.description.label'),
      description: c.report.description,
      immediateActionTitle: tr('form.immediateAction.label'),
      immediateAction: c.report.immediateAction,
      caseId: c.id,
      openTitle: tr('notice.open'),
      answerTitle: tr('notice.answer'),
    });
  }

  /** A line of the reporter's history: the date and what happened, steps by name, no codes. */
  private eventLine(tr: T, locale: Locale, e: CaseEvent): string {
    const step = e.type === 'steg' ? this.ref.ladder.steps.find((s) => s.id === e.to) : undefined;
    const what = tr(`event.${e.type}` as MessageKey, { to: step ? label(step.name, locale) : '', from: '' });
    return `${formatDate(swedishDate(new Date(e.at)), locale)} · ${what}`;
  }

  mine(locale: Locale, cases: readonly Case[], userId: string, limit = 10): Card {
    const tr = translator(locale);
    const items = cases.slice(0, limit).map((c) => {
      const latest = [...c.events].reverse().find((e) => e.visibleToReporter) ?? c.events[0]!;
      const own = c.reporter.userId === userId ? c.report : (c.linked.find((l) => l.reporter.userId === userId)?.report ?? c.report);
      return {
        caseId: c.id,
        heading: `${c.number} · ${tr(`kind.${own.kind}`)} · ${tr(`status.${c.status}`)}`,
        line: `${receiverName(this.ref, tr, receiverKnown(c.report) ? c.report : own)} · ${formatDate(own.eventDate, locale)}`,
        latest: this.eventLine(tr, locale, latest),
        openTitle: tr('mine.open'),
      };
    });
    return this.cards.render('my-reports', {
      title: tr('mine.title'),
      empty: tr('mine.empty'),
      items,
      more: cases.length > limit ? tr('mine.more', { count: cases.length - limit }) : '',
      newTitle: tr('help.button.report'),
    });
  }

  /** What a reporter may see: their own report and the events marked for them, never notes. */
  detail(locale: Locale, c: Case, own: { report: Report; linked: boolean }, answer?: string): Card {
    const tr = translator(locale);
    return this.cards.render('report-detail', {
      title: tr('detail.title', { number: c.number }),
      facts: [
        ...this.reportFacts(tr, locale, c.number, own.report, c.answerDue),
        fact(tr('fact.status'), tr(`status.${c.status}`)),
        ...(answer ? [fact(tr('case.answer'), answer)] : []),
      ],
      caseId: c.id,
      answerTitle: answer ? tr('case.answerButton') : '',
      descriptionTitle: tr('form.description.label'),
      description: own.report.description,
      historyTitle: tr('detail.history'),
      history: c.events
        .filter((e) => e.visibleToReporter && (own.linked ? e.type !== 'rapporterad' : true))
        .map((e) => ({ line: this.eventLine(tr, locale, e), comment: e.type === 'avslutad' ? (e.comment ?? '') : '' })),
      backTitle: tr('help.button.myReports'),
    });
  }
}
