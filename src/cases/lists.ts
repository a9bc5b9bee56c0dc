// `ärenden [nya|mina|försenade|steg 2a|prioritet|<vårdgivare>]`: the follow-up team's case
// lists, limited to the cases in the user's scope, a page at a time, each row opening the case.
import { z } from 'zod/v4';
import { todayOf } from '../core/clock.js';
import type { CapabilityDeps } from '../deps.js';
import { translator } from '../core/i18n/index.js';
import { findProviders } from '../core/providers.js';
import { STEP } from '../core/refdata.js';
import { newCard, replaceForInteractor, say } from '../core/reply.js';
import { inScope } from '../core/scope.js';
import { fold } from '../core/text.js';
import type { Answer, Handler, Turn } from '../core/turn.js';
import { LIST_PAGE_SIZE, type CaseCards } from './cards.js';
import { priority } from './rules/index.js';
import { CaseQueries } from './queries.js';
import { newestFirst, type Case } from './model.js';

const ListRef = z.object({ filter: z.string().max(100).default('alla'), page: z.coerce.number().int().min(1).max(10_000).default(1) });

export interface ListDeps extends Pick<CapabilityDeps<'cases'>, 'stores' | 'reference'> {
  cards: CaseCards;
}

export interface Selection {
  title: string;
  /** The page's cases. */
  cases: Case[];
  /** Whether there is a next page. */
  more: boolean;
  /** How many in all, when counting is cheap (the open cases' filters). */
  total?: number;
}

const paged = (title: string, all: Case[], page: number): Selection => ({
  title,
  cases: all.slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE),
  more: all.length > page * LIST_PAGE_SIZE,
  total: all.length,
});

/**
 * The cases a filter selects among those in scope, a page of them, with the list's title; or a
 * message. The working filters look at the open cases only; "alla" and a provider walk back
 * month by month (queries.ts), so no list costs more in year 30 than in year 1.
 */
export async function selectCases(deps: ListDeps, turn: Turn, filterText: string, page = 1): Promise<Selection | { message: string }> {
  const tr = translator(turn.locale);
  const f = fold(filterText);
  const today = todayOf(turn);
  const q = CaseQueries.of(deps.stores.cases);
  const scoped = (c: Case) => inScope(turn.actor, c.report);
  const open = () => q.openCases().filter(scoped);
  const step = f.match(new RegExp(`^(?:steg|step) (${STEP})$`));
  if (f === 'nya' || f === 'new')
    return paged(
      tr('list.title.nya'),
      open()
        .filter((c) => c.status === 'ny')
        .sort(newestFirst),
      page,
    );
  if (f === 'mina' || f === 'mine') {
    const acted = (c: Case) => c.events.some((e) => e.actor.userId === turn.actor.userId);
    const mine = open().filter((c) => turn.actor.providers.includes(c.report.receiver) || acted(c));
    return paged(tr('list.title.mina'), mine.sort(newestFirst), page);
  }
  if (f === 'forsenade' || f === 'overdue')
    return paged(tr('list.title.forsenade'), q.overdue(today).filter(scoped).sort(newestFirst), page);
  if (step)
    return paged(
      tr('list.title.steg', { step: step[1]! }),
      open()
        .filter((c) => c.step === step[1])
        .sort(newestFirst),
      page,
    );
  // Motivated and prioritised A–E, not handed over: waiting for deep follow-up (002_… kapitel 3).
  if (f === 'vantelista' || f === 'waiting list')
    return paged(
      tr('list.title.vantelista'),
      open()
        .filter((c) => c.track === 'lopande' && c.grades)
        .sort((a, b) => priority(b) - priority(a) || newestFirst(a, b)),
      page,
    );
  if (f === 'prioritet' || f === 'priority')
    return paged(
      tr('list.title.prioritet'),
      open().sort((a, b) => priority(b) - priority(a) || newestFirst(a, b)),
      page,
    );
  const walk = async (title: string, keep: (c: Case) => boolean, atMost = Infinity): Promise<Selection> => ({
    title,
    ...(await q.newestPage(keep, page, LIST_PAGE_SIZE, q.firstMonth(), today, atMost)),
  });
  if (!f || f === 'alla' || f === 'all') return walk(tr('list.title.alla'), scoped);
  const providers = findProviders(deps.reference.providers, filterText);
  if (providers.length === 0) return { message: tr('link.noMatch', { query: filterText }) };
  const ids = new Set(providers.map((p) => p.id));
  return walk(
    tr('list.title.provider', { provider: providers.map((p) => p.shortName).join(', ') }),
    (c) => scoped(c) && ids.has(c.report.receiver),
    // No more than they received: a provider with few cases does not walk back through every old month.
    [...ids].reduce((n, id) => n + q.receivedBy(id), 0),
  );
}

async function listAnswer(
  deps: ListDeps,
  turn: Turn,
  filter: string,
  page: number,
  reply: (card: ReturnType<CaseCards['list']>) => Answer,
): Promise<Answer> {
  const selected = await selectCases(deps, turn, filter, page);
  if ('message' in selected) return say(selected.message);
  return reply(deps.cards.list(turn.locale, { ...selected, filter: filter || 'alla', page }, todayOf(turn)));
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
