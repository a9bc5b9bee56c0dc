import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, personal, type User } from './support/harness.js';

const admin: User = { aadObjectId: 'aad-admin', name: 'Ada Admin' };
const kim: User = { aadObjectId: 'aad-kim', name: 'Kim' };

describe('roles in chat', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ roles: { 'aad-admin': { roles: ['admin'] } } });
  });
  afterEach(async () => h.stop());

  it("adds a grant to the roles file's entry, says where each role comes from, and names what an empty list looked at (issue 33.8)", async () => {
    const chef: User = { aadObjectId: 'aad-chef', name: 'Cissi Chef' };
    const file = (units: string[]) =>
      writeFile(
        path.join(h.dataDir, 'roles.json'),
        JSON.stringify({ users: { 'aad-admin': { roles: ['admin'] }, 'aad-chef': { roles: ['chef'], providers: units } } }),
      );
    await file(['boras']);
    await h.restart();
    await h.install(chef, personal(chef));
    await h.say(admin, personal(admin), 'ge roll aad-chef mottagare');
    // The organisation gives the chef a second unit in the roles file: the grant must not hide it.
    await file(['boras', 'molndal']);
    await h.restart();
    await h.say(chef, personal(chef), 'roller');
    const roles = h.connector.texts(personal(chef).conversationId).at(-1)!;
    expect(roles).toContain('Mölndal');
    expect(roles).toMatch(/chef \(rollfilen\)/);
    expect(roles).toMatch(/mottagare \(given i chatten\)/);
    await h.say(chef, personal(chef), 'enhetens avvikelser');
    const empty = JSON.stringify(h.connector.cards(personal(chef).conversationId).at(-1));
    expect(empty).toContain('Borås');
    expect(empty).toContain('Mölndal');
    // Taking back the chat's role leaves the file's.
    await h.say(admin, personal(admin), 'ta roll aad-chef mottagare');
    await h.say(chef, personal(chef), 'roller');
    expect(h.connector.texts(personal(chef).conversationId).at(-1)).not.toMatch(/mottagare/);
    expect(h.connector.texts(personal(chef).conversationId).at(-1)).toMatch(/chef \(rollfilen\)/);
  });

  it('lets an admin grant and revoke roles, audited, and refuses everyone else', async () => {
    await h.say(kim, personal(kim), 'ärenden');
    expect(h.connector.texts().at(-1)).toContain('hanteras av uppföljningsteamet');
    await h.say(kim, personal(kim), 'ge roll aad-kim admin');
    expect(h.connector.texts().at(-1)).toContain('Roller ändras av en administratör');
    // The usage line names the roles as people say them, and a grant takes those names (issue 32.4).
    await h.say(admin, personal(admin), 'ge roll');
    expect(h.connector.texts().at(-1)).toContain('handläggare, teamledare');
    expect(h.connector.texts().at(-1)).not.toMatch(/handlaggare|admin\b/);
    await h.say(admin, personal(admin), 'ge roll aad-kim handläggare');
    expect(h.connector.texts().at(-1)).toContain('handläggare');
    await h.say(kim, personal(kim), 'ärenden');
    expect(JSON.stringify(h.connector.cards().at(-1))).toContain('Alla ärenden');
    await h.say(kim, personal(kim), 'roller');
    expect(h.connector.texts().at(-1)).toMatch(/medarbetare, handläggare/);
    await h.say(admin, personal(admin), 'ta roll aad-kim handlaggare');
    await h.say(kim, personal(kim), 'ärenden');
    expect(h.connector.texts().at(-1)).toContain('hanteras av uppföljningsteamet');
    // Grants are audited in full; refusals as fixed-size records (who, which route, when).
    const audit = h.bot.stores.audit.all();
    expect(
      audit
        .filter((a) => a.action !== 'refused')
        .map((a) => a.action)
        .sort(),
    ).toEqual(['roles.grant', 'roles.revoke']);
    expect(
      audit
        .filter((a) => a.action === 'refused')
        .map((a) => `${a.actor}:${String(a.details['verb'])}`)
        .sort(),
    ).toEqual(['aad-kim:cases', 'aad-kim:grant']);
  });
});
