import { beforeAll, describe, expect, it } from 'vitest';
import { turnOf, unitDeps, shown, type UnitDeps } from '../../test/support/unit.js';
import type { IndicatorDeps } from './cards.js';
import { bindOrganisation, followIndicator } from './channel.js';
import { loadCatalogue } from './model.js';
import { IndicatorService } from './service.js';
import { listIndicators, showIndicator, showIndicatorVerb } from './show.js';
import { importCsv, saveValue } from './values.js';

let deps: UnitDeps;
let d: IndicatorDeps;
const key = 'channel:19:boras@thread.tacv2';
beforeAll(async () => {
  deps = await unitDeps();
  d = { ...deps, service: new IndicatorService(deps, await loadCatalogue('data/reference')) };
  await deps.registry.remember({ key, kind: 'channel' }, { serviceUrl: 'x' }, deps.clock.now());
});

const csv = [
  'indikator;organisation;period;värde',
  'vardgaranti-pv-3dagar;boras;2026-08;88',
  'vardgaranti-pv-3dagar;boras;2026-09;91,5',
].join('\n');

describe('indicator handlers', () => {
  it('imports pasted CSV for an admin and shows the value for the channel’s organisation', async () => {
    const imported = shown(await importCsv(d)(turnOf(deps, { roles: ['admin'], args: csv })));
    expect(imported).toContain('2 värden sparade');
    await bindOrganisation(d)(turnOf(deps, { kind: 'channel', key, args: 'Borås' }));
    const card = shown(await showIndicator(d)(turnOf(deps, { kind: 'channel', key, args: 'vardgaranti-pv-3dagar' })));
    expect(card).toContain('Borås');
    expect(card).toContain('91,5');
  });

  it('shows each language, target and place its own card, however often the same indicator is asked for', async () => {
    const ask = async (o: Parameters<typeof turnOf>[1] = {}) =>
      shown(await showIndicator(d)(turnOf(deps, { args: 'vardgaranti-pv-3dagar för Borås', ...o })));
    const setTarget = (target: number, version: number, warning = 80) =>
      deps.stores.indicatorTargets.put(
        { id: 'vardgaranti-pv-3dagar', target, warning, by: 'u1', byName: 'Admin', at: deps.clock.now().toISOString() },
        { expectedVersion: version },
      );
    expect(await ask()).toContain('Mål');
    expect(await ask({ locale: 'en' })).toContain('Target');
    expect(await ask()).not.toContain('Target');
    await setTarget(90, 0);
    expect(await ask()).toContain('minst 90');
    // Only the target changes: the card must follow it.
    await setTarget(95, 1);
    expect(await ask()).toContain('minst 95');
    // 91,5 is between the warning and the target: yellow; under a warning of 92, red.
    expect(await ask()).toContain('GUL');
    await setTarget(95, 2, 92);
    expect(await ask()).toContain('RÖD');
    await deps.stores.indicatorTargets.delete('vardgaranti-pv-3dagar');
  });

  it('names the organisation when one is asked for, and says when it is unknown or ambiguous', async () => {
    expect(shown(await showIndicator(d)(turnOf(deps, { args: 'vardgaranti-pv-3dagar för Atlantis' })))).toContain('Ingen organisation');
    expect(shown(await showIndicator(d)(turnOf(deps, { args: '' })))).toContain('indikator');
  });

  it('refuses a forged indicator or organisation on the card verb', async () => {
    expect(shown(await showIndicatorVerb(d)(turnOf(deps, { data: { indicator: 'nope', org: 'boras' } })))).toContain('känns inte igen');
    expect(
      shown(await showIndicatorVerb(d)(turnOf(deps, { data: { indicator: 'vardgaranti-pv-3dagar', org: '19121212-1212' } }))),
    ).toContain('känns inte igen');
  });

  it('follows an indicator in a channel once, for a known organisation only', async () => {
    await followIndicator(d)(turnOf(deps, { kind: 'channel', key, data: { indicator: 'vardgaranti-pv-3dagar', org: '19121212-1212' } }));
    await followIndicator(d)(turnOf(deps, { kind: 'channel', key, data: { indicator: 'vardgaranti-pv-3dagar', org: 'boras' } }));
    expect(deps.stores.follows.all().map((f) => f.org)).toEqual(['boras']);
  });

  it('saves one value from the admin’s form and refuses a bad one with the reason', async () => {
    const bad = shown(
      await saveValue(d)(
        turnOf(deps, { roles: ['admin'], data: { indicator: 'vardgaranti-pv-3dagar', org: 'boras', period: '2026-13', value: '50' } }),
      ),
    );
    expect(bad).toContain('ogiltig period');
    const good = shown(
      await saveValue(d)(
        turnOf(deps, { roles: ['admin'], data: { indicator: 'vardgaranti-pv-3dagar', org: 'boras', period: '2026-10', value: '92' } }),
      ),
    );
    expect(good).toContain('92');
  });

  it('lists the statuses of an area, and names the areas when the area is unknown', async () => {
    expect(shown(await listIndicators(d)(turnOf(deps, { args: 'xyz' })))).toContain('Okänt område');
  });

  // Issue 32.4: English mode has no Swedish unit left; a count has no unit at all.
  it('shows the unit in the reader’s language, and none after a count', async () => {
    await importCsv(d)(
      turnOf(deps, { roles: ['admin'], args: 'indikator;organisation;period;värde\nkontakter-primarvard;boras;2026-09;1234,5' }),
    );
    const ask = (locale: 'sv' | 'en') => showIndicator(d)(turnOf(deps, { args: 'kontakter-primarvard för Borås', locale })).then(shown);
    const sv = await ask('sv');
    expect(sv).toContain('per 1 000 invånare');
    const en = await ask('en');
    expect(en).toContain('per 1,000 residents');
    // The source line too is English (issue 32.4: no Swedish left in English mode).
    expect(en).not.toMatch(/invånare|antal|följer/);
    expect(en).toContain('VGR follows some 50 indicators');
    const count = shown(await showIndicator(d)(turnOf(deps, { args: 'avv-antal för Borås', locale: 'en' })));
    expect(count).not.toMatch(/\d (antal|items)\b/);
  });
});
