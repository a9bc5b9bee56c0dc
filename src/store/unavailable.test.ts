// Which failures the edge answers 503 "try again" (issue 29.6): the store away, never our faults.
import { describe, expect, it } from 'vitest';
import { isStoreUnavailable } from './contract.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

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
  ];
  for (const [what, err, away] of TABLE)
    it(`${away ? 'is' : 'is not'} unavailable: ${what}`, () => {
      expect(isStoreUnavailable(err)).toBe(away);
    });
});
