// A case (ärende): one reported deviation or complaint, its current state on the escalation
// ladder, and its append-only audit trail. Reporting creates it; case handling moves it.
import { z } from 'zod/v4';
import { swedishDate } from '../core/clock.js';
import type { Provider, Reference } from '../core/refdata.js';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'datum ÅÅÅÅ-MM-DD');

export const CaseKind = z.enum(['avvikelse', 'synpunkt']);
export type CaseKind = z.infer<typeof CaseKind>;
/**
 * From the reporting unit's kind to the receiver's. 'okand': the receiver is not in the register
 * yet (Annan vårdgivare, set at the first assessment). 'privat' is how cases reported before
 * 2026-12 lumped every private provider together, either side; they keep it.
 */
export const Direction = z.enum([
  'kommun-region',
  'region-kommun',
  'kommun-kommun',
  'region-region',
  'kommun-privat',
  'privat-kommun',
  'region-privat',
  'privat-region',
  'privat-privat',
  'privat',
  'okand',
]);
export type Direction = z.infer<typeof Direction>;
export const Consequence = z.enum(['risk', 'tillbud', 'negativ-handelse']);
/** Severity as the risk matrix grades it, as the forms send it: 1 mindre … 4 katastrofal. */
export const Severity = z.enum(['1', '2', '3', '4']);
export const Dialogue = z.enum(['ja', 'nej', 'ej-mojligt']);
/** Who reports, as 000_… asks to follow it ("ibland enhetschefer, medarbetare och MAS, ibland enbart MAS"). */
export const ReporterRole = z.enum(['medarbetare', 'enhetschef', 'mas']);
/** The reporter's "vet ej" on a classification the first assessment sets (issue 16). */
export const NOT_KNOWN = 'vet-ej';
/**
 * The receiver choice for a provider the register lacks (issue 33.9): the reporter names it in
 * words, and the first assessment maps it to the register. Until then no receiver sees the case.
 */
export const OTHER_PROVIDER = 'annan';
/** Whether the case's receiver is a provider of the register (not yet, for Annan vårdgivare). */
export const receiverKnown = (r: Pick<Report, 'receiver'>): boolean => r.receiver !== OTHER_PROVIDER;
/** The direction from the two providers' kinds; 'okand' while the receiver is not in the register. */
export function direction(from: Pick<Provider, 'kind'>, to: Pick<Provider, 'kind'> | undefined): Direction {
  return to ? (`${from.kind}-${to.kind}` as Direction) : 'okand';
}
/** What the first assessment must set when the reporter did not know it. */
export const CLASSIFICATION = ['cause', 'consequence', 'severity'] as const;

/** What the reporter filled in; validated by reporting/form.ts before it gets here. */
export const Report = z.object({
  kind: CaseKind,
  eventDate: IsoDate,
  eventTime: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .optional(),
  reporterUnit: z.string(),
  /** The reporter's function, if they said: statistics of who reports, never who. */
  reporterRole: ReporterRole.optional(),
  receiver: z.string(),
  /** The receiver's name as the reporter wrote it, when it is not in the register (screened). */
  otherReceiver: z.string().max(120).optional(),
  direction: Direction,
  category: z.string(),
  /** Cause, consequence and severity may be left to the first assessment ("vet ej"): undefined until then. */
  cause: z.string().optional(),
  agreement: z.string().optional(),
  consequence: Consequence.optional(),
  severity: z.number().int().min(1).max(4).optional(),
  description: z.string(),
  immediateAction: z.string(),
  dialogue: Dialogue,
  medControlId: z.string().optional(),
});
export type Report = z.infer<typeof Report>;

const Person = z.object({ userId: z.string(), name: z.string() });

const CaseEventType = z.enum([
  'rapporterad',
  'overlamnad',
  'lankad-rapport',
  'triagerad',
  'steg',
  'handlingsplan',
  'uppfoljning',
  'atgard',
  'bedomning',
  'kommentar',
  'avslutad',
  /** A deep follow-up ended by returning the case to running follow-up (002_… kapitel 3): still open. */
  'aterford',
  /** The receiver's mottagare sent a misaddressed report on to another provider or unit (issue 31.2). */
  'vidarebefordrad',
  'nekad',
]);
type CaseEventType = z.infer<typeof CaseEventType>;

/** One line of the audit trail. Never edited or removed. */
export const CaseEvent = z.object({
  at: z.iso.datetime(),
  type: CaseEventType,
  actor: z.object({ userId: z.string(), name: z.string(), roles: z.array(z.string()) }),
  from: z.string().optional(),
  to: z.string().optional(),
  comment: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  activityId: z.string().optional(),
  /** Shown in the reporter's own history (never internal notes or the traffic light). */
  visibleToReporter: z.boolean(),
});
export type CaseEvent = z.infer<typeof CaseEvent>;

const CaseStatus = z.enum(['ny', 'bevakning', 'uppfoljning', 'avslutad']);
type CaseStatus = z.infer<typeof CaseStatus>;

const LinkedReport = z.object({
  formId: z.string(),
  at: z.iso.datetime(),
  reporter: Person,
  report: Report,
});

export const DeadlineKind = z.enum(['handlingsplan', 'anmodan', 'kontrollplan', 'bevakning']);
export type DeadlineKind = z.infer<typeof DeadlineKind>;

/** A date someone must act by: reminders (issue 6) are planned from these. */
export const Deadline = z.object({
  id: z.string(),
  kind: DeadlineKind,
  due: IsoDate,
  setAt: z.iso.datetime(),
  /** The step that set it (2a, 3a, 4a) or 'triage' for bevakning. */
  stepId: z.string(),
  contactPerson: z.string().optional(),
  /** Set when the follow-up step is recorded or the case closes. */
  closedAt: z.iso.datetime().optional(),
});
export type Deadline = z.infer<typeof Deadline>;

/**
 * Whether an action plan was followed up in time: its ladder's follow-up step (2b for 2a, s2 for
 * the collaboration ladder's s1) recorded after the plan was set and by its date (Swedish days).
 * The board report and the plans-in-time indicator count by it.
 */
export function followedUpInTime(c: Pick<Case, 'events'>, d: Deadline, ladder: Pick<Reference['ladder'], 'followUps'>): boolean {
  const by = ladder.followUps[d.stepId]?.followedUpBy;
  return c.events.some((e) => e.type === 'steg' && e.to === by && e.at > d.setAt && swedishDate(new Date(e.at)) <= d.due);
}

export const Grade = z.enum(['hog', 'mellan', 'lag']);
const Grades = z.object({ A: Grade, B: Grade, C: Grade, D: Grade, E: Grade });
type Grades = z.infer<typeof Grades>;

export const Case = z.object({
  id: z.string().min(1),
  version: z.number().int().positive(),
  number: z.string().regex(/^AVV-\d{4}-\d{5}$/),
  /** The id of the form card it came from: makes a double submit idempotent. */
  formId: z.string().min(1),
  createdAt: z.iso.datetime(),
  reporter: Person,
  report: Report,
  status: CaseStatus,
  assessment: z.enum(['mindre', 'allvarlig']).optional(),
  step: z.string().optional(),
  watchUntil: IsoDate.optional(),
  /** When the receiving provider's answer is due (answers.json, a local routine). */
  answerDue: IsoDate,
  /**
   * Reported since the answer loop (issue 14): the receiver's mottagare owe the answer. Older
   * cases (false) keep the earlier rule: the officers are reminded while the case is new.
   */
  answerLoop: z.boolean().default(false),
  linked: z.array(LinkedReport),
  events: z.array(CaseEvent),
  deadlines: z.array(Deadline).default([]),
  /** Why a step was skipped (the order of measures must hold for final measures). */
  skipReasons: z.record(z.string(), z.string()).default({}),
  /**
   * Which ladder the case is on: a contracted receiver's running follow-up, or deep after a
   * handover (002_…); a municipality's or the region's own unit's collaboration ladder (000_…).
   */
  track: z.enum(['lopande', 'fordjupad', 'samverkan']).default('lopande'),
  /** Prioritising for deep follow-up: A risk, B väsentlighet, C measures, D system effects, E feasibility. */
  grades: Grades.optional(),
  /** Set by the retention job: free text and people removed, classification and dates kept. */
  anonymisedAt: z.iso.datetime().optional(),
});
export type Case = z.infer<typeof Case>;

/** Case numbers are sequential per year: AVV-2026-00042. */
export function caseNumber(year: number, seq: number): string {
  return `AVV-${year}-${String(seq).padStart(5, '0')}`;
}

export function nextSequence(existing: readonly { number: string }[], year: number): number {
  const prefix = `AVV-${year}-`;
  let max = 0;
  for (const c of existing) {
    if (c.number.startsWith(prefix)) max = Math.max(max, Number(c.number.slice(prefix.length)));
  }
  return max + 1;
}

export const isSerious = (severity: number | undefined): boolean => (severity ?? 0) >= 3;

/** When a case was closed: its last closing event (a close, or a triage to no action). */
export function closedAt(c: Pick<Case, 'events'>): string | undefined {
  return [...c.events].reverse().find((e) => e.type === 'avslutad' || (e.type === 'triagerad' && e.to === 'ingen-atgard'))?.at;
}

/** Steps of the deep ladder only: a case on one of these was on the deep track (schema 1). */
const DEEP_ONLY = ['3a', '3b', '4a', '4b', '5'];

/**
 * Schema 1 → 2: the two ladders (issue 15). A case already on a deep-only step is on the deep
 * track; every other case is on the running one. Nothing else changes, so open cases keep their
 * steps, dates and history.
 */
export const CASE_MIGRATIONS = {
  1: (raw: Record<string, unknown>) => ({ ...raw, track: DEEP_ONLY.includes(String(raw['step'] ?? '')) ? 'fordjupad' : 'lopande' }),
};

/** Newest reported first: the order the case store hands out every index's and find()'s arrays in (CASES.order). */
export const newestFirst = (a: Pick<Case, 'createdAt'>, b: Pick<Case, 'createdAt'>) =>
  a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0;
