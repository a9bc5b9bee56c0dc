// "Annan vårdgivare" (issue 33.9): a receiver the register lacks is named in words, screened like
// every free text; until the officer maps it to the register at the first assessment no receiver
// sees the case (the follow-up team is told instead), and then the mapped receiver's mottagare
// hear of it and owe the answer from that day. Driven as Teams drives the bot.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../src/core/clock.js';
import { testToday } from './support/clock.js';
import { Harness, personal, type User } from './support/harness.js';
import { cardProblems, fieldError, findInput } from './support/cards.js';
import { minimumReport } from './support/cases.js';

const reporter: User = { aadObjectId: 'aad-rep', name: 'Rut Rapportör' };
const officer: User = { aadObjectId: 'aad-off', name: 'Olle Handläggare' };
const lead: User = { aadObjectId: 'aad-lead', name: 'Lena Teamledare' };
const saas: User = { aadObjectId: 'aad-mot', name: 'Mona Mottagare' };
const countyReceiver: User = { aadObjectId: 'aad-mot-all', name: 'Mats Mottagare' };

const ROLES = {
  'aad-off': { roles: ['handlaggare'], providers: ['boras'] },
  'aad-lead': { roles: ['teamledare'], providers: ['*'] },
  'aad-mot': { roles: ['mottagare'], providers: ['sodra-alvsborgs-sjukhus'] },
  'aad-mot-all': { roles: ['mottagare'], providers: ['*'] },
};
const NAME = 'Tandvården i Ulricehamn';

describe('a receiver that is not in the register (Annan vårdgivare)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ roles: ROLES });
    for (const u of [reporter, officer, lead, saas, countyReceiver]) await h.install(u, personal(u));
  });
  afterEach(async () => h.stop());

  const cardsOf = (u: User, text: string) => h.connector.cards(personal(u).conversationId).filter((c) => JSON.stringify(c).includes(text));
  const submitForm = async (fields: Record<string, string>) => {
    await h.say(reporter, personal(reporter), 'ny avvikelse');
    const form = h.connector.cards().at(-1);
    const formId = String(JSON.stringify(form).match(/"formId":"([^"]+)"/)?.[1]);
    return h.execute(reporter, personal(reporter), 'avvikelse.skicka', { formId, ...fields });
  };

  it('offers the choice and the name field on the form, and wants a name without an identity number', async () => {
    await h.say(reporter, personal(reporter), 'ny avvikelse');
    const form = h.connector.cards().at(-1);
    expect(cardProblems(form)).toEqual([]);
    expect(JSON.stringify(findInput(form, 'receiver'))).toContain('"value":"annan"');
    expect(JSON.stringify(findInput(form, 'receiver'))).toContain('Annan vårdgivare');
    expect(findInput(form, 'otherReceiver')).toBeDefined();

    let res = await submitForm(minimumReport({ eventDate: testToday, receiver: 'annan' }));
    expect(fieldError(res.card, 'otherReceiver')).toContain('Skriv vårdgivarens namn');
    res = await submitForm(minimumReport({ eventDate: testToday, receiver: 'annan', otherReceiver: 'Tandvården 19121212-1212' }));
    expect(fieldError(res.card, 'otherReceiver')).toContain('personnummer');
    expect(h.bot.stores.cases.all()).toEqual([]);
    // A name next to a provider of the list is not kept.
    const plain = await h.report(reporter, minimumReport({ eventDate: testToday, otherReceiver: NAME }));
    expect(plain!.report.otherReceiver).toBeUndefined();
  });

  it('is seen by no receiver until the officer maps it at the first assessment; then the mottagare owe the answer', async () => {
    const submitted = await submitForm(minimumReport({ eventDate: addDays(testToday, -1), receiver: 'annan', otherReceiver: NAME }));
    const c = h.bot.stores.cases.all()[0]!;
    expect(c.report).toMatchObject({ receiver: 'annan', otherReceiver: NAME, direction: 'okand' });
    const confirmation = JSON.stringify(submitted.card);
    expect(confirmation).toContain(`${NAME} (finns inte i registret än)`);
    expect(confirmation).toContain('Uppföljningsteamet, som tar reda på');

    // The follow-up team for the reporting unit is told; no mottagare is, and none may answer or list it.
    await h.connector.waitFor(() => cardsOf(officer, c.number).length > 0);
    expect(JSON.stringify(cardsOf(officer, c.number))).toContain('mottagaren finns inte i registret');
    expect(cardsOf(saas, c.number)).toEqual([]);
    expect(cardsOf(countyReceiver, c.number)).toEqual([]);
    const forged = await h.execute(countyReceiver, personal(countyReceiver), 'svar.kvittera', { caseId: c.id });
    expect(JSON.stringify(forged.card ?? h.connector.cards().at(-1))).not.toContain('Sparat');
    expect(h.bot.stores.answers.get(c.id)?.acknowledged).toBeUndefined();
    await h.say(countyReceiver, personal(countyReceiver), 'inkomna avvikelser');
    expect(JSON.stringify(h.connector.cards(personal(countyReceiver).conversationId).at(-1))).not.toContain(c.number);

    // The triage form asks for the receiver, without the reporting unit among the choices.
    const act = (data: Record<string, unknown>) =>
      h.execute(officer, personal(officer), 'arende.triage', {
        caseId: c.id,
        version: String(h.bot.stores.cases.get(c.id)!.version),
        ...data,
      });
    const open = await h.execute(officer, personal(officer), 'arende.formular', { caseId: c.id, form: 'triage' });
    expect(JSON.stringify(open.card)).toContain(`Rapportören skrev ”${NAME}”`);
    expect(JSON.stringify(findInput(open.card, 'receiver'))).toContain('sodra-alvsborgs-sjukhus');
    expect(JSON.stringify(findInput(open.card, 'receiver'))).not.toContain('"boras"');
    const decision = { decision: 'narmare-uppfoljning', assessment: 'mindre', comment: 'Tandvården avses', cause: 'kommunikationsbrist' };
    const extra = { consequence: 'tillbud', severity: '2' };
    let res = await act({ ...decision, ...extra });
    expect(fieldError(res.card, 'receiver')).toContain(NAME);
    res = await act({ ...decision, ...extra, receiver: 'boras' });
    expect(fieldError(res.card, 'receiver')).toContain('annan vårdgivare än');
    res = await act({ ...decision, ...extra, receiver: 'no-such-provider' });
    expect(fieldError(res.card, 'receiver')).toContain(NAME);
    expect(h.bot.stores.cases.get(c.id)!.status).toBe('ny');

    // Mapped three days after the report: the answer is owed from the day the receiver hears of it.
    h.clock!.advance(3 * 86_400_000);
    res = await act({ ...decision, ...extra, receiver: 'sodra-alvsborgs-sjukhus' });
    expect(JSON.stringify(res.card)).toContain('Sparat');
    const after = h.bot.stores.cases.get(c.id)!;
    expect(after.report).toMatchObject({ receiver: 'sodra-alvsborgs-sjukhus', otherReceiver: NAME, direction: 'kommun-region' });
    expect(after.answerDue).toBe(addDays(c.answerDue, 3));
    expect(after.events.at(-1)!.details).toMatchObject({ receiver: 'sodra-alvsborgs-sjukhus', otherReceiver: NAME });
    // The case card names the register's provider and keeps what the reporter wrote.
    expect(JSON.stringify(res.card)).toContain('Rapportören skrev');

    // Now the receiver's mottagare hear of it and may acknowledge it.
    await h.connector.waitFor(() => cardsOf(saas, c.number).length > 0);
    await h.execute(saas, personal(saas), 'svar.kvittera', { caseId: c.id });
    expect(h.bot.stores.answers.get(c.id)?.acknowledged?.by.userId).toBe('aad-mot');
  });

  it('never offers two reports to unknown providers as duplicates of each other', async () => {
    await h.report(reporter, minimumReport({ eventDate: testToday, receiver: 'annan', otherReceiver: NAME }));
    const second = await h.report(
      reporter,
      minimumReport({ eventDate: testToday, receiver: 'annan', otherReceiver: 'Privatläkarna i Borås' }),
    );
    expect(second).toBeDefined();
    expect(h.bot.stores.cases.all()).toHaveLength(2);
  });
});
