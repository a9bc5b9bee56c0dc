// The answer's deadline is a local routine the region decides (answers.json cites Göteborg's
// 60 days as such): by agreement area first, then by the receiver's kind, else the default.
import { describe, expect, it } from 'vitest';
import { loadReference } from '../core/refdata.js';
import { answerDays, answerDueDate, answerRule } from './policy.js';

describe('the answer deadline', async () => {
  const ref = await loadReference('data/reference');
  const withPolicy = (answers: Partial<typeof ref.answers>) => ({ ...ref, answers: { ...ref.answers, ...answers } });

  it('is 60 days by default, as the shipped routine says', () => {
    expect(answerDays(ref, { reporterUnit: 'boras', receiver: 'sahlgrenska' })).toBe(60);
    expect(answerDueDate(ref, { reporterUnit: 'sahlgrenska', receiver: 'boras' }, '2026-11-09')).toBe('2027-01-08');
  });

  // Issue 31.6: 60 days is Göteborgsområdet's routine, not a rule of the documents.
  it('names whose rule it is: Göteborgsområdet’s routine there, the region’s default elsewhere', () => {
    // A case between Göteborg and Sahlgrenska: the municipality's delregion.
    expect(answerRule(ref, { reporterUnit: 'goteborg', receiver: 'sahlgrenska' })).toMatchObject({
      days: 60,
      rule: { sv: expect.stringContaining('Göteborgsområdets rutin') },
    });
    expect(answerRule(ref, { reporterUnit: 'sahlgrenska', receiver: 'goteborg' }).rule.sv).toContain('Göteborgsområdets rutin');
    // Borås (Södra Älvsborg) has no routine in the reference data: the region's default, said so.
    expect(answerRule(ref, { reporterUnit: 'boras', receiver: 'sodra-alvsborgs-sjukhus' }).rule.sv).toContain('förval');
    const policy = withPolicy({
      byDelregion: { 'sodra-alvsborg': { days: 30, sv: 'Södra Älvsborgs rutin', en: 'Södra Älvsborg routine' } },
    });
    expect(answerRule(policy, { reporterUnit: 'boras', receiver: 'sodra-alvsborgs-sjukhus' })).toMatchObject({ days: 30 });
    expect(answerRule(policy, { reporterUnit: 'goteborg', receiver: 'sahlgrenska' }).days).toBe(60);
  });

  it('follows the receiver’s kind, and the agreement area before it', () => {
    // Between two regional units no municipality's routine applies: the receiver's kind, else the default.
    const policy = withPolicy({ byProviderKind: { region: 30 }, byAgreement: { sip: 14 } });
    const regional = { reporterUnit: 'sahlgrenska', receiver: 'sodra-alvsborgs-sjukhus' };
    expect(answerDays(policy, regional)).toBe(30);
    expect(answerDays(policy, { reporterUnit: 'sahlgrenska', receiver: 'medtanken' })).toBe(60);
    expect(answerDays(policy, { ...regional, agreement: 'sip' })).toBe(14);
    expect(answerRule(policy, { ...regional, agreement: 'sip' }).rule.sv).toBe('överenskommelsens tidsgräns');
    expect(answerDays(policy, { ...regional, agreement: 'lakemedel' })).toBe(30);
  });
});
