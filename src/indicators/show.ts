// `indikator <namn> [för <org>]` and `indikatorer [område]`: where working groups are, the
// channel's organisation by default.
import { z } from 'zod/v4';
import { translator } from '../core/i18n/index.js';
import { defaultOrganisation } from '../core/organisations.js';
import { label } from '../core/refdata.js';
import { newCard, replaceForInteractor, say } from '../core/reply.js';
import { fold } from '../core/text.js';
import type { Answer, Card, Handler, Turn } from '../core/turn.js';
import { PageNumber } from '../core/paging.js';
import { indicatorCard, statusList, type IndicatorDeps } from './cards.js';
import type { Indicator } from './model.js';
import { INDICATOR_VERBS } from './verbs.js';

export const ShowData = z.object({ indicator: z.string().min(1).max(60), org: z.string().min(1).max(60) });

export const channelOrg = (deps: Pick<IndicatorDeps, 'registry'>, turn: Turn) =>
  defaultOrganisation(turn, (k) => deps.registry.organisationOf(k));

/** The one organisation a text names, or a message why not. */
export function oneOrg(deps: Pick<IndicatorDeps, 'organisations'>, turn: Turn, query: string): { org: string } | { message: string } {
  const found = deps.organisations.find(query);
  if (found.length === 1) return { org: found[0]!.id };
  return { message: translator(turn.locale)(found.length ? 'indicator.orgAmbiguous' : 'indicator.orgUnknown', { query }) };
}

export function showIndicator(deps: IndicatorDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    if (!turn.args) return say(tr('indicator.usage'));
    const m = turn.args.match(/^(.*?)\s+(?:för|for)\s+(.+)$/i);
    const query = m ? m[1]! : turn.args;
    const org = m ? oneOrg(deps, turn, m[2]!) : { org: channelOrg(deps, turn) };
    if ('message' in org) return say(org.message);
    const matches = deps.service.find(query);
    if (matches.length === 1) return newCard(await indicatorCard(deps, turn, matches[0]!, org.org));
    if (matches.length > 1)
      return newCard(
        await statusList(
          deps,
          turn,
          { title: tr('indicator.chooseTitle'), intro: tr('indicator.choose', { query }) },
          matches.slice(0, 10),
          org.org,
        ),
      );
    return newCard(
      await statusList(
        deps,
        turn,
        { title: tr('indicator.noneTitle'), intro: tr('indicator.none', { query }) },
        deps.service.suggest(query),
        org.org,
      ),
    );
  };
}

export function showIndicatorVerb(deps: IndicatorDeps): Handler {
  return async (turn) => {
    const d = ShowData.safeParse(turn.data);
    const ind = d.success ? deps.service.get(d.data.indicator) : undefined;
    if (!d.success || !ind || !deps.organisations.get(d.data.org)) return say(translator(turn.locale)('action.unknown'));
    return newCard(await indicatorCard(deps, turn, ind, d.data.org));
  };
}

/** The indicators reported at the organisation's level (a hospital gets no municipal ones). */
export function applicable(deps: IndicatorDeps, org: string): Indicator[] {
  const level = deps.organisations.get(org)?.level;
  return deps.service.indicators().filter((i) => level !== undefined && i.levels.includes(level));
}

/**
 * `indikatorer [område]`: the channel's own choice of indicators (004_…: a working group follows
 * 6–8, a participant's note in 004_… Bilaga 2), else those reported at its organisation's level, with buttons to choose and to see all.
 */
export function listIndicators(deps: IndicatorDeps): Handler {
  return async (turn) => indicatorList(deps, turn, turn.args, 1, newCard);
}

const ListPage = z.object({ area: z.string().max(60).catch(''), page: PageNumber });
const AllPage = z.object({ org: z.string().max(64).catch(''), page: PageNumber });

/** Another page of `indikatorer [område]` (its button), in place of the card it was on. */
export function listIndicatorsPage(deps: IndicatorDeps): Handler {
  return async (turn) => {
    const { area, page } = ListPage.parse(turn.data ?? {});
    return indicatorList(deps, turn, area, page, replaceForInteractor);
  };
}

/** The list `indikatorer [område]` shows, one page of it. */
async function indicatorList(
  deps: IndicatorDeps,
  turn: Turn,
  areaText: string,
  page: number,
  reply: (card: Card) => Answer,
): Promise<Answer> {
  const tr = translator(turn.locale);
  const q = fold(areaText);
  const areas = deps.service.catalogue.areas;
  const area = q ? areas.find((a) => fold(`${a.id} ${a.sv} ${a.en}`).includes(q)) : undefined;
  if (q && !area) return say(tr('indicator.areaUnknown', { areas: areas.map((a) => label(a, turn.locale)).join(', ') }));
  const org = channelOrg(deps, turn);
  const chosen = turn.place.kind === 'personal' ? [] : (deps.registry.get(turn.place.key)?.indicators ?? []);
  const base = chosen.length && !area ? deps.service.indicators().filter((i) => chosen.includes(i.id)) : applicable(deps, org);
  const inds = base.filter((i) => !area || i.area === area.id);
  const rest = deps.service.indicators().length - inds.length;
  const title = area ? label(area, turn.locale) : chosen.length ? tr('indicator.chosenTitle') : tr('indicator.applicableTitle');
  const buttons: { title: string; verb: string; data: Record<string, string> }[] = [
    ...(turn.place.kind === 'personal' ? [] : [{ title: tr('indicator.chooseButton'), verb: INDICATOR_VERBS.choose, data: {} }]),
    ...(rest > 0 ? [{ title: tr('indicator.allButton', { count: rest }), verb: INDICATOR_VERBS.all, data: { org } }] : []),
  ];
  const paging = { page, verb: INDICATOR_VERBS.page, data: { area: area?.id ?? '' } };
  const intro = tr('indicator.for', { org: deps.organisations.name(org) });
  return reply(await statusList(deps, turn, { title, intro, buttons, paging }, inds, org));
}

/** Every indicator in the catalogue, for the organisation (from the list's "show all"). */
export function listAllIndicators(deps: IndicatorDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const { org, page } = AllPage.parse(turn.data ?? {});
    const id = deps.organisations.get(org) ? org : channelOrg(deps, turn);
    const view = {
      title: tr('indicator.allTitle'),
      intro: tr('indicator.for', { org: deps.organisations.name(id) }),
      paging: { page, verb: INDICATOR_VERBS.all, data: { org: id } },
    };
    return replaceForInteractor(await statusList(deps, turn, view, deps.service.indicators(), id));
  };
}
