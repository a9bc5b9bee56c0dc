// Planning reminders from stored deadlines: pure functions of the cases, the policy and the
// clock. Nothing about schedules is held in memory; what was sent is a persisted log, so a
// restart or a clock change re-derives exactly what is still owed.
import type { Case } from '../cases/model.js';
import { addDays, addWorkingDays, isWorkingDay, nextWorkingDay, zonedInstant } from './calendar.js';
import type { ReminderPolicy, Stage } from './policy.js';

type ObligationKind = 'handlingsplan' | 'anmodan' | 'kontrollplan' | 'bevakning' | 'svar60';

/** Something owed by a date: an open follow-up date, or the 60-day answer of an untriaged case. */
export interface Obligation {
  key: string;
  caseId: string;
  caseNumber: string;
  provider: string;
  kind: ObligationKind;
  due: string;
  /** The officer who set the date (the responsible handläggare), when known. */
  owner?: string;
}

export interface PlannedReminder {
  /** Stable across restarts; includes the due date, so moving a deadline re-plans it. */
  id: string;
  obligation: Obligation;
  stage: Stage;
  role: 'ansvarig' | 'teamledare';
  date: string;
  sendAt: Date;
}

export function obligations(cases: readonly Case[], policy: ReminderPolicy): Obligation[] {
  const out: Obligation[] = [];
  for (const c of cases) {
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
        owner,
      });
    }
    if (c.status === 'ny' && policy.kinds.includes('svar60')) {
      out.push({
        key: `${c.id}|svar60`,
        caseId: c.id,
        caseNumber: c.number,
        provider: c.report.receiver,
        kind: 'svar60',
        due: c.answerDue,
      });
    }
  }
  return out;
}

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
  return policy.stages.flatMap((stage) => {
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
