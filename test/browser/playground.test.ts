// The real thing a new user does: the bot and Microsoft 365 Agents Playground (npm), opened in
// headless Chromium (Debian's package, driven by playwright-core; no browser download), chatting
// through the Playground's own UI. Run: npm run test:browser (needs /usr/bin/chromium).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { freePort } from '../support/net.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/bot.js';


describe('chatting with the bot in the Agents Playground', () => {
  let bot: RunningBot;
  let playground: ChildProcess;
  let browser: Browser;
  let dir: string;
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'browser-'));
    await writeFile(path.join(dir, 'roles.json'), JSON.stringify({ users: {} }));
    bot = await startBot({ env: { PORT: '0', DATA_DIR: path.join(dir, 'store'), ROLES_FILE: path.join(dir, 'roles.json'), LOG_LEVEL: 'warn', REMINDER_SWEEP_SECONDS: '0' } });
    const port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    playground = spawn(path.resolve('node_modules/.bin/agentsplayground'), ['-e', `${bot.url}/api/messages`, '-c', 'msteams', '-p', String(port), '--dt'], {
      env: { ...process.env, PATH: `${path.resolve('scripts/bin')}${path.delimiter}${process.env['PATH']}` },
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      if (await fetch(url).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    playground?.kill('SIGTERM');
    await bot?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('welcomes the user, answers hjälp and shows my reports through the real UI', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.getByText('Ny avvikelse').first().waitFor({ timeout: 20_000 });
    const box = page.locator('[role="textbox"][contenteditable="true"]').first();
    for (const [text, expected] of [
      ['hjälp', /Your roles|Dina roller/],
      ['mina avvikelser', /You have not reported anything yet|Du har inte rapporterat något än/],
    ] as const) {
      const before = await page.getByText(expected).count();
      await box.click();
      await page.keyboard.type(text, { delay: 10 });
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByText(expected).count(), { timeout: 15_000 }).toBeGreaterThan(before);
    }
    await page.screenshot({ path: path.join(dir, 'playground.png') });
  }, 60_000);
});
