// The answer loop's rules as data: which side may do what (the receiving provider's mottagare
// answers; the reporter or the reporting unit's chef judges; a measure's owner follows it up),
// with people written out here rather than derived from the code under test.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../core/roles.js';
import type { Case } from '../cases/model.js';
import { sampleCase } from '../../test/support/cases.js';
import { emptyAnswer, type AnswerRecord } from './model.js';
import { acknowledge, answer, followUpEffect, judge, post, suggestedStep, type AnswerContext } from './rules.js';

const c = {
  ...sampleCase({ report: { ...sampleCase().report, receiver: 'sodra-alvsborgs-sjukhus', reporterUnit: 'boras' } }),
  version: 1,
  answerLoop: true,
} as Case;
const people: Record<string, Actor> = {
  mottagare: { userId: 'm', name: 'M', roles: ['medarbetare', 'mottagare'], providers: ['sodra-alvsborgs-sjukhus'] },
  otherMottagare: { userId: 'm2', name: 'M2', roles: ['medarbetare', 'mottagare'], providers: ['nu-sjukvarden'] },
  reporter: { userId: c.reporter.userId, name: 'R', roles: ['medarbetare'], providers: [] },
  chef: { userId: 'ch', name: 'Ch', roles: ['medarbetare', 'chef'], providers: ['boras'] },
  otherChef: { userId: 'ch2', name: 'Ch2', roles: ['medarbetare', 'chef'], providers: ['ale'] },
  handlaggare: { userId: 'h', name: 'H', roles: ['medarbetare', 'handlaggare'], providers: ['*'] },
  colleague: { userId: 'x', name: 'X', roles: ['medarbetare'], providers: ['boras'] },
};
const ctx = (who: string, over: Partial<AnswerContext> = {}): AnswerContext => ({
  actor: people[who]!,
  now: new Date('2026-11-23T09:00:00Z'),
  today: '2026-11-23',
  activityId: 'a1',
  c,
  ...over,
});
const empty = emptyAnswer(c);
/** The reference causes as the handler checks them (data/reference/causes.json). */
const isCause = (id: string) => ['kommunikationsbrist', 'rutin-saknas'].includes(id);
/**
 * Made inside each test, never at load: a mutant that breaks it must fail tests, not the
 * module's import (which the mutation runner does not count as a failed test).
 */
const answeredRecord = (): AnswerRecord => {
  const d = answer(
    empty,
    {
      whatHappened: 'Hände',
      causes: ['kommunikationsbrist'],
      cause: 'Orsak',
      answer: 'Svar',
      rows: [{ row: 1, text: 'Utbilda', owner: 'chef', due: '2026-12-01' }],
    },
    ctx('mottagare'),
    4,
    isCause,
  );
  if (!d.ok) throw new Error(d.reason);
  return { ...d.next, version: 2 } as AnswerRecord;
};

describe('who may do what in the answer loop', () => {
  const MAY: [string, (who: string) => { ok: boolean }, string[]][] = [
    ['acknowledge', (who) => acknowledge(empty, ctx(who)), ['mottagare']],
    ['post in the thread', (who) => post(empty, 'Fråga', ctx(who)), ['mottagare', 'reporter', 'chef']],
    [
      'answer',
      (who) =>
        answer(empty, { whatHappened: 'a', causes: ['kommunikationsbrist'], cause: 'b', answer: 'c', rows: [] }, ctx(who), 4, isCause),
      ['mottagare'],
    ],
    ['judge the answer', (who) => judge(answeredRecord(), { accepted: true }, ctx(who)), ['reporter', 'chef']],
    [
      'follow up the chef’s measure',
      (who) => {
        const rec = answeredRecord();
        return followUpEffect(
          rec,
          { measureId: rec.investigation!.measures[0]!.id, result: 'ja', comment: 'Bra' },
          ctx(who, { today: '2026-12-01' }),
        );
      },
      ['chef'],
    ],
  ];
  for (const [action, run, allowed] of MAY) {
    for (const who of Object.keys(people)) {
      const may = allowed.includes(who);
      it(`${action}: ${who} ${may ? 'may' : 'may not (a missing mandate, audited)'}`, () => {
        const d = run(who);
        if (may) expect(d.ok).toBe(true);
        else expect(d).toMatchObject({ ok: false, mandate: true });
      });
    }
  }
});

describe('the answer', () => {
  it('needs each measure with a text, an owner and a date not in the past, next to its row', () => {
    const run = (rows: Parameters<typeof answer>[1]['rows']) =>
      answer(empty, { whatHappened: 'a', causes: ['kommunikationsbrist'], cause: 'b', answer: 'c', rows }, ctx('mottagare'), 2, isCause);
    expect(run([{ row: 2, owner: 'chef', due: '2026-12-01' }])).toMatchObject({
      ok: false,
      reason: 'answer.measureText',
      field: 'measure2',
    });
    expect(run([{ row: 1, text: 't', due: '2026-12-01' }])).toMatchObject({ ok: false, field: 'owner1' });
    expect(run([{ row: 1, text: 't', owner: 'mottagare' }])).toMatchObject({ ok: false, field: 'due1' });
    expect(run([{ row: 1, text: 't', owner: 'mottagare', due: '2026-11-22' }])).toMatchObject({ ok: false, reason: 'answer.measurePast' });
    expect(run([{ row: 1, text: 't', owner: 'mottagare', due: '2026-11-23' }]).ok).toBe(true);
    const three = [1, 2, 3].map((row) => ({ row, text: 't', owner: 'chef' as const, due: '2026-12-01' }));
    expect(run(three)).toMatchObject({ ok: false, reason: 'answer.tooManyMeasures' });
  });

  it('is judged once; not accepted needs a reason; a new answer clears the verdict and keeps followed-up measures', () => {
    expect(judge(answeredRecord(), { accepted: false }, ctx('chef'))).toMatchObject({
      ok: false,
      reason: 'answer.reasonRequired',
      field: 'reason',
    });
    const no = judge(answeredRecord(), { accepted: false, reason: 'Räcker inte' }, ctx('chef'));
    if (!no.ok) throw new Error(no.reason);
    const judged = { ...no.next, version: 3 } as AnswerRecord;
    expect(judge(judged, { accepted: true }, ctx('reporter'))).toMatchObject({ ok: false, reason: 'answer.alreadyJudged' });
    const effect = followUpEffect(
      judged,
      { measureId: judged.investigation!.measures[0]!.id, result: 'nej', comment: 'Nej' },
      ctx('chef', { today: '2026-12-01' }),
    );
    if (!effect.ok) throw new Error(effect.reason);
    const again = answer(
      { ...effect.next },
      {
        whatHappened: 'Ny',
        causes: ['kommunikationsbrist'],
        cause: 'Ny',
        answer: 'Nytt svar',
        rows: [{ row: 1, text: 'Utbilda', owner: 'chef', due: '2026-12-01' }],
      },
      ctx('mottagare', { today: '2026-11-30' }),
      4,
      isCause,
    );
    if (!again.ok) throw new Error(again.reason);
    expect(again.next.verdict).toBeUndefined();
    expect(again.next.investigation!.measures[0]!.effect).toMatchObject({ result: 'nej' });
  });

  it('asks for the effect from the measure’s date, once', () => {
    const rec = answeredRecord();
    const id = rec.investigation!.measures[0]!.id;
    expect(followUpEffect(rec, { measureId: id, result: 'ja', comment: 'x' }, ctx('chef', { today: '2026-11-30' }))).toMatchObject({
      ok: false,
      reason: 'answer.effectEarly',
    });
    const done = followUpEffect(rec, { measureId: id, result: 'ja', comment: 'x' }, ctx('chef', { today: '2026-12-01' }));
    if (!done.ok) throw new Error(done.reason);
    // What it worked for, as the case stood: the repeat figure reads it without the case.
    expect(done.next.investigation!.measures[0]!.effect).toMatchObject({ receiver: c.report.receiver, category: c.report.category });
    expect(
      followUpEffect({ ...done.next }, { measureId: id, result: 'ja', comment: 'x' }, ctx('chef', { today: '2026-12-02' })),
    ).toMatchObject({ ok: false, reason: 'answer.effectDone' });
    expect(followUpEffect(answeredRecord(), { measureId: 'nope', result: 'ja', comment: 'x' }, ctx('chef'))).toMatchObject({
      ok: false,
      reason: 'answer.unknownMeasure',
    });
  });

  it('is closed to everyone once the case is closed', () => {
    const closed = { ...c, status: 'avslutad' } as Case;
    expect(acknowledge(empty, ctx('mottagare', { c: closed }))).toMatchObject({ ok: false, reason: 'answer.caseClosed' });
    expect(post(empty, 'x', ctx('reporter', { c: closed }))).toMatchObject({ ok: false, reason: 'answer.caseClosed' });
  });
});

// Issue 30.6: what each rule records, and each refusal on its own (the wider mutation run's survivors).
describe('what the answer loop records', () => {
  const ok = <D extends { ok: boolean }>(d: D) => {
    if (!d.ok) throw new Error(JSON.stringify(d));
    return d as Extract<D, { ok: true }>;
  };
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ row: i + 1, text: 't', owner: 'chef' as const, due: '2026-12-01' }));
  const answerWith = (a: Omit<AnswerRecord, 'version'>, who = 'mottagare', over: Partial<AnswerContext> = {}, n = 1, max = 4) =>
    answer(a, { whatHappened: 'a', causes: ['kommunikationsbrist'], cause: 'b', answer: 'c', rows: rows(n) }, ctx(who, over), max, isCause);

  it('lets one whose report was added to the case act on the reporting side, and nobody else by that', () => {
    const linked = {
      ...c,
      linked: [{ formId: 'f2', at: '2026-11-20T09:00:00.000Z', reporter: { userId: 'lk', name: 'L' }, report: c.report }],
    } as Case;
    const added: Actor = { userId: 'lk', name: 'L', roles: ['medarbetare'], providers: [] };
    const d = ok(post(empty, 'Fråga', { ...ctx('reporter'), actor: added, c: linked }));
    expect(d.event.side).toBe('rapporterande');
    expect(post(empty, 'Fråga', { ...ctx('reporter'), actor: { ...added, userId: 'other' }, c: linked })).toMatchObject({
      ok: false,
      mandate: true,
    });
  });

  it('acknowledges once, by whom and when, and appends each event to the trail', () => {
    const d = ok(acknowledge(empty, ctx('mottagare')));
    expect(d.next.acknowledged).toEqual({ at: '2026-11-23T09:00:00.000Z', by: { userId: 'm', name: 'M' } });
    expect(acknowledge({ ...d.next }, ctx('mottagare'))).toMatchObject({ ok: false, reason: 'answer.alreadyAcknowledged' });
    const q = ok(post({ ...d.next }, 'Vilken avdelning?', ctx('chef')));
    expect(q.next.events.map((e) => e.type)).toEqual(['kvitterad', 'meddelande']);
    expect(q.next.thread).toMatchObject([{ side: 'rapporterande', text: 'Vilken avdelning?', by: { userId: 'ch' } }]);
  });

  it('keeps an earlier acknowledgement when answering, and sets one when there was none', () => {
    const acked = ok(acknowledge(empty, ctx('mottagare', { now: new Date('2026-11-20T08:00:00Z') }))).next;
    expect(ok(answerWith(acked)).next.acknowledged!.at).toBe('2026-11-20T08:00:00.000Z');
    expect(ok(answerWith(empty)).next.acknowledged!.at).toBe('2026-11-23T09:00:00.000Z');
  });

  it('refuses an answer on a closed case, after an accepted one, and over the measure limit (at it, fine)', () => {
    expect(answerWith(empty, 'mottagare', { c: { ...c, status: 'avslutad' } as Case })).toMatchObject({ reason: 'answer.caseClosed' });
    const accepted = ok(judge(answeredRecord(), { accepted: true }, ctx('chef'))).next;
    expect(answerWith(accepted)).toMatchObject({ ok: false, reason: 'answer.alreadyAccepted' });
    expect(answerWith(empty, 'mottagare', {}, 2, 2).ok).toBe(true);
    expect(answerWith(empty, 'mottagare', {}, 3, 2)).toMatchObject({ reason: 'answer.tooManyMeasures', vars: { max: '2' } });
    expect(
      answer(
        empty,
        {
          whatHappened: 'a',
          causes: ['kommunikationsbrist'],
          cause: 'b',
          answer: 'c',
          rows: [{ row: 3, text: 't', owner: 'chef', due: '2026-11-01' }],
        },
        ctx('mottagare'),
        4,
        isCause,
      ),
    ).toMatchObject({ reason: 'answer.measurePast', field: 'due3' });
  });

  it('codes the causes with the reference causes, each once, and refuses one not in them (issue 35.1)', () => {
    const coded = (causes: string[]) =>
      answer(empty, { whatHappened: 'a', causes, cause: 'b', answer: 'c', rows: [] }, ctx('mottagare'), 4, isCause);
    expect(ok(coded(['rutin-saknas', 'kommunikationsbrist', 'rutin-saknas'])).next.investigation?.causes).toEqual([
      'rutin-saknas',
      'kommunikationsbrist',
    ]);
    expect(coded(['kommunikationsbrist', 'hittepa'])).toMatchObject({ ok: false, reason: 'answer.unknownCause', field: 'causes' });
  });

  it('is judged only once answered', () => {
    expect(judge(empty, { accepted: true }, ctx('chef'))).toMatchObject({ ok: false, reason: 'answer.notAnswered' });
  });

  it('records the effect on that measure only, on the side of its owner, from its date', () => {
    const two = ok(
      answer(
        empty,
        {
          whatHappened: 'a',
          causes: ['kommunikationsbrist'],
          cause: 'b',
          answer: 'c',
          rows: [
            { row: 1, text: 'Rutin', owner: 'mottagare', due: '2026-12-01' },
            { row: 2, text: 'Utbilda', owner: 'chef', due: '2026-12-01' },
          ],
        },
        ctx('mottagare'),
        4,
        isCause,
      ),
    ).next;
    const [theirs, ours] = two.investigation!.measures;
    expect(followUpEffect(two, { measureId: theirs!.id, result: 'ja', comment: 'x' }, ctx('chef', { today: '2026-12-01' }))).toMatchObject({
      ok: false,
      mandate: true,
    });
    expect(followUpEffect(two, { measureId: theirs!.id, result: 'ja', comment: 'x' }, ctx('mottagare'))).toMatchObject({
      reason: 'answer.effectEarly',
      vars: { date: '2026-12-01' },
    });
    const d = ok(followUpEffect(two, { measureId: theirs!.id, result: 'ja', comment: 'x' }, ctx('mottagare', { today: '2026-12-01' })));
    expect(d.event).toMatchObject({ type: 'effekt', side: 'mottagare', measureId: theirs!.id });
    expect(d.next.investigation!.measures.map((m) => m.effect?.result)).toEqual(['ja', undefined]);
    const e = ok(
      followUpEffect({ ...d.next }, { measureId: ours!.id, result: 'delvis', comment: 'y' }, ctx('chef', { today: '2026-12-01' })),
    );
    expect(e.event.side).toBe('rapporterande');
  });
});

describe('the suggested next step for the follow-up team', () => {
  const running = ['0', '1', '2a', '2b', '3'];
  const at = (status: Case['status'], step?: string) => ({ ...c, status, step }) as Case;
  it.each([
    ['a new case', at('ny'), 'triage'],
    ['an assessed case, no step', at('uppfoljning'), '1'],
    ['at 0', at('uppfoljning', '0'), '1'],
    ['at 1', at('uppfoljning', '1'), '2a'],
    ['at 2b', at('uppfoljning', '2b'), '3'],
    ['at the top of the running ladder', at('uppfoljning', '3'), undefined],
    ['a closed case', at('avslutad', '1'), undefined],
  ] as const)('%s', (_name, kase, expected) => {
    expect(suggestedStep(kase, running)).toBe(expected);
  });
  // Issue 31.7: a case handed over at 3 stands after 2b on the deep ladder, which has no 3.
  const deep = ['0', '1', '2a', '2b', '3a', '3b', '4a', '4b', '5'];
  it.each([
    ['handed over at 3', at('uppfoljning', '3'), '3a'],
    ['at 3a', at('uppfoljning', '3a'), '3b'],
    ['at 4b', at('uppfoljning', '4b'), '5'],
    ['at the top of the deep ladder', at('uppfoljning', '5'), undefined],
  ] as const)('on the deep ladder, %s', (_name, kase, expected) => {
    expect(suggestedStep({ ...kase, track: 'fordjupad' }, deep)).toBe(expected);
  });
  // Issue 31.1: a municipality's or regional unit's case begins with the dialogue between the providers.
  const collaboration = ['0', 's1', 's2', 's3', 's4'];
  it.each([
    ['no step', at('uppfoljning'), 's1'],
    ['at 0', at('uppfoljning', '0'), 's1'],
    ['at s2', at('uppfoljning', 's2'), 's3'],
    ['at the top', at('uppfoljning', 's4'), undefined],
  ] as const)('on the collaboration ladder, %s', (_name, kase, expected) => {
    expect(suggestedStep({ ...kase, track: 'samverkan' }, collaboration)).toBe(expected);
  });
});
