import { beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, swedishHolidays, zonedInstant } from './calendar.js';
import { due, plan, stageDate, type Obligation } from './plan.js';
import { loadPolicy, type ReminderPolicy } from './policy.js';

let policy: ReminderPolicy;
beforeAll(async () => {
  policy = await loadPolicy('data/reference');
});

const obligation = (dueDate: string): Obligation => ({
  key: 'c1|d1',
  caseId: 'c1',
  caseNumber: 'AVV-2026-00001',
  provider: 'boras',
  responsible: 'handlaggare',
  kind: 'handlingsplan',
  due: dueDate,
});

describe('Swedish working days', () => {
  it('knows the public holidays of 2026, moving ones included', () => {
    const h = swedishHolidays(2026);
    for (const d of [
      '2026-01-01',
      '2026-01-06',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-06-06',
      '2026-06-19',
      '2026-06-20',
      '2026-10-31',
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
      '2026-12-31',
    ]) {
      expect(h.has(d), d).toBe(true);
    }
    expect(isWorkingDay('2026-11-27', policy.workingDays)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', policy.workingDays)).toBe(false); // Saturday
    expect(addWorkingDays('2026-12-23', 1, policy.workingDays)).toBe('2026-12-28');
  });

  it('places 08:00 Stockholm correctly in winter and summer time', () => {
    expect(zonedInstant('2026-11-30', '08:00', 'Europe/Stockholm').toISOString()).toBe('2026-11-30T07:00:00.000Z');
    expect(zonedInstant('2026-06-15', '08:00', 'Europe/Stockholm').toISOString()).toBe('2026-06-15T06:00:00.000Z');
    expect(zonedInstant('2026-03-29', '08:00', 'Europe/Stockholm').toISOString()).toBe('2026-03-29T06:00:00.000Z');
  });
});

describe('planning reminders from a deadline', () => {
  it('moves reminders before a deadline earlier and on/after it later, off weekends', () => {
    const stages = Object.fromEntries(policy.stages.map((s) => [s.id, stageDate('2026-11-28', s, policy)]));
    // Deadline on Saturday 28 Nov: 3 days before is Wednesday; the day itself waits for Monday.
    expect(stages).toEqual({
      'fore-14': '2026-11-13',
      'fore-3': '2026-11-25',
      dagen: '2026-11-30',
      'forsenad-1': '2026-11-30',
      'forsenad-7': '2026-12-07',
    });
  });

  it('sends only the latest due stage per role after downtime, superseding the earlier ones', () => {
    const all = plan(obligation('2026-11-20'), policy);
    const { send, superseded } = due(all, new Date('2026-11-23T09:00:00Z'), () => false);
    expect(send.map((r) => `${r.stage.id}:${r.role}`)).toEqual(['forsenad-1:ansvarig']);
    expect(superseded.map((r) => r.stage.id).sort()).toEqual(['dagen', 'fore-14', 'fore-3']);
    const later = due(all, new Date('2026-11-27T09:00:00Z'), (id) => [...send, ...superseded].some((r) => r.id === id));
    expect(later.send.map((r) => `${r.stage.id}:${r.role}`).sort()).toEqual(['forsenad-7:ansvarig', 'forsenad-7:teamledare']);
  });

  it('re-plans when the deadline moves (new ids) and nothing is due before its time', () => {
    const a = plan(obligation('2026-12-15'), policy).map((r) => r.id);
    const b = plan(obligation('2026-12-22'), policy).map((r) => r.id);
    expect(a.some((id) => b.includes(id))).toBe(false);
    expect(due(plan(obligation('2026-12-15'), policy), new Date('2026-11-23T09:00:00Z'), () => false).send).toEqual([]);
  });
});
