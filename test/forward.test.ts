// A misaddressed report sent on by the receiver's mottagare (issue 31.2), driven as Teams drives
// the bot: the button on the answer view, the form, the case at its new receiver with a new
// answer date and ladder, the reporter and the new mottagare told, the old side out of it; and
// every refusal (the other side, another organisation, after an answer, a retired or unknown
// receiver, a personnummer in the reason) with nothing stored.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerDueDate } from '../src/answers/policy.js';
import { addDays } from '../src/core/clock.js';
import { loadReference } from '../src/core/refdata.js';
import { actionData, cardProblems, fieldError } from './support/cards.js';
import { minimumReport } from './support/cases.js';
import { testToday } from './support/clock.js';
import { Harness, personal, type User } from './support/harness.js';

const reporter: User = { aadObjectId: 'aad-rep', name: 'Rut Rapportör' };
const sas: User = { aadObjectId: 'aad-sas', name: 'Sara SÄS' };
const nu: User = { aadObjectId: 'aad-nu', name: 'Nils NU' };
const chef: User = { aadObjectId: 'aad-chef', name: 'Charlotte Chef' };
const ROLES = {
  'aad-sas': { roles: ['mottagare'], providers: ['sodra-alvsborgs-sjukhus'] },
  'aad-nu': { roles: ['mottagare'], providers: ['nu-sjukvarden'] },
  'aad-chef': { roles: ['chef'], providers: ['boras'] },
};
const REASON = 'Patienten skrevs ut från NU-sjukvården, inte från oss.';

describe('a mottagare sends a misaddressed report on', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ roles: ROLES });
    for (const u of [reporter, sas, nu, chef]) await h.install(u, personal(u));
  });
  afterEach(() => h.stop());

  const act = (u: User, caseId: string, verb: string, data: Record<string, unknown> = {}) =>
    h.execute(u, personal(u), verb, { caseId, ...data });
  const received = (u: User, text: string) => h.connector.cards(personal(u).conversationId).filter((c) => JSON.stringify(c).includes(text));

  it('from the answer view’s button: a new receiver, direction, ladder and answer date; the reporter and the new mottagare told', async () => {
    const c = (await h.report(reporter, minimumReport({ eventDate: addDays(testToday, -1) })))!;
    const view = await act(sas, c.id, 'svar.visa');
    const open = actionData(view.card, 'svar.formular');
    expect(JSON.stringify(view.card)).toContain('Fel mottagare? Skicka vidare');
    const form = await act(sas, c.id, 'svar.formular', { form: 'forward' });
    expect(cardProblems(form.card)).toEqual([]);
    expect(open).toBeDefined();
    const submit = actionData(form.card, 'svar.vidarebefordra');
    expect(submit).toEqual({ caseId: c.id });
    // The choices: the register's providers, not the case's two parties.
    expect(JSON.stringify(form.card)).toContain('"value":"nu-sjukvarden"');
    expect(JSON.stringify(form.card)).not.toContain('"value":"sodra-alvsborgs-sjukhus"');
    expect(JSON.stringify(form.card)).not.toContain('"value":"boras"');

    const done = await act(sas, c.id, 'svar.vidarebefordra', { receiver: 'nu-sjukvarden', reason: REASON });
    expect(JSON.stringify(done.card)).toContain(`${c.number} är skickad vidare till NU-sjukvården`);
    const after = h.bot.stores.cases.get(c.id)!;
    const ref = await loadReference('data/reference');
    expect(after.report.receiver).toBe('nu-sjukvarden');
    expect(after.report.direction).toBe('kommun-region');
    expect(after.answerDue).toBe(answerDueDate(ref, after.report, testToday));
    expect(after.track).toBe('samverkan');
    expect(after.events.at(-1)).toMatchObject({
      type: 'vidarebefordrad',
      from: 'sodra-alvsborgs-sjukhus',
      to: 'nu-sjukvarden',
      comment: REASON,
    });
    expect(h.bot.stores.answers.get(c.id)?.events.at(-1)?.type).toBe('vidarebefordrad');
    expect(h.bot.stores.audit.all().find((a) => a.action === 'case.forward')).toMatchObject({
      actor: 'aad-sas',
      subject: c.id,
      details: { from: 'sodra-alvsborgs-sjukhus', to: 'nu-sjukvarden' },
    });
    await h.connector.waitFor(() => received(nu, c.number).length > 0);
    await h.connector.waitFor(() => received(reporter, 'Mottagaren har skickat').length > 0);
    expect(JSON.stringify(received(reporter, 'Mottagaren har skickat').at(-1))).toContain(REASON);
    await h.connector.waitFor(() => received(chef, 'Mottagaren har skickat').length > 0);

    // The old receiver is out of it; the new one sees it in its list and may acknowledge.
    const refusedBefore = h.bot.stores.audit.all().filter((a) => a.action === 'refused').length;
    const out = await act(sas, c.id, 'svar.visa');
    expect(JSON.stringify(out.card ?? out.body)).not.toContain('Läkemedelslistan saknades');
    expect(JSON.stringify((await act(nu, c.id, 'svar.visa')).card)).toContain('Läkemedelslistan saknades');
    expect(h.bot.stores.audit.all().filter((a) => a.action === 'refused').length).toBeGreaterThan(refusedBefore);
    await h.say(nu, personal(nu), 'inkomna avvikelser');
    expect(JSON.stringify(h.connector.cards(personal(nu).conversationId).at(-1))).toContain(c.number);
    expect(JSON.stringify((await act(nu, c.id, 'svar.kvittera')).card)).toContain('Kvitterat');
  });

  it('refuses the other side, another organisation, a closed window, and bad input, storing nothing', async () => {
    const c = (await h.report(reporter, minimumReport({ eventDate: addDays(testToday, -1) })))!;
    const stored = () => JSON.stringify([h.bot.stores.cases.get(c.id), h.bot.stores.answers.get(c.id)]);
    const before = stored();
    const forge = (u: User, data: Record<string, unknown> = {}) =>
      act(u, c.id, 'svar.vidarebefordra', { receiver: 'nu-sjukvarden', reason: REASON, ...data });
    const refusals = () => h.bot.stores.audit.all().filter((a) => a.action === 'refused' && a.subject === c.id).length;

    // The reporting side (the reporter, the unit's chef): a mandate refusal, audited.
    for (const u of [reporter, chef]) {
      const n = refusals();
      const res = await forge(u);
      expect(JSON.stringify(res.card)).toContain('mottagare');
      expect(refusals()).toBe(n + 1);
    }
    // A mottagare of another organisation: outside the scope.
    const n = refusals();
    const res = await forge(nu);
    expect(JSON.stringify(res.card ?? res.body)).not.toContain(c.number);
    expect(refusals()).toBe(n + 1);
    expect(stored()).toBe(before);

    // Bad input: on the form, next to its field, nothing stored.
    const unknown = await forge(sas, { receiver: 'finns-inte' });
    expect(fieldError(unknown.card, 'receiver')).toBe('Välj en vårdgivare eller enhet ur listan.');
    const same = await forge(sas, { receiver: 'sodra-alvsborgs-sjukhus' });
    expect(fieldError(same.card, 'receiver')).toBe('Avvikelsen ligger redan hos den mottagaren.');
    const identity = await forge(sas, { reason: 'Gäller 19121212-1212 som skrevs ut.' });
    expect(fieldError(identity.card, 'reason')).toBeDefined();
    // Shown back to the one who typed it, to mend (as every form does); never stored.
    expect(stored()).toBe(before);

    // Once answered, not any more.
    await act(sas, c.id, 'svar.skicka', {
      whatHappened: 'Vi utredde.',
      causes: 'rutin-saknas',
      cause: 'Rutin saknades.',
      answer: 'Vi har ändrat rutinen.',
    });
    expect(h.bot.stores.answers.get(c.id)?.answer).toBeDefined();
    const answered = stored();
    const late = await forge(sas);
    expect(JSON.stringify(late.card)).toContain('kan inte skickas vidare när ett svar är skickat');
    expect(JSON.stringify((await act(sas, c.id, 'svar.visa')).card)).not.toContain('Fel mottagare?');
    expect(stored()).toBe(answered);
  });
});
