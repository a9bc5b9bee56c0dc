// Organisation scope: which cases a user sees and acts on. A case concerns two organisations,
// the receiving provider and the reporting unit; a user acts for the providers the roles file
// lists for them. '*' (written out in the roles file, never implied) is the whole county.
// Every list, card, action, summary, export, traffic light and notification asks here.
import type { Actor } from './roles.js';

export const WHOLE_COUNTY = '*';

/** The two sides of a case, as its report names them. */
export interface Sides {
  receiver: string;
  reporterUnit: string;
}

/** True when the user acts for the whole county (an explicit '*'). */
export const actsForCounty = (actor: Pick<Actor, 'providers'>): boolean => actor.providers.includes(WHOLE_COUNTY);

/** True when the user acts for one of the case's two organisations (or the whole county). */
export function inScope(actor: Pick<Actor, 'providers'>, sides: Sides): boolean {
  return actsForCounty(actor) || actor.providers.includes(sides.receiver) || actor.providers.includes(sides.reporterUnit);
}

/** True when the user acts for this provider (or the whole county). */
export function actsFor(actor: Pick<Actor, 'providers'>, providerId: string): boolean {
  return actsForCounty(actor) || actor.providers.includes(providerId);
}
