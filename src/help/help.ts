// Welcome on install, `hjälp`/`help`, and the hint for text nobody understood: what the bot can
// do here for this user. The help card lists the commands whose guards the user passes here,
// from the routes themselves, so help never offers what would be refused.
import type { CapabilityDeps } from '../deps.js';
import { checkPlaceAndRoles } from '../core/guards.js';
import { translator } from '../core/i18n/index.js';
import { newCard } from '../core/reply.js';
import { roleList } from '../core/roles.js';
import type { Card, CommandRoute, Handler, Route, Turn } from '../core/turn.js';
import { REPORTING_VERBS } from '../reporting/verbs.js';
import { HELP_VERBS } from './verbs.js';

export interface HelpDeps extends Pick<CapabilityDeps, 'cards'> {
  /** Every route of the bot (the help card lists the commands among them). */
  routes: () => readonly Route[];
}

const personal = (turn: Turn) => turn.place.kind === 'personal';

/** The buttons under help and the hint: reporting in a personal chat, help in a channel. */
function buttons(turn: Turn) {
  const tr = translator(turn.locale);
  return personal(turn)
    ? [
        { title: tr('help.button.report'), verb: REPORTING_VERBS.form, data: {} },
        { title: tr('help.button.myReports'), verb: REPORTING_VERBS.mine, data: {} },
      ]
    : [{ title: tr('help.button.help'), verb: HELP_VERBS.show, data: {} }];
}

/** The commands this user may use here, in the order the capabilities offer them. */
export function commandsFor(routes: readonly Route[], turn: Turn): CommandRoute[] {
  return routes.filter((r): r is CommandRoute => r.kind === 'command' && !checkPlaceAndRoles(r, turn));
}

/**
 * The help card depends on the language, the kind of conversation and the roles (the guards of
 * a command route look at nothing else), so each combination is built once: help is the
 * commonest turn, and building it cost more than botbuilder's part of the turn.
 */
export function helpCard(deps: HelpDeps): Handler {
  // Two languages × three kinds of conversation × the role sets in use: a handful of entries.
  const built = new Map<string, Card>();
  const build = (turn: Turn): Card => {
    const tr = translator(turn.locale);
    return deps.cards.render('help', {
      title: tr('help.title'),
      intro: tr(personal(turn) ? 'help.intro.personal' : 'help.intro.channel'),
      commands: commandsFor(deps.routes(), turn).map((r) => ({ command: tr(r.help.command), description: tr(r.help.description) })),
      rolesLine: tr('help.roles', { roles: roleList(turn.actor.roles, tr, 'and') }),
      languageLine: tr('help.language'),
      privacy: tr('help.privacy'),
      channelNote: personal(turn) ? '' : tr('help.mentionNote'),
      buttons: buttons(turn),
    });
  };
  return async (turn) => {
    const key = `${turn.locale}\u0000${turn.place.kind}\u0000${[...turn.actor.roles].sort().join(',')}`;
    let card = built.get(key);
    if (!card) built.set(key, (card = build(turn)));
    return newCard(card);
  };
}

export function hint(deps: HelpDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const hintButtons = [{ title: tr('help.button.help'), verb: HELP_VERBS.show, data: {} }, ...(personal(turn) ? buttons(turn) : [])];
    return newCard(deps.cards.render('hint', { text: tr('hint.unknown'), buttons: hintButtons }));
  };
}
