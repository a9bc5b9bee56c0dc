import { describe, expect, it } from 'vitest';
import { deepFreeze } from './freeze.js';

describe('deepFreeze', () => {
  it('freezes every object and array under a record, whatever their nesting', () => {
    const record = { id: 'a', events: [{ actor: { roles: ['x'] }, details: { list: [[{ deep: 1 }]] } }], none: null, n: 1 };
    const frozen = deepFreeze(record);
    expect(frozen).toBe(record);
    const all: object[] = [record, record.events, record.events[0]!, record.events[0]!.actor, record.events[0]!.actor.roles];
    all.push(
      record.events[0]!.details,
      record.events[0]!.details.list,
      record.events[0]!.details.list[0]!,
      record.events[0]!.details.list[0]![0]!,
    );
    for (const v of all) expect(Object.isFrozen(v)).toBe(true);
  });

  it('returns primitives as they are and stops at a cycle', () => {
    expect(deepFreeze('text')).toBe('text');
    expect(deepFreeze(null)).toBe(null);
    const a: { self?: unknown; list: unknown[] } = { list: [] };
    a.self = a;
    a.list.push(a);
    expect(Object.isFrozen(deepFreeze(a))).toBe(true);
  });
});
