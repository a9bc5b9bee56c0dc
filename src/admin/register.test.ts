// The register import's handler (issue 31.2) where the HTTP tests cannot place it: two admins'
// imports racing on two instances. The later one finds the register changed under it.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { shown, turnOf, unitDeps } from '../../test/support/unit.js';
import { importRegister } from './register.js';

describe('importera vårdgivare', () => {
  it('keeps nothing of an import when another landed between its read and its write, and says so', async () => {
    const deps = await unitDeps();
    const csv = await readFile('data/examples/vardgivarregister.exempel.csv', 'utf8');
    const turn = turnOf(deps, { userId: 'aad-admin', roles: ['admin'], args: csv });
    // The other instance's import, already stored; this one still read none.
    await importRegister(deps)(turn);
    const stale = { ...deps.stores.register, get: () => undefined, put: deps.stores.register.put.bind(deps.stores.register) };
    const answer = await importRegister({ ...deps, stores: { register: stale } })(turn);
    expect(shown(answer)).toContain('Någon annan läste in ett register samtidigt');
    expect(deps.stores.register.get('current')?.version).toBe(1);
    expect(deps.stores.audit.all().filter((a) => a.action === 'register.import')).toHaveLength(1);
  });
});
