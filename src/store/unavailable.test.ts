// Which failures the edge answers 503 "try again" (issue 29.6): the store away, never our faults.
import { describe, expect, it } from 'vitest';
import { isStoreUnavailable } from './contract.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });
/** An error wrapped n times as the cause of another. */
const chain = (n: number, inner: Error): Error => (n === 0 ? inner : new Error(`wrap ${n}`, { cause: chain(n - 1, inner) }));

describe('isStoreUnavailable', () => {
  const TABLE: [string, unknown, boolean][] = [
    ['a refused connection', coded('ECONNREFUSED'), true],
    ['a reset connection', coded('ECONNRESET'), true],
    ['an administrator ending the connection (57P01)', coded('57P01'), true],
    ['the server starting up (57P03)', coded('57P03'), true],
    ['a connection exception (08006)', coded('08006'), true],
    ['too many connections (53300)', coded('53300'), true],
    ['the pool giving up', new Error('timeout exceeded when trying to connect'), true],
    ['a connection ended mid-query', new Error('Connection terminated unexpectedly'), true],
    ['both addresses refused', new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]), true],
    ['a refusal as the cause', new Error('query failed', { cause: coded('ECONNREFUSED') }), true],
    ['a unique violation (23505)', coded('23505'), false],
    ['a syntax error (42601)', coded('42601'), false],
    ['a statement timeout (57014)', coded('57014'), false],
    ['a bug of ours', new TypeError("Cannot read properties of undefined (reading 'id')"), false],
    ['nothing', undefined, false],
    // Every network code the set names, one by one (a lost entry would answer 500).
    ...['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].map((code): [string, unknown, boolean] => [
      `the network saying ${code}`,
      coded(code),
      true,
    ]),
    // SQLSTATE codes are five characters whole: one inside a longer code is not one.
    ['a code ending in a connection exception', coded('X08006'), false],
    ['a code starting with one', coded('080060'), false],
    ['a code ending in 53300', coded('153300'), false],
    ['a refusal three causes down', chain(3, coded('ECONNREFUSED')), true],
    ['a refusal five causes down (not looked for: a cycle must end)', chain(5, coded('ECONNREFUSED')), false],
    ['errors that are not a list', Object.assign(new Error('x'), { errors: coded('ECONNREFUSED') }), false],
    ['a cause that is not a failure', new Error('x', { cause: 'ECONNREFUSED' }), false],
  ];
  for (const [what, err, away] of TABLE)
    it(`${away ? 'is' : 'is not'} unavailable: ${what}`, () => {
      expect(isStoreUnavailable(err)).toBe(away);
    });
});
