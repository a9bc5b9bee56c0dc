// What the bot remembers about a user between turns: their own unit (the report form's default),
// their language, and how to reach them in Teams. One writer for the record: every change is a
// merge into what is stored, so no capability drops what another wrote.
import { z } from 'zod/v4';
import { ConflictError, type CollectionSpec, type RecordStore } from '../store/contract.js';

export const Profile = z.object({
  id: z.string().min(1),
  version: z.number().int().positive(),
  unit: z.string().optional(),
  /** The language the user chose (språk svenska / language english), or last wrote in. */
  locale: z.enum(['sv', 'en']).optional(),
  /** True once the user chose the language: the client's locale is then ignored. */
  localeChosen: z.boolean().optional(),
  /** Seen in a channel: enough to open a personal chat proactively (createConversation). */
  teams: z.object({ id: z.string(), serviceUrl: z.string(), tenantId: z.string().optional() }).optional(),
  updatedAt: z.iso.datetime(),
});
export type Profile = z.infer<typeof Profile>;

export const PROFILES: CollectionSpec<Profile> = { name: 'profiles', schema: Profile, partition: () => 'all' };

export type ProfileChange = Partial<Omit<Profile, 'id' | 'version' | 'updatedAt'>>;

export class Profiles {
  constructor(private readonly store: RecordStore<Profile>) {}

  get(userId: string): Profile | undefined {
    return this.store.get(userId);
  }

  /** The language a user chose or was last seen in; Swedish for one never seen (proactive messages). */
  localeOf(userId: string): 'sv' | 'en' {
    return this.store.get(userId)?.locale ?? 'sv';
  }

  /** Merges the change into the stored profile; no write when nothing changes. */
  async update(userId: string, change: ProfileChange, now: Date): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = this.store.get(userId);
      const changed = Object.entries(change).some(([k, v]) => JSON.stringify(current?.[k as keyof Profile]) !== JSON.stringify(v));
      if (current && !changed) return;
      try {
        await this.store.put(
          { ...(current ?? {}), ...change, id: userId, updatedAt: now.toISOString() },
          { expectedVersion: current?.version ?? 0 },
        );
        return;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
  }
}
