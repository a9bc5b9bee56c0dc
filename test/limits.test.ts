// Long input never stalls the bot (issue 28.8): every command from the route table, sent by a
// user who holds every role with 200 KB of arguments, is answered with the length message, its
// handler never run (årsrapport took 3.2 s on it, ge roll 12.3 s).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../src/core/roles.js';
import { Harness, channel, personal } from './support/harness.js';
import { isCommand, routeTable } from './support/routes.js';

const everyone = { aadObjectId: 'aad-all', name: 'Alla Roller' };
const LONG = 'ord '.repeat(50_000); // 200 KB

describe('long arguments (issue 28.8)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ roles: { 'aad-all': { roles: [...ROLES], providers: ['sodra-alvsborgs-sjukhus'] } } });
    await h.install(everyone, personal(everyone));
    await h.install(everyone, channel('lang'));
  });
  afterAll(async () => h.stop());

  it('answers every command with 200 KB of arguments by naming the limit, storing nothing', async () => {
    const routes = (await routeTable()).filter(isCommand);
    expect(routes.length).toBeGreaterThan(20);
    const before = h.bot.stores.audit.all().length;
    for (const route of routes) {
      const where = route.where === 'team' ? channel('lang') : personal(everyone);
      const word = route.words[0]!;
      const res = await h.say(everyone, where, `${word} ${LONG}`);
      expect(res.status, word).toBe(200);
      expect(h.connector.texts(where.conversationId).at(-1), word).toMatch(/högst \d+ tecken/);
    }
    expect(h.bot.stores.audit.all().length).toBe(before);
  }, 60_000);
});
