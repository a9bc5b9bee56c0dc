// The answer's deadline is a local routine the region decides (answers.json cites Göteborg's
// 60 days as such): by agreement area first, then by the receiver's kind, else the default.
import { describe, expect, it } from 'vitest';
import { loadReference } from '../core/refdata.js';
import { answerDays, answerDueDate } from './policy.js';

describe('the answer deadline', async () => {
  const ref = await loadReference('data/reference');
  const withPolicy = (answers: Partial<typeof ref.answers>) => ({ ...ref, answers: { ...ref.answers, ...answers } });

  it('is 60 days by default, as the shipped routine says', () => {
    expect(answerDays(ref, { receiver: 'sahlgrenska' })).toBe(60);
    expect(answerDueDate(ref, { receiver: 'boras' }, '2026-11-09')).toBe('2027-01-08');
  });

  it('follows the receiver’s kind, and the agreement area before it', () => {
    const policy = withPolicy({ byProviderKind: { kommun: 30 }, byAgreement: { sip: 14 } });
    expect(answerDays(policy, { receiver: 'boras' })).toBe(30);
    expect(answerDays(policy, { receiver: 'sahlgrenska' })).toBe(60);
    expect(answerDays(policy, { receiver: 'boras', agreement: 'sip' })).toBe(14);
    expect(answerDays(policy, { receiver: 'boras', agreement: 'lakemedel' })).toBe(30);
  });
});
