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

  it('lists each reminder once, with its stage, for an officer who is also the team lead', async () => {
    deps = await unitDeps({ 'aad-lead': { roles: ['handlaggare', 'teamledare'], providers: ['sodra-alvsborgs-sjukhus'] } });
    service = new ReminderService(deps, { deliver: async () => 'sent' }, await loadPolicy('data/reference'), pino({ level: 'silent' }));
    await deps.stores.cases.put(caseWithPlan('2027-01-29', 'aad-lead', 8));
    const card = shown(await upcoming(deps, service)(turnOf(deps, { userId: 'aad-lead', roles: ['handlaggare', 'teamledare'] })));
    const rows = card.match(/\d{4}-\d{2}-\d{2}: AVV-[^"\\]*/g) ?? [];
    expect(rows.length).toBeGreaterThan(3);
    expect(rows).toEqual([...new Set(rows)]);
    // 2027-01-29 is a Friday: three days before is Tuesday the 26th; 7 days late is 5 February.
    expect(rows).toContain('2027-01-26: AVV-2026-00008 · Uppföljning av handlingsplan (2b), 3 dagar före (tidsgräns 2027-01-29)');
    expect(rows.join('\n')).toContain('på dagen');
    expect(rows.join('\n')).toContain('1 arbetsdag efter tidsgränsen');
    expect(rows.join('\n')).toContain('7 dagar efter tidsgränsen');
    expect(rows.filter((r) => r.includes('7 dagar efter tidsgränsen'))).toHaveLength(1);
  });

  it('says so when there are none', async () => {
    expect(shown(await upcoming(deps, service)(turnOf(deps, { userId: 'aad-off', roles: ['handlaggare'] })))).toContain('inga kommande');
  });
});
