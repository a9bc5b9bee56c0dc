// The reminder sweep: derive what is owed from stored deadlines (plan.ts), send what is due
// through the Notifier, and record each outcome. Only the log of what was sent is state, so a
// restart re-derives everything. Each reminder is claimed (written as 'sending') before it is
// posted and nothing is posted without its claim: a crash repeats at most the reminders whose
// messages were on their way (at most CONCURRENCY), each once more. An outcome the database
// could not take (an outage mid-sweep) is kept here and written before anything else is sent.
import type { Logger } from 'pino';
import { swedishDate } from '../core/clock.js';
import type { CapabilityDeps, Collection } from '../deps.js';
import { translator, type Locale } from '../core/i18n/index.js';
import { formatMonth } from '../core/format.js';
import { lessonFact } from '../answers/lessons.js';
import { syncRegister } from '../admin/register.js';
import { hasRole } from '../core/roles.js';
import type { Card, DeliveryResult, Notification, Notifier, Recipient } from '../core/turn.js';
import type { ReminderRecord } from './collections.js';
import { addDays, weekday, zonedInstant } from './calendar.js';
import { analysisEffects, due, obligations, plan, type Obligation, type PlannedReminder } from './plan.js';
import { proposalCard, proposalDue, proposals } from '../analyses/proposals.js';
import { digestCard, reminderCard } from './cards.js';
import { CaseQueries } from '../cases/queries.js';
import type { ReminderPolicy } from './policy.js';

export interface SweepReport {
  sent: number;
  failed: number;
  superseded: number;
  digests: number;
  /** Claimed by a sweep that did not finish them (a crash): sent again, so possibly twice. */
  resumed?: number;
}

const CONCURRENCY = 25;

/** Minutes to wait before the next try of a reminder nobody could take (then it stays failed, in the digest). */
const RETRY_MINUTES = [10, 30, 60, 240, 720, 1440];

async function pool<T>(items: T[], worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < items.length) await worker(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, run));
}

/** The collections the reminder sweep reads (what is owed, by whom, where) and writes (what it sent). */
export const REMINDER_STORES = [
  'reminders',
  'cases',
  'answers',
  'lessons',
  'analyses',
  'conversations',
  'register',
] as const satisfies readonly Collection[];

export class ReminderService {
  private running: Promise<SweepReport> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Outcomes of messages that went out while the database could not take their record. */
  private readonly unwritten = new Map<string, Omit<ReminderRecord, 'version'>>();

  constructor(
    private readonly deps: CapabilityDeps<(typeof REMINDER_STORES)[number]>,
    private readonly notifier: Notifier,
    readonly policy: ReminderPolicy,
    private readonly log: Logger,
  ) {}

  /**
   * Everything owed by a date: the ladder's dates and the answers (open cases only), and the
   * effects of measures not yet followed up (their answers' own index): never every case.
   */
  private async owed(): Promise<Obligation[]> {
    const { cases, answers } = this.deps.stores;
    const pending = answers.index('effect-pending', (a) => (a.investigation?.measures.some((m) => !m.effect) ? ['pending'] : []));
    // A case closed long ago can still owe a measure's effect: it may have to be read from disk.
    const withEffects = (await Promise.all(pending.get('pending').map((a) => cases.load(a.id)))).flatMap((c) => c ?? []);
    const open = CaseQueries.of(cases).openCases();
    const relevant = [...new Map([...open, ...withEffects].map((c) => [c.id, c])).values()];
    const analyses = this.policy.kinds.includes('effekt') ? this.deps.stores.analyses.all().flatMap(analysisEffects) : [];
    return [...obligations(relevant, this.policy, (id) => answers.get(id)), ...analyses];
  }

  /** All reminders of all open obligations, sent or not. */
  async planned(): Promise<PlannedReminder[]> {
    return (await this.owed()).flatMap((o) => plan(o, this.policy));
  }

  /**
   * Users to remind for a role: for the ladder's dates the officer who set the date, else the
   * provider's officers; for an answer the receiver's mottagare; for a measure its owner role at
   * its provider. Overdue: the team leads for the provider (else all).
   */
  recipients(o: Obligation, role: 'ansvarig' | 'teamledare'): string[] {
    const { directory } = this.deps;
    if (role === 'ansvarig') {
      if (o.responsible !== 'handlaggare') return directory.actingFor([o.responsible], o.provider);
      if (o.owner && hasRole(directory.actor(o.owner, ''), 'handlaggare', 'teamledare')) return [o.owner];
      return directory.actingFor(['handlaggare'], o.provider);
    }
    const leads = directory.usersWith('teamledare');
    const forProvider = leads.filter((u) => directory.actor(u, '').providers.includes(o.provider));
    return forProvider.length ? forProvider : leads;
  }

  private channelFor(provider: string): Recipient | undefined {
    const channel = this.deps.registry.channelsFor(provider)[0];
    return channel ? { kind: 'conversation', key: channel.id } : undefined;
  }

  private deliver(r: PlannedReminder, today: string): Promise<ReminderRecord['status']> {
    const card = (locale: Locale) => reminderCard(this.deps, r, locale, today);
    return this.send(this.recipients(r.obligation, r.role), this.channelFor(r.obligation.provider), card);
  }

  /**
   * To each user in their language (the provider's channel when a user cannot be reached), or with
   * nobody to tell, to the channel: recorded by its worst delivery.
   */
  private async send(
    users: readonly string[],
    channel: Recipient | undefined,
    card: (locale: Locale) => Card,
  ): Promise<ReminderRecord['status']> {
    const results: DeliveryResult[] = [];
    if (users.length === 0) {
      if (!channel) return 'unreachable';
      results.push(await this.notifier.deliver({ to: channel, message: { card: card('sv') } }));
    }
    for (const userId of users) {
      const n: Notification = {
        to: { kind: 'user', userId },
        fallback: channel,
        message: { card: card(this.deps.profiles.localeOf(userId)) },
      };
      results.push(await this.notifier.deliver(n));
    }
    if (results.every((x) => x === 'sent')) return 'sent';
    if (results.some((x) => x === 'failed')) return 'failed';
    if (results.some((x) => x === 'unreachable')) return 'unreachable';
    return 'fallback';
  }

  /**
   * Writes that this reminder is being sent, before its message goes; undefined when the database
   * does not take it (then nothing is sent, and the reminder stays due). A claim left by a
   * sweep that died is the same attempt resumed.
   */
  private async claim(r: PlannedReminder, at: Date): Promise<{ attempts: number; resumed: boolean } | undefined> {
    const before = this.deps.stores.reminders.get(r.id);
    const resumed = before?.status === 'sending';
    const attempts = resumed ? before.attempts : (before?.attempts ?? 0) + 1;
    try {
      await this.deps.stores.reminders.put({ ...this.entry(r, 'sending', at), attempts });
      return { attempts, resumed };
    } catch (err) {
      this.log.warn({ err, reminder: r.id }, 'reminder not claimed; it stays due');
      return undefined;
    }
  }

  /** The outcome of a message that went out: written, or kept until the database takes it. */
  private async record(r: PlannedReminder, status: ReminderRecord['status'], at: Date, attempts: number): Promise<void> {
    const outcome = { ...this.entry(r, status, at), attempts };
    try {
      await this.deps.stores.reminders.put(outcome);
    } catch (err) {
      this.unwritten.set(r.id, outcome);
      this.log.warn({ err, reminder: r.id }, 'reminder outcome kept in memory until the database is back');
    }
  }

  /** Outcomes kept through an outage, written before the sweep sends anything (else it stops here). */
  private async writeUnwritten(): Promise<void> {
    if (!this.unwritten.size) return;
    const outcomes = [...this.unwritten.values()];
    await this.deps.stores.reminders.putMany(outcomes);
    for (const o of outcomes) if (this.unwritten.get(o.id) === o) this.unwritten.delete(o.id);
    this.log.info({ written: outcomes.length }, 'reminder outcomes kept through an outage written');
  }

  /**
   * Whether a reminder is settled: sent, superseded, or tried as often as RETRY_MINUTES allows.
   * One nobody could take (the chat gone, Teams failing) waits its turn and is tried again, so a
   * reconnecting client or a restored channel still gets it, once; the weekly digest lists it meanwhile.
   */
  private settled(id: string, now: Date): boolean {
    if (this.unwritten.has(id)) return true;
    const r = this.deps.stores.reminders.get(id);
    if (!r) return false;
    // Claimed by a sweep that died before it knew the outcome: sent again.
    if (r.status === 'sending') return false;
    if (r.status !== 'failed' && r.status !== 'unreachable') return true;
    const wait = RETRY_MINUTES[r.attempts - 1];
    return wait === undefined || now.getTime() - Date.parse(r.at) < wait * 60_000;
  }

  private entry(r: PlannedReminder, status: ReminderRecord['status'], at: Date): Omit<ReminderRecord, 'version'> {
    return {
      attempts: 1,
      id: r.id,
      caseId: r.obligation.caseId,
      kind: r.obligation.kind,
      stage: r.stage.id,
      due: r.obligation.due,
      status,
      recipients: this.recipients(r.obligation, r.role),
      provider: r.obligation.provider,
      at: at.toISOString(),
    };
  }

  /**
   * One sweep; a sweep already running here is joined, and on a shared database one instance
   * sweeps at a time (the others skip; one that dies lets go, and the next sweep finishes its work).
   */
  sweep(): Promise<SweepReport> {
    this.running ??= this.deps.stores
      .exclusive('reminder-sweep', async () => {
        await this.deps.stores.sync();
        // A register another instance imported names the providers in what this sweep sends.
        syncRegister(this.deps.reference, this.deps.stores.register);
        return this.runSweep();
      })
      .then((report) => report ?? { sent: 0, failed: 0, superseded: 0, digests: 0 })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** The same as planned(), yielding to the event loop between chunks: a store of many years
   * plans tens of thousands of reminders, and planning them in one go stalls every turn. */
  private async plannedInChunks(chunk = 250): Promise<PlannedReminder[]> {
    const all = await this.owed();
    const out: PlannedReminder[] = [];
    for (let i = 0; i < all.length; i += chunk) {
      for (const o of all.slice(i, i + chunk)) out.push(...plan(o, this.policy));
      await new Promise((r) => setImmediate(r));
    }
    return out;
  }

  private async runSweep(): Promise<SweepReport> {
    await this.writeUnwritten();
    const now = this.deps.clock.now();
    const today = swedishDate(now);
    const { send, superseded } = due(await this.plannedInChunks(), now, (id) => this.settled(id, now));
    // One write for all of them (after downtime there can be thousands), not one each.
    await this.deps.stores.reminders.putMany(superseded.map((r) => this.entry(r, 'superseded', now)));
    let failed = 0;
    let unclaimed = 0;
    let resumed = 0;
    await pool(send, async (r) => {
      const claim = await this.claim(r, this.deps.clock.now());
      if (!claim) return void unclaimed++;
      if (claim.resumed) resumed++;
      const status = await this.deliver(r, today);
      if (status === 'failed' || status === 'unreachable') failed++;
      await this.record(r, status, this.deps.clock.now(), claim.attempts);
    });
    const digests = (await this.digests(now, today)) + (await this.lessonPosts(now, today)) + (await this.clusterProposals(now, today));
    const report = { sent: send.length - failed - unclaimed, failed, superseded: superseded.length, digests, resumed };
    if (send.length || digests) this.log.info({ ...report, unclaimed }, 'reminder sweep');
    else this.log.debug('reminder sweep: nothing due');
    return report;
  }

  /** The weekly digest per team channel bound to a provider, once per week. */
  private async digests(now: Date, today: string): Promise<number> {
    let date = today;
    while (weekday(date) !== this.policy.digest.weekday) date = addDays(date, -1);
    if (zonedInstant(date, this.policy.digest.time, this.policy.timeZone) > now) return 0;
    return this.postOnce('digest', date, date, now, (provider) => this.digestCard(provider, today, addDays(date, -7)));
  }

  /**
   * Once a month, to every channel linked to a provider: the lärdomar shared in the month before
   * (issue 35.3: a monthly post names the new ones), from the 1st at the digest's time; a month
   * with none posts nothing.
   */
  private async lessonPosts(now: Date, today: string): Promise<number> {
    const first = `${today.slice(0, 7)}-01`;
    if (zonedInstant(first, this.policy.digest.time, this.policy.timeZone) > now) return 0;
    const month = addDays(first, -1).slice(0, 7);
    const fresh = this.deps.stores.lessons
      .all()
      .filter((l) => swedishDate(new Date(l.sharedAt)).startsWith(month))
      .sort((a, b) => b.sharedAt.localeCompare(a.sharedAt));
    if (!fresh.length) return 0;
    const tr = translator('sv');
    const card = this.deps.cards.render('report', {
      title: tr('lesson.monthly', { month: formatMonth(month, 'sv') }),
      subtitle: tr('lesson.monthlyIntro'),
      buttons: [],
      sections: [{ title: '', empty: '', facts: fresh.slice(0, 10).map((l) => lessonFact(this.deps.reference, tr, 'sv', l)) }],
      note: '',
    });
    return this.postOnce('lessons', month, first, now, async () => card);
  }

  /**
   * A cluster of similar deviations (issue 35.2): the receiver's case officers and team leads are
   * proposed a joint cause analysis, once per cluster and size, from the digest's time of day;
   * with nobody named for the receiver, its linked channel.
   */
  private async clusterProposals(now: Date, today: string): Promise<number> {
    if (zonedInstant(today, this.policy.digest.time, this.policy.timeZone) > now) return 0;
    let count = 0;
    // The earlier proposals by cluster key (kluster|<receiver|dimension|value>|<case>): never the whole log.
    const earlier = this.deps.stores.reminders.index('kluster', (r) =>
      r.kind === 'kluster' ? [r.id.split('|').slice(1, 4).join('|')] : [],
    );
    for (const g of await proposals(this.deps, today)) {
      const before = new Set(earlier.get(g.key).flatMap((r) => r.cases ?? []));
      const id = proposalDue(g, before);
      if (!id || this.deps.stores.reminders.get(id)) continue;
      const users = this.deps.directory.actingFor(['handlaggare', 'teamledare'], g.receiver);
      const channel = this.channelFor(g.receiver);
      const entry = {
        id,
        caseId: g.cases[0]!.id,
        kind: 'kluster',
        stage: String(g.cases.length),
        attempts: 1,
        due: today,
        recipients: users.length ? users : channel?.kind === 'conversation' ? [channel.key] : [],
        provider: g.receiver,
        cases: g.cases.map((c) => c.id),
        at: now.toISOString(),
      };
      // Claimed before it goes, so a proposal is sent at most once: a crash in between loses it
      // (the cluster stays listed by `händelseanalys`); a database that does not take the claim
      // stops the proposals until the next sweep.
      let claimed: ReminderRecord;
      try {
        claimed = await this.deps.stores.reminders.put({ ...entry, status: 'sending' }, { expectedVersion: 0 });
      } catch (err) {
        this.log.warn({ err, proposal: id }, 'cluster proposal not claimed; tried next sweep');
        return count;
      }
      const status = await this.send(users, channel, (locale) => proposalCard(this.deps, locale, g));
      await this.deps.stores.reminders
        .put({ ...entry, status }, { expectedVersion: claimed.version })
        .catch((err: unknown) => this.log.warn({ err, proposal: id }, 'cluster proposal sent, its outcome not recorded'));
      count++;
    }
    return count;
  }

  /**
   * A post to every installed channel linked to a provider, once per kind and stage (the weekly
   * digest, the monthly lärdomar): recorded in the reminders' sent-log, delivered or not.
   */
  private async postOnce(
    kind: string,
    stage: string,
    due: string,
    now: Date,
    cardFor: (provider: string) => Promise<Card>,
  ): Promise<number> {
    let count = 0;
    for (const channel of this.deps.stores.conversations.all().filter((c) => c.providerId && c.installed && !c.stale)) {
      const id = `${kind}|${channel.id}|${stage}`;
      if (this.deps.stores.reminders.get(id)) continue;
      const provider = channel.providerId!;
      const result = await this.notifier.deliver({
        to: { kind: 'conversation', key: channel.id },
        message: { card: await cardFor(provider) },
      });
      await this.deps.stores.reminders.put({
        id,
        caseId: '',
        kind,
        stage,
        attempts: 1,
        due,
        status: result === 'sent' ? 'sent' : result === 'failed' ? 'failed' : 'unreachable',
        recipients: [channel.id],
        provider,
        at: now.toISOString(),
      });
      count++;
    }
    return count;
  }

  /** What the weekly digest of a provider shows: what is owed by the horizon, what failed since. */
  private async digestCard(provider: string, today: string, since: string): Promise<Card> {
    const horizon = addDays(today, this.policy.digest.horizonDays);
    const owed = (await this.owed()).filter((o) => o.provider === provider && o.due <= horizon).sort((a, b) => a.due.localeCompare(b.due));
    const failed = this.deps.stores.reminders
      .all()
      .filter(
        (r) =>
          r.provider === provider &&
          (r.status === 'failed' || r.status === 'unreachable') &&
          r.at.slice(0, 10) >= since &&
          r.kind !== 'digest',
      );
    return digestCard(this.deps, provider, today, owed, failed);
  }

  /** A user's own upcoming reminders (for `påminnelser`). */
  async upcomingFor(userId: string, now: Date): Promise<PlannedReminder[]> {
    return (await this.planned())
      .filter((r) => r.sendAt > now && this.recipients(r.obligation, r.role).includes(userId))
      .sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime());
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.log.error({ err }, 'reminder sweep failed'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
