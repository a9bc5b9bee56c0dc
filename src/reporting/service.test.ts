// Registering is idempotent by form id even when a link and a create of the same form race.
import { addDays } from '../core/clock.js';
import { describe, expect, it } from 'vitest';
import { loadReference } from '../core/refdata.js';
import type { Actor } from '../core/roles.js';
import { generateCases } from '../seed/dataset.js';
import { memoryStore } from '../collections.js';
import { ReportingService } from './service.js';

const actor: Actor = { userId: 'u1', name: 'Mia', roles: ['medarbetare'], providers: [] };

describe('ReportingService', () => {
  it('creates the case when a link of the same form finds its target closed meanwhile', async () => {
    const stores = memoryStore();
    const [seeded] = generateCases(await loadReference('data/reference'), { seed: 2, from: '2026-11-01', days: 3, perDay: 1 });
    const closed = await stores.cases.put({ ...seeded!, status: 'avslutad' });
    const service = new ReportingService(stores.cases, stores, (_r, today) => addDays(today, 60));
    const now = new Date('2026-11-23T09:00:00Z');
    const [linked, created] = await Promise.all([
      service.link(closed.id, 'form-1', seeded!.report, actor, now, 'a1'),
      service.create('form-1', seeded!.report, actor, now, 'a2'),
    ]);
    expect(linked).toBeUndefined();
    expect(created.created).toBe(true);
    expect(created.case.formId).toBe('form-1');
    expect(stores.cases.all().filter((c) => c.formId === 'form-1')).toHaveLength(1);
  });

  // The window is 7 days either way from the event date (independent dates, not addDays).
  const WINDOW: [string, boolean][] = [
    ['2026-11-27', true],
    ['2026-11-28', false],
    ['2026-11-13', true],
    ['2026-11-12', false],
    ['2026-11-20', true],
  ];
  for (const [eventDate, duplicate] of WINDOW) {
    it(`${duplicate ? 'offers' : 'does not offer'} an open case of 2026-11-20 for a report of ${eventDate}`, async () => {
      const stores = memoryStore();
      const [seeded] = generateCases(await loadReference('data/reference'), { seed: 2, from: '2026-11-01', days: 3, perDay: 1 });
      const open = await stores.cases.put({ ...seeded!, status: 'ny', report: { ...seeded!.report, eventDate: '2026-11-20' } });
      const service = new ReportingService(stores.cases, stores, (_r, today) => addDays(today, 60));
      expect(service.findDuplicate({ ...open.report, eventDate })?.id).toBe(duplicate ? open.id : undefined);
      // Another receiver or category is never a duplicate; a closed case neither.
      expect(
        service.findDuplicate({ ...open.report, eventDate, category: 'ovrigt' === open.report.category ? 'lakemedel' : 'ovrigt' }),
      ).toBeUndefined();
    });
  }
});
