// The provider assessment (verksamhetsbedömning, 002_… kapitel 2, "Beslutsstöd för
// verksamhetsbedömning"): each provider grön, gul or röd from its history, only from confirmed
// deviations ("Innan en avvikelse är bekräftad är det inte möjligt eller önskvärt att vidta
// några åtgärder"), with the reason shown beside the colour, or a manual override with a
// reason. An internal tool: only the follow-up team ever sees it.
//   röd  – a serious deviation not remedied by the action plan it got (or escalated past it);
//   gul  – deviations occur or have recently occurred, an action plan running among them;
//   grön – no confirmed deviations recently.
// "Recently" is a local setting (ladder.json lights.windowMonths).
import { z } from 'zod/v4';
import type { MessageKey } from '../core/i18n/index.js';
import type { Ladder } from '../core/refdata.js';
import type { Case } from './model.js';
import { Counters, type Tally, type Tallied } from '../store/contract.js';

export const Light = z.enum(['gron', 'gul', 'rod']);
export type Light = z.infer<typeof Light>;

export const LightOverride = z.object({
  id: z.string().min(1),
  version: z.number().int().positive(),
  color: Light,
  reason: z.string().min(3).max(1000),
  by: z.string(),
  at: z.iso.datetime(),
});
export type LightOverride = z.infer<typeof LightOverride>;

export interface LightVerdict {
  color: Light;
  /** Why, in one catalogue message with the cases named. */
  reason: MessageKey;
  cases: string[];
}

/** Confirmed: assessed as a deviation to watch or follow up, not closed as unfounded. */
function confirmed(c: Case): boolean {
  const triage = c.events.find((e) => e.type === 'triagerad');
  const unfounded = c.events.some((e) => e.type === 'avslutad' && e.to === 'ej-befogad');
  return c.report.kind === 'avvikelse' && triage !== undefined && triage.to !== 'ingen-atgard' && !unfounded;
}

const beyondPlan = ['3', '3a', '3b', '4a', '4b', '5'];

const planRunning = (c: Case) => c.status !== 'avslutad' && c.deadlines.some((d) => d.kind === 'handlingsplan' && !d.closedAt);

/** The later of a case's report and its last closing: a closed case counts while this is inside the window. */
export const lightDate = (c: Case): string => {
  const closed = c.events.findLast((e) => e.type === 'avslutad')?.at ?? '';
  return closed > c.createdAt ? closed : c.createdAt;
};

/**
 * The lights' read model (a Tally the case store keeps on every write, by the `light` index: open
 * cases under 'open', closed ones under the month of lightDate): per receiver, each confirmed
 * case once, with what it needs of the case to judge the light on any day. The reporting unit
 * rides along, so a summary for one organisation can leave out the cases it does not cover. A
 * case that could make the light red counts also in the group "red:<receiver>", which the
 * summary of every provider reads alone.
 */
export const LIGHTS_TALLY: Tally<Case> = {
  name: 'lights',
  generation: 0,
  index: 'light',
  *countsOf(c) {
    if (!confirmed(c)) return;
    const [receiver, tail] = [c.report.receiver, `${c.number}\t${c.report.reporterUnit}`];
    if (c.status === 'avslutad') {
      yield [receiver, `closed\t${lightDate(c)}\t${tail}`];
      return;
    }
    yield [receiver, `open\t\t${tail}`];
    if (planRunning(c)) yield [receiver, `plan\t\t${tail}`];
    if (c.assessment !== 'allvarlig') return;
    const failed = c.events.some((e) => e.type === 'steg' && e.to === '2b' && e.details?.['outcome'] !== 'genomford');
    // A serious deviation the plan did not remedy: followed up as not done, escalated past it, or
    // (on the day after) a running plan's date passed.
    if (failed || beyondPlan.includes(c.step ?? '')) yield [`red:${receiver}`, `red\t\t${tail}`];
    for (const d of c.deadlines) if (d.kind === 'handlingsplan' && !d.closedAt) yield [`red:${receiver}`, `red\t${d.due}\t${tail}`];
  },
};

/** A counter of the lights' tally: what, its date (a plan's due date, a closed case's lightDate), the case, its reporting unit. */
const parsed = (counter: string) => counter.split('\t') as [kind: string, date: string, number: string, reporterUnit: string];

/** The cases that make a provider's light red on a day (a running plan red the day after its date). */
function redNumbers(open: Tallied, receiver: string, today: string, covered: (reporterUnit: string) => boolean): string[] {
  const red = new Set<string>();
  for (const counter of open.get(`red:${receiver}`)?.keys() ?? []) {
    const [, due, number, unit] = parsed(counter);
    if ((!due || due < today) && covered(unit)) red.add(number);
  }
  return [...red].sort();
}

/**
 * A provider's light on a day from the lights' counters (the 'open' key's first, then the
 * window's months): red, yellow with a plan running, yellow, or green (see the top of this file).
 */
export function lightFrom(
  [open, ...months]: readonly Tallied[],
  receiver: string,
  today: string,
  ladder: Pick<Ladder, 'lights'>,
  covered: (reporterUnit: string) => boolean = () => true,
): LightVerdict {
  const red = redNumbers(open ?? new Map(), receiver, today, covered);
  if (red.length) return { color: 'rod', reason: 'light.reason.rod', cases: red };
  const from = windowStart(today, ladder);
  const [running, relevant] = [new Set<string>(), new Set<string>()];
  for (const part of [open, ...months])
    for (const counter of part?.get(receiver)?.keys() ?? []) {
      const [kind, date, number, unit] = parsed(counter);
      if (!covered(unit) || (kind === 'closed' && date < from)) continue;
      relevant.add(number);
      if (kind === 'plan') running.add(number);
    }
  if (running.size) return { color: 'gul', reason: 'light.reason.plan', cases: [...running].sort() };
  if (relevant.size) return { color: 'gul', reason: 'light.reason.gul', cases: [...relevant].sort() };
  return { color: 'gron', reason: 'light.reason.gron', cases: [] };
}

/** Whether a provider's light is red on a day, from the open cases' counters alone (red comes only from open cases). */
export function isRed(open: Tallied, receiver: string, today: string, covered: (reporterUnit: string) => boolean = () => true): boolean {
  return redNumbers(open, receiver, today, covered).length > 0;
}

/** The instant the light's window opens (ISO): `windowMonths` before noon today. */
export function windowStart(today: string, ladder: Pick<Ladder, 'lights'>): string {
  const since = new Date(`${today}T12:00:00Z`);
  since.setUTCMonth(since.getUTCMonth() - ladder.lights.windowMonths);
  return since.toISOString();
}

/** The colour from a provider's cases (as receiver), today, with its reason: a count of them, as the store keeps it. */
export function derivedLight(cases: readonly Case[], today: string, ladder: Pick<Ladder, 'lights'>): LightVerdict {
  const asOne = { countsOf: (c: Case) => LIGHTS_TALLY.countsOf({ ...c, report: { ...c.report, receiver: '' } }, '') };
  return lightFrom([Counters.of(asOne, cases).groups], '', today, ladder);
}

export interface ProviderLight {
  color: Light;
  derived: LightVerdict;
  override?: LightOverride;
}

/** A provider's light: the override set on it, else the derived one. */
export const providerLight = (derived: LightVerdict, override?: LightOverride): ProviderLight => ({
  color: override?.color ?? derived.color,
  derived,
  override,
});
