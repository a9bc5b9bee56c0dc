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

describe('the reminder sweep', () => {
  it('sends each due reminder once when sweeps overlap, and never again', async () => {
    for (let i = 1; i <= 5; i++) await deps.stores.cases.put(caseWithPlan('2026-11-28', 'aad-off', i));
    const [a, b] = await Promise.all([service.sweep(), service.sweep()]);
    expect(a).toEqual(b);
    expect(sent).toHaveLength(5);
    await service.sweep();
    expect(sent).toHaveLength(5);
    expect(deps.stores.reminders.all().filter((r) => r.status === 'sent')).toHaveLength(5);
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
    expect(
      deps.stores.reminders
        .all()
        .filter((r) => r.status !== 'superseded')
        .map((r) => r.status),
    ).toEqual(['fallback']);

    await withNotifier('2026-11-25T09:30:00Z');
    answers.set('aad-off', 'failed');
    await deps.stores.cases.put(caseWithPlan('2026-11-28', 'aad-off', 1));
    expect(await service.sweep()).toMatchObject({ sent: 0, failed: 1 });
    expect(
      deps.stores.reminders
        .all()
        .filter((r) => r.status !== 'superseded')
        .map((r) => r.status),
    ).toEqual(['failed']);

    // Nobody acts for Medtanken: its linked channel gets the reminder, and without one it is unreachable.
    await withNotifier('2026-11-25T09:30:00Z');
    await deps.stores.cases.put(caseWithPlan('2026-11-28', 'aad-gone', 1, 'medtanken'));
    expect(await service.sweep()).toMatchObject({ sent: 0, failed: 1 });
    expect(
      deps.stores.reminders
        .all()
        .filter((r) => r.status !== 'superseded')
        .map((r) => [r.status, r.recipients]),
    ).toEqual([['unreachable', []]]);
    await withNotifier('2026-11-25T09:30:00Z');
    await channel('channel:19:med@thread.tacv2', 'medtanken');
    await deps.stores.cases.put(caseWithPlan('2026-11-28', 'aad-gone', 1, 'medtanken'));
    expect(await service.sweep()).toMatchObject({ sent: 1, failed: 0 });
    expect(sent.map((n) => n.to)).toContainEqual({ kind: 'conversation', key: 'channel:19:med@thread.tacv2' });
    expect(sent.every((n) => n.to.kind === 'conversation')).toBe(true);
    const reminder = deps.stores.reminders.all().filter((r) => r.kind !== 'digest' && r.status !== 'superseded');
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
});
