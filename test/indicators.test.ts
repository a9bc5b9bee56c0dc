import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testToday } from './support/clock.js';
import { Harness, channel, personal, type User } from './support/harness.js';
import { actionData, cardProblems, unexpanded } from './support/cards.js';
import { addDays } from '../src/core/clock.js';
import { loadAll } from '../src/store/contract.js';

const admin: User = { aadObjectId: 'aad-admin', name: 'Ada Admin' };
const member: User = { aadObjectId: 'aad-m', name: 'Mia Medlem' };
const reporter: User = { aadObjectId: 'aad-rep', name: 'Rut' };

const GOOD = [
  'vardgaranti-pv-3dagar;boras;2026-06;82',
  'vardgaranti-pv-3dagar;boras;2026-07;85,5',
  'vardgaranti-pv-3dagar;boras;2026-08;88',
  'vardgaranti-pv-3dagar;boras;2026-09;91',
  'vardgaranti-pv-3dagar;vgr;2026-09;87',
  'telefontillganglighet-vc;sahlgrenska;2026-09;95',
  'fallskador-65;boras;2025;2500',
  'fallskador-65;goteborg;2025;',
  'sip-andel;skaraborg;2026-Q2;35',
  'trygghet-aldreomsorg;ale;2025;88',
];
const BAD = [
  'okand-indikator;boras;2026-09;50',
  'vardgaranti-pv-3dagar;atlantis;2026-09;50',
  'vardgaranti-pv-3dagar;boras;2026-13;50',
  'vardgaranti-pv-3dagar;boras;2026-05;140',
  'vardgaranti-pv-3dagar;boras;2026-09;92',
];

describe('indicators in Teams', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ roles: { 'aad-admin': { roles: ['admin', 'handlaggare'] } } });
  });
  afterEach(async () => h.stop());

  const csv = (lines: string[]) => ['indikator;organisation;period;värde', ...lines].join('\n');
  /** The working group's target, set by an admin through the form `sätt mål` opens. */
  async function setTarget(indicator: string, target: string, warning = '') {
    await h.say(admin, personal(admin), `sätt mål ${indicator}`);
    expect(actionData(h.connector.cards().at(-1), 'indikator.mal')).toMatchObject({ indicator });
    await h.execute(admin, personal(admin), 'indikator.mal', { indicator, target, warning });
    expect(h.bot.stores.indicatorTargets.get(indicator)?.target).toBe(Number(target.replace(',', '.')));
  }

  it('imports 10 good rows and reports the 5 bad ones with line numbers, from chat', async () => {
    await h.say(admin, personal(admin), `importera indikatorer\n${csv([...GOOD, ...BAD])}`);
    expect(await loadAll(h.bot.stores.indicatorValues)).toHaveLength(10);
    const card = JSON.stringify(h.connector.cards().at(-1));
    expect(card).toContain('10 värden sparade, 5 rader avvisade');
    for (const line of [12, 13, 14, 15, 16]) expect(card).toContain(`Rad ${line}:`);
    expect((await h.bot.stores.indicatorValues.get('fallskador-65|goteborg|2025'))?.value).toBeNull();
  });

  it('applies nothing in a strict import with a bad row, and refuses non-admins', async () => {
    await h.say(admin, personal(admin), `importera indikatorer strikt\n${csv([...GOOD, BAD[0]!])}`);
    expect(await loadAll(h.bot.stores.indicatorValues)).toHaveLength(0);
    await h.say(member, personal(member), `importera indikatorer\n${csv(GOOD)}`);
    expect(await loadAll(h.bot.stores.indicatorValues)).toHaveLength(0);
  });

  it("shows value, target, status and trend for the channel's organisation", async () => {
    await h.say(admin, personal(admin), `importera indikatorer\n${csv(GOOD)}`);
    const team = channel('vardsamverkan-boras');
    await h.install(member, team);
    await h.install(admin, team);
    await h.say(admin, team, 'organisation Borås');
    await h.say(member, team, 'indikator medicinsk bedömning');
    const card = h.connector.cards(team.conversationId).at(-1)!;
    expect(cardProblems(card)).toEqual([]);
    const before = JSON.stringify(card);
    expect(before).toContain('Borås Stad');
    expect(before).toContain('91 % (2026-09)');
    // The seeds set no target (003_… gives Region Halland's 2018 results as a reference only).
    expect(before).toContain('mål saknas');
    expect(before).toContain('MÅL SAKNAS');
    expect(before).not.toContain('GRÖN');
    await setTarget('vardgaranti-pv-3dagar', '90', '80');
    await h.say(member, team, 'indikator medicinsk bedömning');
    const text = JSON.stringify(h.connector.cards(team.conversationId).at(-1));
    expect(text).toContain('minst 90 %');
    expect(text).toContain('GRÖN (målet nått)');
    expect(text).toContain('förbättras');
    // The trend as Teams' own chart (numbers, coloured by status), and for hosts without charts
    // its fallback: the same figures once, as a compact table.
    const chart = (h.connector.cards(team.conversationId).at(-1)!['body'] as Record<string, unknown>[]).find(
      (e) => e['type'] === 'Chart.VerticalBar',
    )!;
    const data = chart['data'] as { x: string; y: unknown; color: string }[];
    // No value printed by the client (issue 32.4: its "85.50"); the figures once, under the
    // chart, in the reader's number style, for hosts with and without charts.
    expect(data.slice(0, 2)).toEqual([
      { x: '2026-06', y: 82, color: 'warning' },
      { x: '2026-07', y: 85.5, color: 'warning' },
    ]);
    expect(data.at(-1)).toEqual({ x: '2026-09', y: 91, color: 'good' });
    expect(chart['showBarValues']).toBe(false);
    expect(text).toContain('2026-06: 82 % · 2026-07: 85,5 % · 2026-08');
    expect(text.match(/85,5/g)).toHaveLength(1);
    // "för <org>" overrides the channel's organisation.
    await h.say(member, team, 'indikator vardgaranti-pv-3dagar for VGR');
    expect(JSON.stringify(h.connector.cards(team.conversationId).at(-1))).toContain('87 % (2026-09)');
    // Following is a channel's: the button is offered there, not in a personal chat (item 12).
    expect(actionData(h.connector.cards(team.conversationId).at(-1), 'indikator.folj')).toBeDefined();
    await h.say(member, personal(member), 'indikator vardgaranti-pv-3dagar for VGR');
    const mine = h.connector.cards(personal(member).conversationId).at(-1)!;
    expect(cardProblems(mine)).toEqual([]);
    expect(JSON.stringify(mine)).toContain('87 % (2026-09)');
    expect(actionData(mine, 'indikator.folj')).toBeUndefined();
  });

  it('offers a choice for several matches and suggestions for none', async () => {
    await h.say(member, personal(member), 'indikator avv');
    const several = h.connector.cards().at(-1)!;
    expect(cardProblems(several), unexpanded(several).join(' | ')).toEqual([]);
    expect(JSON.stringify(several)).toContain('Vilken indikator?');
    await h.say(member, personal(member), 'indikator fallskdor');
    expect(JSON.stringify(h.connector.cards().at(-1))).toContain('Menade du');
    await h.say(member, personal(member), 'indikatorer samverkan');
    expect(cardProblems(h.connector.cards().at(-1))).toEqual([]);
  });

  it('changes the computed deviation indicator when a deviation is reported', async () => {
    const month = testToday.slice(0, 7);
    await h.say(member, personal(member), 'indikator avv-antal');
    expect(JSON.stringify(h.connector.cards().at(-1))).toContain(`"0 (${month})"`);
    await h.report(reporter, {
      kind: 'avvikelse',
      eventDate: addDays(testToday, -1),
      reporterUnit: 'boras',
      receiver: 'sahlgrenska',
      category: 'lakemedel',
      cause: 'kommunikationsbrist',
      consequence: 'risk',
      severity: '1',
      description: 'Läkemedelslistan saknades vid överföringen.',
      immediateAction: 'Ringde.',
      dialogue: 'ja',
    });
    await h.say(member, personal(member), 'indikator avv-antal');
    const text = JSON.stringify(h.connector.cards().at(-1));
    // A count with no unit after it (issue 32.4: "1 antal" read oddly, and stayed Swedish in English).
    expect(text).toContain(`"1 (${month})"`);
    expect(text).toContain('kommun → region 1');
    // More reported is not worse (issue 32.2): no target, no good/bad direction, no way to set one.
    expect(text).toContain('ingen riktning');
    expect(text).not.toMatch(/försämras|förbättras|lägre är bättre/);
    // The half year's count, as typed by name (004_…: outcomes every half year).
    const half = `${testToday.slice(0, 4)}-H${Number(testToday.slice(5, 7)) <= 6 ? 1 : 2}`;
    await h.say(member, personal(member), 'indikator avvikelser mellan vårdgivare per halvår');
    const halfYear = JSON.stringify(h.connector.cards().at(-1));
    expect(halfYear).toContain('per halvår');
    expect(halfYear).toContain(`"1 (${half})"`);
    await h.say(admin, personal(admin), 'sätt mål avv-antal');
    expect(h.connector.texts().at(-1)).toContain('har inget mål');
    expect(h.bot.stores.indicatorTargets.get('avv-antal')).toBeUndefined();
  });

  it('tells a following channel once when a new value changes the status', async () => {
    await setTarget('vardgaranti-pv-3dagar', '90', '80');
    await h.say(admin, personal(admin), `importera indikatorer\n${csv(['vardgaranti-pv-3dagar;boras;2026-08;92'])}`);
    const team = channel('boras');
    await h.install(member, team);
    await h.install(admin, team);
    await h.say(admin, team, 'organisation Borås');
    await h.say(admin, team, 'följ indikator medicinsk bedömning');
    expect(h.bot.stores.follows.all()).toMatchObject([{ lastStatus: 'gron' }]);
    const before = h.connector.sentTo(team.conversationId).length;
    await h.say(admin, personal(admin), `importera indikatorer\n${csv(['vardgaranti-pv-3dagar;boras;2026-09;91'])}`);
    await h.say(admin, personal(admin), `importera indikatorer\n${csv(['vardgaranti-pv-3dagar;boras;2026-10;70'])}`);
    await h.connector.waitFor(() => h.connector.sentTo(team.conversationId).length > before);
    // Still red: no notice. The next change back to green is the proof: it arrives second.
    await h.say(admin, personal(admin), `importera indikatorer\n${csv(['vardgaranti-pv-3dagar;boras;2026-10;72'])}`);
    await h.say(admin, personal(admin), `importera indikatorer\n${csv(['vardgaranti-pv-3dagar;boras;2026-11;95'])}`);
    await h.connector.waitFor(() => h.connector.sentTo(team.conversationId).length > before + 1);
    const notices = h.connector.sentTo(team.conversationId).slice(before);
    expect(notices).toHaveLength(2);
    expect(JSON.stringify(notices[0]!.body)).toContain('🟢 GRÖN (målet nått) → 🔴 RÖD (målet inte nått)');
    expect(JSON.stringify(notices[1]!.body)).toContain('🔴 RÖD (målet inte nått) → 🟢 GRÖN (målet nått)');
  });

  it('offers a choice when several indicators match sätt mål or följ indikator, each button doing the command for it (issue 33.1)', async () => {
    await h.say(admin, personal(admin), 'sätt mål vårdgaranti');
    const choice = h.connector.cards().at(-1)!;
    expect(cardProblems(choice)).toEqual([]);
    expect(JSON.stringify(choice)).toContain('Vilken menar du?');
    const chosen = actionData(choice, 'indikator.malformular')!;
    const form = await h.execute(admin, personal(admin), 'indikator.malformular', chosen);
    expect(JSON.stringify(form.card)).toContain('Mål för');
    expect(actionData(form.card, 'indikator.mal')).toMatchObject({ indicator: chosen['indicator'] });
    // A member cannot open the form by forging the button.
    expect(JSON.stringify((await h.execute(member, personal(member), 'indikator.malformular', chosen)).body)).not.toContain('Mål för');

    const team = channel('vardsamverkan-val');
    await h.install(admin, team);
    await h.say(admin, team, 'följ indikator vårdgaranti');
    const follow = actionData(h.connector.cards(team.conversationId).at(-1), 'indikator.folj')!;
    await h.execute(admin, team, 'indikator.folj', follow);
    expect(h.bot.stores.follows.all()).toMatchObject([{ indicator: follow['indicator'] }]);
  });

  it('lets only an admin set a target, on the right side of the warning and inside the scale, audited', async () => {
    const refused = await h.execute(member, personal(member), 'indikator.mal', { indicator: 'sip-andel', target: '50' });
    expect(JSON.stringify(refused.card ?? refused.body)).not.toContain('GRÖN');
    expect(h.bot.stores.indicatorTargets.get('sip-andel')).toBeUndefined();
    const outside = await h.execute(admin, personal(admin), 'indikator.mal', { indicator: 'sip-andel', target: '140' });
    expect(JSON.stringify(outside.card)).toContain('Ange ett tal inom indikatorns skala.');
    const wrongSide = await h.execute(admin, personal(admin), 'indikator.mal', { indicator: 'sip-andel', target: '50', warning: '60' });
    expect(JSON.stringify(wrongSide.card)).toContain('Varningsnivån ska ligga på den sämre sidan om målet.');
    // What was typed stays in the form next to the message.
    expect(JSON.stringify(wrongSide.card)).toContain('"value":"60"');
    expect(h.bot.stores.indicatorTargets.get('sip-andel')).toBeUndefined();
    await setTarget('sip-andel', '50,5', '40');
    expect(h.bot.stores.indicatorTargets.get('sip-andel')).toMatchObject({ target: 50.5, warning: 40, by: 'aad-admin' });
    const audit = h.bot.stores.audit.all().filter((a) => a.action === 'indicator.target');
    expect(audit).toMatchObject([{ actor: 'aad-admin', details: { indicator: 'sip-andel', target: 50.5 } }]);
  });

  it("shows a channel's chosen indicators, and the rest behind a button", async () => {
    const team = channel('vardsamverkan-ale');
    await h.install(member, team);
    await h.install(admin, team);
    await h.say(admin, team, 'organisation Ale');
    await h.say(member, team, 'indikatorer');
    const applicable = JSON.stringify(h.connector.cards(team.conversationId).at(-1));
    expect(applicable).toContain('Indikatorer för organisationen');
    expect(actionData(h.connector.cards(team.conversationId).at(-1), 'indikatorer.valj')).toBeDefined();
    const saved = await h.execute(admin, team, 'indikatorer.spara-val', { indicators: 'trygghet-aldreomsorg,fallskador-65,okand' });
    expect(JSON.stringify(saved.body)).toContain('Kanalen följer nu 2 valda indikatorer');
    await h.say(member, team, 'indikatorer');
    const chosen = h.connector.cards(team.conversationId).at(-1)!;
    expect(cardProblems(chosen)).toEqual([]);
    const text = JSON.stringify(chosen);
    expect(text).toContain('Kanalens indikatorer');
    expect(text).toContain('Trygghet');
    expect(text).not.toContain('Telefontillgänglighet');
    expect(actionData(chosen, 'indikatorer.alla')).toMatchObject({ org: 'ale' });
  });

  it('registers and corrects one value, keeping the old one in the history', async () => {
    const first = await h.execute(admin, personal(admin), 'indikator.spara', {
      indicator: 'sip-andel',
      org: 'boras',
      // A Swedish quarter, stored as Kolada writes it.
      period: '2026-K2',
      value: '31',
    });
    expect(cardProblems(first.card), unexpanded(first.card).join(' | ')).toEqual([]);
    // Shown once, so the year's values are read and kept; the correction must still show.
    const shown = async () => {
      await h.say(admin, personal(admin), 'indikator sip-andel för Borås');
      return JSON.stringify(h.connector.cards().at(-1));
    };
    expect(await shown()).toContain('31 % (2026-K2)');
    await h.execute(admin, personal(admin), 'indikator.spara', { indicator: 'sip-andel', org: 'boras', period: '2026-Q2', value: '33,5' });
    expect(await shown()).toContain('33,5 % (2026-K2)');
    expect(await h.bot.stores.indicatorValues.get('sip-andel|boras|2026-Q2')).toMatchObject({
      value: 33.5,
      source: 'manual',
      history: [{ value: 31 }],
    });
    const bad = await h.execute(admin, personal(admin), 'indikator.spara', {
      indicator: 'sip-andel',
      org: 'boras',
      period: '2026-13',
      value: '40',
    });
    expect(JSON.stringify(bad.card)).toContain('ogiltig period');
    expect((await h.bot.stores.indicatorValues.get('sip-andel|boras|2026-Q2'))?.value).toBe(33.5);
  });
});
