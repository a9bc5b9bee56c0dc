import { beforeEach, describe, expect, it } from 'vitest';
import { turnOf, unitDeps, shown, type UnitDeps } from '../../test/support/unit.js';
import { sampleCase } from '../../test/support/cases.js';
import { CaseCards } from './cards.js';
import { overrideLight, providerScope, showProvider, type ProviderDeps } from './provider.js';

let deps: UnitDeps;
let d: ProviderDeps;
beforeEach(async () => {
  deps = await unitDeps();
  d = { ...deps, cards: new CaseCards(deps.cards, deps.reference) };
  await deps.stores.cases.put(sampleCase());
});

describe('the provider card', () => {
  it('shows the light and open cases for a contracted provider in scope, and nothing outside it', async () => {
    await deps.stores.cases.put(
      sampleCase({
        id: 'c0000000-0000-4000-8000-000000000002',
        number: 'AVV-2026-00002',
        report: { ...sampleCase().report, receiver: 'medtanken' },
      }),
    );
    const card = shown(await showProvider(d)(turnOf(deps, { roles: ['handlaggare'], providers: ['medtanken'], args: 'Medtanken' })));
    expect(card).toContain('Verksamhetsbedömning: GRÖN');
    expect(card).toContain('AVV-2026-00002');
    const outside = shown(
      await showProvider(d)(turnOf(deps, { roles: ['handlaggare'], providers: ['boras-stad-x'], args: 'Södra Älvsborgs sjukhus' })),
    );
    expect(outside).toContain('företräder inte');
    expect(outside).not.toContain('AVV-');
  });

  it('scopes the override to known providers the officer acts for', () => {
    const scope = providerScope(deps);
    expect(scope(turnOf(deps, { providers: ['boras'], data: { providerId: 'boras' } }))).toEqual({ subject: 'boras', inScope: true });
    expect(scope(turnOf(deps, { providers: ['boras'], data: { providerId: 'ale' } }))).toEqual({ subject: 'ale', inScope: false });
    expect(scope(turnOf(deps, { providers: ['*'], data: { providerId: 'atlantis' } }))).toBe('unknown');
  });

  it('stores an override with its reason and audits it; an identity number in the reason is refused', async () => {
    const t = (reason: string) =>
      turnOf(deps, { roles: ['handlaggare'], providers: ['medtanken'], data: { providerId: 'medtanken', color: 'rod', reason } });
    expect(shown(await overrideLight(d)(t('Patient 19121212-1212 drabbad')))).toContain('Välj färg');
    expect(deps.stores.lights.all()).toEqual([]);
    await overrideLight(d)(t('Upprepade brister i utskrivning'));
    expect(deps.stores.lights.get('medtanken')).toMatchObject({ color: 'rod', reason: 'Upprepade brister i utskrivning' });
    expect(deps.stores.audit.all()).toMatchObject([{ action: 'light.override', details: { providerId: 'medtanken', color: 'rod' } }]);
  });

  // Issue 31.5: the light is the contract follow-up's tool (handbok för avtalsuppföljning, kapitel 2).
  it('shows a municipality and a regional unit without a colour, and sets none for them', async () => {
    for (const [id, name] of [
      ['sodra-alvsborgs-sjukhus', 'Södra Älvsborgs sjukhus'],
      ['boras', 'Borås'],
    ]) {
      const card = shown(await showProvider(d)(turnOf(deps, { roles: ['handlaggare'], providers: [id!], args: name })));
      expect(card).toContain('utan färg');
      expect(card).not.toMatch(/Verksamhetsbedömning: |GRÖN|GUL|RÖD|Ändra färg/);
      const override = turnOf(deps, {
        roles: ['handlaggare'],
        providers: [id!],
        data: { providerId: id, color: 'rod', reason: 'Brister' },
      });
      expect(shown(await overrideLight(d)(override))).toContain('följs inte upp enligt avtal');
    }
    expect(
      shown(await showProvider(d)(turnOf(deps, { roles: ['handlaggare'], providers: ['*'], args: 'Södra Älvsborgs sjukhus' }))),
    ).toContain('AVV-2026-00001');
    expect(deps.stores.lights.all()).toEqual([]);
    expect(deps.stores.audit.all()).toEqual([]);
  });
});
