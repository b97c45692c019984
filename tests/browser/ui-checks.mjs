// SPDX-License-Identifier: ISC
// The checks every screen of the browser tests passes (the same as
// walkthrough.test.js's own): rendered, no sideways scroll, nothing
// clipped, the confirmation dialog; a logged-in page, and the check-and-
// screenshot at both widths; Chromium launched and an API call made the
// same way.  Shared by results.test.js, import.test.js, search-total.test.js and
// todo.test.js.
import assert from 'node:assert/strict';
import path from 'node:path';

export const WAIT = 10000;

export const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage', '--font-render-hinting=none'];

/**
 * Waits until the screen of the current address has rendered: the router
 * has marked main with that address (data-shown) and nothing is loading.
 * The address alone is not enough: hashchange reaches the router a task
 * later, and a check in between saw the previous screen, settled.
 */
export async function settled(page, timeout = WAIT) {
  await page.waitForFunction(() => {
    const main = document.getElementById('main');
    return main.dataset.shown === location.hash && !main.hasAttribute('aria-busy')
      && !document.querySelector('.results[aria-busy]');
  }, null, { timeout });
}

export async function go(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((h) => location.hash.startsWith(h), hash);
  await settled(page);
}

/** No horizontal scroll: the page fits the viewport's width. */
export async function assertNoHorizontalScroll(page, what) {
  const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(sw <= iw, `${what}: scrollWidth ${sw} > innerWidth ${iw} at ${iw}px`);
}

/**
 * Nothing clipped: every button, link styled as a button, label, badge and
 * table header shows its whole text (scrollWidth within clientWidth, and
 * inside the viewport), and every table fits its container.
 */
export async function assertNothingClipped(page, what) {
  const bad = await page.evaluate(() => {
    const out = [];
    const vw = document.documentElement.clientWidth;
    const seen = (el) => el.offsetParent !== null && getComputedStyle(el).visibility !== 'hidden';
    for (const el of document.querySelectorAll('main button, main .btn, main label, main legend, main .badge, main th, main td, main .kpi-label, .site-header button, .site-header a')) {
      if (!seen(el) || el.closest('.visually-hidden, [hidden]')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      const t = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') out.push(`${t} (${el.scrollWidth} > ${el.clientWidth})`);
      else if (r.right > vw + 1 && !el.closest('.table-wrap')) out.push(`${t} (past the viewport: ${Math.round(r.right)} > ${vw})`);
    }
    // A select shows its chosen option whole (the arrow takes about 20 px).
    const cv = document.createElement('canvas').getContext('2d');
    for (const el of document.querySelectorAll('main select')) {
      if (!seen(el) || !el.selectedOptions.length) continue;
      const cs = getComputedStyle(el);
      cv.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const text = el.selectedOptions[0].textContent;
      const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
      const w = cv.measureText(text).width;
      if (w > room) out.push(`select ${el.name}: "${text}" (${Math.ceil(w)} > ${Math.floor(room)})`);
    }
    for (const t of document.querySelectorAll('main table')) {
      if (!seen(t)) continue;
      // A table meant to scroll sideways (months) must show its first
      // columns, the latest ones, whole.
      if (t.parentElement.dataset.scroll === 'x') {
        const box = t.parentElement.getBoundingClientRect();
        const first = t.querySelector('thead th:nth-child(3)');
        if (first && first.getBoundingClientRect().right > box.right + 1) out.push(`table.${t.className}: latest month out of view`);
        continue;
      }
      const box = t.parentElement.getBoundingClientRect();
      const w = t.getBoundingClientRect().width;
      if (w > box.width + 1) out.push(`table.${t.className} ${Math.round(w)} px wide in ${Math.round(box.width)} px`);
    }
    return out;
  });
  assert.deepEqual(bad, [], `${what}: clipped at ${page.viewportSize().width} px`);
}

export async function confirmDialog(page, comment) {
  const dlg = page.locator('dialog[open]');
  await dlg.waitFor();
  if (comment !== undefined) await dlg.locator('textarea').fill(comment);
  await dlg.locator('button[value="ok"]').click();
  await dlg.waitFor({ state: 'detached' });
}

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 360, height: 740 };

/**
 * A page logged in as user through the login form, at 1366 px, whose
 * uncaught errors are pushed onto problems.
 */
export async function loginAs(browser, base, user, password, problems) {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${base}/#/login`);
  await page.getByLabel('Tên đăng nhập').fill(user);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('#userbox:not([hidden])').waitFor();
  await settled(page);
  return page;
}

/**
 * The screen at 1366 and 360 px: no sideways scroll, and a full-page
 * screenshot name-desktop.png / name-phone.png in dir; back at 1366 px.
 */
export async function fitsBothWidths(page, name, dir) {
  for (const [vp, tag] of [[DESKTOP, 'desktop'], [PHONE, 'phone']]) {
    await page.setViewportSize(vp);
    await page.waitForTimeout(200);
    const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(sw <= iw, `${name}: scrollWidth ${sw} > ${iw} at ${vp.width} px`);
    await page.screenshot({ path: path.join(dir, `${name}-${tag}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

/**
 * Chromium as every file launches it: NV_CHROMIUM (default
 * /usr/bin/chromium), headless, LAUNCH_ARGS.  The caller closes it.
 */
export async function launch(chromium) {
  return chromium.launch({
    executablePath: process.env.NV_CHROMIUM || '/usr/bin/chromium',
    headless: true, timeout: 30000, args: LAUNCH_ARGS,
  });
}

/**
 * One API call from inside a logged-in page, through the UI's own client
 * (/js/api.js: its session cookie and CSRF header); the parsed answer,
 * and a rejected promise on an error answer.
 */
export async function apiCall(page, method, p, body) {
  return page.evaluate(async ([m, pp, b]) => {
    const api = await import('/js/api.js');
    return api.request(m, pp, b);
  }, [method, p, body]);
}
