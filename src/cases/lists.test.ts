import { beforeAll, describe, expect, it } from 'vitest';
import { turnOf, unitDeps, type UnitDeps } from '../../test/support/unit.js';
import { sampleCase } from '../../test/support/cases.js';
import { CaseCards } from './cards.js';
import { selectCases, type ListDeps } from './lists.js';

let deps: UnitDeps;
let d: ListDeps;
beforeAll(async () => {
  deps = await unitDeps();
  d = { ...deps, cards: new CaseCards(deps.cards, deps.reference) };
  const c = sampleCase();
  await deps.stores.cases.put({ ...c, id: 'new-sas', formId: 'form-new-sas', number: 'AVV-2026-00001', status: 'ny' });
  await deps.stores.cases.put({
    ...c,
    id: 'step2a-sas',
    formId: 'form-step2a-sas',
    number: 'AVV-2026-00002',
    step: '2a',
    createdAt: '2026-11-21T10:00:00.000Z',
  });
  await deps.stores.cases.put({
    ...c,
    id: 'overdue-sas',
    formId: 'form-overdue-sas',
    number: 'AVV-2026-00003',
    deadlines: [{ id: 'd', kind: 'handlingsplan', due: '2026-11-01', setAt: '2026-10-01T00:00:00.000Z', stepId: '2a' }],
    createdAt: '2026-11-22T10:00:00.000Z',
  });
  await deps.stores.cases.put({
    ...c,
    id: 'nu',
    formId: 'form-nu',
    number: 'AVV-2026-00004',
    report: { ...c.report, receiver: 'nu-sjukvarden', reporterUnit: 'uddevalla' },
  });
});

const ids = async (filter: string, providers = ['sodra-alvsborgs-sjukhus']) => {
  const s = await selectCases(d, turnOf(deps, { roles: ['handlaggare'], providers }), filter);
  return 'cases' in s ? s.cases.map((c) => c.id) : s.message;
};

describe('case lists', () => {
  it('hold only the cases of the user’s providers, newest first', async () => {
    expect(await ids('alla')).toEqual(['overdue-sas', 'step2a-sas', 'new-sas']);
    expect(await ids('alla', ['uddevalla'])).toEqual(['nu']);
    expect(await ids('alla', [])).toEqual([]);
    expect(await ids('alla', ['*'])).toHaveLength(4);
  });

  it('filter by new, step, overdue and provider, inside the scope', async () => {
    expect(await ids('nya')).toEqual(['new-sas']);
    expect(await ids('steg 2a')).toEqual(['step2a-sas']);
    expect(await ids('försenade')).toEqual(['overdue-sas']);
    expect(await ids('NU-sjukvården')).toEqual([]);
    expect(await ids('NU-sjukvården', ['*'])).toEqual(['nu']);
    expect(await ids('Atlantis')).toContain('Ingen vårdgivare');
  });

  // 002_… kapitel 3: a case found motivated and prioritised A–E but not (yet) handed over waits
  // for deep follow-up; the list shows the waiting cases, highest priority first (issue 31.4).
  it('lists the waiting list: graded, on the running ladder, not handed over, highest priority first', async () => {
    const c = sampleCase();
    const graded = (id: string, n: string, grades: Record<string, string>, over = {}) =>
      deps.stores.cases.put({ ...c, id, formId: `form-${id}`, number: `AVV-2026-0${n}`, grades: grades as never, ...over });
    await graded('wait-low', '0010', { A: 'lag', B: 'lag', C: 'lag', D: 'lag', E: 'lag' });
    await graded('wait-high', '0011', { A: 'hog', B: 'hog', C: 'hog', D: 'mellan', E: 'lag' });
    await graded('handed-over', '0012', { A: 'hog', B: 'hog', C: 'hog', D: 'hog', E: 'hog' }, { track: 'fordjupad' });
    await graded('closed', '0013', { A: 'hog', B: 'hog', C: 'hog', D: 'hog', E: 'hog' }, { status: 'avslutad' });
    await graded(
      'wait-nu',
      '0014',
      { A: 'hog', B: 'hog', C: 'hog', D: 'hog', E: 'hog' },
      { report: { ...c.report, receiver: 'nu-sjukvarden' } },
    );
    expect(await ids('väntelista')).toEqual(['wait-high', 'wait-low']);
    expect(await ids('waiting list')).toEqual(['wait-high', 'wait-low']);
  });
});
