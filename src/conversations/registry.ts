// Stored conversation references: one per user's personal chat and per channel or group chat
// the bot is in. Kept in sync with install/uninstall and team deletion by the edge; reminders
// and notifications send through them. The reference itself is opaque JSON from the SDK.
import { z } from 'zod/v4';
import { ConflictError, type CollectionSpec, type RecordStore } from '../store/contract.js';
import type { Profiles } from './profiles.js';
import type { Place } from '../core/turn.js';

export const ConversationRecord = z.object({
  id: z.string().min(1),
  version: z.number().int().positive(),
  kind: z.enum(['personal', 'channel', 'groupChat']),
  tenantId: z.string().optional(),
  teamId: z.string().optional(),
  channelId: z.string().optional(),
  userId: z.string().optional(),
  reference: z.record(z.string(), z.unknown()),
  installed: z.boolean(),
  /** Set when Teams says the bot can no longer post here (403/404); cleared on the next contact. */
  stale: z.boolean(),
  /** Care provider whose cases are routed to this channel. */
  providerId: z.string().optional(),
  /** Organisation whose indicators this channel shows by default (county, delregion, provider). */
  orgId: z.string().optional(),
  /** The indicators a working group chose for this channel (`indikatorer välj`). */
  indicators: z.array(z.string()).optional(),
  /** When this conversation last got a meeting summary (the next one starts there). */
  lastSummaryAt: z.iso.datetime().optional(),
  updatedAt: z.iso.datetime(),
});
export type ConversationRecord = z.infer<typeof ConversationRecord>;

export const CONVERSATIONS: CollectionSpec<ConversationRecord> = {
  name: 'conversations',
  schema: ConversationRecord,
  partition: () => 'all',
};

export function personalKey(userId: string): string {
  return `user:${userId}`;
}

export interface TeamsIdentity {
  id: string;
  serviceUrl: string;
  tenantId?: string;
}

export class ConversationRegistry {
  constructor(
    private readonly store: RecordStore<ConversationRecord>,
    private readonly profiles: Profiles,
  ) {}

  /** Remembers how to reach a user we have seen anywhere, for a first personal message. */
  async rememberMember(userId: string, identity: TeamsIdentity, now: Date): Promise<void> {
    await this.profiles.update(userId, { teams: identity }, now);
  }

  identityOf(userId: string): TeamsIdentity | undefined {
    return this.profiles.get(userId)?.teams;
  }

  get(key: string): ConversationRecord | undefined {
    return this.store.get(key);
  }

  /** Called on every inbound activity: the freshest reference wins, stale marks clear. */
  async remember(place: Place, reference: Record<string, unknown>, now: Date, userId?: string): Promise<void> {
    const current = this.store.get(place.key);
    if (current && current.installed && !current.stale && current.reference['serviceUrl'] === reference['serviceUrl']) return;
    await this.store.put({
      ...(current ?? { providerId: undefined }),
      id: place.key,
      kind: place.kind,
      tenantId: place.tenantId,
      teamId: place.teamId,
      channelId: place.channelId,
      userId: place.kind === 'personal' ? userId : current?.userId,
      reference,
      installed: true,
      stale: false,
      updatedAt: now.toISOString(),
    });
  }

  /**
   * Folds records kept under keys that name the same place (`placeOf` gives `rootOf`) into that
   * place's record: what a working group set in a thread (link, organisation, indicators) is
   * kept where the record has none; then the extra records go. Run at start; an instance that
   * loses a race to another leaves it to that one.
   */
  async foldInto(rootOf: (key: string) => string | undefined, now: Date): Promise<number> {
    const extra = this.store.all().filter((r) => rootOf(r.id) !== undefined && rootOf(r.id) !== r.id);
    const newestFirst = [...extra].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    for (const r of newestFirst) {
      const id = rootOf(r.id)!;
      const root = this.store.get(id);
      const kept = <K extends 'providerId' | 'orgId' | 'indicators' | 'lastSummaryAt'>(k: K) => root?.[k] ?? r[k];
      const reference = root?.reference ?? {
        ...r.reference,
        conversation: { ...(r.reference['conversation'] as object), id: id.slice(id.indexOf(':') + 1) },
      };
      try {
        await this.store.put(
          {
            ...(root ?? r),
            id,
            reference,
            providerId: kept('providerId'),
            orgId: kept('orgId'),
            indicators: kept('indicators'),
            lastSummaryAt: kept('lastSummaryAt'),
            updatedAt: now.toISOString(),
          },
          { expectedVersion: root?.version ?? 0 },
        );
        await this.store.delete(r.id, { expectedVersion: r.version });
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
    return extra.length;
  }

  async setInstalled(key: string, installed: boolean, now: Date): Promise<void> {
    const current = this.store.get(key);
    if (!current || current.installed === installed) return;
    await this.store.put({ ...current, installed, updatedAt: now.toISOString() });
  }

  async setTeamInstalled(teamId: string, installed: boolean, now: Date): Promise<void> {
    for (const c of this.store.all().filter((r) => r.teamId === teamId)) await this.setInstalled(c.id, installed, now);
  }

  async markStale(key: string, now: Date): Promise<void> {
    const current = this.store.get(key);
    if (!current || current.stale) return;
    await this.store.put({ ...current, stale: true, updatedAt: now.toISOString() });
  }

  async bindProvider(key: string, providerId: string | undefined, now: Date): Promise<void> {
    const current = this.store.get(key);
    if (!current) return;
    await this.store.put({ ...current, providerId, updatedAt: now.toISOString() });
  }

  async bindOrganisation(key: string, orgId: string, now: Date): Promise<void> {
    const current = this.store.get(key);
    if (!current) return;
    await this.store.put({ ...current, orgId, updatedAt: now.toISOString() });
  }

  async chooseIndicators(key: string, indicators: string[], now: Date): Promise<void> {
    const current = this.store.get(key);
    if (!current) return;
    await this.store.put({ ...current, indicators, updatedAt: now.toISOString() });
  }

  async markSummary(key: string, now: Date): Promise<void> {
    const current = this.store.get(key);
    if (!current) return;
    await this.store.put({ ...current, lastSummaryAt: now.toISOString(), updatedAt: now.toISOString() });
  }

  /** The organisation a conversation shows by default: its own binding, else its provider. */
  organisationOf(key: string): string | undefined {
    const c = this.store.get(key);
    return c?.orgId ?? c?.providerId;
  }

  /** Usable = installed and not stale. */
  usable(key: string): ConversationRecord | undefined {
    const c = this.store.get(key);
    return c && c.installed && !c.stale ? c : undefined;
  }

  /**
   * Where the follow-up team's internal judgements (the traffic light) may be shown: a personal
   * chat, or a channel the team linked to a provider (`koppla`). Every member of an ordinary
   * channel reads what is posted there.
   */
  teamWorksIn(place: Place): boolean {
    return place.kind === 'personal' || this.store.get(place.key)?.providerId !== undefined;
  }

  /** Channels a provider's cases are routed to. */
  channelsFor(providerId: string): ConversationRecord[] {
    return this.store.all().filter((c) => c.providerId === providerId && c.installed && !c.stale);
  }
}
