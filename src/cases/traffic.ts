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

/** A serious deviation the action plan did not remedy: followed up as not done, escalated, or overdue. */
function unremedied(c: Case, today: string): boolean {
  if (c.assessment !== 'allvarlig') return false;
  const followedUp = c.events.filter((e) => e.type === 'steg' && e.to === '2b');
  const failed = followedUp.some((e) => e.details?.['outcome'] !== 'genomford');
  const escalated = c.status !== 'avslutad' && beyondPlan.includes(c.step ?? '');
  const overdue = c.status !== 'avslutad' && c.deadlines.some((d) => d.kind === 'handlingsplan' && !d.closedAt && d.due < today);
  return (failed && c.status !== 'avslutad') || escalated || overdue;
}

const planRunning = (c: Case) => c.status !== 'avslutad' && c.deadlines.some((d) => d.kind === 'handlingsplan' && !d.closedAt);

/** The colour from a provider's cases (as receiver), today, with its reason. */
export function derivedLight(cases: readonly Case[], today: string, ladder: Pick<Ladder, 'lights'>): LightVerdict {
  const since = new Date(`${today}T12:00:00Z`);
  since.setUTCMonth(since.getUTCMonth() - ladder.lights.windowMonths);
  const from = since.toISOString();
  const closedAt = (c: Case) => c.events.findLast((e) => e.type === 'avslutad')?.at ?? '';
  const relevant = cases.filter((c) => confirmed(c) && (c.status !== 'avslutad' || closedAt(c) >= from || c.createdAt >= from));
  const numbers = (cs: readonly Case[]) => cs.map((c) => c.number).sort();
  const red = relevant.filter((c) => unremedied(c, today));
  if (red.length) return { color: 'rod', reason: 'light.reason.rod', cases: numbers(red) };
  const running = relevant.filter(planRunning);
  if (running.length) return { color: 'gul', reason: 'light.reason.plan', cases: numbers(running) };
  if (relevant.length) return { color: 'gul', reason: 'light.reason.gul', cases: numbers(relevant) };
  return { color: 'gron', reason: 'light.reason.gron', cases: [] };
}

export interface ProviderLight {
  color: Light;
  derived: LightVerdict;
  override?: LightOverride;
}

/** Per set of candidate cases (a snapshot the case queries keep while nothing changes). */
interface Lights {
  day: string;
  received: Map<string, Case[]>;
  verdicts: Map<string, LightVerdict>;
}
const lightsOf = new WeakMap<readonly Case[], Lights>();

/**
 * A provider's light from the candidate cases (CaseQueries.forLights): the cases are grouped by
 * receiver once, and each provider's verdict kept, for as long as the same snapshot is asked
 * about on the same day; the follow-up team's summary asks for every provider at once.
 */
export function providerLight(
  cases: readonly Case[],
  providerId: string,
  today: string,
  ladder: Pick<Ladder, 'lights'>,
  override?: LightOverride,
): ProviderLight {
  const day = `${today}/${ladder.lights.windowMonths}`;
  let lights = lightsOf.get(cases);
  if (lights?.day !== day) lightsOf.set(cases, (lights = { day, received: byReceiver(cases), verdicts: new Map() }));
  let derived = lights.verdicts.get(providerId);
  if (!derived) lights.verdicts.set(providerId, (derived = derivedLight(lights.received.get(providerId) ?? [], today, ladder)));
  return { color: override?.color ?? derived.color, derived, override };
}

function byReceiver(cases: readonly Case[]): Map<string, Case[]> {
  const received = new Map<string, Case[]>();
  for (const c of cases) {
    const list = received.get(c.report.receiver);
    if (list) list.push(c);
    else received.set(c.report.receiver, [c]);
  }
  return received;
}
