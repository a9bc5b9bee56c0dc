import { describe, expect, it } from 'vitest';
import { admit } from './edge.js';

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
