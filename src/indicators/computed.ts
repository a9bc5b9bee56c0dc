// Indicators computed from the bot's own cases (004_…, Bilaga 2: "Avvikelse i samverkan"):
// always derived on demand, so a new report or step changes them at once.
import { followedUpInTime, type Case, type Direction } from '../cases/model.js';
import { daysBetween, swedishDate } from '../core/clock.js';
import type { Reference } from '../core/refdata.js';
import type { Sides } from '../core/scope.js';
import { COUNTY, periodOf, type Indicator } from './model.js';

/** The organisations a case concerns: the county, the reporting unit, the receiver and their delregions. */
export function concernedOrgs(c: { report: Sides }, ref: Reference): Set<string> {
  const orgs = new Set([COUNTY, c.report.receiver, c.report.reporterUnit]);
  for (const u of [c.report.receiver, c.report.reporterUnit]) {
    const delregion = ref.provider(u)?.delregion;
    if (delregion) orgs.add(delregion);
  }
  return orgs;
}

/** Does the case concern the organisation (as reporting unit or receiver)? */
export function concerns(c: { report: Sides }, org: string, ref: Reference): boolean {
  return org === COUNTY || concernedOrgs(c, ref).has(org);
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const share = (hits: number, all: number) => (all === 0 ? null : Math.round((1000 * hits) / all) / 10);

export function computedValue(
  ind: Indicator,
  cases: readonly Case[],
  org: string,
  period: string,
  today: string,
  ref: Reference,
): number | null {
  const mine = cases.filter((c) => concerns(c, org, ref));
  const created = (c: Case) => periodOf(ind.periodType, swedishDate(new Date(c.createdAt))) === period;
  const triagedAt = (c: Case) => c.events.find((e) => e.type === 'triagerad')?.at;
  switch (ind.computed) {
    case 'avvikelser-per-manad': {
      const { category, consequence } = ind.where ?? {};
      return mine.filter(
        (c) =>
          c.report.kind === 'avvikelse' &&
          created(c) &&
          (!category || c.report.category === category) &&
          (!consequence || c.report.consequence === consequence),
      ).length;
    }
    case 'dagar-till-triage': {
      const days = mine.filter(created).flatMap((c) => {
        const at = triagedAt(c);
        return at ? [daysBetween(swedishDate(new Date(c.createdAt)), swedishDate(new Date(at)))] : [];
      });
      return days.length ? median(days) : null;
    }
    case 'svar-60': {
      const due = mine.filter((c) => created(c) && (c.answerDue <= today || triagedAt(c)));
      return share(
        due.filter((c) => {
          const at = triagedAt(c);
          return at !== undefined && swedishDate(new Date(at)) <= c.answerDue;
        }).length,
        due.length,
      );
    }
    case 'handlingsplan-i-tid': {
      const plans = mine.flatMap((c) =>
        c.deadlines
          .filter((d) => d.kind === 'handlingsplan' && periodOf(ind.periodType, d.due) === period && d.due < today)
          .map((d) => ({ c, d })),
      );
      const inTime = plans.filter(({ c, d }) => followedUpInTime(c, d, ref.ladder));
      return share(inTime.length, plans.length);
    }
    default:
      return null;
  }
}

/** Deviations in a period by direction (shown beside the monthly count). */
export function byDirection(cases: readonly Case[], org: string, period: string, ref: Reference): Partial<Record<Direction, number>> {
  const out: Partial<Record<Direction, number>> = {};
  for (const c of cases) {
    if (c.report.kind !== 'avvikelse' || !concerns(c, org, ref) || periodOf('month', swedishDate(new Date(c.createdAt))) !== period)
      continue;
    out[c.report.direction] = (out[c.report.direction] ?? 0) + 1;
  }
  return out;
}
