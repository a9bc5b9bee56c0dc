// The provider assessment (verksamhetsbedömning, 002_…): grön, gul or röd from the provider's
// open cases, or a manual override with a reason. An internal tool: only handläggare,
// teamledare and teamet ever see it.
import { z } from 'zod/v4';
import { isSerious, type Case } from './model.js';

export const Light = z.enum(['gron', 'gul', 'rod']);
export type Light = z.infer<typeof Light>;

export const LightOverride = z.object({
  id: z.string().min(1),
  version: z.number().int().positive(),
  color: Light,
  reason: z.string().min(3).max(1000),
  by: z.string(),
  at: z.iso.datetime(),
});
export type LightOverride = z.infer<typeof LightOverride>;

const serious = (c: Case) => c.assessment === 'allvarlig' || (c.assessment === undefined && isSerious(c.report.severity));
const planFailed = (c: Case) => c.events.some((e) => e.type === 'steg' && e.to === '2b' && e.details?.['outcome'] === 'ej-genomford');

/** röd: a serious open case, or an action plan that did not fix it; gul: any open case; grön: none. */
export function derivedLight(openCases: readonly Case[]): Light {
  if (openCases.some((c) => serious(c) || planFailed(c))) return 'rod';
  if (openCases.length > 0) return 'gul';
  return 'gron';
}

export function providerLight(
  cases: readonly Case[],
  providerId: string,
  override?: LightOverride,
): { color: Light; derived: Light; override?: LightOverride } {
  const open = cases.filter((c) => c.report.receiver === providerId && c.status !== 'avslutad');
  const derived = derivedLight(open);
  return { color: override?.color ?? derived, derived, override };
}
