// The CSV the region's staff export from Excel: `;` or `,` between fields (the header line's
// choice), quotes around a field that holds the separator, a byte-order mark, CRLF; a line that
// begins with # is a comment (the shipped examples say what they are).

function splitLine(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === sep && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** The header's line (1-based), its separator and its folded column names; undefined for an empty text. */
export function csvTable(text: string, fold: (s: string) => string) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const blank = (l: string) => l.trim() === '' || l.trimStart().startsWith('#');
  const headerIndex = lines.findIndex((l) => !blank(l));
  if (headerIndex < 0) return undefined;
  const header = lines[headerIndex]!;
  const sep = header.includes(';') ? ';' : ',';
  const rows = lines
    .map((raw, i) => ({ line: i + 1, raw }))
    .filter(({ line, raw }) => line > headerIndex + 1 && !blank(raw))
    .map(({ line, raw }) => ({ line, fields: splitLine(raw, sep) }));
  return { headerLine: headerIndex + 1, columns: splitLine(header, sep).map(fold), rows };
}
