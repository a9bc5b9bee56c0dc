// How a report's classification reads on every card: the reference data's label, and "vet ej"
// for what the reporter left to the first assessment. One source for the cards that show it.
import type { Locale, T } from '../core/i18n/index.js';
import { labelOf, type Reference } from '../core/refdata.js';
import { receiverKnown, type Report } from './model.js';

/**
 * The receiver as cards name it: the register's name (or short name), or for Annan vårdgivare
 * the name the reporter wrote, marked as not yet in the register.
 */
export function receiverName(
  ref: Pick<Reference, 'provider'>,
  tr: T,
  r: Pick<Report, 'receiver' | 'otherReceiver'>,
  form: 'name' | 'shortName' = 'name',
): string {
  if (!receiverKnown(r)) return tr('receiver.notInRegister', { name: r.otherReceiver ?? '' });
  return ref.provider(r.receiver)?.[form] ?? r.receiver;
}

export function classificationLabels(
  ref: Reference,
  tr: T,
  locale: Locale,
  r: Pick<Report, 'category' | 'cause' | 'consequence' | 'severity' | 'agreement'>,
) {
  const named = (list: Reference['causes'], id: string | undefined) => {
    if (!id) return tr('choice.notKnown');
    return labelOf(list, id, locale);
  };
  return {
    category: named(ref.categories, r.category),
    cause: named(ref.causes, r.cause),
    consequence: r.consequence ? tr(`consequence.${r.consequence}`) : tr('choice.notKnown'),
    severity: r.severity ? tr(`severity.${r.severity as 1 | 2 | 3 | 4}`) : tr('choice.notKnown'),
    /** The agreement or routine the reporter named, if any (optional on the form). */
    agreement: r.agreement ? named(ref.agreements, r.agreement) : undefined,
  };
}
