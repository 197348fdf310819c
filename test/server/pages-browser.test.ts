/**
 * The privacy center and the staff dashboard in a real headless Chromium (Debian's, driven by
 * playwright-core). Needs `npm run build` first: the pages' scripts are compiled TypeScript.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPackageRoot } from '../../src/engine/package-root.js';
import { PASSWORD, startServer, type ServerFixture } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(findPackageRoot(), 'test-artifacts');

let s: ServerFixture;
let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (see .ci/run)`);
  if (!existsSync(path.join(findPackageRoot(), 'dist', 'src', 'server', 'public', 'privacy.js'))) {
    throw new Error('page scripts are not compiled: run npm run build first');
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  s = await startServer({ users: [{ username: 'officer', roles: ['privacy_officer'] }] });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
});

describe('privacy center and dashboard in a browser', () => {
  let requestId = '';

  it('files a request, verifies it with the code from the log and shows status and due date', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(`${s.base}/privacy`);
    await page.getByLabel('Where you live (law)').selectOption('GDPR');
    await page.getByLabel('What you ask for').selectOption('erasure');
    await page.getByLabel('Your email address').fill('dana@example.org');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByLabel('Verification code (8 digits)').waitFor();
    requestId = (await page.locator('#status-id').textContent()) ?? '';
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const line = s.logs.find((l) => l['dsarId'] === requestId);
    await page.getByLabel('Verification code (8 digits)').fill(String(line?.['verificationCode']));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.locator('#status-state').textContent()).toBe('Verified: waiting to be processed');
    expect(await page.locator('#status-due').textContent()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('identity is verified');
    // Phone-readable: nothing wider than the viewport.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'privacy-center.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('signs staff in and lists the request with its due date, scores and audit events', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(`${s.base}/admin`);
    await page.getByLabel('Username').fill('officer');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const row = page.locator('#dsar-table tbody tr', { hasText: requestId });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toBe(requestId);
    expect(cells[3]).toBe('verified');
    expect(cells[4]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expect.poll(() => page.locator('#scores li').count()).toBeGreaterThan(0);
    expect(await page.locator('#scores li').first().textContent()).toMatch(/GDPR\s*[\d.]+%/);
    await expect.poll(() => page.locator('#audit-table tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-dashboard.png'), fullPage: true });
    expect(existsSync(path.join(ARTIFACTS, 'admin-dashboard.png'))).toBe(true);
    await page.close();
  });

  it('refuses a wrong password on the dashboard with a message', async () => {
    const page = await browser.newPage();
    await page.goto(`${s.base}/admin`);
    await page.getByLabel('Username').fill('officer');
    await page.getByLabel('Password').fill('not-the-password-0000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/./);
    expect(await page.locator('#dashboard').isHidden()).toBe(true);
    await page.close();
  });
});
