// `koppla <vårdgivare>` in a team channel: new cases for that provider are posted there
// (routing is configuration kept with the conversation reference); `koppla bort` stops it.
import type { CapabilityDeps } from '../deps.js';
import { translator } from '../core/i18n/index.js';
import { oneProvider } from '../core/providers.js';
import { say } from '../core/reply.js';
import { actsFor } from '../core/scope.js';
import type { Handler } from '../core/turn.js';

type LinkDeps = Pick<CapabilityDeps, 'reference' | 'registry'>;

export function link(deps: LinkDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const provider = oneProvider(deps.reference.providers, turn, 'link.usage');
    if (!('id' in provider)) return provider;
    // A channel gets a provider's cases only from someone who acts for that provider.
    if (!actsFor(turn.actor, provider.id) && !turn.actor.roles.includes('admin'))
      return say(tr('link.outsideScope', { provider: provider.name }));
    await deps.registry.bindProvider(turn.place.key, provider.id, turn.now);
    return say(tr('link.done', { provider: provider.name }));
  };
}

export function unlink(deps: LinkDeps): Handler {
  return async (turn) => {
    await deps.registry.bindProvider(turn.place.key, undefined, turn.now);
    return say(translator(turn.locale)('link.removed'));
  };
}
