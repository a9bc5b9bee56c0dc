// A deterministic, realistic set of cases for tests, statistics and (later) benchmarks:
// municipalities report about three times as often as the region (001_…), categories and
// causes weighted towards the most common ones, cases spread over the ladder with action plans.
import { randomUUID } from 'node:crypto';
import type { Case, CaseEvent, Report } from '../cases/model.js';
import { addDays, swedishDate } from '../core/clock.js';
import type { Provider, Reference } from '../core/refdata.js';
import { caseNumber, direction, isSerious } from '../cases/model.js';
import { contractAllows, trackFor } from '../cases/rules/common.js';

/** Small, fast, seedable PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(rnd: () => number, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rnd() * total;
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items.at(-1)![0];
}

export interface DatasetOptions {
  seed: number;
  from: string;
  days: number;
  perDay: number;
}

interface Generator {
  rnd: () => number;
  pick: <T>(xs: readonly T[]) => T;
  ref: Reference;
  kommuner: Provider[];
  region: Provider[];
  /** Private providers followed up by contract (002_…): every 20th municipal report goes to one. */
  contracted: Provider[];
  catWeights: [string, number][];
  causeWeights: [string, number][];
}

/** One report of a day: municipalities report three times as often as the region (001_…). */
function reportOf(g: Generator, date: string, n: number, reporterUnit: string, receiver: string): Report {
  const { rnd, pick } = g;
  const fromP = g.ref.provider(reporterUnit)!;
  const toP = g.ref.provider(receiver)!;
  return {
    kind: rnd() < 0.12 ? 'synpunkt' : 'avvikelse',
    eventDate: addDays(date, -Math.floor(rnd() * 5)),
    reporterUnit,
    // Six in ten by staff, two by unit managers, one by MAS, one not said (not from rnd: the
    // rest of the dataset stays as it was).
    ...(n % 10 < 9 ? { reporterRole: ([...Array(6).fill('medarbetare'), 'enhetschef', 'enhetschef', 'mas'] as const)[n % 10] } : {}),
    receiver,
    direction: direction(fromP, toP),
    category: weighted(rnd, g.catWeights),
    cause: weighted(rnd, g.causeWeights),
    consequence: pick(['risk', 'tillbud', 'negativ-handelse'] as const),
    severity: weighted(rnd, [
      [1, 4],
      [2, 4],
      [3, 1.5],
      [4, 0.5],
    ]),
    description: `Genererad händelse ${n}: information saknades vid överföringen.`,
    immediateAction: 'Kontaktade den andra parten.',
    dialogue: pick(['ja', 'nej', 'ej-mojligt'] as const),
  };
}

type Officer = CaseEvent['actor'];
const dayAfter = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

/** Nine in ten are triaged within three weeks; three in ten of all end there (ingen åtgärd). */
function triage(g: Generator, c: Omit<Case, 'version'>, officer: Officer): number {
  const triageDays = 1 + Math.floor(g.rnd() * 20);
  const r = g.rnd();
  if (r >= 0.9) return triageDays;
  const assessment = isSerious(c.report.severity) ? 'allvarlig' : 'mindre';
  const to = r < 0.3 ? 'ingen-atgard' : 'narmare-uppfoljning';
  c.events.push({
    at: dayAfter(c.createdAt, triageDays),
    type: 'triagerad',
    actor: officer,
    to,
    comment: 'Bedömd',
    details: { assessment },
    visibleToReporter: true,
  });
  c.assessment = assessment;
  c.status = r < 0.3 ? 'avslutad' : 'uppfoljning';
  return triageDays;
}

/**
 * Half of those followed up get an action plan with a date, most followed up, many then closed:
 * 2a and 2b on a contracted receiver's ladder, the dialogue's agreement s1 and its follow-up s2
 * on the collaboration ladder (issue 31.1).
 */
function actionPlan(g: Generator, c: Omit<Case, 'version'>, officer: Officer, triageDays: number): void {
  const { rnd } = g;
  const [plan, followUp, skipped] = c.track === 'samverkan' ? (['s1', 's2', ['0']] as const) : (['2a', '2b', ['0', '1']] as const);
  const setAt = dayAfter(c.createdAt, triageDays + 2);
  const due = addDays(setAt.slice(0, 10), 30 + Math.floor(rnd() * 120));
  c.events.push({
    at: setAt,
    type: 'steg',
    actor: officer,
    from: undefined,
    to: plan,
    comment: 'Handlingsplan begärd',
    details: { deadline: due },
    visibleToReporter: true,
  });
  c.skipReasons = Object.fromEntries(skipped.map((s) => [s, 'seed']));
  c.step = plan;
  const deadline = { id: randomUUID(), kind: 'handlingsplan' as const, due, setAt, stepId: plan, contactPerson: 'Kontaktperson' };
  if (rnd() >= 0.6) {
    c.deadlines = [deadline];
    return;
  }
  const followDay = Math.floor((rnd() * 1.3 * (Date.parse(due) - Date.parse(setAt))) / 86_400_000);
  const followAt = dayAfter(setAt, Math.max(1, followDay));
  const outcome = rnd() < 0.7 ? 'genomford' : 'ej-genomford';
  c.events.push({
    at: followAt,
    type: 'steg',
    actor: officer,
    from: plan,
    to: followUp,
    comment: 'Följd upp',
    details: { outcome },
    visibleToReporter: true,
  });
  c.step = followUp;
  c.deadlines = [{ ...deadline, closedAt: followAt }];
  if (rnd() < 0.7) {
    c.events.push({
      at: dayAfter(followAt, 1),
      type: 'avslutad',
      actor: officer,
      to: 'atgardad',
      comment: 'Tack, åtgärdat.',
      details: { summary: 'Klart' },
      visibleToReporter: true,
    });
    c.status = 'avslutad';
  }
}

/**
 * A case still open a year before the data set ends is closed: deviations are handled within
 * months (002_…: an action plan runs 1–6 months), so a real store's open cases are the recent
 * ones, not a share of every year. Closing days come from the case number, not the generator,
 * so the cases generated after this one do not change.
 */
function closeIfOld(c: Omit<Case, 'version'>, officer: Officer, n: number, end: string): void {
  if (c.status === 'avslutad' || c.createdAt.slice(0, 10) > addDays(end, -365)) return;
  if (c.status === 'ny') {
    const at = dayAfter(c.createdAt, 20);
    c.events.push({ at, type: 'triagerad', actor: officer, to: 'narmare-uppfoljning', comment: 'Bedömd', visibleToReporter: true });
    c.assessment = 'mindre';
  }
  const at = dayAfter(c.createdAt, 60 + ((n * 37) % 240));
  c.deadlines = c.deadlines.map((d) => (d.closedAt ? d : { ...d, closedAt: at }));
  c.events.push({
    at,
    type: 'avslutad',
    actor: officer,
    to: 'atgardad',
    comment: 'Avslutad.',
    details: { summary: 'Klart' },
    visibleToReporter: true,
  });
  c.status = 'avslutad';
}

/** One generated case, handled as far as chance takes it. */
function caseOf(g: Generator, opts: DatasetOptions, year: number, n: number, report: Report, createdAt: string): Omit<Case, 'version'> {
  const officer = { userId: `officer-${report.receiver}`, name: 'Handläggare', roles: ['handlaggare'] };
  const reporter = { userId: `staff-${report.reporterUnit}-${n}`, name: 'Medarbetare', roles: ['medarbetare'] };
  const c: Omit<Case, 'version'> = {
    id: randomUUID(),
    number: caseNumber(year, n),
    formId: `seed-${opts.seed}-${year}-${n}`,
    createdAt,
    reporter: { userId: reporter.userId, name: 'Medarbetare' },
    report,
    status: 'ny',
    answerDue: addDays(swedishDate(new Date(createdAt)), 60),
    // History from before the answer loop: the officers' 60-day rule applies.
    answerLoop: false,
    linked: [],
    events: [{ at: createdAt, type: 'rapporterad', actor: reporter, visibleToReporter: true }],
    deadlines: [],
    skipReasons: {},
    track: trackFor(g.ref.ladder, g.ref.provider(report.receiver)),
  };
  const triageDays = triage(g, c, officer);
  if (c.status === 'uppfoljning' && g.rnd() < 0.5) actionPlan(g, c, officer, triageDays);
  closeIfOld(c, officer, n, addDays(opts.from, opts.days));
  return c;
}

export function generateCases(ref: Reference, opts: DatasetOptions): Omit<Case, 'version'>[] {
  const rnd = random(opts.seed);
  const g: Generator = {
    rnd,
    pick: <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!,
    ref,
    kommuner: ref.providers.filter((p) => p.kind === 'kommun'),
    region: ref.providers.filter((p) => p.kind === 'region'),
    contracted: ref.providers.filter((p) => contractAllows(ref.ladder, p)),
    catWeights: ref.categories.map((c) => [c.id, ['lakemedel', 'ordination', 'vard-och-behandling', 'ovrigt'].includes(c.id) ? 4 : 1]),
    causeWeights: ref.causes.map((c) => [c.id, ['kommunikationsbrist', 'ej-foljt-rutin'].includes(c.id) ? 5 : 1]),
  };
  const seq = new Map<number, number>();
  const out: Omit<Case, 'version'>[] = [];
  for (let day = 0; day < opts.days; day++) {
    const date = addDays(opts.from, day);
    const count = Math.floor(opts.perDay) + (rnd() < opts.perDay % 1 ? 1 : 0);
    for (let i = 0; i < count; i++) {
      const fromKommun = rnd() < 0.75;
      const reporterUnit = (fromKommun ? g.pick(g.kommuner) : g.pick(g.region)).id;
      const drawn = (fromKommun ? (rnd() < 0.9 ? g.pick(g.region) : g.pick(g.kommuner)) : g.pick(g.kommuner)).id;
      if (drawn === reporterUnit) continue;
      const createdAt = `${date}T${String(7 + Math.floor(rnd() * 10)).padStart(2, '0')}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}:00.000Z`;
      const year = Number(date.slice(0, 4));
      const n = (seq.get(year) ?? 0) + 1;
      // From the case number, not the generator: the other cases stay as they were.
      const receiver = fromKommun && n % 20 === 0 && g.contracted.length ? g.contracted[(n / 20) % g.contracted.length]!.id : drawn;
      seq.set(year, n);
      out.push(caseOf(g, opts, year, n, reportOf(g, date, n, reporterUnit, receiver), createdAt));
    }
  }
  return out;
}

/** A case at step 2a whose action plan, set by `owner`, is due on `due` (reminder tests, bench). */
export function caseWithPlan(due: string, owner: string, n: number, provider = 'sodra-alvsborgs-sjukhus'): Omit<Case, 'version'> {
  const setAt = '2026-10-01T08:00:00.000Z';
  const actor = { userId: owner, name: owner, roles: ['handlaggare'] };
  return {
    id: randomUUID(),
    number: `AVV-2026-${String(n).padStart(5, '0')}`,
    formId: randomUUID(),
    createdAt: '2026-09-15T08:00:00.000Z',
    reporter: { userId: 'rep', name: 'Rep' },
    report: {
      kind: 'avvikelse',
      eventDate: '2026-09-14',
      reporterUnit: 'boras',
      receiver: provider,
      direction: 'kommun-region',
      category: 'lakemedel',
      cause: 'kommunikationsbrist',
      consequence: 'risk',
      severity: 2,
      description: 'Beskrivning av händelsen.',
      immediateAction: 'Åtgärd.',
      dialogue: 'ja',
    },
    status: 'uppfoljning',
    step: '2a',
    answerDue: '2026-11-14',
    answerLoop: false,
    linked: [],
    events: [
      { at: '2026-09-15T08:00:00.000Z', type: 'rapporterad', actor: { userId: 'rep', name: 'Rep', roles: [] }, visibleToReporter: true },
      { at: '2026-09-20T08:00:00.000Z', type: 'triagerad', actor, to: 'narmare-uppfoljning', comment: 'ok', visibleToReporter: true },
      { at: setAt, type: 'steg', actor, to: '2a', comment: 'Plan begärd', visibleToReporter: true },
    ],
    deadlines: [{ id: randomUUID(), kind: 'handlingsplan', due, setAt, stepId: '2a', contactPerson: 'Kim' }],
    skipReasons: {},
    track: 'lopande',
  };
}
