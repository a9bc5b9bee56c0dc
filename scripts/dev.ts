// `npm run dev`: the bot on the embedded store plus Microsoft 365 Agents Playground (channel
// msteams) pointed at it, so a new user can chat with the bot in a browser without a tenant.
// On a headless machine the Playground's call to xdg-open is answered by scripts/bin/xdg-open.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const port = process.env['PORT'] ?? '3978';
const playgroundPort = process.env['PLAYGROUND_PORT'] ?? '56150';
const root = path.resolve(import.meta.dirname, '..');
const hasXdgOpen = spawnSync('sh', ['-c', 'command -v xdg-open'], { stdio: 'ignore' }).status === 0;
const PATH = [hasXdgOpen ? '' : path.join(root, 'scripts', 'bin'), path.join(root, 'node_modules', '.bin'), process.env['PATH']]
  .filter(Boolean)
  .join(path.delimiter);

const children: ChildProcess[] = [];
function run(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, PATH, ...env }, stdio: 'inherit' });
  children.push(child);
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`${path.basename(command)} avslutades (${code}); stoppar.`);
      stop(code ?? 1);
    }
  });
  return child;
}

let stopping = false;
function stop(code = 0): void {
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('boten svarade inte på /healthz inom 20 s');
}

// Example indicator values for the demo (labelled EXEMPELDATA wherever shown), once.
const valuesDir = path.join(root, process.env['DATA_DIR'] ?? 'data/store', 'indicator-values');
if (!existsSync(valuesDir) || readdirSync(valuesDir).length === 0) {
  spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/import-indicators.ts', 'data/examples/indikatorvarden.exempel.csv', '--example'],
    { cwd: root, stdio: 'inherit' },
  );
}

run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  PORT: port,
  // Local only: anonymous (no Teams app registration) and bound to 127.0.0.1.
  NODE_ENV: 'development',
  ALLOW_ANONYMOUS: 'true',
  ROLES_FILE: process.env['ROLES_FILE'] ?? './data/roles.playground.json',
});
await waitForHealth();
run('agentsplayground', ['-e', `http://127.0.0.1:${port}/api/messages`, '-c', 'msteams', '-p', playgroundPort, '--dt'], {});
console.log(`\nAvvikelseboten: http://127.0.0.1:${port}  ·  Agents Playground: http://127.0.0.1:${playgroundPort}\n`);
