// npm run export -- cases [--format csv|json] [--free-text] [--out file]
// npm run export -- indicators [--out file]
// npm run export -- audit <AVV-ÅÅÅÅ-NNNNN> [--out file]
// npm run export -- board-report <år> [organisation] [--format csv|html] [--out file]
// Reads DATA_DIR; free text in case exports only with --free-text (for roles that may see it).
import { writeFile } from 'node:fs/promises';
import { loadToolConfig } from '../src/config.js';
import { loadReference } from '../src/core/refdata.js';
import { openConfiguredStore } from '../src/collections.js';
import { pino } from 'pino';
import { everyRecord, loadAll } from '../src/store/contract.js';
import { COUNTY } from '../src/indicators/model.js';
import { boardReport } from '../src/statistics/aggregate.js';
import { boardRows } from '../src/statistics/reports.js';
import { swedishDate } from '../src/core/clock.js';
import { translator } from '../src/core/i18n/index.js';
import { auditCsv, casesCsv, casesJson, indicatorValuesCsv, reportHtml, toCsv } from '../src/statistics/export.js';
import { option } from './args.js';

const args = process.argv.slice(2);
const positional = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.match(/^--(format|out)$/));

try {
  const config = loadToolConfig();
  const [reference, stores] = await Promise.all([
    loadReference(config.REFERENCE_DIR),
    openConfiguredStore(config, pino({ level: 'warn' })),
  ]);
  const [what, a1, a2] = positional;
  // Old case months too, not only what a start holds in memory.
  const allCases = () => everyRecord(stores.cases);
  let out: string;
  if (what === 'cases') {
    const cases = (await allCases()).sort((a, b) => a.number.localeCompare(b.number));
    out = option('format') === 'json' ? casesJson(cases, args.includes('--free-text')) : casesCsv(cases, args.includes('--free-text'));
  } else if (what === 'indicators') {
    out = indicatorValuesCsv(await loadAll(stores.indicatorValues));
  } else if (what === 'audit' && a1) {
    const c = (await stores.cases.find('number', a1))[0];
    if (!c) throw new Error(`ärendet ${a1} finns inte`);
    out = auditCsv(
      c,
      stores.audit.all().filter((x) => x.details['caseId'] === c.id),
    );
  } else if (what === 'board-report' && a1) {
    const r = boardReport(await allCases(), a1, a2 ?? COUNTY, reference, swedishDate(new Date()));
    // The same rows and words as the file the bot sends in chat.
    const tr = translator('sv');
    const rows = boardRows(tr, r);
    out =
      option('format') === 'html'
        ? reportHtml(tr('board.title', { year: r.year }), r.org, rows, tr('board.comment'))
        : toCsv([tr('board.measure'), tr('board.count')], rows);
  } else {
    throw new Error('ange vad som ska exporteras: cases | indicators | audit «ärende» | board-report «år» [«organisation»]');
  }
  const file = option('out');
  if (file) await writeFile(file, out);
  else process.stdout.write(out);
  await stores.close();
} catch (err) {
  console.error(`Exporten misslyckades: ${(err as Error).message}`);
  process.exit(1);
}
