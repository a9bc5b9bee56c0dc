// The collections case handling owns: the cases themselves and the manual traffic-light
// overrides per provider.
import type { CollectionSpec } from '../store/contract.js';
import { Case, CASE_MIGRATIONS } from './model.js';
import { LightOverride } from './traffic.js';

// ~200 cases a month at VGR volume: a submit rewrites one month, not ten years.
export const CASES: CollectionSpec<Case> = {
  name: 'cases',
  schema: Case,
  partition: (c) => c.createdAt.slice(0, 7),
  version: 2,
  migrations: CASE_MIGRATIONS,
  // One case per form (a report linked to a case keeps its form id there) and per number.
  unique: (c) => [`form:${c.formId}`, ...c.linked.map((l) => `form:${l.formId}`), `number:${c.number}`],
};

export const LIGHTS: CollectionSpec<LightOverride> = { name: 'lights', schema: LightOverride, partition: () => 'all' };
