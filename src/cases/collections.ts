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
};

export const LIGHTS: CollectionSpec<LightOverride> = { name: 'lights', schema: LightOverride, partition: () => 'all' };
