// View models for the reporting cards (templates in cards/). Labels come from the catalogue,
// lists from the reference data; nothing here touches the store.
import type { Case, CaseEvent } from '../cases/model.js';
import { isSerious } from '../cases/model.js';
import type { CardRenderer } from '../core/cards.js';
import { translator, type Locale, type MessageKey, type T } from '../core/i18n/index.js';
import { label, type Reference } from '../core/refdata.js';
import type { Card } from '../core/turn.js';
import { FIELDS, type FieldErrors, type FormValues } from './form.js';
import { MY_REPORTS_VERB, REPORT_FORM_VERB } from '../help/handlers.js';

export const SUBMIT_VERB = 'avvikelse.skicka';
export const LINK_VERB = 'avvikelse.lanka';
export const CREATE_NEW_VERB = 'avvikelse.skapa-ny';
export const SHOW_VERB = 'avvikelse.visa';

const choice = (title: string, value: string) => ({ title, value });

/** Puts the form's id into its submit action (and the Action.Submit fallback). */
function withFormId(card: Card, formId: string): Card {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if ((n['type'] === 'Action.Execute' || n['type'] === 'Action.Submit') && (n['verb'] === SUBMIT_VERB || (n['data'] as Record<string, unknown> | undefined)?.['verb'] === SUBMIT_VERB)) {
        n['data'] = { ...(n['data'] as object), formId };
      }
      Object.values(n).forEach(visit);
    }
  };
  visit(card);
  return card;
}

export class ReportingCards {
  constructor(
    private readonly cards: CardRenderer,
    private readonly ref: Reference,
  ) {}

  form(locale: Locale, formId: string, today: string, values: FormValues, errors: FieldErrors = {}, general?: MessageKey): Card {
    const tr = translator(locale);
    const fields = Object.fromEntries(
      FIELDS.map((f) => {
        const err = errors[f];
        return [
          f,
          {
            label: tr(`form.${f}.label` as MessageKey),
            hint: tr(`form.${f}.hint` as MessageKey),
            required: tr('form.error.required'),
            value: values[f] ?? '',
            error: err ? tr(err) : '',
            hasError: Boolean(err),
          },
        ];
      }),
    );
    const providers = [...this.ref.providers]
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'))
      .map((p) => choice(p.name, p.id));
    const card = this.cards.render('report-form', {
      title: tr('form.title'),
      intro: tr('form.intro'),
      maxDate: today,
      generalError: general ? tr(general) : Object.keys(errors).length ? tr('form.error.summary') : '',
      hasGeneralError: Boolean(general) || Object.keys(errors).length > 0,
      fields,
      placeholders: { search: tr('form.placeholder.search'), choose: tr('form.placeholder.choose') },
      choices: {
        kinds: [choice(tr('kind.avvikelse'), 'avvikelse'), choice(tr('kind.synpunkt'), 'synpunkt')],
        providers,
        categories: this.ref.categories.map((c) => choice(label(c, locale), c.id)),
        causes: this.ref.causes.map((c) => choice(label(c, locale), c.id)),
        agreements: this.ref.agreements.map((a) => choice(label(a, locale), a.id)),
        consequences: (['risk', 'tillbud', 'negativ-handelse'] as const).map((c) => choice(tr(`consequence.${c}`), c)),
        severities: ([1, 2, 3, 4] as const).map((s) => choice(tr(`severity.${s}`), String(s))),
        dialogues: (['ja', 'nej', 'ej-mojligt'] as const).map((d) => choice(tr(`dialogue.${d}`), d)),
      },
      seriousNotice: tr('form.seriousNotice'),
      showIdentityConfirm: Boolean(errors.identityConfirmed),
      identityConfirm: { label: tr('form.identityConfirmed.label'), error: errors.identityConfirmed ? tr(errors.identityConfirmed) : '' },
      privacy: tr('form.privacy'),
      submitTitle: tr('form.submit'),
    });
    return withFormId(card, formId);
  }

  private reportFacts(tr: T, locale: Locale, c: Case) {
    const r = c.report;
    const cat = this.ref.categories.find((x) => x.id === r.category);
    const cause = this.ref.causes.find((x) => x.id === r.cause);
    return [
      { title: tr('fact.number'), value: c.number },
      { title: tr('fact.kind'), value: tr(`kind.${r.kind}`) },
      { title: tr('fact.eventDate'), value: r.eventTime ? `${r.eventDate} ${r.eventTime}` : r.eventDate },
      { title: tr('fact.from'), value: this.ref.provider(r.reporterUnit)?.name ?? r.reporterUnit },
      { title: tr('fact.to'), value: this.ref.provider(r.receiver)?.name ?? r.receiver },
      { title: tr('fact.direction'), value: tr(`direction.${r.direction}`) },
      { title: tr('fact.category'), value: cat ? label(cat, locale) : r.category },
      { title: tr('fact.cause'), value: cause ? label(cause, locale) : r.cause },
      { title: tr('fact.severity'), value: tr(`severity.${r.severity as 1 | 2 | 3 | 4}`) },
      { title: tr('fact.answerDue'), value: c.answerDue },
    ];
  }

  confirmation(locale: Locale, c: Case, linked: boolean): Card {
    const tr = translator(locale);
    const receiver = this.ref.provider(c.report.receiver)?.name ?? c.report.receiver;
    return this.cards.render('report-confirmation', {
      title: tr(linked ? 'confirm.linkedTitle' : 'confirm.title', { number: c.number }),
      lead: tr(linked ? 'confirm.linkedLead' : 'confirm.lead', { number: c.number }),
      serious: isSerious(c.report.severity),
      seriousNotice: tr('confirm.serious'),
      facts: this.reportFacts(tr, locale, c),
      whoTitle: tr('confirm.whoTitle'),
      who: tr('confirm.who', { receiver }),
      nextTitle: tr('confirm.nextTitle'),
      next: tr('confirm.next', { answerDue: c.answerDue }),
      buttons: [
        { title: tr('help.button.myReports'), verb: MY_REPORTS_VERB },
        { title: tr('help.button.report'), verb: REPORT_FORM_VERB },
      ],
    });
  }

  duplicate(locale: Locale, existing: Case, pending: Record<string, unknown>): Card {
    const tr = translator(locale);
    return this.cards.render('report-duplicate', {
      title: tr('duplicate.title'),
      text: tr('duplicate.text', { number: existing.number }),
      facts: this.reportFacts(tr, locale, existing).slice(0, 8),
      linkTitle: tr('duplicate.link', { number: existing.number }),
      newTitle: tr('duplicate.new'),
      linkData: { ...pending, caseId: existing.id },
      newData: pending,
    });
  }

  /** The receiving team's card for a new case. */
  notice(locale: Locale, c: Case): Card {
    const tr = translator(locale);
    return this.cards.render('case-notice', {
      title: tr('notice.title', { number: c.number, kind: tr(`kind.${c.report.kind}`) }),
      serious: isSerious(c.report.severity),
      seriousNotice: tr('notice.serious'),
      facts: this.reportFacts(tr, locale, c),
      descriptionTitle: tr('form.description.label'),
      description: c.report.description,
      immediateActionTitle: tr('form.immediateAction.label'),
      immediateAction: c.report.immediateAction,
      caseId: c.id,
      openTitle: tr('notice.open'),
    });
  }

  eventLine(tr: T, e: CaseEvent): string {
    const what = tr(`event.${e.type}` as MessageKey, { to: e.to ?? '', from: e.from ?? '' });
    return `${e.at.slice(0, 10)} · ${what}`;
  }

  mine(locale: Locale, cases: Case[], limit = 10): Card {
    const tr = translator(locale);
    const items = cases.slice(0, limit).map((c) => {
      const latest = [...c.events].reverse().find((e) => e.visibleToReporter) ?? c.events[0]!;
      return {
        caseId: c.id,
        heading: `${c.number} · ${tr(`kind.${c.report.kind}`)} · ${tr(`status.${c.status}`)}`,
        line: `${this.ref.provider(c.report.receiver)?.name ?? c.report.receiver} · ${c.report.eventDate}`,
        latest: this.eventLine(tr, latest),
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

  /** What the reporter may see: the report and the events marked for them, never internal notes. */
  detail(locale: Locale, c: Case): Card {
    const tr = translator(locale);
    return this.cards.render('report-detail', {
      title: tr('detail.title', { number: c.number }),
      facts: [...this.reportFacts(tr, locale, c), { title: tr('fact.status'), value: tr(`status.${c.status}`) }],
      historyTitle: tr('detail.history'),
      history: c.events
        .filter((e) => e.visibleToReporter)
        .map((e) => ({ line: this.eventLine(tr, e), comment: e.type === 'avslutad' ? (e.comment ?? '') : '' })),
      backTitle: tr('help.button.myReports'),
    });
  }

  message(locale: Locale, key: MessageKey, vars?: Record<string, string>, color: 'Default' | 'Attention' | 'Good' = 'Default'): Card {
    return this.cards.render('message', { title: '', text: translator(locale)(key, vars), color });
  }
}
