// SPDX-License-Identifier: ISC
// The public progress page (issue 14) in Chromium: reached from the login
// screen without an account, it shows the committee's accepted tasks,
// indicators and counts per agency; it fits 1366 px and 360 px (each row a
// card on the phone, every cell inside the screen), reads the same with
// JavaScript off, and its policy lets nothing load but its stylesheet.
// Screenshots go to tests/browser/screenshots/public-*.png.
//
//   make check-browser

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { DESKTOP, LAUNCH_ARGS, PHONE, WAIT } from './ui-checks.mjs';

const BASE = (process.env.NV_BASE || 'http://127.0.0.1:18080').replace(/\/$/, '');
const CHROMIUM = process.env.NV_CHROMIUM || '/usr/bin/chromium';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.join(HERE, 'screenshots');

let browser;

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, timeout: 30000, args: LAUNCH_ARGS });
});

after(async () => { if (browser) await browser.close(); });

async function open(opts = {}) {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', ...opts });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // A refused load (CSP) or a failed request shows on the console.
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  return { context, page, problems };
}

/** Every table cell inside the viewport: nothing cut off at the right. */
async function cellsInside(page, what) {
  const bad = await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll('main td, main h2, main h3, header a')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.right > vw + 1 || r.left < -1) out.push(`${el.textContent.trim().slice(0, 40)} (${Math.round(r.left)}-${Math.round(r.right)} of ${vw})`);
    }
    return out;
  });
  assert.deepEqual(bad, [], `${what}: cells outside the screen`);
}

describe('the public progress page', { timeout: 90000 }, () => {
  it('is linked from the login screen and fits both widths', async () => {
    const { context, page, problems } = await open();
    await page.goto(`${BASE}/#/login`);
    const link = page.getByRole('link', { name: /Xem tiến độ công khai/ });
    await link.waitFor();
    await link.click();
    await page.waitForURL(`${BASE}/public/`);
    // The login screen's own 401 (GET /session, no one logged in) is not
    // the public page's.
    problems.length = 0;
    await page.reload();
    await page.getByRole('heading', { name: 'Tiến độ thực hiện nhiệm vụ', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Ban Chỉ đạo tỉnh', level: 2 }).waitFor();
    const rows = await page.locator('table.pub-table').first().locator('tbody tr').count();
    assert.ok(rows > 0, 'accepted tasks listed');
    assert.ok(await page.getByRole('heading', { name: /^Chỉ tiêu/ }).count() > 0, 'indicators shown');
    assert.ok(await page.getByRole('heading', { name: 'Số nhiệm vụ theo cơ quan' }).count() > 0, 'counts per agency shown');
    // The stylesheet applied (a policy that refused it would leave the
    // browser's default white body).
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(243, 245, 247)', 'public.css applied');
    // Both widths: no sideways scroll, every cell on screen.  The page
    // grows with the programme (every test's task is on it by now), so
    // the screenshots are of the first screen, not the whole page.
    for (const [vp, tag] of [[DESKTOP, 'desktop'], [PHONE, 'phone']]) {
      await page.setViewportSize(vp);
      await page.waitForTimeout(200);
      const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert.ok(sw <= iw, `public page: scrollWidth ${sw} > ${iw} at ${vp.width} px`);
      await cellsInside(page, `${vp.width} px`);
      await page.screenshot({ path: path.join(SHOTS, `public-${tag}.png`) });
    }
    // On the phone each cell names its column.
    const label = await page.locator('table.pub-table td[data-label="Hạn hoàn thành"]').first()
      .evaluate((td) => getComputedStyle(td, '::before').content);
    assert.equal(label, '"Hạn hoàn thành"', 'the column name beside the value');
    assert.deepEqual(problems, [], 'no errors, nothing refused');
    await context.close();
  });

  it('reads the same with JavaScript off', async () => {
    const { context, page, problems } = await open({ javaScriptEnabled: false });
    await page.goto(`${BASE}/public/`);
    await page.getByRole('heading', { name: 'Tiến độ thực hiện nhiệm vụ', level: 1 }).waitFor();
    const rows = await page.locator('table.pub-table tbody tr').count();
    assert.ok(rows > 0, 'rows without script');
    const csv = page.getByRole('link', { name: 'Nhiệm vụ (CSV)' });
    assert.equal(await csv.getAttribute('href'), '/public/v1/tasks.csv', 'the CSV link');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(200);
    const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(sw <= iw, `no sideways scroll at 360 px without script: ${sw} > ${iw}`);
    assert.deepEqual(problems, [], 'no errors');
    await context.close();
  });
});
