// npm run restore -- --from BACKUP [--data-dir DIR]
// Puts a backup made by npm run backup in place of an empty embedded store (DATA_DIR, or
// --data-dir), holding the store's lock throughout, then opens it (every record validated) and
// checks each collection's count and checksum against the backup's manifest. Never overwrites
// a store that holds records: rehearse into an empty folder, then point DATA_DIR at it.
import path from 'node:path';
import { COLLECTIONS } from '../src/collections.js';
import { loadToolConfig } from '../src/config.js';
import { BackupError } from '../src/store/lowdb/backup.js';
import { restoreLowdb } from '../src/store/lowdb/index.js';
import { option } from './args.js';

const from = option('from');
if (!from) {
  console.error('Användning: npm run restore -- --from <säkerhetskopia> [--data-dir <tom mapp>]');
  process.exit(2);
}
const config = loadToolConfig({ ...process.env, ...(option('data-dir') ? { DATA_DIR: option('data-dir') } : {}) });
if (config.STORE === 'postgres') {
  console.error('STORE=postgres: återställ med pg_restore (se npm run backup), inte med det här kommandot.');
  process.exit(2);
}
try {
  const restored = await restoreLowdb(path.resolve(from), config.DATA_DIR, COLLECTIONS);
  let wrong = 0;
  for (const r of restored) {
    const ok = r.expected.count === r.found.count && r.expected.checksum === r.found.checksum;
    if (!ok) wrong++;
    console.log(
      `${ok ? 'ok  ' : 'FEL '} ${r.collection.padEnd(18)} ${String(r.expected.count).padStart(7)} → ${String(r.found.count).padStart(7)}  ${r.expected.checksum} ${ok ? '=' : '≠'} ${r.found.checksum}`,
    );
  }
  if (wrong) {
    console.error(`${wrong} samlingar stämmer inte med säkerhetskopians manifest: använd inte ${config.DATA_DIR}.`);
    process.exit(1);
  }
  console.log(`Återställt och kontrollerat i ${config.DATA_DIR}.`);
} catch (e) {
  console.error(e instanceof BackupError ? e.message : `Återställningen misslyckades: ${(e as Error).message}`);
  process.exit(1);
}
