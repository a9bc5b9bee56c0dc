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
