// Planning reminders from stored deadlines: pure functions of the cases, the policy and the
// clock. Nothing about schedules is held in memory; what was sent is a persisted log, so a
// restart or a clock change re-derives exactly what is still owed.
import type { Case } from '../cases/model.js';
import type { AnswerRecord } from '../answers/model.js';
import type { Analysis } from '../analyses/model.js';
import { addDays, addWorkingDays, isWorkingDay, nextWorkingDay, zonedInstant } from './calendar.js';
import type { ReminderPolicy, Stage } from './policy.js';

type ObligationKind = 'handlingsplan' | 'anmodan' | 'kontrollplan' | 'bevakning' | 'svar' | 'effekt';

/**
 * Something owed by a date: an open follow-up date of the ladder (the follow-up team's), the
 * receiving provider's answer (its mottagare's), or the effect of a planned measure (its owner's).
 */
export interface Obligation {
  key: string;
  caseId: string;
  caseNumber: string;
  /** The provider whose people answer for it (the reporting unit for a chef's measure). */
  provider: string;
  kind: ObligationKind;
  due: string;
  /** The role that answers for it at that provider. */
  responsible: 'handlaggare' | 'mottagare' | 'chef';
  /** The officer who set the date (the responsible handläggare), when known. */
  owner?: string;
  /** The measure whose effect is asked for. */
  measureId?: string;
  /** The joint cause analysis the measure belongs to (issue 35.2); caseNumber is then its number. */
  analysisId?: string;
}

/** The answer records by case id (the answer loop's own collection). */
export type AnswersOf = (caseId: string) => AnswerRecord | undefined;

export interface PlannedReminder {
  /** Stable across restarts; includes the due date, so moving a deadline re-plans it. */
  id: string;
  obligation: Obligation;
  stage: Stage;
  role: 'ansvarig' | 'teamledare';
  date: string;
  sendAt: Date;
}

/** The effect of each planned measure, asked of its owner on its date, until answered. */
function effects(c: Case, a: AnswerRecord | undefined): Obligation[] {
  return (a?.investigation?.measures ?? [])
    .filter((m) => !m.effect)
    .map((m) => ({
      key: `${c.id}|effekt|${m.id}`,
      caseId: c.id,
      caseNumber: c.number,
      provider: m.owner === 'mottagare' ? c.report.receiver : c.report.reporterUnit,
      kind: 'effekt' as const,
      due: m.due,
      responsible: m.owner,
      measureId: m.id,
    }));
}

/**
 * The effect of each measure of a joint cause analysis, asked of its owner on its date as the
 * answer's are; a chef's measure of a cluster asks the chef of each reporting unit, the first
 * answer ending it for all.
 */
export function analysisEffects(a: Analysis): Obligation[] {
  return a.measures
    .filter((m) => !m.effect)
    .flatMap((m) =>
      (m.owner === 'mottagare' ? [a.receiver] : a.reporterUnits).map((provider) => ({
        key: `${a.id}|effekt|${m.id}${m.owner === 'chef' && a.reporterUnits.length > 1 ? `|${provider}` : ''}`,
        caseId: a.caseIds[0]!,
        caseNumber: a.id,
        provider,
        kind: 'effekt' as const,
        due: m.due,
        responsible: m.owner,
        measureId: m.id,
        analysisId: a.id,
      })),
    );
}

export function obligations(cases: readonly Case[], policy: ReminderPolicy, answers: AnswersOf = () => undefined): Obligation[] {
  const out: Obligation[] = [];
  for (const c of cases) {
    const a = policy.kinds.includes('effekt') && c.anonymisedAt === undefined ? answers(c.id) : undefined;
    // A measure's effect is the receiver's loop: asked for even after the team closed the case.
    out.push(...effects(c, a));
    if (c.status === 'avslutad') continue;
    for (const d of c.deadlines) {
      if (d.closedAt || !policy.kinds.includes(d.kind)) continue;
      const owner = c.events.find((e) => e.at === d.setAt)?.actor.userId;
      out.push({
        key: `${c.id}|${d.id}`,
        caseId: c.id,
        caseNumber: c.number,
        provider: c.report.receiver,
        kind: d.kind,
        due: d.due,
        responsible: 'handlaggare',
        owner,
      });
    }
    const owesAnswer = c.answerLoop ? !answers(c.id)?.answer : c.status === 'ny';
    if (policy.kinds.includes('svar') && owesAnswer) {
      out.push({
        // The key the 60-day answer had before the answer loop, so no reminder is sent twice;
        // a report forwarded to another receiver owes a new answer, reminded afresh.
        key: `${c.id}|svar60${forwards(c) ? `|${forwards(c)}` : ''}`,
        caseId: c.id,
        caseNumber: c.number,
        provider: c.report.receiver,
        kind: 'svar',
        due: c.answerDue,
        responsible: c.answerLoop ? 'mottagare' : 'handlaggare',
      });
    }
  }
  return out;
}

/** How many times the report was forwarded to another receiver (answers/forward.ts). */
const forwards = (c: Case): number => c.events.filter((e) => e.type === 'vidarebefordrad').length;

function previousWorkingDay(date: string, workingDays: readonly number[]): string {
  let d = date;
  while (!isWorkingDay(d, workingDays)) d = addDays(d, -1);
  return d;
}

/** The working day a stage falls on: before-reminders move earlier, the rest move later. */
export function stageDate(due: string, stage: Stage, policy: ReminderPolicy): string {
  if (stage.workingDays !== undefined) return addWorkingDays(due, stage.workingDays, policy.workingDays);
  const raw = addDays(due, stage.days ?? 0);
  return (stage.days ?? 0) < 0 ? previousWorkingDay(raw, policy.workingDays) : nextWorkingDay(raw, policy.workingDays);
}

export function plan(o: Obligation, policy: ReminderPolicy): PlannedReminder[] {
  return (policy.stagesByKind[o.kind] ?? policy.stages).flatMap((stage) => {
    const date = stageDate(o.due, stage, policy);
    const sendAt = zonedInstant(date, policy.deliveryTime, policy.timeZone);
    return stage.to.map((role) => ({ id: `${o.key}|${o.due}|${stage.id}|${role}`, obligation: o, stage, role, date, sendAt }));
  });
}

/**
 * What to send now: for each obligation and role, only the latest stage that is due and not
 * yet recorded (after downtime, "3 days before" is not sent once the day itself has come);
 * the earlier unsent stages are returned as superseded so they are recorded, not sent.
 */
export function due(
  all: readonly PlannedReminder[],
  now: Date,
  recorded: (id: string) => boolean,
): { send: PlannedReminder[]; superseded: PlannedReminder[] } {
  const latest = new Map<string, PlannedReminder[]>();
  for (const r of all) {
    if (r.sendAt > now || recorded(r.id)) continue;
    const k = `${r.obligation.key}|${r.role}`;
    latest.set(k, [...(latest.get(k) ?? []), r]);
  }
  const send: PlannedReminder[] = [];
  const superseded: PlannedReminder[] = [];
  for (const list of latest.values()) {
    list.sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime());
    send.push(list.at(-1)!);
    superseded.push(...list.slice(0, -1));
  }
  return { send, superseded };
}
