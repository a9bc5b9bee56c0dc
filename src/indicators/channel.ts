// A team channel's indicators: `organisation <namn>` sets the organisation it shows, and
// `följ indikator <namn>` tells the channel when a new value changes the status.
import { z } from 'zod/v4';
import { translator } from '../core/i18n/index.js';
import { label } from '../core/refdata.js';
import { newCard, say } from '../core/reply.js';
import type { Handler, Notification } from '../core/turn.js';
import { lightMark, lightTextColor } from '../core/lights.js';
import { indicatorChoice, type IndicatorDeps } from './cards.js';
import { INDICATOR_VERBS } from './verbs.js';
import type { StatusChange } from './service.js';
import { applicable, channelOrg, oneOrg, ShowData } from './show.js';

export function bindOrganisation(deps: IndicatorDeps): Handler {
  return async (turn) => {
    const org = oneOrg(deps, turn, turn.args);
    if ('message' in org) return say(org.message);
    await deps.registry.bindOrganisation(turn.place.key, org.org, turn.now);
    return say(translator(turn.locale)('indicator.orgBound', { org: deps.organisations.name(org.org) }));
  };
}

export function followIndicator(deps: IndicatorDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const d = ShowData.safeParse(turn.data);
    let ind = d.success ? deps.service.get(d.data.indicator) : undefined;
    let org = d.success && deps.organisations.get(d.data.org) ? d.data.org : channelOrg(deps, turn);
    if (!ind) {
      const matches = turn.args ? deps.service.find(turn.args) : [];
      if (matches.length === 0) return say(tr('indicator.followWhich'));
      org = channelOrg(deps, turn);
      if (matches.length > 1) return newCard(indicatorChoice(deps, turn, turn.args, matches, INDICATOR_VERBS.follow, { org }));
      ind = matches[0]!;
    }
    const id = `${turn.place.key}|${ind.id}|${org}`;
    if (!deps.stores.follows.get(id)) {
      await deps.stores.follows.put({
        id,
        conversation: turn.place.key,
        indicator: ind.id,
        org,
        lastStatus: await deps.service.latestStatus(ind, org, turn.now),
        since: turn.now.toISOString(),
      });
    }
    return say(tr('indicator.following', { name: label(ind.name, turn.locale), org: deps.organisations.name(org) }));
  };
}

/** The channels following an indicator hear of a changed status (in Swedish: a team's language). */
export function changeNotices(deps: IndicatorDeps, changes: readonly StatusChange[]): Notification[] {
  const tr = translator('sv');
  return changes.map((c) => ({
    to: { kind: 'conversation', key: c.conversation },
    message: {
      card: deps.cards.render('message', {
        title: tr('indicator.changedTitle', { name: c.indicator.name.sv }),
        text: tr('indicator.changed', {
          org: deps.organisations.name(c.org),
          from: `${lightMark(c.from)} ${tr(`indicator.statusWord.${c.from}`)}`,
          to: `${lightMark(c.to)} ${tr(`indicator.statusWord.${c.to}`)}`,
        }),
        color: lightTextColor(c.to),
      }),
    },
  }));
}

const Chosen = z.object({ indicators: z.string().max(2000).optional() });
const MAX_CHOSEN = 12;

/** `indikatorer välj`: a working group picks the channel's indicators (004_… Bilaga 2: a participant's "6–8"). */
export function chooseIndicators(deps: IndicatorDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const org = channelOrg(deps, turn);
    const current = deps.registry.get(turn.place.key)?.indicators ?? [];
    const card = deps.cards.render('indicator-choose', {
      title: tr('indicator.chooseChannelTitle'),
      intro: tr('indicator.chooseChannelIntro', { org: deps.organisations.name(org), max: MAX_CHOSEN }),
      value: current.join(','),
      choices: applicable(deps, org).map((i) => ({ title: label(i.name, turn.locale), value: i.id })),
      label: tr('indicator.field.indicators'),
      saveTitle: tr('case.save'),
    });
    return newCard(card);
  };
}

/** The choice saved: known indicators only, at most a dozen; none means the default again. */
export function saveChosenIndicators(deps: IndicatorDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const d = Chosen.safeParse(turn.data);
    const ids = (d.success ? (d.data.indicators ?? '') : '')
      .split(',')
      .map((x) => x.trim())
      .filter((id) => deps.service.get(id));
    if (ids.length > MAX_CHOSEN) return say(tr('indicator.chooseTooMany', { max: MAX_CHOSEN }));
    await deps.registry.chooseIndicators(turn.place.key, [...new Set(ids)], turn.now);
    return say(tr(ids.length ? 'indicator.chosen' : 'indicator.chosenNone', { count: ids.length }));
  };
}
