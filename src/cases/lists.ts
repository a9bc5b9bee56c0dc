// `ärenden [nya|mina|försenade|steg 2a|prioritet|<vårdgivare>]`: the follow-up team's case
// lists, limited to the cases in the user's scope, a page at a time, each row opening the case.
import { z } from 'zod/v4';
import { todayOf } from '../core/clock.js';
import type { CapabilityDeps } from '../core/deps.js';
import { translator } from '../core/i18n/index.js';
import { findProviders } from '../core/providers.js';
import { newCard, replaceForInteractor, say } from '../core/reply.js';
import { inScope } from '../core/scope.js';
import { fold } from '../core/text.js';
import type { Answer, Handler, Turn } from '../core/turn.js';
import type { CaseCards } from './cards.js';
import type { Case } from './model.js';
import { isOverdue, priority } from './rules/index.js';

const PAGE_SIZE = 8;
const ListRef = z.object({ filter: z.string().max(100).default('alla'), page: z.coerce.number().int().min(1).max(10_000).default(1) });

export interface ListDeps extends Pick<CapabilityDeps, 'stores' | 'reference'> {
  cards: CaseCards;
}

const newestFirst = (a: Case, b: Case) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0);

/** The cases a filter selects among those in scope, with the list's title; or a message. */
export function selectCases(deps: ListDeps, turn: Turn, filterText: string): { title: string; cases: Case[] } | { message: string } {
  const tr = translator(turn.locale);
  const f = fold(filterText);
  const today = todayOf(turn);
  const mine = deps.stores.cases.all().filter((c) => inScope(turn.actor, c.report));
  const step = f.match(/^(?:steg|step) ([0-5][ab]?)$/);
  const open = (c: Case) => c.status !== 'avslutad';
  if (f === 'nya' || f === 'new') return { title: tr('list.title.nya'), cases: mine.filter((c) => c.status === 'ny').sort(newestFirst) };
  if (f === 'mina' || f === 'mine') {
    const acted = (c: Case) => c.events.some((e) => e.actor.userId === turn.actor.userId);
    return {
      title: tr('list.title.mina'),
      cases: mine.filter((c) => turn.actor.providers.includes(c.report.receiver) || acted(c)).sort(newestFirst),
    };
  }
  if (f === 'forsenade' || f === 'overdue')
    return { title: tr('list.title.forsenade'), cases: mine.filter((c) => open(c) && isOverdue(c, today)).sort(newestFirst) };
  if (step)
    return { title: tr('list.title.steg', { step: step[1]! }), cases: mine.filter((c) => open(c) && c.step === step[1]).sort(newestFirst) };
  if (f === 'prioritet' || f === 'priority')
    return { title: tr('list.title.prioritet'), cases: mine.filter(open).sort((a, b) => priority(b) - priority(a) || newestFirst(a, b)) };
  if (!f || f === 'alla' || f === 'all') return { title: tr('list.title.alla'), cases: mine.sort(newestFirst) };
  const providers = findProviders(deps.reference.providers, filterText);
  if (providers.length === 0) return { message: tr('link.noMatch', { query: filterText }) };
  const ids = new Set(providers.map((p) => p.id));
  return {
    title: tr('list.title.provider', { provider: providers.map((p) => p.shortName).join(', ') }),
    cases: mine.filter((c) => ids.has(c.report.receiver)).sort(newestFirst),
  };
}

function listAnswer(
  deps: ListDeps,
  turn: Turn,
  filter: string,
  page: number,
  reply: (card: ReturnType<CaseCards['list']>) => Answer,
): Answer {
  const selected = selectCases(deps, turn, filter);
  if ('message' in selected) return say(selected.message);
  return reply(deps.cards.list(turn.locale, { ...selected, filter: filter || 'alla', page, pageSize: PAGE_SIZE }, todayOf(turn)));
}

/** `ärenden …`: the first page as a new message. */
export function listCommand(deps: ListDeps): Handler {
  return async (turn) => listAnswer(deps, turn, turn.args, 1, newCard);
}

/** A filter or page button: the list in place of the card it was on. */
export function listPage(deps: ListDeps): Handler {
  return async (turn) => {
    const ref = ListRef.safeParse(turn.data);
    if (!ref.success) return say(translator(turn.locale)('action.unknown'));
    return listAnswer(deps, turn, ref.data.filter, ref.data.page, replaceForInteractor);
  };
}
