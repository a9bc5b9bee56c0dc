// Roles and organisations from Entra ID groups, across tenants (issue 36.1, 36.2): the bot reads
// a user's groups from Graph (a fake on 127.0.0.1) with the app's own credentials, in pages,
// waits out a 429, renews an expired token, keeps what it read while Graph is away until it is
// too old, and then gives medarbetare with a clear message. Driven as Teams drives the bot.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Harness, personal, type User } from './support/harness.js';
import { FakeGraph } from './support/fakeGraph.js';
import { runToExit } from './support/process.js';
import { testToday } from './support/clock.js';
import { addDays } from '../src/core/clock.js';
import { minimumReport } from './support/cases.js';

const MAPPING = {
  tenants: {
    'tenant-vgr': {
      name: 'Västra Götalandsregionen',
      groups: [
        { id: 'g-sas-mottagare', name: 'Avvikelser mottagare SÄS', roles: ['mottagare'], providers: ['sodra-alvsborgs-sjukhus'] },
        { id: 'g-uppfoljning', name: 'Avvikelser handläggare', roles: ['handlaggare'], providers: ['*'] },
      ],
    },
    'tenant-boras': {
      name: 'Borås Stad',
      groups: [{ id: 'g-boras-chef', name: 'Enhetschefer hemsjukvård Borås', roles: ['chef'], providers: ['boras'] }],
    },
  },
};

const sas: User = { aadObjectId: 'aad-sas', name: 'Sara Mottagare' };
const boras: User = { aadObjectId: 'aad-boras', name: 'Bo Chef' };
const reporter: User = { aadObjectId: 'aad-rep', name: 'Rut Rapportör' };
const HOUR = 3_600_000;

let graph: FakeGraph;
let dir: string;
beforeAll(async () => {
  graph = new FakeGraph();
  await graph.start();
  dir = await mkdtemp(path.join(tmpdir(), 'entra-'));
  await writeFile(path.join(dir, 'groups.json'), JSON.stringify(MAPPING));
});
afterAll(async () => {
  await graph.stop();
  await rm(dir, { recursive: true, force: true });
});

const env = (more: Record<string, string> = {}) => ({
  ENTRA_GROUPS_FILE: path.join(dir, 'groups.json'),
  GRAPH_URL: graph.url,
  GRAPH_LOGIN_URL: graph.url,
  GRAPH_CLIENT_ID: 'graph-app',
  GRAPH_CLIENT_SECRET: 'graph-secret',
  ALLOWED_TENANTS: 'tenant-vgr,tenant-boras',
  ...more,
});

describe('roles from Entra ID groups', () => {
  let h: Harness;
  beforeEach(async () => {
    graph.members.clear();
    graph.calls.length = 0;
    graph.pageSize = 100;
    graph.down = false;
    graph.throttle = { count: 0, seconds: 0 };
    graph.nextLinkOrigin = undefined;
    graph.expireTokens();
    h = await Harness.start({ env: env(), roles: { 'aad-sas': { roles: ['chef'], providers: ['boras'] } } });
  });
  afterEach(() => h.stop());

  /** A message from a user of another tenant (the harness speaks for tenant-vgr). */
  const sayIn = (tenant: string, user: User, text: string) => {
    const a = h.activity(user, personal(user), { type: 'message', text });
    return h.post({
      ...a,
      conversation: { ...(a['conversation'] as object), tenantId: tenant },
      channelData: { ...(a['channelData'] as object), tenant: { id: tenant } },
    });
  };
  const lastText = (u: User) => h.connector.texts(personal(u).conversationId).at(-1) ?? '';

  it('reads the groups in pages, adds them to the roles file, and acts on them: lists and notices', async () => {
    graph.pageSize = 2;
    graph.members.set('aad-sas', ['g-a', 'g-b', 'g-c', 'g-d', 'g-sas-mottagare']);
    await h.install(sas, personal(sas));
    await h.say(sas, personal(sas), 'roller');
    // Five groups and a directory role, two a page: three pages, the mapped group on the last.
    expect(graph.memberRequests().map((c) => c.status)).toEqual([200, 200, 200]);
    expect(lastText(sas)).toMatch(/mottagare \(grupp i Entra ID\)/);
    expect(lastText(sas)).toMatch(/chef \(rollfilen\)/);
    expect(lastText(sas)).toContain('Södra Älvsborgs sjukhus');
    expect(lastText(sas)).toContain('Borås');

    await h.say(sas, personal(sas), 'inkomna avvikelser');
    expect(JSON.stringify(h.connector.cards(personal(sas).conversationId).at(-1))).toContain('Södra Älvsborgs sjukhus');

    // A new deviation to SÄS reaches the group's mottagare, also after a restart (kept in the store).
    await h.restart({ env: env() });
    const c = await h.report(reporter, minimumReport({ eventDate: addDays(testToday, -1) }));
    await h.connector.waitFor(() => h.connector.cards(personal(sas).conversationId).some((x) => JSON.stringify(x).includes(c!.number)));
  });

  it('a second page from the same read only when Graph names it, and never a next link to another host', async () => {
    graph.pageSize = 1;
    graph.members.set('aad-sas', ['g-a', 'g-sas-mottagare']);
    graph.nextLinkOrigin = 'http://127.0.0.2:9';
    await h.say(sas, personal(sas), 'roller');
    expect(graph.memberRequests()).toHaveLength(1);
    expect(lastText(sas)).not.toMatch(/mottagare/);
    expect(lastText(sas)).toContain('Jag kan inte läsa dina grupper i Entra ID');
    expect(h.logs.join('')).toContain('next link to another host: 127.0.0.2:9');
  });

  it('waits out a 429 with Retry-After within the turn', async () => {
    graph.members.set('aad-sas', ['g-sas-mottagare']);
    graph.throttle = { count: 1, seconds: 1 };
    await h.say(sas, personal(sas), 'roller');
    const [throttled, passed] = graph.memberRequests();
    expect(throttled!.status).toBe(429);
    expect(passed!.status).toBe(200);
    expect(passed!.at - throttled!.at).toBeGreaterThanOrEqual(1000);
    expect(lastText(sas)).toMatch(/mottagare \(grupp i Entra ID\)/);
  });

  it('asks for a new token when Graph calls the old one expired', async () => {
    graph.members.set('aad-sas', ['g-sas-mottagare']);
    await h.say(sas, personal(sas), 'roller');
    graph.expireTokens();
    graph.members.set('aad-sas', ['g-uppfoljning']);
    // A minute on, `roller` reads again (within ten seconds it would not: the turn just read).
    h.clock!.advance(60_000);
    await h.say(sas, personal(sas), 'roller');
    expect(graph.tokenRequests()).toHaveLength(2);
    expect(graph.memberRequests().map((c) => c.status)).toEqual([200, 401, 200]);
    expect(lastText(sas)).toMatch(/handläggare \(grupp i Entra ID\)/);
    expect(lastText(sas)).not.toMatch(/mottagare/);
  });

  it('keeps what it read while Graph is away, then gives only the file roles with a clear message, logged', async () => {
    graph.members.set('aad-sas', ['g-sas-mottagare']);
    await h.say(sas, personal(sas), 'roller');
    graph.down = true;
    // Two hours on: due for a new read (60 min), not too old to use (24 h).
    h.clock!.advance(2 * HOUR);
    await h.say(sas, personal(sas), 'inkomna avvikelser');
    expect(JSON.stringify(h.connector.cards(personal(sas).conversationId).at(-1))).toContain('Södra Älvsborgs sjukhus');
    expect(h.logs.join('')).toContain('entra groups unavailable: using the groups read before');
    expect(h.logs.join('')).toContain('memberships answered 503');
    // A day on: the groups give nothing; the user is told once, before the turn, and the turn runs.
    h.clock!.advance(23 * HOUR);
    const before = h.connector.texts(personal(sas).conversationId).length;
    await h.say(sas, personal(sas), 'inkomna avvikelser');
    const said = h.connector.texts(personal(sas).conversationId).slice(before);
    expect(said[0]).toContain('Jag kan inte läsa dina grupper i Entra ID just nu');
    expect(said.join(' ')).not.toContain('Södra Älvsborgs sjukhus');
    expect(h.logs.join('')).toContain('entra groups unavailable: no group roles until Graph answers');
    await h.say(sas, personal(sas), 'roller');
    expect(lastText(sas)).toMatch(/chef \(rollfilen\)/);
    expect(lastText(sas)).not.toMatch(/mottagare/);
    // Graph back: the next turn reads again.
    graph.down = false;
    h.clock!.advance(60_000);
    await h.say(sas, personal(sas), 'roller');
    expect(lastText(sas)).toMatch(/mottagare \(grupp i Entra ID\)/);
  });

  it("maps each tenant's groups by its own part of the mapping; a tenant not listed is refused", async () => {
    graph.members.set('aad-boras', ['g-boras-chef', 'g-uppfoljning']);
    await sayIn('tenant-boras', boras, 'roller');
    // Borås's own group gives chef for Borås; a group id of the region's mapping gives nothing there.
    expect(lastText(boras)).toMatch(/chef \(grupp i Entra ID\)/);
    expect(lastText(boras)).not.toMatch(/handläggare/);
    expect(graph.tokenRequests().map((c) => c.path)).toEqual(['/tenant-boras/oauth2/v2.0/token']);
    expect((await sayIn('tenant-other', boras, 'roller')).status).toBe(403);
  });
});

describe('the group mapping at start', () => {
  it('stops the start on a provider not in the catalogue, a tenant not admitted, or no credentials', async () => {
    const bad = async (mapping: unknown, more: Record<string, string> = {}) => {
      const file = path.join(dir, `bad-${Math.random()}.json`);
      await writeFile(file, JSON.stringify(mapping));
      return runToExit({ ...env({ ENTRA_GROUPS_FILE: file, DATA_DIR: path.join(dir, 'unused') }), ...more });
    };
    const provider = await bad({
      tenants: { 'tenant-vgr': { name: 'VGR', groups: [{ id: 'g', name: 'G', roles: ['mottagare'], providers: ['nowhere'] }] } },
    });
    expect(provider.code).toBe(1);
    expect(provider.stderr).toContain('nämner vårdgivaren nowhere');
    const tenant = await bad({ tenants: { 'tenant-x': { name: 'X', groups: [] } } });
    expect(tenant.stderr).toContain('klienten tenant-x finns inte i ALLOWED_TENANTS');
    const secret = await bad(MAPPING, { GRAPH_CLIENT_SECRET: '' });
    expect(secret.stderr).toContain('GRAPH_CLIENT_SECRET');
  });
});
