// npm run backup [-- --to DIR] [--data-dir DIR]
// The embedded store (STORE=lowdb): a consistent copy into DIR (default backups/<time>), made by
// the running bot between two writes, or by this process when no bot holds the store; a
// manifest with every collection's count and checksum is written last. PostgreSQL: says the
// pg_dump command and what else to keep.
import path from 'node:path';
import { COLLECTIONS } from '../src/collections.js';
import { loadToolConfig } from '../src/config.js';
import { BackupError } from '../src/store/lowdb/backup.js';
import { backupLowdb } from '../src/store/lowdb/index.js';
import { option } from './args.js';

const config = loadToolConfig({ ...process.env, ...(option('data-dir') ? { DATA_DIR: option('data-dir') } : {}) });
if (config.STORE === 'postgres') {
  console.log(`PostgreSQL säkerhetskopieras med databasens egna verktyg, medan boten kör:

  pg_dump --format=custom --file=avvikelseboten-$(date +%Y%m%d-%H%M).dump "$DATABASE_URL"

Återställ till en tom databas med pg_restore --no-owner --dbname=<ny databas> <fil> och starta en
instans mot den: den kontrollerar schemat vid start. Spara också rollfilen (ROLES_FILE), filen med
Entra ID-grupper (ENTRA_GROUPS_FILE) och miljövariablerna utan hemligheter; hemligheterna finns i
organisationens nyckelvalv.`);
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/[:.]/g, '').slice(0, 15);
const to = path.resolve(option('to') ?? path.join('backups', `avvikelseboten-${stamp}`));
try {
  const started = Date.now();
  const manifest = await backupLowdb(config.DATA_DIR, COLLECTIONS, to);
  for (const [name, c] of Object.entries(manifest.collections))
    console.log(`${name.padEnd(18)} ${String(c.count).padStart(7)} poster  ${c.checksum}`);
  console.log(
    `Säkerhetskopian finns i ${to} (${((Date.now() - started) / 1000).toFixed(1)} s). Prova den med npm run restore -- --from ${to} --data-dir <tom mapp>.`,
  );
} catch (e) {
  console.error(e instanceof BackupError ? e.message : `Säkerhetskopieringen misslyckades: ${(e as Error).message}`);
  process.exit(1);
}
