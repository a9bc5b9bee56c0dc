// `mötesunderlag`: for a management meeting, the cases since the last summary here, the overdue
// ones and the closed ones, of the organisation the channel shows, limited to the cases the
// asker's providers cover; the red providers only for the follow-up team.
import { swedishDate, swedishDayStart, todayOf } from '../core/clock.js';
import type { CapabilityDeps } from '../deps.js';
import { formatDate } from '../core/format.js';
import { translator } from '../core/i18n/index.js';
import { COUNTY, defaultOrganisation } from '../core/organisations.js';
import { newCard } from '../core/reply.js';
import { CHANNEL_STEWARDS, FOLLOW_UP_TEAM, hasRole } from '../core/roles.js';
import { actsFor, actsForCounty, inScope, type Sides } from '../core/scope.js';
import type { Handler, Turn } from '../core/turn.js';
import { contractAllows } from '../cases/rules/index.js';
import { isRed } from '../cases/traffic.js';
import { concerns } from '../indicators/computed.js';
import { CaseQueries } from '../cases/queries.js';
import type { Case } from '../cases/model.js';

export type MeetingDeps = Pick<CapabilityDeps<'cases' | 'lights'>, 'stores' | 'reference' | 'organisations' | 'registry' | 'cards'>;

/** The providers in the asker's scope whose light is red (traffic.ts keeps the verdicts). */
/** The providers whose light is red (an override, or the open cases of theirs the summary covers). */
async function redProviders(deps: MeetingDeps, turn: Turn, covered: ((c: { report: Sides }) => boolean) | undefined, today: string) {
  const [open] = await CaseQueries.of(deps.stores.cases).lights(today, deps.reference.ladder);
  return deps.reference.providers.filter((p) => {
    if (!actsFor(turn.actor, p.id) || !contractAllows(deps.reference.ladder, p)) return false;
    const override = deps.stores.lights.get(p.id)?.color;
    return override
      ? override === 'rod'
      : isRed(open!, p.id, today, (unit) => covered?.({ report: { receiver: p.id, reporterUnit: unit } }) ?? true);
  });
}

/** The first n cases of the parts, in order. */
function firstOf(parts: readonly (readonly Case[])[], n: number): Case[] {
  const first: Case[] = [];
  for (const cases of parts) {
    if (first.length === n) break;
    first.push(...cases.slice(0, n - first.length));
  }
  return first;
}

export function meetingSummary(deps: MeetingDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const today = todayOf(turn);
    const last = deps.registry.get(turn.place.key)?.lastSummaryAt;
    const since = swedishDate(last ? new Date(last) : new Date(turn.now.getTime() - 30 * 86_400_000));
    const org = defaultOrganisation(turn, (k) => deps.registry.organisationOf(k));
    // From the indexes: the months since the last summary, the open cases, the lights' window.
    const q = CaseQueries.of(deps.stores.cases);
    const covered = (c: { report: Sides }) => inScope(turn.actor, c.report) && (org === COUNTY || concerns(c, org, deps.reference));
    // Someone acting for the county, in the county's channel: every case is covered.
    const everyCase = actsForCounty(turn.actor) && org === COUNTY;
    // How many cases of each part the summary covers, and the first ten: none copied when it covers every case.
    const within = (parts: readonly (readonly Case[])[]) => {
      const kept = everyCase ? parts : parts.map((cases) => cases.filter(covered));
      return { count: kept.reduce((n, cases) => n + cases.length, 0), first: firstOf(kept, 10) };
    };
    const from = swedishDayStart(since);
    // The newest month first: the card shows the ten newest (each month is newest first already).
    const created = within((await q.reportedSince(from, since, today)).reverse());
    const overdue = within(q.overdueByDay(today));
    const closed = within([await q.closedSince(from, since, today)]);
    const shortName = (id: string) => deps.reference.provider(id)?.shortName ?? '';
    const sections = [
      {
        title: tr('meeting.new', { count: created.count }),
        empty: tr('stats.none'),
        facts: created.first.map((c) => ({ title: c.number, value: `${tr(`kind.${c.report.kind}`)} · ${shortName(c.report.receiver)}` })),
      },
      {
        title: tr('meeting.overdue', { count: overdue.count }),
        empty: tr('stats.none'),
        facts: overdue.first.map((c) => ({ title: c.number, value: `${tr('fact.step')} ${c.step ?? '–'}` })),
      },
      {
        title: tr('meeting.closed', { count: closed.count }),
        empty: tr('stats.none'),
        facts: closed.first.map((c) => ({
          title: c.number,
          value: tr(`closeOutcome.${(c.events.findLast((e) => e.type === 'avslutad')?.to ?? 'ovrigt') as 'atgardad'}`),
        })),
      },
    ];
    // The lights are the team's internal judgement: for one of them, where the team works.
    if (hasRole(turn.actor, ...FOLLOW_UP_TEAM) && deps.registry.teamWorksIn(turn.place)) {
      // A provider the asker acts for has all its received cases in scope, so only another
      // organisation's channel narrows the cases.
      const red = await redProviders(deps, turn, org === COUNTY ? undefined : covered, today);
      sections.push({
        title: tr('meeting.red', { count: red.length }),
        empty: tr('stats.none'),
        facts: red.map((p) => ({ title: p.shortName, value: tr('light.rod') })),
      });
    }
    // The next summary starts from this date: in one's own chat, or in a channel when its steward
    // asked (a member's look must not make the lead's next summary skip cases). A second write
    // the same day would change nothing.
    const marks = turn.place.kind === 'personal' || hasRole(turn.actor, ...CHANNEL_STEWARDS);
    if (since !== today && marks) await deps.registry.markSummary(turn.place.key, turn.now);
    const subtitle = tr('meeting.subtitle', { org: deps.organisations.name(org), since: formatDate(since, turn.locale) });
    return newCard(deps.cards.render('report', { title: tr('meeting.title'), subtitle, sections, note: tr('stats.note'), buttons: [] }));
  };
}
