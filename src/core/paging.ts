// A list card shows one page: Teams refuses a message over about 28 KB (TEAMS_MESSAGE_BYTES in
// src/teams/replies.ts), so a list that can grow (a receiver's open cases, the indicator
// catalogue) is cut into pages with buttons that run the same verb for the next or previous one.
import { z } from 'zod/v4';
import type { T } from './i18n/index.js';

/** The page a card's button asks for: a bad or missing one is the first. */
export const PageNumber = z.coerce.number().int().min(1).max(10_000).catch(1);

export interface Page<V> {
  items: V[];
  page: number;
  /** Whether a next page exists. */
  more: boolean;
  /** How many there are in all, when the list knows (a walk back through months does not). */
  total?: number;
}

/** One page of a list held in full; a page past the end shows the last. */
export function pageOf<V>(all: readonly V[], page: number, size: number): Page<V> {
  const last = Math.max(1, Math.ceil(all.length / size));
  const p = Math.min(Math.max(1, page), last);
  return { items: all.slice((p - 1) * size, p * size), page: p, more: p < last, total: all.length };
}

export interface PageButton {
  title: string;
  verb: string;
  data: Record<string, string>;
}

/**
 * The page line and the previous and next buttons of a list card: the same verb with the same
 * data, another page. Nothing when everything fits on one page.
 */
export function pager(
  tr: T,
  p: Pick<Page<unknown>, 'page' | 'more' | 'total'>,
  size: number,
  verb: string,
  data: Record<string, string> = {},
): { pageLine: string; pageButtons: PageButton[] } {
  if (p.page === 1 && !p.more) return { pageLine: '', pageButtons: [] };
  const button = (title: string, page: number) => ({ title, verb, data: { ...data, page: String(page) } });
  return {
    pageLine:
      p.total === undefined
        ? tr('list.pageOf', { page: p.page })
        : tr('list.pageOfPages', { page: p.page, pages: Math.max(1, Math.ceil(p.total / size)), count: p.total }),
    pageButtons: [
      ...(p.page > 1 ? [button(tr('list.previous'), p.page - 1)] : []),
      ...(p.more ? [button(tr('list.next'), p.page + 1)] : []),
    ],
  };
}
