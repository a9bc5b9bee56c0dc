// The delregional report for VVG (001_…: each delregional area reports on its own organisation;
// "kommunerna rapporterar cirka tre gånger fler", what municipal care and the hospitals report
// most, the commonest causes): per delregion, who reports, the directions, each side's main
// categories and the causes. Counts only, no case and no person; a case between two
// delregions counts in both (it concerns both).
import { todayOf } from '../core/clock.js';
import { formatNumber, formatPeriod } from '../core/format.js';
import { translator, type Locale, type MessageKey, type T } from '../core/i18n/index.js';
import { newCard, say } from '../core/reply.js';
import type { Handler, ProducedFile, Turn } from '../core/turn.js';
import { CaseQueries } from '../cases/queries.js';
import { lastFullQuarter, parsePeriod, statisticsOf, statisticsTally, type Counts, type Period, type Statistics } from './aggregate.js';
import { reportHtml, toCsv } from './export.js';
import { answerFiguresOf, learningFacts, named, parseArgs, type StatsDeps } from './reports.js';
import { STATISTICS_VERBS } from './verbs.js';

/** The reporting sides 001_… compares, in its order. */
const SIDES = ['kommun', 'region', 'privat'] as const;
/** How many categories and causes a delregion's lines name. */
const TOP = 3;

interface Part {
  name: string;
  s: Statistics;
  /** Learning in the delregion's figures (issue 35.4), as statistik gives them. */
  learning: { title: string; value: string }[];
}

async function partsOf(deps: StatsDeps, period: Period, locale: Locale): Promise<Part[]> {
  const months = await CaseQueries.of(deps.stores.cases).tallied(statisticsTally(deps.reference), period.from, period.to);
  return Promise.all(
    deps.reference.delregions.map(async (d) => ({
      name: d.name,
      s: statisticsOf(months, period, d.id),
      learning: learningFacts(locale, await answerFiguresOf(deps, period, d.id)),
    })),
  );
}

/** "Läkemedel 120, Informationsöverföring 80, …": the largest counts, named. */
function top(facts: { title: string; value: string }[], n = TOP): string {
  return (
    facts
      .slice(0, n)
      .map((f) => `${f.title} ${f.value}`)
      .join(', ') || '–'
  );
}

/** One delregion's lines, as the card and the files show them. */
function linesOf(deps: StatsDeps, locale: Locale, tr: T, s: Statistics): { title: string; value: string }[] {
  const side = (kind: string): Counts =>
    Object.fromEntries(
      Object.entries(s.bySideCategory)
        .filter(([k]) => k.startsWith(`${kind}|`))
        .map(([k, n]) => [k.slice(kind.length + 1), n]),
    );
  const bySide = SIDES.map((kind) => [kind, Object.values(side(kind)).reduce((a, b) => a + b, 0)] as const).filter(([, n]) => n > 0);
  return [
    { title: tr('delregional.deviations'), value: formatNumber(s.deviations, locale) },
    {
      title: tr('delregional.reportedBy'),
      value: bySide.map(([k, n]) => `${tr(`delregional.side.${k}`)} ${formatNumber(n, locale)}`).join(', ') || '–',
    },
    {
      title: tr('delregional.byDirection'),
      value: top(
        named(deps, locale, s.byDirection, undefined, (id) => `direction.${id}` as MessageKey),
        Infinity,
      ),
    },
    ...bySide.map(([k]) => ({
      title: tr('delregional.mostBy', { side: tr(`delregional.side.${k}`) }),
      value: top(named(deps, locale, side(k), deps.reference.categories)),
    })),
    { title: tr('delregional.causes'), value: top(named(deps, locale, s.byCause, deps.reference.causes)) },
  ];
}

/** `delregional rapport [period]`: default the last full quarter; a half year or a year too. */
export function delregionalCard(deps: StatsDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const args = parseArgs(deps, turn, lastFullQuarter(todayOf(turn)).id);
    if ('message' in args) return say(args.message);
    const parts = await partsOf(deps, args.period, turn.locale);
    const file = (format: 'csv' | 'html', title: MessageKey) => ({
      title: tr(title),
      verb: STATISTICS_VERBS.sendFile,
      data: { file: 'delregional', period: args.period.id, format },
    });
    const card = deps.cards.render('report', {
      title: tr('delregional.title', { period: formatPeriod(args.period.id, turn.locale) }),
      subtitle: tr('delregional.subtitle'),
      buttons: [file('csv', 'download.csv'), file('html', 'download.html')],
      sections: parts.map((p) => ({
        title: p.name,
        empty: tr('stats.none'),
        facts: p.s.deviations ? [...linesOf(deps, turn.locale, tr, p.s), ...p.learning] : [],
      })),
      note: tr('delregional.note'),
    });
    return newCard(card);
  };
}

/** The same report as a file (CSV or printable HTML), produced when the user accepts it. */
export async function delregionalFile(deps: StatsDeps, turn: Turn, periodId: string, format: string): Promise<ProducedFile | undefined> {
  const period = parsePeriod(periodId);
  if (!period || period.from > todayOf(turn) || (format !== 'csv' && format !== 'html')) return undefined;
  const tr = translator(turn.locale);
  const rows = (await partsOf(deps, period, turn.locale)).flatMap((p) =>
    [...linesOf(deps, turn.locale, tr, p.s), ...p.learning].map((l) => [p.name, l.title, l.value]),
  );
  const name = `delregional-rapport-${period.id}`;
  const title = tr('delregional.title', { period: formatPeriod(period.id, turn.locale) });
  if (format === 'csv')
    return {
      name: `${name}.csv`,
      type: 'text/csv',
      body: toCsv([tr('delregional.delregion'), tr('board.measure'), tr('board.count')], rows),
    };
  const html = reportHtml(
    title,
    tr('delregional.subtitle'),
    rows.map(([d, t, v]) => [`${d} · ${t}`, v!]),
    tr('board.comment'),
  );
  return { name: `${name}.html`, type: 'text/html', body: html };
}
