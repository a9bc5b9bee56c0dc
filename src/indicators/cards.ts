// View models for indicator cards: one indicator (value, target, status, trend, the last
// periods), a list of statuses, and the admin's value form.
import { lightMark, lightTextColor } from '../core/lights.js';
import type { CapabilityDeps } from '../deps.js';
import { formatNumber, formatPeriod } from '../core/format.js';
import { cited } from '../core/citations.js';
import { translator, type Locale, type MessageKey, type T } from '../core/i18n/index.js';
import { label } from '../core/refdata.js';
import type { Card, Turn } from '../core/turn.js';
import { pageOf, pager, type PageButton } from '../core/paging.js';
import { byDirection } from './computed.js';
import { statusOf, trendOf, type Indicator, type Status } from './model.js';
import type { IndicatorService, Point } from './service.js';
import { INDICATOR_VERBS } from './verbs.js';

/** The chart's named colours for each status (Teams' chart palette). */
const CHART_COLOR: Record<Status, string> = { gron: 'good', gul: 'warning', rod: 'attention', ingen: 'neutral' };

export interface IndicatorDeps extends Pick<
  CapabilityDeps<'indicatorValues' | 'indicatorTargets' | 'follows' | 'cases'>,
  'cards' | 'reference' | 'organisations' | 'registry' | 'stores' | 'audit'
> {
  service: IndicatorService;
}

/** The status in words: against the target, or why there is none (no target, no value). */
function statusWord(tr: T, ind: Indicator, value: number | null | undefined): string {
  if (ind.target === null) return tr('indicator.statusWord.noTarget');
  if (value === null || value === undefined) return tr('indicator.statusWord.noValue');
  return tr(`indicator.statusWord.${statusOf(ind, value)}`);
}

/** The card's facts: the latest value, the target (or that none is set), a reference, the direction. */
/** A value with its unit in the reader's language and number style ("34,2 %"); a plain count has none. */
const valueText = (ind: Indicator, v: number | null | undefined, locale: Locale) =>
  [formatNumber(v, locale), label(ind.unit, locale)].filter(Boolean).join(' ');

function indicatorFacts(tr: T, locale: Locale, ind: Indicator, last: { period: string; value: number | null } | undefined) {
  const fmt = (v: number | null | undefined) => valueText(ind, v, locale);
  const target =
    ind.direction === 'neutral'
      ? tr('indicator.noTargetNeutral')
      : ind.target === null
        ? tr('indicator.noTarget')
        : `${tr(ind.direction === 'higher' ? 'indicator.atLeast' : 'indicator.atMost')} ${fmt(ind.target)}`;
  return [
    {
      title: tr('indicator.latest'),
      value: last ? `${fmt(last.value)} (${formatPeriod(last.period, locale)})` : tr('indicator.noValue'),
    },
    { title: tr('indicator.target'), value: target },
    ...(ind.reference
      ? [{ title: tr('indicator.reference'), value: `${fmt(ind.reference.value)} (${label(ind.reference.label, locale)})` }]
      : []),
    { title: tr('indicator.direction'), value: tr(`indicator.dir.${ind.direction}`) },
  ];
}

/** One indicator for the asker: in a channel with the button to follow it there (a personal chat cannot follow). */
export async function indicatorCard(
  deps: IndicatorDeps,
  { locale, now, place }: Pick<Turn, 'locale' | 'now' | 'place'>,
  ind: Indicator,
  org: string,
): Promise<Card> {
  const series = await deps.service.series(ind, org, now, 6);
  const last = series.filter((p) => p.value !== null).at(-1);
  const directions =
    ind.computed === 'avvikelser-per-manad' && !ind.where && last
      ? byDirection(await deps.service.casesCreatedIn('month', last.period), org, last.period, deps.reference)
      : undefined;
  return buildIndicatorCard(deps, locale, place, ind, org, series, last, directions);
}

function buildIndicatorCard(
  deps: IndicatorDeps,
  locale: Locale,
  place: Turn['place'],
  ind: Indicator,
  org: string,
  series: readonly Point[],
  last: Point | undefined,
  directions: ReturnType<typeof byDirection> | undefined,
): Card {
  const tr = translator(locale);
  const status = statusOf(ind, last?.value);
  const trend = trendOf(
    ind,
    series.map((p) => p.value),
  );
  const extra = directions
    ? tr('indicator.byDirection', {
        list:
          Object.entries(directions)
            .map(([d, n]) => `${tr(`direction.${d}` as MessageKey)} ${n}`)
            .join(', ') || '–',
      })
    : '';
  return deps.cards.render('indicator', {
    title: label(ind.name, locale),
    orgLine: `${deps.organisations.name(org)} · ${tr(`indicator.period.${ind.periodType}`)}`,
    example: series.some((p) => p.example),
    exampleText: tr('indicator.example'),
    statusLine: `${lightMark(status)} ${tr('indicator.status', { status: statusWord(tr, ind, last?.value), trend: tr(`indicator.trend.${trend}`) })}`,
    statusColor: lightTextColor(status),
    facts: indicatorFacts(tr, locale, ind, last),
    chartTitle: tr('indicator.chart'),
    // A native chart where Teams draws one (elsewhere its title). The client prints bar values
    // in its own number style ("34.50") and cuts long bar labels: the bars carry no printed
    // value, and the figures follow once, in the reader's style, in the line under the chart.
    points: series
      .filter((p) => p.value !== null)
      .map((p) => ({ x: formatPeriod(p.period, locale), y: Math.round(p.value! * 10) / 10, color: CHART_COLOR[statusOf(ind, p.value)] })),
    unit: label(ind.unit, locale),
    valuesLine: series.map((p) => `${formatPeriod(p.period, locale)}: ${valueText(ind, p.value, locale)}`).join(' · '),
    extra,
    sourceLine: tr('indicator.source', { source: cited(label(ind.source, locale), locale) }),
    indicator: ind.id,
    org,
    buttons: place.kind === 'personal' ? [] : [{ title: tr('indicator.follow'), verb: INDICATOR_VERBS.follow }],
  });
}

export interface ListView {
  title: string;
  intro: string;
  more?: string;
  buttons?: PageButton[];
  /** A list that can grow past one card: the page shown, and the verb and data that turn it. */
  paging?: { page: number; verb: string; data: Record<string, string> };
}

/** Teams shows at most six actions on a card. */
const MAX_CHOICES = 6;

/**
 * Several indicators match what was written (`sätt mål vårdgaranti`, `följ indikator …`): a
 * button for each that runs the command's own verb for it, as `indikator` offers a list.
 */
export function indicatorChoice(
  deps: Pick<IndicatorDeps, 'cards'>,
  turn: Turn,
  query: string,
  matches: readonly Indicator[],
  verb: string,
  data: Record<string, string> = {},
): Card {
  const tr = translator(turn.locale);
  return deps.cards.render('hint', {
    text: tr(matches.length > MAX_CHOICES ? 'indicator.whichMany' : 'indicator.which', {
      query,
      count: matches.length,
      shown: MAX_CHOICES,
    }),
    buttons: matches
      .slice(0, MAX_CHOICES)
      .map((ind) => ({ title: label(ind.name, turn.locale), verb, data: { ...data, indicator: ind.id } })),
  });
}

/** Indicators on a page of a list (each about 0.9 KB of card; the catalogue has over 40). */
const INDICATOR_PAGE_SIZE = 12;

/** Indicators with their status for one organisation, each opening its card; example data said. */
export async function statusList(deps: IndicatorDeps, turn: Turn, view: ListView, all: readonly Indicator[], org: string): Promise<Card> {
  const tr = translator(turn.locale);
  const page = pageOf(all, view.paging?.page ?? 1, INDICATOR_PAGE_SIZE);
  const { pageLine, pageButtons } = view.paging
    ? pager(tr, page, INDICATOR_PAGE_SIZE, view.paging.verb, view.paging.data)
    : { pageLine: '', pageButtons: [] };
  const list = page.items;
  const latest = await Promise.all(list.map((ind) => deps.service.latest(ind, org, turn.now)));
  return deps.cards.render('indicator-list', {
    title: view.title,
    intro: view.intro,
    example: latest.some((l) => l.example),
    exampleText: tr('indicator.example'),
    openTitle: tr('mine.open'),
    more: view.more ?? '',
    pageLine,
    buttons: [...pageButtons, ...(view.buttons ?? [])],
    items: list.map((ind, i) => ({
      indicator: ind.id,
      org,
      name: label(ind.name, turn.locale),
      line:
        ind.target === null
          ? statusWord(tr, ind, latest[i]!.value)
          : `${lightMark(latest[i]!.status)} ${statusWord(tr, ind, latest[i]!.value)}`,
      color: ind.target === null ? 'Default' : lightTextColor(latest[i]!.status),
    })),
  });
}

export function valueForm(deps: IndicatorDeps, turn: Turn, values: Record<string, string> = {}, notice = ''): Card {
  const tr = translator(turn.locale);
  return deps.cards.render('indicator-value', {
    title: tr('indicator.registerTitle'),
    notice,
    values: { indicator: '', org: '', period: '', value: '', ...values },
    indicators: deps.service.catalogue.indicators
      .filter((i) => !i.computed)
      .map((i) => ({ title: label(i.name, turn.locale), value: i.id })),
    orgs: deps.organisations.all.map((o) => ({ title: o.name, value: o.id })),
    labels: {
      indicator: tr('indicator.field.indicator'),
      org: tr('indicator.field.org'),
      period: tr('indicator.field.period'),
      periodExample: tr('indicator.field.periodExample'),
      value: tr('indicator.field.value'),
      valueHint: tr('indicator.field.valueHint'),
      required: tr('form.error.required'),
      save: tr('case.save'),
    },
  });
}
