// Exports for MedControl PRO hand-over or the organisation's own analysis: cases as CSV or JSON
// (free text only for roles that may see it), indicator values, and one case's audit trail.
// No export carries a reporter's id or name. Every CSV cell that a spreadsheet would read as a
// formula is neutralised as OWASP recommends (CSV injection).
import { NOT_KNOWN, type Case } from '../cases/model.js';
import { swedishDate } from '../core/clock.js';
import type { IndicatorValue } from '../indicators/model.js';
import type { AnswerRecord } from '../answers/model.js';
import type { AuditEntry } from '../core/audit.js';

/** A number as a spreadsheet reads it (-3, 4,5): safe as it is. */
const PLAIN_NUMBER = /^-?\d+(?:[.,]\d+)?$/;

/** Excel and LibreOffice evaluate a cell that starts with = + - @, a tab or a carriage return. */
const startsFormula = (text: string) => /^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text);

/**
 * A cell's text with every formula neutralised by a leading apostrophe (OWASP): the cell's own
 * start, and each piece after a comma, semicolon or line break, since a spreadsheet that splits
 * on the other locale's delimiter reads a quote inside a field literally and splits there too.
 */
function neutralised(text: string): string {
  const pieces = text.split(/(?<=[,;\n\r])/).map((piece, i) => {
    const body = piece.replace(/[,;\n\r]$/, '');
    return i > 0 && startsFormula(body.trimStart()) ? `'${piece}` : piece;
  });
  const joined = pieces.join('');
  // Leading spaces too: a reader that trims them (LibreOffice can) would see the formula.
  return startsFormula(joined) || startsFormula(joined.trimStart()) ? `'${joined}` : joined;
}

/** One CSV cell (RFC 4180): quoted when it holds either locale's delimiter, a quote or a line break. */
function cell(v: unknown): string {
  const s = neutralised(v === undefined || v === null ? '' : String(v));
  return /[";,\n\r\t']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(cell).join(';')).join('\n') + '\n';
}

export const CASE_COLUMNS = [
  'arende',
  'typ',
  'rapporterad',
  'handelsedatum',
  'rapporterande_enhet',
  'mottagare',
  'riktning',
  'kategori',
  'orsak',
  'overenskommelse',
  'konsekvens',
  'allvarlighetsgrad',
  'status',
  'steg',
  'bedomning',
  'svar_senast',
  'avslutad',
  'medcontrol_id',
  'antal_rapporter',
] as const;
const FREE_TEXT_COLUMNS = ['beskrivning', 'atgard_direkt'] as const;

function caseRow(c: Case): Record<string, string | number> {
  const closed = c.events.find((e) => e.type === 'avslutad');
  return {
    arende: c.number,
    typ: c.report.kind,
    rapporterad: swedishDate(new Date(c.createdAt)),
    handelsedatum: c.report.eventDate,
    rapporterande_enhet: c.report.reporterUnit,
    mottagare: c.report.receiver,
    riktning: c.report.direction,
    kategori: c.report.category,
    orsak: c.report.cause ?? NOT_KNOWN,
    overenskommelse: c.report.agreement ?? '',
    konsekvens: c.report.consequence ?? NOT_KNOWN,
    allvarlighetsgrad: c.report.severity ?? NOT_KNOWN,
    status: c.status,
    steg: c.step ?? '',
    bedomning: c.assessment ?? '',
    svar_senast: c.answerDue,
    avslutad: closed ? swedishDate(new Date(closed.at)) : '',
    medcontrol_id: c.report.medControlId ?? '',
    antal_rapporter: 1 + c.linked.length,
  };
}

export function casesCsv(cases: readonly Case[], freeText: boolean): string {
  const header = [...CASE_COLUMNS, ...(freeText ? FREE_TEXT_COLUMNS : [])];
  return toCsv(
    header,
    cases.map((c) => {
      const row = caseRow(c);
      return [...CASE_COLUMNS.map((k) => row[k]), ...(freeText ? [c.report.description, c.report.immediateAction] : [])];
    }),
  );
}

export function casesJson(cases: readonly Case[], freeText: boolean): string {
  return JSON.stringify(
    cases.map((c) => ({
      ...caseRow(c),
      ...(freeText ? { beskrivning: c.report.description, atgard_direkt: c.report.immediateAction } : {}),
    })),
    null,
    2,
  );
}

export function indicatorValuesCsv(values: readonly IndicatorValue[]): string {
  return toCsv(
    ['indikator', 'organisation', 'period', 'värde', 'källa', 'uppdaterad'],
    values.map((v) => [v.indicator, v.org, v.period, v.value === null ? '' : String(v.value).replace('.', ','), v.source, v.updatedAt]),
  );
}

/** Who did something, as an export may name them: officers by name, a reporter never. */
function actorOf(c: Case, e: Case['events'][number]): string {
  const reporters = new Set([c.reporter.userId, ...c.linked.map((l) => l.reporter.userId)]);
  if (e.type === 'rapporterad' || e.type === 'lankad-rapport' || reporters.has(e.actor.userId)) return 'rapportör';
  return e.actor.name || e.actor.roles.filter((r) => r !== 'medarbetare').join(',');
}

/** One case's audit trail: its events and the refused attempts recorded against it. */
export function auditCsv(c: Case, refused: readonly AuditEntry[], answer?: AnswerRecord): string {
  const rows = [
    ...c.events.map((e) => [e.at, e.type, actorOf(c, e), e.actor.roles.join(','), e.from ?? '', e.to ?? '', e.comment ?? '']),
    // The answer loop's trail: who on which side; the texts are in the answer itself.
    ...(answer?.events ?? []).map((e) => [
      e.at,
      `svar:${e.type}`,
      e.side === 'rapporterande' ? 'rapporterande' : e.actor.name,
      e.actor.roles.join(','),
      e.side,
      e.measureId ?? '',
      '',
    ]),
    ...refused.map((a) => [a.at, a.action, String(a.details['name'] ?? ''), '', '', String(a.details['verb'] ?? ''), `${a.count ?? 1}`]),
  ].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return toCsv(['tid', 'handelse', 'vem', 'roller', 'fran', 'till', 'kommentar'], rows);
}

/** A simple printable report (the board report): a table and room for a comment. */
export function reportHtml(title: string, subtitle: string, rows: [string, string | number][], commentTitle: string, comment = ''): string {
  const esc = (v: string | number) => String(v).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="sv"><meta charset="utf-8"><title>${esc(title)}</title><style>body{font-family:sans-serif;margin:2em}td,th{padding:.3em 1em;border-bottom:1px solid #ccc;text-align:left}</style><h1>${esc(title)}</h1><p>${esc(subtitle)}</p><table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table><h2>${esc(commentTitle)}</h2><p style="border:1px solid #999;min-height:6em;white-space:pre-wrap">${esc(comment)}</p></html>\n`;
}
