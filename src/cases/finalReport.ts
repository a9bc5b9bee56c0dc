// The final report (slutrapport) of a case in deep follow-up: 002_… kapitel 3 ("När ärendet
// avslutas skrivs alltid en slutrapport som tillställs ansvarig nämnd eller styrelse"; the
// results of 2b and 3b "redovisas i ärendets slutrapport"). A card when the case closes, and
// a printable file for the board.
import { swedishDate } from '../core/clock.js';
import { formatDate } from '../core/format.js';
import { translator, type Locale, type MessageKey } from '../core/i18n/index.js';
import { label, type Reference } from '../core/refdata.js';
import type { Card, ProducedFile, Turn } from '../core/turn.js';
import type { CapabilityDeps } from '../deps.js';
import { inScope } from '../core/scope.js';
import { CaseQueries } from './queries.js';
import type { CardRenderer } from '../core/cards.js';
import type { Case, CaseEvent } from './model.js';
import { receiverName } from './labels.js';
import { endsDeepFollowUp } from './rules/index.js';

interface Section {
  title: string;
  facts: { title: string; value: string }[];
}

const day = (e: CaseEvent, locale: Locale) => formatDate(swedishDate(new Date(e.at)), locale);

/** The report's sections: the case, each step, the decided measures, the results, the ending. */
function finalReportSections(ref: Reference, c: Case, locale: Locale): Section[] {
  const tr = translator(locale);
  const step = (id: string | undefined) => {
    const s = ref.ladder.steps.find((x) => x.id === id);
    return s ? `${label(s.name, locale)} (${s.id})` : (id ?? '');
  };
  const detail = (e: CaseEvent, key: string) => String((e.details as Record<string, unknown> | undefined)?.[key] ?? '');
  const steps = c.events.filter((e) => e.type === 'steg' || e.type === 'overlamnad');
  const measures = c.events.filter((e) => e.type === 'atgard');
  const results = steps.filter((e) => ['2b', '3b', '4b'].includes(e.to ?? ''));
  const closed = c.events.findLast(endsDeepFollowUp);
  const section = (title: MessageKey, facts: Section['facts']): Section => ({ title: tr(title), facts });
  return [
    section('final.case', [
      { title: tr('fact.number'), value: c.number },
      { title: tr('fact.to'), value: receiverName(ref, tr, c.report) },
      { title: tr('fact.from'), value: ref.provider(c.report.reporterUnit)?.name ?? c.report.reporterUnit },
      { title: tr('fact.eventDate'), value: formatDate(c.report.eventDate, locale) },
      { title: tr('fact.assessment'), value: c.assessment ? tr(`assessment.${c.assessment}`) : '–' },
    ]),
    section(
      'final.steps',
      steps.map((e) => ({
        title: `${day(e, locale)} · ${e.type === 'overlamnad' ? tr('event.overlamnad') : step(e.to)}`,
        value: e.comment ?? '',
      })),
    ),
    section(
      'final.measures',
      measures.map((e) => ({
        title: `${day(e, locale)} · ${label(ref.ladder.measures.find((m) => m.id === e.to)?.name ?? { sv: e.to ?? '', en: e.to ?? '' }, locale)}`,
        value: [e.comment, detail(e, 'diaryNumber')].filter(Boolean).join(' · '),
      })),
    ),
    section(
      'final.results',
      results.map((e) => ({
        title: `${day(e, locale)} · ${step(e.to)}`,
        value: [detail(e, 'outcome') ? tr(`outcome.${detail(e, 'outcome') as 'genomford'}`) : '', e.comment].filter(Boolean).join(' · '),
      })),
    ),
    section(
      'final.ending',
      closed
        ? [
            {
              title: tr('case.field.endedBy'),
              value: detail(closed, 'endedBy') ? tr(`endedBy.${detail(closed, 'endedBy') as 'lopande'}`) : '–',
            },
            { title: tr('case.field.summary'), value: detail(closed, 'summary') },
            { title: tr('final.closedOn'), value: day(closed, locale) },
          ]
        : [],
    ),
  ];
}

export function finalReportCard(cards: CardRenderer, ref: Reference, c: Case, locale: Locale): Card {
  const tr = translator(locale);
  const sections = finalReportSections(ref, c, locale).map((s) => ({ ...s, empty: tr('stats.none') }));
  return cards.render('report', {
    title: tr('final.title', { number: c.number }),
    subtitle: receiverName(ref, tr, c.report),
    sections,
    note: tr('final.note'),
    buttons: [],
  });
}

/** The report as a printable page for the board. */
export function finalReportFile(ref: Reference, c: Case, locale: Locale): ProducedFile {
  const tr = translator(locale);
  const esc = (v: string) => v.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const body = finalReportSections(ref, c, locale)
    .map(
      (s) =>
        `<h2>${esc(s.title)}</h2><table>${s.facts.map((f) => `<tr><th>${esc(f.title)}</th><td>${esc(f.value)}</td></tr>`).join('')}</table>`,
    )
    .join('');
  const title = tr('final.title', { number: c.number });
  const html = `<!doctype html><html lang="${locale}"><meta charset="utf-8"><title>${esc(title)}</title><style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em 1em;border-bottom:1px solid #ccc;text-align:left;vertical-align:top}</style><h1>${esc(title)}</h1>${body}</html>\n`;
  return { name: `slutrapport-${c.number}.html`, type: 'text/html', body: html };
}

/** The file route's producer: the final report of a case whose deep follow-up has ended, in the user's scope. */
export function produceFinalReport(deps: Pick<CapabilityDeps<'cases'>, 'stores' | 'reference'>) {
  return async (turn: Turn, args: Record<string, string>): Promise<ProducedFile | undefined> => {
    const c = await CaseQueries.of(deps.stores.cases).byNumber(String(args['number'] ?? ''));
    if (!c || !c.events.some(endsDeepFollowUp) || !inScope(turn.actor, c.report)) return undefined;
    return finalReportFile(deps.reference, c, turn.locale);
  };
}
