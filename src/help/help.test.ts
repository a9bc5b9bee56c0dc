import { beforeAll, describe, expect, it } from 'vitest';
import { turnOf, unitDeps, shown, type UnitDeps } from '../../test/support/unit.js';
import type { Route } from '../core/turn.js';
import { commandsFor, helpCard, hint } from './help.js';

const noop = async () => ({});
const ROUTES: Route[] = [
  {
    kind: 'command',
    name: 'report',
    words: ['ny avvikelse'],
    where: 'personal',
    handler: noop,
    help: { command: 'help.cmd.report', description: 'help.desc.report' },
  },
  {
    kind: 'command',
    name: 'cases',
    words: ['ärenden'],
    requires: ['handlaggare'],
    handler: noop,
    help: { command: 'help.cmd.cases', description: 'help.desc.cases' },
  },
  {
    kind: 'command',
    name: 'link',
    words: ['koppla'],
    where: 'team',
    requires: ['handlaggare'],
    handler: noop,
    help: { command: 'help.cmd.link', description: 'help.desc.link' },
  },
];

let deps: UnitDeps;
beforeAll(async () => {
  deps = await unitDeps();
});

describe('help lists what the user may do here', () => {
  it('names the roles a user holds with "och", not as alternatives', async () => {
    const card = JSON.stringify(
      (await helpCard({ cards: deps.cards, routes: () => ROUTES })(turnOf(deps, { roles: ['handlaggare'] }))).reply,
    );
    expect(card).toContain('medarbetare och handläggare');
    expect(card).not.toContain('medarbetare eller handläggare');
  });

  const names = (roles: Parameters<typeof turnOf>[1]) => commandsFor(ROUTES, turnOf(deps, roles)).map((r) => r.name);

  it('by role and kind of conversation, from the routes’ own guards', () => {
    expect(names({})).toEqual(['report']);
    expect(names({ roles: ['handlaggare'] })).toEqual(['report', 'cases']);
    expect(names({ roles: ['handlaggare'], kind: 'channel' })).toEqual(['cases', 'link']);
    expect(names({ kind: 'channel' })).toEqual([]);
  });

  it('renders the help card with the user’s roles, and in a channel says to @mention the bot', async () => {
    const help = helpCard({ cards: deps.cards, routes: () => ROUTES });
    const personal = shown(await help(turnOf(deps, { roles: ['handlaggare'] })));
    expect(personal).toContain('ny avvikelse');
    expect(personal).toContain('handläggare');
    expect(personal).not.toContain('@-nämner');
    const channel = shown(await help(turnOf(deps, { kind: 'channel' })));
    expect(channel).toContain('@-nämner');
    expect(channel).not.toContain('ny avvikelse');
  });

  it('answers each role, kind of conversation and language with its own card, from one handler in any order', async () => {
    const help = helpCard({ cards: deps.cards, routes: () => ROUTES });
    const ask = async (o: Parameters<typeof turnOf>[1]) => shown(await help(turnOf(deps, o)));
    for (let round = 0; round < 2; round++) {
      expect(await ask({})).not.toContain('ärenden');
      expect(await ask({ roles: ['handlaggare'] })).toContain('ärenden');
      expect(await ask({ roles: ['handlaggare'], kind: 'channel' })).toContain('koppla');
      expect(await ask({ roles: ['handlaggare'], kind: 'groupChat' })).not.toContain('ny avvikelse');
      expect(await ask({ roles: ['handlaggare'], locale: 'en' })).toContain('cases [new');
      expect(await ask({ roles: ['handlaggare'], locale: 'sv' })).not.toContain('cases [new');
    }
  });

  it('answers text nobody understood with a hint and buttons, never silence', async () => {
    const answer = shown(await hint({ cards: deps.cards, routes: () => ROUTES })(turnOf(deps)));
    expect(answer).toContain('förstod inte');
    expect(answer).toContain('avvikelse.ny');
  });
});
