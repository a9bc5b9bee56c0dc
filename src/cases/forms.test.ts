import { beforeAll, describe, expect, it } from 'vitest';
import { unitDeps, type UnitDeps } from '../../test/support/unit.js';
import { sampleCase } from '../../test/support/cases.js';
import type { Actor } from '../core/roles.js';
import { INPUTS, parseAction, skipField } from './actions.js';
import {
  actionForm,
  closeFields,
  GRADE_FIELDS,
  measureFields,
  recordableSteps,
  stepFields,
  triageFields,
  type FormContext,
} from './forms.js';
import type { Case } from './model.js';
import { translator } from '../core/i18n/index.js';

let deps: UnitDeps;
beforeAll(async () => {
  deps = await unitDeps();
});

const officer: Actor = { userId: 'o', name: 'O', roles: ['medarbetare', 'handlaggare'], providers: ['*'] };
const ctx = (c: Partial<Case> = {}): FormContext => ({
  ref: deps.reference,
  locale: 'sv',
  c: { ...sampleCase(), version: 1, ...c } as Case,
  actor: officer,
  today: '2026-11-30',
});
const ids = (fields: readonly { id: string; required?: boolean }[]) => fields.map((f) => `${f.id}${f.required ? '*' : ''}`);

describe('case action forms', () => {
  it('offer final measures to a contracted provider in deep follow-up only (issue 31.3)', () => {
    const offered = (track: Case['track']) =>
      actionForm(ctx({ track, report: { ...sampleCase().report, receiver: 'medtanken' } }), 'measure', undefined).fields[0]!.choices!(
        translator('sv'),
      ).map((c) => c.value);
    expect(offered('lopande')).not.toEqual(expect.arrayContaining(['sanktion']));
    expect(offered('lopande')).toContain('kontrollplan');
    expect(offered('fordjupad')).toEqual(expect.arrayContaining(['sanktion', 'aterkrav', 'havning']));
  });

  it('name the contract measures a municipality has not in one sentence (issue 32.4: no capitals mid-sentence)', () => {
    const c = { ...sampleCase(), version: 1, track: 'fordjupad', step: '4b' } as Case;
    const view = actionForm(
      { ...ctx(), c: { ...c, report: { ...c.report, receiver: 'boras', reporterUnit: 'ale' } } },
      'measure',
      undefined,
    );
    expect(view.intro).toContain('Återkrav, sanktion och vite och hävning finns inte för Borås Stad');
  });

  it('only ask for fields their schema parses', () => {
    // A skipped step's reason (skip_<step>) is read by parseAction, beside the schema (issue 31.3).
    const keys = (kind: keyof typeof INPUTS) => [
      ...Object.keys(INPUTS[kind].shape),
      ...['1', '2a', '2b', '3a', '3b', 's1', 's2', 's3'].map(skipField),
    ];
    for (const f of triageFields(
      ctx({ report: { ...sampleCase().report, cause: undefined, consequence: undefined, severity: undefined } }),
    ))
      expect(keys('triage')).toContain(f.id);
    for (const f of GRADE_FIELDS) expect(keys('grade')).toContain(f.id);
    for (const s of deps.reference.ladder.steps)
      for (const f of stepFields(ctx({ step: undefined }), s.id)) expect(keys('step')).toContain(f.id);
    for (const m of deps.reference.ladder.measures) for (const f of measureFields(ctx(), m.id)) expect(keys('measure')).toContain(f.id);
    for (const f of closeFields(ctx({ step: '3a' }))) expect(keys('close')).toContain(f.id);
  });

  // What each step asks for, from the step at 1 (so 2a skips nothing, 3 skips 2a and 2b).
  const STEPS: [string, 'lopande' | 'fordjupad', string[]][] = [
    ['0', 'lopande', ['comment*']],
    ['2a', 'lopande', ['comment*', 'contactNote*', 'deadline*', 'confirmDeadline', 'contactPerson*']],
    // One reason per step passed over (issue 31.3).
    ['2b', 'lopande', ['comment*', 'contactNote*', 'skip_2a*', 'outcome*']],
    ['3', 'lopande', ['comment*', 'skip_2a*', 'skip_2b*', 'purpose*', 'strategy*', 'plannedMeasures*']],
    ['4a', 'fordjupad', ['comment*', 'skip_2a*', 'skip_2b*', 'skip_3a*', 'skip_3b*', 'deadline*', 'boardDate*', 'diaryNumber*']],
  ];
  for (const [step, track, fields] of STEPS) {
    it(`step ${step} asks for ${fields.join(', ')}`, () => {
      expect(ids(stepFields(ctx({ step: '1', events: [], track }), step))).toEqual(fields);
    });
  }

  it('ask for a skip reason on a final measure only while earlier steps are missing', () => {
    expect(ids(measureFields(ctx({ skipReasons: {} }), 'sanktion'))).toEqual([
      'comment*',
      'skip_1*',
      'skip_2a*',
      'skip_2b*',
      'skip_3a*',
      'skip_3b*',
      'boardDate*',
      'diaryNumber*',
    ]);
    expect(ids(measureFields(ctx({ skipReasons: { '1': 'x', '2a': 'x', '2b': 'x', '3a': 'x', '3b': 'x' } }), 'sanktion'))).toEqual([
      'comment*',
      'boardDate*',
      'diaryNumber*',
    ]);
  });

  it('offer a handläggare only the steps their mandate covers, never the current one', () => {
    const steps = recordableSteps(deps.reference.ladder, ctx({ step: '2a' }).c, officer).map((s) => s.id);
    expect(steps).not.toContain('2a');
    expect(steps).not.toContain('3');
    expect(steps).toContain('2b');
  });
});

// Each skipped step's reason arrives as its own input (issue 31.3) and is screened like every free text.
describe('skip reasons on a submit', () => {
  const step = { to: '3', comment: 'Strategi', purpose: 'a', strategy: 'b', plannedMeasures: 'c' };

  it('are read per step from skip_<step>, empty ones left out, other keys ignored', () => {
    const parsed = parseAction('step', { ...step, skip_2a: 'Plan fanns', skip_2b: '', skip_9z: 'x', skipX: 'y' });
    expect(parsed).toMatchObject({ success: true, data: { kind: 'step', skipReasons: { '2a': 'Plan fanns' } } });
    expect(parseAction('step', step)).toMatchObject({ success: true, data: { kind: 'step' } });
    expect((parseAction('step', step) as { data: object }).data).not.toHaveProperty('skipReasons');
    expect(parseAction('measure', { measure: 'sanktion', comment: 'Beslut', skip_3a: 'Akut' })).toMatchObject({
      data: { kind: 'measure', skipReasons: { '3a': 'Akut' } },
    });
  });

  it('refuse an identity number or an over-long reason, named by the input', () => {
    const pnr = parseAction('step', { ...step, skip_2a: 'Patient 19121212-1212 fick fel' });
    expect(pnr.success).toBe(false);
    expect(!pnr.success && pnr.error.issues.map((i) => i.path)).toEqual([['skip_2a']]);
    const long = parseAction('step', { ...step, skip_2b: 'x'.repeat(1001) });
    expect(!long.success && long.error.issues[0]).toMatchObject({ path: ['skip_2b'], code: 'too_big' });
  });
});
