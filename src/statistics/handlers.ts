// `statistik [period] [organisation]`, `årsrapport [år] [organisation]` and `mötesunderlag`:
// aggregate counts only (a medarbetare sees the same numbers, never a reporter or free text);
// the red providers in the meeting summary only for roles that may see the traffic light.
import { swedishDate } from '../core/clock.js';
import type { CapabilityDeps } from '../core/deps.js';
import { translator, type Locale, type MessageKey } from '../core/i18n/index.js';
import { label } from '../core/refdata.js';
import { fold } from '../core/text.js';
import type { Capability, Handler, Turn } from '../core/turn.js';
import { isOverdue } from '../cases/rules.js';
import { maySeeLight, providerLight } from '../cases/traffic.js';
import { COUNTY, organisations } from '../indicators/model.js';
import { auditCsv, casesCsv, casesJson, reportHtml, toCsv } from './export.js';
import type { Downloads } from './downloads.js';
import { hasRole } from '../core/roles.js';
import { boardReport, lastFullQuarter, parsePeriod, previousPeriod, statistics, type Counts } from './aggregate.js';

export function statisticsCapability(deps: CapabilityDeps, downloads: Downloads): Capability {
  const orgs = organisations(deps.reference);
  const orgName = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;
  const defaultOrg = (turn: Turn) => deps.registry.organisationOf(turn.place.key) ?? turn.actor.providers[0] ?? COUNTY;

  /** "2026-Q3 Borås" → period and organisation; either may be left out. */
  const parseArgs = (turn: Turn, fallbackPeriod: string) => {
    const words = turn.args.split(/\s+/).filter(Boolean);
    const periodWord = words.find((w) => parsePeriod(w));
    const orgText = words.filter((w) => w !== periodWord).join(' ');
    const found = orgText ? orgs.filter((o) => fold(o.name).includes(fold(orgText)) || fold(o.id) === fold(orgText)) : [];
    return { period: parsePeriod(periodWord ?? fallbackPeriod)!, org: found.length === 1 ? found[0]!.id : orgText ? undefined : defaultOrg(turn) };
  };

  const named = (locale: Locale, counts: Counts, list: { id: string; sv: string; en: string }[] | undefined, key?: (id: string) => MessageKey) =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([id, n]) => {
        const item = list?.find((x) => x.id === id);
        return { title: item ? label(item, locale) : key ? translator(locale)(key(id)) : (deps.reference.delregions.find((d) => d.id === id)?.name ?? id), value: String(n) };
      });

  const stats: Handler = async (turn) => {
    const tr = translator(turn.locale);
    const { period, org } = parseArgs(turn, lastFullQuarter(swedishDate(turn.now)).id);
    if (!org) return { send: [{ text: tr('indicator.orgUnknown', { query: turn.args }) }] };
    const cases = deps.stores.cases.all();
    const s = statistics(cases, period, org, deps.reference);
    const prev = statistics(cases, previousPeriod(period), org, deps.reference);
    const change = (now: number, before: number) => `${now} (${now - before >= 0 ? '+' : ''}${now - before} ${tr('stats.vsPrevious', { period: prev.period.id })})`;
    const card = deps.cards.render('report', {
      title: tr('stats.title', { period: period.id }),
      subtitle: orgName(org),
      links: [],
      sections: [
        { title: tr('stats.totals'), empty: '', facts: [{ title: tr('kind.avvikelse'), value: change(s.deviations, prev.deviations) }, { title: tr('kind.synpunkt'), value: change(s.complaints, prev.complaints) }] },
        { title: tr('stats.byDirection'), empty: tr('stats.none'), facts: named(turn.locale, s.byDirection, undefined, (id) => `direction.${id}` as MessageKey) },
        { title: tr('stats.byCategory'), empty: tr('stats.none'), facts: named(turn.locale, s.byCategory, deps.reference.categories) },
        { title: tr('stats.byCause'), empty: tr('stats.none'), facts: named(turn.locale, s.byCause, deps.reference.causes) },
        { title: tr('stats.byDelregion'), empty: tr('stats.none'), facts: named(turn.locale, s.byDelregion, undefined) },
        {
          title: tr('stats.topPairs'),
          empty: tr('stats.none'),
          facts: s.topPairs.map((p) => ({
            title: `${label(deps.reference.categories.find((c) => c.id === p.category) ?? { sv: p.category, en: p.category }, turn.locale)} × ${label(deps.reference.causes.find((c) => c.id === p.cause) ?? { sv: p.cause, en: p.cause }, turn.locale)}`,
            value: String(p.count),
          })),
        },
      ],
      note: tr('stats.note'),
    });
    return { send: [{ card }] };
  };

  const yearly: Handler = async (turn) => {
    const tr = translator(turn.locale);
    const { period, org } = parseArgs(turn, String(Number(swedishDate(turn.now).slice(0, 4)) - 1));
    if (!org) return { send: [{ text: tr('indicator.orgUnknown', { query: turn.args }) }] };
    const r = boardReport(deps.stores.cases.all(), period.id.slice(0, 4), org, deps.reference);
    const rows: [string, number][] = [
      [tr('board.followedUp'), r.casesFollowedUp],
      [tr('board.actionPlans'), r.actionPlans],
      [tr('board.actionPlansOnTime'), r.actionPlansOnTime],
      [tr('board.beyond'), r.measuresBeyondPlans],
      [tr('board.deep'), r.deepFollowUp],
      [tr('board.closed'), r.closed],
    ];
    const name = `arsrapport-${r.year}-${org}`;
    const links = [
      { title: tr('download.csv'), url: downloads.offer(`${name}.csv`, 'text/csv', toCsv([tr('board.measure'), tr('board.count')], rows)) },
      { title: tr('download.html'), url: downloads.offer(`${name}.html`, 'text/html', reportHtml(tr('board.title', { year: r.year }), orgName(org), rows, tr('board.comment'))) },
    ];
    const card = deps.cards.render('report', {
      links,
      title: tr('board.title', { year: r.year }),
      subtitle: orgName(org),
      sections: [{
        title: tr('board.section'),
        empty: '',
        facts: [
          { title: tr('board.followedUp'), value: String(r.casesFollowedUp) },
          { title: tr('board.actionPlans'), value: tr('board.onTime', { count: r.actionPlans, onTime: r.actionPlansOnTime }) },
          { title: tr('board.beyond'), value: String(r.measuresBeyondPlans) },
          { title: tr('board.deep'), value: String(r.deepFollowUp) },
          { title: tr('board.closed'), value: String(r.closed) },
        ],
      }],
      note: tr('board.note'),
    });
    return { send: [{ card }] };
  };

  const meeting: Handler = async (turn) => {
    const tr = translator(turn.locale);
    const today = swedishDate(turn.now);
    const last = deps.registry.get(turn.place.key)?.lastSummaryAt;
    const since = swedishDate(last ? new Date(last) : new Date(turn.now.getTime() - 30 * 86_400_000));
    const org = defaultOrg(turn);
    const mine = deps.stores.cases.all().filter((c) => org === COUNTY || c.report.receiver === org || c.report.reporterUnit === org);
    const created = mine.filter((c) => swedishDate(new Date(c.createdAt)) >= since);
    const overdue = mine.filter((c) => c.status !== 'avslutad' && isOverdue(c, today));
    const closed = mine.filter((c) => c.events.some((e) => e.type === 'avslutad' && swedishDate(new Date(e.at)) >= since));
    const sections = [
      { title: tr('meeting.new', { count: created.length }), empty: tr('stats.none'), facts: created.slice(0, 10).map((c) => ({ title: c.number, value: `${tr(`kind.${c.report.kind}`)} · ${deps.reference.provider(c.report.receiver)?.shortName ?? ''}` })) },
      { title: tr('meeting.overdue', { count: overdue.length }), empty: tr('stats.none'), facts: overdue.slice(0, 10).map((c) => ({ title: c.number, value: `${tr('fact.step')} ${c.step ?? '–'}` })) },
      { title: tr('meeting.closed', { count: closed.length }), empty: tr('stats.none'), facts: closed.slice(0, 10).map((c) => ({ title: c.number, value: tr(`closeOutcome.${(c.events.findLast((e) => e.type === 'avslutad')?.to ?? 'ovrigt') as 'atgardad'}`) })) },
    ];
    if (maySeeLight(turn.actor)) {
      const red = deps.reference.providers.filter((p) => providerLight(mine, p.id, deps.stores.lights.get(p.id)).color === 'rod');
      sections.push({ title: tr('meeting.red', { count: red.length }), empty: tr('stats.none'), facts: red.map((p) => ({ title: p.shortName, value: tr('light.rod') })) });
    }
    await deps.registry.markSummary(turn.place.key, turn.now);
    return { send: [{ card: deps.cards.render('report', { title: tr('meeting.title'), subtitle: tr('meeting.subtitle', { org: orgName(org), since }), sections, note: tr('stats.note'), links: [] }) }] };
  };

  /** Case rows for hand-over or analysis: officers only, free text only for them too. */
  const exportCases: Handler = async (turn) => {
    const tr = translator(turn.locale);
    const words = fold(turn.args).split(' ').filter(Boolean);
    if (!hasRole(turn.actor, 'handlaggare', 'teamledare', 'teamet')) return { send: [{ text: tr('export.notAllowed') }] };
    if (words[0] === 'revision' || words[0] === 'audit') {
      const c = deps.stores.cases.all().find((x) => x.number === (turn.args.split(/\s+/)[1] ?? '').toUpperCase());
      if (!c) return { send: [{ text: tr('case.notFound') }] };
      const url = downloads.offer(`revision-${c.number}.csv`, 'text/csv', auditCsv(c, deps.stores.audit.all().filter((a) => a.details['caseId'] === c.id)));
      return { send: [{ card: deps.cards.render('report', { title: tr('export.auditTitle', { number: c.number }), subtitle: '', sections: [], note: tr('export.expires'), links: [{ title: tr('download.csv'), url }] }) }] };
    }
    const cases = [...deps.stores.cases.all()].sort((a, b) => a.number.localeCompare(b.number));
    const json = words.includes('json');
    const body = json ? casesJson(cases, true) : casesCsv(cases, true);
    const url = downloads.offer(`arenden.${json ? 'json' : 'csv'}`, json ? 'application/json' : 'text/csv', body);
    return { send: [{ card: deps.cards.render('report', { title: tr('export.casesTitle', { count: cases.length }), subtitle: '', sections: [], note: tr('export.expires'), links: [{ title: json ? 'JSON' : tr('download.csv'), url }] }) }] };
  };

  return {
    name: 'statistics',
    routes: [
      { kind: 'command', name: 'export', words: ['exportera', 'export'], handler: exportCases },
      { kind: 'command', name: 'statistics', words: ['statistik', 'statistics'], handler: stats },
      { kind: 'command', name: 'board-report', words: ['årsrapport', 'annual report'], handler: yearly },
      { kind: 'command', name: 'meeting', words: ['mötesunderlag', 'meeting summary'], handler: meeting },
    ],
  };
}

