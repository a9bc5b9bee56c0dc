import { describe, expect, it } from 'vitest';
import { sampleCase } from '../../test/support/cases.js';
import type { Case } from './model.js';
import { dueForRetention } from './retention.js';
import { anonymise } from './retention.js';

const closed = (at: string, over: Partial<Case> = {}): Case => ({
  ...sampleCase({
    status: 'avslutad',
    reporter: { userId: 'rep-1', name: 'Rut Rapportör' },
    linked: [
      {
        formId: 'f2',
        at: '2015-01-02T10:00:00.000Z',
        reporter: { userId: 'rep-2', name: 'Sven' },
        report: { ...sampleCase().report, description: 'Andra rapporten' },
      },
    ],
    events: [
      {
        at: '2015-01-01T10:00:00.000Z',
        type: 'rapporterad',
        actor: { userId: 'rep-1', name: 'Rut', roles: ['medarbetare'] },
        visibleToReporter: true,
      },
      {
        at: '2015-01-03T10:00:00.000Z',
        type: 'steg',
        to: '2a',
        comment: 'Kontakt med Kim',
        actor: { userId: 'off', name: 'Olle', roles: ['handlaggare'] },
        details: { contactNote: 'Ringde Kim', contactPerson: 'Kim', skipReason: 'Brådskande', deadline: '2015-03-01', outcome: 'delvis' },
        visibleToReporter: true,
      },
      {
        at,
        type: 'avslutad',
        to: 'atgardad',
        comment: 'Tack Rut',
        actor: { userId: 'off', name: 'Olle', roles: ['handlaggare'] },
        details: { summary: 'Olle ringde Kim' },
        visibleToReporter: true,
      },
    ],
    deadlines: [
      {
        id: 'd',
        kind: 'handlingsplan',
        due: '2015-03-01',
        setAt: '2015-01-03T10:00:00.000Z',
        stepId: '2a',
        contactPerson: 'Kim',
        closedAt: at,
      },
    ],
    skipReasons: { '1': 'Kim sa att det brådskade' },
    ...over,
  }),
  version: 3,
});

describe('retention', () => {
  it('is due for cases closed before the limit, not for open or already anonymised ones', () => {
    const now = new Date('2026-11-30T09:00:00Z');
    const old = closed('2016-11-29T09:00:00.000Z');
    const recent = closed('2016-12-01T09:00:00.000Z', { id: 'c2' });
    const open = { ...closed('2010-01-01T00:00:00.000Z', { id: 'c3' }), status: 'uppfoljning' as const };
    const done = { ...closed('2010-01-01T00:00:00.000Z', { id: 'c4' }), anonymisedAt: '2021-01-01T00:00:00.000Z' };
    expect(dueForRetention([old, recent, open, done], now, 10).map((c) => c.id)).toEqual([old.id]);
  });

  it('removes every free text and every person, and keeps classification, dates and steps', () => {
    const before = closed('2016-01-01T00:00:00.000Z');
    const after = anonymise(before, new Date('2026-11-30T09:00:00Z'));
    const text = JSON.stringify(after);
    for (const gone of [
      'Rut',
      'Sven',
      'Olle',
      'Kim',
      'rep-1',
      'rep-2',
      '"off"',
      'Andra rapporten',
      'Läkemedelslistan',
      'Ringde',
      'Brådskande',
      'Tack',
    ])
      expect(text, gone).not.toContain(gone);
    expect(after.events.map((e) => e.comment)).toEqual([undefined, '[anonymiserad]', '[anonymiserad]']);
    expect(after.events[1]!.details).toEqual({ deadline: '2015-03-01', outcome: 'delvis' });
    expect(after.events.map((e) => [e.type, e.to, e.at])).toEqual(before.events.map((e) => [e.type, e.to, e.at]));
    expect(after.report).toMatchObject({
      category: before.report.category,
      cause: before.report.cause,
      receiver: before.report.receiver,
      eventDate: before.report.eventDate,
    });
    expect(after.anonymisedAt).toBe('2026-11-30T09:00:00.000Z');
  });

  it('keeps every figure an event carries, the classification set at the first assessment too, and no text', () => {
    const figures = {
      assessment: 'allvarlig',
      watchUntil: '2015-02-01',
      deadline: '2015-03-01',
      outcome: 'delvis',
      boardDate: '2015-02-10',
      diaryNumber: 'N 2015-1',
      skipped: ['1'],
      endedBy: 'lopande',
      final: true,
      grades: { A: 'hog' },
      postponed: '2015-04-01',
      from: '1',
      to: '2a',
      cause: 'kommunikationsbrist',
      consequence: 'risk',
      severity: 2,
    };
    const c = closed('2016-01-01T00:00:00.000Z');
    const event = { ...c.events[1]!, details: { ...figures, contactNote: 'Ringde Kim', summary: 'Olle' } };
    const after = anonymise({ ...c, events: [c.events[0]!, event, c.events[2]!] }, new Date('2026-11-30T09:00:00Z'));
    expect(after.events[1]!.details).toEqual(figures);
    expect(after.reporter).toEqual({ userId: 'anonym', name: '' });
    expect(after.events[1]!.actor).toEqual({ userId: 'anonym', name: '', roles: ['handlaggare'] });
  });

  it('counts from the latest closing, a first assessment of "no action" included, and not at the limit itself', () => {
    const now = new Date('2026-11-30T09:00:00Z');
    const noAction = (at: string, id: string) => {
      const c = closed(at, { id });
      return { ...c, events: [c.events[0]!, { ...c.events[2]!, type: 'triagerad' as const, to: 'ingen-atgard', at }] };
    };
    const justBefore = noAction('2016-11-30T08:59:59.999Z', 'before');
    const atLimit = noAction('2016-11-30T09:00:00.000Z', 'at');
    const watched = {
      ...noAction('2010-01-01T00:00:00.000Z', 'watched'),
      events: [
        closed('2010-01-01T00:00:00.000Z').events[0]!,
        { ...closed('x').events[2]!, type: 'triagerad' as const, to: 'bevakning', at: '2010-01-01T00:00:00.000Z' },
      ],
    };
    // Closed long ago, reopened and closed again recently: the recent closing counts.
    const reclosed = closed('2026-10-01T00:00:00.000Z', { id: 'reclosed' });
    reclosed.events = [reclosed.events[0]!, { ...reclosed.events[2]!, at: '2012-01-01T00:00:00.000Z' }, reclosed.events[2]!];
    expect(dueForRetention([justBefore, atLimit, watched, reclosed], now, 10).map((c) => c.id)).toEqual(['before']);
  });
});
