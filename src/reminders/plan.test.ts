import { beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, swedishHolidays, zonedInstant } from './calendar.js';
import { due, obligations, plan, stageDate, type Obligation } from './plan.js';
import { aCase } from '../../test/support/cases.js';
import type { AnswerRecord } from '../answers/model.js';
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

describe('what is owed, from cases and answers (found by mutation testing)', () => {
  const person = { userId: 'mot', name: 'Mia Mottagare' };
  const at = '2026-11-01T09:00:00.000Z';
  const measure = (id: string, owner: 'mottagare' | 'chef', effect = false) => ({
    id,
    text: 'Ny rutin',
    owner,
    due: '2026-12-15',
    ...(effect ? { effect: { result: 'ja' as const, comment: 'Fungerar', at, by: person } } : {}),
  });
  const answer = (over: Partial<AnswerRecord> = {}): AnswerRecord => ({
    id: 'c1',
    version: 1,
    caseCreatedAt: at,
    thread: [],
    events: [],
    investigation: {
      whatHappened: 'Listan föll bort',
      causes: [],
      cause: 'Rutin saknades',
      measures: [measure('m1', 'mottagare'), measure('m2', 'chef'), measure('m3', 'mottagare', true)],
      at,
      by: person,
    },
    ...over,
  });
  const kinds = (os: Obligation[]) => os.map((o) => `${o.kind}:${o.key}:${o.provider}:${o.responsible}${o.owner ? `:${o.owner}` : ''}`);

  it('asks each measure’s owner for its effect until answered, even after the case closed, never once anonymised', () => {
    const c = aCase({ id: 'c1', status: 'avslutad', answerLoop: true, deadlines: [] });
    const effects = kinds(obligations([c], policy, () => answer({ answer: { text: 'Svar', at, by: person } })));
    expect(effects).toEqual([`effekt:c1|effekt|m1:${c.report.receiver}:mottagare`, `effekt:c1|effekt|m2:${c.report.reporterUnit}:chef`]);
    expect(obligations([{ ...c, anonymisedAt: at }], policy, () => answer())).toEqual([]);
  });

  it('owes open deadlines of the policy’s kinds to the officer who set them, and the answer to the right side', () => {
    const deadline = (id: string, kind: 'handlingsplan' | 'bevakning', over = {}) => ({
      id,
      kind,
      due: '2026-12-15',
      setAt: at,
      stepId: '2a',
      ...over,
    });
    const c = aCase({
      id: 'c1',
      status: 'ny',
      answerLoop: false,
      deadlines: [
        deadline('open', 'handlingsplan'),
        deadline('closed', 'handlingsplan', { closedAt: at }),
        deadline('watch', 'bevakning', { setAt: '2026-11-02T09:00:00.000Z' }),
      ],
      events: [{ ...aCase().events[0]!, at, actor: { userId: 'olle', name: 'Olle', roles: ['handlaggare'] } }],
    });
    expect(kinds(obligations([c], policy))).toEqual([
      `handlingsplan:c1|open:${c.report.receiver}:handlaggare:olle`,
      `bevakning:c1|watch:${c.report.receiver}:handlaggare`,
      `svar:c1|svar60:${c.report.receiver}:handlaggare`,
    ]);
    // Once assessed, the officer owes no 60-day answer; in the answer loop the receiver owes it until given.
    expect(kinds(obligations([{ ...c, status: 'uppfoljning', deadlines: [] }], policy))).toEqual([]);
    const loop = { ...c, status: 'uppfoljning' as const, answerLoop: true, deadlines: [] };
    expect(kinds(obligations([loop], { ...policy, kinds: ['svar'] }, () => answer()))).toEqual([
      `svar:c1|svar60:${c.report.receiver}:mottagare`,
    ]);
    expect(obligations([loop], { ...policy, kinds: ['svar'] }, () => answer({ answer: { text: 'Svar', at, by: person } }))).toEqual([]);
    // A kind the policy leaves out is not owed.
    expect(kinds(obligations([c], { ...policy, kinds: ['bevakning'] }))).toEqual([`bevakning:c1|watch:${c.report.receiver}:handlaggare`]);
  });

  it('sends a stage due this very minute, and the latest stage whatever order it is given in', () => {
    const all = plan(obligation('2026-11-20'), policy);
    const dayItself = all.find((r) => r.stage.id === 'dagen' && r.role === 'ansvarig')!;
    expect(due([dayItself], dayItself.sendAt, () => false).send).toEqual([dayItself]);
    const { send } = due([...all].reverse(), new Date('2026-11-23T09:00:00Z'), () => false);
    expect(send.map((r) => `${r.stage.id}:${r.role}`)).toEqual(['forsenad-1:ansvarig']);
  });
});
