/**
 * The dashboard end to end in real Chromium (playwright-core, Debian's /usr/bin/chromium): sign-in refused and
 * accepted, a blocked attack appearing in the live feed, its finding marked on the request page, a held tool call
 * approved while the agent waits, a kill switch refusing the next request, a forged CSRF token refused, and hostile
 * text (HTML, script, RTL override, a 1 MB line) shown inert.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../../scripts/dashboard/browser.js';
import { createWarden, type ToolIdentity } from '../../src/index.js';
import type { TestGateway } from '../gateway/helpers/gateway.js';
import { ADMIN_TOKEN, ATTACK, chat, startDashboardGateway, tenantKey } from './helpers.js';

const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium && process.env.CI === 'true') throw new Error(`CI=true but no Chromium at ${CHROMIUM_PATH}`);
if (!hasChromium) process.stderr.write(`skipping dashboard browser tests: no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)\n`);

// No bidi character here: the obfuscation detector would block on it first and the injection rules would not run.
const HOSTILE = `${ATTACK} <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> invoice`;

describe.skipIf(!hasChromium)('dashboard in Chromium', () => {
  let gw: TestGateway;
  let browser: Browser;
  let page: Page;
  let key: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    gw = await startDashboardGateway();
    key = await tenantKey(gw, 'acme');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 850 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${gw.url}/dashboard/`);
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  it('refuses a wrong token, then signs in with the admin token', async () => {
    await page.fill('#credential', 'wrong-token');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('Wrong token');
    await page.fill('#credential', ADMIN_TOKEN);
    await page.click('button[type=submit]');
    await page.waitForSelector('nav[aria-label=Pages]');
    expect(await page.locator('header .who').textContent()).toContain('all tenants');
  });

  it('shows a blocked attack in the live feed, then its finding marked on the request page, all text inert', async () => {
    await page.goto(`${gw.url}/dashboard/#/feed`);
    await page.waitForSelector('.status.live');
    const { id, status } = await chat(gw, key, HOSTILE);
    expect(status).toBe(400);
    const row = page.locator('tr.row', { hasText: 'invoice' });
    await row.waitFor();
    expect(await row.locator('.badge').textContent()).toBe('block');
    expect(await row.textContent()).toContain('<img src=x onerror=');
    await row.locator('a').click();
    await page.waitForSelector('mark.finding');
    expect(page.url()).toContain(`#/request/${id}`);
    expect((await page.locator('mark.finding').allTextContents()).join(' ')).toMatch(/ignore all previous instructions/i);
    expect(await page.locator('code.deciding').textContent()).toMatch(/^prompt-injection\//);
    expect(await page.locator('.message pre').first().textContent()).toContain('<script>window.__pwned=2</script>');
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.click('button:has-text("Replay")');
    await expect.poll(() => page.locator('dl.replay').textContent()).toContain('Changed');
    expect(await page.locator('dl.replay .changed').count()).toBe(0);
  });

  it('shows a 1 MB hostile line cut and inert, without freezing the page', async () => {
    const line = `${'<b>x</b>\u202E'.repeat(100_000)}<script>window.__pwned=3</script>`;
    const entry = (await gw.services.audit.get((await chat(gw, key, 'hello')).id))!;
    await gw.services.audit.append({ ...entry, requestId: 'huge-line', request: { messages: [{ role: 'user', content: line }] } });
    const started = Date.now();
    await page.goto(`${gw.url}/dashboard/#/request/huge-line`);
    await page.waitForSelector('.textblock .note');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await page.locator('.textblock .note').textContent()).toContain(`of ${line.length.toLocaleString('en-US')} characters`);
    expect(await page.locator('main b, main script').count()).toBe(0);
    expect(await page.locator('.message .ctl').first().textContent()).toBe('[U+202E]');
    expect(await page.locator('.message pre').first().textContent()).toContain('<b>x</b>[U+202E]<b>x</b>');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('approves a held tool call and the waiting agent finishes within a second', async () => {
    const bot: ToolIdentity = { keyId: 'support-bot', tenant: 'acme', roles: ['support'], userId: 'customer-42', attributes: {} };
    const policy = { version: 1, extends: 'default', tools: { refund: { conditions: { large: { when: 'args.amount > 100', action: 'require_approval', reason: 'refunds over 100 need a human' } } } } };
    const agent = createWarden(policy, { tools: { identity: bot, approvals: gw.services.approvals } });
    let ran = 0;
    const refund = agent.guardTool<{ order: string; amount: number }>({ name: 'refund', description: 'Refund an order' }, () => ++ran);
    let finishedAt = 0;
    const call = refund({ order: 'A-1', amount: 250 }).then((o) => ((finishedAt = Date.now()), o));
    await page.goto(`${gw.url}/dashboard/#/approvals`);
    const card = page.locator('article.approval', { hasText: 'refund' });
    await card.waitFor();
    expect(await card.textContent()).toContain('support-bot');
    expect(await card.locator('pre.args').textContent()).toContain('"amount": 250');
    await card.locator('input').fill('checked the order');
    const clickedAt = Date.now();
    await card.locator('button.approve').click();
    const outcome = await call;
    expect(outcome.status).toBe('ok');
    expect(ran).toBe(1);
    expect(finishedAt - clickedAt).toBeLessThan(1000);
    await expect.poll(() => page.locator('article.approval').count()).toBe(0);
  });

  it('flips a kill switch and the next request is refused, then clears it', async () => {
    await page.goto(`${gw.url}/dashboard/#/kill-switches`);
    await page.selectOption('#k-scope', 'tenant');
    await page.fill('#k-id', 'acme');
    await page.fill('#k-reason', 'incident drill');
    await page.click('button:has-text("Switch off")');
    await page.locator('td', { hasText: 'incident drill' }).waitFor();
    expect((await chat(gw, key, 'hello')).status).toBe(403);
    await page.click('button[aria-label="Clear tenant acme"]');
    await expect.poll(() => page.locator('td', { hasText: 'incident drill' }).count()).toBe(0);
    expect((await chat(gw, key, 'hello')).status).toBe(200);
  });

  it('refuses a change with a forged or missing CSRF token from the signed-in browser', async () => {
    const statuses = await page.evaluate(async () => {
      const put = (headers: Record<string, string>) =>
        fetch('/dashboard/api/kill-switches', { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ scope: 'global' }) }).then((r) => r.status);
      return [await put({ 'x-warden-csrf': 'forged' }), await put({})];
    });
    expect(statuses).toEqual([403, 403]);
    expect(await gw.services.admin.killStore.list()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
