import { beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { unitDeps, type UnitDeps } from '../../test/support/unit.js';
import type { Notification } from '../core/turn.js';
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
