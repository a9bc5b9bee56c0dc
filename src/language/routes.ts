// `språk` / `language`: the language the bot answers this user in.
import type { CapabilityDeps } from '../deps.js';
import type { Capability } from '../core/turn.js';
import { chooseLanguage } from './language.js';

export function languageCapability(deps: Pick<CapabilityDeps, 'profiles'>): Capability {
  return {
    name: 'language',
    routes: [
      {
        kind: 'command',
        name: 'language',
        words: ['språk', 'language', 'sprak'],
        handler: chooseLanguage(deps),
        help: { command: 'help.cmd.language', description: 'help.desc.language' },
      },
    ],
  };
}
