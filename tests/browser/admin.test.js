// SPDX-License-Identifier: ISC
// Issue 17's list and administration screens in Debian's chromium, at
// 1366 px and 360 px: the task list sorted by its column headers (with the
// mouse and the keyboard, aria-sort, the order in the address so Back keeps
// it, the "Sắp xếp" choice on a phone), saved filters (save, apply,
// delete), and the admin screen: agencies added, renamed and merged, the
// settings without secrets, the audit search leading to the record.
//
//   make check-browser   (runs this file after walkthrough.test.js)

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { settled } from './ui-checks.mjs';

const BASE = (process.env.NV_BASE || 'http://127.0.0.1:18080').replace(/\/$/, '');
const CHROMIUM = process.env.NV_CHROMIUM || '/usr/bin/chromium';
const PASSWORD = 'Demo@2026';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.join(HERE, 'screenshots');
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 360, height: 740 };
const WAIT = 10000;
const STAMP = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 100)}`.toUpperCase();

let browser;
const problems = [];

async function login(user, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // 401 before login, 403 of the probe for agencies, 409 of the duplicate
    // code sent on purpose below.
    if (m.type() === 'error' && !/status of (401|403|409)/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${BASE}/#/login`);
  await page.getByLabel('Tên đăng nhập').fill(user);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('#userbox:not([hidden])').waitFor();
  await settled(page);
  return page;
}

async function go(page, hash) {
  await page.evaluate((x) => { location.hash = x; }, hash);
  await page.waitForFunction((x) => location.hash.startsWith(x), hash);
  await settled(page);
}

/** The API as the page's session sees it. */
function apiGet(page, p) {
  return page.evaluate(async (u) => (await fetch(`/api/v1${u}`, { credentials: 'same-origin' })).json(), p);
}

/** No control, label, badge or cell cut, no table past its box, no sideways scroll. */
async function assertFits(page, what) {
  const bad = await page.evaluate(() => {
    const out = [];
    const vw = document.documentElement.clientWidth;
    const seen = (el) => el.offsetParent !== null && getComputedStyle(el).visibility !== 'hidden';
    for (const el of document.querySelectorAll('main button, main .btn, main label, main .badge, main th, main td, .site-header a')) {
      if (!seen(el) || el.closest('.visually-hidden, [hidden]')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      const t = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') out.push(`${t} (${el.scrollWidth} > ${el.clientWidth})`);
      else if (r.right > vw + 1 && !el.closest('.table-wrap')) out.push(`${t} (past the viewport)`);
    }
    for (const t of document.querySelectorAll('main table')) {
      if (!seen(t)) continue;
      const w = t.getBoundingClientRect().width;
      const box = t.parentElement.getBoundingClientRect().width;
      if (w > box + 1) out.push(`table ${t.id || t.className} ${Math.round(w)} in ${Math.round(box)}`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth) out.push(`page ${document.documentElement.scrollWidth} wide`);
    const unlabelled = [...document.querySelectorAll('main input, main select, main textarea')]
      .filter((el) => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label'));
    for (const el of unlabelled) out.push(`unlabelled ${el.name || el.type}`);
    return out;
  });
  assert.deepEqual(bad, [], `${what} at ${page.viewportSize().width} px`);
}

async function shots(page, name) {
  await settled(page);
  await page.evaluate(() => { document.getElementById('toast').replaceChildren(); window.scrollTo(0, 0); });
  for (const [vp, tag] of [[DESKTOP, 'desktop'], [PHONE, 'phone']]) {
    await page.setViewportSize(vp);
    await page.waitForTimeout(200);
    await assertFits(page, name);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${tag}.png`) });
  }
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(150);
}

const rowIds = (page) => page.locator('.task-table tbody tr').evaluateAll((rs) => rs.map((r) => Number(r.dataset.taskId)));

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true, timeout: 30000,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--font-render-hinting=none'],
  });
});

after(async () => {
  if (browser) await browser.close();
  assert.deepEqual(problems, [], 'no script errors on any page');
});

describe('issue 17: sorting, saved filters, administration', { timeout: 110000 }, () => {
  it('sorts the list by its headers, by mouse and keyboard, and keeps the order on Back', async () => {
    const page = await login('tt.bcd');
    await go(page, '#/tasks?agency=all');
    const head = page.locator('th.th-sort', { has: page.locator('button[data-sort="deadline"]') });
    assert.equal(await head.getAttribute('aria-sort'), 'none');
    await head.locator('button').click();
    await page.waitForFunction(() => location.hash.includes('sort=deadline'));
    await settled(page);
    await page.locator('th[aria-sort="ascending"] button[data-sort="deadline"]').waitFor();
    const want = (await apiGet(page, '/tasks?sort=deadline&limit=50')).items.map((t) => t.id);
    assert.deepEqual(await rowIds(page), want, 'the rows in the API\'s deadline order');
    // The keyboard: the focus stays on the header, Enter reverses.
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.dataset.sort);
    assert.equal(focused, 'deadline', 'focus back on the header after sorting');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash.includes('sort=-deadline'));
    await settled(page);
    await page.locator('th[aria-sort="descending"] button[data-sort="deadline"]').waitFor();
    const desc = (await apiGet(page, '/tasks?sort=-deadline&limit=50')).items.map((t) => t.id);
    assert.deepEqual(await rowIds(page), desc, 'descending');
    await shots(page, '30-tasks-sorted');
    // Open a task, come back: the same order.
    await page.locator('.task-table tbody tr a.task-link').first().click();
    await page.waitForFunction(() => /^#\/tasks\/\d+$/.test(location.hash));
    await settled(page);
    await page.goBack();
    await page.waitForFunction(() => location.hash.includes('sort=-deadline'));
    await settled(page);
    assert.equal(await page.locator('button[data-sort="deadline"]').locator('xpath=..').getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await rowIds(page), desc, 'Back keeps the order');
    // A phone has no column headers: the "Sắp xếp" choice.
    await page.setViewportSize(PHONE);
    const details = page.locator('details.more-filters');
    if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
    await page.getByLabel('Sắp xếp').selectOption('name');
    await page.waitForFunction(() => location.hash.includes('sort=name'));
    await settled(page);
    const byName = (await apiGet(page, '/tasks?sort=name&limit=50')).items.map((t) => t.id);
    assert.deepEqual(await rowIds(page), byName, 'sorted by name at 360 px');
    await page.setViewportSize(DESKTOP);
    await page.context().close();
  });

  it('saves a filter, applies it and deletes it', async () => {
    const page = await login('cb.skhcn');
    for (const f of (await apiGet(page, '/me/filters')).items) {
      await page.evaluate(async ([id, tok]) => fetch(`/api/v1/me/filters/${id}`, { method: 'DELETE', headers: { 'X-CSRF-Token': tok } }),
        [f.id, (await apiGet(page, '/session')).csrf_token]);
    }
    await go(page, '#/tasks?status=in_program&sort=-updated');
    const name = `Đang thực hiện ${STAMP}`;
    await page.getByRole('button', { name: 'Lưu bộ lọc hiện tại…' }).click();
    await page.getByLabel('Tên bộ lọc').fill(name);
    await shots(page, '31-saved-filter-form');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.locator('.toast', { hasText: 'Đã lưu bộ lọc' }).waitFor();
    const saved = (await apiGet(page, '/me/filters')).items;
    assert.deepEqual(saved.map((f) => [f.name, f.query]), [[name, 'status=in_program&sort=-updated']]);
    await go(page, '#/tasks');
    await page.getByLabel('Bộ lọc đã lưu').selectOption({ label: name });
    await page.getByRole('button', { name: 'Áp dụng' }).click();
    await page.waitForFunction(() => location.hash === '#/tasks?status=in_program&sort=-updated');
    await settled(page);
    assert.equal(await page.getByLabel('Trạng thái').inputValue(), 'in_program');
    await shots(page, '32-saved-filter-applied');
    await page.getByRole('button', { name: 'Xóa bộ lọc này' }).click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Xóa bộ lọc' }).click();
    await page.locator('.toast', { hasText: 'Đã xóa bộ lọc' }).waitFor();
    assert.deepEqual((await apiGet(page, '/me/filters')).items, []);
    assert.equal(await page.getByLabel('Bộ lọc đã lưu').locator('option').first().textContent(), 'Chưa có bộ lọc nào');
    await page.context().close();
  });

  it('administers agencies: add, rename, merge; shows settings and the audit', async () => {
    const page = await login('admin');
    await page.getByRole('link', { name: 'Quản trị' }).click();
    await page.waitForFunction(() => location.hash === '#/admin/agencies');
    await settled(page);
    const add = async (code, name) => {
      await page.getByLabel('Mã').fill(code);
      await page.getByLabel('Tên cơ quan').fill(name);
      await page.getByRole('button', { name: 'Thêm cơ quan' }).click();
      await page.locator(`#agency-table tr[data-code="${code}"]`).waitFor();
    };
    const a = `BA${STAMP}`.slice(0, 16);
    const b = `BB${STAMP}`.slice(0, 16);
    await add(a, `Sở Thử nghiệm A ${STAMP}`);
    await add(b, `Sở Thử nghiệm B ${STAMP}`);
    // a duplicate code says so on its field
    await page.getByLabel('Mã').fill(a);
    await page.getByLabel('Tên cơ quan').fill('Tên khác hẳn');
    await page.getByRole('button', { name: 'Thêm cơ quan' }).click();
    await page.locator('.field-error', { hasText: 'Đã có cơ quan với mã hoặc tên này' }).waitFor();
    await shots(page, '33-admin-agencies');
    // rename
    await page.getByRole('button', { name: `Đổi tên Sở Thử nghiệm A ${STAMP}` }).click();
    await page.locator('dialog[open]').getByLabel('Tên mới').fill(`Sở Thử nghiệm A mới ${STAMP}`);
    await page.locator('dialog[open]').getByRole('button', { name: 'Đổi tên' }).click();
    await page.locator(`#agency-table tr[data-code="${a}"]`, { hasText: `Tên cũ: Sở Thử nghiệm A ${STAMP}` }).waitFor();
    // merge A into B
    await page.getByRole('button', { name: `Hợp nhất Sở Thử nghiệm A mới ${STAMP}` }).click();
    const dlg = page.locator('dialog[open]');
    await dlg.getByLabel('Vào cơ quan tiếp nhận').selectOption(b);
    await dlg.getByRole('button', { name: 'Hợp nhất' }).click();
    await page.locator(`#agency-table tr[data-code="${a}"]`, { hasText: `Đã hợp nhất vào Sở Thử nghiệm B ${STAMP}` }).waitFor();
    // a merged body is no longer offered for a task (the secretariat's form)
    // settings: no secret
    await page.getByRole('link', { name: 'Cấu hình' }).click();
    await page.locator('#settings-table').waitFor();
    const row = page.locator('#settings-table tr', { hasText: 'db_password_file' });
    assert.match(await row.textContent(), /\(đã đặt, ẩn\)/);
    assert.match(await page.locator('#settings-table tr', { hasText: /^listen/ }).first().textContent(), /Khởi động lại/);
    await shots(page, '34-admin-settings');
    // the audit search finds the merge and leads to a record
    await page.getByRole('link', { name: 'Nhật ký thao tác' }).click();
    await page.locator('#audit-table').waitFor();
    await page.getByLabel('Thao tác').selectOption('agency_merge');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.waitForFunction(() => location.hash.includes('action=agency_merge'));
    await settled(page);
    await page.locator('#audit-table tbody tr', { hasText: 'Hợp nhất cơ quan' }).first().waitFor();
    await shots(page, '35-admin-audit');
    await page.getByLabel('Thao tác').selectOption('create');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.waitForFunction(() => location.hash.includes('action=create'));
    await settled(page);
    const link = page.locator('#audit-table tbody tr a[href^="#/tasks/"]').first();
    const href = await link.getAttribute('href');
    await link.click();
    await page.waitForFunction((x) => location.hash === x, href);
    await settled(page);
    await page.context().close();
  });

  it('gives the secretariat the audit but not agencies or settings', async () => {
    const page = await login('tk.bcd', PHONE);
    await page.getByRole('button', { name: 'Danh mục' }).click();
    await page.getByRole('link', { name: 'Nhật ký thao tác' }).click();
    await page.locator('#audit-table').waitFor();
    const tabs = await page.locator('.admin-tabs a').allTextContents();
    assert.deepEqual(tabs, ['Nhật ký thao tác']);
    await page.evaluate(() => { location.hash = '#/admin/settings'; });
    await page.waitForFunction(() => location.hash === '#/admin/audit');
    await settled(page);
    await page.locator('#audit-table').waitFor();
    await assertFits(page, 'secretariat audit');
    // a retired or merged body is not offered on the registration form
    await go(page, '#/tasks/new');
    const offered = await page.locator('select').first().locator('option').allTextContents();
    assert.ok(!offered.some((t) => t.includes(`Sở Thử nghiệm A mới ${STAMP}`)), 'merged body not offered');
    assert.ok(offered.some((t) => t.includes(`Sở Thử nghiệm B ${STAMP}`)), 'the receiving body offered');
    await page.context().close();
  });
});
