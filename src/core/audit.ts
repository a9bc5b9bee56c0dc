// The audit trail outside a case's own events: role grants, traffic-light overrides, retention
// runs, exports, and refused attempts. One service writes it, indexed by case.
//
// A refused attempt (a forged card, a command without the role) is recorded as a fixed-size
// entry, who, which verb, when, never with the input, and coalesced per user, verb and minute:
// 15 000 forged invokes make a handful of records, not 15 000 file writes. Past a limit of
// refusals in a minute a user is rate limited: their refusals are only counted, and answered
// with a short message, while their allowed actions run as usual.
import { randomUUID } from 'node:crypto';
import { z } from 'zod/v4';
import type { Keyed, Records } from './records.js';
import { hasIdentity } from './screen.js';

export const AuditEntry = z.object({
  id: z.string().min(1),
  version: z.number().int().positive(),
  at: z.iso.datetime(),
  actor: z.string(),
  action: z.string(),
  /** What it concerns (a case id, a provider id), only ever a thing that exists. */
  subject: z.string().optional(),
  details: z.record(z.string(), z.unknown()),
  /** Refusals coalesced into this entry (from `at` to the end of its minute). */
  count: z.number().int().positive().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Why the edge or a rule refused: a missing role, a case outside the actor's scope, a rule. */
export type RefusalKind = 'role' | 'scope' | 'unknown' | 'rule';

/** More refusals than this in a minute, and the user's further refusals get a short answer. */
export const REFUSALS_PER_MINUTE = 20;
/** A coalesced entry's count is written at most this often while refusals keep coming. */
const FLUSH_MS = 10_000;

interface Pending {
  entry: Omit<AuditEntry, 'version'>;
  written: number;
  lastFlush: number;
  chain: Promise<unknown>;
}

export class AuditService {
  private readonly bySubject: Keyed<AuditEntry>;
  private readonly pending = new Map<string, Pending>();
  private readonly refusals = new Map<string, number[]>();

  constructor(private readonly store: Records<AuditEntry>) {
    this.bySubject = store.index('subject', (a) => (a.subject ? [a.subject] : []));
  }

  /** An audit entry (an action that happened). Details are ids and choices, never free text. */
  record(actor: string, action: string, at: Date, details: Record<string, unknown> = {}, subject?: string): Promise<AuditEntry> {
    return this.store.put({ id: randomUUID(), at: at.toISOString(), actor, action, details, ...(subject ? { subject } : {}) });
  }

  /** The entries that concern a case (or a provider), oldest first. */
  forCase(subject: string): AuditEntry[] {
    return [...this.bySubject.get(subject)].sort((a, b) => a.at.localeCompare(b.at));
  }

  /** Whether the user is over the refusal limit now: their next refusal may be answered unrun. */
  isLimited(userId: string, now: Date): boolean {
    const since = now.getTime() - 60_000;
    return (this.refusals.get(userId) ?? []).filter((t) => t > since).length > REFUSALS_PER_MINUTE;
  }

  /**
   * Records a refused attempt: the first of a user's verb in a minute is written at once, the
   * rest of that minute only raise its count (written every FLUSH_MS and by flush()). Resolves
   * true when the user is over the refusal limit for the minute.
   */
  async refused(userId: string, verb: string, kind: RefusalKind, now: Date, subject?: string, name = ''): Promise<boolean> {
    const stamps = (this.refusals.get(userId) ?? []).filter((t) => t > now.getTime() - 60_000);
    if (stamps.length < REFUSALS_PER_MINUTE * 2) stamps.push(now.getTime());
    this.refusals.set(userId, stamps);
    const limited = stamps.length > REFUSALS_PER_MINUTE;
    const minute = now.toISOString().slice(0, 16);
    const key = `${userId}|${verb}|${kind}|${subject ?? ''}|${minute}`;
    const known = this.pending.get(key);
    if (known) {
      known.entry = { ...known.entry, count: (known.entry.count ?? 1) + 1 };
      if (now.getTime() - known.lastFlush >= FLUSH_MS) void this.write(known, now.getTime());
      return limited;
    }
    this.forgetOlderThan(minute);
    const entry: Omit<AuditEntry, 'version'> = {
      id: `refused|${randomUUID()}`,
      at: `${minute}:00.000Z`,
      actor: userId.slice(0, 100),
      action: 'refused',
      // The name as Teams gave it (shown in the case history), unless it looks like an identity.
      details: { verb: verb.slice(0, 64), kind, ...(name && !hasIdentity(name) ? { name: name.slice(0, 100) } : {}) },
      ...(subject ? { subject } : {}),
      count: 1,
    };
    const pending: Pending = { entry, written: 0, lastFlush: now.getTime(), chain: Promise.resolve() };
    this.pending.set(key, pending);
    await this.write(pending, now.getTime());
    return limited;
  }

  /** Writes every coalesced count that is not on disk yet (shutdown, tests). */
  async flush(): Promise<void> {
    for (const p of this.pending.values()) if ((p.entry.count ?? 1) !== p.written) this.write(p, Date.now());
    await Promise.all([...this.pending.values()].map((p) => p.chain));
  }

  private write(p: Pending, at: number): Promise<unknown> {
    p.lastFlush = at;
    p.chain = p.chain.then(async () => {
      const snapshot = p.entry;
      if ((snapshot.count ?? 1) === p.written) return;
      await this.store.put(snapshot);
      p.written = snapshot.count ?? 1;
    });
    return p.chain;
  }

  /** Entries of past minutes are final once written: write what is left, then forget them. */
  private forgetOlderThan(minute: string): void {
    for (const [key, p] of this.pending) {
      if (p.entry.at.slice(0, 16) >= minute) continue;
      if ((p.entry.count ?? 1) !== p.written) void this.write(p, Date.now());
      else this.pending.delete(key);
    }
  }
}
