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

  it('lets an admin grant and revoke roles, audited, and refuses everyone else', async () => {
    await h.say(kim, personal(kim), 'ärenden');
    expect(h.connector.texts().at(-1)).toContain('hanteras av uppföljningsteamet');
    await h.say(kim, personal(kim), 'ge roll aad-kim admin');
    expect(h.connector.texts().at(-1)).toContain('Roller ändras av en administratör');
    await h.say(admin, personal(admin), 'ge roll aad-kim handlaggare');
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
