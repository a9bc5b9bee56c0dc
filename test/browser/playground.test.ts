// The real thing a new user does: the bot and Microsoft 365 Agents Playground (npm), opened in
// headless Chromium (Debian's package, driven by playwright-core; no browser download), chatting
// through the Playground's own UI. Run: npm run test:browser (needs /usr/bin/chromium).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { freePort } from '../support/net.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/bot.js';

/** Where the screenshots go (kept after the run, for a look at the cards; git ignores reports/). */
const SHOTS = path.resolve('reports/screenshots');
/** The aadObjectId the Playground gives its current user (its default teams-config). */
const PLAYGROUND_USER = '00000000-0000-0000-0000-0000000000020';

describe('chatting with the bot in the Agents Playground', () => {
  let bot: RunningBot;
  let playground: ChildProcess;
  let browser: Browser;
  let dir: string;
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'browser-'));
    await mkdir(SHOTS, { recursive: true });
    // The Playground's user (Alex Wilber) is a case officer for the receiver the report names.
    await writeFile(
      path.join(dir, 'roles.json'),
      JSON.stringify({ users: { [PLAYGROUND_USER]: { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] } } }),
    );
    bot = await startBot({
      env: {
        NODE_ENV: 'development',
        ALLOW_ANONYMOUS: 'true',
        PORT: '0',
        DATA_DIR: path.join(dir, 'store'),
        ROLES_FILE: path.join(dir, 'roles.json'),
        LOG_LEVEL: 'warn',
        REMINDER_SWEEP_SECONDS: '0',
      },
    });
    const port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    playground = spawn(
      path.resolve('node_modules/.bin/agentsplayground'),
      ['-e', `${bot.url}/api/messages`, '-c', 'msteams', '-p', String(port), '--dt'],
      {
        env: { ...process.env, PATH: `${path.resolve('scripts/bin')}${path.delimiter}${process.env['PATH']}` },
        stdio: 'ignore',
      },
    );
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(url).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    playground?.kill('SIGTERM');
    await bot?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('welcomes the user in Swedish although the Playground sends en-US, answers hjälp and shows my reports', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.getByText('Ny avvikelse').first().waitFor({ timeout: 20_000 });
    for (const [text, expected] of [
      ['hjälp', /Dina roller/],
      ['mina avvikelser', /Du har inte rapporterat något än/],
    ] as const) {
      const before = await page.getByText(expected).count();
      await say(page, text);
      await expect.poll(() => page.getByText(expected).count(), { timeout: 15_000 }).toBeGreaterThan(before);
    }
    await page.screenshot({ path: path.join(SHOTS, 'playground.png') });
  }, 60_000);

  it('reports a deviation through the form with at most 8 inputs and one submit, and shows the confirmation and the report', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
    await page.goto(url, { waitUntil: 'networkidle' });
    // The user chooses English (DEFAULT_LOCALE is Swedish; the Playground's en-US decides nothing).
    await say(page, 'language english');
    await page.getByText("I'll answer in English from now on.").first().waitFor({ timeout: 15_000 });
    await say(page, 'ny avvikelse');
    const form = page.locator('.ac-adaptiveCard').filter({ hasText: 'What happened?' }).last();
    await form.waitFor({ timeout: 15_000 });
    // The minimum report (issue 16, item 14): what the rendered form requires (the renderer marks
    // each required input aria-required). Type and date come filled in; cause, consequence and
    // severity are not required, so the user fills six inputs and submits once.
    expect(await form.locator('[aria-required="true"]').count()).toBeLessThanOrEqual(8);
    const pick = async (input: Locator, search?: string) => {
      await input.click();
      if (search) await input.fill(search);
      await page.getByRole('option').first().click();
    };
    // Filtered choice sets show "Search…", compact ones "Choose…" (the placeholder stays).
    const search = form.locator('input[aria-label="Search…"]');
    await pick(search.nth(0), 'Borås');
    await pick(search.nth(1), 'Södra Älvsborg');
    const choose = form.locator('input[aria-label="Choose…"]');
    await pick(choose.nth(0)); // category; cause, consequence and severity stay at "Don't know"
    // What the reporter names beside the minimum (issue 33.5): the agreement and MedControl's id.
    await choose.nth(2).click();
    await page.getByRole('option', { name: /Coordinated discharge \(SAMSA\)/ }).click();
    await form.getByLabel(/MedControl PRO/).fill('MC-2026-1234');
    await form.locator('textarea').nth(0).fill('Läkemedelslistan saknades när patienten kom hem från sjukhuset.');
    await form.locator('textarea').nth(1).fill('Ringde vårdcentralen och fick en ny lista.');
    await form.getByRole('radio', { name: 'Yes' }).check();
    await form.screenshot({ path: path.join(SHOTS, 'report-form.png') });
    await form.getByRole('button', { name: 'Submit' }).click();

    const confirmation = page.getByText(/Case AVV-\d{4}-\d{5} is registered/);
    await confirmation.waitFor({ timeout: 15_000 });
    const number = (await confirmation.textContent())!.match(/AVV-\d{4}-\d{5}/)![0];
    const [stored] = bot.stores.cases.all();
    expect(bot.stores.cases.all()).toHaveLength(1);
    expect(stored).toMatchObject({
      number,
      report: {
        reporterUnit: 'boras',
        receiver: 'sodra-alvsborgs-sjukhus',
        kind: 'avvikelse',
        dialogue: 'ja',
        agreement: 'utskrivning-svpl',
        medControlId: 'MC-2026-1234',
      },
    });
    // Left to the first assessment.
    expect([stored!.report.cause, stored!.report.consequence, stored!.report.severity]).toEqual([undefined, undefined, undefined]);
    expect(stored!.report.description).toBe('Läkemedelslistan saknades när patienten kom hem från sjukhuset.');

    const shown = await page.getByText(number).count();
    await say(page, 'my reports');
    await expect.poll(() => page.getByText(number).count(), { timeout: 15_000 }).toBeGreaterThan(shown);
    await page.screenshot({ path: path.join(SHOTS, 'reported.png'), fullPage: true });
  }, 90_000);

  it("sets the classification at the first assessment, then shows only 2a's fields for step 2a", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
    await page.goto(url, { waitUntil: 'networkidle' });
    const [reported] = bot.stores.cases.all();
    expect(reported, 'the report test left a case').toBeDefined();
    await say(page, 'cases');
    const list = page.locator('.ac-adaptiveCard').filter({ hasText: reported!.number }).last();
    await list.waitFor({ timeout: 15_000 });
    await list.getByRole('button', { name: 'Open' }).first().click();
    const caseCard = page.locator('.ac-adaptiveCard').filter({ hasText: 'First assessment' }).last();
    // The officer sees what the reporter named (issue 33.5).
    await expect.poll(async () => (await caseCard.textContent()) ?? '', { timeout: 15_000 }).toContain('MC-2026-1234');
    expect(await caseCard.textContent()).toContain('Coordinated discharge (SAMSA)');
    await caseCard.screenshot({ path: path.join(SHOTS, 'case-reported-facts.png') });
    await caseCard.getByRole('button', { name: 'First assessment' }).click();
    // The report left cause, consequence and severity at "Don't know": the assessment asks for them.
    const triage = page.locator('.ac-adaptiveCard').filter({ hasText: 'Decision' }).last();
    await triage.waitFor({ timeout: 15_000 });
    const choose = async (nth: number, option: string | RegExp) => {
      await triage.locator('input[aria-label="Choose…"]').nth(nth).click();
      await page.getByRole('option', { name: option }).first().click();
    };
    await choose(0, 'Closer follow-up');
    await choose(1, 'Minor deviation');
    await choose(2, /communication/i);
    await choose(3, 'Risk');
    await choose(4, '1 – Minor');
    await triage.locator('textarea').first().fill('Kontakt tagen med avdelningen.');
    await triage.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => bot.stores.cases.get(reported!.id)!.status, { timeout: 15_000 }).toBe('uppfoljning');
    expect(bot.stores.cases.get(reported!.id)!.report).toMatchObject({ consequence: 'risk', severity: 1 });

    const after = page.locator('.ac-adaptiveCard').filter({ hasText: 'New step' }).last();
    await after.getByRole('button', { name: 'New step' }).click();
    const chooser = page.locator('.ac-adaptiveCard').filter({ hasText: 'Continue' }).last();
    await chooser.locator('input[aria-label="Choose…"]').first().click();
    await page.getByRole('option', { name: /\(2a ·/ }).click();
    await chooser.getByRole('button', { name: 'Continue' }).click();
    const step = page.locator('.ac-adaptiveCard').filter({ hasText: 'Note of the contact' }).last();
    await step.waitFor({ timeout: 15_000 });
    const text = (await step.textContent()) ?? '';
    for (const field of ['Comment', 'Note of the contact', 'Deadline', 'contact person']) expect(text, field).toContain(field);
    for (const other of ['Board decision date', 'Diary number', 'Purpose', 'Outcome']) expect(text, other).not.toContain(other);
    await step.screenshot({ path: path.join(SHOTS, 'step-2a.png') });
  }, 90_000);

  it('draws an indicator trend as a native chart (Chart.VerticalBar), as Teams does', async () => {
    const now = new Date().toISOString();
    const months = [4, 3, 2, 1].map((back) => {
      const d = new Date();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() - back);
      return d.toISOString().slice(0, 7);
    });
    await bot.stores.indicatorValues.putMany(
      months.map((period, i) => ({
        id: `vardgaranti-pv-3dagar|boras|${period}`,
        indicator: 'vardgaranti-pv-3dagar',
        org: 'boras',
        period,
        value: [82, 85.5, 88, 91][i]!,
        source: 'csv' as const,
        updatedAt: now,
        updatedBy: 'test',
        history: [],
      })),
    );
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(url, { waitUntil: 'networkidle' });
    await say(page, 'indicator vardgaranti-pv-3dagar for Borås');
    // The Playground draws Teams' chart elements: one bar per month, labelled with its period
    // and its value (hosts without charts would show the fallback table instead).
    const card = page.locator('.ac-adaptiveCard').filter({ hasText: 'Borås Stad' }).last();
    await card.waitFor({ timeout: 15_000 });
    await expect.poll(() => card.locator('svg').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    for (const month of months) expect(await card.locator('svg').getByText(month, { exact: true }).count(), month).toBe(1);
    expect(
      await card
        .locator('svg')
        .getByText(/^85[.,]50?$/)
        .count(),
    ).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'indicator.png'), fullPage: true });
  }, 60_000);

  it('runs a help button (issue 33), pages a long indicator list, and refuses in words that say who does it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    await page.goto(url, { waitUntil: 'networkidle' });
    await say(page, 'språk svenska');
    await page.getByText('Jag svarar på svenska').first().waitFor({ timeout: 15_000 });
    // The help card's own button runs what it offers.
    await say(page, 'hjälp');
    const help = page.locator('.ac-adaptiveCard').filter({ hasText: 'Dina roller' }).last();
    await help.waitFor({ timeout: 15_000 });
    // It answers with the user's reports (the card may be replaced in place): the case number shows.
    const number = bot.stores.cases.all()[0]!.number;
    const before = await page.getByText(number).count();
    await help.getByRole('button', { name: 'Mina avvikelser' }).click();
    await expect.poll(() => page.getByText(number).count(), { timeout: 15_000 }).toBeGreaterThan(before);
    // The indicator list pages (it was 35 KB, over what Teams takes); the next page by its button.
    await say(page, 'indikatorer');
    const list = page.locator('.ac-adaptiveCard').filter({ hasText: 'Sida 1 av' }).last();
    await list.waitFor({ timeout: 15_000 });
    await list.screenshot({ path: path.join(SHOTS, 'indicators-paged.png') });
    await list.getByRole('button', { name: 'Nästa sida' }).click();
    await page.locator('.ac-adaptiveCard').filter({ hasText: 'Sida 2 av' }).last().waitFor({ timeout: 15_000 });
    // A refusal says who does it and what is the user's own, never that it was logged.
    await say(page, 'sätt mål vårdgaranti');
    const refusal = page.getByText(/Värden och mål registreras av en administratör/).last();
    await refusal.waitFor({ timeout: 15_000 });
    expect(await page.getByText(/loggats/).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'refusal.png'), fullPage: true });
  }, 90_000);
});

/** Types a message into the Playground's compose box and sends it. */
async function say(page: Page, text: string): Promise<void> {
  const box = page.locator('[role="textbox"][contenteditable="true"]').first();
  await box.waitFor({ timeout: 20_000 });
  await box.click();
  await page.keyboard.type(text, { delay: 10 });
  await page.keyboard.press('Enter');
}
