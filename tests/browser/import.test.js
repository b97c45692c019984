// SPDX-License-Identifier: ISC
// Import of the registration template in the web UI (issue 12): an
// official uploads a CSV with a bad row and sees the row and column named,
// with no way to confirm; then a good file, confirms, and finds the drafts
// in the list.  The preview fits 1366 px and 360 px without sideways
// scroll; screenshots go to tests/browser/screenshots/.
//
//   make check-browser   (runs this file after walkthrough.test.js)

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { fitsBothWidths, loginAs, settled } from './ui-checks.mjs';

const BASE = (process.env.NV_BASE || 'http://127.0.0.1:18080').replace(/\/$/, '');
const CHROMIUM = process.env.NV_CHROMIUM || '/usr/bin/chromium';
const PASSWORD = 'Demo@2026';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.join(HERE, 'screenshots');
const STAMP = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const HEAD = 'TT,Tên nhiệm vụ,Người chịu trách nhiệm,Cơ quan chủ trì thực hiện,Cơ quan phối hợp,Dự kiến sản phẩm,Dự kiến kinh phí,Ghi chú\r\n';

let browser;
const problems = [];

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true, timeout: 30000,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'],
  });
});

after(async () => { if (browser) await browser.close(); });

const login = (user) => loginAs(browser, BASE, user, PASSWORD, problems);
const fits = (page, name) => fitsBothWidths(page, name, SHOTS);

async function upload(page, text) {
  await page.locator('#import-file').setInputFiles({ name: 'mau-dang-ky.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf-8') });
  await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
  // The previous preview goes away first; then the new one arrives.
  await page.locator('#import-result .loading').waitFor({ state: 'detached' });
  await page.locator('#import-result .table-wrap').waitFor();
}

describe('import of the registration template', { timeout: 90000 }, () => {
  it('shows each bad row and column, then creates the drafts on confirm', async () => {
    const page = await login('cb.skhcn');
    await page.getByRole('link', { name: 'Nhập từ Excel' }).first().click();
    await page.getByRole('heading', { name: 'Nhập từ mẫu đăng ký' }).waitFor();

    await upload(page, `${HEAD}1,Số hóa hồ sơ ${STAMP},Nguyễn Văn An,Sở Khoa học và Công nghệ,Sở Nội vụ,Cổng dữ liệu,1.500.000.000,\r\n`
      + `2,,An,Sở Không Có,,,abc,\r\n`);
    const bad = page.locator('#import-result tr.row-error');
    assert.equal(await bad.count(), 1, 'one bad row');
    const text = await bad.innerText();
    assert.match(text, /Tên nhiệm vụ: Thiếu tên nhiệm vụ\./);
    assert.match(text, /Cơ quan chủ trì thực hiện: Không có cơ quan "Sở Không Có"/);
    assert.match(text, /Dự kiến kinh phí:/);
    assert.ok(await page.locator('#import-confirm').isDisabled(), 'no confirm while a row is bad');
    await fits(page, '20-import-preview-errors');

    await upload(page, `${HEAD}1,Số hóa hồ sơ ${STAMP},Nguyễn Văn An,SKHCN,Sở Nội vụ; Công an tỉnh,Cổng dữ liệu,1.500.000.000,Ghi chú\r\n`
      + `2,Bản đồ số ${STAMP},Trần Thị Bình,Sở Khoa học và Công nghệ,,,,\r\n`);
    assert.equal(await page.locator('#import-result tr.row-error').count(), 0);
    await page.locator('#import-confirm').click();
    await page.waitForFunction(() => location.hash.startsWith('#/tasks?'));
    await settled(page);
    const r = await page.evaluate(async (q) => (await fetch(`/api/v1/tasks?q=${encodeURIComponent(q)}`)).json(), STAMP);
    assert.equal(r.items.length, 2, 'two drafts');
    assert.ok(r.items.every((t) => t.status === 'draft' && t.lead_agency === 'SKHCN'));
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
