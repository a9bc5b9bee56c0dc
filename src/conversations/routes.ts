// `koppla` and `koppla bort`, in team channels, for officers and admins.
import type { CapabilityDeps } from '../core/deps.js';
import type { Role } from '../core/roles.js';
import type { Capability } from '../core/turn.js';
import { link, unlink } from './links.js';

const LINKERS: Role[] = ['handlaggare', 'teamledare', 'admin'];

export function conversationsCapability(deps: CapabilityDeps): Capability {
  return {
    name: 'conversations',
    routes: [
      {
        kind: 'command',
        name: 'unlink',
        words: ['koppla bort', 'unlink'],
        where: 'team',
        requires: LINKERS,
        denied: 'link.notAllowed',
        handler: unlink(deps),
      },
      {
        kind: 'command',
        name: 'link',
        words: ['koppla', 'link'],
        where: 'team',
        requires: LINKERS,
        denied: 'link.notAllowed',
        handler: link(deps),
        help: { command: 'help.cmd.link', description: 'help.desc.link' },
      },
    ],
  };
}
