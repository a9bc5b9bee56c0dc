// Welcome on install, `hjälp`/`help`, and the hint for text nobody understood: what the bot
// can do here (personal chat or channel) for this user's role.
import type { CapabilityDeps } from '../core/deps.js';
import { translator, type MessageKey } from '../core/i18n/index.js';
import { hasRole } from '../core/roles.js';
import type { Answer, Capability, Handler, Turn } from '../core/turn.js';

export const HELP_VERB = 'hjalp.visa';
export const REPORT_FORM_VERB = 'avvikelse.ny';
export const MY_REPORTS_VERB = 'avvikelse.mina';

interface HelpEntry {
  command: MessageKey;
  description: MessageKey;
  show: (turn: Turn) => boolean;
}

const personal = (turn: Turn) => turn.place.kind === 'personal';
const channel = (turn: Turn) => turn.place.kind !== 'personal';

const ENTRIES: HelpEntry[] = [
  { command: 'help.cmd.report', description: 'help.desc.report', show: personal },
  { command: 'help.cmd.myReports', description: 'help.desc.myReports', show: personal },
  { command: 'help.cmd.cases', description: 'help.desc.cases', show: (t) => hasRole(t.actor, 'handlaggare', 'teamledare', 'teamet') },
  { command: 'help.cmd.provider', description: 'help.desc.provider', show: (t) => hasRole(t.actor, 'handlaggare', 'teamledare', 'teamet') },
  { command: 'help.cmd.reminders', description: 'help.desc.reminders', show: (t) => hasRole(t.actor, 'handlaggare', 'teamledare') },
  { command: 'help.cmd.indicator', description: 'help.desc.indicator', show: () => true },
  { command: 'help.cmd.organisation', description: 'help.desc.organisation', show: channel },
  { command: 'help.cmd.statistics', description: 'help.desc.statistics', show: () => true },
  { command: 'help.cmd.link', description: 'help.desc.link', show: (t) => channel(t) && hasRole(t.actor, 'handlaggare', 'teamledare', 'admin') },
  { command: 'help.cmd.roles', description: 'help.desc.roles', show: () => true },
  { command: 'help.cmd.grant', description: 'help.desc.grant', show: (t) => hasRole(t.actor, 'admin') },
  { command: 'help.cmd.help', description: 'help.desc.help', show: () => true },
];

export function helpCapability(deps: CapabilityDeps): Capability & { welcome: Handler; fallback: Handler } {
  const buttons = (turn: Turn) => {
    const tr = translator(turn.locale);
    return personal(turn)
      ? [
          { title: tr('help.button.report'), verb: REPORT_FORM_VERB },
          { title: tr('help.button.myReports'), verb: MY_REPORTS_VERB },
        ]
      : [{ title: tr('help.button.help'), verb: HELP_VERB }];
  };

  const help: Handler = async (turn) => {
    const tr = translator(turn.locale);
    const roles = turn.actor.roles.map((r) => tr(`role.${r}` as MessageKey)).join(', ');
    const card = deps.cards.render('help', {
      title: tr('help.title'),
      intro: tr(personal(turn) ? 'help.intro.personal' : 'help.intro.channel'),
      commands: ENTRIES.filter((e) => e.show(turn)).map((e) => ({ command: tr(e.command), description: tr(e.description) })),
      rolesLine: tr('help.roles', { roles }),
      privacy: tr('help.privacy'),
      buttons: buttons(turn),
    });
    return { send: [{ card }] } satisfies Answer;
  };

  const fallback: Handler = async (turn) => {
    const tr = translator(turn.locale);
    const hintButtons = [{ title: tr('help.button.help'), verb: HELP_VERB }, ...(personal(turn) ? buttons(turn) : [])];
    return { send: [{ card: deps.cards.render('hint', { text: tr('hint.unknown'), buttons: hintButtons }) }] };
  };

  return {
    name: 'help',
    routes: [
      { kind: 'command', name: 'help', words: ['hjälp', 'help', '?', 'hej', 'hello', 'hi'], handler: help },
      { kind: 'verb', verb: HELP_VERB, handler: help },
    ],
    welcome: help,
    fallback,
  };
}
