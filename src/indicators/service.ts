// Indicator values: finding an indicator by what people type, the series for an organisation
// (stored or computed from cases), imports that apply all valid rows or nothing, corrections
// that keep history, and follow notifications when a new value changes a status.
import type { CapabilityDeps } from '../deps.js';
import { swedishDate } from '../core/clock.js';
import { fold } from '../core/text.js';
import { computedValue } from './computed.js';
import type { Case } from '../cases/model.js';
import { CaseQueries } from '../cases/queries.js';
import type { CsvRow, Rejected } from './csv.js';
import { periodOf, statusOf, valueId, type Catalogue, type Indicator, type IndicatorValue, type PeriodType, type Status } from './model.js';

/** A followed indicator whose status a new value changed: the channel is told once. */
export interface StatusChange {
  conversation: string;
  indicator: Indicator;
  org: string;
  from: Status;
  to: Status;
}

export interface Point {
  period: string;
  value: number | null;
  example: boolean;
}

/** An indicator's year partitions ("<id>-YYYY"), newest first. */
const yearsOf = (partitions: readonly string[], indicatorId: string): string[] =>
  partitions.filter((key) => key.length === indicatorId.length + 5 && key.startsWith(indicatorId) && key.at(-5) === '-').reverse();

function previousPeriod(type: PeriodType, period: string): string {
  if (type === 'year') return String(Number(period) - 1);
  if (type === 'month') {
    const [y, m] = period.split('-').map(Number) as [number, number];
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  }
  const [y, n] = [Number(period.slice(0, 4)), Number(period.slice(6))];
  if (type === 'halfyear') return n === 1 ? `${y - 1}-H2` : `${y}-H1`;
  return n === 1 ? `${y - 1}-Q4` : `${y}-Q${n - 1}`;
}

/** The calendar months (YYYY-MM) a period spans. */
function monthsOf(type: PeriodType, period: string): string[] {
  if (type === 'month') return [period];
  const year = period.slice(0, 4);
  const count = { year: 12, halfyear: 6, quarter: 3 }[type];
  const first = type === 'year' ? 1 : (Number(period.slice(6)) - 1) * count + 1;
  return Array.from({ length: count }, (_, i) => `${year}-${String(first + i).padStart(2, '0')}`);
}

export class IndicatorService {
  private readonly folded = new Map<string, string>();
  private readonly byId: ReadonlyMap<string, Indicator>;
  private readonly cases: CaseQueries;

  constructor(
    private readonly deps: Pick<CapabilityDeps<'indicatorValues' | 'indicatorTargets' | 'follows' | 'cases'>, 'stores' | 'reference'>,
    readonly catalogue: Catalogue,
  ) {
    this.byId = new Map(catalogue.indicators.map((i) => [i.id, i]));
    // Computed indicators count cases by the Swedish month they were reported in, or an action
    // plan by the month it was due (CASE_INDEXES).
    this.cases = CaseQueries.of(deps.stores.cases);
  }

  /** Cases created in a period (Swedish time); a superset filter for computed indicators. */
  async casesCreatedIn(type: PeriodType, period: string): Promise<Case[]> {
    return ([] as Case[]).concat(...(await Promise.all(monthsOf(type, period).map((m) => this.cases.reportedInMonth(m)))));
  }

  private async casesFor(ind: Indicator, period: string): Promise<Case[]> {
    if (ind.computed !== 'handlingsplan-i-tid') return this.casesCreatedIn(ind.periodType, period);
    return [...new Set((await Promise.all(monthsOf(ind.periodType, period).map((m) => this.cases.withPlanDueIn(m)))).flat())];
  }

  /** An indicator's id, names and area, folded once (the catalogue does not change). */
  private searchText(ind: Indicator): string {
    let text = this.folded.get(ind.id);
    if (text === undefined) this.folded.set(ind.id, (text = fold(`${ind.id} ${ind.name.sv} ${ind.name.en} ${ind.area}`)));
    return text;
  }

  /** The catalogue's indicators, each with the target a working group set, if any. */
  indicators(): Indicator[] {
    return this.catalogue.indicators.map((i) => this.withTarget(i));
  }

  get(id: string): Indicator | undefined {
    const ind = this.byId.get(id);
    return ind && this.withTarget(ind);
  }

  private withTarget(ind: Indicator): Indicator {
    const set = this.deps.stores.indicatorTargets.get(ind.id);
    return set ? { ...ind, target: set.target, warning: set.warning } : ind;
  }

  /** Loose matching: case, å/ä/ö and parts of words do not matter; every query word must match. */
  find(query: string): Indicator[] {
    const q = fold(query);
    const words = q.split(' ').filter(Boolean);
    if (!words.length) return [];
    // Ids are lower-case slugs (model.ts), so a folded query equals one exactly or not at all.
    const exact = this.get(q);
    if (exact) return [exact];
    return this.indicators().filter((i) => words.every((w) => this.searchText(i).includes(w)));
  }

  /** When nothing matches: the indicators sharing most word beginnings with the query. */
  suggest(query: string, n = 3): Indicator[] {
    const words = fold(query)
      .split(' ')
      .filter((w) => w.length >= 3)
      .map((w) => w.slice(0, 4));
    return this.indicators()
      .map((i) => ({ i, score: words.filter((w) => this.searchText(i).includes(w)).length }))
      .sort((a, b) => b.score - a.score)
      .slice(0, n)
      .map((x) => x.i);
  }

  /**
   * The last `n` periods of an indicator for an organisation, oldest first: computed ones up
   * to today; stored ones the last n with a value row, read newest year first until found.
   */
  async series(ind: Indicator, org: string, now: Date, n = 6): Promise<Point[]> {
    const today = swedishDate(now);
    if (ind.computed) {
      const periods: string[] = [];
      let p = periodOf(ind.periodType, today);
      for (let i = 0; i < n; i++) {
        periods.unshift(p);
        p = previousPeriod(ind.periodType, p);
      }
      return Promise.all(
        periods.map(async (period) => ({
          period,
          value: computedValue(ind, await this.casesFor(ind, period), org, period, today, this.deps.reference),
          example: false,
        })),
      );
    }
    const store = this.deps.stores.indicatorValues;
    const years = yearsOf(store.partitions(), ind.id);
    const found: IndicatorValue[] = [];
    for (const year of years) {
      found.push(...(await store.partition(year)).filter((v) => v.org === org));
      if (found.length >= n) break;
    }
    return found
      .sort((a, b) => a.period.localeCompare(b.period))
      .slice(-n)
      .map((v) => ({ period: v.period, value: v.value, example: v.source === 'example' }));
  }

  async latestStatus(ind: Indicator, org: string, now: Date): Promise<Status> {
    return (await this.latest(ind, org, now)).status;
  }

  /** The latest value's status, and whether the values shown are example data. */
  async latest(ind: Indicator, org: string, now: Date): Promise<{ status: Status; value: number | null; example: boolean }> {
    const series = await this.series(ind, org, now, 6);
    const last = series.filter((p) => p.value !== null).at(-1);
    return { status: statusOf(ind, last?.value), value: last?.value ?? null, example: series.some((p) => p.example) };
  }

  /** Writes rows (upsert, old values kept in history) and returns followed status changes. */
  async apply(rows: Omit<CsvRow, 'line'>[], source: IndicatorValue['source'], by: string, now: Date): Promise<StatusChange[]> {
    const touched = new Set(rows.map((r) => `${r.indicator}|${r.org}`));
    const follows = this.deps.stores.follows.all().filter((f) => touched.has(`${f.indicator}|${f.org}`));
    for (const r of rows) {
      const id = valueId(r.indicator, r.org, r.period);
      const current = await this.deps.stores.indicatorValues.get(id);
      if (current && current.value === r.value && current.source === source) continue;
      await this.deps.stores.indicatorValues.put(
        {
          id,
          indicator: r.indicator,
          org: r.org,
          period: r.period,
          value: r.value,
          source,
          updatedAt: now.toISOString(),
          updatedBy: by,
          history: current
            ? [...current.history, { value: current.value, source: current.source, at: current.updatedAt, by: current.updatedBy }]
            : [],
        },
        { expectedVersion: current?.version ?? 0 },
      );
    }
    const changes: StatusChange[] = [];
    for (const f of follows) {
      const ind = this.get(f.indicator);
      if (!ind) continue;
      const status = await this.latestStatus(ind, f.org, now);
      if (status === f.lastStatus) continue;
      await this.deps.stores.follows.put({ ...f, lastStatus: status }, { expectedVersion: f.version });
      changes.push({ conversation: f.conversation, indicator: ind, org: f.org, from: f.lastStatus, to: status });
    }
    return changes;
  }

  async importRows(
    parsed: { rows: CsvRow[]; rejected: Rejected[] },
    strict: boolean,
    by: string,
    now: Date,
    source: IndicatorValue['source'] = 'csv',
  ) {
    if (strict && parsed.rejected.length) return { applied: 0, rejected: parsed.rejected, changes: [] as StatusChange[] };
    const changes = await this.apply(parsed.rows, source, by, now);
    return { applied: parsed.rows.length, rejected: parsed.rejected, changes };
  }
}
