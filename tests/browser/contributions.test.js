// SPDX-License-Identifier: ISC
// Issue 15 in the browser, what was left: a coordinating body writes its
// share of the lead body's monthly report on the task page and sends it;
// its OWN head approves it from the queue; the lead body's head reads it
// beside the lead's reports, and the secretariat's monthly report document
// carries it.  An overdue milestone shows in the lead body's to-do list and
// in the follow-up screen.  A task cancelled after the programme was
// approved is struck out of its table, with the amendment that removed it.
// Every screen at 1366 and 360 px.
//
//   make check-browser

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { confirmDialog, fitsBothWidths, go, loginAs, assertNothingClipped, DESKTOP, PHONE } from './ui-checks.mjs';

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

async function call(page, method, p, body) {
  return page.evaluate(async ([m, pp, b]) => {
    const api = await import('/js/api.js');
    return api.request(m, pp, b);
  }, [method, p, body]);
}

async function clippedAtBoth(page, what) {
  for (const vp of [DESKTOP, PHONE]) {
    await page.setViewportSize(vp);
    await page.waitForTimeout(150);
    await assertNothingClipped(page, what);
  }
  await page.setViewportSize(DESKTOP);
}

function dayIso(delta) {
  const d = new Date(Date.now() + delta * 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(d);
}

describe('coordinating bodies and overdue milestones', { timeout: 120000 }, () => {
  let task;
  let catTask;
  let milestone;

  it('the fixture: a task in the programme with SNV coordinating; another with a milestone past its date', async () => {
    const sec = await login('tk.bcd');
    task = await call(sec, 'POST', '/tasks', {
      kind: 'directive', name: `Phối hợp số hóa hồ sơ ${STAMP}`, lead_agency: 'SKHCN',
      coordinating_agencies: ['SNV'], deadline: dayIso(200), status: 'in_program',
    });
    assert.ok(task.id, 'task created');
    // The milestone's task is led by CAT, whose to-do list is short (the
    // list shows 500 items at most, and SKHCN's is long after the suite).
    catTask = await call(sec, 'POST', '/tasks', {
      kind: 'directive', name: `Mốc quá hạn ${STAMP}`, lead_agency: 'CAT',
      deadline: dayIso(200), status: 'in_program',
    });
    milestone = await call(sec, 'POST', `/tasks/${catTask.id}/milestones`, { name: `Khảo sát ${STAMP}`, due: dayIso(-4) });
    assert.ok(milestone.id, 'milestone created');
    await sec.context().close();
  });

  it('the coordinating body writes its share on the task page and sends it', async () => {
    const page = await login('cb.snv');
    await go(page, `#/tasks/${task.id}`);
    const panel = page.locator('#contributions');
    await panel.getByText('Chưa có phần đóng góp nào').waitFor();
    await panel.locator('summary', { hasText: 'Thêm phần đóng góp của đơn vị' }).click();
    await panel.getByLabel('Phần việc đã phối hợp').fill(`Sở Nội vụ chuẩn hóa quy trình ${STAMP}`);
    await panel.getByLabel('Ghi chú tiến độ').fill('Xong 80%');
    await panel.getByRole('button', { name: 'Lưu bản nháp' }).click();
    const card = panel.locator('.contribution-card[data-status="draft"]');
    await card.waitFor();
    assert.match(await card.innerText(), new RegExp(`chuẩn hóa quy trình ${STAMP}`));
    await fits(page, '40-contribution-task');
    await clippedAtBoth(page, 'task page, contribution');
    await card.getByRole('button', { name: 'Gửi lãnh đạo đơn vị duyệt' }).click();
    await confirmDialog(page);
    await panel.locator('.contribution-card[data-status="submitted"]').waitFor();
    await page.context().close();
  });

  it("its own head approves it from the queue; the lead's head reads it beside the reports", async () => {
    const head = await login('gd.snv');
    const badge = head.locator('#nav-list a[data-nav="#/approvals"] .nav-count');
    await badge.waitFor();
    assert.ok(Number(await badge.textContent()) >= 1, 'counted in the menu');
    await go(head, '#/approvals');
    const card = head.locator('.contribution-card', { hasText: `chuẩn hóa quy trình ${STAMP}` });
    await card.waitFor();
    await fits(head, '41-contribution-queue');
    await clippedAtBoth(head, 'approvals, contributions');
    await card.getByRole('button', { name: 'Duyệt phần đóng góp' }).click();
    await confirmDialog(head);
    await card.waitFor({ state: 'detached' });
    await head.context().close();

    const lead = await login('gd.skhcn');
    await go(lead, `#/tasks/${task.id}`);
    const shown = lead.locator('#contributions .contribution-card[data-status="approved"]');
    await shown.waitFor();
    assert.match(await shown.innerText(), /Xong 80%/);
    assert.equal(await lead.locator('#contributions summary', { hasText: 'Thêm phần đóng góp' }).count(), 0,
      'the lead body does not contribute');
    await lead.context().close();
  });

  it('the monthly report document carries it', async () => {
    const sec = await login('tk.bcd');
    await go(sec, '#/monthly-report');
    const row = sec.locator('.doc-contrib tbody tr', { hasText: `chuẩn hóa quy trình ${STAMP}` });
    await row.waitFor();
    assert.match(await row.innerText(), /Xong 80%/);
    await sec.context().close();
  });

  it('an overdue milestone waits on the lead body and shows in the follow-up screen', async () => {
    const off = await login('cb.cat');
    const item = off.locator(`.todo-k-milestone_overdue[data-task-id="${catTask.id}"]`);
    await item.waitFor();
    assert.match(await item.innerText(), new RegExp(`Khảo sát ${STAMP}.*quá 4 ngày`));
    await fits(off, '42-todo-milestone');
    await off.context().close();

    const sec = await login('tk.bcd');
    await go(sec, '#/compliance');
    const sect = sec.locator('#overdue-milestones');
    await sect.locator('summary', { hasText: 'Công an tỉnh' }).first().click();
    const li = sect.locator(`li[data-milestone-id="${milestone.id}"]`);
    await li.waitFor();
    assert.match(await li.innerText(), /quá 4 ngày/);
    await fits(sec, '43-follow-up-milestones');
    await clippedAtBoth(sec, 'follow-up, milestones');
    await sec.context().close();
  });

  it('a task cancelled after approval is struck out of the programme, with the amendment', async () => {
    const sec = await login('tk.bcd');
    const ld = await login('ld.bcd');
    let year = 2099;
    while ((await call(sec, 'GET', `/programmes?year=${year}`)).items.length) year -= 1;
    const mk = (name) => call(sec, 'POST', '/tasks', {
      kind: 'directive', year, name, lead_agency: 'SKHCN', coordinating_agencies: ['SNV'],
      status: 'in_program', deadline: `${year}-12-31`, target: 'Mục tiêu', expected_product: 'Sản phẩm',
    });
    const kept = await mk(`Giữ lại ${STAMP}`);
    const gone = await mk(`Dừng thực hiện ${STAMP}`);
    const approve = async (x) => {
      const s = await call(sec, 'POST', `/programmes/${x.id}/transitions`, { action: 'submit', version: x.version });
      return call(ld, 'POST', `/programmes/${s.id}/transitions`, { action: 'approve', version: s.version });
    };
    const v0 = await approve(await call(sec, 'POST', '/programmes', { year }));
    assert.equal(v0.status, 'approved');
    const g = await call(sec, 'GET', `/tasks/${gone.id}`);
    await call(sec, 'POST', `/tasks/${gone.id}/transitions`, { action: 'cancel', version: g.version, comment: 'Dừng thực hiện' });
    const a1 = await approve(await call(sec, 'POST', '/programmes', { year }));
    assert.equal(a1.amendment, 1);
    await ld.context().close();

    await go(sec, `#/programmes/${v0.id}`);
    const row = sec.locator(`#programme-items tr[data-task="${gone.id}"]`);
    await row.waitFor();
    assert.match(await row.getAttribute('class'), /pg-removed/);
    assert.match(await row.innerText(), /theo Điều chỉnh lần 1/);
    const deco = await row.locator('th').evaluate((el) => getComputedStyle(el).textDecorationLine);
    assert.equal(deco, 'line-through', 'struck out');
    assert.equal(await sec.locator(`#programme-items tr[data-task="${kept.id}"]`).getAttribute('class'), null, 'the kept one is not');
    await fits(sec, '44-programme-removed');
    await clippedAtBoth(sec, 'programme, removed task');
    await go(sec, `#/programmes/${a1.id}`);
    const rm = sec.locator(`#programme-items tr[data-task="${gone.id}"][data-change="removed"]`);
    await rm.waitFor();
    assert.match(await rm.innerText(), /Đưa ra khỏi Chương trình/);
    await sec.context().close();
    assert.deepEqual(problems, [], 'no page errors');
  });
});
