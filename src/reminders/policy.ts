// The reminder policy as data (data/reference/reminders.json), validated at start.
import { z } from 'zod/v4';
import { readReferenceFile } from '../core/refdata.js';

const Stage = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    days: z.number().int().optional(),
    workingDays: z.number().int().positive().optional(),
    to: z.array(z.enum(['ansvarig', 'teamledare'])).min(1),
  })
  .refine((s) => (s.days === undefined) !== (s.workingDays === undefined), 'ange antingen days eller workingDays');

export const ReminderPolicy = z.object({
  version: z.literal(2),
  timeZone: z.string().min(1),
  deliveryTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  workingDays: z.array(z.number().int().min(1).max(7)).min(1),
  stages: z.array(Stage).min(1),
  kinds: z.array(z.enum(['handlingsplan', 'anmodan', 'kontrollplan', 'bevakning', 'svar', 'effekt'])),
  /** Stages for a kind that differs (the effect question comes on the date, not before). */
  stagesByKind: z
    .partialRecord(z.enum(['handlingsplan', 'anmodan', 'kontrollplan', 'bevakning', 'svar', 'effekt']), z.array(Stage).min(1))
    .default({}),
  digest: z.object({
    weekday: z.number().int().min(1).max(7),
    time: z.string().regex(/^\d{2}:\d{2}$/),
    horizonDays: z.number().int().positive(),
  }),
  delivery: z.object({ maxAttempts: z.number().int().min(1).max(10), baseBackoffMs: z.number().int().min(0) }),
});
export type ReminderPolicy = z.infer<typeof ReminderPolicy>;
export type Stage = ReminderPolicy['stages'][number];

export function loadPolicy(dir: string): Promise<ReminderPolicy> {
  return readReferenceFile(dir, 'reminders.json', ReminderPolicy);
}
