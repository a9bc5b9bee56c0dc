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

  // Found by mutation testing: the format's own edges were untested.
  it('reads the header in either language, with commas or semicolons, a BOM, quotes, CRLF and blank lines', () => {
    const csv =
      '\uFEFF\r\n  \r\nIndicator, Organization ,Period,Value\r\nvardgaranti-pv-3dagar, boras ,2026-09,"86,5"\r\n   \r\nvardgaranti-pv-3dagar,vgr,2026-09, 87 \r\n';
    const { rows, rejected } = parseIndicatorCsv(csv, cat, ref);
    expect(rejected).toEqual([]);
    expect(rows).toEqual([
      { line: 4, indicator: 'vardgaranti-pv-3dagar', org: 'boras', period: '2026-09', value: 86.5 },
      { line: 6, indicator: 'vardgaranti-pv-3dagar', org: 'vgr', period: '2026-09', value: 87 },
    ]);
    const org = parseIndicatorCsv('indikator;org;period;varde\nvardgaranti-pv-3dagar;boras;2026-09;1 000', cat, ref);
    expect(org.rejected[0]?.reason).toBe('csv.outOfRange');
  });

  it('says which columns are missing, and that an empty paste is empty', () => {
    expect(parseIndicatorCsv('indikator;period\nx;2026-09', cat, ref).rejected).toEqual([
      { line: 1, reason: 'csv.missingColumns', vars: { columns: 'org, value' } },
    ]);
    expect(parseIndicatorCsv(' \n\n', cat, ref).rejected).toEqual([{ line: 1, reason: 'csv.empty' }]);
  });

  it('refuses each bad row with its line and what was wrong, capped, and keeps the good ones', () => {
    const long = 'x'.repeat(100);
    const { rows, rejected } = parse(
      `${long};boras;2026-09;5`,
      `vardgaranti-pv-3dagar;${long};2026-09;5`,
      'vardgaranti-pv-3dagar;boras;2026-13;5',
      'vardgaranti-pv-3dagar;boras;2026-09;mycket',
      'vardgaranti-pv-3dagar;boras;2026-09;-0,1',
      'vardgaranti-pv-3dagar;boras;2026-08;0',
      'vardgaranti-pv-3dagar;boras;2026-07;100',
      'vardgaranti-pv-3dagar;boras;2026-07;99',
    );
    expect(rejected).toEqual([
      { line: 2, reason: 'csv.unknownIndicator', vars: { value: 'x'.repeat(60) } },
      { line: 3, reason: 'csv.unknownOrganisation', vars: { value: 'x'.repeat(60) } },
      { line: 4, reason: 'csv.period.month', vars: { value: '2026-13' } },
      { line: 5, reason: 'csv.notNumber', vars: { value: 'mycket' } },
      { line: 6, reason: 'csv.outOfRange', vars: { value: -0.1, min: 0, max: 100 } },
      { line: 9, reason: 'csv.duplicate', vars: { first: 8 } },
    ]);
    expect(rows.map((r) => [r.line, r.value])).toEqual([
      [7, 0],
      [8, 100],
    ]);
    expect(parse('avv-antal;vgr;2026-09;5').rejected[0]?.vars).toEqual({ indicator: 'avv-antal' });
    expect(parse('trycksar-sjukhus;boras;2025;12').rejected[0]?.vars).toEqual({ indicator: 'trycksar-sjukhus', level: 'kommun' });
  });
});
