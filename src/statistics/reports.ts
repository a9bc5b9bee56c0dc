// `statistik [period] [organisation]` and `årsrapport [år] [organisation]`: aggregate counts
// only (never a reporter or free text), for the county, a delregional area, or a provider the
// user acts for. The board report can be had as a file (CSV or printable HTML).
import { classificationLabels } from '../cases/labels.js';
import { NOT_KNOWN } from '../cases/model.js';
import { todayOf } from '../core/clock.js';
import { formatNumber, formatPeriod } from '../core/format.js';
import { answerFigures, answerLoopTally, effectiveOf, effectMonths, effectNeedsCase, type AnswerFigures } from '../answers/statistics.js';
import type { AnswerRecord } from '../answers/model.js';
import { CaseQueries, monthsBetween } from '../cases/queries.js';
import { concerns, median, share } from '../indicators/computed.js';
import type { CapabilityDeps } from '../deps.js';
import { plural, translator, type Locale, type MessageKey, type T } from '../core/i18n/index.js';
import { COUNTY, defaultOrganisation } from '../core/organisations.js';
import { label } from '../core/refdata.js';
import { newCard, say } from '../core/reply.js';
import { hasRole } from '../core/roles.js';
import { fold } from '../core/text.js';
import type { Handler, Turn } from '../core/turn.js';
import {
  yearBoardReport,
  lastFullQuarter,
  parsePeriod,
  previousPeriod,
  periodStatistics,
  quarterOf,
  type AreaReport,
  type BoardReport,
  type Statistics,
  type Counts,
  type Period,
} from './aggregate.js';
import { mayReadStatistics } from './scope.js';
import { STATISTICS_VERBS } from './verbs.js';

export type StatsDeps = Pick<CapabilityDeps<'cases' | 'answers'>, 'stores' | 'reference' | 'organisations' | 'registry' | 'cards'>;

/** "2026-Q3 Borås" → period and organisation (either may be left out); a message if unknown. */
export function parseArgs(
  deps: StatsDeps,
  turn: Turn,
  fallbackPeriod: string,
): { period: Period; org: string; asked: boolean } | { message: string } {
  const tr = translator(turn.locale);
  const words = turn.args.split(/\s+/).filter(Boolean);
  const periodWord = words.find((w) => parsePeriod(w));
  const today = todayOf(turn);
  // A period that has not begun has nothing to count: say so, and what to ask for instead.
  if (periodWord && parsePeriod(periodWord)!.from > today)
    return { message: tr('stats.future', { period: periodWord, year: today.slice(0, 4), quarter: quarterOf(today).replace('-Q', '-K') }) };
  const orgText = words.filter((w) => w !== periodWord).join(' ');
  const found = orgText ? deps.organisations.all.filter((o) => fold(o.name).includes(fold(orgText)) || fold(o.id) === fold(orgText)) : [];
  if (orgText && found.length !== 1)
    return { message: tr(found.length ? 'indicator.orgAmbiguous' : 'indicator.orgUnknown', { query: orgText }) };
  const org = found[0]?.id ?? defaultOrganisation(turn, (k) => deps.registry.organisationOf(k));
  if (!mayReadStatistics(turn.actor, org, deps.organisations))
    return { message: tr('stats.outsideScope', { org: deps.organisations.name(org) }) };
  return { period: parsePeriod(periodWord ?? fallbackPeriod)!, org, asked: periodWord !== undefined };
}

export function named(
  deps: StatsDeps,
  locale: Locale,
  counts: Counts,
  list?: readonly { id: string; sv: string; en: string }[],
  key?: (id: string) => MessageKey,
) {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([id, n]) => {
      const item = list?.find((x) => x.id === id);
      const title = item
        ? label(item, locale)
        : key
          ? translator(locale)(key(id))
          : id === NOT_KNOWN
            ? translator(locale)('choice.notKnown')
            : (deps.reference.delregions.find((d) => d.id === id)?.name ?? id);
      return { title, value: formatNumber(n, locale) };
    });
}

/** The answer loop's figures for the period (answers/statistics.ts): answers, verdicts, effects, causes. */
export async function answerFiguresOf(deps: Pick<StatsDeps, 'stores' | 'reference'>, period: Period, org: string) {
  const q = CaseQueries.of(deps.stores.cases);
  const effected = deps.stores.answers.index('effect-month', effectMonths);
  const withCase = async (answers: readonly AnswerRecord[]) =>
    (await Promise.all(answers.map(async (a) => ({ c: await deps.stores.cases.load(a.id), a })))).flatMap(({ c, a }) =>
      c ? [{ c, a }] : [],
    );
  const months = monthsBetween(period.from, period.to);
  const measured = await withCase(months.flatMap((m) => effected.get(m)));
  // Every measure followed up by the period's end: a later report to the same receiver and category
  // is a repeat. The effect says which; only an effect followed up before it did needs its case.
  const before = effected
    .keys()
    .filter((m) => m <= period.to.slice(0, 7))
    .flatMap((m) => effected.get(m));
  const effective = (
    await Promise.all(before.map(async (a) => effectiveOf(a, effectNeedsCase(a) ? await deps.stores.cases.load(a.id) : undefined)))
  ).flat();
  const counted = await q.tallied(
    answerLoopTally(deps.reference, (id) => deps.stores.answers.get(id)),
    period.from,
    period.to,
  );
  return answerFigures(
    months.map((month, i) => ({ month, counted: counted[i]! })),
    org,
    measured,
    period,
    (c) => concerns(c, org, deps.reference),
    effective,
    (month) => q.reportedInMonth(month),
  );
}

/** The receivers' answers and the measures followed up for effect, in the period. */
function answerFacts(tr: T, f: AnswerFigures) {
  if (!f.expected && !f.effects.ja && !f.effects.delvis && !f.effects.nej) return [];
  const followedUp = f.effects.ja + f.effects.delvis + f.effects.nej;
  return [
    {
      title: tr('stats.answered'),
      value: tr('stats.answeredValue', { answered: f.answered, expected: f.expected, onTime: f.answeredOnTime }),
    },
    { title: tr('stats.verdicts'), value: tr('stats.verdictsValue', { accepted: f.accepted, notAccepted: f.notAccepted }) },
    {
      title: tr('stats.effects'),
      value: tr('stats.effectsValue', { count: followedUp, ja: f.effects.ja, delvis: f.effects.delvis, nej: f.effects.nej }),
    },
  ];
}

/**
 * Learning in the figures (issue 35.4; 000_…: spread what has shown effect, PDCA): the answers
 * accepted, the measures that worked, deviations again to a receiver and category after a
 * measure there worked, and the time from report to answer (median).
 */
export function learningFacts(locale: Locale, f: AnswerFigures) {
  const tr = translator(locale);
  const followed = f.effects.ja + f.effects.delvis + f.effects.nej;
  const judged = f.accepted + f.notAccepted;
  if (!f.answered && !followed && !f.repeatedAfterEffect) return [];
  const pct = (n: number, of: number) => formatNumber(share(n, of), locale);
  const days = f.daysToAnswer.length ? median(f.daysToAnswer) : undefined;
  return [
    {
      title: tr('stats.learning.accepted'),
      value: tr('stats.learning.share', { share: pct(f.accepted, judged), n: f.accepted, of: judged }),
    },
    {
      title: tr('stats.learning.effect'),
      value: tr('stats.learning.share', { share: pct(f.effects.ja, followed), n: f.effects.ja, of: followed }),
    },
    { title: tr('stats.learning.repeated'), value: formatNumber(f.repeatedAfterEffect, locale) },
    {
      title: tr('stats.learning.days'),
      value: days === undefined ? '–' : plural(locale, 'stats.learning.daysValue', days, { count: formatNumber(days, locale) }),
    },
  ];
}

/**
 * The receivers' coded causes beside the reporters' first guess on the same cases (issue 35.1,
 * 000_…: causes analysed together): how often the investigation found another cause, then per
 * cause the two counts, most found by the receivers first.
 */
function causeFacts(deps: StatsDeps, locale: Locale, f: AnswerFigures) {
  const tr = translator(locale);
  const t = f.causes;
  if (!t.compared) return [];
  const ids = [...new Set([...Object.keys(t.receiver), ...Object.keys(t.reporter)])].sort(
    (a, b) => (t.receiver[b] ?? 0) - (t.receiver[a] ?? 0) || (t.reporter[b] ?? 0) - (t.reporter[a] ?? 0),
  );
  const num = (n: number | undefined) => formatNumber(n ?? 0, locale);
  return [
    { title: tr('stats.causeDiffers'), value: tr('stats.causeDiffersValue', { differ: num(t.differ), compared: num(t.compared) }) },
    ...ids.map((id) => ({
      title: named(deps, locale, { [id]: 0 }, deps.reference.causes)[0]!.title,
      value: tr('stats.causePair', { reporter: num(t.reporter[id]), receiver: num(t.receiver[id]) }),
    })),
  ];
}

/**
 * `statistik` with nothing after it: the last full quarter of the user's organisation, unless
 * that is empty (a new user, a small provider); then this quarter so far, then the county's
 * last quarter, saying which (issue 16). What a user names is shown as named, empty or not.
 */
async function withData(
  deps: StatsDeps,
  of: (period: Period, org: string) => Promise<Statistics>,
  asked: { period: Period; org: string },
  turn: Turn,
): Promise<{ s: Statistics; instead: string }> {
  const tr = translator(turn.locale);
  const has = (s: Statistics) => s.deviations + s.complaints > 0;
  const first = await of(asked.period, asked.org);
  if (has(first)) return { s: first, instead: '' };
  const none = { org: deps.organisations.name(asked.org), period: formatPeriod(asked.period.id, turn.locale) };
  const current = parsePeriod(quarterOf(todayOf(turn)))!;
  const sofar = await of(current, asked.org);
  if (has(sofar)) return { s: sofar, instead: tr('stats.insteadSoFar', { ...none, shown: formatPeriod(current.id, turn.locale) }) };
  if (asked.org === COUNTY) return { s: first, instead: '' };
  const county = await of(asked.period, COUNTY);
  return has(county)
    ? { s: county, instead: tr('stats.insteadCounty', { ...none, shown: deps.organisations.name(COUNTY) }) }
    : { s: first, instead: '' };
}

/** The card's sections of counts, each named in the reader's language. */
function countSections(deps: StatsDeps, locale: Locale, s: Statistics): [MessageKey, { title: string; value: string }[]][] {
  const by = (counts: Counts, list?: Parameters<typeof named>[3], key?: (id: string) => MessageKey) =>
    named(deps, locale, counts, list, key);
  return [
    ['stats.byDirection', by(s.byDirection, undefined, (id) => `direction.${id}` as MessageKey)],
    ['stats.byCategory', by(s.byCategory, deps.reference.categories)],
    ['stats.byCause', by(s.byCause, deps.reference.causes)],
    ['stats.byDelregion', by(s.byDelregion)],
    ['stats.byAgreement', by(s.byAgreement, deps.reference.agreements, () => 'stats.noAgreement')],
    ['stats.byReporterRole', by(s.byReporterRole, undefined, (id) => `reporterRole.${id}` as MessageKey)],
  ];
}

export function statisticsCard(deps: StatsDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const args = parseArgs(deps, turn, lastFullQuarter(todayOf(turn)).id);
    if ('message' in args) return say(args.message);
    // Only the cases of the two periods' months (indexes), never ten years of them.
    const q = CaseQueries.of(deps.stores.cases);
    const of = (period: Period, org: string) => periodStatistics(q, period, org, deps.reference);
    const { s, instead } = turn.args.trim() ? { s: await of(args.period, args.org), instead: '' } : await withData(deps, of, args, turn);
    const { period, org } = s;
    const before = previousPeriod(period);
    const prev = await of(before, org);
    // Counts in the reader's number style (2 388 / 2,388), the change with a plain sign.
    const num = (n: number) => formatNumber(n, turn.locale);
    const change = (now: number, before: number) =>
      `${num(now)} (${now - before >= 0 ? '+' : '-'}${num(Math.abs(now - before))} ${tr('stats.vsPrevious', { period: formatPeriod(prev.period.id, turn.locale) })})`;
    const section = (title: MessageKey, facts: { title: string; value: string }[]) => ({
      title: tr(title),
      empty: tr('stats.none'),
      facts,
    });
    const pairTitle = (p: { category: string; cause: string }) => {
      const cause = p.cause === NOT_KNOWN ? undefined : p.cause;
      const named = classificationLabels(deps.reference, tr, turn.locale, { category: p.category, cause });
      return `${named.category} × ${named.cause}`;
    };
    const figures = await answerFiguresOf(deps, period, org);
    const card = deps.cards.render('report', {
      title: tr('stats.title', { period: formatPeriod(period.id, turn.locale) }),
      subtitle: [deps.organisations.name(org), instead].filter(Boolean).join('\n\n'),
      buttons: [],
      sections: [
        {
          title: tr('stats.totals'),
          empty: '',
          facts: [
            { title: tr('kind.avvikelse'), value: change(s.deviations, prev.deviations) },
            { title: tr('kind.synpunkt'), value: change(s.complaints, prev.complaints) },
          ],
        },
        ...countSections(deps, turn.locale, s).map(([title, facts]) => section(title, facts)),
        section(
          'stats.topPairs',
          s.topPairs.map((p) => ({ title: pairTitle(p), value: formatNumber(p.count, turn.locale) })),
        ),
        section('stats.answers', answerFacts(tr, figures)),
        section('stats.causeComparison', causeFacts(deps, turn.locale, figures)),
        section('stats.learning', learningFacts(turn.locale, figures)),
      ],
      note: tr('stats.note'),
    });
    return newCard(card);
  };
}

/** A contract area as the report names it: the register's name, else the contract form's. */
const areaName = (tr: T, area: string) => (area.startsWith('form:') ? tr(`contractForm.${area.slice(5)}` as MessageKey) : area);

/** A contract area's figures (002_… §2.3, "Översikt avseende [avtalsområde]" and its results). */
function areaRows(tr: T, a: AreaReport): [string, number][] {
  return [
    [tr('board.area.atStart'), a.contractsAtStart],
    [tr('board.area.atEnd'), a.contractsAtEnd],
    [tr('board.area.followedUp'), a.contractsFollowedUp],
    [tr('board.area.started'), a.measuresStarted],
    [tr('board.actionPlans'), a.actionPlans],
    [tr('board.area.plansCarriedOut'), a.planResults.genomford],
    [tr('board.area.plansPartly'), a.planResults.delvis],
    [tr('board.area.plansNot'), a.planResults['ej-genomford']],
    [tr('board.beyond'), a.measuresBeyondPlans],
    [tr('board.deep'), a.deepFollowUp],
  ];
}

/** The board report's rows, for the file: the whole, then each contract area's ("Vårdval Rehab – Avtal vid periodens början"). */
export function boardRows(tr: T, r: BoardReport): [string, number][] {
  return [
    [tr('board.followedUp'), r.casesFollowedUp],
    [tr('board.actionPlans'), r.actionPlans],
    [tr('board.actionPlansOnTime'), r.actionPlansOnTime],
    [tr('board.actionPlansNotYetDue'), r.actionPlansNotYetDue],
    [tr('board.beyond'), r.measuresBeyondPlans],
    [tr('board.deep'), r.deepFollowUp],
    [tr('board.closed'), r.closed],
    ...r.areas.flatMap((a) => areaRows(tr, a).map(([label, n]): [string, number] => [`${areaName(tr, a.area)} – ${label}`, n])),
  ];
}

/** The board report's sections: the whole, each contract area, and learning in the year's figures (issue 35.4). */
function boardSections(tr: T, locale: Locale, r: BoardReport, figures: AnswerFigures) {
  const num = (n: number) => formatNumber(n, locale);
  return [
    {
      title: tr('board.section'),
      empty: '',
      facts: [
        { title: tr('board.followedUp'), value: num(r.casesFollowedUp) },
        {
          title: tr('board.actionPlans'),
          value: tr('board.onTime', { count: r.actionPlans, onTime: r.actionPlansOnTime, notYetDue: r.actionPlansNotYetDue }),
        },
        { title: tr('board.beyond'), value: num(r.measuresBeyondPlans) },
        { title: tr('board.deep'), value: num(r.deepFollowUp) },
        { title: tr('board.closed'), value: num(r.closed) },
      ],
    },
    ...r.areas.map((a) => ({
      title: tr('board.area.title', { area: areaName(tr, a.area) }),
      empty: '',
      facts: areaRows(tr, a).map(([title, n]) => ({ title, value: num(n) })),
    })),
    { title: tr('stats.learning'), empty: tr('stats.none'), facts: learningFacts(locale, figures) },
  ];
}

export function boardReportCard(deps: StatsDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const thisYear = todayOf(turn).slice(0, 4);
    const args = parseArgs(deps, turn, String(Number(thisYear) - 1));
    if ('message' in args) return say(args.message);
    const reportOf = (year: string) => yearBoardReport(CaseQueries.of(deps.stores.cases), year, args.org, deps.reference, todayOf(turn));
    let year = args.period.id.slice(0, 4);
    let r = await reportOf(year);
    // Unasked, the report is last year's; with nothing to follow up there, this year's so far.
    let which = args.asked ? '' : tr('board.lastYear', { year });
    if (!args.asked && r.casesFollowedUp === 0) {
      const soFar = await reportOf(thisYear);
      if (soFar.casesFollowedUp > 0) [year, r, which] = [thisYear, soFar, tr('board.thisYearSoFar', { year: thisYear })];
    }
    const file = (format: 'csv' | 'html', title: MessageKey) => ({
      title: tr(title),
      verb: STATISTICS_VERBS.sendFile,
      data: { file: 'board', year, org: args.org, format },
    });
    const card = deps.cards.render('report', {
      // The team lead writes the comments and conclusions before the report is sent (002_… §2.3).
      hasComment: hasRole(turn.actor, 'teamledare'),
      commentLabel: tr('board.commentInput'),
      title: tr('board.title', { year }),
      subtitle: [deps.organisations.name(args.org), which].filter(Boolean).join('\n\n'),
      buttons: [file('csv', 'download.csv'), file('html', 'download.html')],
      sections: boardSections(tr, turn.locale, r, await answerFiguresOf(deps, parsePeriod(year)!, args.org)),
      note: tr('board.note'),
    });
    return newCard(card);
  };
}
