// CSV as a spreadsheet reads it (issue 28.7): every export re-parsed with both delimiters a
// Swedish or an English spreadsheet may choose; no cell may start a formula.
import { describe, expect, it } from 'vitest';
import { sampleCase } from '../../test/support/cases.js';
import type { Case } from '../cases/model.js';
import { auditCsv, casesCsv, casesJson, CASE_COLUMNS, indicatorValuesCsv, reportHtml, toCsv } from './export.js';
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

// What each export holds, cell by cell (issue 30.6): free text only when asked, a reporter never named.
describe('what the exports hold', () => {
  const closedCase = (): Case =>
    ({
      ...sampleCase(),
      version: 1,
      step: '2a',
      assessment: 'mindre',
      linked: [{ at: '2026-11-21T08:00:00.000Z', reporter: { userId: 'rep2', name: 'Rolf' }, reporterUnit: 'boras' } as never],
      report: {
        ...sampleCase().report,
        agreement: 'samsa',
        medControlId: 'MC-1',
        cause: undefined,
        consequence: undefined,
        severity: undefined,
      },
      events: [
        ...sampleCase().events,
        {
          at: '2026-11-22T08:00:00.000Z',
          type: 'lankad-rapport',
          actor: { userId: 'rep2', name: 'Rolf', roles: ['medarbetare'] },
          visibleToReporter: false,
        },
        {
          at: '2026-11-23T08:00:00.000Z',
          type: 'kommentar',
          actor: { userId: 'rep', name: 'Rut', roles: ['medarbetare', 'chef'] },
          comment: 'Min kommentar',
          visibleToReporter: false,
        },
        {
          at: '2026-11-24T08:00:00.000Z',
          type: 'steg',
          actor: { userId: 'h1', name: 'Hanna', roles: ['medarbetare', 'handlaggare'] },
          from: '1',
          to: '2a',
          comment: 'Plan',
          visibleToReporter: true,
        },
        {
          at: '2026-11-25T08:00:00.000Z',
          type: 'steg',
          actor: { userId: 'h2', name: '', roles: ['medarbetare', 'handlaggare', 'teamledare'] },
          visibleToReporter: false,
        },
        {
          at: '2026-12-01T23:30:00.000Z',
          type: 'avslutad',
          actor: { userId: 'h1', name: 'Hanna', roles: ['handlaggare'] },
          visibleToReporter: true,
        },
      ],
    }) as Case;

  it('the case CSV: every column from the case, dates as Swedish dates, free text only with freeText', () => {
    const rows = parse(casesCsv([closedCase()], false), ';');
    expect(rows[0]).toEqual([...CASE_COLUMNS]);
    expect(Object.fromEntries(rows[0]!.map((k, i) => [k, rows[1]![i]]))).toEqual({
      arende: 'AVV-2026-00001',
      typ: 'avvikelse',
      rapporterad: '2026-11-20',
      handelsedatum: '2026-11-19',
      rapporterande_enhet: 'boras',
      mottagare: 'sodra-alvsborgs-sjukhus',
      riktning: 'kommun-region',
      kategori: 'lakemedel',
      orsak: 'vet-ej',
      overenskommelse: 'samsa',
      konsekvens: 'vet-ej',
      allvarlighetsgrad: 'vet-ej',
      status: 'uppfoljning',
      steg: '2a',
      bedomning: 'mindre',
      svar_senast: '2027-01-19',
      // 23:30 UTC on 1 December is 2 December in Sweden.
      avslutad: '2026-12-02',
      medcontrol_id: 'MC-1',
      antal_rapporter: '2',
    });
    expect(rows).toHaveLength(2);
    expect(rows[1]).toHaveLength(CASE_COLUMNS.length);
    const withText = parse(casesCsv([closedCase()], true), ';');
    expect(withText[0]!.slice(-2)).toEqual(['beskrivning', 'atgard_direkt']);
    expect(withText[1]!.slice(-2)).toEqual(['Läkemedelslistan saknades.', 'Ringde.']);
    const open = parse(
      casesCsv(
        [{ ...closedCase(), linked: [], events: [], step: undefined, assessment: undefined, report: { ...sampleCase().report } } as Case],
        false,
      ),
      ';',
    )[1]!;
    expect([open[8], open[9], open[13], open[14], open[16], open[17], open[18]]).toEqual(['kommunikationsbrist', '', '', '', '', '', '1']);
  });

  it('the case JSON: the same fields, free text only with freeText', () => {
    const [row] = JSON.parse(casesJson([closedCase()], false)) as Record<string, unknown>[];
    expect(Object.keys(row!)).toEqual([...CASE_COLUMNS]);
    expect(row!['antal_rapporter']).toBe(2);
    expect(row).not.toHaveProperty('beskrivning');
    const [full] = JSON.parse(casesJson([closedCase()], true)) as Record<string, unknown>[];
    expect(full).toMatchObject({ beskrivning: 'Läkemedelslistan saknades.', atgard_direkt: 'Ringde.' });
    expect(casesJson([closedCase()], false)).toContain('\n  {');
  });

  it('indicator values with a decimal comma, a missing value empty', () => {
    const v = (value: number | null) => ({
      id: 'i',
      version: 1,
      indicator: 'utskrivningsklara',
      org: 'boras',
      period: '2026-10',
      value,
      source: 'csv' as const,
      updatedAt: '2026-11-01T08:00:00.000Z',
      updatedBy: 'u',
      history: [],
    });
    expect(parse(indicatorValuesCsv([v(4.5), v(null), v(-3)]), ';')).toEqual([
      ['indikator', 'organisation', 'period', 'värde', 'källa', 'uppdaterad'],
      ['utskrivningsklara', 'boras', '2026-10', '4,5', 'csv', '2026-11-01T08:00:00.000Z'],
      ['utskrivningsklara', 'boras', '2026-10', '', 'csv', '2026-11-01T08:00:00.000Z'],
      ['utskrivningsklara', 'boras', '2026-10', '-3', 'csv', '2026-11-01T08:00:00.000Z'],
    ]);
  });

  it('the audit trail: in time order, officers by name, every reporter as "rapportör", refusals with their count', () => {
    const c = closedCase();
    const answer = {
      id: c.id,
      version: 1,
      caseCreatedAt: c.createdAt,
      thread: [],
      events: [
        {
          at: '2026-11-22T09:00:00.000Z',
          type: 'kvitterad',
          actor: { userId: 'm1', name: 'Maja', roles: ['mottagare', 'chef'] },
          side: 'mottagande',
        },
        {
          at: '2026-11-26T09:00:00.000Z',
          type: 'bedomd',
          actor: { userId: 'rep', name: 'Rut', roles: ['chef'] },
          side: 'rapporterande',
          measureId: 'm-1',
        },
      ],
    } as never;
    const refused = [
      {
        id: 'a1',
        version: 1,
        at: '2026-11-23T10:00:00.000Z',
        actor: 'x',
        action: 'refused',
        details: { name: 'Eve', verb: 'case.step' },
        count: 3,
      },
      { id: 'a2', version: 1, at: '2026-11-27T10:00:00.000Z', actor: 'y', action: 'refused', details: {} },
    ];
    const rows = parse(auditCsv(c, refused, answer), ';');
    expect(rows[0]).toEqual(['tid', 'handelse', 'vem', 'roller', 'fran', 'till', 'kommentar']);
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['2026-11-20T10:00:00.000Z', 'rapporterad', 'rapportör'],
      ['2026-11-22T08:00:00.000Z', 'lankad-rapport', 'rapportör'],
      ['2026-11-22T09:00:00.000Z', 'svar:kvitterad', 'Maja'],
      ['2026-11-23T08:00:00.000Z', 'kommentar', 'rapportör'],
      ['2026-11-23T10:00:00.000Z', 'refused', 'Eve'],
      ['2026-11-24T08:00:00.000Z', 'steg', 'Hanna'],
      ['2026-11-25T08:00:00.000Z', 'steg', 'handlaggare,teamledare'],
      ['2026-11-26T09:00:00.000Z', 'svar:bedomd', 'rapporterande'],
      ['2026-11-27T10:00:00.000Z', 'refused', ''],
      ['2026-12-01T23:30:00.000Z', 'avslutad', 'Hanna'],
    ]);
    expect(rows[6]).toEqual(['2026-11-24T08:00:00.000Z', 'steg', 'Hanna', 'medarbetare,handlaggare', '1', '2a', 'Plan']);
    expect(rows[5]).toEqual(['2026-11-23T10:00:00.000Z', 'refused', 'Eve', '', '', 'case.step', '3']);
    expect(rows[7]).toEqual([
      '2026-11-25T08:00:00.000Z',
      'steg',
      'handlaggare,teamledare',
      'medarbetare,handlaggare,teamledare',
      '',
      '',
      '',
    ]);
    expect(rows[9]).toEqual(['2026-11-27T10:00:00.000Z', 'refused', '', '', '', '', '1']);
    expect(rows[8]).toEqual(['2026-11-26T09:00:00.000Z', 'svar:bedomd', 'rapporterande', 'chef', 'rapporterande', 'm-1', '']);
    expect(rows[3]).toEqual(['2026-11-22T09:00:00.000Z', 'svar:kvitterad', 'Maja', 'mottagare,chef', 'mottagande', '', '']);
    const csv = auditCsv(c, refused, answer);
    for (const name of ['Rut', 'Rolf']) expect(csv).not.toContain(name);
    expect(parse(auditCsv(c, []), ';')).toHaveLength(1 + c.events.length);
  });

  it('the printable report escapes what it shows', () => {
    const html = reportHtml(
      'Rapport <1>',
      'A & "B"',
      [
        ['<i>', 3],
        ['Rad', '<script>'],
      ],
      'Kommentar>',
    );
    expect(html).toContain('<title>Rapport &#60;1&#62;</title>');
    expect(html).toContain('<h1>Rapport &#60;1&#62;</h1><p>A &#38; &#34;B&#34;</p>');
    expect(html).toContain('<tr><th>&#60;i&#62;</th><td>3</td></tr><tr><th>Rad</th><td>&#60;script&#62;</td></tr>');
    expect(html).toContain('<h2>Kommentar&#62;</h2>');
    expect(html).not.toContain('<script>');
    expect(html.startsWith('<!doctype html><html lang="sv"><meta charset="utf-8">')).toBe(true);
    expect(html.endsWith('</html>\n')).toBe(true);
  });

  it('names every reporter "rapportör" by what they did and who they are: the report, a linked report, a linked reporter’s comment', () => {
    const c = {
      ...sampleCase(),
      version: 1,
      linked: [{ at: '2026-11-21T08:00:00.000Z', reporter: { userId: 'rep2', name: 'Rolf' }, reporterUnit: 'boras' }],
      events: [
        {
          at: '2026-11-20T10:00:00.000Z',
          type: 'rapporterad',
          actor: { userId: 'other', name: 'Okänd', roles: [] },
          visibleToReporter: true,
        },
        {
          at: '2026-11-21T10:00:00.000Z',
          type: 'lankad-rapport',
          actor: { userId: 'other2', name: 'Okänd2', roles: [] },
          visibleToReporter: false,
        },
        {
          at: '2026-11-22T10:00:00.000Z',
          type: 'kommentar',
          actor: { userId: 'rep2', name: 'Rolf', roles: ['chef'] },
          visibleToReporter: false,
        },
        {
          at: '2026-11-23T10:00:00.000Z',
          type: 'kommentar',
          actor: { userId: 'h1', name: 'Hanna', roles: ['handlaggare'] },
          visibleToReporter: false,
        },
      ],
    } as unknown as Case;
    expect(
      parse(auditCsv(c, []), ';')
        .slice(1)
        .map((r) => r[2]),
    ).toEqual(['rapportör', 'rapportör', 'rapportör', 'Hanna']);
  });
});

// Each cell exactly as written (issue 30.6): quoted only where needed, a number left as a number.
describe('one CSV cell', () => {
  const TABLE: [unknown, string][] = [
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['a;b', '"a;b"'],
    ['tab\there', '"tab\there"'],
    ['it"s', '"it""s"'],
    ["it's", `"it's"`],
    ['-12', '-12'],
    ['-1.5', '-1.5'],
    ['-12,50', '"-12,50"'],
    ['a,-3,b', '"a,-3,b"'],
    ['a,-35', '"a,-35"'],
    ['a;-3.25;b', '"a;-3.25;b"'],
    ['-1,a', `"'-1,a"`],
    ['-1.x', `"'-1.x"`],
    ['-1a', `"'-1a"`],
    ['x;=1', `"x;'=1"`],
    ['x,+1', `"x,'+1"`],
    ['=1', `"'=1"`],
    [0, '0'],
    [undefined, ''],
    [null, ''],
  ];
  for (const [value, expected] of TABLE)
    it(`${JSON.stringify(value) ?? 'undefined'} → ${expected || '(empty)'}`, () => {
      expect(toCsv(['h'], [[value]])).toBe(`h\n${expected}\n`);
    });

  it('joins cells with ; and rows with line breaks', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['1', '2'],
          ['3', '4'],
        ],
      ),
    ).toBe('a;b\n1;2\n3;4\n');
  });
});
