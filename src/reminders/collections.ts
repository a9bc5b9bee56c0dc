// What happened to each planned reminder: the log that makes reminders arrive once.
import { z } from 'zod/v4';
import type { CollectionSpec } from '../store/contract.js';

export const ReminderRecord = z.object({
  id: z.string().min(1),
  version: z.number().int().positive(),
  caseId: z.string(),
  kind: z.string(),
  stage: z.string(),
  due: z.string(),
  /** 'sending': claimed before its message goes (service.ts); a claim left by a crash is sent again. */
  status: z.enum(['sending', 'sent', 'fallback', 'failed', 'unreachable', 'superseded']),
  /** How many times it was tried: one that nobody could take is tried again (service.ts). */
  attempts: z.number().int().min(1).default(1),
  recipients: z.array(z.string()),
  provider: z.string(),
  /** The cases a proposed joint cause analysis named (kind 'kluster', issue 35.2). */
  cases: z.array(z.string()).optional(),
  at: z.iso.datetime(),
});
export type ReminderRecord = z.infer<typeof ReminderRecord>;

export const REMINDERS: CollectionSpec<ReminderRecord> = { name: 'reminders', schema: ReminderRecord, partition: (r) => r.at.slice(0, 7) };
