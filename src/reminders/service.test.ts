import { beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { unitDeps, type UnitDeps } from '../../test/support/unit.js';
import type { DeliveryResult, Notification } from '../core/turn.js';
import type { Case } from '../cases/model.js';
import { obligations } from './plan.js';
import { caseWithPlan } from '../seed/dataset.js';
import { loadPolicy } from './policy.js';
import { ReminderService } from './service.js';

let deps: UnitDeps;
let sent: Notification[];
let service: ReminderService;
beforeEach(async () => {
  deps = await unitDeps(
    { 'aad-off': { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] } },
    new Date('2026-11-25T09:30:00Z'),
  );
  sent = [];
  const notifier = {
    deliver: async (n: Notification) => {
      await new Promise((r) => setTimeout(r, 5));
      sent.push(n);
      return 'sent' as const;
    },
  };
  service = new ReminderService(deps, notifier, await loadPolicy('data/reference'), pino({ level: 'silent' }));
});

/** A proposed joint cause analysis (its card starts one), not a reminder. */
const isProposal = (n: Notification) => JSON.stringify(n.message.card).includes('Förslag på händelseanalys');

describe('the reminder sweep', () => {
  it('sends each due reminder once when sweeps overlap, and never again', async () => {
    for (let i = 1; i <= 5; i++) await deps.stores.cases.put(caseWithPlan('2026-11-28', 'aad-off', i));
    const [a, b] = await Promise.all([service.sweep(), service.sweep()]);
    expect(a).toEqual(b);
    // Five similar deviations to one receiver are also a cluster: its proposal comes once too (below).
    const reminders = () => sent.filter((n) => !isProposal(n));
    expect(reminders()).toHaveLength(5);
    await service.sweep();
    expect(reminders()).toHaveLength(5);
    expect(deps.stores.reminders.all().filter((r) => r.status === 'sent' && r.kind !== 'kluster')).toHaveLength(5);
  });

  it('asks an analysis measure’s owner for its effect on its date, the card opening the analysis (issue 35.2)', async () => {
    deps = await unitDeps(
      {
        'aad-mot': { roles: ['mottagare'], providers: ['sodra-alvsborgs-sjukhus'] },
        'aad-chef': { roles: ['chef'], providers: ['alingsas'] },
      },
      new Date('2026-11-25T09:30:00Z'),
    );
    service = new ReminderService(
      deps,
      { deliver: async (n) => (sent.push(n), 'sent') },
      await loadPolicy('data/reference'),
      pino({ level: 'silent' }),
    );
    const person = { userId: 'aad-off', name: 'Olle' };
    const measure = (id: string, owner: 'mottagare' | 'chef', done = false) => ({
      id,
      text: `Åtgärd ${id}`,
      owner,
      due: '2026-11-25',
      ...(done ? { effect: { result: 'ja' as const, comment: 'ok', at: '2026-11-25T08:00:00.000Z', by: person } } : {}),
    });
    await deps.stores.analyses.put({
      id: 'HA-2026-004',
      subject: { kind: 'case', caseId: 'c0000000-0000-4000-8000-000000000001' },
      caseIds: ['c0000000-0000-4000-8000-000000000001'],
      receiver: 'sodra-alvsborgs-sjukhus',
      reporterUnits: ['boras', 'alingsas'],
      category: 'lakemedel',
      channel: 'channel:x',
      status: 'avslutad',
      timeline: [],
      factors: [],
      measures: [
        measure('00000000-0000-4000-8000-0000000000a1', 'mottagare'),
        measure('00000000-0000-4000-8000-0000000000a2', 'chef'),
        measure('00000000-0000-4000-8000-0000000000a3', 'mottagare', true),
      ],
      startedAt: '2026-11-01T09:00:00.000Z',
      startedBy: person,
    });
    await service.sweep();
    await service.sweep();
    const to = (u: string) => sent.filter((n) => n.to.kind === 'user' && n.to.userId === u);
    // The receiver's measure to its mottagare; the chef's of a cluster across units to each unit's chef; none done twice.
    expect(to('aad-mot')).toHaveLength(1);
    expect(to('aad-chef')).toHaveLength(1);
    const card = JSON.stringify(to('aad-mot')[0]!.message.card);
    expect(card).toContain('HA-2026-004');
    expect(card).toContain('"verb":"analys.visa"');
    expect(card).toContain('"analysisId":"HA-2026-004","form":"effect","measureId":"00000000-0000-4000-8000-0000000000a1"');
    expect(card).not.toContain('Åtgärd 00000000-0000-4000-8000-0000000000a3');
  });

  it('proposes a joint cause analysis of a cluster to the receiver’s officers once, again when it doubles, never once analysed (issue 35.2)', async () => {
    const similar = (n: number) => ({ ...caseWithPlan('2027-02-01', 'aad-off', n), deadlines: [] });
    for (let i = 1; i <= 2; i++) await deps.stores.cases.put(similar(i));
    await service.sweep();
    expect(sent.filter(isProposal)).toEqual([]);
    await deps.stores.cases.put(similar(3));
    await Promise.all([service.sweep(), service.sweep()]);
    await service.sweep();
    const proposals = sent.filter(isProposal);
    expect(proposals.map((n) => n.to)).toEqual([{ kind: 'user', userId: 'aad-off' }]);
    expect(JSON.stringify(proposals[0])).toContain('3 avvikelser till Södra Älvsborgs sjukhus');
    expect(JSON.stringify(proposals[0])).toContain('analys.starta');
    // Two more: not yet twice the threshold; the sixth is.
    for (let i = 4; i <= 5; i++) await deps.stores.cases.put(similar(i));
    await service.sweep();
    expect(sent.filter(isProposal)).toHaveLength(1);
    await deps.stores.cases.put(similar(6));
    await service.sweep();
    expect(sent.filter(isProposal)).toHaveLength(2);
    // Analysed: its cases are no cluster any more, however many sweeps.
    const ids = deps.stores.cases.all().map((c) => c.id);
    await deps.stores.analyses.put({
      id: 'HA-2026-001',
      subject: { kind: 'cluster', dimension: 'category', value: 'lakemedel', from: '2026-08-27', to: '2026-11-25' },
      caseIds: ids,
      receiver: 'sodra-alvsborgs-sjukhus',
      reporterUnits: ['boras'],
      category: 'lakemedel',
      channel: 'channel:x',
      status: 'pagar',
      timeline: [],
      factors: [],
      measures: [],
      startedAt: '2026-11-25T09:00:00.000Z',
      startedBy: { userId: 'aad-off', name: 'Olle' },
    });
    for (let i = 7; i <= 9; i++) await deps.stores.cases.put(similar(i));
    await service.sweep();
    expect(sent.filter(isProposal)).toHaveLength(3);
    expect(JSON.stringify(sent.filter(isProposal).at(-1))).toContain('3 avvikelser');
  });
});

describe('who is reminded, and what is recorded (found by mutation testing)', () => {
  const ROLES = {
    'aad-off': { roles: ['handlaggare' as const], providers: ['sodra-alvsborgs-sjukhus'] },
    'aad-off2': { roles: ['handlaggare' as const], providers: ['sodra-alvsborgs-sjukhus'] },
    'aad-other': { roles: ['handlaggare' as const], providers: ['nu-sjukvarden'] },
    'aad-lead': { roles: ['teamledare' as const], providers: ['sodra-alvsborgs-sjukhus'] },
    'aad-lead-nu': { roles: ['teamledare' as const], providers: ['nu-sjukvarden'] },
    'aad-mot': { roles: ['mottagare' as const], providers: ['sodra-alvsborgs-sjukhus'] },
  };
  let answers: Map<string, DeliveryResult>;
  const withNotifier = async (now: string, roles = ROLES) => {
    deps = await unitDeps(roles, new Date(now));
    sent = [];
    answers = new Map();
    const notifier = {
      deliver: async (n: Notification) => {
        sent.push(n);
        return answers.get(n.to.kind === 'user' ? n.to.userId : n.to.key) ?? ('sent' as const);
      },
    };
    service = new ReminderService(deps, notifier, await loadPolicy('data/reference'), pino({ level: 'silent' }));
  };
  /** The reminders recorded as delivered (or not): neither superseded stages nor digests. */
  const delivered = () => deps.stores.reminders.all().filter((r) => r.status !== 'superseded' && r.kind !== 'digest');
  const owed = (c: Omit<Case, 'version'>) => obligations([{ ...c, version: 1 } as Case], service.policy)[0]!;
  const channel = async (key: string, provider: string) => {
    await deps.registry.remember({ key, kind: 'channel', tenantId: 't' }, { serviceUrl: 'https://x' }, deps.clock.now());
    await deps.registry.bindProvider(key, provider, deps.clock.now());
  };

  it('reminds the officer who set the date, else the provider’s officers; late, the provider’s team leads (else all)', async () => {
    await withNotifier('2026-11-25T09:30:00Z');
    const mine = owed(caseWithPlan('2026-11-28', 'aad-off', 1));
    expect(service.recipients(mine, 'ansvarig')).toEqual(['aad-off']);
    expect(service.recipients(owed(caseWithPlan('2026-11-28', 'aad-gone', 2)), 'ansvarig').sort()).toEqual(['aad-off', 'aad-off2']);
    expect(service.recipients(mine, 'teamledare')).toEqual(['aad-lead']);
    const elsewhere = owed(caseWithPlan('2026-11-28', 'aad-off', 3, 'medtanken'));
    expect(service.recipients(elsewhere, 'teamledare').sort()).toEqual(['aad-lead', 'aad-lead-nu']);
    expect(service.recipients({ ...mine, responsible: 'mottagare' }, 'ansvarig')).toEqual(['aad-mot']);
  });

  it('records each delivery as it went: sent, fallback, failed, unreachable; a channel when nobody holds the role', async () => {
    await withNotifier('2026-11-25T09:30:00Z');
    answers.set('aad-off', 'fallback');
    await deps.stores.cases.put(caseWithPlan('2026-11-28', 'aad-off', 1));
    const report = await service.sweep();
    expect(report).toMatchObject({ sent: 1, failed: 0 });
    expect(delivered().map((r) => r.status)).toEqual(['fallback']);

    await withNotifier('2026-11-25T09:30:00Z');
    answers.set('aad-off', 'failed');
    await deps.stores.cases.put(caseWithPlan('2026-11-28', 'aad-off', 1));
    expect(await service.sweep()).toMatchObject({ sent: 0, failed: 1 });
    expect(delivered().map((r) => r.status)).toEqual(['failed']);

    // Nobody acts for Medtanken: its linked channel gets the reminder, and without one it is unreachable.
    await withNotifier('2026-11-25T09:30:00Z');
    await deps.stores.cases.put(caseWithPlan('2026-11-28', 'aad-gone', 1, 'medtanken'));
    expect(await service.sweep()).toMatchObject({ sent: 0, failed: 1 });
    expect(delivered().map((r) => [r.status, r.recipients])).toEqual([['unreachable', []]]);
    await withNotifier('2026-11-25T09:30:00Z');
    await channel('channel:19:med@thread.tacv2', 'medtanken');
    await deps.stores.cases.put(caseWithPlan('2026-11-28', 'aad-gone', 1, 'medtanken'));
    expect(await service.sweep()).toMatchObject({ sent: 1, failed: 0 });
    expect(sent.map((n) => n.to)).toContainEqual({ kind: 'conversation', key: 'channel:19:med@thread.tacv2' });
    expect(sent.every((n) => n.to.kind === 'conversation')).toBe(true);
    const reminder = delivered();
    expect(reminder.map((r) => r.status)).toEqual(['sent']);
  });

  it('records the earlier stages missed during downtime as superseded and sends only the latest', async () => {
    await withNotifier('2026-11-30T09:30:00Z');
    await deps.stores.cases.put(caseWithPlan('2026-11-27', 'aad-off', 1));
    expect(await service.sweep()).toMatchObject({ sent: 1, superseded: 3 });
    expect(
      deps.stores.reminders
        .all()
        .map((r) => `${r.stage}:${r.status}`)
        .sort(),
    ).toEqual(['dagen:superseded', 'fore-14:superseded', 'fore-3:superseded', 'forsenad-1:sent']);
    expect(sent).toHaveLength(1);
  });

  it('sends each linked channel its weekly digest once, from Monday 08:00', async () => {
    await withNotifier('2026-11-30T06:59:00Z'); // Monday 07:59 in Stockholm
    await channel('channel:19:sas@thread.tacv2', 'sodra-alvsborgs-sjukhus');
    await deps.stores.cases.put(caseWithPlan('2026-12-10', 'aad-off', 1));
    expect((await service.sweep()).digests).toBe(0);
    deps.clock.set(new Date('2026-11-30T07:00:00Z'));
    expect((await service.sweep()).digests).toBe(1);
    deps.clock.set(new Date('2026-12-04T07:00:00Z'));
    expect((await service.sweep()).digests).toBe(0);
    const digest = JSON.stringify(sent.find((n) => n.to.kind === 'conversation')!.message.card);
    expect(digest).toContain('AVV-2026-00001');
    expect(deps.stores.reminders.get('digest|channel:19:sas@thread.tacv2|2026-11-30')).toMatchObject({ status: 'sent', kind: 'digest' });
    deps.clock.set(new Date('2026-12-07T07:00:00Z'));
    expect((await service.sweep()).digests).toBe(1);
  });

  it('posts the month’s new lärdomar to each linked channel once, from the 1st at 08:00; nothing for a month without (issue 35.3)', async () => {
    await withNotifier('2026-12-01T06:59:00Z'); // Tuesday 1 December, 07:59 in Stockholm
    await channel('channel:19:sas@thread.tacv2', 'sodra-alvsborgs-sjukhus');
    await channel('channel:19:nu@thread.tacv2', 'nu-sjukvarden');
    const lesson = (id: string, sharedAt: string) => ({
      id,
      measureId: id,
      caseId: `c-${id}`,
      category: 'lakemedel',
      causes: ['rutin-saknas'],
      text: `Lärdom ${id}`,
      effect: 'Fungerade.',
      sharedAt,
      sharedBy: { userId: 'h', name: 'H' },
    });
    await deps.stores.lessons.put(lesson('nov', '2026-11-20T10:00:00.000Z'), { expectedVersion: 0 });
    await deps.stores.lessons.put(lesson('okt', '2026-10-20T10:00:00.000Z'), { expectedVersion: 0 });
    // The channels' weekly digests go as always; the lärdomar are a post of their own.
    const lessonPosts = () =>
      sent
        .filter((n) => n.to.kind === 'conversation' && JSON.stringify(n.message.card).includes('Nya lärdomar'))
        .map((n) => [n.to.kind === 'conversation' && n.to.key, JSON.stringify(n.message.card)]);
    await service.sweep();
    expect(lessonPosts()).toEqual([]);
    deps.clock.set(new Date('2026-12-01T07:00:00Z'));
    await service.sweep();
    await service.sweep();
    const posts = lessonPosts();
    expect(posts.map(([key]) => key).sort()).toEqual(['channel:19:nu@thread.tacv2', 'channel:19:sas@thread.tacv2']);
    for (const [, card] of posts) {
      expect(card).toContain('Nya lärdomar i november 2026');
      expect(card).toContain('Lärdom nov');
      expect(card).not.toContain('Lärdom okt');
    }
    expect(deps.stores.reminders.get('lessons|channel:19:sas@thread.tacv2|2026-11')).toMatchObject({ status: 'sent', kind: 'lessons' });
    // January: no lärdom was shared in December, so nothing is posted.
    deps.clock.set(new Date('2027-01-01T08:00:00Z'));
    await service.sweep();
    expect(lessonPosts()).toHaveLength(2);
  });

  it('takes in a register another instance imported before it sweeps (issue 31.2)', async () => {
    await withNotifier('2026-11-25T09:30:00Z');
    const original = deps.reference.register.all;
    const renamed = original.map((p) => (p.id === 'sahlgrenska' ? { ...p, name: 'Sahlgrenska (nytt namn)' } : p));
    await deps.stores.register.put({ id: 'current', importedAt: '2026-11-25T09:00:00.000Z', importedBy: 'other', providers: renamed });
    expect(deps.reference.provider('sahlgrenska')?.name).toBe('Sahlgrenska Universitetssjukhuset');
    try {
      await service.sweep();
      expect(deps.reference.provider('sahlgrenska')?.name).toBe('Sahlgrenska (nytt namn)');
    } finally {
      // The unit reference is shared by this file's tests: put the catalogue back.
      deps.reference.register.replace(original);
    }
  });

  it('lists a user’s own upcoming reminders, soonest first, nothing already due', async () => {
    await withNotifier('2026-12-02T09:30:00Z');
    await deps.stores.cases.put(caseWithPlan('2026-12-15', 'aad-off', 1));
    const mine = (await service.upcomingFor('aad-off', deps.clock.now())).map((r) => `${r.stage.id}:${r.date}`);
    // 14 days before (1 December) has passed; 3 days before moves to Friday 11 December.
    expect(mine).toEqual(['fore-3:2026-12-11', 'dagen:2026-12-15', 'forsenad-1:2026-12-16', 'forsenad-7:2026-12-22']);
    expect((await service.upcomingFor('aad-lead', deps.clock.now())).map((r) => `${r.stage.id}:${r.role}`)).toEqual([
      'forsenad-7:teamledare',
    ]);
    expect(await service.upcomingFor('aad-other', deps.clock.now())).toEqual([]);
  });

  it('records a reminder to several people by its worst delivery', async () => {
    const outcome = async (a: DeliveryResult, b: DeliveryResult) => {
      await withNotifier('2026-11-25T09:30:00Z');
      answers.set('aad-off', a);
      answers.set('aad-off2', b);
      await deps.stores.cases.put(caseWithPlan('2026-11-28', 'aad-gone', 1));
      await service.sweep();
      return delivered()[0]!.status;
    };
    expect(await outcome('sent', 'sent')).toBe('sent');
    expect(await outcome('sent', 'fallback')).toBe('fallback');
    expect(await outcome('fallback', 'unreachable')).toBe('unreachable');
    expect(await outcome('unreachable', 'failed')).toBe('failed');
  });

  it('gathers in a provider’s digest what is owed within two weeks and what failed since last week, only its own', async () => {
    await withNotifier('2026-11-30T07:00:00Z');
    await channel('channel:19:sas@thread.tacv2', 'sodra-alvsborgs-sjukhus');
    await deps.stores.cases.putMany([
      caseWithPlan('2026-12-14', 'aad-off', 1), // exactly at the horizon
      caseWithPlan('2026-12-15', 'aad-off', 2), // beyond it
      caseWithPlan('2026-12-01', 'aad-off', 3, 'nu-sjukvarden'),
    ]);
    const failure = (id: string, at: string, over = {}) => ({
      id,
      caseId: 'x',
      kind: 'handlingsplan' as const,
      stage: 'dagen',
      due: '2026-11-20',
      status: 'failed' as const,
      attempts: 1,
      recipients: [],
      provider: 'sodra-alvsborgs-sjukhus',
      at,
      ...over,
    });
    await deps.stores.reminders.putMany([
      failure('f-week', '2026-11-23T08:00:00.000Z'),
      failure('f-old', '2026-11-22T08:00:00.000Z', { stage: 'gammal' }),
      failure('f-other', '2026-11-24T08:00:00.000Z', { provider: 'nu-sjukvarden', stage: 'annan' }),
      failure('f-sent', '2026-11-24T08:00:00.000Z', { status: 'sent', stage: 'skickad' }),
      failure('f-digest', '2026-11-24T08:00:00.000Z', { kind: 'digest', stage: 'sammandrag' }),
      failure('f-unreach', '2026-11-25T08:00:00.000Z', { status: 'unreachable', stage: 'ingen' }),
    ]);
    await service.sweep();
    const digests = sent.filter((n) => n.to.kind === 'conversation');
    expect(digests).toHaveLength(1);
    const text = JSON.stringify(digests[0]!.message.card);
    expect(text).toContain('AVV-2026-00001');
    expect(text).not.toContain('AVV-2026-00002');
    expect(text).not.toContain('AVV-2026-00003');
    expect(text).toContain('2026-11-23 · handlingsplan · dagen · failed');
    expect(text).toContain('ingen · unreachable');
    for (const absent of ['gammal', 'annan', 'skickad', 'sammandrag']) expect(text).not.toContain(absent);
    expect(deps.stores.reminders.get('digest|channel:19:sas@thread.tacv2|2026-11-30')).toMatchObject({
      caseId: '',
      recipients: ['channel:19:sas@thread.tacv2'],
      provider: 'sodra-alvsborgs-sjukhus',
    });
  });

  it('keeps asking for a measure’s effect after the case closed, and records a failed digest as failed', async () => {
    await withNotifier('2026-11-30T07:00:00Z');
    const closedCase = { ...caseWithPlan('2026-11-01', 'aad-off', 1), status: 'avslutad' as const, deadlines: [] };
    await deps.stores.cases.put(closedCase);
    const person = { userId: 'aad-mot', name: 'Mia' };
    await deps.stores.answers.put({
      id: closedCase.id,
      caseCreatedAt: closedCase.createdAt,
      thread: [],
      events: [],
      investigation: {
        whatHappened: 'x',
        causes: [],
        cause: 'y',
        at: '2026-10-01T08:00:00.000Z',
        by: person,
        measures: [
          { id: 'm1', text: 'Ny rutin', owner: 'mottagare', due: '2026-12-10' },
          {
            id: 'm2',
            text: 'Klar',
            owner: 'mottagare',
            due: '2026-12-10',
            effect: { result: 'ja', comment: 'ok', at: '2026-11-01T08:00:00.000Z', by: person },
          },
        ],
      },
    });
    expect((await service.planned()).map((r) => r.obligation.key)).toContain(`${closedCase.id}|effekt|m1`);
    expect((await service.planned()).some((r) => r.obligation.key.endsWith('|m2'))).toBe(false);
    await channel('channel:19:sas@thread.tacv2', 'sodra-alvsborgs-sjukhus');
    answers.set('channel:19:sas@thread.tacv2', 'failed');
    await service.sweep();
    expect(deps.stores.reminders.get('digest|channel:19:sas@thread.tacv2|2026-11-30')?.status).toBe('failed');
  });
});

// What the sweep does when a delivery or the database fails, and what it tells the operator
// (issue 30.6: these paths ran only in the process tests, which mutation testing does not run).
describe('retries, outages and the sweep’s log', () => {
  const ROLES = { 'aad-off': { roles: ['handlaggare' as const], providers: ['sodra-alvsborgs-sjukhus'] } };
  let result: DeliveryResult;
  let logs: Record<string, unknown>[];
  const setup = async (now: string) => {
    deps = await unitDeps(ROLES, new Date(now));
    sent = [];
    result = 'sent';
    logs = [];
    const notifier = { deliver: async (n: Notification) => (sent.push(n), result) };
    const log = pino({ level: 'debug' }, { write: (s: string) => void logs.push(JSON.parse(s) as Record<string, unknown>) });
    service = new ReminderService(deps, notifier, await loadPolicy('data/reference'), log);
    await deps.stores.cases.put(caseWithPlan('2026-11-28', 'aad-off', 1));
  };
  const only = () => deps.stores.reminders.all().filter((r) => r.status !== 'superseded' && r.kind !== 'digest');
  const messages = () => logs.map((l) => l['msg']);
  const later = (minutes: number) => deps.clock.set(new Date(deps.clock.now().getTime() + minutes * 60_000));
  /** The database takes a claim (and the superseded stages) but not the outcome after the message; the real put, to restore. */
  const outcomesRefused = () => {
    const put = deps.stores.reminders.put.bind(deps.stores.reminders);
    deps.stores.reminders.put = async (r, o) =>
      r.status === 'sending' || r.status === 'superseded' ? put(r, o) : Promise.reject(new Error('database away'));
    return put;
  };

  it('tries a reminder nobody could take again after 10, 30, 60, 240, 720 and 1 440 minutes, then no more', async () => {
    await setup('2026-11-25T09:30:00Z');
    result = 'failed';
    await service.sweep();
    expect(sent).toHaveLength(1);
    for (const [wait, status] of [
      [10, 'unreachable'],
      [30, 'failed'],
      [60, 'unreachable'],
      [240, 'failed'],
      [720, 'failed'],
      [1440, 'failed'],
    ] as const) {
      const before = sent.length;
      later(wait - 1);
      await service.sweep();
      expect(sent, `${wait - 1} minutes`).toHaveLength(before);
      later(1);
      result = status;
      await service.sweep();
      expect(sent, `${wait} minutes`).toHaveLength(before + 1);
      expect(only()[0]).toMatchObject({ status, attempts: before + 1 });
    }
    later(60);
    await service.sweep();
    expect(sent).toHaveLength(7);
  });

  it('settles a delivered reminder (sent or through the fallback) for good', async () => {
    for (const status of ['sent', 'fallback'] as const) {
      await setup('2026-11-25T09:30:00Z');
      result = status;
      await service.sweep();
      later(24 * 60);
      await service.sweep();
      expect(sent, status).toHaveLength(1);
    }
  });

  it('sends nothing it could not claim, says so, and sends it once the database takes the claim', async () => {
    await setup('2026-11-25T09:30:00Z');
    const put = deps.stores.reminders.put.bind(deps.stores.reminders);
    let down = true;
    // (The memory store's putMany writes through put: the superseded stages still go in.)
    deps.stores.reminders.put = async (r, o) => (down && r.status === 'sending' ? Promise.reject(new Error('database away')) : put(r, o));
    expect(await service.sweep()).toMatchObject({ sent: 0, failed: 0 });
    expect(sent).toEqual([]);
    expect(messages()).toContain('reminder not claimed; it stays due');
    expect(logs.find((l) => l['msg'] === 'reminder sweep')).toMatchObject({ sent: 0, unclaimed: 1 });
    down = false;
    expect(await service.sweep()).toMatchObject({ sent: 1 });
    expect(only()).toMatchObject([{ status: 'sent', attempts: 1 }]);
  });

  it('keeps an outcome the database did not take, sends nothing twice, and writes it before the next sweep sends', async () => {
    await setup('2026-11-25T09:30:00Z');
    const put = outcomesRefused();
    await service.sweep();
    expect(sent).toHaveLength(1);
    expect(only()).toMatchObject([{ status: 'sending' }]);
    expect(messages()).toContain('reminder outcome kept in memory until the database is back');
    deps.stores.reminders.put = put;
    await service.sweep();
    expect(sent).toHaveLength(1);
    expect(only()).toMatchObject([{ status: 'sent', attempts: 1 }]);
    expect(logs.find((l) => l['msg'] === 'reminder outcomes kept through an outage written')).toMatchObject({ written: 1 });
    await service.sweep();
    expect(logs.filter((l) => l['msg'] === 'reminder outcomes kept through an outage written')).toHaveLength(1);
  });

  it('stops before sending when the outcomes kept through an outage cannot be written yet', async () => {
    await setup('2026-11-25T09:30:00Z');
    const put = outcomesRefused();
    await service.sweep();
    await deps.stores.cases.put(caseWithPlan('2026-11-28', 'aad-off', 2));
    const putMany = deps.stores.reminders.putMany.bind(deps.stores.reminders);
    deps.stores.reminders.putMany = async () => Promise.reject(new Error('still away'));
    await expect(service.sweep()).rejects.toThrow('still away');
    expect(sent).toHaveLength(1);
    deps.stores.reminders.putMany = putMany;
    deps.stores.reminders.put = put;
    await service.sweep();
    expect(sent).toHaveLength(2);
  });

  it('sends again, once, a reminder a sweep claimed and died with, keeping its attempt', async () => {
    await setup('2026-11-25T09:30:00Z');
    const [due] = (await service.planned()).filter((r) => r.stage.id === 'fore-3');
    await deps.stores.reminders.put({
      id: due!.id,
      caseId: due!.obligation.caseId,
      kind: due!.obligation.kind,
      stage: due!.stage.id,
      due: due!.obligation.due,
      status: 'sending',
      attempts: 2,
      recipients: ['aad-off'],
      provider: 'sodra-alvsborgs-sjukhus',
      at: '2026-11-25T09:00:00.000Z',
    });
    expect(await service.sweep()).toMatchObject({ sent: 1, resumed: 1 });
    expect(only()).toMatchObject([{ status: 'sent', attempts: 2 }]);
    expect(await service.sweep()).toMatchObject({ sent: 0, resumed: 0 });
    expect(sent).toHaveLength(1);
  });

  it('logs a sweep that sent at info with its figures, one that had nothing at debug', async () => {
    await setup('2026-11-25T09:30:00Z');
    await service.sweep();
    expect(logs.find((l) => l['msg'] === 'reminder sweep')).toMatchObject({ level: 30, sent: 1, failed: 0, superseded: 1, digests: 0 });
    await service.sweep();
    expect(logs.at(-1)).toMatchObject({ level: 20, msg: 'reminder sweep: nothing due' });
  });

  it('sends a digest only to linked channels where the bot is installed and that are not stale', async () => {
    await setup('2026-11-30T07:00:00Z');
    const channel = async (key: string, provider?: string) => {
      await deps.registry.remember({ key, kind: 'channel', tenantId: 't' }, { serviceUrl: 'https://x' }, deps.clock.now());
      if (provider) await deps.registry.bindProvider(key, provider, deps.clock.now());
    };
    await channel('channel:linked', 'sodra-alvsborgs-sjukhus');
    await channel('channel:unlinked');
    await channel('channel:removed', 'sodra-alvsborgs-sjukhus');
    await channel('channel:stale', 'sodra-alvsborgs-sjukhus');
    const conversations = deps.stores.conversations;
    await conversations.put({ ...conversations.get('channel:removed')!, installed: false });
    await conversations.put({ ...conversations.get('channel:stale')!, stale: true });
    expect((await service.sweep()).digests).toBe(1);
    expect(sent.filter((n) => n.to.kind === 'conversation').map((n) => n.to)).toEqual([{ kind: 'conversation', key: 'channel:linked' }]);
  });

  it('on Sunday the digest is the week’s, from the Monday before', async () => {
    await setup('2026-12-06T10:00:00Z');
    await deps.registry.remember({ key: 'channel:linked', kind: 'channel', tenantId: 't' }, { serviceUrl: 'https://x' }, deps.clock.now());
    await deps.registry.bindProvider('channel:linked', 'sodra-alvsborgs-sjukhus', deps.clock.now());
    expect((await service.sweep()).digests).toBe(1);
    expect(deps.stores.reminders.get('digest|channel:linked|2026-11-30')).toBeDefined();
  });

  it('sweeps on its timer until stopped, and a failed sweep is logged, not thrown', async () => {
    await setup('2026-11-25T09:30:00Z');
    service.start(5);
    await expect.poll(() => sent.length, { timeout: 2000 }).toBe(1);
    deps.stores.sync = async () => Promise.reject(new Error('sync failed'));
    await expect.poll(() => messages().includes('reminder sweep failed'), { timeout: 2000 }).toBe(true);
    await service.stop();
    const after = logs.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(logs.length).toBe(after);
  });

  it('lists upcoming reminders soonest first, none already due and none of another user', async () => {
    await setup('2026-11-10T09:30:00Z');
    await deps.stores.cases.put(caseWithPlan('2026-12-20', 'aad-off', 2));
    const mine = await service.upcomingFor('aad-off', deps.clock.now());
    const times = mine.map((r) => r.sendAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(mine.every((r) => r.sendAt > deps.clock.now())).toBe(true);
    expect(mine.length).toBeGreaterThan(4);
    // Exactly at a reminder's time it is due, not upcoming.
    expect((await service.upcomingFor('aad-off', mine[0]!.sendAt)).map((r) => r.id)).not.toContain(mine[0]!.id);
  });
});
