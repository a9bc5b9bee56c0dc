import { beforeAll, describe, expect, it } from 'vitest';
import { turnOf, unitDeps, shown, type UnitDeps } from '../../test/support/unit.js';
import { sampleCase } from '../../test/support/cases.js';
import { exportCommand, produceAudit, produceCases } from './exports.js';
import { meetingSummary } from './meeting.js';
import { boardReportCard, statisticsCard } from './reports.js';

let deps: UnitDeps;
beforeAll(async () => {
  deps = await unitDeps();
  const c = sampleCase();
  await deps.stores.cases.put({ ...c, id: 'sas', formId: 'form-sas', number: 'AVV-2026-00001', createdAt: '2026-11-20T10:00:00.000Z' });
  await deps.stores.cases.put({
    ...c,
    id: 'nu',
    formId: 'form-nu',
    number: 'AVV-2026-00002',
    createdAt: '2026-11-21T10:00:00.000Z',
    report: { ...c.report, receiver: 'nu-sjukvarden', reporterUnit: 'uddevalla', description: '=HYPERLINK("http://x")' },
  });
  // A light report: the reporter left the classification to the first assessment.
  await deps.stores.cases.put({
    ...c,
    id: 'light',
    formId: 'form-light',
    number: 'AVV-2026-00003',
    createdAt: '2026-08-21T10:00:00.000Z',
    report: { ...c.report, cause: undefined, consequence: undefined, severity: undefined },
  });
});

describe('statistics handlers', () => {
  it('shows the county and delregions to anyone, a provider only to those who act for it', async () => {
    expect(shown(await statisticsCard(deps)(turnOf(deps, { args: '2026-Q3 VGR' })))).toContain('Statistik 2026-K3');
    expect(shown(await statisticsCard(deps)(turnOf(deps, { args: '2026-Q3 NU-sjukvården' })))).toContain(
      'visas bara för dem som företräder',
    );
    expect(shown(await statisticsCard(deps)(turnOf(deps, { providers: ['nu-sjukvarden'], args: '2026-Q3 NU-sjukvården' })))).toContain(
      'Statistik 2026-K3',
    );
    expect(shown(await boardReportCard(deps)(turnOf(deps, { args: '2026 NU-sjukvården' })))).toContain('visas bara för dem som företräder');
  });

  it('counts a report not classified yet under "Vet ej", by cause and in the pairs, and exports it so', async () => {
    const card = shown(await statisticsCard(deps)(turnOf(deps, { args: '2026-Q3 VGR' })));
    expect(card).toMatch(/"title":"Vet ej","value":"1"/);
    expect(card).toMatch(/× Vet ej","value":"1"/);
    const csv = (await produceCases(deps)(turnOf(deps, { roles: ['handlaggare'], providers: ['*'] }), { format: 'csv' }))!.body;
    expect(csv.split('\n').find((l) => l.includes('AVV-2026-00003'))).toContain('vet-ej');
  });

  it('shows a new user a period and organisation with data, saying what it shows instead (issue 16, item 11)', async () => {
    // NU-sjukvården has nothing in the last full quarter (2026-K3), but a case this quarter.
    const nu = shown(await statisticsCard(deps)(turnOf(deps, { providers: ['nu-sjukvarden'] })));
    expect(nu).toContain('Statistik 2026-K4');
    expect(nu).toContain('Inga ärenden för NU-sjukvården under 2026-K3; här visas 2026-K4 hittills.');
    // Medtanken has nothing at all: the county's last quarter, said so.
    const none = shown(await statisticsCard(deps)(turnOf(deps, { providers: ['medtanken'] })));
    expect(none).toContain('Statistik 2026-K3');
    expect(none).toContain('Inga ärenden för Medtanken Group under 2026-K3; här visas Västra Götaland.');
    // What the user asked for is shown as asked, even when empty.
    const asked = shown(await statisticsCard(deps)(turnOf(deps, { providers: ['nu-sjukvarden'], args: '2026-Q3 NU-sjukvården' })));
    expect(asked).toContain('Statistik 2026-K3');
    expect(asked).not.toContain('här visas');
  });

  it('lists in the meeting summary only the cases the asker’s providers cover', async () => {
    const card = shown(await meetingSummary(deps)(turnOf(deps, { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] })));
    expect(card).toContain('AVV-2026-00001');
    expect(card).not.toContain('AVV-2026-00002');
    expect(shown(await meetingSummary(deps)(turnOf(deps, { userId: 'm2' })))).not.toContain('AVV-');
  });

  it('exports the cases in scope as a file offer, with cells a spreadsheet cannot evaluate', async () => {
    const answer = await exportCommand(deps)(turnOf(deps, { roles: ['handlaggare'], providers: ['*'] }));
    expect(answer.files?.[0]).toMatchObject({ file: 'export.arenden', name: 'arenden.csv' });
    const scoped = (await produceCases(deps)(turnOf(deps, { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] }), {
      format: 'csv',
    }))!.body;
    expect(scoped).toContain('AVV-2026-00001');
    expect(scoped).not.toContain('AVV-2026-00002');
    const all = (await produceCases(deps)(turnOf(deps, { roles: ['handlaggare'], providers: ['*'] }), { format: 'csv' }))!.body;
    expect(all).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('exports an audit trail only for a case in scope, naming no reporter', async () => {
    const offer = await produceAudit(deps)(turnOf(deps, { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] }), {
      number: 'AVV-2026-00001',
    });
    expect(offer?.body).toContain('rapportör');
    expect(offer?.body).not.toContain('rep');
    expect(
      await produceAudit(deps)(turnOf(deps, { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] }), {
        number: 'AVV-2026-00002',
      }),
    ).toBeUndefined();
  });
});
