// The joint cause analysis's rules (issue 35.2), pure: who takes part, when the bot proposes a
// cluster, and each step's decision. A refusal is a value; `mandate` marks one the audit keeps.
import { randomUUID } from 'node:crypto';
import { z } from 'zod/v4';
import type { MessageKey } from '../core/i18n/index.js';
import { FOLLOW_UP_TEAM, hasRole, type Actor } from '../core/roles.js';
import { actsFor } from '../core/scope.js';
import { FreeText } from '../core/screen.js';
import type { Refusal } from '../core/turn.js';
import { IsoDate, receiverKnown, type Case } from '../cases/model.js';
import { EffectResult, MeasureOwner } from '../answers/model.js';
import { FactorKind, type Analysis, type Subject } from './model.js';

/**
 * A cluster the bot proposes: at least `min` deviations to one receiver with the same category or
 * the same cause within `days`, none of them in an analysis yet. The handbook sets no number; three
 * in a quarter is where the follow-up team asked to be told (a setting here, not a rule of 000_…).
 */
export const CLUSTER = { days: 90, min: 3 } as const;

export interface Cluster {
  /** Stable while the same cases make it up: receiver, dimension and value. */
  key: string;
  receiver: string;
  dimension: 'category' | 'cause';
  value: string;
  from: string;
  to: string;
  cases: Case[];
}

/** The clusters in the period ending today, largest first; cases in an analysis already are left out. */
export function clusters(
  cases: readonly Case[],
  causesOf: (c: Case) => readonly string[],
  covered: (caseId: string) => boolean,
  from: string,
  to: string,
): Cluster[] {
  const groups = new Map<string, Cluster>();
  const add = (c: Case, dimension: Cluster['dimension'], value: string) => {
    const key = `${c.report.receiver}|${dimension}|${value}`;
    const g = groups.get(key) ?? { key, receiver: c.report.receiver, dimension, value, from, to, cases: [] };
    g.cases.push(c);
    groups.set(key, g);
  };
  for (const c of cases) {
    const day = c.createdAt.slice(0, 10);
    if (day < from || day > to || c.anonymisedAt || !receiverKnown(c.report) || covered(c.id)) continue;
    add(c, 'category', c.report.category);
    for (const cause of new Set(causesOf(c))) add(c, 'cause', cause);
  }
  const big = [...groups.values()].filter((g) => g.cases.length >= CLUSTER.min);
  // A cause cluster of exactly a category cluster's cases says nothing new.
  const sameAs = (a: Cluster, b: Cluster) => {
    if (a.cases.length !== b.cases.length) return false;
    const theirs = new Set(b.cases);
    return a.cases.every((c) => theirs.has(c));
  };
  return big
    .filter((g) => g.dimension === 'category' || !big.some((o) => o.dimension === 'category' && sameAs(g, o)))
    .sort((a, b) => b.cases.length - a.cases.length || a.key.localeCompare(b.key));
}

/** The subject of a cluster, as the analysis keeps it. */
export const clusterSubject = (g: Cluster): Subject => ({
  kind: 'cluster',
  dimension: g.dimension,
  value: g.value,
  from: g.from,
  to: g.to,
});

/** How an actor takes part: for the follow-up team, the receiver's mottagare, a reporting unit's chef. */
export type Part = 'team' | 'mottagare' | 'chef';

export function partOf(actor: Actor, a: Pick<Analysis, 'receiver' | 'reporterUnits'>): Part | undefined {
  const orgs = [a.receiver, ...a.reporterUnits];
  if (FOLLOW_UP_TEAM.some((r) => hasRole(actor, r)) && orgs.some((o) => actsFor(actor, o))) return 'team';
  if (hasRole(actor, 'mottagare') && actsFor(actor, a.receiver)) return 'mottagare';
  if (hasRole(actor, 'chef') && a.reporterUnits.some((u) => actsFor(actor, u))) return 'chef';
  return undefined;
}

/** The follow-up team of one of the cases' organisations starts an analysis. */
export const mayStart = (actor: Actor, cases: readonly Case[]): boolean =>
  FOLLOW_UP_TEAM.some((r) => hasRole(actor, r)) &&
  cases.some((c) => actsFor(actor, c.report.receiver) || actsFor(actor, c.report.reporterUnit));

/** The next number of the year: HA-2026-001, …; the ids held are the ones to follow. */
export function nextNumber(ids: readonly string[], year: number): string {
  const prefix = `HA-${year}-`;
  const last = Math.max(0, ...ids.filter((id) => id.startsWith(prefix)).map((id) => Number(id.slice(prefix.length))));
  return `${prefix}${String(last + 1).padStart(3, '0')}`;
}

const person = (a: Actor) => ({ userId: a.userId, name: a.name });

export interface StepContext {
  actor: Actor;
  now: Date;
  today: string;
  /** The reference causes' ids (a factor names one of them). */
  causes: readonly string[];
}

export function start(
  id: string,
  subject: Subject,
  cases: readonly Case[],
  channel: string,
  ctx: Pick<StepContext, 'actor' | 'now'>,
): Omit<Analysis, 'version'> {
  const first = cases[0]!;
  return {
    id,
    subject,
    caseIds: cases.map((c) => c.id),
    receiver: first.report.receiver,
    reporterUnits: [...new Set(cases.map((c) => c.report.reporterUnit))],
    category: first.report.category,
    channel,
    status: 'pagar',
    timeline: [],
    factors: [],
    measures: [],
    startedAt: ctx.now.toISOString(),
    startedBy: person(ctx.actor),
  };
}

// What each step's form sends (card inputs are strings; every free text screened).
export const EventInput = z.object({ date: IsoDate, text: FreeText(1000).pipe(z.string().min(3)) });
export const FactorInput = z.object({ cause: z.string().min(1).max(60), kind: FactorKind, text: FreeText(1000).pipe(z.string().min(3)) });
export const MeasureInput = z.object({ text: FreeText(500).pipe(z.string().min(3)), owner: MeasureOwner, due: IsoDate });
export const ConclusionInput = z.object({ text: FreeText(3000).pipe(z.string().min(5)) });
export const AnalysisEffectInput = z.object({
  measureId: z.uuid(),
  result: EffectResult,
  comment: FreeText(1000).pipe(z.string().min(2)),
});
export const StartInput = z.object({ channel: z.string().min(1).max(300) });

type StepRefusal = Refusal & { mandate?: boolean };
export type StepDecision = { ok: true; next: Omit<Analysis, 'version'> } | StepRefusal;
const refuse = (reason: MessageKey, extra: Omit<StepRefusal, 'ok' | 'reason'> = {}): StepRefusal => ({ ok: false, reason, ...extra });

/** Every step: only a participant, and only while the analysis runs. */
function open(a: Omit<Analysis, 'version'>, ctx: StepContext): StepRefusal | undefined {
  if (!partOf(ctx.actor, a)) return refuse('analysis.notParticipant', { mandate: true });
  if (a.status === 'avslutad') return refuse('analysis.closed');
  return undefined;
}

/** What happened, as a line of the timeline (never a day after today), in date order. */
export function addEvent(a: Omit<Analysis, 'version'>, input: z.infer<typeof EventInput>, ctx: StepContext): StepDecision {
  const closed = open(a, ctx);
  if (closed) return closed;
  if (input.date > ctx.today) return refuse('analysis.futureDate', { field: 'date' });
  const entry = { id: randomUUID(), ...input, at: ctx.now.toISOString(), by: person(ctx.actor) };
  const timeline = [...a.timeline, entry].sort((x, y) => x.date.localeCompare(y.date) || x.at.localeCompare(y.at));
  return { ok: true, next: { ...a, timeline } };
}

/** A cause or contributing factor, coded with a reference cause. */
export function addFactor(a: Omit<Analysis, 'version'>, input: z.infer<typeof FactorInput>, ctx: StepContext): StepDecision {
  const closed = open(a, ctx);
  if (closed) return closed;
  if (!ctx.causes.includes(input.cause)) return refuse('analysis.unknownCause', { field: 'cause' });
  return {
    ok: true,
    next: { ...a, factors: [...a.factors, { id: randomUUID(), ...input, at: ctx.now.toISOString(), by: person(ctx.actor) }] },
  };
}

/** A measure with its owner and a date on or after today: on that date its owner is asked for its effect. */
export function addMeasure(a: Omit<Analysis, 'version'>, input: z.infer<typeof MeasureInput>, ctx: StepContext): StepDecision {
  const closed = open(a, ctx);
  if (closed) return closed;
  if (input.due < ctx.today) return refuse('analysis.pastDue', { field: 'due' });
  return { ok: true, next: { ...a, measures: [...a.measures, { id: randomUUID(), ...input }] } };
}

/** The conclusion is the follow-up team's, once a cause and a measure are recorded; it ends the analysis. */
export function conclude(a: Omit<Analysis, 'version'>, input: z.infer<typeof ConclusionInput>, ctx: StepContext): StepDecision {
  const closed = open(a, ctx);
  if (closed) return closed;
  if (partOf(ctx.actor, a) !== 'team') return refuse('analysis.notTeam', { mandate: true });
  if (!a.factors.some((f) => f.kind === 'orsak')) return refuse('analysis.noCause');
  if (!a.measures.length) return refuse('analysis.noMeasure');
  return {
    ok: true,
    next: { ...a, status: 'avslutad', conclusion: { text: input.text, at: ctx.now.toISOString(), by: person(ctx.actor) } },
  };
}

/** Whether the actor answers for a measure's effect: its owner side, or the follow-up team who leads the analysis. */
export const answersFor = (actor: Actor, a: Pick<Analysis, 'receiver' | 'reporterUnits'>, owner: MeasureOwner): boolean => {
  const part = partOf(actor, a);
  return part === 'team' || part === owner;
};

/** On or after its date, the measure's effect, once (also after the conclusion: the follow-up goes on). */
export function recordEffect(a: Omit<Analysis, 'version'>, input: z.infer<typeof AnalysisEffectInput>, ctx: StepContext): StepDecision {
  const m = a.measures.find((x) => x.id === input.measureId);
  if (!m) return refuse('answer.unknownMeasure');
  if (!answersFor(ctx.actor, a, m.owner)) return refuse('answer.notOwner', { mandate: true });
  if (m.effect) return refuse('answer.effectDone');
  if (m.due > ctx.today) return refuse('answer.effectEarly', { vars: { date: m.due } });
  const effect = { result: input.result, comment: input.comment, at: ctx.now.toISOString(), by: person(ctx.actor) };
  return { ok: true, next: { ...a, measures: a.measures.map((x) => (x.id === m.id ? { ...x, effect } : x)) } };
}
