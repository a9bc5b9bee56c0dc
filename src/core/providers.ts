// Finding a care provider by what people type: "Borås", "boras", "NU-sjukvården", "sahlgrenska".
import { fold } from './text.js';
import type { Provider } from './refdata.js';
import { translator, type MessageKey, type T } from './i18n/index.js';
import { WHOLE_COUNTY } from './scope.js';
import { say } from './reply.js';
import type { Answer, Turn } from './turn.js';

/** The providers a user acts for, as a sentence names them ("Borås, Mölndal"; the county's '*'). */
export function providerNames(ids: readonly string[], ref: { provider(id: string): Provider | undefined }, tr: T): string {
  return ids.map((id) => (id === WHOLE_COUNTY ? tr('scope.county') : (ref.provider(id)?.shortName ?? id))).join(', ') || '–';
}

/**
 * A provider's id and names folded once per provider record (reference data: a register import
 * brings new records), not on every `vårdgivare` (it showed in that command's CPU profile).
 */
const folded = new WeakMap<Provider, readonly string[]>();
function foldedNames(p: Provider): readonly string[] {
  let names = folded.get(p);
  if (!names) folded.set(p, (names = [p.id, p.name, p.shortName].map(fold)));
  return names;
}

export function findProviders(providers: readonly Provider[], query: string): Provider[] {
  const q = fold(query);
  if (!q) return [];
  const exact = providers.filter((p) => foldedNames(p).includes(q));
  if (exact.length) return exact;
  return providers.filter((p) => foldedNames(p).some((s) => s.includes(q)));
}

/**
 * The one provider a command's arguments name, or the answer that says why there is none:
 * how to use the command (no arguments), no match, or which of several were meant.
 */
export function oneProvider(providers: readonly Provider[], turn: Turn, usage: MessageKey): Provider | Answer {
  const tr = translator(turn.locale);
  if (!turn.args) return say(tr(usage));
  const matches = findProviders(providers, turn.args);
  if (matches.length === 0) return say(tr('link.noMatch', { query: turn.args }));
  if (matches.length > 1)
    return say(
      tr('link.ambiguous', {
        names: matches
          .slice(0, 8)
          .map((p) => p.shortName)
          .join(', '),
      }),
    );
  return matches[0]!;
}
