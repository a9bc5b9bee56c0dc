// Roles and organisations from Entra ID groups (issue 36): the region and each municipality is
// its own Microsoft 365 tenant, and a group there ("Avvikelser mottagare SÄS") says who acts
// for whom better than a file per user. The mapping, kept by the region, says which group of
// which tenant gives which roles for which providers; a user's groups are read from Graph at
// the edge (src/teams/graph.ts) and kept as a Membership, so notices reach group members across
// restarts and instances. The roles file's grants add to the groups'.
import { readFile } from 'node:fs/promises';
import { z } from 'zod/v4';
import { Role } from './roles.js';

const GroupGrant = z.object({
  /** The group's object id in its tenant (a GUID); its display name is for the reader. */
  id: z.string().min(1),
  name: z.string().min(1),
  roles: z.array(Role).min(1),
  providers: z.array(z.string().min(1)).default([]),
});
export const GroupMapping = z.object({
  tenants: z.record(z.string().min(1), z.object({ name: z.string().min(1), groups: z.array(GroupGrant) })),
});
export type GroupMapping = z.infer<typeof GroupMapping>;

/** A user's groups as last read from Graph (group ids of their tenant, nothing else). */
export const Membership = z.object({
  id: z.string().min(1),
  version: z.number().int().positive(),
  tenantId: z.string().min(1),
  groups: z.array(z.string()),
  readAt: z.iso.datetime(),
});
export type Membership = z.infer<typeof Membership>;

/**
 * Reads and checks the mapping: valid JSON of the schema, every provider in the catalogue (or
 * '*'), every tenant admitted; a mistake stops the start naming where it is.
 */
export async function loadGroupMapping(
  file: string,
  providers: ReadonlySet<string>,
  tenants: readonly string[] | undefined,
): Promise<GroupMapping> {
  let parsed;
  try {
    parsed = GroupMapping.safeParse(JSON.parse(await readFile(file, 'utf8')));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`${file}: ${i?.path.join('.')}: ${i?.message}`);
  }
  for (const [tenant, { groups }] of Object.entries(parsed.data.tenants)) {
    if (tenants?.length && !tenants.includes(tenant)) throw new Error(`${file}: klienten ${tenant} finns inte i ALLOWED_TENANTS`);
    for (const g of groups)
      for (const p of g.providers)
        if (p !== '*' && !providers.has(p))
          throw new Error(`${file}: gruppen ”${g.name}” nämner vårdgivaren ${p}, som inte finns i providers.json`);
  }
  return parsed.data;
}

/** The roles and providers a membership gives, by its own tenant's part of the mapping only. */
export function grantOf(
  mapping: GroupMapping,
  membership: Pick<Membership, 'tenantId' | 'groups'>,
): { roles: Role[]; providers: string[] } {
  const held = new Set(membership.groups);
  const groups = (mapping.tenants[membership.tenantId]?.groups ?? []).filter((g) => held.has(g.id));
  return { roles: [...new Set(groups.flatMap((g) => g.roles))], providers: [...new Set(groups.flatMap((g) => g.providers))] };
}
