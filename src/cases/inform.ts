// Who is told of a measure strategy (step 3) and of a handover to deep follow-up, besides the
// reporter: the roles ladder.json names (a local setting, e.g. teamledare), among the users
// who act for one of the case's providers, and the channels linked to those providers.
// 002_…: "information till chefer och politiska företrädare"; "presidiet informeras".
import type { CapabilityDeps } from '../deps.js';
import { translator, type MessageKey } from '../core/i18n/index.js';
import { inScope } from '../core/scope.js';
import type { Notification } from '../core/turn.js';
import type { CaseCards } from './cards.js';
import type { Case, CaseEvent } from './model.js';
import type { Inform } from './rules/index.js';

export type InformDeps = Pick<CapabilityDeps, 'reference' | 'directory' | 'registry'> & { cards: CaseCards };

const TITLE: Record<Inform, MessageKey> = { strategy: 'inform.strategy.title', handover: 'inform.handover.title' };

/** The text of what was decided: the strategy's three parts, or the handover's decision. */
function what(kind: Inform, e: CaseEvent): string {
  const tr = translator('sv');
  const d = (e.details ?? {}) as Record<string, string | undefined>;
  if (kind === 'strategy') {
    return [
      `${tr('inform.purpose')}: ${d['purpose'] ?? ''}`,
      `${tr('inform.strategy')}: ${d['strategy'] ?? ''}`,
      `${tr('inform.plannedMeasures')}: ${d['plannedMeasures'] ?? ''}`,
    ].join('\n\n');
  }
  return tr('inform.handover.text', { date: d['decisionDate'] ?? '', comment: e.comment ?? '' });
}

export function informed(deps: InformDeps, kind: Inform, c: Case, e: CaseEvent): Notification[] {
  const roles = kind === 'strategy' ? deps.reference.ladder.strategy.informs : deps.reference.ladder.handover.informs;
  const users = [...new Set(roles.flatMap((r) => deps.directory.usersWith(r)))].filter((u) =>
    inScope(deps.directory.actor(u, ''), c.report),
  );
  const tr = translator('sv');
  const card = deps.cards.message('sv', tr(TITLE[kind], { number: c.number }), what(kind, e));
  const channels = [...new Set([c.report.receiver, c.report.reporterUnit])].flatMap((p) => deps.registry.channelsFor(p));
  return [
    ...users.map((userId): Notification => ({ to: { kind: 'user', userId }, message: { card } })),
    ...channels.map((ch): Notification => ({ to: { kind: 'conversation', key: ch.id }, message: { card } })),
  ];
}
