import { describe, expect, it } from 'vitest';
import { luhnValid, screenIdentity } from './screen.js';

// A generated corpus: no real numbers live in the repository. For each birth date we make
// the one serial whose check digit is valid, and one with a wrong check digit.
function checkDigit(nine: string): number {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${nine}${d}`)) return d;
  throw new Error('unreachable');
}

function corpus(count: number, coordination = false) {
  const out: { yyyymmdd: string; serial3: string; valid: string; invalid: string }[] = [];
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
  for (let i = 0; i < count; i++) {
    const year = 1930 + rnd(90);
    const month = 1 + rnd(12);
    const day = 1 + rnd(28) + (coordination ? 60 : 0);
    const yyyymmdd = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    const serial3 = String(rnd(1000)).padStart(3, '0');
    const nine = `${yyyymmdd.slice(2)}${serial3}`;
    const good = checkDigit(nine);
    out.push({ yyyymmdd, serial3, valid: `${serial3}${good}`, invalid: `${serial3}${(good + 1) % 10}` });
  }
  return out;
}

const FORMS: ((d: string, last4: string) => string)[] = [
  (d, l) => `${d.slice(2)}-${l}`, // YYMMDD-NNNN
  (d, l) => `${d.slice(2)}+${l}`, // YYMMDD+NNNN (100+ years)
  (d, l) => `${d.slice(2)}${l}`, // YYMMDDNNNN
  (d, l) => `${d}-${l}`, // YYYYMMDD-NNNN
  (d, l) => `${d}${l}`, // YYYYMMDDNNNN
  (d, l) => `${d.slice(2)} ${l}`, // YYMMDD NNNN
  (d, l) => `${d} ${l}`, // YYYYMMDD NNNN
];

describe('personnummer and samordningsnummer screening', () => {
  for (const coordination of [false, true]) {
    const label = coordination ? 'samordningsnummer' : 'personnummer';
    it(`blocks every valid ${label} in every written form`, () => {
      for (const p of corpus(60, coordination)) {
        for (const form of FORMS) {
          const text = `Patienten ${form(p.yyyymmdd, p.valid)} fick fel dos.`;
          expect(screenIdentity(text), text).toEqual([{ kind: 'block', match: form(p.yyyymmdd, p.valid) }]);
        }
      }
    });

    it(`warns (not blocks) when the ${label} check digit is wrong`, () => {
      for (const p of corpus(60, coordination)) {
        for (const form of FORMS) {
          expect(screenIdentity(`nr ${form(p.yyyymmdd, p.invalid)}`).map((f) => f.kind)).toEqual(['warn']);
        }
      }
    });
  }

  it('leaves ordinary numbers, dates and times alone', () => {
    for (const text of [
      'Ring 031-123 45 67 före 14:30',
      'Händelsen 2026-11-20 kl 1430',
      'Dosen var 2,5 mg två gånger per dag i 10 dagar',
      'MedControl-ärende 2026-04711',
      'Ordernummer 12345678901234',
      'Datumet 991399-1234 finns inte',
    ]) {
      expect(screenIdentity(text), text).toEqual([]);
    }
  });
});
