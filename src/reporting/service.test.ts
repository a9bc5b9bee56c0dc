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
    const service = new ReportingService(
      stores.cases,
      stores,
      (_r, today) => addDays(today, 60),
      () => 'samverkan',
    );
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
      const service = new ReportingService(
        stores.cases,
        stores,
        (_r, today) => addDays(today, 60),
        () => 'samverkan',
      );
      expect(service.findDuplicate({ ...open.report, eventDate })?.id).toBe(duplicate ? open.id : undefined);
      // Another receiver or category is never a duplicate; a closed case neither.
      expect(
        service.findDuplicate({ ...open.report, eventDate, category: 'ovrigt' === open.report.category ? 'lakemedel' : 'ovrigt' }),
      ).toBeUndefined();
    });
  }

  describe('registering and reading back (found by mutation testing)', () => {
    const setup = async () => {
      const stores = memoryStore();
      const [seeded] = generateCases(await loadReference('data/reference'), { seed: 2, from: '2026-11-01', days: 3, perDay: 1 });
      const service = new ReportingService(
        stores.cases,
        stores,
        (_r, today) => addDays(today, 60),
        () => 'samverkan',
      );
      return { stores, report: seeded!.report, service };
    };
    const other: Actor = { userId: 'u2', name: 'Sven', roles: ['medarbetare'], providers: [] };

    it('registers a case in the answer loop, its first event shown to the reporter, once per form id', async () => {
      const { stores, report, service } = await setup();
      const now = new Date('2026-11-23T09:00:00Z');
      const [a, b] = await Promise.all([
        service.create('form-1', report, actor, now, 'a1'),
        service.create('form-1', report, actor, now, 'a2'),
      ]);
      expect([a.created, b.created]).toEqual([true, false]);
      expect(b.case.id).toBe(a.case.id);
      expect(a.case).toMatchObject({ number: 'AVV-2026-00001', status: 'ny', answerLoop: true, answerDue: '2027-01-22' });
      expect(a.case.events).toEqual([
        {
          at: now.toISOString(),
          type: 'rapporterad',
          actor: expect.objectContaining({ userId: 'u1' }),
          activityId: 'a1',
          visibleToReporter: true,
        },
      ]);
      expect((await service.create('form-1', report, actor, now, 'a3')).created).toBe(false);
      expect(stores.cases.all()).toHaveLength(1);
    });

    it('numbers cases per Swedish year, from 00001 again at New Year', async () => {
      const { report, service } = await setup();
      const numbers = [];
      for (const [form, at] of [
        ['f1', '2026-12-31T20:00:00Z'],
        ['f2', '2026-12-31T22:59:59Z'],
        ['f3', '2026-12-31T23:00:00Z'], // 00:00 on New Year's Day in Stockholm
        ['f4', '2027-01-02T09:00:00Z'],
      ] as const)
        numbers.push((await service.create(form, report, actor, new Date(at), form)).case.number);
      expect(numbers).toEqual(['AVV-2026-00001', 'AVV-2026-00002', 'AVV-2027-00001', 'AVV-2027-00002']);
    });

    it('lets a report join only a case it duplicates by the stored case, and refuses any other link', async () => {
      const { report, service } = await setup();
      const first = await service.create('form-1', report, actor, new Date('2026-11-20T09:00:00Z'), 'a1');
      expect(service.joinable(first.case.id, report)).toEqual({ subject: first.case.id, inScope: true });
      expect(service.joinable('no-such-case', report)).toBe('unknown');
      const elsewhere = { ...report, receiver: report.receiver === 'nu-sjukvarden' ? 'sahlgrenska' : 'nu-sjukvarden' };
      expect(service.joinable(first.case.id, elsewhere)).toEqual({ subject: first.case.id, inScope: false });
      expect(service.joinable(first.case.id, { ...report, eventDate: addDays(report.eventDate, 8) })).toMatchObject({ inScope: false });
      await expect(service.link(first.case.id, 'form-2', elsewhere, other, new Date('2026-11-21T09:00:00Z'), 'a2')).rejects.toThrow(
        /no duplicate/,
      );
      expect(await service.byFormId('form-2')).toBeUndefined();
    });

    it('links a report to an open case (not shown to the reporter of the case), and reads each report back by form and by reporter', async () => {
      const { report, service } = await setup();
      const first = await service.create('form-1', report, actor, new Date('2026-11-20T09:00:00Z'), 'a1');
      const own = { ...report, description: 'Min egen rapport om samma sak.' };
      const linked = await service.link(first.case.id, 'form-2', own, other, new Date('2026-11-21T09:00:00Z'), 'a2');
      expect(linked?.created).toBe(true);
      expect(linked!.case.events.at(-1)).toMatchObject({ type: 'lankad-rapport', visibleToReporter: false });
      expect((await service.byFormId('form-2'))?.id).toBe(first.case.id);
      expect(service.reportOf(linked!.case, 'form-2').description).toBe(own.description);
      expect(service.reportOf(linked!.case, 'form-1').description).toBe(report.description);
      expect(service.ownReport(linked!.case, 'u1')).toMatchObject({ linked: false, at: '2026-11-20T09:00:00.000Z' });
      expect(service.ownReport(linked!.case, 'u2')).toMatchObject({
        linked: true,
        at: '2026-11-21T09:00:00.000Z',
        report: { description: own.description },
      });
      expect(service.ownReport(linked!.case, 'u3')).toBeUndefined();
      const later = await service.create('form-3', report, other, new Date('2026-11-22T09:00:00Z'), 'a3');
      expect((await service.reportedBy('u2')).map((c) => c.id)).toEqual([later.case.id, first.case.id]);
      expect((await service.reportedBy('u1')).map((c) => c.id)).toEqual([first.case.id]);
    });

    it('offers the newest open case of the window as the duplicate, never a closed one', async () => {
      const { stores, report, service } = await setup();
      const older = await service.create('form-1', { ...report, eventDate: '2026-11-18' }, actor, new Date('2026-11-18T09:00:00Z'), 'a1');
      const newer = await service.create('form-2', { ...report, eventDate: '2026-11-19' }, actor, new Date('2026-11-19T09:00:00Z'), 'a2');
      expect(service.findDuplicate({ ...report, eventDate: '2026-11-20' })?.id).toBe(newer.case.id);
      await stores.cases.put({ ...newer.case, status: 'avslutad' });
      expect(service.findDuplicate({ ...report, eventDate: '2026-11-20' })?.id).toBe(older.case.id);
    });
  });
});
