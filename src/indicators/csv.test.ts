import { beforeAll, describe, expect, it } from 'vitest';
import { loadReference, type Reference } from '../core/refdata.js';
import { parseIndicatorCsv } from './csv.js';
import { loadCatalogue, type Catalogue } from './model.js';

let ref: Reference;
let cat: Catalogue;
beforeAll(async () => {
  [ref, cat] = await Promise.all([loadReference('data/reference'), loadCatalogue('data/reference')]);
});

const parse = (...rows: string[]) => parseIndicatorCsv(['indikator;organisation;period;värde', ...rows].join('\n'), cat, ref);

describe('an indicator CSV row', () => {
  // The levels an indicator is reported at are catalogue data (e.g. confidence in primary care
  // centres is a county and delregion figure; pressure ulcers a hospital figure).
  const LEVELS: [string, boolean][] = [
    ['fortroende-vc;vgr;2025;60', true],
    ['fortroende-vc;fyrbodal;2025;60', true],
    ['fortroende-vc;boras;2025;60', false],
    ['fortroende-vc;sahlgrenska;2025;60', false],
    ['trycksar-sjukhus;sahlgrenska;2025;12', true],
    ['trycksar-sjukhus;boras;2025;12', false],
  ];
  for (const [row, ok] of LEVELS) {
    it(`${row} is ${ok ? 'accepted' : 'refused: not reported at that level'}`, () => {
      const { rows, rejected } = parse(row);
      expect(rows).toHaveLength(ok ? 1 : 0);
      if (!ok) expect(rejected[0]?.reason).toBe('csv.level');
    });
  }

  it('refuses a computed indicator, a value out of range, and keeps an empty value missing', () => {
    expect(parse('avv-antal;vgr;2026-09;5').rejected[0]?.reason).toBe('csv.computed');
    expect(parse('vardgaranti-pv-3dagar;boras;2026-09;101').rejected[0]?.reason).toBe('csv.outOfRange');
    expect(parse('fallskador-65;boras;2025;').rows[0]?.value).toBeNull();
  });
});
