// SPDX-License-Identifier: ISC
// Issue 15 in the browser: the secretariat opens a registration round and
// reads its board (on time, late, missing, the Fatherland Front and the
// mass organisations included), compiles the year's programme and submits
// it; leadership returns it with a reason, then approves it; the printable
// table; the follow-up screen names the tasks whose report is missing; the
// dashboard's totals by field.  Every screen at 1366 and 360 px: no
// sideways scroll, nothing clipped, every control labelled.
//
// Run against a stack that `make stack-check` started (make check-browser).

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
const STAMP = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

function vnYear() {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));
}
// The programme's year: one the screen's year selector offers.
const PG_YEAR = vnYear() + 1;

let browser;
const problems = [];
let programmeTaskId = null;   // a task in the programme, led by SKHCN

// --- the API, for the fixtures ---------------------------------------------

async function apiLogin(username) {
  const r = await fetch(`${BASE}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  assert.equal(r.status, 200, `login ${username}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await r.json();
  return async (method, p, body) => {
    const res = await fetch(`${BASE}/api/v1${p}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };
}

// --- the browser ---------------------------------------------------------------

async function newPage(viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (401|400|409)/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return page;
}

async function login(user) {
  const page = await newPage();
  await page.goto(`${BASE}/#/login`);
  await page.getByLabel('Tên đăng nhập').fill(user);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('#userbox:not([hidden])').waitFor();
  await settled(page);
  return page;
}

async function go(page, hash) {
  // The same address again: load the screen afresh.
  if (await page.evaluate((x) => location.hash === x, hash)) {
    await page.reload();
    await page.locator('#userbox:not([hidden])').waitFor();
  } else await page.evaluate((x) => { location.hash = x; }, hash);
  await page.waitForFunction((x) => location.hash.startsWith(x), hash);
  await settled(page);
}

/** Sideways scroll, clipped text and unlabelled controls, at one width. */
async function assertFits(page, what) {
  const bad = await page.evaluate(() => {
    const out = [];
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > window.innerWidth) out.push(`page ${document.documentElement.scrollWidth} px wide`);
    const seen = (el) => el.offsetParent !== null && getComputedStyle(el).visibility !== 'hidden';
    for (const el of document.querySelectorAll('main button, main .btn, main label, main legend, main .badge, main th, main td, main .kpi-label')) {
      if (!seen(el) || el.closest('.visually-hidden, [hidden]')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      const t = (el.textContent || '').trim().slice(0, 40);
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') out.push(`${t} clipped`);
      else if (r.right > vw + 1 && !el.closest('.table-wrap')) out.push(`${t} past the viewport`);
    }
    for (const t of document.querySelectorAll('main table')) {
      // A table meant to scroll sideways (the months) is the dashboard's own.
      if (!seen(t) || t.parentElement.dataset.scroll === 'x') continue;
      if (t.getBoundingClientRect().width > t.parentElement.getBoundingClientRect().width + 1) out.push(`table#${t.id} too wide`);
    }
    for (const el of document.querySelectorAll('main input, main select, main textarea')) {
      if (el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label')) out.push(`unlabelled ${el.name || el.type}`);
    }
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
}

/** Waits until main's text matches re (after a reload the action caused). */
async function mainSays(page, re) {
  await page.waitForFunction((src) => new RegExp(src).test(document.getElementById('main').textContent)
    && !document.getElementById('main').hasAttribute('aria-busy'), re.source, { timeout: WAIT });
}

async function confirm(page, comment) {
  const dlg = page.locator('dialog[open]');
  await dlg.waitFor();
  if (comment !== undefined) await dlg.locator('textarea').fill(comment);
  await dlg.locator('button[value="ok"]').click();
  await dlg.waitFor({ state: 'detached' });
}

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', '--font-render-hinting=none'],
  });
});

after(async () => {
  if (browser) await browser.close();
  assert.deepEqual(problems, [], 'no JS errors or CSP violations');
});

describe('issue 15: round, programme, missing reports, fields', () => {
  it('the secretariat opens a round and reads who registered', async () => {
    const sec = await apiLogin('tk.bcd');
    const used = new Set((await sec('GET', '/rounds')).json.items.map((r) => r.year));
    let year = 2099;
    while (used.has(year)) year -= 1;
    const page = await login('tk.bcd');
    await go(page, '#/rounds');
    await shots(page, 'dot-dang-ky');
    const form = page.locator('form.round-form');
    await form.getByLabel('Năm').fill(String(year));
    await form.getByLabel('Ngày bắt đầu').fill(`${year - 1}-12-25`);
    // A deadline before the opening day is refused on the form's field.
    await form.getByLabel('Hạn đăng ký').fill(`${year - 1}-12-01`);
    await form.getByRole('button', { name: 'Mở đợt đăng ký' }).click();
    await page.locator('.form-errors:not([hidden])').waitFor();
    assert.match(await page.locator('.form-errors').textContent(), /Hạn đăng ký/);
    await form.getByLabel('Hạn đăng ký').fill(`${year}-01-10`);
    await form.getByRole('button', { name: 'Mở đợt đăng ký' }).click();
    await page.waitForFunction(() => /^#\/rounds\/\d+$/.test(location.hash));
    await settled(page);
    const row = page.locator('#round-board tr[data-code="MTTQ"]');
    assert.match(await row.textContent(), /Chưa đăng ký/, 'the Fatherland Front must register too');
    assert.equal(await page.locator('#round-board tr[data-code="TDTN"]').count(), 1, 'mass organisations listed');
    assert.equal(await page.locator('#round-board tr[data-code="DHV"]').count(), 0, 'kinds not named are not listed');
    await shots(page, 'tinh-hinh-dang-ky');
    await page.context().close();
  });

  it('the programme: compiled, submitted, returned, approved, printed', async () => {
    const sec = await apiLogin('tk.bcd');
    const lead = await apiLogin('ld.bcd');
    // Earlier runs on this stack: approve what is open, so a new version
    // can be compiled; one task accepted now makes it.
    for (const p of (await sec('GET', `/programmes?year=${PG_YEAR}`)).json.items) {
      if (p.status === 'approved') continue;
      let x = p;
      if (x.status !== 'submitted') x = (await sec('POST', `/programmes/${x.id}/transitions`, { action: 'submit', version: x.version })).json;
      await lead('POST', `/programmes/${x.id}/transitions`, { action: 'approve', version: x.version });
    }
    const name = `Nhiệm vụ trong Chương trình ${STAMP}`;
    const t = await sec('POST', '/tasks', {
      kind: 'directive', year: PG_YEAR, name, lead_agency: 'SKHCN', coordinating_agencies: ['SNV', 'MTTQ'],
      status: 'in_program', deadline: `${PG_YEAR}-06-30`, target: 'Hoàn thành nền tảng dùng chung',
      expected_product: 'Nền tảng được đưa vào sử dụng', resources: 'Ngân sách tỉnh', estimated_budget: 2500000000,
    });
    assert.equal(t.status, 201);
    programmeTaskId = t.json.id;

    const page = await login('tk.bcd');
    await go(page, `#/programmes?year=${PG_YEAR}`);
    await page.locator('#pg-compile').click();
    await page.waitForFunction(() => /^#\/programmes\/\d+$/.test(location.hash));
    await settled(page);
    const id = Number((await page.evaluate(() => location.hash)).split('/')[2]);
    assert.match(await page.locator('#programme-items').textContent(), new RegExp(STAMP));
    assert.equal(await page.locator('[data-action="approve"]').count(), 0, 'the secretariat does not approve');
    await page.locator('[data-action="submit"]').click();
    await confirm(page);
    await mainSays(page, /Chờ phê duyệt/);

    const ld = await login('ld.bcd');
    await go(ld, `#/programmes/${id}`);
    await shots(ld, 'chuong-trinh-cho-duyet');
    await ld.locator('[data-action="return"]').click();
    // A return says why.
    await ld.locator('dialog[open] button[value="ok"]').click();
    assert.match(await ld.locator('dialog[open] p[role="alert"]').textContent(), /lý do/i);
    await ld.locator('dialog[open] textarea').fill('Bổ sung nguồn lực thực hiện');
    await ld.locator('dialog[open] button[value="ok"]').click();
    await mainSays(ld, /Bị trả lại/);

    await go(page, `#/programmes/${id}`);
    assert.match(await page.locator('main .notice-warning').textContent(), /Bổ sung nguồn lực thực hiện/);
    await page.locator('[data-action="submit"]').click();
    await confirm(page);
    await mainSays(page, /Chờ phê duyệt/);

    await go(ld, `#/programmes/${id}`);
    await ld.locator('[data-action="approve"]').click();
    await confirm(ld);
    await mainSays(ld, /Đã phê duyệt/);
    assert.equal(await ld.locator('.action-bar').count(), 0, 'nothing more for leadership to do');

    // The secretariat records the approving document.
    await go(page, `#/programmes/${id}`);
    await page.getByLabel('Số văn bản phê duyệt').fill('15-QĐ/BCĐ');
    await page.getByLabel('Ngày văn bản').fill(`${PG_YEAR}-01-20`);
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.waitForFunction(() => /15-QĐ\/BCĐ/.test((document.querySelector('main .lead') || {}).textContent || ''));
    await shots(page, 'chuong-trinh-da-duyet');
    await go(page, `#/programmes/${id}/print`);
    assert.match(await page.locator('.programme-print-head').textContent(), /Kèm theo văn bản số 15-QĐ\/BCĐ/);
    const row = page.locator('#programme-print tr', { hasText: STAMP });
    assert.match(await row.textContent(), /Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh/);
    await shots(page, 'chuong-trinh-ban-in');
    const [dl] = await Promise.all([page.waitForEvent('download'),
      go(page, `#/programmes/${id}`).then(() => page.getByRole('link', { name: 'Tải bảng (.xlsx)' }).click())]);
    assert.match(dl.suggestedFilename(), new RegExp(`^chuong-trinh-${PG_YEAR}-\\d+\\.xlsx$`));
    await page.context().close();
    await ld.context().close();
  });

  it('the lead body sets a milestone and marks it done', async () => {
    assert.ok(programmeTaskId, 'the programme test made a task');
    const page = await login('cb.skhcn');
    await go(page, `#/tasks/${programmeTaskId}`);
    const panel = page.locator('#milestones');
    await panel.locator('summary', { hasText: 'Thêm mốc trung gian' }).click();
    await panel.getByLabel('Sản phẩm trung gian').fill(`Báo cáo khảo sát ${STAMP}`);
    await panel.getByLabel('Thời hạn').fill(`${PG_YEAR}-03-31`);
    await panel.getByRole('button', { name: 'Thêm mốc' }).click();
    const item = panel.locator('li.milestone', { hasText: STAMP });
    await item.waitFor();
    assert.match(await item.textContent(), /Chưa xong/);
    await item.locator('[data-ms-action="done"]').click();
    await page.waitForFunction((st) => {
      const li = [...document.querySelectorAll('#milestones li.milestone')].find((x) => x.textContent.includes(st));
      return li && li.dataset.status === 'done';
    }, STAMP);
    assert.match(await panel.locator('li.milestone', { hasText: STAMP }).textContent(), /Đã xong/);
    assert.equal(await panel.locator('[data-ms-action="reopen"]').count(), 0, 'only the secretariat reopens');
    await page.locator('#milestones').scrollIntoViewIfNeeded();
    await shots(page, 'moc-trung-gian');
    await page.context().close();
  });

  it('the follow-up screen names the missing reports; the dashboard counts by field', async () => {
    const page = await login('tk.bcd');
    await go(page, '#/compliance');
    await page.locator('#missing-named').waitFor();
    const first = page.locator('#missing-named details').first();
    if (await first.count()) {
      await first.locator('summary').click();
      assert.ok(await first.locator('li a').count() > 0, 'tasks named');
    }
    await shots(page, 'chua-bao-cao');
    await go(page, '#/tasks');
    await page.getByLabel('Lĩnh vực').selectOption('digital_transformation');
    await page.waitForFunction(() => location.hash.includes('field=digital_transformation'));
    await settled(page);
    await page.context().close();

    const ld = await login('ld.bcd');
    await go(ld, '#/dashboard');
    const dt = ld.locator('#by-field tr[data-field="digital_transformation"]');
    assert.match(await dt.textContent(), /Chuyển đổi số/);
    await shots(ld, 'tong-hop-linh-vuc');
    await ld.locator('#dash-field').selectOption('project06');
    await ld.waitForFunction(() => location.hash.includes('field=project06'));
    await settled(ld);
    assert.match(await ld.locator('#d-fields').textContent(), /Đề án 06/);
    await ld.context().close();
  });
});
