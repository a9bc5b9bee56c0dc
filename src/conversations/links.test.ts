import { beforeEach, describe, expect, it } from 'vitest';
import { turnOf, unitDeps, shown, type UnitDeps } from '../../test/support/unit.js';
import { link, unlink } from './links.js';

let deps: UnitDeps;
const key = 'channel:19:team@thread.tacv2';
beforeEach(async () => {
  deps = await unitDeps();
  await deps.registry.remember({ key, kind: 'channel' }, { serviceUrl: 'x' }, deps.clock.now());
});

describe('linking a channel to a provider', () => {
  const channelTurn = (args: string, providers: string[] = ['boras'], roles: ('handlaggare' | 'admin')[] = ['handlaggare']) =>
    turnOf(deps, { kind: 'channel', key, args, providers, roles });

  it('links a provider the user acts for, and unlinks', async () => {
    expect(shown(await link(deps)(channelTurn('Borås')))).toContain('Borås');
    expect(deps.registry.get(key)?.providerId).toBe('boras');
    await unlink(deps)(channelTurn(''));
    expect(deps.registry.get(key)?.providerId).toBeUndefined();
  });

  it('refuses a provider outside the user’s scope unless they are an admin', async () => {
    expect(shown(await link(deps)(channelTurn('Sahlgrenska', ['boras'])))).toContain('företräder inte');
    expect(deps.registry.get(key)?.providerId).toBeUndefined();
    await link(deps)(channelTurn('Sahlgrenska', [], ['admin']));
    expect(deps.registry.get(key)?.providerId).toBe('sahlgrenska');
  });

  it('asks for more when the name matches none or several', async () => {
    expect(shown(await link(deps)(channelTurn('Atlantis')))).toContain('Ingen vårdgivare');
    expect(shown(await link(deps)(channelTurn('sjukhus')))).toContain('Flera');
    expect(shown(await link(deps)(channelTurn('')))).toContain('koppla');
  });
});
