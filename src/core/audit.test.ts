import { describe, expect, it } from 'vitest';
import { MemoryRecordStore } from '../store/memory.js';
import { AuditEntry, AuditService, REFUSALS_PER_MINUTE } from './audit.js';

const at = (s: number) => new Date(Date.UTC(2026, 10, 30, 9, 0, s));

describe('the audit service', () => {
  it('records a refusal as a fixed-size entry and coalesces a user’s verb per minute', async () => {
    const store = new MemoryRecordStore<AuditEntry>('audit', AuditEntry);
    const audit = new AuditService(store);
    for (let i = 0; i < 50; i++) await audit.refused('u1', 'arende.steg', 'role', at(i % 60), 'case-1', 'Olle');
    await audit.refused('u2', 'arende.steg', 'role', at(1));
    await audit.flush();
    const entries = store.all();
    expect(entries).toHaveLength(2);
    const mine = entries.find((e) => e.actor === 'u1')!;
    expect(mine).toMatchObject({
      action: 'refused',
      subject: 'case-1',
      count: 50,
      details: { verb: 'arende.steg', kind: 'role', name: 'Olle' },
    });
    expect(Object.keys(mine.details).sort()).toEqual(['kind', 'name', 'verb']);
  });

  it('starts a new entry for a new minute and keeps the old one’s count', async () => {
    const store = new MemoryRecordStore<AuditEntry>('audit', AuditEntry);
    const audit = new AuditService(store);
    await audit.refused('u1', 'v', 'scope', new Date('2026-11-30T09:00:10Z'));
    await audit.refused('u1', 'v', 'scope', new Date('2026-11-30T09:00:20Z'));
    await audit.refused('u1', 'v', 'scope', new Date('2026-11-30T09:01:05Z'));
    await audit.flush();
    expect(
      store
        .all()
        .map((e) => [e.at, e.count])
        .sort(),
    ).toEqual([
      ['2026-11-30T09:00:00.000Z', 2],
      ['2026-11-30T09:01:00.000Z', 1],
    ]);
  });

  it('limits a user past the refusal limit for the rest of the minute, and only that user', async () => {
    const audit = new AuditService(new MemoryRecordStore<AuditEntry>('audit', AuditEntry));
    const results: boolean[] = [];
    for (let i = 0; i < REFUSALS_PER_MINUTE + 2; i++) results.push(await audit.refused('u1', 'v', 'role', at(i)));
    expect(results.slice(0, REFUSALS_PER_MINUTE)).toEqual(Array(REFUSALS_PER_MINUTE).fill(false));
    expect(results.slice(REFUSALS_PER_MINUTE)).toEqual([true, true]);
    expect(await audit.refused('u2', 'v', 'role', at(30))).toBe(false);
    expect(await audit.refused('u1', 'v', 'role', new Date('2026-11-30T09:01:30Z'))).toBe(false);
  });

  it('never stores a name that looks like an identity number', async () => {
    const store = new MemoryRecordStore<AuditEntry>('audit', AuditEntry);
    await new AuditService(store).refused('u1', 'v', 'role', at(0), undefined, 'Test 19121212-1212');
    expect(store.all()[0]!.details['name']).toBeUndefined();
  });

  it('finds entries by the case they concern', async () => {
    const audit = new AuditService(new MemoryRecordStore<AuditEntry>('audit', AuditEntry));
    await audit.record('u1', 'light.override', at(0), {}, 'boras');
    await audit.refused('u1', 'v', 'scope', at(1), 'case-9');
    expect(audit.forCase('case-9').map((e) => e.action)).toEqual(['refused']);
    expect(audit.forCase('boras').map((e) => e.action)).toEqual(['light.override']);
  });
});
