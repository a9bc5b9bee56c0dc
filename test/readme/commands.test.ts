// The README's quick start as a newcomer types it: `npm run dev` (bot and Agents Playground) and
// `npm start`, each started as written (on free ports, a fresh store), then `hjälp` and
// `ny avvikelse` sent the way Teams sends them. Every other test runs the built code; this one
// catches what only the README's own commands do (tsx's module resolution, the build script).
// Runs after the main suite (vitest.readme.config.ts), so `npm start`'s rebuild races no test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeConnector } from '../support/fakeConnector.js';
import { freePort } from '../support/net.js';

interface Started {
  child: ChildProcess;
  output: string[];
}

/** Runs an npm script as a newcomer would, in its own process group (npm, sh, tsx, Playground). */
function npm(script: string, env: Record<string, string>): Started {
  const child = spawn('npm', ['run', '--silent', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output: string[] = [];
  child.stdout!.on('data', (b: Buffer) => output.push(b.toString()));
  child.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
  return { child, output };
}

async function until(ok: () => Promise<boolean>, started: Started, seconds: number): Promise<void> {
  for (const end = Date.now() + seconds * 1000; Date.now() < end;) {
    if (started.child.exitCode !== null) break;
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not up within ${seconds} s:\n${started.output.join('').slice(-3000)}`);
}

const up = (url: string) => async () => (await fetch(url)).ok;

let n = 0;
async function say(botUrl: string, connector: FakeConnector, text: string): Promise<number> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `readme-${++n}`,
      text,
      channelId: 'msteams',
      serviceUrl: connector.url,
      locale: 'en-US', // what the Playground sends, whatever the user's language
      from: { id: '29:newcomer', aadObjectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' },
      recipient: { id: '28:bot' },
      conversation: { id: `readme-${process.pid}`, conversationType: 'personal' },
    }),
  });
  return res.status;
}

function cardTexts(connector: FakeConnector): string {
  return JSON.stringify(connector.cards());
}

describe("the README's quick start", () => {
  let started: Started | undefined;
  let dir: string | undefined;
  const connector = new FakeConnector();

  afterEach(async () => {
    if (started && started.child.exitCode === null) {
      const exited = new Promise((r) => started!.child.once('exit', r));
      process.kill(-started.child.pid!, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      try {
        process.kill(-started.child.pid!, 'SIGKILL');
      } catch {
        // the group is gone
      }
    }
    await connector.stop().catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
    started = dir = undefined;
  });

  it('npm run dev: the Playground is served, hjälp answers with a card, ny avvikelse with the form, and the register import, lärdomar and the reports answer', async () => {
    await connector.start();
    dir = await mkdtemp(path.join(tmpdir(), 'readme-dev-'));
    const [port, playgroundPort] = [await freePort(), await freePort()];
    started = npm('dev', { PORT: String(port), PLAYGROUND_PORT: String(playgroundPort), DATA_DIR: dir });
    const bot = `http://127.0.0.1:${port}`;
    await until(up(`${bot}/healthz`), started, 60);
    await until(up(`http://127.0.0.1:${playgroundPort}/`), started, 60);

    expect(await say(bot, connector, 'hjälp')).toBe(200);
    expect(cardTexts(connector)).toContain('ny avvikelse');
    expect(connector.texts().join('\n')).not.toMatch(/Något gick fel|Something went wrong/);

    connector.recorded.length = 0;
    expect(await say(bot, connector, 'ny avvikelse')).toBe(200);
    expect(cardTexts(connector)).toContain('Action.Submit'); // the report form, not an error text
    expect(cardTexts(connector)).toMatch(/Mottagande vårdgivare|Receiving provider/);
    // A receiver the register lacks can be named (issue 33.9).
    expect(cardTexts(connector)).toMatch(/Annan vårdgivare \(finns inte i listan\)|Other provider \(not in the list\)/);

    // This session's commands as the help card shows them, typed by the Playground's user (an admin).
    connector.recorded.length = 0;
    const register = await readFile('data/examples/vardgivarregister.exempel.csv', 'utf8');
    expect(await say(bot, connector, `importera vårdgivare\n${register}`)).toBe(200);
    expect(cardTexts(connector)).toContain('Vårdgivarregistret är inläst med 69 vårdgivare och enheter.');
    const typed: [string, string][] = [
      ['lärdomar', 'Inga lärdomar är delade ännu'],
      ['händelseanalys', 'Förslag: kluster de senaste 90 dagarna'],
      ['delregional rapport', 'Delregional'],
      ['årsrapport', 'Årsrapport'],
    ];
    for (const [command, shown] of typed) {
      connector.recorded.length = 0;
      expect(await say(bot, connector, command)).toBe(200);
      expect(cardTexts(connector), command).toContain(shown);
    }
    expect(connector.texts().join('\n')).not.toMatch(/Något gick fel|Something went wrong/);
  }, 150_000);

  it('npm start: builds, starts, and hjälp answers with a card', async () => {
    await connector.start();
    dir = await mkdtemp(path.join(tmpdir(), 'readme-start-'));
    const port = await freePort();
    // Local and anonymous on purpose: the README's production settings need a Teams app.
    started = npm('start', { PORT: String(port), DATA_DIR: dir, NODE_ENV: 'development', ALLOW_ANONYMOUS: 'true' });
    const bot = `http://127.0.0.1:${port}`;
    await until(up(`${bot}/healthz`), started, 120);
    expect(await say(bot, connector, 'hjälp')).toBe(200);
    expect(cardTexts(connector)).toContain('ny avvikelse');
  }, 180_000);
});
