// The store: every collection the bot persists, owned here. Capabilities see RecordStores;
// only this file knows they are lowdb files and how each is partitioned (see README, "Store").
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { removeTempFiles } from './durableFile.js';
import { lockDataDir, type StoreLock } from './lock.js';
import { z } from 'zod/v4';
import { Case } from '../cases/model.js';
import { ConversationRecord } from '../conversations/registry.js';
import { RoleGrant } from '../core/roles.js';
import { LightOverride } from '../cases/traffic.js';
import { Follow, IndicatorValue } from '../indicators/model.js';
import { MemoryLazyStore, MemoryRecordStore } from './memoryStore.js';
import { folderUsable, LowdbCollection, WriteQueue, type CollectionSpec } from './lowdbStore.js';
import { LazyLowdbCollection, type LazySpec } from './lazyStore.js';
import type { LazyRecordStore, RecordStore, Versioned } from './recordStore.js';

/** What the bot remembers about a user between reports (their own unit). */
export const Profile = z.object({
  id: z.string().min(1),
  version: z.number().int().positive(),
  unit: z.string().optional(),
  /** The language the user last wrote in, for proactive messages. */
  locale: z.enum(['sv', 'en']).optional(),
  /** Seen in a channel: enough to open a personal chat proactively (createConversation). */
  teams: z.object({ id: z.string(), serviceUrl: z.string(), tenantId: z.string().optional() }).optional(),
  updatedAt: z.iso.datetime(),
});
export type Profile = z.infer<typeof Profile>;

/** What happened to each planned reminder: the log that makes reminders arrive once. */
export const ReminderRecord = z.object({
  id: z.string().min(1),
  version: z.number().int().positive(),
  caseId: z.string(),
  kind: z.string(),
  stage: z.string(),
  due: z.string(),
  status: z.enum(['sent', 'fallback', 'failed', 'unreachable', 'superseded']),
  recipients: z.array(z.string()),
  provider: z.string(),
  at: z.iso.datetime(),
});
export type ReminderRecord = z.infer<typeof ReminderRecord>;

/** Audit entries that do not belong to a case (role grants, refused actions without a case). */
export const AuditEntry = z.object({
  id: z.string().min(1),
  version: z.number().int().positive(),
  at: z.iso.datetime(),
  actor: z.string(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export interface Stores {
  cases: RecordStore<Case>;
  conversations: RecordStore<ConversationRecord>;
  grants: RecordStore<RoleGrant>;
  profiles: RecordStore<Profile>;
  audit: RecordStore<AuditEntry>;
  /** Manual traffic-light overrides per provider. */
  lights: RecordStore<LightOverride>;
  reminders: RecordStore<ReminderRecord>;
  /** Ten years of values: read an indicator's year at a time, never all at start. */
  indicatorValues: LazyRecordStore<IndicatorValue>;
  follows: RecordStore<Follow>;
  /** True while the data folder is readable/writable and the last write succeeded. */
  healthy(): Promise<boolean>;
  /** Waits for queued writes to finish (graceful shutdown). */
  close(): Promise<void>;
}

const byMonth = (iso: string): string => iso.slice(0, 7);
const valuePartition = (indicator: string, period: string): string => `${indicator}-${period.slice(0, 4)}`;

const specs = {
  // ~200 cases a month at VGR volume: a submit rewrites one month, not ten years.
  cases: { name: 'cases', schema: Case, partition: (c) => byMonth(c.createdAt) } satisfies CollectionSpec<Case>,
  conversations: { name: 'conversations', schema: ConversationRecord, partition: () => 'all' } satisfies CollectionSpec<ConversationRecord>,
  grants: { name: 'grants', schema: RoleGrant, partition: () => 'all' } satisfies CollectionSpec<RoleGrant>,
  profiles: { name: 'profiles', schema: Profile, partition: () => 'all' } satisfies CollectionSpec<Profile>,
  audit: { name: 'audit', schema: AuditEntry, partition: (a) => byMonth(a.at) } satisfies CollectionSpec<AuditEntry>,
  lights: { name: 'lights', schema: LightOverride, partition: () => 'all' } satisfies CollectionSpec<LightOverride>,
  reminders: { name: 'reminders', schema: ReminderRecord, partition: (r) => byMonth(r.at) } satisfies CollectionSpec<ReminderRecord>,
  // ~300 000 values over ten years: one file per indicator and year keeps each write small, and
  // a card needs one to six of them (a year of months, six years of yearly values).
  indicatorValues: {
    name: 'indicator-values',
    schema: IndicatorValue,
    partition: (v) => valuePartition(v.indicator, v.period),
    partitionOfId: (id) => valuePartition(id.split('|')[0]!, id.split('|')[2] ?? ''),
    cacheSize: 64,
  } satisfies LazySpec<IndicatorValue>,
  follows: { name: 'follows', schema: Follow, partition: () => 'all' } satisfies CollectionSpec<Follow>,
};

/**
 * Opens (and validates) every collection under dataDir, holding its lock until close().
 * Throws StoreLockedError when another process has it, StoreLoadError on bad files.
 */
export async function openStore(dataDir: string): Promise<Stores> {
  await mkdir(dataDir, { recursive: true });
  const lock = await lockDataDir(dataDir);
  try {
    return await openLocked(dataDir, lock);
  } catch (err) {
    await lock.release();
    throw err;
  }
}

async function openLocked(dataDir: string, lock: StoreLock): Promise<Stores> {
  // Temp files are only ever left by a crash: the lock says no write is running now.
  for (const spec of Object.values(specs)) await removeTempFiles(path.join(dataDir, spec.name));
  const queue = new WriteQueue();
  const open = <T extends Versioned>(spec: CollectionSpec<T>) => LowdbCollection.open(spec, dataDir, queue);
  const [cases, conversations, grants, profiles, audit, lights, reminders, indicatorValues, follows] = await Promise.all([
    open(specs.cases),
    open(specs.conversations),
    open(specs.grants),
    open(specs.profiles),
    open(specs.audit),
    open(specs.lights),
    open(specs.reminders),
    LazyLowdbCollection.open(specs.indicatorValues, dataDir, queue),
    open(specs.follows),
  ]);
  return {
    cases,
    conversations,
    grants,
    profiles,
    audit,
    lights,
    reminders,
    indicatorValues,
    follows,
    healthy: async () => queue.lastError === undefined && (await folderUsable(dataDir)),
    close: async () => {
      await queue.drain();
      await lock.release();
    },
  };
}

/** The same collections in memory, for capability tests. */
export function memoryStores(): Stores {
  return {
    cases: new MemoryRecordStore<Case>('cases'),
    conversations: new MemoryRecordStore<ConversationRecord>('conversations'),
    grants: new MemoryRecordStore<RoleGrant>('grants'),
    profiles: new MemoryRecordStore<Profile>('profiles'),
    audit: new MemoryRecordStore<AuditEntry>('audit'),
    lights: new MemoryRecordStore<LightOverride>('lights'),
    reminders: new MemoryRecordStore<ReminderRecord>('reminders'),
    indicatorValues: new MemoryLazyStore<IndicatorValue>('indicator-values', specs.indicatorValues.partition),
    follows: new MemoryRecordStore<Follow>('follows'),
    healthy: async () => true,
    close: async () => undefined,
  };
}
