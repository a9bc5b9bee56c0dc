// Indicators where working groups are: `indikator <namn> [för <org>]`, `indikatorer [område]`,
// `organisation <namn>` (a channel's default), `följ indikator <namn>`, and for admins
// `importera indikatorer` (CSV pasted in the message) and `registrera värde` (one value).
import { z } from 'zod/v4';
import type { CapabilityDeps } from '../core/deps.js';
import { translator, type Locale, type MessageKey, type T } from '../core/i18n/index.js';
import { label } from '../core/refdata.js';
import { hasRole } from '../core/roles.js';
import { fold } from '../core/text.js';
import type { Answer, Capability, Card, Handler, Notification, Turn } from '../core/turn.js';
import { byDirection } from './computed.js';
import { parseIndicatorCsv } from './csv.js';
import { COUNTY, organisations, statusOf, trendOf, type Indicator, type Status } from './model.js';
import type { IndicatorService, StatusChange } from './service.js';

const STATUS_COLOR: Record<Status, string> = { gron: 'Good', gul: 'Warning', rod: 'Attention', ingen: 'Default' };
const BAR_STYLE: Record<Status, string> = { gron: 'good', gul: 'warning', rod: 'attention', ingen: 'emphasis' };
const ShowData = z.object({ indicator: z.string().min(1).max(60), org: z.string().min(1).max(60) });
const ValueData = z.object({ indicator: z.string().min(1).max(60), org: z.string().min(1).max(60), period: z.string().trim().min(4).max(7), value: z.string().trim().max(30).optional() });

// One formatter per locale: toLocaleString with options builds a new Intl.NumberFormat on every
// call, which was most of an indicator card's cost (profiled in npm run bench).
const NUMBER = { sv: new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 }), en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }) };
const fmt = (v: number | null | undefined, locale: Locale) => (v === null || v === undefined ? '–' : NUMBER[locale].format(v));

export function indicatorsCapability(deps: CapabilityDeps, service: IndicatorService): Capability {
  const orgs = organisations(deps.reference).map((o) => ({ ...o, folded: [fold(o.id), fold(o.name), fold(o.name.replace(/ kommun$/, ''))] as const }));
  const orgName = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;
  const text = (t: string): Answer => ({ send: [{ text: t }] });

  const findOrg = (query: string) => {
    const q = fold(query);
    const exact = orgs.filter((o) => o.folded.includes(q));
    return exact.length ? exact : orgs.filter((o) => o.folded[1].includes(q));
  };

  /** The channel's organisation, else the user's own provider, else the county. */
  const defaultOrg = (turn: Turn) => deps.registry.organisationOf(turn.place.key) ?? turn.actor.providers[0] ?? COUNTY;

  const card = async (locale: Locale, ind: Indicator, org: string, now: Date): Promise<Card> => {
    const tr = translator(locale);
    const series = await service.series(ind, org, now, 6);
    const known = series.filter((p) => p.value !== null);
    const last = known.at(-1);
    const status = statusOf(ind, last?.value);
    const trend = trendOf(ind, series.map((p) => p.value));
    const max = Math.max(...known.map((p) => p.value!), ind.target ?? 0, 1);
    const extra = ind.computed === 'avvikelser-per-manad' && last
      ? tr('indicator.byDirection', {
          list: Object.entries(byDirection(service.casesCreatedIn('month', last.period), org, last.period, deps.reference)).map(([d, n]) => `${tr(`direction.${d}` as MessageKey)} ${n}`).join(', ') || '–',
        })
      : '';
    return deps.cards.render('indicator', {
      title: label(ind.name, locale),
      orgLine: `${orgName(org)} · ${tr(`indicator.period.${ind.periodType}`)}`,
      example: series.some((p) => p.example),
      exampleText: tr('indicator.example'),
      statusLine: tr('indicator.status', { status: tr(`indicator.statusWord.${status}`), trend: tr(`indicator.trend.${trend}`) }),
      statusColor: STATUS_COLOR[status],
      facts: [
        { title: tr('indicator.latest'), value: last ? `${fmt(last.value, locale)} ${ind.unit} (${last.period})` : tr('indicator.noValue') },
        { title: tr('indicator.target'), value: ind.target === null ? '–' : `${tr(ind.direction === 'higher' ? 'indicator.atLeast' : 'indicator.atMost')} ${fmt(ind.target, locale)} ${ind.unit}` },
        { title: tr('indicator.direction'), value: tr(`indicator.dir.${ind.direction}`) },
      ],
      chartTitle: tr('indicator.chart'),
      bars: series.map((p) => ({
        label: fmt(p.value, locale),
        period: p.period,
        height: p.value === null ? 2 : Math.max(4, Math.round((60 * p.value) / max)),
        style: BAR_STYLE[statusOf(ind, p.value)],
      })),
      seriesText: series.map((p) => `${p.period}: ${fmt(p.value, locale)}`).join(' · '),
      extra,
      sourceLine: tr('indicator.source', { source: ind.source }),
      indicator: ind.id,
      org,
      buttons: [{ title: tr('indicator.follow'), verb: 'indikator.folj' }],
    });
  };

  const choose = async (turn: Turn, title: string, intro: string, list: Indicator[], org: string): Promise<Answer> => {
    const tr = translator(turn.locale);
    const statuses = await Promise.all(list.map((ind) => service.latestStatus(ind, org, turn.now)));
    return {
      send: [
        {
          card: deps.cards.render('indicator-list', {
            title,
            intro,
            items: list.map((ind, i) => {
              const status = statuses[i]!;
              return { indicator: ind.id, org, name: label(ind.name, turn.locale), line: tr(`indicator.statusWord.${status}`), color: STATUS_COLOR[status] };
            }),
          }),
        },
      ],
    };
  };

  const show: Handler = async (turn) => {
    const tr = translator(turn.locale);
    if (!turn.args) return text(tr('indicator.usage'));
    const m = turn.args.match(/^(.*?)\s+(?:för|for)\s+(.+)$/i);
    const query = m ? m[1]! : turn.args;
    let org = defaultOrg(turn);
    if (m) {
      const found = findOrg(m[2]!);
      if (found.length !== 1) return text(tr(found.length ? 'indicator.orgAmbiguous' : 'indicator.orgUnknown', { query: m[2]! }));
      org = found[0]!.id;
    }
    const matches = service.find(query);
    if (matches.length === 1) return { send: [{ card: await card(turn.locale, matches[0]!, org, turn.now) }] };
    if (matches.length > 1) return choose(turn, tr('indicator.chooseTitle'), tr('indicator.choose', { query }), matches.slice(0, 10), org);
    return choose(turn, tr('indicator.noneTitle'), tr('indicator.none', { query }), service.suggest(query), org);
  };

  const showVerb: Handler = async (turn) => {
    const d = ShowData.safeParse(turn.data);
    const ind = d.success ? service.get(d.data.indicator) : undefined;
    if (!d.success || !ind || !orgs.some((o) => o.id === d.data.org)) return text(translator(turn.locale)('action.unknown'));
    return { send: [{ card: await card(turn.locale, ind, d.data.org, turn.now) }] };
  };

  const list: Handler = async (turn) => {
    const tr = translator(turn.locale);
    const q = fold(turn.args);
    const area = q ? service.catalogue.areas.find((a) => fold(`${a.id} ${a.sv} ${a.en}`).includes(q)) : undefined;
    if (q && !area) return text(tr('indicator.areaUnknown', { areas: service.catalogue.areas.map((a) => label(a, turn.locale)).join(', ') }));
    const org = defaultOrg(turn);
    const inds = service.catalogue.indicators.filter((i) => !area || i.area === area.id);
    return choose(turn, area ? label(area, turn.locale) : tr('indicator.allTitle'), tr('indicator.for', { org: orgName(org) }), inds, org);
  };

  const bindOrg: Handler = async (turn) => {
    const tr = translator(turn.locale);
    if (turn.place.kind === 'personal') return text(tr('link.onlyChannel'));
    const found = findOrg(turn.args);
    if (found.length !== 1) return text(tr(found.length ? 'indicator.orgAmbiguous' : 'indicator.orgUnknown', { query: turn.args }));
    await deps.registry.bindOrganisation(turn.place.key, found[0]!.id, turn.now);
    return text(tr('indicator.orgBound', { org: found[0]!.name }));
  };

  const follow: Handler = async (turn) => {
    const tr = translator(turn.locale);
    if (turn.place.kind === 'personal') return text(tr('link.onlyChannel'));
    const d = ShowData.safeParse(turn.data);
    let ind = d.success ? service.get(d.data.indicator) : undefined;
    let org = d.success ? d.data.org : defaultOrg(turn);
    if (!ind) {
      const matches = service.find(turn.args);
      if (matches.length !== 1) return text(tr('indicator.followWhich'));
      ind = matches[0]!;
      org = defaultOrg(turn);
    }
    const id = `${turn.place.key}|${ind.id}|${org}`;
    if (!deps.stores.follows.get(id)) {
      await deps.stores.follows.put({ id, conversation: turn.place.key, indicator: ind.id, org, lastStatus: await service.latestStatus(ind, org, turn.now), since: turn.now.toISOString() });
    }
    return text(tr('indicator.following', { name: label(ind.name, turn.locale), org: orgName(org) }));
  };

  const changeNotices = (changes: StatusChange[]): Notification[] =>
    changes.map((c) => ({
      to: { kind: 'conversation', key: c.conversation },
      message: {
        card: deps.cards.render('message', {
          title: translator('sv')('indicator.changedTitle', { name: c.indicator.name.sv }),
          text: statusChangeText(translator('sv'), c, orgName(c.org)),
          color: STATUS_COLOR[c.to],
        }),
      },
    }));

  const importCsv: Handler = async (turn) => {
    const tr = translator(turn.locale);
    if (!hasRole(turn.actor, 'admin')) return text(tr('indicator.importNotAllowed'));
    const [first, ...rest] = turn.args.split(/\r?\n/);
    const strict = /^(strikt|strict)\b/i.test(first?.trim() ?? '');
    const csv = (strict ? rest : [first ?? '', ...rest]).join('\n');
    if (!csv.trim()) return text(tr('indicator.importUsage'));
    const parsed = parseIndicatorCsv(csv, service.catalogue, deps.reference);
    const result = await service.importRows(parsed, strict, turn.actor.userId, turn.now);
    const lines = result.rejected.map((r) => tr('indicator.rejectedLine', { line: r.line, reason: r.reason }));
    const summary = strict && result.rejected.length ? tr('indicator.importStrictFailed', { rejected: result.rejected.length }) : tr('indicator.imported', { applied: result.applied, rejected: result.rejected.length });
    return { send: [{ card: deps.cards.render('message', { title: summary, text: lines.join('\n\n') || tr('indicator.noRejected'), color: result.rejected.length ? 'Attention' : 'Good' }) }], notify: changeNotices(result.changes) };
  };

  const valueForm = (turn: Turn, values: Record<string, string> = {}, notice = ''): Card => {
    const tr = translator(turn.locale);
    return deps.cards.render('indicator-value', {
      title: tr('indicator.registerTitle'),
      notice,
      values: { indicator: '', org: '', period: '', value: '', ...values },
      indicators: service.catalogue.indicators.filter((i) => !i.computed).map((i) => ({ title: label(i.name, turn.locale), value: i.id })),
      orgs: orgs.map((o) => ({ title: o.name, value: o.id })),
      labels: {
        indicator: tr('indicator.field.indicator'),
        org: tr('indicator.field.org'),
        period: tr('indicator.field.period'),
        value: tr('indicator.field.value'),
        valueHint: tr('indicator.field.valueHint'),
        required: tr('form.error.required'),
        save: tr('case.save'),
      },
    });
  };

  const register: Handler = async (turn) => {
    const tr = translator(turn.locale);
    if (!hasRole(turn.actor, 'admin')) return text(tr('indicator.importNotAllowed'));
    return { send: [{ card: valueForm(turn) }] };
  };

  const save: Handler = async (turn) => {
    const tr = translator(turn.locale);
    if (!hasRole(turn.actor, 'admin')) return text(tr('indicator.importNotAllowed'));
    const d = ValueData.safeParse(turn.data);
    const raw = (turn.data ?? {}) as Record<string, string>;
    if (!d.success) return { replaceCard: valueForm(turn, raw, tr('form.error.summary')) };
    const header = 'indikator;organisation;period;värde';
    const parsed = parseIndicatorCsv(`${header}\n${d.data.indicator};${d.data.org};${d.data.period};${d.data.value ?? ''}`, service.catalogue, deps.reference);
    if (parsed.rejected.length) return { replaceCard: valueForm(turn, raw, parsed.rejected[0]!.reason) };
    const result = await service.importRows(parsed, true, turn.actor.userId, turn.now, 'manual');
    const ind = service.get(d.data.indicator)!;
    return { replaceCard: await card(turn.locale, ind, d.data.org, turn.now), notify: changeNotices(result.changes) };
  };

  return {
    name: 'indicators',
    routes: [
      { kind: 'command', name: 'indicators', words: ['indikatorer', 'indicators'], handler: list },
      { kind: 'command', name: 'indicator', words: ['indikator', 'indicator'], handler: show },
      { kind: 'command', name: 'organisation', words: ['organisation', 'organization'], handler: bindOrg },
      { kind: 'command', name: 'follow', words: ['följ indikator', 'follow indicator', 'följ', 'follow'], handler: follow },
      { kind: 'command', name: 'import', words: ['importera indikatorer', 'import indicators'], handler: importCsv },
      { kind: 'command', name: 'register', words: ['registrera värde', 'register value'], handler: register },
      { kind: 'verb', verb: 'indikator.visa', handler: showVerb },
      { kind: 'verb', verb: 'indikator.folj', handler: follow },
      { kind: 'verb', verb: 'indikator.spara', handler: save },
    ],
  };
}

function statusChangeText(tr: T, c: StatusChange, org: string): string {
  return tr('indicator.changed', { org, from: tr(`indicator.statusWord.${c.from}`), to: tr(`indicator.statusWord.${c.to}`) });
}
