/**
 * The review queue in the dashboard: a tenant-bound operator sees and labels only its tenant's items (another
 * tenant's answers like a missing one), a change needs the CSRF token, each decision is audited with the operator,
 * and in Chromium a reviewer opens an item, sees its context and findings, and marks it a false positive.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../../scripts/dashboard/browser.js';
import type { ReviewItem } from '../../src/spec/review.js';
import type { TestGateway } from '../gateway/helpers/gateway.js';
import { ACME_TOKEN, ADMIN_TOKEN, chat, signIn, startDashboardGateway, tenantKey, type DashSession } from '../dashboard/helpers.js';

const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium && process.env.CI === 'true') throw new Error(`CI=true but no Chromium at ${CHROMIUM_PATH}`);

const POLICY = { detectors: { denylist: { terms: [{ id: 'banned', terms: ['zorg'], action: 'block' }] } }, rules: { 'denylist/banned': { mode: 'monitor' } } };

let gw: TestGateway;
let acme: DashSession;
let acmeItem: ReviewItem;
let globexItem: ReviewItem;

async function filed(requestId: string, tenant: string): Promise<ReviewItem> {
  for (let i = 0; i < 100; i++) {
    const item = await gw.services.review.byRequest(tenant, requestId);
    if (item) return item;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`request ${requestId} was not filed`);
}

beforeAll(async () => {
  gw = await startDashboardGateway({ policy: POLICY });
  acme = await signIn(gw.app, { token: ACME_TOKEN });
  acmeItem = await filed((await chat(gw, await tenantKey(gw, 'acme'), 'Where can I read about zorg?')).id, 'acme');
  globexItem = await filed((await chat(gw, await tenantKey(gw, 'globex'), 'zorg again, for globex')).id, 'globex');
});
afterAll(async () => {
  await gw?.close();
});

describe('dashboard review API', () => {
  it("lists and opens only the operator's tenant's items; another tenant's answers like a missing one", async () => {
    const list = await acme.call('GET', '/review');
    expect((list.body.items as ReviewItem[]).map((i) => i.id)).toEqual([acmeItem.id]);
    const detail = await acme.call('GET', `/review/${acmeItem.id}`);
    expect(detail.body).toMatchObject({ item: { id: acmeItem.id }, request: { requestId: acmeItem.requestId, inputFindings: [{ ruleId: 'denylist/banned', mode: 'monitor' }] } });
    const theirs = await acme.call('GET', `/review/${globexItem.id}`);
    expect(theirs.status).toBe(404);
    expect(await acme.call('GET', '/review/rev_missing')).toEqual(theirs);
    expect(await acme.call('POST', `/review/${globexItem.id}/decision`, { label: 'false_positive' })).toEqual(await acme.call('POST', '/review/rev_missing/decision', { label: 'false_positive' }));
    expect((await gw.services.review.get(globexItem.id))?.label).toBeNull();
  });

  it('needs the CSRF token for a decision, and audits the decision with the operator', async () => {
    const forged = await gw.app.inject({ method: 'POST', url: `/dashboard/api/review/${acmeItem.id}/decision`, headers: { cookie: acme.cookie, 'x-warden-csrf': 'forged' }, payload: { label: 'false_positive' } });
    expect(forged.statusCode).toBe(403);
    expect((await gw.services.review.get(acmeItem.id))?.label).toBeNull();
    const res = await gw.app.inject({ method: 'POST', url: `/dashboard/api/review/${acmeItem.id}/decision`, headers: { cookie: acme.cookie, 'x-warden-csrf': acme.csrf }, payload: { label: 'correct_block', note: 'banned name' } });
    expect(res.statusCode).toBe(200);
    const rec = await gw.audit(String(res.headers['x-warden-request-id']));
    expect(rec).toMatchObject({
      route: 'POST /dashboard/api/review/:id/decision',
      admin: { caller: 'dashboard' },
      request: { params: { change: 'review.decide', item: acmeItem.id, label: 'correct_block', reviewer: { name: 'acme-ops', via: 'dashboard' }, dashboardOperator: { name: 'acme-ops', tenant: 'acme' } } },
    });
  });
});

describe.skipIf(!hasChromium)('dashboard review page in Chromium', () => {
  let browser: Browser;
  afterAll(async () => {
    await browser?.close();
  });

  it('shows an item with its context and findings, and records a false-positive verdict', async () => {
    const item = await filed((await chat(gw, await tenantKey(gw, 'acme'), 'Is zorg <b>bold</b> a real word?')).id, 'acme');
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1366, height: 850 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${gw.url}/dashboard/`);
    await page.fill('#credential', ADMIN_TOKEN);
    await page.click('button[type=submit]');
    await page.waitForSelector('nav[aria-label=Pages]');
    await page.click('nav a:has-text("Review queue")');
    const card = page.locator(`article[aria-label="Review item ${item.id}"]`);
    await card.waitFor();
    await card.locator('button:has-text("Show context")').click();
    const findings = card.locator('table.findings').first();
    await findings.waitFor();
    expect(await findings.textContent()).toContain('denylist/banned');
    expect(await card.locator('.message pre').last().textContent()).toBe('Is zorg <b>bold</b> a real word?');
    expect(await card.locator('.review-context b').count()).toBe(0);
    await card.locator('input[value=false_positive]').check();
    await card.locator(`#note-${item.id}`).fill('zorg is also a common word here');
    await card.locator('button:has-text("Save decision")').click();
    await expect.poll(async () => (await gw.services.review.get(item.id))?.label).toBe('false_positive');
    expect(await gw.services.review.get(item.id)).toMatchObject({ status: 'reviewed', note: 'zorg is also a common word here', reviewedBy: { name: 'admin', via: 'dashboard' } });
    await expect.poll(() => card.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
