import { beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../core/clock.js';
import { AnswerCards } from '../answers/cards.js';
import { turnOf, unitDeps, shown, type UnitDeps } from '../../test/support/unit.js';
import { ReportingCards } from './cards.js';
import { myReports, showMine } from './mine.js';
import { createNew, linkToCase, openForm, submitReport, type ReportingDeps } from './report.js';
import { ReportingService } from './service.js';

let deps: UnitDeps;
let r: ReportingDeps;
beforeEach(async () => {
  deps = await unitDeps();
  r = {
    ...deps,
    service: new ReportingService(
      deps.stores.cases,
      deps.stores,
      (_r, today) => addDays(today, 60),
      () => 'samverkan',
    ),
    cards: new ReportingCards(deps.cards, deps.reference),
    receivers: () => [],
    answerCards: new AnswerCards(deps.cards, deps.reference),
  };
});

const form = (formId: string, over: Record<string, string> = {}) => ({
  formId,
  kind: 'avvikelse',
  eventDate: '2026-11-28',
  reporterUnit: 'boras',
  receiver: 'sodra-alvsborgs-sjukhus',
  category: 'lakemedel',
  cause: 'kommunikationsbrist',
  consequence: 'tillbud',
  severity: '2',
  description: 'Läkemedelslistan saknades vid utskrivningen.',
  immediateAction: 'Ringde avdelningen.',
  dialogue: 'ja',
  ...over,
});

describe('reporting handlers', () => {
  it('opens the form with today and the unit the user reported from last time', async () => {
    await deps.profiles.update('u1', { unit: 'ale' }, deps.clock.now());
    const card = shown(await openForm(r)(turnOf(deps)));
    expect(card).toContain('"value":"ale"');
    expect(card).toContain('2026-11-30');
  });

  it('registers a report, remembers the unit without dropping the stored Teams identity, and tells linked channels', async () => {
    await deps.profiles.update('u1', { teams: { id: '29:u1', serviceUrl: 'https://smba.example/' } }, deps.clock.now());
    await deps.registry.remember({ key: 'channel:sas', kind: 'channel' }, { serviceUrl: 'x' }, deps.clock.now());
    await deps.registry.bindProvider('channel:sas', 'sodra-alvsborgs-sjukhus', deps.clock.now());
    const answer = await submitReport(r)(turnOf(deps, { data: form('00000000-0000-4000-8000-000000000001') }));
    expect(shown(answer)).toContain('AVV-2026-00001');
    expect(answer.notify?.map((n) => n.to)).toEqual([{ kind: 'conversation', key: 'channel:sas' }]);
    expect(deps.profiles.get('u1')).toMatchObject({ unit: 'boras', teams: { id: '29:u1' } });
  });

  it('offers an open case of the same receiver and category within a week, showing only what is needed', async () => {
    await submitReport(r)(
      turnOf(deps, { userId: 'first', data: form('00000000-0000-4000-8000-000000000001', { description: 'Första rapporten om listan.' }) }),
    );
    const hint = shown(await submitReport(r)(turnOf(deps, { userId: 'second', data: form('00000000-0000-4000-8000-000000000002') })));
    expect(hint).toContain('avvikelse.lanka');
    expect(hint).not.toContain('Första rapporten');
    expect(deps.stores.cases.all()).toHaveLength(1);
    const linked = await linkToCase(r)(
      turnOf(deps, { userId: 'second', data: { ...form('00000000-0000-4000-8000-000000000002'), caseId: deps.stores.cases.all()[0]!.id } }),
    );
    expect(shown(linked)).toContain('kopplad till AVV-2026-00001');
    const fresh = await createNew(r)(turnOf(deps, { userId: 'third', data: form('00000000-0000-4000-8000-000000000003') }));
    expect(shown(fresh)).toContain('AVV-2026-00002');
  });

  it('lets a reporter read their own report, one who added a report only their own, and nobody else anything', async () => {
    await submitReport(r)(
      turnOf(deps, { userId: 'first', data: form('00000000-0000-4000-8000-000000000001', { description: 'Första rapporten om listan.' }) }),
    );
    const c = deps.stores.cases.all()[0]!;
    await linkToCase(r)(
      turnOf(deps, {
        userId: 'second',
        data: { ...form('00000000-0000-4000-8000-000000000002', { description: 'Andra rapporten om samma sak.' }), caseId: c.id },
      }),
    );
    const own = shown(await showMine(r)(turnOf(deps, { userId: 'first', data: { caseId: c.id } })));
    expect(own).toContain('Första rapporten');
    const added = shown(await showMine(r)(turnOf(deps, { userId: 'second', data: { caseId: c.id } })));
    expect(added).toContain('Andra rapporten');
    expect(added).not.toContain('Första rapporten');
    expect(shown(await showMine(r)(turnOf(deps, { userId: 'stranger', data: { caseId: c.id } })))).toContain('inte ditt att se');
    expect(shown(await myReports(r)(turnOf(deps, { userId: 'second' })))).toContain('AVV-2026-00001');
  });
});
