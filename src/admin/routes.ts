// `roller`, `ge roll`, `ta roll`, `importera vårdgivare`.
import type { CapabilityDeps, Collection } from '../deps.js';
import type { Capability } from '../core/turn.js';
import { importRegister } from './register.js';
import { changeRoles, myRoles } from './roles.js';

/** The register as pasted below the command: a few hundred rows (Teams refuses a message over about 28 KB). */
const REGISTER_MAX = 60_000;

/** The collections administration writes: roles given in the chat, the imported provider register. */
export const ADMIN_STORES = ['grants', 'register'] as const satisfies readonly Collection[];

export function adminCapability(deps: CapabilityDeps<(typeof ADMIN_STORES)[number]>): Capability {
  return {
    name: 'admin',
    routes: [
      {
        kind: 'command',
        name: 'roles',
        words: ['roller', 'roles', 'min roll', 'my roles'],
        handler: myRoles(deps),
        help: { command: 'help.cmd.roles', description: 'help.desc.roles' },
      },
      {
        kind: 'command',
        name: 'grant',
        words: ['ge roll', 'grant role'],
        requires: ['admin'],
        denied: 'roles.notAdmin',
        handler: changeRoles(deps, 'grant'),
        help: { command: 'help.cmd.grant', description: 'help.desc.grant' },
      },
      {
        kind: 'command',
        name: 'revoke',
        words: ['ta roll', 'revoke role'],
        requires: ['admin'],
        denied: 'roles.notAdmin',
        handler: changeRoles(deps, 'revoke'),
        help: { command: 'help.cmd.revoke', description: 'help.desc.revoke' },
      },
      {
        kind: 'command',
        name: 'register-import',
        words: ['importera vårdgivare', 'import providers'],
        requires: ['admin'],
        denied: 'register.notAdmin',
        maxArgs: REGISTER_MAX,
        handler: importRegister(deps),
        help: { command: 'help.cmd.registerImport', description: 'help.desc.registerImport' },
      },
    ],
  };
}
