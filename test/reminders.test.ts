import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.js';
import { caseWithPlan } from '../src/seed/dataset.js';
import { Harness, channel, personal, type User } from './support/harness.js';
import { cardProblems } from './support/cards.js';

const officer: User = { aadObjectId: 'aad-off', name: 'Olle Handläggare' };

const stockholm8 = (date: string) => new Date(`${date}T07:00:00Z`); // 08:00 CET (winter)

describe('deadline reminders against a fake connector', () => {
  let h: Harness | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const roles = { 'aad-off': { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] }, 'aad-lead': { roles: ['teamledare'] } };
  /** The reminder log as sent or tried: neither the stages a later one overtook, nor the digests. */
  const logged = () => h!.bot.stores.reminders.all().filter((r) => r.kind !== 'digest' && r.status !== 'superseded');
  const remindersTo = (u: User) =>
    h!.connector.cards(personal(u).conversationId).filter((c) => JSON.stringify(c).includes('paminnelse.skjut'));

  it('sends 3-days-before at the next sweep, waits for Monday 08:00 for a Saturday deadline, and never repeats across a restart', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rem-'));
    const clock = new ManualClock(new Date('2026-11-25T09:30:00Z')); // Wednesday 10:30 in Stockholm
    h = await Harness.start({ roles, clock, dataDir: dir });
    await h.install(officer, personal(officer));
    await h.bot.stores.cases.put(caseWithPlan('2026-11-28', 'aad-off', 1)); // Saturday

    await h.bot.reminders.sweep();
    const first = remindersTo(officer);
    expect(first).toHaveLength(1);
    expect(cardProblems(first[0])).toEqual([]);
    expect(JSON.stringify(first[0])).toContain('om 3 dagar');

    await h.restart({ roles, clock, dataDir: dir });
    await h.bot.reminders.sweep();
    expect(remindersTo(officer)).toHaveLength(1);

    clock.set(new Date('2026-11-28T10:00:00Z')); // Saturday: nothing
    await h.bot.reminders.sweep();
    expect(remindersTo(officer)).toHaveLength(1);
    clock.set(new Date(stockholm8('2026-11-30').getTime() - 60_000)); // Monday 07:59
    await h.bot.reminders.sweep();
    expect(remindersTo(officer)).toHaveLength(1);
    clock.set(stockholm8('2026-11-30')); // Monday 08:00
    await h.restart({ roles, clock, dataDir: dir });
    await h.bot.reminders.sweep();
    expect(remindersTo(officer)).toHaveLength(2);
    expect(JSON.stringify(remindersTo(officer)[1])).toContain('2 dagar försenad');
    await h.bot.reminders.sweep();
    expect(remindersTo(officer)).toHaveLength(2);
  });

  it('opens a new personal chat when the stored one is gone (404), and tries an unreachable reminder again later (issue 33.3)', async () => {
    const clock = new ManualClock(new Date('2026-11-25T09:30:00Z'));
    h = await Harness.start({ roles, clock });
    await h.install(officer, personal(officer));
    await h.bot.stores.cases.put(caseWithPlan('2026-11-28', 'aad-off', 1));
    // The client reconnected: the stored conversation answers 404; a new one can be opened.
    h.connector.failNext(personal(officer).conversationId, { status: 404 });
    await h.bot.reminders.sweep();
    const created = h.connector.recorded.find((r) => r.method === 'create');
    expect(created).toBeDefined();
    const delivered = h.connector.recorded.filter((r) => r.method === 'send' && JSON.stringify(r.body).includes('paminnelse.skjut'));
    expect(delivered.map((r) => r.conversationId)).toEqual([created!.conversationId]);
    expect(logged().map((r) => r.status)).toEqual(['sent']);
  });

  it('keeps a reminder nobody could take and sends it at a later sweep, once', async () => {
    const clock = new ManualClock(new Date('2026-11-25T09:30:00Z'));
    h = await Harness.start({ roles, clock });
    await h.install(officer, personal(officer));
    await h.bot.stores.cases.put(caseWithPlan('2026-11-28', 'aad-off', 1));
    // Everything fails now: the stored chat, and opening a new one.
    const conv = personal(officer).conversationId;
    h.connector.failNext(conv, { status: 404 });
    h.connector.failCreate(1);
    await h.bot.reminders.sweep();
    expect(logged().map((r) => r.status)).toEqual(['unreachable']);
    expect(remindersTo(officer)).toHaveLength(0);
    // The officer writes again: the chat's reference is fresh. A later sweep delivers it, once.
    await h.say(officer, personal(officer), 'hjälp');
    clock.set(new Date('2026-11-25T09:45:00Z'));
    await h.bot.reminders.sweep();
    await h.bot.reminders.sweep();
    expect(remindersTo(officer)).toHaveLength(1);
    expect(logged()).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('sends the overdue reminder for a plan due yesterday; closing the case cancels the rest', async () => {
    const clock = new ManualClock(new Date('2026-11-24T08:30:00Z')); // Tuesday
    h = await Harness.start({ roles, clock });
    await h.install(officer, personal(officer));
    const stored = await h.bot.stores.cases.put(caseWithPlan('2026-11-23', 'aad-off', 1));
    await h.bot.reminders.sweep();
    expect(JSON.stringify(remindersTo(officer))).toContain('1 dag försenad');
    // Only the latest due stage is sent; the ones it overtook are logged, so none comes later.
    const log = h.bot.stores.reminders.all().filter((r) => r.kind !== 'digest');
    expect(log.map((r) => `${r.stage} ${r.status}`).sort()).toEqual([
      'dagen superseded',
      'fore-14 superseded',
      'fore-3 superseded',
      'forsenad-1 sent',
    ]);
    await h.bot.stores.cases.put({ ...stored, status: 'avslutad' }, { expectedVersion: stored.version });
    clock.set(new Date('2026-12-10T08:30:00Z'));
    await h.bot.reminders.sweep();
    expect(remindersTo(officer)).toHaveLength(1);
  });

  it('arrives once after two 429s with Retry-After', async () => {
    const clock = new ManualClock(new Date('2026-11-25T09:30:00Z'));
    h = await Harness.start({ roles, clock });
    await h.install(officer, personal(officer));
    await h.bot.stores.cases.put(caseWithPlan('2026-11-28', 'aad-off', 1));
    const conv = personal(officer).conversationId;
    h.connector.failNext(conv, { status: 429, headers: { 'Retry-After': '1' } }, { status: 429, headers: { 'Retry-After': '1' } });
    await h.bot.reminders.sweep();
    // Arrived once; how long it waited is the notifier's unit test (Retry-After honoured).
    expect(remindersTo(officer)).toHaveLength(1);
    expect(h.connector.sentTo(conv).filter((r) => JSON.stringify(r.body).includes('paminnelse.skjut'))).toHaveLength(1);
    expect(logged().map((r) => r.status)).toEqual(['sent']);
  });

  it('marks a personal chat stale on 403 and falls back to the team channel', async () => {
    const clock = new ManualClock(new Date('2026-11-25T09:30:00Z'));
    h = await Harness.start({ roles, clock });
    await h.install(officer, personal(officer));
    const team = channel('sas');
    await h.install(officer, team);
    await h.say(officer, team, 'koppla Södra Älvsborgs sjukhus');
    await h.bot.stores.cases.put(caseWithPlan('2026-11-28', 'aad-off', 1));
    h.connector.failNext(personal(officer).conversationId, {
      status: 403,
      body: { error: { code: 'BotNotInConversationRoster', message: 'gone' } },
    });
    await h.bot.reminders.sweep();
    expect(h.bot.stores.conversations.get(`user:${officer.aadObjectId}`)?.stale).toBe(true);
    expect(JSON.stringify(h.connector.cards(team.conversationId))).toContain('paminnelse.skjut');
    expect(logged().map((r) => r.status)).toEqual(['fallback']);
  });

  it('opens a personal chat for an officer seen only in a channel', async () => {
    const clock = new ManualClock(new Date('2026-11-25T09:30:00Z'));
    h = await Harness.start({ roles, clock });
    await h.say(officer, channel('sas'), 'hjälp');
    expect(h.bot.stores.conversations.get(`user:${officer.aadObjectId}`)).toBeUndefined();
    await h.bot.stores.cases.put(caseWithPlan('2026-11-28', 'aad-off', 1));
    await h.bot.reminders.sweep();
    const created = h.connector.recorded.find((r) => r.method === 'create');
    expect(created?.body).toMatchObject({ isGroup: false, members: [{ id: `29:${officer.aadObjectId}` }], tenantId: 'tenant-vgr' });
    expect(JSON.stringify(h.connector.cards(created!.conversationId))).toContain('paminnelse.skjut');
    expect(h.bot.stores.conversations.get(`user:${officer.aadObjectId}`)?.reference).toMatchObject({
      conversation: { id: created!.conversationId },
    });
  });

  it('delivers 500 due reminders across 50 conversations once each, through the rate limiter', async () => {
    const clock = new ManualClock(new Date('2026-11-25T09:30:00Z'));
    const users = Array.from({ length: 50 }, (_, i) => ({ aadObjectId: `aad-u${i}`, name: `U${i}` }));
    const manyRoles = Object.fromEntries(users.map((u) => [u.aadObjectId, { roles: ['handlaggare'] }]));
    h = await Harness.start({ roles: manyRoles, clock });
    for (const u of users) await h.install(u, personal(u));
    let n = 0;
    for (const u of users) for (let i = 0; i < 10; i++) await h.bot.stores.cases.put(caseWithPlan('2026-11-28', u.aadObjectId, ++n));
    const before = h.connector.recorded.length;
    const report = await h.bot.reminders.sweep();
    expect(report).toMatchObject({ sent: 500, failed: 0 });
    const sends = h.connector.recorded.slice(before);
    expect(sends).toHaveLength(500);
    for (const u of users) expect(sends.filter((s) => s.conversationId === personal(u).conversationId)).toHaveLength(10);
    // The rate limits themselves are the limiter's unit test (on a fake clock, not this one).
    await h.bot.reminders.sweep();
    expect(h.connector.recorded.length - before).toBe(500);
  }, 60_000);

  it("posts a weekly digest to a bound channel, and lists a user's own reminders", async () => {
    const clock = new ManualClock(new Date('2026-11-30T08:30:00Z')); // Monday
    h = await Harness.start({ roles, clock });
    const team = channel('sas');
    await h.install(officer, team);
    await h.say(officer, team, 'koppla Södra Älvsborgs sjukhus');
    await h.bot.stores.cases.put(caseWithPlan('2026-12-08', 'aad-off', 1));
    await h.bot.reminders.sweep();
    const digest = h.connector.cards(team.conversationId).find((c) => JSON.stringify(c).includes('Veckans tidsgränser'));
    expect(digest).toBeDefined();
    expect(cardProblems(digest)).toEqual([]);
    expect(JSON.stringify(digest)).toContain('2026-12-08 · AVV-2026-00001');
    await h.bot.reminders.sweep();
    expect(h.connector.cards(team.conversationId).filter((c) => JSON.stringify(c).includes('Veckans tidsgränser'))).toHaveLength(1);

    await h.say(officer, personal(officer), 'påminnelser');
    expect(JSON.stringify(h.connector.cards(personal(officer).conversationId).at(-1))).toContain('AVV-2026-00001');
  });
});
