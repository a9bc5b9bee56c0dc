import { describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { pino } from 'pino';
import { NotAuthenticated, type EdgeAdapter } from './adapter.js';
import { admit, edgeProcessor } from './edge.js';

const activity = (channelId: string | undefined, tenant: string | undefined, conversationTenant?: string) => ({
  channelId: channelId as string,
  channelData: tenant === undefined ? {} : { tenant: { id: tenant } },
  conversation: { id: 'c', isGroup: false, conversationType: 'personal', name: '', tenantId: conversationTenant },
});

describe('which authenticated activities may run', () => {
  const TABLE: [string, ReturnType<typeof activity>, Parameters<typeof admit>[1], string | undefined][] = [
    ['Teams, any tenant allowed', activity('msteams', 't1'), { teamsOnly: true }, undefined],
    ['the Emulator outside development', activity('emulator', 't1'), { teamsOnly: true }, 'channel not allowed'],
    ['no channel id outside development', activity(undefined, 't1'), { teamsOnly: true }, 'channel not allowed'],
    ['the Emulator while developing', activity('emulator', 't1'), { teamsOnly: false }, undefined],
    ['an allowed tenant', activity('msteams', 't1'), { teamsOnly: true, allowedTenants: ['t1', 't2'] }, undefined],
    ['another tenant', activity('msteams', 't3'), { teamsOnly: true, allowedTenants: ['t1'] }, 'tenant not allowed'],
    [
      'no tenant at all when tenants are listed',
      activity('msteams', undefined),
      { teamsOnly: true, allowedTenants: ['t1'] },
      'tenant not allowed',
    ],
    ['the tenant only on the conversation', activity('msteams', undefined, 't1'), { teamsOnly: true, allowedTenants: ['t1'] }, undefined],
    ['an empty allow-list is no list', activity('msteams', undefined), { teamsOnly: true, allowedTenants: [] }, undefined],
  ];
  for (const [name, a, policy, reason] of TABLE) {
    it(`${name}: ${reason ?? 'admitted'}`, () => {
      const result = admit(a, policy);
      expect(result.ok ? undefined : result.reason).toBe(reason);
    });
  }
});

describe('what the edge passes on', () => {
  const log = pino({ level: 'silent' });
  const fakeAdapter = (status?: 401 | 503) => {
    const ran: Activity[] = [];
    const adapter = {
      authenticate: async () => {
        if (status) throw new NotAuthenticated(status, 'x');
        return {} as never;
      },
      run: async (_auth: unknown, activity: Activity) => {
        ran.push(activity);
        return undefined;
      },
    } as unknown as EdgeAdapter;
    return { adapter, ran };
  };
  const activity = (over: Record<string, unknown> = {}) => ({
    type: 'message',
    id: 'a1',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    timestamp: '2026-11-30T09:00:00.000Z',
    channelData: { tenant: { id: 't1' } },
    ...over,
  });
  // Teams' own fields at their longest still pass; one character more is refused before authentication.
  const LIMITS: [string, Record<string, unknown>, number][] = [
    ['a plain message', {}, 200],
    ['a type of 100 characters', { type: 'x'.repeat(100) }, 200],
    ['a type of 101', { type: 'x'.repeat(101) }, 400],
    ['no type', { type: '' }, 400],
    ['an id of 500', { id: 'i'.repeat(500) }, 200],
    ['an id of 501', { id: 'i'.repeat(501) }, 400],
    ['a channel id of 101', { channelId: 'c'.repeat(101) }, 400],
    ['a service URL of 2 048', { serviceUrl: `https://x/${'u'.repeat(2038)}` }, 200],
    ['a service URL of 2 049', { serviceUrl: `https://x/${'u'.repeat(2039)}` }, 400],
  ];
  for (const [name, over, status] of LIMITS)
    it(`${name}: ${status}`, async () => {
      const { adapter, ran } = fakeAdapter();
      const edge = edgeProcessor({ adapter, logic: async () => {}, policy: { teamsOnly: true }, log });
      expect((await edge(activity(over), 'Bearer x')).status).toBe(status);
      expect(ran).toHaveLength(status === 200 ? 1 : 0);
    });

  it('turns the timestamps into dates as the SDK expects, and stops at authentication and admission', async () => {
    const { adapter, ran } = fakeAdapter();
    const edge = edgeProcessor({ adapter, logic: async () => {}, policy: { teamsOnly: true, allowedTenants: ['t1'] }, log });
    await edge(activity({ localTimestamp: '2026-11-30T10:00:00.000+01:00' }), '');
    expect(ran[0]!.timestamp).toEqual(new Date('2026-11-30T09:00:00.000Z'));
    expect(ran[0]!.localTimestamp).toEqual(new Date('2026-11-30T09:00:00.000Z'));
    expect((await edge(activity({ channelData: { tenant: { id: 't2' } } }), '')).status).toBe(403);
    for (const status of [401, 503] as const) {
      const refused = fakeAdapter(status);
      const e = edgeProcessor({ adapter: refused.adapter, logic: async () => {}, policy: { teamsOnly: true }, log });
      expect(await e(activity(), '')).toEqual({ status });
      expect(refused.ran).toEqual([]);
    }
    expect(ran).toHaveLength(1);
  });
});

// The rest of what the edge decides (issue 30.6): entities the SDK cannot read, answers without
// a turn, an invoke's own answer, and errors that are not about authentication.
describe('what the edge hands the SDK and answers', () => {
  const log = pino({ level: 'silent' });
  const base = {
    type: 'message',
    id: 'a1',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    channelData: { tenant: { id: 't1' } },
  };
  const adapterWith = (invoke?: { status: number; body?: unknown }, authError?: Error) => {
    const ran: Activity[] = [];
    const auths: string[] = [];
    const adapter = {
      authenticate: async (_a: Activity, authorization: string) => {
        auths.push(authorization);
        if (authError) throw authError;
        return { token: 't' } as never;
      },
      run: async (auth: unknown, activity: Activity, logic: unknown) => {
        expect(auth).toEqual({ token: 't' });
        expect(typeof logic).toBe('function');
        ran.push(activity);
        return invoke;
      },
    } as unknown as EdgeAdapter;
    return { adapter, ran, auths };
  };

  it('keeps entities with a type and whole mentions, drops the rest, and drops a list that is no list', async () => {
    const { adapter, ran } = adapterWith();
    const edge = edgeProcessor({ adapter, logic: async () => {}, policy: { teamsOnly: true }, log });
    const mention = { type: 'mention', mentioned: { id: 'bot', name: 'Bot' }, text: '<at>Bot</at>' };
    const entities = [
      mention,
      { type: 'clientInfo', locale: 'sv-SE' },
      { type: 'Mention', mentioned: { name: 'no id' }, text: 'x' },
      { type: 'mention', mentioned: { id: 'x' } },
      { type: 7 },
      null,
      'text',
      { noType: true },
    ];
    await edge({ ...base, entities }, 'Bearer a');
    expect(ran[0]!.entities).toEqual([mention, { type: 'clientInfo', locale: 'sv-SE' }]);
    await edge({ ...base, entities: { type: 'mention' } }, 'Bearer a');
    expect(ran[1]).not.toHaveProperty('entities');
    await edge(base, 'Bearer a');
    expect(ran[2]).not.toHaveProperty('entities');
    expect(ran[2]).not.toHaveProperty('timestamp');
  });

  it('passes the authorization header as sent, and an activity that is no object is 400', async () => {
    const { adapter, ran, auths } = adapterWith();
    const edge = edgeProcessor({ adapter, logic: async () => {}, policy: { teamsOnly: true }, log });
    expect(await edge(base, 'Bearer abc')).toEqual({ status: 200 });
    expect(auths).toEqual(['Bearer abc']);
    for (const body of [null, 'text', 42, [base], { ...base, timestamp: 5 }]) expect((await edge(body, 'Bearer abc')).status).toBe(400);
    expect(ran).toHaveLength(1);
  });

  it("an invoke's answer goes back as it is; 503 with a retry-after of 5 seconds", async () => {
    for (const [invoke, expected] of [
      [
        { status: 200, body: { a: 1 } },
        { status: 200, body: { a: 1 } },
      ],
      [{ status: 400 }, { status: 400, body: undefined }],
      [
        { status: 503, body: 'x' },
        { status: 503, body: 'x', headers: { 'retry-after': '5' } },
      ],
    ] as const) {
      const { adapter } = adapterWith(invoke);
      const edge = edgeProcessor({ adapter, logic: async () => {}, policy: { teamsOnly: true }, log });
      expect(await edge(base, '')).toEqual(expected);
    }
  });

  it('an answer without a turn (shed) is sent instead of running; none, and the turn runs', async () => {
    const { adapter, ran } = adapterWith();
    const seen: Activity[] = [];
    const shed = async (a: Activity) => (seen.push(a), a.id === 'shed' ? { status: 429 } : undefined);
    const edge = edgeProcessor({ adapter, logic: async () => {}, shed, policy: { teamsOnly: true }, log });
    expect(await edge({ ...base, id: 'shed' }, '')).toEqual({ status: 429 });
    expect(ran).toEqual([]);
    expect(await edge(base, '')).toEqual({ status: 200 });
    expect(ran.map((a) => a.id)).toEqual(['a1']);
    expect(seen.map((a) => a.id)).toEqual(['shed', 'a1']);
    // Refused before: shed never sees an activity from another tenant.
    await edge({ ...base, id: 'other', channelData: { tenant: { id: 't9' } } }, '');
    const edgeT = edgeProcessor({ adapter, logic: async () => {}, shed, policy: { teamsOnly: true, allowedTenants: ['t1'] }, log });
    expect(await edgeT({ ...base, id: 'other', channelData: { tenant: { id: 't9' } } }, '')).toEqual({ status: 403 });
    expect(seen.map((a) => a.id)).toEqual(['shed', 'a1', 'other']);
  });

  it('an error that is not about authentication is thrown on, not turned into 401', async () => {
    const { adapter, ran } = adapterWith(undefined, new TypeError('bug'));
    const edge = edgeProcessor({ adapter, logic: async () => {}, policy: { teamsOnly: true }, log });
    await expect(edge(base, '')).rejects.toThrow('bug');
    expect(ran).toEqual([]);
  });

  it('logs a refusal with ids only', async () => {
    const lines: Record<string, unknown>[] = [];
    const spy = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
    const { adapter } = adapterWith(undefined, new NotAuthenticated(401, 'JsonWebTokenError'));
    await edgeProcessor({ adapter, logic: async () => {}, policy: { teamsOnly: true }, log: spy })(base, 'Bearer secret');
    expect(lines).toMatchObject([
      { level: 40, status: 401, reason: 'JsonWebTokenError', activityId: 'a1', msg: 'request not authenticated' },
    ]);
    const allowed = adapterWith();
    await edgeProcessor({ adapter: allowed.adapter, logic: async () => {}, policy: { teamsOnly: true, allowedTenants: ['t2'] }, log: spy })(
      base,
      '',
    );
    expect(lines[1]).toMatchObject({ level: 40, activityId: 'a1', channelId: 'msteams', tenant: 't1', msg: 'tenant not allowed' });
    expect(JSON.stringify(lines)).not.toContain('secret');
  });
});
