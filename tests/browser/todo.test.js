// SPDX-License-Identifier: ISC
// "Việc cần làm", every user's home screen (issue 12): a registration
// submitted by an official waits on the head, shows in the head's inbox
// and in the menu's count, and a direction of leadership shows until it
// is marked read.  The inbox fits 1366 px and 360 px without sideways
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

// What a registration must state before it is sent (issue 17).
const REGISTRATION = {
  fields: ['digital_transformation'], responsible_person: 'Giám đốc Sở',
  expected_product: 'Hệ thống một cửa điện tử', target: '100% hồ sơ trực tuyến', deadline: '2030-12-31',
};

async function call(page, method, p, body) {
  return page.evaluate(async ([m, pp, b]) => {
    const api = await import('/js/api.js');
    return api.request(m, pp, b);
  }, [method, p, body]);
}

describe('the to-do inbox', { timeout: 90000 }, () => {
  it('shows what waits on the head, with the count in the menu', async () => {
    const off = await login('cb.skhcn');
    assert.match(off.url(), /#\/todo$/);
    await off.getByRole('heading', { name: 'Việc cần làm', level: 1 }).waitFor();
    let t = await call(off, 'POST', '/tasks', { ...REGISTRATION, name: `Chờ lãnh đạo duyệt ${STAMP}` });
    t = await call(off, 'POST', `/tasks/${t.id}/transitions`, { action: 'submit', version: t.version });
    await off.context().close();

    const ld = await login('ld.bcd');
    const prog = await call(ld, 'GET', `/tasks?q=${encodeURIComponent('')}&status=in_program&agency=SKHCN&limit=1`);
    const target = prog.items[0];
    await call(ld, 'POST', `/tasks/${target.id}/comments`, { text: `Khẩn trương hoàn thành ${STAMP}` });
    await ld.context().close();

    const page = await login('gd.skhcn');
    const item = page.locator(`.todo-k-approve_task[data-task-id="${t.id}"]`);
    await item.waitFor();
    assert.match(await item.innerText(), new RegExp(`Chờ lãnh đạo duyệt ${STAMP}`));
    const dir = page.locator('.todo-text', { hasText: `Khẩn trương hoàn thành ${STAMP}` });
    await dir.waitFor();
    const total = await page.evaluate(async () => (await (await fetch('/api/v1/todo')).json()).total);
    const badge = page.locator('#nav-list a[data-nav="#/todo"] .nav-count');
    await badge.waitFor();
    assert.equal(Number(await badge.textContent()), total, 'the menu counts what waits');
    await fits(page, '21-todo');
    await page.locator('.todo-item', { has: dir }).getByRole('button', { name: 'Đánh dấu đã đọc' }).click();
    await dir.waitFor({ state: 'detached' });
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('lets the secretariat mail an agency a reminder from the follow-up screen', async () => {
    const page = await login('tt.bcd');
    await page.evaluate(() => { location.hash = '#/compliance'; });
    await page.getByRole('heading', { name: 'Nhắc việc qua thư điện tử' }).waitFor();
    await settled(page);
    await page.locator('#remind-agency').selectOption('SYT');
    await page.locator('#remind-message').fill(`Đề nghị Sở Y tế báo cáo ngay ${STAMP}`);
    await page.getByRole('button', { name: 'Gửi thư nhắc việc' }).click();
    const done = page.locator('#remind .notice', { hasText: 'Đã gửi thư nhắc việc tới' });
    await done.waitFor();
    assert.match(await done.textContent(), /gd\.syt/);
    await fits(page, '22-compliance-remind');
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
