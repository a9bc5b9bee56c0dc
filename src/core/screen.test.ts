import { describe, expect, it } from 'vitest';
import { IDENTITY_NUMBERS } from '../../test/support/identity.js';
import { FreeText, luhnValid, screenIdentity } from './screen.js';

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
  // Hard-coded numbers whose check digits were computed with an independent Luhn (not luhnValid).
  for (const e of IDENTITY_NUMBERS) {
    const label = `${e.samordningsnummer ? 'samordningsnummer' : 'personnummer'} ${e.yyyymmdd}-${e.last4}`;
    it(`blocks ${label} in every written form, and only warns for a wrong check digit`, () => {
      for (const form of FORMS) {
        const valid = form(e.yyyymmdd, e.last4);
        expect(screenIdentity(`Patienten ${valid} fick fel dos.`), valid).toEqual([{ kind: 'block', match: valid }]);
        expect(
          screenIdentity(`nr ${form(e.yyyymmdd, e.wrongLast4)}`).map((f) => f.kind),
          form(e.yyyymmdd, e.wrongLast4),
        ).toEqual(['warn']);
      }
    });
  }

  it('checks the Luhn digit with the weights 2,1,2,… and digit sums (independent check digits)', () => {
    for (const e of IDENTITY_NUMBERS) {
      expect(luhnValid(`${e.yyyymmdd.slice(2)}${e.last4}`), e.last4).toBe(true);
      expect(luhnValid(`${e.yyyymmdd.slice(2)}${e.wrongLast4}`), e.wrongLast4).toBe(false);
    }
  });

  for (const coordination of [false, true]) {
    const label = coordination ? 'samordningsnummer' : 'personnummer';
    it(`blocks 60 generated ${label} in every written form (beside the hard-coded ones)`, () => {
      for (const p of corpus(60, coordination)) {
        for (const form of FORMS) expect(screenIdentity(`x ${form(p.yyyymmdd, p.valid)} y`).map((f) => f.kind)).toEqual(['block']);
      }
    });
  }

  // Issue 28.5: each was stored through a report's free text. Check digits verified by hand.
  const WRITTEN = [
    ['an en dash', '451219\u20137130'],
    ['an em dash', '451219\u20147130'],
    ['a minus sign', '451219\u22127130'],
    ['a non-breaking hyphen', '451219\u20117130'],
    ['a no-break space', '451219\u00a07130'],
    ['a narrow no-break space', '451219\u202f7130'],
    ['a dot', '490812.6453'],
    ['a space in the serial', '500322-46 71'],
    ['spaces between the pairs', '47 10 16-1797'],
    ['dots between the pairs', '47.10.16-1797'],
    ['spaces around the dash', '451219 - 7130'],
    ['full-width digits', '\uff14\uff15\uff11\uff12\uff11\uff19\uff0d\uff17\uff11\uff13\uff10'],
    ['a zero-width space inside', '4512\u200b19-7130'],
    ['a soft hyphen inside', '45121\u00ad9-7130'],
    ['a twelve-digit form with a dash', '19510112-5630'],
  ] as const;
  for (const [how, written] of WRITTEN)
    it(`blocks a number written with ${how}`, () => {
      expect(screenIdentity(`Patienten ${written} fick fel dos.`).map((f) => f.kind)).toEqual(['block']);
      expect(FreeText(200).safeParse(`Patienten ${written} fick fel dos.`).success).toBe(false);
    });

  it('leaves ordinary numbers, dates and times alone', () => {
    for (const text of [
      'Ring 031-123 45 67 före 14:30',
      'Händelsen 2026-11-20 kl 1430',
      'Dosen var 2,5 mg två gånger per dag i 10 dagar',
      'MedControl-ärende 2026-04711',
      'Ordernummer 12345678901234',
      'Datumet 991399-1234 finns inte',
      'Ring 070-123 45 67 eller 031 123 45 67',
      'Händelsen 2026-11-20 1430 på avdelning 12',
      'Mätvärden 120 85 10 12',
    ]) {
      expect(screenIdentity(text), text).toEqual([]);
    }
  });

  // Only a real calendar date is an identity number (found by mutation testing: these were
  // untested). Check digits from an independent Luhn written differently from screen.ts.
  const luhnDigit = (nine: string) => {
    const products = [...nine].map((c, i) => String(Number(c) * (i % 2 === 0 ? 2 : 1))).join('');
    const sum = [...products].reduce((a, c) => a + Number(c), 0);
    return (10 - (sum % 10)) % 10;
  };
  const numbered = (date: string, serial = '123') => {
    const six = date.slice(-6);
    return `${date}-${serial}${luhnDigit(`${six}${serial}`)}`;
  };
  const DATES: [string, string, 'block' | undefined][] = [
    ['month 13', '851309', undefined],
    ['month 00', '850009', undefined],
    ['day 00', '850100', undefined],
    ['31 April', '850431', undefined],
    ['30 April', '850430', 'block'],
    ['29 February, two-digit year (may be a leap year)', '010229', 'block'],
    ['29 February 1901 (no leap year)', '19010229', undefined],
    ['29 February 2000', '20000229', 'block'],
    ['samordningsnummer, day 61 (the 1st)', '850161', 'block'],
    ['samordningsnummer, day 91 (31 January)', '850191', 'block'],
    ['samordningsnummer, day 92', '850192', undefined],
    ['day 60 (neither)', '850160', undefined],
  ];
  for (const [name, date, kind] of DATES)
    it(`${name}: ${kind ?? 'not a number'}`, () => {
      const text = `Patient ${numbered(date)} kom hem`;
      expect(
        screenIdentity(text).map((f) => f.kind),
        text,
      ).toEqual(kind ? [kind] : []);
    });

  it('stores free text trimmed, and refuses it with the identity message', () => {
    expect(FreeText(20).parse('  Ringde avdelningen  ')).toBe('Ringde avdelningen');
    const refused = FreeText(40).safeParse(`Patient ${numbered('850430')}`);
    expect(refused.success ? undefined : refused.error.issues[0]?.message).toBe('field.identity');
  });
});
