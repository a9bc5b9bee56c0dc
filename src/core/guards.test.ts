import { describe, expect, it } from 'vitest';
import { checkGuard } from './guards.js';
import type { Role } from './roles.js';
import type { ConversationKind, Guard, ScopeCheck, Turn } from './turn.js';

const turn = (kind: ConversationKind, roles: Role[] = []): Turn => ({
  activityId: 'a',
  actor: { userId: 'u', name: 'U', roles: ['medarbetare', ...roles], providers: [] },
  place: { key: 'k', kind },
  locale: 'sv',
  now: new Date('2026-11-30T09:00:00Z'),
  text: '',
  args: '',
  data: {},
});

const inScope: ScopeCheck = { subject: 'c1', inScope: true };
const outside: ScopeCheck = { subject: 'c1', inScope: false };

// Every guard, every kind of conversation and role: the same table the edge applies to every route.
const CASES: [string, Guard, Turn, string | undefined][] = [
  ['no guard', {}, turn('channel'), undefined],
  ['personal only, in personal', { where: 'personal' }, turn('personal'), undefined],
  ['personal only, in a channel', { where: 'personal' }, turn('channel'), 'where'],
  ['personal only, in a group chat', { where: 'personal' }, turn('groupChat'), 'where'],
  ['team only, in a channel', { where: 'team' }, turn('channel'), undefined],
  ['team only, in a group chat', { where: 'team' }, turn('groupChat'), undefined],
  ['team only, in personal', { where: 'team' }, turn('personal'), 'where'],
  ['role held', { requires: ['handlaggare', 'teamledare'] }, turn('personal', ['teamledare']), undefined],
  ['role missing', { requires: ['handlaggare', 'teamledare'] }, turn('personal', ['teamet']), 'role'],
  ['medarbetare only', { requires: ['admin'] }, turn('personal'), 'role'],
  ['in scope', { scope: () => inScope }, turn('personal'), undefined],
  ['outside scope', { scope: () => outside }, turn('personal'), 'scope'],
  ['unknown thing', { scope: () => 'unknown' }, turn('personal'), 'unknown'],
  ['where before role', { where: 'personal', requires: ['admin'] }, turn('channel'), 'where'],
  ['role before scope', { requires: ['admin'], scope: () => outside }, turn('personal'), 'role'],
];

describe('route guards', () => {
  for (const [name, guard, t, expected] of CASES) {
    it(`${name}: ${expected ?? 'allowed'}`, async () => {
      expect((await checkGuard(guard, t))?.kind).toBe(expected);
    });
  }

  it('names the thing a refusal concerns only when it exists, and uses the route’s own message', async () => {
    expect(await checkGuard({ requires: ['admin'], scope: () => outside, denied: 'roles.notAdmin' }, turn('personal'))).toMatchObject({
      kind: 'role',
      subject: 'c1',
      message: 'roles.notAdmin',
    });
    expect(await checkGuard({ scope: () => outside }, turn('personal'))).toMatchObject({
      kind: 'scope',
      subject: 'c1',
      message: 'guard.unknown',
    });
    expect(await checkGuard({ scope: () => 'unknown' }, turn('personal'))).toEqual({ kind: 'unknown', message: 'guard.unknown' });
    expect(await checkGuard({ requires: ['admin'] }, turn('personal'))).toMatchObject({ message: 'guard.role', roles: ['admin'] });
  });
});
