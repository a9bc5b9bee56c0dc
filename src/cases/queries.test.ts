// The officers' questions answered from indexes and the counters the store keeps on write
// (queries.ts, the statistics and answer-loop tallies) give exactly what a scan of every case
// gives: each statistics card, the board report, the answer figures and the lights, on a
// generated store of three years and again after a burst of submits, first assessments,
// reclassifications, answers (years back too, changed and taken away), closings and retention,
// after the register moves a provider to another delregion, and after a restart (on PostgreSQL
// also after the other instance changes answers). The scan is the old way, kept here as the
// reference. In memory, on the embedded store reopened later with its older closed months left
// on disk, and on PostgreSQL.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS, joined, memoryStore, openStore, type Stores } from '../collections.js';
import { closeAll, openPg } from '../../test/support/postgres.js';
import { loadReference, type Reference } from '../core/refdata.js';
import { swedishDate } from '../core/clock.js';
import { generateCases } from '../seed/dataset.js';
import {
  boardReport,
  periodStatistics,
  yearBoardReport,
  parsePeriod,
  previousPeriod,
  statistics,
  type Period,
} from '../statistics/aggregate.js';
import { answerFiguresOf } from '../statistics/reports.js';
import { concerns } from '../indicators/computed.js';
import { emptyAnswer, type AnswerRecord } from '../answers/model.js';
import { anonymise, dueForRetention } from './retention.js';
import { CaseQueries } from './queries.js';
import { newestFirst, NOT_KNOWN, type Case } from './model.js';
import { derivedLight, isRed, lightFrom } from './traffic.js';
import { isOverdue } from './rules/index.js';

let ref: Reference;
let stores: Stores;
/** Every case, in memory or not: the reference the scans run over. */
async function everything(): Promise<Case[]> {
  const out: Case[] = [];
  for await (const part of stores.cases.scan()) out.push(...part);
  return out;
}
const ORGS = ['vgr', 'boras', 'sahlgrenska', 'fyrbodal', 'nu-sjukvarden'];
const PERIODS = ['2024', '2025', '2026', '2025-Q1', '2025-Q4', '2026-Q3', '2024-Q2', '2025-H1', '2025-H2', '2026-H1'];

/**
 * The answer figures kept on write (answers/statistics.ts), the old way: every case of the period
 * that concerns the organisation, with its answer, and the measures that had worked by its end.
 */
function scannedAnswerFigures(all: readonly Case[], answers: ReadonlyMap<string, AnswerRecord>, period: Period, org: string) {
  const day = (iso: string) => swedishDate(new Date(iso));
  const worked = new Map<string, string>();
  for (const c of all)
    for (const m of answers.get(c.id)?.investigation?.measures ?? []) {
      // What the measure was followed up for, else (followed up before effects kept it) the case's.
      const key = `${m.effect?.receiver ?? c.report.receiver}|${m.effect?.category ?? c.report.category}`;
      const known = worked.get(key);
      if (m.effect?.result === 'ja' && day(m.effect.at).slice(0, 7) <= period.to.slice(0, 7) && !(known && known <= m.effect.at))
        worked.set(key, m.effect.at);
    }
  const f = { expected: 0, answered: 0, answeredOnTime: 0, accepted: 0, notAccepted: 0, repeatedAfterEffect: 0 };
  const causes = { receiver: {} as Record<string, number>, reporter: {} as Record<string, number>, compared: 0, differ: 0 };
  const days: number[] = [];
  const add = (t: Record<string, number>, k: string) => (t[k] = (t[k] ?? 0) + 1);
  for (const c of all) {
    if (!c.answerLoop || !concerns(c, org, ref) || day(c.createdAt) < period.from || day(c.createdAt) > period.to) continue;
    const a = answers.get(c.id);
    f.expected++;
    const first = a?.answer && a.events.find((e) => e.type === 'besvarad');
    if (a?.answer) f.answered++;
    if (first && day(first.at) <= c.answerDue) f.answeredOnTime++;
    if (first) days.push(Math.round((Date.parse(day(first.at)) - Date.parse(day(c.createdAt))) / 86_400_000));
    if (a?.verdict) f[a.verdict.accepted ? 'accepted' : 'notAccepted']++;
    const since = worked.get(`${c.report.receiver}|${c.report.category}`);
    if (c.report.kind === 'avvikelse' && since !== undefined && since < c.createdAt) f.repeatedAfterEffect++;
    const found = a?.investigation?.causes ?? [];
    if (!found.length) continue;
    const guess = c.events.some((e) => e.type === 'triagerad' && e.details?.['cause'] !== undefined) ? undefined : c.report.cause;
    causes.compared++;
    add(causes.reporter, guess ?? NOT_KNOWN);
    for (const x of found) add(causes.receiver, x);
    if (guess && !found.includes(guess)) causes.differ++;
  }
  return { ...f, causes, daysToAnswer: days.sort() };
}

/**
 * The receivers answer a quarter of the answer-loop cases, years back too (on disk in the embedded
 * store): in time or late, with coded causes, verdicts and measures that worked or not; then some
 * answers change (a verdict turned, causes coded again) and some are taken away.
 */
async function answerBurst() {
  const by = { userId: 'm', name: 'M' };
  const causes = ref.causes.map((x) => x.id);
  const days = (iso: string, n: number) => new Date(Date.parse(iso) + n * 86_400_000).toISOString();
  const loop = (await everything()).filter((c) => c.answerLoop);
  for (const [i, c] of loop.filter((_, i) => i % 4 === 0).entries()) {
    const at = days(c.createdAt, i % 70);
    // Every other measure that worked was followed up while the case had another category (reclassified since).
    const then = i % 20 === 0 ? { receiver: c.report.receiver, category: ref.categories.find((x) => x.id !== c.report.category)!.id } : {};
    const effect = { result: i % 10 === 0 ? ('ja' as const) : ('nej' as const), comment: 'ok', at: days(at, 3), by, ...then };
    const measures = i % 5 === 0 ? [{ id: `m${i}`, text: 't', owner: 'mottagare' as const, due: at.slice(0, 10), effect }] : [];
    await stores.answers.put({
      ...emptyAnswer(c),
      answer: { text: 'svar', at, by },
      events: [{ at, type: 'besvarad', actor: { ...by, roles: [] }, side: 'mottagare' }],
      investigation: { whatHappened: 'x', causes: i % 3 ? [causes[i % causes.length]!] : [], cause: 'y', measures, at, by },
      ...(i % 2 ? { verdict: { accepted: i % 4 === 1, at, by } } : {}),
    });
  }
  const given = stores.answers.all();
  expect(given.length).toBeGreaterThan(200);
  for (const a of given.slice(0, 30))
    await stores.answers.put({
      ...a,
      verdict: { accepted: !a.verdict?.accepted, at: a.answer!.at, by },
      investigation: { ...a.investigation!, causes: [causes[0]!, causes[1]!] },
    });
  for (const a of given.slice(30, 36)) await stores.answers.delete(a.id);
}

async function compare() {
  const q = CaseQueries.of(stores.cases);
  const all = await everything();
  for (const id of PERIODS) {
    const period = parsePeriod(id)!;
    for (const org of ORGS) {
      // The counters the store keeps on write: after the writes of the second test they must have followed.
      expect(await periodStatistics(q, period, org, ref), `${id} ${org}`).toEqual(statistics(all, period, org, ref));
      const before = previousPeriod(period);
      expect(await periodStatistics(q, before, org, ref)).toEqual(statistics(all, before, org, ref));
    }
  }
  const answers = new Map(stores.answers.all().map((a) => [a.id, a]));
  for (const id of ['2024', '2025', '2026', '2025-Q4', '2026-Q3'])
    for (const org of ORGS) {
      const period = parsePeriod(id)!;
      const { effects: _, daysToAnswer, ...kept } = await answerFiguresOf({ stores, reference: ref }, period, org);
      const scanned = scannedAnswerFigures(all, answers, period, org);
      expect({ ...kept, daysToAnswer: [...daysToAnswer].sort() }, `answers ${id} ${org}`).toEqual(scanned);
    }
  for (const year of ['2024', '2025', '2026'])
    for (const org of ORGS)
      expect(await yearBoardReport(q, year, org, ref, '2026-06-15'), `${year} ${org}`).toEqual(
        boardReport(all, year, org, ref, '2026-06-15'),
      );
  for (const today of ['2025-06-30', '2026-09-15']) {
    const received = (p: string) => all.filter((c) => c.report.receiver === p);
    const lights = await q.lights(today, ref.ladder);
    for (const p of ['sahlgrenska', 'nu-sjukvarden', 'boras', 'sodra-alvsborgs-sjukhus'])
      expect(lightFrom(lights, p, today, ref.ladder), `${today} ${p}`).toEqual(derivedLight(received(p), today, ref.ladder));
    // The summary's red lights from the open cases' counters alone, for every provider, as from all it received.
    const red = ref.register.all.filter((p) => isRed(lights[0]!, p.id, today)).map((p) => p.id);
    expect(red, today).toEqual(
      ref.register.all.filter((p) => derivedLight(received(p.id), today, ref.ladder).color === 'rod').map((p) => p.id),
    );
    if (today === '2026-09-15') expect(red.length).toBeGreaterThan(0);
  }
  // The overdue list from the index by the day each open case falls due, on days before, among and after the dates.
  const byId = (cs: readonly Case[]) => cs.map((c) => c.id).sort();
  const overdue = (today: string) => all.filter((c) => c.status !== 'avslutad' && isOverdue(c, today));
  for (const today of ['2024-01-01', '2025-06-30', '2026-09-15', '2027-06-01'])
    expect(byId(q.overdue(today)), today).toEqual(byId(overdue(today)));
  expect(overdue('2026-09-15').length).toBeGreaterThan(0);
  expect([...q.openCases()].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
    all.filter((c) => c.status !== 'avslutad').sort((a, b) => a.id.localeCompare(b.id)),
  );
  // The oldest and the newest: old ones are read from disk on the embedded store.
  for (const c of [...all.slice(0, 25), ...all.slice(-25)]) expect(await q.byNumber(c.number)).toEqual(c);
  expect(q.receivedBy('sahlgrenska')).toBe(all.filter((c) => c.report.receiver === 'sahlgrenska').length);
  // The meeting summary's new and closed cases since an instant, against the plain filters.
  const windows: [string, string][] = [
    ['2025-03-14', '2025-04-20'],
    ['2026-08-30', '2026-09-26'],
  ];
  for (const [from, to] of windows) {
    const ms = Date.parse(`${from}T09:30:00Z`);
    const reported = (await q.reportedIn(from, to)).filter((c) => Date.parse(c.createdAt) >= ms);
    expect(reported.length, `reported ${from}`).toBeGreaterThan(0);
    expect((await q.reportedSince(ms, from, to)).flat()).toEqual(reported);
    // Closed at or after the instant, in a month up to the window's last (Swedish time).
    const closed = all.filter((c) =>
      c.events.some((e) => e.type === 'avslutad' && Date.parse(e.at) >= ms && swedishDate(new Date(e.at)).slice(0, 7) <= to.slice(0, 7)),
    );
    expect(closed.length, `closed ${from}`).toBeGreaterThan(0);
    expect((await q.closedSince(ms, from, to)).map((c) => c.id).sort()).toEqual(closed.map((c) => c.id).sort());
  }
  // The lists' walk back month by month, across years, against the scan sorted newest first.
  const newest = [...all].sort(newestFirst);
  expect(q.firstMonth()).toBe('2024-01');
  const keeps: [string, (c: Case) => boolean][] = [
    ['all', () => true],
    ['sahlgrenska', (c) => c.report.receiver === 'sahlgrenska'],
  ];
  for (const [label, keep] of keeps)
    for (const page of [1, 2, 9, 60]) {
      const walked = await q.newestPage(keep, page, 10, q.firstMonth(), '2026-09-26');
      const expected = newest.filter(keep);
      expect(
        walked.cases.map((c) => c.number),
        `${label} page ${page}`,
      ).toEqual(expected.slice((page - 1) * 10, page * 10).map((c) => c.number));
      expect(walked.more, `${label} page ${page}`).toBe(expected.length > page * 10);
    }
}

/** When the embedded store is reopened: closed months before 2025-06 stay on disk. */
const NOW = new Date('2027-06-01T10:00:00Z');
let dir: string | undefined;

// Every third case in the answer loop: its answers (written later) are joined to it in the answer figures.
const generated = () =>
  generateCases(ref, { seed: 11, from: '2024-01-01', days: 1000, perDay: 3 }).map((c, i) => ({ ...c, answerLoop: i % 3 === 0 }));

/** How each store is opened with the generated cases, and opened again as a restart finds it (none in memory). */
const STORES: [string, { open(): Promise<Stores>; restart?(): Promise<Stores> }][] = [
  [
    'in memory',
    {
      open: async () => {
        const s = memoryStore();
        await s.cases.putMany(generated());
        return s;
      },
    },
  ],
  [
    'on the embedded store, older months on disk',
    {
      open: async () => {
        dir = await mkdtemp(path.join(tmpdir(), 'queries-'));
        const first = await openStore(dir, NOW);
        await first.cases.putMany(generated());
        await first.close();
        return openStore(dir, NOW);
      },
      restart: async () => {
        await stores.close();
        return openStore(dir!, NOW);
      },
    },
  ],
  [
    'on PostgreSQL',
    {
      open: async () => {
        const s = joined(await openPg(COLLECTIONS, 'first'));
        await s.cases.putMany(generated());
        return s;
      },
      // Another instance starting on the same database.
      restart: async () => joined(await openPg(COLLECTIONS, 'restarted')),
    },
  ],
];

afterAll(async () => {
  await closeAll();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(STORES)('the indexed queries %s', (name, { open, restart }) => {
  beforeAll(async () => {
    ref = await loadReference('data/reference');
    stores = await open();
  });
  afterAll(() => stores.close());

  it('agree with a scan on a generated store of three years', async () => {
    const all = await everything();
    expect(all.length).toBeGreaterThan(2500);
    // The embedded store holds the open cases and the last year; the rest waited on disk.
    if (name.includes('embedded')) expect(stores.cases.all().length).toBeLessThan(all.length * 0.8);
    await compare();
  });

  it('agree with a scan after submits, first assessments, closings and retention', async () => {
    const more = generateCases(ref, { seed: 12, from: '2026-08-01', days: 40, perDay: 5 }).map((c, i) => ({
      ...c,
      id: `burst-${i}`,
      formId: `burst-form-${i}`,
      number: `AVV-2027-${String(i + 1).padStart(5, '0')}`,
    }));
    for (const c of more.slice(0, 100)) await stores.cases.put(c);
    const open = stores.cases
      .all()
      .filter((c) => c.status === 'ny')
      .slice(0, 80);
    for (const c of open.slice(0, 40))
      await stores.cases.put({
        ...c,
        status: 'uppfoljning',
        assessment: 'allvarlig',
        events: [
          ...c.events,
          {
            at: '2026-09-10T09:00:00.000Z',
            type: 'triagerad',
            actor: { userId: 'o', name: 'O', roles: ['handlaggare'] },
            to: 'narmare-uppfoljning',
            visibleToReporter: true,
          },
        ],
      } as Case);
    for (const c of open.slice(40))
      await stores.cases.put({
        ...c,
        status: 'avslutad',
        events: [
          ...c.events,
          {
            at: '2026-09-11T23:30:00.000Z',
            type: 'avslutad',
            actor: { userId: 'o', name: 'O', roles: ['handlaggare'] },
            to: 'atgardad',
            visibleToReporter: true,
          },
        ],
      } as Case);
    // Waiting for a first assessment with a plan's date set later than the answer date: overdue from the earlier.
    for (const c of open.slice(0, 5))
      await stores.cases.put({
        ...stores.cases.get(c.id)!,
        answerDue: '2026-09-01',
        deadlines: [{ id: `d-${c.id}`, kind: 'handlingsplan', due: '2026-12-01', setAt: c.createdAt, stepId: '2a' }],
        events: c.events.filter((e) => e.type !== 'triagerad'),
        status: 'ny',
      });
    // Reclassified on follow-up: another category and cause, counted under the new ones only.
    for (const c of stores.cases
      .all()
      .filter((c) => c.report.kind === 'avvikelse')
      .slice(0, 30))
      await stores.cases.put({ ...c, report: { ...c.report, category: 'ordination', cause: 'ej-foljt-rutin' } });
    await answerBurst();
    for (const c of dueForRetention(await everything(), NOW, 2)) await stores.cases.put(anonymise(c, NOW));
    await compare();
    // Every figure of the answer loop is there to be compared: answered, judged both ways, repeated, differing causes.
    const scanned = scannedAnswerFigures(
      await everything(),
      new Map(stores.answers.all().map((a) => [a.id, a])),
      parsePeriod('2025')!,
      'vgr',
    );
    for (const figure of [scanned.answered, scanned.accepted, scanned.notAccepted, scanned.repeatedAfterEffect, scanned.causes.differ])
      expect(figure).toBeGreaterThan(0);
  });

  it('agree with a scan after the register moves a provider to another delregion', async () => {
    const moved = ref.register.all.find((p) => p.id === 'boras')!;
    const other = ref.delregions.find((d) => d.id !== moved.delregion)!.id;
    ref.register.replace(ref.register.all.map((p) => (p === moved ? { ...p, delregion: other } : p)));
    await compare();
  });

  it.skipIf(!restart)('agree with a scan after a restart', async () => {
    const before = stores;
    stores = await restart!();
    await compare();
    // On PostgreSQL the first instance still runs: its answers reach this one's figures.
    if (name.includes('PostgreSQL')) {
      for (const a of before.answers.all().slice(0, 20)) await before.answers.put({ ...a, verdict: undefined });
      await stores.sync();
      await compare();
    }
  });

  it('count a repeat after a measure that worked for what it was followed up for, without reading its case', async () => {
    const [template] = await everything();
    const [first, second] = ref.categories.map((x) => x.id);
    const reported = (n: number, createdAt: string): Case => ({
      ...template!,
      id: `learning-${n}`,
      formId: `learning-form-${n}`,
      number: `AVV-2028-${String(n).padStart(5, '0')}`,
      createdAt,
      answerLoop: true,
      report: { ...template!.report, kind: 'avvikelse', receiver: 'boras', category: first! },
    });
    const earlier = await stores.cases.put(reported(1, '2028-01-10T09:00:00.000Z'));
    const by = { userId: 'm', name: 'M' };
    const at = '2028-02-01T09:00:00.000Z';
    const effect = { result: 'ja' as const, comment: 'ok', at, by, receiver: 'boras', category: first! };
    await stores.answers.put({
      ...emptyAnswer(earlier),
      answer: { text: 'svar', at, by },
      investigation: {
        whatHappened: 'x',
        causes: [],
        cause: 'y',
        measures: [{ id: 'm', text: 't', owner: 'mottagare', due: '2028-02-01', effect }],
        at,
        by,
      },
    });
    // Reclassified after the follow-up: the measure still worked for the first category.
    await stores.cases.put({ ...earlier, report: { ...earlier.report, category: second! } });
    await stores.cases.put(reported(2, '2028-04-10T09:00:00.000Z'));
    const loads: string[] = [];
    const cases = new Proxy(stores.cases, {
      get: (t, prop, receiver) =>
        prop === 'load' ? (id: string) => (loads.push(id), t.load(id)) : (Reflect.get(t, prop, receiver) as unknown),
    });
    const figures = await answerFiguresOf({ stores: { ...stores, cases }, reference: ref }, parsePeriod('2028-Q2')!, 'vgr');
    expect(figures.repeatedAfterEffect).toBe(1);
    expect(loads.filter((id) => id.startsWith('learning-'))).toEqual([]);
  });
});
