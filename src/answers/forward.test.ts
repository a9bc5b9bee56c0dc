// Forwarding a misaddressed report (issue 31.2) as a pure rule: who may, until when, to whom,
// and what the case and the answer record become. People and providers written out here.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReference, type Reference } from '../core/refdata.js';
import type { Actor } from '../core/roles.js';
import type { Case, CaseEvent } from '../cases/model.js';
import { sampleCase } from '../../test/support/cases.js';
import { emptyAnswer } from './model.js';
import { forward, forwardChoices, forwardedAnswer, mayForward, type ForwardContext } from './forward.js';

let ref: Reference;
beforeAll(async () => {
  ref = await loadReference('data/reference');
});

const base = sampleCase();
const c = {
  ...base,
  report: { ...base.report, receiver: 'sodra-alvsborgs-sjukhus', reporterUnit: 'boras', direction: 'kommun-region' },
  version: 3,
  status: 'ny',
  answerLoop: true,
  answerDue: '2026-12-01',
} as Case;
const people: Record<string, Actor> = {
  mottagare: { userId: 'm', name: 'Mona', roles: ['medarbetare', 'mottagare'], providers: ['sodra-alvsborgs-sjukhus'] },
  other: { userId: 'm2', name: 'Nils', roles: ['medarbetare', 'mottagare'], providers: ['nu-sjukvarden'] },
  chef: { userId: 'ch', name: 'Ch', roles: ['medarbetare', 'chef'], providers: ['boras'] },
  team: { userId: 'h', name: 'H', roles: ['medarbetare', 'handlaggare'], providers: ['*'] },
};
const ctx = (who: string, over: Partial<ForwardContext> = {}): ForwardContext => ({
  actor: people[who]!,
  now: new Date('2026-11-23T09:00:00Z'),
  today: '2026-11-23',
  activityId: 'a1',
  c,
  ladder: ref.ladder,
  provider: (id) => ref.provider(id),
  answerDue: (report, today) => `${today}|${report.receiver}`,
  ...over,
});
const input = { receiver: 'medtanken', reason: 'Utskriven från vårdcentralen.' };
const event = (type: CaseEvent['type']): CaseEvent => ({
  at: '2026-11-22T09:00:00.000Z',
  type,
  actor: { userId: 'h', name: 'H', roles: [] },
  visibleToReporter: true,
});

describe('forwarding a misaddressed report', () => {
  it('gives the case its new receiver, the direction, the ladder and the answer date that receiver gives, recorded', () => {
    const acknowledged = { ...emptyAnswer(c), acknowledged: { at: '2026-11-22T10:00:00.000Z', by: { userId: 'm', name: 'Mona' } } };
    const d = forward(c, acknowledged, input, ctx('mottagare'));
    if (!d.ok) throw new Error(d.reason);
    expect(d.to.id).toBe('medtanken');
    expect(d.next.report).toEqual({ ...c.report, receiver: 'medtanken', direction: 'kommun-privat' });
    expect(d.next.answerDue).toBe('2026-11-23|medtanken');
    expect(d.next.track).toBe('lopande');
    expect(d.next.events.at(-1)).toEqual({
      at: '2026-11-23T09:00:00.000Z',
      type: 'vidarebefordrad',
      actor: { userId: 'm', name: 'Mona', roles: ['medarbetare', 'mottagare'] },
      from: 'sodra-alvsborgs-sjukhus',
      to: 'medtanken',
      comment: input.reason,
      activityId: 'a1',
      visibleToReporter: true,
    });
    expect(d.next.events).toHaveLength(c.events.length + 1);
    // The new receiver acknowledges afresh; the thread and the trail stay.
    const answer = forwardedAnswer(acknowledged, d.trail);
    expect(answer.acknowledged).toBeUndefined();
    expect(answer.events).toEqual([
      { at: '2026-11-23T09:00:00.000Z', type: 'vidarebefordrad', actor: d.next.events.at(-1)!.actor, side: 'mottagare', activityId: 'a1' },
    ]);
    // To a municipality or a regional unit: the collaboration ladder.
    const toRegion = forward(c, emptyAnswer(c), { ...input, receiver: 'nu-sjukvarden' }, ctx('mottagare'));
    expect(toRegion.ok && toRegion.next.track).toBe('samverkan');
    expect(toRegion.ok && toRegion.next.report.direction).toBe('kommun-region');
  });

  it('refuses anyone but a mottagare of the receiver, with the mandate marked', () => {
    for (const who of ['other', 'chef', 'team'])
      expect(forward(c, emptyAnswer(c), input, ctx(who)), who).toEqual({ ok: false, reason: 'answer.notReceiver', mandate: true });
  });

  it('refuses once answered, once a ladder step is taken, and on a closed case', () => {
    const answered = { ...emptyAnswer(c), answer: { text: 's', at: '2026-11-22T10:00:00.000Z', by: { userId: 'm', name: 'M' } } };
    expect(forward(c, answered, input, ctx('mottagare'))).toEqual({ ok: false, reason: 'forward.tooLate' });
    for (const type of ['steg', 'atgard', 'overlamnad'] as const) {
      const stepped = { ...c, events: [...c.events, event(type)] };
      expect(forward(stepped, emptyAnswer(c), input, ctx('mottagare', { c: stepped })), type).toEqual({
        ok: false,
        reason: 'forward.tooLate',
      });
      expect(mayForward(stepped, undefined), type).toBe(false);
    }
    const triaged = { ...c, events: [...c.events, event('triagerad')] };
    expect(mayForward(triaged, undefined)).toBe(true);
    const closed = { ...c, status: 'avslutad' as const };
    expect(forward(closed, emptyAnswer(c), input, ctx('mottagare', { c: closed }))).toEqual({ ok: false, reason: 'answer.caseClosed' });
    expect(mayForward(c, undefined)).toBe(true);
    expect(mayForward(c, answered)).toBe(false);
  });

  it('refuses a receiver not in the register, one retired, the same one, and the reporting unit, next to the field', () => {
    const retired = { ...ref.provider('medtanken')!, retired: '2026-11-01' };
    const withRetired = ctx('mottagare', { provider: (id) => (id === 'medtanken' ? retired : ref.provider(id)) });
    expect(forward(c, emptyAnswer(c), { ...input, receiver: 'finns-inte' }, ctx('mottagare'))).toEqual({
      ok: false,
      reason: 'forward.unknown',
      field: 'receiver',
    });
    expect(forward(c, emptyAnswer(c), input, withRetired)).toEqual({ ok: false, reason: 'forward.unknown', field: 'receiver' });
    expect(forward(c, emptyAnswer(c), { ...input, receiver: 'sodra-alvsborgs-sjukhus' }, ctx('mottagare'))).toEqual({
      ok: false,
      reason: 'forward.same',
      field: 'receiver',
    });
    expect(forward(c, emptyAnswer(c), { ...input, receiver: 'boras' }, ctx('mottagare'))).toEqual({
      ok: false,
      reason: 'form.error.sameProvider',
      field: 'receiver',
    });
  });

  it('offers the register’s providers but the two parties, by name', () => {
    const choices = forwardChoices(ref, c);
    const values = choices.map((x) => x.value);
    expect(values).not.toContain('sodra-alvsborgs-sjukhus');
    expect(values).not.toContain('boras');
    expect(values).toHaveLength(ref.providers.length - 2);
    expect(choices.find((x) => x.value === 'nu-sjukvarden')?.title).toBe('NU-sjukvården');
    const titles = choices.map((x) => x.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'sv')));
  });
});
