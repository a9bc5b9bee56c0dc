// The analysis as cards: the whole analysis for a participant (its steps and the buttons the
// viewer's part allows), the short card the channel gets (no free text in it: who reads a
// channel is the team's membership, so the content opens per participant), and the overview of
// proposed clusters and one's analyses.
import type { CapabilityDeps } from '../deps.js';
import { formatDate } from '../core/format.js';
import type { Locale, T } from '../core/i18n/index.js';
import { labelOf, type Reference } from '../core/refdata.js';
import type { Actor } from '../core/roles.js';
import type { Card } from '../core/turn.js';
import { shareable } from '../answers/lessons.js';
import type { Analysis } from './model.js';
import { answersFor, partOf, type Cluster } from './rules.js';
import { ANALYSIS_VERBS } from './verbs.js';

type CardDeps = Pick<CapabilityDeps, 'cards' | 'reference'>;
/** Teams shows at most six buttons on a card. */
const BUTTONS = 6;

const providerName = (ref: Pick<Reference, 'provider'>, id: string) => ref.provider(id)?.name ?? id;

/** What the analysis or cluster is about: a case's number, or the cluster's receiver, what it shares and its period. */
export function subjectLine(
  ref: Pick<Reference, 'provider' | 'categories' | 'causes'>,
  tr: T,
  locale: Locale,
  s: { dimension: 'category' | 'cause'; value: string; from: string; to: string; receiver: string; count: number } | { number: string },
): string {
  if ('number' in s) return tr('analysis.ofCase', { number: s.number });
  const what = labelOf(s.dimension === 'category' ? ref.categories : ref.causes, s.value, locale);
  return tr('analysis.ofCluster', {
    count: s.count,
    receiver: providerName(ref, s.receiver),
    what,
    from: formatDate(s.from, locale),
    to: formatDate(s.to, locale),
  });
}

const about = (deps: CardDeps, tr: T, locale: Locale, a: Analysis, numbers: readonly string[]) =>
  a.subject.kind === 'case'
    ? subjectLine(deps.reference, tr, locale, { number: numbers[0] ?? '' })
    : subjectLine(deps.reference, tr, locale, { ...a.subject, receiver: a.receiver, count: a.caseIds.length });

/** The buttons the viewer's part allows: the steps while it runs, then effects and lärdomar. */
function buttons(tr: T, viewer: Actor, a: Analysis, today: string, shared: (measureId: string) => boolean) {
  const ref = { analysisId: a.id };
  const form = (title: string, name: string, extra: Record<string, string> = {}) => ({
    title,
    verb: ANALYSIS_VERBS.form,
    data: { ...ref, form: name, ...extra },
  });
  const part = partOf(viewer, a);
  const out = [];
  if (a.status === 'pagar' && part) {
    out.push(form(tr('analysis.button.event'), 'event'), form(tr('analysis.button.factor'), 'factor'));
    out.push(form(tr('analysis.button.measure'), 'measure'));
    if (part === 'team') out.push(form(tr('analysis.button.conclusion'), 'conclusion'));
  }
  for (const m of a.measures)
    if (!m.effect && m.due <= today && answersFor(viewer, a, m.owner))
      out.push(form(tr('answer.button.effect', { measure: m.text.slice(0, 40) }), 'effect', { measureId: m.id }));
  if (part === 'team')
    for (const m of shareable(a.measures, shared))
      out.push(form(tr('lesson.button', { measure: m.text.slice(0, 40) }), 'lesson', { measureId: m.id }));
  return out.slice(0, BUTTONS);
}

/** The whole analysis, for a participant. */
export function analysisView(
  deps: CardDeps,
  locale: Locale,
  tr: T,
  view: { viewer: Actor; a: Analysis; numbers: readonly string[]; today: string; shared: (measureId: string) => boolean; notice?: string },
): Card {
  const { a } = view;
  const owner = (o: string) => tr(`answer.owner.${o as 'chef'}`);
  const effect = (m: Analysis['measures'][number]) =>
    m.effect ? ` · ${tr('analysis.effect', { result: tr(`answer.effect.${m.effect.result}`), comment: m.effect.comment })}` : '';
  return deps.cards.render('report', {
    title: tr('analysis.title', { id: a.id }),
    subtitle: [view.notice, about(deps, tr, locale, a, view.numbers), tr(`analysis.status.${a.status}`)].filter(Boolean).join(' · '),
    buttons: buttons(tr, view.viewer, a, view.today, view.shared),
    sections: [
      {
        title: tr('analysis.section.about'),
        empty: '',
        facts: [
          { title: tr('fact.to'), value: providerName(deps.reference, a.receiver) },
          { title: tr('analysis.reporting'), value: a.reporterUnits.map((u) => providerName(deps.reference, u)).join(', ') },
          { title: tr('analysis.cases'), value: view.numbers.join(', ') },
          { title: tr('analysis.startedBy'), value: `${a.startedBy.name} · ${formatDate(a.startedAt.slice(0, 10), locale)}` },
        ],
      },
      {
        title: tr('analysis.section.timeline'),
        empty: tr('analysis.empty.timeline'),
        facts: a.timeline.map((e) => ({ title: formatDate(e.date, locale), value: `${e.text} (${e.by.name})` })),
      },
      {
        title: tr('analysis.section.factors'),
        empty: tr('analysis.empty.factors'),
        facts: a.factors.map((f) => ({
          title: `${labelOf(deps.reference.causes, f.cause, locale)} · ${tr(`analysis.kind.${f.kind}`)}`,
          value: f.text,
        })),
      },
      {
        title: tr('analysis.section.measures'),
        empty: tr('analysis.empty.measures'),
        facts: a.measures.map((m) => ({ title: m.text, value: `${owner(m.owner)} · ${formatDate(m.due, locale)}${effect(m)}` })),
      },
      ...(a.conclusion
        ? [{ title: tr('analysis.section.conclusion'), empty: '', facts: [{ title: a.conclusion.by.name, value: a.conclusion.text }] }]
        : []),
    ],
    note: tr('analysis.note'),
  });
}

/** What the channel and the participants' chats get: that it runs and where to open it, no free text. */
export function noticeCard(deps: CardDeps, locale: Locale, tr: T, a: Analysis, numbers: readonly string[], headline: string): Card {
  return deps.cards.render('report', {
    title: headline,
    subtitle: about(deps, tr, locale, a, numbers),
    buttons: [{ title: tr('analysis.open'), verb: ANALYSIS_VERBS.show, data: { analysisId: a.id } }],
    sections: [
      {
        title: '',
        empty: '',
        facts: [
          { title: tr('fact.to'), value: providerName(deps.reference, a.receiver) },
          { title: tr('fact.category'), value: labelOf(deps.reference.categories, a.category, locale) },
          {
            title: tr('analysis.progress'),
            value: tr('analysis.counts', { events: a.timeline.length, factors: a.factors.length, measures: a.measures.length }),
          },
        ],
      },
    ],
    note: tr('analysis.openNote'),
  });
}

/** `händelseanalys`: the clusters proposed (for the team) and the analyses one takes part in. */
export function overviewCard(
  deps: CardDeps,
  locale: Locale,
  tr: T,
  view: { proposals: readonly Cluster[]; analyses: readonly Analysis[]; team: boolean },
): Card {
  const proposals = view.proposals.slice(0, 3);
  const analyses = view.analyses.slice(0, BUTTONS - proposals.length);
  return deps.cards.render('report', {
    title: tr('analysis.overview'),
    subtitle: view.team ? tr('analysis.overviewIntro') : '',
    buttons: [
      ...proposals.map((g) => ({
        title: tr('analysis.button.start', {
          receiver: deps.reference.provider(g.receiver)?.shortName ?? g.receiver,
          count: g.cases.length,
        }),
        verb: ANALYSIS_VERBS.start,
        data: { receiver: g.receiver, dimension: g.dimension, value: g.value },
      })),
      ...analyses.map((a) => ({ title: tr('analysis.button.open', { id: a.id }), verb: ANALYSIS_VERBS.show, data: { analysisId: a.id } })),
    ],
    sections: [
      ...(view.team
        ? [
            {
              title: tr('analysis.section.proposals'),
              empty: tr('analysis.empty.proposals'),
              facts: view.proposals.slice(0, 10).map((g) => ({
                title: subjectLine(deps.reference, tr, locale, { ...g, count: g.cases.length }),
                value: g.cases.map((c) => c.number).join(', '),
              })),
            },
          ]
        : []),
      {
        title: tr('analysis.section.mine'),
        empty: tr('analysis.empty.mine'),
        facts: view.analyses.slice(0, 10).map((a) => ({
          title: `${a.id} · ${tr(`analysis.status.${a.status}`)}`,
          value: `${providerName(deps.reference, a.receiver)} · ${labelOf(deps.reference.categories, a.category, locale)}`,
        })),
      },
    ],
    note: view.team ? tr('analysis.overviewNote') : '',
  });
}
