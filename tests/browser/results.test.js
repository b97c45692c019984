// SPDX-License-Identifier: ISC
// Results, not just progress (issue 13), end to end in chromium: the
// secretariat defines an indicator; an official of the responsible agency
// enters a value and submits it; the head returns it, the official fixes
// it, the head approves it; a correction is a new revision beside the old
// one; a proposal raised by an approved report is forwarded by the
// secretariat, answered by the addressed head and closed; leadership reads
// the scorecard, downloads its workbook, and finds indicators, proposals
// and the scorecard on the dashboard.  Each new screen at 1366 and 360 px,
// with no sideways scroll, nothing clipped, every control labelled, and
// screenshots (tests/browser/screenshots/2x-*.png).
//
// Run against a stack that `make stack-check` started (make check-browser).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import {
  LAUNCH_ARGS, WAIT, assertNoHorizontalScroll, assertNothingClipped, confirmDialog, settled, go,
} from './ui-checks.mjs';

const BASE = (process.env.NV_BASE || 'http://127.0.0.1:18080').replace(/\/$/, '');
const CHROMIUM = process.env.NV_CHROMIUM || '/usr/bin/chromium';
const PASSWORD = 'Demo@2026';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.join(HERE, 'screenshots');
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 360, height: 740 };
const STAMP = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const CODE = `KQ-${STAMP.toUpperCase()}`;
const IND_NAME = `Tỷ lệ hồ sơ trực tuyến toàn trình ${STAMP}`;
const PROPOSAL = `Đề nghị Sở Nội vụ bổ sung biên chế bộ phận một cửa ${STAMP}`;

function vnNow() {
  const parts = {};
  for (const p of new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date())) parts[p.type] = p.value;
  return { year: Number(parts.year), period: `${parts.year}-${parts.month}`, month: Number(parts.month) };
}
const NOW = vnNow();

let browser;
const problems = [];
let indicatorId = null;

async function newPage(viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return page;
}

/** The screen at hash, rendered afresh (also when it is the one on view). */
async function reopen(page, hash) {
  await go(page, '#/indicators?status=retired');
  await go(page, hash);
}

async function login(user, viewport = DESKTOP) {
  const page = await newPage(viewport);
  await page.goto(`${BASE}/#/login`);
  await page.getByLabel('Tên đăng nhập').fill(user);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('#userbox:not([hidden])').waitFor();
  await settled(page);
  return page;
}

/** Both widths, checked and photographed; back at the desktop width. */
async function shots(page, name) {
  await settled(page);
  await page.evaluate(() => {
    document.getElementById('toast').replaceChildren();
    if (document.activeElement) document.activeElement.blur();
    window.scrollTo(0, 0);
  });
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((el) => el.type !== 'hidden' && !(el.labels && el.labels.length)
      && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
    .map((el) => el.name || el.id || el.type));
  assert.deepEqual(unlabelled, [], `${name}: form controls without a label`);
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(150);
  await assertNothingClipped(page, name);
  await page.screenshot({ path: path.join(SHOTS, `${name}-desktop.png`) });
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(250);
  await assertNoHorizontalScroll(page, name);
  await assertNothingClipped(page, name);
  await page.screenshot({ path: path.join(SHOTS, `${name}-phone.png`) });
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(150);
}

/** The API as a script would call it: for fixtures the UI is not about. */
async function apiAs(user) {
  const r = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password: PASSWORD }),
  });
  assert.equal(r.status, 200, `login ${user}`);
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrf_token: csrf } = await r.json();
  return async (method, p, body) => {
    const res = await fetch(`${BASE}/api/v1/${p}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const j = res.status === 204 ? null : await res.json();
    return { status: res.status, json: j };
  };
}

function valueCard(page, status) {
  return page.locator(`.value-card.vc-${status}`);
}

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS, timeout: 30000 });
});

after(async () => {
  if (browser) await browser.close();
});

describe('results: indicators, proposals, scorecard', { timeout: 110000 }, () => {
  it('the secretariat defines an indicator', async () => {
    const page = await login('tk.bcd');
    await go(page, '#/indicators/new');
    await page.getByLabel('Mã chỉ tiêu').fill(CODE);
    await page.getByLabel('Tên chỉ tiêu').fill(IND_NAME);
    await page.getByLabel('Cơ quan chịu trách nhiệm').selectOption('SKHCN');
    await page.getByLabel('Cải cách hành chính').check();
    await page.getByLabel('Giá trị gốc').fill('85,75');
    await page.getByLabel('Kỳ gốc').fill(String(NOW.year - 1));
    await page.getByLabel('Dung sai đúng tiến độ').fill('0,5');
    // A target line the reader writes: dd/mm/yyyy = value.
    await page.getByLabel('Mục tiêu theo năm').fill('31/12/2026 = 97,65x');
    await page.getByRole('button', { name: 'Thêm chỉ tiêu' }).click();
    await page.locator('.form-errors:not([hidden])').waitFor();
    assert.match(await page.locator('.form-errors').textContent(), /ngày\/tháng\/năm = giá trị/);
    await page.getByLabel('Mục tiêu theo năm').fill(`31/12/${NOW.year} = 97,65`);
    await shots(page, '21-indicator-form');
    await page.getByRole('button', { name: 'Thêm chỉ tiêu' }).click();
    await page.waitForURL(/#\/indicators\/\d+$/);
    await settled(page);
    indicatorId = Number(/(\d+)$/.exec(page.url())[1]);
    assert.equal((await page.locator('#page-title').textContent()).trim(), IND_NAME);
    assert.match(await page.locator('.props').textContent(), /85,75% \(Năm \d{4}\)/);
    // The secretariat reads but does not enter values.
    assert.equal(await page.locator('form.value-form').count(), 0, 'no entry form for the secretariat');
    await page.context().close();
  });

  it('an official enters a value; the head returns it, then approves the fix', async () => {
    const off = await login('cb.skhcn');
    await go(off, '#/indicators');
    const row = off.locator('tr', { has: off.getByRole('link', { name: IND_NAME }) });
    assert.match(await row.textContent(), /Chưa có số liệu/);
    await shots(off, '22-indicators');
    await row.getByRole('link', { name: IND_NAME }).click();
    await off.waitForURL(/#\/indicators\/\d+$/);
    await settled(off);
    const form = off.locator('form.value-form');
    assert.equal(await form.getByLabel('Kỳ số liệu').inputValue(), NOW.period, 'this month first');
    await form.getByLabel(/Giá trị/).fill('96,9');
    await form.getByLabel('Nguồn số liệu').fill('Cổng dịch vụ công tỉnh');
    await form.getByRole('button', { name: 'Lưu nháp' }).click();
    await valueCard(off, 'draft').waitFor();
    await valueCard(off, 'draft').getByRole('button', { name: 'Gửi lãnh đạo duyệt' }).click();
    await confirmDialog(off);
    await valueCard(off, 'submitted').waitFor();

    const head = await login('gd.skhcn');
    await go(head, '#/indicators');
    const card = head.locator('.value-card', { has: head.getByRole('link', { name: IND_NAME }) });
    await card.getByRole('button', { name: 'Trả lại' }).click();
    await confirmDialog(head, 'Thiếu số hồ sơ của cấp xã');
    await card.waitFor({ state: 'detached' });

    await reopen(off, `#/indicators/${indicatorId}`);
    const back = valueCard(off, 'returned');
    assert.match(await back.textContent(), /Thiếu số hồ sơ của cấp xã/);
    await back.getByRole('button', { name: 'Sửa' }).click();
    await back.getByLabel(/Giá trị/).fill('97,1');
    await back.getByRole('button', { name: 'Lưu số liệu' }).click();
    await off.locator('.value-card.vc-returned .vc-value', { hasText: '97,1%' }).waitFor();
    await valueCard(off, 'returned').getByRole('button', { name: 'Gửi lãnh đạo duyệt' }).click();
    await confirmDialog(off);
    await valueCard(off, 'submitted').waitFor();

    await go(head, `#/indicators/${indicatorId}`);
    await valueCard(head, 'submitted').getByRole('button', { name: 'Duyệt số liệu' }).click();
    await confirmDialog(head);
    await valueCard(head, 'approved').waitFor();
    // The series: this month's actual against the line, and a chart.
    const month = head.locator('.series-table tbody tr').nth(NOW.month - 1);
    assert.match(await month.textContent(), /97,1%/);
    assert.match(await month.textContent(), /Đạt|Đúng tiến độ|Chậm/);
    assert.equal(await head.locator('.chart-indicator canvas').count(), 1, 'a chart');
    await shots(head, '23-indicator-detail');
    await head.context().close();

    // A correction is a new revision; the approved one stays listed.
    await reopen(off, `#/indicators/${indicatorId}`);
    const f2 = off.locator('form.value-form');
    await f2.getByLabel(/Giá trị/).fill('97,3');
    await f2.getByLabel('Nguồn số liệu').fill('Đính chính theo số liệu cấp xã');
    await f2.getByRole('button', { name: 'Lưu nháp' }).click();
    await valueCard(off, 'draft').waitFor();
    assert.match(await valueCard(off, 'draft').textContent(), /Lần sửa 2/);
    assert.equal(await valueCard(off, 'approved').count(), 1, 'the approved revision stays');
    await off.context().close();
  });

  it('a proposal from a report is forwarded, answered and closed', async () => {
    const sec = await apiAs('tk.bcd');
    const t = await sec('POST', 'tasks', { kind: 'directive', name: `Nhiệm vụ có kiến nghị ${STAMP}`, lead_agency: 'SKHCN', deadline: `${NOW.year + 2}-12-31`, status: 'in_program' });
    assert.equal(t.status, 201);
    const off = await apiAs('cb.skhcn');
    let r = await off('POST', `tasks/${t.json.id}/reports`, { period: NOW.period, percent: 20, health: 'on_track', results: 'Đã khảo sát 30 xã', proposals: PROPOSAL });
    assert.equal(r.status, 201);
    r = await off('POST', `reports/${r.json.id}/transitions`, { action: 'submit', version: r.json.version });
    const head = await apiAs('gd.skhcn');
    r = await head('POST', `reports/${r.json.id}/transitions`, { action: 'approve', version: r.json.version });
    assert.equal(r.status, 200);

    const page = await login('tt.bcd');
    await go(page, '#/proposals?status=new');
    const card = page.locator('.proposal-card', { hasText: PROPOSAL });
    await card.getByRole('button', { name: 'Chuyển xử lý' }).click();
    await card.getByRole('button', { name: 'Chuyển', exact: true }).click();
    await card.locator('.form-errors:not([hidden])').waitFor();
    await card.getByLabel('Cơ quan được kiến nghị').selectOption('SNV');
    await card.getByLabel('Hạn trả lời').fill(`${NOW.year + 1}-01-15`);
    await shots(page, '24-proposal-forward');
    await card.getByRole('button', { name: 'Chuyển', exact: true }).click();
    await page.waitForFunction(() => !document.querySelector('.proposal-card form'));
    await go(page, '#/proposals?addressed_to=SNV');
    assert.match(await page.locator('.proposal-card', { hasText: PROPOSAL }).textContent(), /Đã chuyển[\s\S]*Sở Nội vụ[\s\S]*15\/01\//);

    const snv = await login('gd.snv', PHONE);
    await go(snv, '#/proposals?addressed_to=SNV&status=forwarded');
    const mine = snv.locator('.proposal-card', { hasText: PROPOSAL });
    await mine.getByRole('button', { name: 'Trả lời' }).click();
    await mine.getByLabel('Nội dung trả lời').fill('Đã bổ sung 2 biên chế từ quý I');
    await mine.getByRole('button', { name: 'Gửi trả lời' }).click();
    await snv.waitForFunction(() => !document.querySelector('.proposal-card form'));
    await go(snv, '#/proposals?addressed_to=SNV');
    assert.match(await snv.locator('.proposal-card', { hasText: PROPOSAL }).textContent(), /Đã trả lời[\s\S]*Đã bổ sung 2 biên chế/);
    await snv.context().close();

    await go(page, '#/proposals?status=answered');
    const done = page.locator('.proposal-card', { hasText: PROPOSAL });
    await done.getByRole('button', { name: 'Đóng' }).click();
    await confirmDialog(page, 'Đã xử lý xong');
    await done.waitFor({ state: 'detached' });
    await go(page, '#/proposals');
    assert.match(await page.locator('.proposal-card', { hasText: PROPOSAL }).textContent(), /Đã đóng/);
    await shots(page, '25-proposals');
    const href = await page.locator('#export-proposals').getAttribute('href');
    assert.match(href, /\/api\/v1\/exports\/proposals\.xlsx/);
    await page.context().close();
  });

  it('leadership reads the scorecard and finds the results on the dashboard', async () => {
    const page = await login('ld.bcd');
    await go(page, '#/scorecard');
    const rows = page.locator('.score-table tbody tr');
    assert.ok(await rows.count() > 0, 'ranked agencies');
    const api = await (await page.context().request.get(`${BASE}/api/v1/scorecard?year=${NOW.year}`)).json();
    const first = api.agencies[0];
    // The name is text, not a pattern: a merged agency's ends in "(cũ)".
    const name = first.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    assert.match(await rows.first().textContent(), new RegExp(`${first.rank}\\s*${name}`));
    assert.match(await page.locator('#score-rule').textContent(), /nhiệm vụ hoàn thành đúng hạn \(40\)/);
    await shots(page, '26-scorecard');
    const href = await page.locator('#export-scorecard').getAttribute('href');
    const x = await page.context().request.get(`${BASE}${href}`);
    assert.equal(x.status(), 200);
    assert.match(x.headers()['content-type'], /spreadsheetml/);
    await page.getByLabel('Năm', { exact: true }).selectOption(String(NOW.year - 1));
    await page.waitForFunction((y) => location.hash === `#/scorecard?year=${y}`, NOW.year - 1);
    await settled(page);
    assert.match(await page.locator('#page-title').textContent(), new RegExp(`Bảng điểm năm ${NOW.year - 1}`));

    await go(page, '#/dashboard');
    const ind = page.locator('.dash-indicators tr', { hasText: IND_NAME });
    assert.match(await ind.textContent(), /97,1%/);
    assert.match(await page.locator('.dash-score').textContent(), new RegExp(`Năm ${NOW.year}[\\s\\S]*Năm ${NOW.year - 1}`));
    assert.ok(await page.locator('.dash-proposals .kpi').count() === 2, 'open and overdue proposals');
    await page.context().close();
  });

  it('an official finds indicators and proposals in the menu, not the scorecard', async () => {
    const page = await login('cb.skhcn', PHONE);
    const links = await page.locator('#nav-list a').allTextContents();
    assert.ok(links.includes('Chỉ tiêu') && links.includes('Kiến nghị'), links.join(', '));
    assert.ok(!links.includes('Bảng điểm'), 'no scorecard for an official');
    await go(page, '#/scorecard');
    assert.match(await page.locator('main').textContent(), /quyền/);
    await page.context().close();
  });

  it('ran without JavaScript errors or CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
