// npm run import:indicators -- <file.csv> [--strict] [--example]
// npm run import:indicators -- --kolada <response.json> --kpi <KPI id> --indicator <catalogue id>
// Writes indicator values into DATA_DIR (run it while the bot is stopped: the store has one
// writer). Every rejected row is printed with its line and reason; --strict saves nothing then.
import { readFile } from 'node:fs/promises';
import { loadToolConfig } from '../src/config.js';
import { systemClock } from '../src/core/clock.js';
import { loadReference } from '../src/core/refdata.js';
import { translator } from '../src/core/i18n/index.js';
import { openConfiguredStore } from '../src/collections.js';
import { pino } from 'pino';
import { parseIndicatorCsv, rejectionText } from '../src/indicators/csv.js';
import { mapKolada } from '../src/indicators/kolada.js';
import { loadCatalogue } from '../src/indicators/model.js';
import { IndicatorService } from '../src/indicators/service.js';
import { option } from './args.js';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);

try {
  const config = loadToolConfig();
  const [reference, catalogue, stores] = await Promise.all([
    loadReference(config.REFERENCE_DIR),
    loadCatalogue(config.REFERENCE_DIR),
    openConfiguredStore(config, pino({ level: 'warn' })),
  ]);
  const service = new IndicatorService({ reference, stores }, catalogue);
  const kolada = option('kolada');
  let parsed;
  let source: 'csv' | 'kolada' | 'example' = flag('example') ? 'example' : 'csv';
  if (kolada) {
    const ind = catalogue.indicators.find((i) => i.id === option('indicator'));
    const kpi = option('kpi');
    if (!ind || !kpi) throw new Error('--kolada kräver --kpi <KPI> och --indicator <id i katalogen>');
    parsed = mapKolada(JSON.parse(await readFile(kolada, 'utf8')), kpi, ind, reference);
    source = 'kolada';
  } else {
    const file = args.find((a) => !a.startsWith('--'));
    if (!file) throw new Error('ange en CSV-fil: npm run import:indicators -- fil.csv [--strict]');
    parsed = parseIndicatorCsv(await readFile(file, 'utf8'), catalogue, reference);
  }
  console.log(`Läser ${parsed.rows.length + parsed.rejected.length} rader…`);
  const result = await service.importRows(parsed, flag('strict'), 'import-cli', systemClock.now(), source);
  const tr = translator('sv');
  for (const r of result.rejected) console.log(`  rad ${r.line}: ${rejectionText(r, tr)}`);
  console.log(
    flag('strict') && result.rejected.length
      ? `Inget sparat: ${result.rejected.length} rader är fel (--strict).`
      : `${result.applied} värden sparade, ${result.rejected.length} rader avvisade.`,
  );
  await stores.close();
  process.exit(flag('strict') && result.rejected.length ? 1 : 0);
} catch (err) {
  console.error(`Importen misslyckades: ${(err as Error).message}`);
  process.exit(1);
}
