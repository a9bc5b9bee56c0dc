// What statistics a user may ask for: the county and the delregional areas are published
// aggregates (001_…: statistik per kategori, orsak, riktning och delregion), open to all; a
// single provider's figures only for those who act for it.
import type { Organisations } from '../core/organisations.js';
import { actsFor } from '../core/scope.js';
import type { Actor } from '../core/roles.js';

export function mayReadStatistics(actor: Pick<Actor, 'providers'>, org: string, orgs: Organisations): boolean {
  const level = orgs.get(org)?.level;
  return level === 'county' || level === 'delregion' || actsFor(actor, org);
}
