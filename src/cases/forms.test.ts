import { beforeAll, describe, expect, it } from 'vitest';
import { unitDeps, type UnitDeps } from '../../test/support/unit.js';
import { sampleCase } from '../../test/support/cases.js';
import type { Actor } from '../core/roles.js';
import { INPUTS } from './actions.js';
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
    const keys = (kind: keyof typeof INPUTS) => Object.keys(INPUTS[kind].shape);
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
    ['2b', 'lopande', ['comment*', 'contactNote*', 'skipReason*', 'outcome*']],
    ['3', 'lopande', ['comment*', 'skipReason*', 'purpose*', 'strategy*', 'plannedMeasures*']],
    ['4a', 'fordjupad', ['comment*', 'skipReason*', 'deadline*', 'boardDate*', 'diaryNumber*']],
  ];
  for (const [step, track, fields] of STEPS) {
    it(`step ${step} asks for ${fields.join(', ')}`, () => {
      expect(ids(stepFields(ctx({ step: '1', events: [], track }), step))).toEqual(fields);
    });
  }

  it('ask for a skip reason on a final measure only while earlier steps are missing', () => {
    expect(ids(measureFields(ctx({ skipReasons: {} }), 'sanktion'))).toEqual(['comment*', 'skipReason*', 'boardDate*', 'diaryNumber*']);
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
