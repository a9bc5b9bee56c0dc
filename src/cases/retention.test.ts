import { describe, expect, it, vi } from 'vitest';
import { sampleCase } from '../../test/support/cases.js';
import type { Case } from './model.js';
import { dueForRetention, RetentionJob } from './retention.js';
import { pino } from 'pino';
import { unitDeps } from '../../test/support/unit.js';
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

  it('runs as a job: anonymises the due cases and their answers once, and audits what it did', async () => {
    const deps = await unitDeps({}, new Date('2026-11-30T09:00:00Z'));
    const old = closed('2016-11-29T09:00:00.000Z', { id: 'old', number: 'AVV-2016-00007', formId: 'form-old', linked: [] });
    const recent = closed('2020-01-01T00:00:00.000Z', { id: 'recent', number: 'AVV-2019-00001', formId: 'form-recent', linked: [] });
    await deps.stores.cases.putMany([old, recent].map(({ version: _v, ...c }) => c));
    const at = '2016-01-05T10:00:00.000Z';
    await deps.stores.answers.put({
      id: 'old',
      caseCreatedAt: old.createdAt,
      thread: [{ id: 'm1', at, by: { userId: 'mot', name: 'Mia' }, side: 'mottagare', text: 'Vi tittar på det, Rut' }],
      answer: { text: 'Rutinen ändrad efter samtal med Kim', at, by: { userId: 'mot', name: 'Mia' } },
      events: [],
    } as never);
    const logs: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
    const job = new RetentionJob(deps, 10, log);
    expect(await job.run()).toEqual(['AVV-2016-00007']);
    expect(deps.stores.cases.get('old')?.anonymisedAt).toBe('2026-11-30T09:00:00.000Z');
    expect(deps.stores.cases.get('recent')?.anonymisedAt).toBeUndefined();
    expect(JSON.stringify(deps.stores.answers.get('old'))).not.toMatch(/Rut|Kim|Mia/);
    const audit = deps.stores.audit.all();
    expect(audit).toMatchObject([
      { actor: 'retention', action: 'retention.anonymised', details: { years: 10, count: 1, cases: ['AVV-2016-00007'] } },
    ]);
    expect(logs.join('')).toContain('retention: cases anonymised');
    // Nothing is due the second time, and nothing more is audited.
    expect(await job.run()).toEqual([]);
    expect(deps.stores.audit.all()).toHaveLength(1);
  });

  it('runs at start and then on its interval until stopped', async () => {
    const stored = (id: string) =>
      (({ version: _v, ...c }) => c)(
        closed('2016-11-29T09:00:00.000Z', {
          id,
          formId: `form-${id}`,
          number: `AVV-2016-0000${['old', 'later', 'after'].indexOf(id) + 1}`,
          linked: [],
        }),
      );
    const deps = await unitDeps({}, new Date('2026-11-30T09:00:00Z'));
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      await deps.stores.cases.put(stored('old'));
      const job = new RetentionJob(deps, 10, pino({ level: 'silent' }));
      job.start(86_400_000);
      await vi.waitFor(() => expect(deps.stores.cases.get('old')?.anonymisedAt).toBeDefined());
      await deps.stores.cases.put(stored('later'));
      await vi.advanceTimersByTimeAsync(86_400_000);
      await vi.waitFor(() => expect(deps.stores.cases.get('later')?.anonymisedAt).toBeDefined());
      job.stop();
      await deps.stores.cases.put(stored('after'));
      await vi.advanceTimersByTimeAsync(3 * 86_400_000);
      // Time for a run that should not have started to finish, were it started.
      await new Promise((r) => setTimeout(r, 50));
      expect(deps.stores.cases.get('after')?.anonymisedAt).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
