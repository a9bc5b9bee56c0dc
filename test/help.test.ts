import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, channel, personal, type User } from './support/harness.js';
import { cardProblems } from './support/cards.js';

const anna: User = { aadObjectId: 'aad-anna', name: 'Anna Andersson' };
const john: User = { aadObjectId: 'aad-john', name: 'John Smith', locale: 'en-US' };

describe('help, welcome and unknown input over /api/messages', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({
      roles: {
        'aad-anna': { roles: ['handlaggare'] },
        'aad-mona': { roles: ['mottagare'], providers: ['sahlgrenska'] },
        'aad-chef': { roles: ['chef'], providers: ['boras'] },
      },
    });
  });
  afterEach(async () => h.stop());

  it('answers hjälp with a valid Swedish help card', async () => {
    const res = await h.say(anna, personal(anna), 'hjälp');
    expect(res.status).toBe(200);
    const [card] = h.connector.cards(personal(anna).conversationId);
    expect(cardProblems(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain('ny avvikelse');
    expect(text).toContain('handläggare');
  });

  it('lists for each role what that role can do: the mottagare answers, the chef follows the unit', async () => {
    const mona: User = { aadObjectId: 'aad-mona', name: 'Mona' };
    const chef: User = { aadObjectId: 'aad-chef', name: 'Chef' };
    await h.say(mona, personal(mona), 'hjälp');
    await h.say(chef, personal(chef), 'hjälp');
    await h.say(anna, personal(anna), 'hjälp');
    const help = (u: User) => JSON.stringify(h.connector.cards(personal(u).conversationId).at(-1));
    expect(help(mona)).toContain('inkomna avvikelser');
    expect(help(mona)).not.toContain('enhetens avvikelser');
    expect(help(chef)).toContain('enhetens avvikelser');
    expect(help(chef)).not.toContain('inkomna avvikelser');
    expect(help(anna)).not.toMatch(/inkomna avvikelser|enhetens avvikelser/);
    expect(help(mona)).not.toContain('ärenden [');
  });

  it('sends the replies of many turns over one kept-alive connection to the connector', async () => {
    for (let i = 0; i < 6; i++) await h.say(anna, personal(anna), 'hjälp');
    await h.say(john, personal(john), 'help');
    expect(h.connector.cards()).toHaveLength(7);
    expect(h.connector.connections).toBe(1);
  });

  it('answers an en-US client in Swedish until the user chooses English, and remembers the choice across a restart', async () => {
    const conv = personal(john).conversationId;
    await h.say(john, personal(john), 'help');
    expect(JSON.stringify(h.connector.cards(conv).at(-1))).toContain('Skriv ”language english” för engelska.');
    await h.say(john, personal(john), 'language english');
    expect(h.connector.texts(conv).at(-1)).toBe("I'll answer in English from now on.");
    await h.restart();
    await h.say(john, personal(john), 'hjälp');
    const card = h.connector.cards(conv).at(-1);
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('new deviation');
    expect(JSON.stringify(card)).toContain('Write “språk svenska” for Swedish.');
    expect(JSON.stringify(card)).not.toContain('ny avvikelse');
    // Back to Swedish, said in Swedish; a user who never chose still gets the default.
    await h.say(john, personal(john), 'språk svenska');
    expect(h.connector.texts(conv).at(-1)).toBe('Jag svarar på svenska från och med nu.');
    await h.say({ ...anna, locale: 'en-US' }, personal(anna), 'help');
    expect(JSON.stringify(h.connector.cards(personal(anna).conversationId).at(-1))).toContain('ny avvikelse');
  });

  it('gives users who never chose the configured DEFAULT_LOCALE', async () => {
    await h.restart({ env: { DEFAULT_LOCALE: 'en' } });
    await h.say(anna, personal(anna), 'hjälp');
    expect(JSON.stringify(h.connector.cards(personal(anna).conversationId).at(-1))).toContain('new deviation');
  });

  it('welcomes on install in a channel with the channel help and stores the reference', async () => {
    const where = channel('vardsamverkan');
    await h.install(anna, where);
    const [card] = h.connector.cards(where.conversationId);
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('koppla');
    expect(h.bot.stores.conversations.get(`channel:${where.conversationId}`)?.installed).toBe(true);
  });

  it('never stays silent on unknown text', async () => {
    await h.say(anna, personal(anna), 'vad är klockan');
    const [card] = h.connector.cards();
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('förstod inte');
  });

  it('keeps references in sync with uninstall and team deletion', async () => {
    const where = channel('team-a', 'team-a');
    await h.install(anna, where);
    const key = `channel:${where.conversationId}`;
    await h.post(
      h.activity(anna, where, {
        type: 'conversationUpdate',
        channelData: { tenant: { id: 'tenant-vgr' }, team: { id: 'team-a' }, eventType: 'teamDeleted' },
      }),
    );
    expect(h.bot.stores.conversations.get(key)?.installed).toBe(false);
    await h.post(
      h.activity(anna, where, {
        type: 'conversationUpdate',
        channelData: { tenant: { id: 'tenant-vgr' }, team: { id: 'team-a' }, eventType: 'teamRestored' },
      }),
    );
    expect(h.bot.stores.conversations.get(key)?.installed).toBe(true);
    await h.post(h.activity(anna, personal(anna), { type: 'installationUpdate', action: 'add' }));
    await h.post(h.activity(anna, personal(anna), { type: 'installationUpdate', action: 'remove' }));
    expect(h.bot.stores.conversations.get('user:aad-anna')?.installed).toBe(false);
  });
});
