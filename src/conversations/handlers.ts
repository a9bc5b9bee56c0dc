// `koppla <vårdgivare>` in a team channel: new cases for that provider are posted there
// (routing is configuration kept with the conversation reference).
import type { CapabilityDeps } from '../core/deps.js';
import { translator } from '../core/i18n/index.js';
import { findProviders } from '../core/providers.js';
import { hasRole } from '../core/roles.js';
import type { Capability, Handler } from '../core/turn.js';

export function conversationsCapability(deps: CapabilityDeps): Capability {
  const reply = (text: string) => ({ send: [{ text }] });

  const link: Handler = async (turn) => {
    const tr = translator(turn.locale);
    if (turn.place.kind !== 'channel') return reply(tr('link.onlyChannel'));
    if (!hasRole(turn.actor, 'handlaggare', 'teamledare', 'admin')) return reply(tr('link.notAllowed'));
    if (!turn.args) return reply(tr('link.usage'));
    const matches = findProviders(deps.reference.providers, turn.args);
    if (matches.length === 0) return reply(tr('link.noMatch', { query: turn.args }));
    if (matches.length > 1) return reply(tr('link.ambiguous', { names: matches.slice(0, 8).map((p) => p.shortName).join(', ') }));
    const provider = matches[0]!;
    await deps.registry.bindProvider(turn.place.key, provider.id, turn.now);
    return reply(tr('link.done', { provider: provider.name }));
  };

  const unlink: Handler = async (turn) => {
    const tr = translator(turn.locale);
    if (turn.place.kind !== 'channel' || !hasRole(turn.actor, 'handlaggare', 'teamledare', 'admin')) return reply(tr('link.notAllowed'));
    await deps.registry.bindProvider(turn.place.key, undefined, turn.now);
    return reply(tr('link.removed'));
  };

  return {
    name: 'conversations',
    routes: [
      { kind: 'command', name: 'unlink', words: ['koppla bort', 'unlink'], handler: unlink },
      { kind: 'command', name: 'link', words: ['koppla', 'link'], handler: link },
    ],
  };
}
