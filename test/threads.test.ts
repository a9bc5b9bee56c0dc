// A channel is one place however many threads it has (issue 34.6): Teams puts ;messageid=<root>
// in the conversation id of every thread. One stored conversation, a link made in one thread
// counts in every other, a notice goes to the channel as a new post, and the reply to a command
// still goes into the thread it was typed in.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../src/core/clock.js';
import { minimumReport } from './support/cases.js';
import { testToday } from './support/clock.js';
import { Harness, channel, type User, type Where } from './support/harness.js';

const officer: User = { aadObjectId: 'aad-off', name: 'Olle Handläggare' };
const reporter: User = { aadObjectId: 'aad-rep', name: 'Rut Rapportör' };
const room = channel('uppfoljning');
const thread = (root: string): Where => ({ ...room, conversationId: `${room.conversationId};messageid=${root}` });

describe('a channel with threads', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ roles: { 'aad-off': { roles: ['handlaggare'], providers: ['*'] } } });
  });
  afterEach(() => h.stop());

  it('is one conversation: a link made in a thread counts in the others, notices go to the channel, replies to their thread', async () => {
    for (let i = 0; i < 5; i++) await h.say(officer, thread(`17000000${i}`), 'hjälp');
    const channels = h.bot.stores.conversations.all().filter((c) => c.kind === 'channel');
    expect(channels.map((c) => c.id)).toEqual([`channel:${room.conversationId}`]);
    expect((channels[0]!.reference['conversation'] as { id: string }).id).toBe(room.conversationId);
    // The reply went into the thread it was asked in.
    expect(h.connector.cards(thread('170000004').conversationId)).toHaveLength(1);

    await h.say(officer, thread('1700000010'), 'koppla Södra Älvsborgs sjukhus');
    await h.say(officer, thread('1700000020'), 'koppla Södra Älvsborgs sjukhus');
    // Already linked, seen from another thread.
    expect(h.connector.texts(thread('1700000020').conversationId).at(-1)).toMatch(/redan|Södra Älvsborgs sjukhus/);
    expect(h.bot.stores.conversations.all().filter((c) => c.providerId === 'sodra-alvsborgs-sjukhus')).toHaveLength(1);

    const c = await h.report(reporter, minimumReport({ eventDate: addDays(testToday, -1) }));
    await h.connector.waitFor(() => h.connector.cards(room.conversationId).some((x) => JSON.stringify(x).includes(c!.number)));
  });

  it('folds what an older version kept per thread into its channel at start, keeping the link', async () => {
    const other = channel('samverkan');
    const key = `channel:${other.conversationId};messageid=1699999999`;
    await h.bot.stores.conversations.put({
      id: key,
      kind: 'channel',
      teamId: 'team-1',
      channelId: other.channelId,
      reference: {
        serviceUrl: h.connector.url,
        conversation: { id: `${other.conversationId};messageid=1699999999`, conversationType: 'channel' },
      },
      installed: true,
      stale: false,
      providerId: 'nu-sjukvarden',
      orgId: 'fyrbodal',
      updatedAt: new Date().toISOString(),
    });
    await h.restart({ roles: { 'aad-off': { roles: ['handlaggare'], providers: ['*'] } } });
    const records = h.bot.stores.conversations.all().filter((r) => r.id.includes('samverkan'));
    expect(records.map((r) => [r.id, r.providerId, r.orgId])).toEqual([[`channel:${other.conversationId}`, 'nu-sjukvarden', 'fyrbodal']]);
    expect((records[0]!.reference['conversation'] as { id: string }).id).toBe(other.conversationId);
    expect(h.logs.join('')).toContain('channel threads folded into their channels');
  });
});
