// The provider register as stored (issue 31.2): one record, the whole register the last admin
// imported. Declared apart from the import's handler so the store's wiring needs nothing else.
import { z } from 'zod/v4';
import { Provider } from '../core/refdata.js';
import type { CollectionSpec } from '../store/contract.js';

const RegisterRecord = z.object({
  id: z.literal('current'),
  version: z.number().int().positive(),
  importedAt: z.iso.datetime(),
  importedBy: z.string(),
  providers: z.array(Provider).min(1),
});
export type RegisterRecord = z.infer<typeof RegisterRecord>;

export const REGISTER: CollectionSpec<RegisterRecord> = { name: 'register', schema: RegisterRecord, partition: () => 'all' };
