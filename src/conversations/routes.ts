// `koppla` and `koppla bort`, in team channels, for officers and admins.
import type { CapabilityDeps } from '../deps.js';
import { CHANNEL_STEWARDS } from '../core/roles.js';
import type { Capability } from '../core/turn.js';
import { link, unlink } from './links.js';

export function conversationsCapability(deps: Pick<CapabilityDeps, 'reference' | 'registry'>): Capability {
  return {
    name: 'conversations',
    routes: [
      {
        kind: 'command',
        name: 'unlink',
        words: ['koppla bort', 'unlink'],
        where: 'team',
        requires: CHANNEL_STEWARDS,
        denied: 'link.notAllowed',
        handler: unlink(deps),
        help: { command: 'help.cmd.unlink', description: 'help.desc.unlink' },
      },
      {
        kind: 'command',
        name: 'link',
        words: ['koppla', 'link'],
        where: 'team',
        requires: CHANNEL_STEWARDS,
        denied: 'link.notAllowed',
        handler: link(deps),
        help: { command: 'help.cmd.link', description: 'help.desc.link' },
      },
    ],
  };
}
