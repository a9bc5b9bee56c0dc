// CSV as a spreadsheet reads it (issue 28.7): every export re-parsed with both delimiters a
// Swedish or an English spreadsheet may choose; no cell may start a formula.
import { describe, expect, it } from 'vitest';
import { sampleCase } from '../../test/support/cases.js';
import type { Case } from '../cases/model.js';
import { auditCsv, casesCsv, toCsv } from './export.js';
import { parseCsv as parse } from '../../test/support/csv.js';

const PLAIN_NUMBER = /^-?\d+(?:[.,]\d+)?$/;
const evaluated = (cell: string) => [cell, cell.trimStart()].some((c) => /^[=+\-@\t\r]/.test(c) && !PLAIN_NUMBER.test(c));

const HOSTILE = [
  'Listan fel,=1+1',
  'Listan fel;=1+1',
  '=1+1',
  "+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(A1)',
  '\t=1+1',
  '\r=1+1',
  'rad ett\n=1+1',
  'citat "=1+1"',
  'ett, två, =HYPERLINK("https://evil.example")',
  "-2+3+cmd|' /C calc'!A0",
  'kolumn\tflik',
  'flik\t=1+1',
  ' =1+1',
];

function expectSafe(csv: string, columns: number): void {
  for (const delimiter of [';', ',']) {
    for (const row of parse(csv, delimiter))
      for (const cell of row) expect(evaluated(cell), `${delimiter} ${JSON.stringify(cell)}`).toBe(false);
  }
  // With its own delimiter every row has the header's number of cells.
  for (const row of parse(csv, ';')) expect(row).toHaveLength(columns);
}

describe('CSV exports', () => {
  it('quotes every cell with a delimiter, quote or line break, and neutralises formulas, read with ; and with ,', () => {
    const csv = toCsv(
      ['text', 'tal'],
      HOSTILE.map((t) => [t, '4,5']),
    );
    expectSafe(csv, 2);
    // The text itself comes back (behind the apostrophe where it began a formula).
    expect(
      parse(csv, ';')
        .slice(1)
        .map((r) => r[0]!.replace(/'/g, '')),
    ).toEqual(HOSTILE.map((t) => t.replace(/'/g, '')));
    expect(parse(csv, ';')[1]![1]).toBe('4,5');
  });

  it('holds for the case export and the audit trail with hostile free text', () => {
    const cases = HOSTILE.map((t, i): Case => ({
      ...sampleCase({ id: `c0000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}` }),
      version: 1,
      report: { ...sampleCase().report, description: t, immediateAction: t, medControlId: t },
    }));
    const csv = casesCsv(cases, true);
    expectSafe(csv, parse(csv, ';')[0]!.length);
    const trail = auditCsv(cases[0]!, []);
    expectSafe(trail, parse(trail, ';')[0]!.length);
  });
});
