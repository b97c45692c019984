// SPDX-License-Identifier: ISC
// Committees at two levels in the browser (issue 14): a commune official
// registers a task and the commune head approves it (fixtures through the
// API); the commune's secretariat accepts it on its acceptance screen; the
// province's leadership sees the commune's row on the dashboard and
// drills into the commune's own dashboard; the commune's leadership
// cannot open another commune's.  Every screen at 1366 and 360 px: no
// sideways scroll, nothing clipped.
//
// Run against a stack that `make stack-check` started (make check-browser).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { LAUNCH_ARGS, assertNothingClipped, confirmDialog, fitsBothWidths, go, loginAs, settled } from './ui-checks.mjs';

const BASE = (process.env.NV_BASE || 'http://127.0.0.1:18080').replace(/\/$/, '');
const CHROMIUM = process.env.NV_CHROMIUM || '/usr/bin/chromium';
const PASSWORD = 'Demo@2026';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.join(HERE, 'screenshots');
const STAMP = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const TASK_NAME = `Số hóa sổ hộ tịch phường ${STAMP}`;

let browser;
const problems = [];

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, timeout: 30000, args: LAUNCH_ARGS });
});

after(async () => { if (browser) await browser.close(); });

const login = (user) => loginAs(browser, BASE, user, PASSWORD, problems);

/** Both widths, and nothing clipped at either. */
async function fits(page, name) {
  await fitsBothWidths(page, name, SHOTS);
  for (const vp of [{ width: 360, height: 740 }, { width: 1366, height: 768 }]) {
    await page.setViewportSize(vp);
    await page.waitForTimeout(150);
    await assertNothingClipped(page, name);
  }
}

async function call(page, method, p, body) {
  return page.evaluate(async ([m, pp, b]) => {
    const api = await import('/js/api.js');
    return api.request(m, pp, b);
  }, [method, p, body]);
}

const REGISTRATION = {
  fields: ['digital_transformation'], responsible_person: 'Trưởng phòng Văn hóa - Xã hội',
  expected_product: 'Sổ hộ tịch số hóa', target: '100% sổ hộ tịch được số hóa', deadline: '2030-12-31',
};

describe('committees at two levels', { timeout: 120000 }, () => {
  let taskId;

  it('the commune secretariat accepts a commune official\'s task the head approved', async () => {
    const off = await login('cb.tvinh.vhxh');
    let t = await call(off, 'POST', '/tasks', { ...REGISTRATION, name: TASK_NAME });
    assert.equal(t.committee, 'TVINH');
    t = await call(off, 'POST', `/tasks/${t.id}/transitions`, { action: 'submit', version: t.version });
    await off.context().close();
    const head = await login('tp.tvinh.vhxh');
    t = await call(head, 'POST', `/tasks/${t.id}/transitions`, { action: 'approve', version: t.version });
    assert.equal(t.status, 'approved');
    await head.context().close();
    taskId = t.id;

    const page = await login('tk.tvinh');
    await page.getByRole('link', { name: 'Chờ tiếp nhận' }).click();
    await settled(page);
    const row = page.locator('tr', { hasText: TASK_NAME });
    await row.waitFor();
    await fits(page, '40-commune-acceptance');
    await row.getByRole('button', { name: 'Tiếp nhận vào Chương trình' }).click();
    await confirmDialog(page);
    await settled(page);
    await row.waitFor({ state: 'detached' });
    const after = await page.evaluate((id) => fetch(`/api/v1/tasks/${id}`).then((r) => r.json()), taskId);
    assert.equal(after.status, 'in_program');
    // The commune's own dashboard, as its secretariat sees it.
    await go(page, '#/dashboard');
    await page.getByRole('heading', { name: 'Tổng hợp — Ban Chỉ đạo phường Thành Vinh', level: 1 }).waitFor();
    assert.equal(await page.locator('#commune-table').count(), 0, 'a commune has no communes');
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('the province\'s leadership sees the commune\'s row and drills into it', async () => {
    const page = await login('ld.bcd');
    await go(page, '#/dashboard');
    const row = page.locator('#commune-table tr[data-committee="TVINH"]');
    await row.waitFor();
    assert.match(await row.innerText(), /Ban Chỉ đạo phường Thành Vinh/);
    const d = await page.evaluate(() => fetch('/api/v1/dashboard').then((r) => r.json()));
    const tv = d.communes.find((c) => c.code === 'TVINH');
    assert.ok(tv.in_program >= 1, 'the accepted task counts in the commune\'s row');
    assert.equal(await row.locator('td[data-label="Trong Chương trình"]').innerText(), String(tv.in_program));
    assert.match(await page.locator('#communes-missing-registration').innerText(), /Ban Chỉ đạo xã Tân Kỳ/);
    await fits(page, '41-province-communes');
    await row.getByRole('link', { name: 'Ban Chỉ đạo phường Thành Vinh' }).click();
    await page.getByRole('heading', { name: 'Tổng hợp — Ban Chỉ đạo phường Thành Vinh', level: 1 }).waitFor();
    await settled(page);
    const agencies = await page.locator('.agency-table tbody th').allInnerTexts();
    assert.ok(agencies.includes('Phòng Văn hóa - Xã hội phường Thành Vinh'), `the commune's offices: ${agencies}`);
    assert.ok(!agencies.includes('Sở Khoa học và Công nghệ'), 'no provincial agency in the commune\'s table');
    await fits(page, '42-commune-drilldown');
    await page.locator('#back-to-province').click();
    await page.locator('#commune-table').waitFor();
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('the commune\'s printable pages are headed by its own committee', async () => {
    const page = await login('tk.tvinh');
    const org = 'BAN CHỈ ĐẠO PHƯỜNG THÀNH VINH';
    await go(page, '#/dashboard');
    await page.getByRole('heading', { name: 'Tổng hợp — Ban Chỉ đạo phường Thành Vinh', level: 1 }).waitFor();
    assert.equal(await page.locator('.print-org').textContent(), `${org} · TỔ GIÚP VIỆC`);
    await go(page, '#/scorecard');
    await page.locator('.print-org').waitFor({ state: 'attached' });
    assert.equal(await page.locator('.print-org').textContent(), `${org} · TỔ GIÚP VIỆC`);
    await go(page, '#/monthly-report');
    await page.locator('.doc-issuer p').first().waitFor();
    assert.equal(await page.locator('.doc-issuer p').first().textContent(), org);
    await fits(page, '44-commune-monthly-report');
    await page.context().close();
    const prov = await login('tt.bcd');
    await go(prov, '#/scorecard');
    await prov.locator('.print-org').waitFor({ state: 'attached' });
    assert.equal(await prov.locator('.print-org').textContent(), 'BAN CHỈ ĐẠO TỈNH NGHỆ AN · TỔ GIÚP VIỆC');
    assert.deepEqual(problems, []);
    await prov.context().close();
  });

  it('the commune\'s leadership cannot see another commune', async () => {
    const page = await login('ld.cualo');
    await go(page, '#/dashboard');
    await page.getByRole('heading', { name: 'Tổng hợp — Ban Chỉ đạo phường Cửa Lò', level: 1 }).waitFor();
    await go(page, '#/dashboard?committee=TVINH');
    const text = await page.locator('#main').innerText();
    assert.ok(!text.includes('Phòng Văn hóa - Xã hội phường Thành Vinh'), 'none of Thành Vinh\'s offices');
    const st = await page.evaluate(() => fetch('/api/v1/dashboard?committee=TVINH').then((r) => r.status));
    assert.equal(st, 404);
    await go(page, `#/tasks/${taskId}`);
    assert.ok(!(await page.locator('#main').innerText()).includes(TASK_NAME), 'nor its task');
    await fits(page, '43-commune-other-refused');
    await page.context().close();
  });
});
