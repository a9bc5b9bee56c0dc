// The clusters the bot proposes for a joint cause analysis (issue 35.2): read by the overview and
// by the reminder sweep, which tells the follow-up team once when one appears or doubles.
import { addDays } from '../core/clock.js';
import type { CapabilityDeps } from '../deps.js';
import { translator, type Locale } from '../core/i18n/index.js';
import type { Card } from '../core/turn.js';
import { causesOf } from '../answers/lessons.js';
import { CaseQueries } from '../cases/queries.js';
import { subjectLine } from './cards.js';
import { CLUSTER, clusters, type Cluster } from './rules.js';
import { ANALYSIS_VERBS } from './verbs.js';

/** The clusters today: the last CLUSTER.days of reports, cases in no analysis yet. */
export async function proposals(deps: Pick<CapabilityDeps<'analyses' | 'answers' | 'cases'>, 'stores'>, today: string): Promise<Cluster[]> {
  const from = addDays(today, -CLUSTER.days);
  const cases = await CaseQueries.of(deps.stores.cases).reportedIn(from, today);
  const covered = new Set(deps.stores.analyses.all().flatMap((a) => a.caseIds));
  return clusters(
    cases,
    (c) => causesOf(c, deps.stores.answers.get(c.id)),
    (id) => covered.has(id),
    from,
    today,
  );
}

/**
 * Whether a cluster is to be proposed, given the cases earlier proposals of its key named: when
 * CLUSTER.min of its cases were never proposed (the first time; again when it has grown by as
 * many, or when new ones gather after an analysis took the old). A window that only slides on
 * proposes nothing. The id it is recorded by.
 */
export function proposalDue(g: Cluster, proposedBefore: ReadonlySet<string>): string | undefined {
  const fresh = g.cases.filter((c) => !proposedBefore.has(c.id));
  return fresh.length >= CLUSTER.min ? `kluster|${g.key}|${fresh[0]!.id}` : undefined;
}

/** The proposal a team member gets: what the cluster shares, its cases, and the start button. */
export function proposalCard(deps: Pick<CapabilityDeps, 'cards' | 'reference'>, locale: Locale, g: Cluster): Card {
  const tr = translator(locale);
  return deps.cards.render('report', {
    title: tr('analysis.proposal'),
    subtitle: subjectLine(deps.reference, tr, locale, { ...g, count: g.cases.length }),
    buttons: [
      {
        title: tr('analysis.form.start'),
        verb: ANALYSIS_VERBS.start,
        data: { receiver: g.receiver, dimension: g.dimension, value: g.value },
      },
    ],
    sections: [
      { title: tr('analysis.cases'), empty: '', facts: g.cases.map((c) => ({ title: c.number, value: c.createdAt.slice(0, 10) })) },
    ],
    note: tr('analysis.proposalIntro'),
  });
}
