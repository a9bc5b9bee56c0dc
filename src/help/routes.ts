// `hjälp` / `help` and its button; the welcome card and the hint are the same handlers.
import type { Capability, Handler, Route } from '../core/turn.js';
import { helpCard, hint, type HelpDeps } from './help.js';
import { HELP_VERBS } from './verbs.js';

export function helpCapability(deps: HelpDeps): Capability & { welcome: Handler; fallback: Handler } {
  const show = helpCard(deps);
  const routes: Route[] = [
    {
      kind: 'command',
      name: 'help',
      words: ['hjälp', 'help', '?', 'hej', 'hello', 'hi'],
      handler: show,
      help: { command: 'help.cmd.help', description: 'help.desc.help' },
    },
    { kind: 'verb', verb: HELP_VERBS.show, handler: show },
  ];
  return { name: 'help', routes, welcome: show, fallback: hint(deps) };
}
