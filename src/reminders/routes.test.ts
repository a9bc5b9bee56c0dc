import { beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { turnOf, unitDeps, shown, type UnitDeps } from '../../test/support/unit.js';
import { caseWithPlan } from '../seed/dataset.js';
import { loadPolicy } from './policy.js';
import { upcoming } from './routes.js';
import { ReminderService } from './service.js';

let deps: UnitDeps;
let service: ReminderService;
beforeEach(async () => {
  deps = await unitDeps({ 'aad-off': { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] } });
  service = new ReminderService(deps, { deliver: async () => 'sent' }, await loadPolicy('data/reference'), pino({ level: 'silent' }));
});

describe('påminnelser', () => {
  it('lists the officer’s own coming reminders with the case and the date', async () => {
    await deps.stores.cases.put(caseWithPlan('2027-01-29', 'aad-off', 7));
    const card = shown(await upcoming(deps, service)(turnOf(deps, { userId: 'aad-off', roles: ['handlaggare'] })));
    expect(card).toContain('AVV-2026-00007');
    expect(card).toContain('2027-01-29');
  });

  it('says so when there are none', async () => {
    expect(shown(await upcoming(deps, service)(turnOf(deps, { userId: 'aad-off', roles: ['handlaggare'] })))).toContain('inga kommande');
  });
});
