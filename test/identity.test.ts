// No patient identity anywhere (issue 12, item 4): valid personnummer and samordningsnummer in
// every written form, pushed into every input of every card the bot shows, every id a card
// action carries, and every command's arguments, by every role. None may reach a file under
// DATA_DIR or a log line.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testToday } from './support/clock.js';
import { Harness, channel, personal, type User, type Where } from './support/harness.js';
import { FINGERPRINTS, VALID_FORMS } from './support/identity.js';
import { addDays } from '../src/core/clock.js';
import { caseWithPlan } from '../src/seed/dataset.js';
import type { Case } from '../src/cases/model.js';
import type { Analysis } from '../src/analyses/model.js';
import { findInput } from './support/cards.js';
import { GRADED } from './support/cases.js';

type Node = Record<string, unknown>;

const users: User[] = [
  { aadObjectId: 'aad-staff', name: 'Sam' },
  { aadObjectId: 'aad-off', name: 'Olle' },
  { aadObjectId: 'aad-lead', name: 'Lena' },
  { aadObjectId: 'aad-team', name: 'Tea' },
  { aadObjectId: 'aad-admin', name: 'Ada' },
  { aadObjectId: 'aad-mot', name: 'Mona' },
  { aadObjectId: 'aad-chef', name: 'Chef' },
];
const roles = {
  'aad-off': { roles: ['handlaggare'], providers: ['*'] },
  'aad-lead': { roles: ['teamledare'], providers: ['*'] },
  'aad-team': { roles: ['teamet'], providers: ['*'] },
  'aad-admin': { roles: ['admin', 'handlaggare'], providers: ['*'] },
  'aad-mot': { roles: ['mottagare'], providers: ['sodra-alvsborgs-sjukhus'] },
  'aad-chef': { roles: ['chef'], providers: ['boras'] },
};

/** Every Action.Execute of a card (its verb and data) and every input id in it. */
function actionsOf(card: unknown): { verb: string; data: Node; inputs: string[] }[] {
  const inputs: string[] = [];
  const actions: { verb: string; data: Node }[] = [];
  JSON.stringify(card, (_k, v: unknown) => {
    const n = v as Node;
    if (n && typeof n === 'object' && typeof n['type'] === 'string') {
      if (String(n['type']).startsWith('Input.') && typeof n['id'] === 'string') inputs.push(n['id']);
      if (n['type'] === 'Action.Execute' && typeof n['verb'] === 'string')
        actions.push({ verb: n['verb'], data: (n['data'] as Node) ?? {} });
    }
    return v;
  });
  return actions.map((a) => ({ ...a, inputs }));
}

async function everything(h: Harness): Promise<string> {
  let all = h.logs.join('\n');
  for (const entry of await readdir(path.join(h.dataDir, 'store'), { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) all += await readFile(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return all;
}

describe('identity numbers never stored or logged', () => {
  let h: Harness;
  const today = testToday;
  beforeAll(async () => {
    h = await Harness.start({ roles });
    for (const u of users) await h.install(u, personal(u));
    const team = channel('team');
    await h.install(users[1]!, team);
    await h.say(users[1]!, team, 'koppla Södra Älvsborgs sjukhus');
    // Cases at every stage, so every action card and form shows up.
    await h.say(users[0]!, personal(users[0]!), 'ny avvikelse');
    await h.bot.stores.cases.put(caseWithPlan(addDays(today, 10), 'aad-off', 1));
  }, 60_000);
  afterAll(async () => h.stop());

  it('in card inputs, card ids and command arguments, by every role', async () => {
    let pushed = 0;
    const cardsSeen = new Set<string>();
    const push = async (u: User, where: Where, verb: string, data: Node) => {
      pushed++;
      const res = await h.execute(u, where, verb, data);
      return res.card;
    };
    // Commands, with a number as the argument, in the personal chat and in the channel.
    const words = [
      'ny avvikelse',
      'mina avvikelser',
      'ärenden',
      'vårdgivare',
      'påminnelser',
      'indikator',
      'indikatorer',
      'organisation',
      'följ indikator',
      'importera indikatorer',
      'registrera värde',
      'statistik',
      'årsrapport',
      'mötesunderlag',
      'exportera',
      'exportera revision',
      'koppla',
      'roller',
      'ge roll',
      'ta roll',
      'hjälp',
      'inkomna avvikelser',
      'enhetens avvikelser',
    ];
    for (const u of users) {
      for (const word of words) {
        for (const pnr of VALID_FORMS.slice(0, 3)) {
          await h.say(u, personal(u), `${word} ${pnr} admin`);
          await h.say(u, channel('team'), `${word} ${pnr}`);
          pushed += 2;
        }
      }
      await h.say(
        u,
        personal(u),
        `importera indikatorer\nindikator;organisation;period;värde\nvardgaranti-pv-3dagar;${VALID_FORMS[0]};2026-09;80\n${VALID_FORMS[1]};boras;2026-09;80`,
      );
    }
    // Every card the bot shows: fill every input with a number, and forge every id it carries.
    const officer = users[1]!;
    const c = h.bot.stores.cases.all()[0]!;
    const openers: Node[] = [
      { caseId: c.id },
      ...['triage', 'step', 'measure', 'grade', 'close'].map((form) => ({ caseId: c.id, version: String(c.version), form })),
      ...(h.bot.stores.cases.all().length
        ? ['0', '1', '2a', '2b', '3', '3a', '3b', '4a', '4b', '5'].map((to) => ({
            caseId: c.id,
            version: String(c.version),
            form: 'step',
            to,
          }))
        : []),
      ...['handlingsplan', 'sanktion', 'ivo'].map((measure) => ({ caseId: c.id, version: String(c.version), form: 'measure', measure })),
    ];
    const cards: unknown[] = [h.connector.cards().at(-1)];
    for (const data of openers) cards.push(await push(officer, personal(officer), data['form'] ? 'arende.formular' : 'arende.visa', data));
    // The answer loop's view and forms, as the receiving provider's mottagare sees them.
    const mottagare = users[5]!;
    cards.push(await push(mottagare, personal(mottagare), 'svar.visa', { caseId: c.id }));
    for (const form of ['message', 'answer', 'verdict', 'effect', 'forward'])
      cards.push(await push(mottagare, personal(mottagare), 'svar.formular', { caseId: c.id, form }));
    await h.say(officer, personal(officer), 'vårdgivare Södra Älvsborgs sjukhus');
    await h.say(users[4]!, personal(users[4]!), 'registrera värde');
    await h.bot.reminders.sweep();
    cards.push(...h.connector.cards());
    for (const card of cards) {
      for (const action of actionsOf(card)) {
        const key = `${action.verb}|${action.inputs.join(',')}`;
        if (cardsSeen.has(key)) continue;
        cardsSeen.add(key);
        for (const [i, pnr] of VALID_FORMS.entries()) {
          const text = `Patienten ${pnr} fick fel läkemedel`;
          const filled = Object.fromEntries(action.inputs.map((id) => [id, i % 2 ? pnr : text]));
          const u = users[i % users.length]!;
          await push(u, personal(u), action.verb, { ...action.data, ...filled });
          // Every id the card carries, forged.
          for (const id of Object.keys(action.data))
            await push(officer, personal(officer), action.verb, { ...action.data, ...filled, [id]: pnr });
        }
      }
    }
    await h.bot.audit.flush();
    expect(cardsSeen.size).toBeGreaterThan(15);
    expect(pushed).toBeGreaterThan(1000);
    const all = await everything(h);
    const found = FINGERPRINTS.filter((f) => all.includes(f));
    expect(found).toEqual([]);
    // The bot was there: it answered, wrote cases, and logged.
    expect(h.connector.recorded.length).toBeGreaterThan(500);
    expect(h.logs.length).toBeGreaterThan(500);
  }, 300_000);
});

/** Each input of a card with a value a user could have chosen: the card's own, or one that fits. */
function validInputs(card: unknown, today: string): { values: Node; text: string[] } {
  const values: Node = {};
  const text: string[] = [];
  JSON.stringify(card, (_k, v: unknown) => {
    const n = v as Node;
    if (!n || typeof n !== 'object' || typeof n['id'] !== 'string' || typeof n['type'] !== 'string') return v;
    const id = n['id'];
    if (n['type'] === 'Input.Text') {
      text.push(id);
      values[id] = FORMATTED[id] ?? 'Ringde avdelningen och stämde av listan.';
    } else if (n['type'] === 'Input.ChoiceSet') {
      const choices = (n['choices'] as { value: string }[] | undefined) ?? [];
      values[id] = (n['value'] as string | undefined) || choices[0]?.value || '';
    } else if (n['type'] === 'Input.Date')
      // A decision already taken (and the presidium told of it) is dated before today; a deadline lies ahead.
      values[id] = (n['value'] as string | undefined) || addDays(today, /boardDate|decisionDate|presidiumInformed/.test(id) ? -1 : 14);
    else if (n['type'] === 'Input.Toggle') values[id] = (n['valueOn'] as string | undefined) ?? 'true';
    else if (n['type'] === 'Input.Time') values[id] = '';
    else if (n['type'] === 'Input.Number') values[id] = '1';
    return v;
  });
  return { values, text };
}

describe('identity numbers in one free-text field at a time (issue 30.2)', () => {
  let h: Harness;
  const today = testToday;
  beforeAll(async () => {
    h = await Harness.start({ roles });
    for (const u of users) await h.install(u, personal(u));
  }, 60_000);
  afterAll(async () => h.stop());

  it('refuses a number in any one field of every form, the others valid, storing and logging none', async () => {
    const [reporter, officer, lead, team, , mottagare, chef] = users as [User, User, User, User, User, User, User];
    const forms: { who: User; verb: string; data: Node; card: unknown; name: string }[] = [];
    const submitsOf = (card: unknown) => actionsOf(card).filter((a) => a.inputs.length && !/\.(visa|formular)$/.test(a.verb));
    const open = async (name: string, who: User, verb: string, data: Node) => {
      const card = (await h.execute(who, personal(who), verb, data)).card;
      // The form's own submit: not the buttons that open or go back to a view.
      for (const action of submitsOf(card)) forms.push({ who, verb: action.verb, data: action.data, card, name });
      return card;
    };
    // A fresh case for each form, in the state its form is made for.
    let made = 0;
    const fresh = async (state: (c: Case) => Case = (c) => c, provider?: string) =>
      h.bot.stores.cases.put(state(caseWithPlan(addDays(today, 10), 'aad-off', ++made, provider) as Case));
    const ref = (c: Case) => ({ caseId: c.id, version: String(c.version) });
    for (const [form, who, state] of [
      ['triage', officer, isNew],
      ['grade', officer, undefined],
      ['close', officer, undefined],
      ['handover', lead, graded],
    ] as const) {
      const c = await fresh(state);
      await open(form, who, 'arende.formular', { ...ref(c), form });
    }
    for (const [to, who, state] of [
      ['1', officer, undefined],
      ['2a', officer, onStep('1')],
      ['2b', officer, undefined],
      ['3', lead, undefined],
      ['3a', team, deepOn('2b')],
      ['3b', officer, deepOn('3a')],
      ['4a', officer, deepOn('3b')],
      ['4b', officer, deepOn('4a')],
      ['5', officer, deepOn('4b')],
    ] as const) {
      const c = await fresh(state);
      await open(`steg ${to}`, who, 'arende.formular', { ...ref(c), form: 'step', to });
    }
    // Every measure a chooser offers to someone, each on a case of its own: the deep ladder of
    // the contracted provider (Medtanken), where the final measures are offered too.
    const measures = new Map<string, User>();
    for (const who of [officer, lead, team]) {
      const c = await fresh(deepOn('4b'), 'medtanken');
      const chooser = (await h.execute(who, personal(who), 'arende.formular', { ...ref(c), form: 'measure' })).card;
      for (const m of JSON.stringify(findInput(chooser, 'measure')?.['choices'] ?? []).match(/"value":"[^"]+"/g) ?? [])
        if (!measures.has(m.slice(9, -1))) measures.set(m.slice(9, -1), who);
    }
    expect(measures.size).toBeGreaterThanOrEqual(8);
    for (const [m, who] of measures) {
      const c = await fresh(deepOn('4b'), 'medtanken');
      await open(`åtgärd ${m}`, who, 'arende.formular', { ...ref(c), form: 'measure', measure: m });
    }
    for (const form of ['message', 'answer'] as const) {
      const c = await fresh();
      await open(`svar ${form}`, mottagare, 'svar.formular', { caseId: c.id, form });
    }
    // The reporting side's verdict and a measure's effect, on a case the receiver has answered.
    const answered = await fresh();
    const answerForm = (await h.execute(mottagare, personal(mottagare), 'svar.formular', { caseId: answered.id, form: 'answer' })).card;
    await h.execute(mottagare, personal(mottagare), 'svar.skicka', {
      ...submitsOf(answerForm)[0]!.data,
      ...validInputs(answerForm, today).values,
      // One measure, the receiver's own.
      // Due today: its effect may be followed up at once.
      ...{ owner1: 'mottagare', due1: today },
      ...Object.fromEntries([2, 3, 4].flatMap((n) => [`measure${n}`, `owner${n}`, `due${n}`].map((id) => [id, '']))),
    });
    const measureId = h.bot.stores.answers.get(answered.id)?.investigation?.measures[0]?.id;
    expect(measureId, 'the answer with its measure was stored').toBeDefined();
    await open('svar verdict', chef, 'svar.formular', { caseId: answered.id, form: 'verdict' });
    await open('svar effect', mottagare, 'svar.formular', { caseId: answered.id, form: 'effect', measureId });
    // The joint cause analysis's step forms (issue 35.2), each on an analysis of its own in the
    // state its form is made for, and a lärdom shared from one; by the part each is for.
    const by = { userId: 'aad-off', name: 'Olle' };
    const at = new Date().toISOString();
    const measure = (id: string, worked = false) => ({
      id,
      text: 'Ny rutin för listan',
      owner: 'mottagare' as const,
      due: today,
      ...(worked ? { effect: { result: 'ja' as const, comment: 'Fungerade.', at, by } } : {}),
    });
    let analyses = 0;
    const analysis = async (over: Partial<Analysis> = {}) => {
      const c = await fresh();
      const id = `HA-2026-${String(++analyses).padStart(3, '0')}`;
      await h.bot.stores.analyses.put({
        id,
        subject: { kind: 'case', caseId: c.id },
        caseIds: [c.id],
        receiver: c.report.receiver,
        reporterUnits: [c.report.reporterUnit],
        category: c.report.category,
        channel: 'channel:x',
        status: 'pagar',
        timeline: [],
        factors: [],
        measures: [],
        startedAt: at,
        startedBy: by,
        ...over,
      });
      return id;
    };
    for (const [form, who] of [
      ['event', mottagare],
      ['factor', chef],
      ['measure', officer],
    ] as const)
      await open(`analys ${form}`, who, 'analys.formular', { analysisId: await analysis(), form });
    const [m1, m2, m3] = ['a1', 'a2', 'a3'].map((n) => `00000000-0000-4000-8000-0000000000${n}`) as [string, string, string];
    const cause = { id: 'f1', cause: 'rutin-saknas', kind: 'orsak' as const, text: 'Ingen rutin', at, by };
    await open('analys conclusion', officer, 'analys.formular', {
      analysisId: await analysis({ factors: [cause], measures: [measure(m1)] }),
      form: 'conclusion',
    });
    await open('analys effect', mottagare, 'analys.formular', {
      analysisId: await analysis({ measures: [measure(m2)] }),
      form: 'effect',
      measureId: m2,
    });
    await open('analys lesson', officer, 'analys.formular', {
      analysisId: await analysis({ measures: [measure(m3, true)] }),
      form: 'lesson',
      measureId: m3,
    });
    await h.say(reporter, personal(reporter), 'ny avvikelse');
    const reportCard = h.connector.cards().at(-1);
    for (const action of submitsOf(reportCard))
      forms.push({ who: reporter, verb: action.verb, data: action.data, card: reportCard, name: 'rapport' });
    expect(forms.length).toBeGreaterThan(20);

    let fields = 0;
    for (const [i, f] of forms.entries()) {
      const { values: card, text } = validInputs(f.card, today);
      const values = { ...card, ...CHOSEN[f.name] };
      for (const [j, id] of text.entries()) {
        const pnr = VALID_FORMS[(i + j) % VALID_FORMS.length]!;
        await h.execute(f.who, personal(f.who), f.verb, { ...f.data, ...values, [id]: `Patienten ${pnr} fick fel läkemedel` });
        fields++;
      }
      // Then the same form clean, with its own mark in every text field: it must be stored, or
      // the refusals above could have come from something other than the screening.
      const marked = Object.fromEntries(text.filter((id) => !FORMATTED[id]).map((id) => [id, `${values[id] as string} (formulär ${i})`]));
      await h.execute(f.who, personal(f.who), f.verb, { ...f.data, ...values, ...marked });
    }
    expect(fields).toBeGreaterThan(50);
    await h.bot.audit.flush();
    const all = await everything(h);
    expect(FINGERPRINTS.filter((fp) => all.includes(fp))).toEqual([]);
    // Every form with a free text had its clean submit stored: each refusal above was the screening's.
    const notStored = forms.map((f, i) => (all.includes(`(formulär ${i})`) || !validInputs(f.card, today).text.length ? '' : f.name));
    expect(notStored.filter(Boolean).join(', ')).toEqual('');
  }, 180_000);
});

/** Choices that make a form keep every text it has (an accepted answer keeps no reason). */
const CHOSEN: Record<string, Node> = {
  'svar verdict': { accepted: 'nej' },
  // What happened lies in the past (the analysis refuses a day after today).
  'analys event': { date: addDays(testToday, -1) },
};

/** Free-text fields with a format of their own: a valid value (never marked). */
const FORMATTED: Record<string, string> = { medControlId: 'MC-2026-1' };

/** A case prioritised A–E (a handover needs it). */
const graded = (c: Case): Case => ({ ...c, grades: GRADED });

/** A case not yet assessed. */
const isNew = (c: Case): Case => ({ ...c, status: 'ny', step: undefined, deadlines: [], events: c.events.slice(0, 1) });
/** A case on a step of the running ladder, with no open date. */
const onStep =
  (step: string) =>
  (c: Case): Case => ({ ...c, step, deadlines: [] });
/** A case handed over to deep follow-up, on this step, every deep step before it documented. */
const deepOn =
  (step: string) =>
  (c: Case): Case => {
    const done = ['1', '2a', '2b', '3a', '3b', '4a', '4b'].filter((s) => s <= step && s !== c.step);
    const events = done.map((s) => ({ ...c.events.at(-1)!, type: 'steg' as const, to: s, comment: `Steg ${s} dokumenterat` }));
    return { ...c, track: 'fordjupad', step, deadlines: [], events: [...c.events, ...events] };
  };
