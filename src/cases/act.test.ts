import { beforeEach, describe, expect, it } from 'vitest';
import { turnOf, unitDeps, shown, type UnitDeps } from '../../test/support/unit.js';
import { SAMPLE_CASE_ID, sampleCase } from '../../test/support/cases.js';
import { act, openForm } from './act.js';
import { CaseCards } from './cards.js';
import { AnswerCards } from '../answers/cards.js';
import type { CaseViewDeps } from './show.js';
import type { Turn } from '../core/turn.js';
import type { Case } from './model.js';

let deps: UnitDeps;
let d: CaseViewDeps;
beforeEach(async () => {
  deps = await unitDeps();
  d = { ...deps, cards: new CaseCards(deps.cards, deps.reference), answerCards: new AnswerCards(deps.cards, deps.reference) };
  await deps.stores.cases.put(sampleCase());
});

const officer = (data: Record<string, unknown>) =>
  turnOf(deps, {
    userId: 'off',
    name: 'Olle',
    roles: ['handlaggare'],
    providers: ['sodra-alvsborgs-sjukhus'],
    data: { caseId: SAMPLE_CASE_ID, version: '1', ...data },
  });

/** The handler as the edge runs it: with the case the route's scope loaded (as stored now). */
const onCase =
  <T>(handler: (turn: Turn, c: Case) => T) =>
  (turn: Turn) =>
    handler(turn, deps.stores.cases.get(SAMPLE_CASE_ID)!);

describe('acting on a case', () => {
  it('opens a step’s form with only that step’s fields, required ones marked', async () => {
    const chooser = shown(await onCase(openForm(d))(officer({ form: 'step' })));
    expect(chooser).toContain('"id":"to"');
    const plan = shown(await onCase(openForm(d))(officer({ form: 'step', to: '2a' })));
    for (const field of ['comment', 'contactNote', 'deadline', 'contactPerson', 'skip_1']) expect(plan).toContain(`"id":"${field}"`);
    // The step passed over has its own reason, named by the step (issue 31.3).
    expect(plan).toContain('Skäl att hoppa över steg 1 Dialogbaserad avvikelsehantering');
    expect(plan).not.toContain('"id":"boardDate"');
    expect(plan).not.toContain('"id":"outcome"');
    // Marked as Teams marks it (isRequired, a red * by the host), not by a second * in the label.
    expect(plan).toMatch(/"id":"deadline"[^}]*"isRequired":true/);
    expect(plan).not.toMatch(/Tidsgräns[^"]* \*/);
  });

  it('saves a valid step for everyone and tells the reporter, in the reporter’s language', async () => {
    await deps.profiles.update('rep', { locale: 'en' }, deps.clock.now());
    const answer = await onCase(act(d, 'step'))(officer({ to: '0', comment: 'Normalläge efter samtal' }));
    expect(answer.reply?.policy).toBe('replaceForAll');
    expect(shown(answer)).toContain('Sparat');
    expect(deps.stores.cases.get(SAMPLE_CASE_ID)).toMatchObject({ step: '0', version: 2 });
    expect(answer.notify?.[0]).toMatchObject({ to: { kind: 'user', userId: 'rep' } });
    expect(JSON.stringify(answer.notify?.[0]?.message)).toContain('Your case');
  });

  it('puts a refusal next to its field with the input kept, and changes nothing', async () => {
    const answer = await onCase(act(d, 'step'))(
      officer({ to: '2a', comment: 'Plan begärs', contactNote: 'Mejl', skipReason: 'Brådskande', contactPerson: 'Kim' }),
    );
    expect(answer.reply?.policy).toBe('replaceForInteractor');
    const card = shown(answer);
    expect(card).toContain('kräver en tidsgräns');
    expect(card).toContain('"value":"Kim"');
    expect(deps.stores.cases.get(SAMPLE_CASE_ID)?.version).toBe(1);
  });

  it('refuses an identity number in any text field before the rules run', async () => {
    const card = shown(
      await onCase(act(d, 'step'))(
        officer({
          to: '2a',
          comment: 'Plan',
          contactNote: 'Mejl',
          skipReason: 'x',
          contactPerson: 'Pat 19121212-1212',
          deadline: '2027-01-15',
        }),
      ),
    );
    expect(card).toContain('personnummer');
    expect(deps.stores.cases.get(SAMPLE_CASE_ID)?.version).toBe(1);
  });

  it('audits a missing mandate as a refusal and shows it on the case', async () => {
    const card = shown(await onCase(act(d, 'step'))(officer({ to: '3', comment: 'Strategi', skipReason: 'x' })));
    expect(card).toContain('Det här beslutas av');
    expect(deps.stores.audit.all()).toMatchObject([{ action: 'refused', subject: SAMPLE_CASE_ID, details: { kind: 'rule' } }]);
  });

  it('gives a stale card the fresh case back', async () => {
    await onCase(act(d, 'step'))(officer({ to: '0', comment: 'Normalläge' }));
    const card = shown(await onCase(act(d, 'step'))(officer({ to: '1', comment: 'Dialog', contactNote: 'Samtal' })));
    expect(card).toContain('Någon annan uppdaterade ärendet');
    expect(deps.stores.cases.get(SAMPLE_CASE_ID)?.step).toBe('0');
  });

  it('shows a case linked elsewhere only as a notice in a channel not linked to its providers', async () => {
    const t = { ...officer({ form: 'step' }), place: { key: 'channel:other', kind: 'channel' as const } };
    const card = shown(await onCase(openForm(d))(t));
    expect(card).toContain('arende.oppna-privat');
    expect(card).not.toContain('Läkemedelslistan');
  });
});
