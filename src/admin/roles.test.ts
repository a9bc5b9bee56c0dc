import { beforeEach, describe, expect, it } from 'vitest';
import { turnOf, unitDeps, shown, type UnitDeps } from '../../test/support/unit.js';
import { changeRoles, myRoles, parseGrant } from './roles.js';

let deps: UnitDeps;
beforeEach(async () => {
  deps = await unitDeps({ 'aad-known': { roles: ['teamet'], providers: ['boras'] } });
});

describe('roles in chat', () => {
  it('parses "<id> <roles>" with or without å/ä, and refuses anything else', () => {
    expect(parseGrant('aad-1 handläggare, teamet')).toEqual({ userId: 'aad-1', roles: ['handlaggare', 'teamet'] });
    expect(parseGrant('aad-1')).toBeUndefined();
    expect(parseGrant('aad-1 chefen')).toBeUndefined();
    // By the name the usage line shows, in either language (issue 32.4).
    expect(parseGrant('aad-1 administratör')).toEqual({ userId: 'aad-1', roles: ['admin'] });
    expect(parseGrant('aad-1 Team lead, chef')).toEqual({ userId: 'aad-1', roles: ['teamledare', 'chef'] });
    // By the name the usage line shows, in either language (issue 32.4).
    expect(parseGrant('aad-1 administratör')).toEqual({ userId: 'aad-1', roles: ['admin'] });
    expect(parseGrant('aad-1 Team lead')).toEqual({ userId: 'aad-1', roles: ['teamledare'] });
  });

  it('shows a user their own roles, providers and id', async () => {
    const answer = shown(await myRoles(deps)(turnOf(deps, { userId: 'aad-known', roles: ['teamet'], providers: ['boras', '*'] })));
    expect(answer).toContain('teamet');
    expect(answer).toContain('Borås');
    expect(answer).toContain('hela länet');
    expect(answer).toContain('aad-known');
  });

  it('grants to a known user, stores the change against the roles file and audits before and after', async () => {
    const answer = shown(
      await changeRoles(deps, 'grant')(turnOf(deps, { userId: 'aad-admin', roles: ['admin'], args: 'aad-known handlaggare' })),
    );
    expect(answer).toContain('handläggare');
    const grant = deps.stores.grants.get('aad-known')!;
    expect(grant).toMatchObject({ added: ['handlaggare'], removed: [], updatedBy: 'aad-admin' });
    // Providers stay the roles file's: nothing about them is kept in the grant.
    expect(grant.providers).toBeUndefined();
    expect(deps.directory.actor('aad-known', '')).toMatchObject({ roles: ['medarbetare', 'teamet', 'handlaggare'], providers: ['boras'] });
    expect(deps.stores.audit.all()[0]).toMatchObject({
      action: 'roles.grant',
      details: { userId: 'aad-known', before: ['medarbetare', 'teamet'] },
    });
    await changeRoles(deps, 'revoke')(turnOf(deps, { userId: 'aad-admin', roles: ['admin'], args: 'aad-known teamet' }));
    expect(deps.stores.grants.get('aad-known')).toMatchObject({ added: ['handlaggare'], removed: ['teamet'] });
    expect(deps.directory.actor('aad-known', '').roles).toEqual(['medarbetare', 'handlaggare']);
  });

  it('refuses an id nobody has been seen with, and one shaped like an identity number, storing nothing', async () => {
    for (const id of ['aad-nobody', '19121212-1212']) {
      const answer = shown(await changeRoles(deps, 'grant')(turnOf(deps, { roles: ['admin'], args: `${id} admin` })));
      expect(answer).toContain('känner boten inte till');
    }
    expect(deps.stores.grants.all()).toEqual([]);
    expect(deps.stores.audit.all()).toEqual([]);
  });
});
