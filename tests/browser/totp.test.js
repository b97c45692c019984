// SPDX-License-Identifier: ISC
// The second factor in the web UI (issue 16): an official turns TOTP on
// from "Bảo mật tài khoản" by the QR code's key and a code, keeps the
// recovery codes, then logs in with a code and with a recovery code, and
// turns it off again.  The codes are computed here (RFC 6238), apart from
// the server's liboath.
//
//   make check-browser   (runs this file after walkthrough.test.js)

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BASE = (process.env.NV_BASE || 'http://127.0.0.1:18080').replace(/\/$/, '');
const CHROMIUM = process.env.NV_CHROMIUM || '/usr/bin/chromium';
const PASSWORD = 'Demo@2026';
const USER = 'cb.cat';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const WAIT = 10000;

/** RFC 4648 base32 (no padding) to bytes. */
function base32(s) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let v = 0;
  const out = [];
  for (const c of s.replace(/=+$/, '')) {
    v = (v << 5) | abc.indexOf(c);
    bits += 5;
    if (bits >= 8) { out.push((v >>> (bits - 8)) & 255); bits -= 8; }
  }
  return Buffer.from(out);
}

/** RFC 6238: HMAC-SHA1, 30 s, 6 digits; steps moves the clock. */
function totp(secret, steps = 0) {
  const counter = Math.floor(Date.now() / 30000) + steps;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac('sha1', base32(secret)).update(msg).digest();
  const o = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

let browser;
const problems = [];

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Expected: 401 to the session probe and to a login that needs a code,
    // 400 to the wrong code this test sends on purpose.
    if (m.type() === 'error' && !/status of 40[01]/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return page;
}

async function password(page) {
  await page.goto(`${BASE}/#/login`);
  await page.getByLabel('Tên đăng nhập').fill(USER);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

async function loggedIn(page) {
  await page.locator('#userbox:not([hidden])').waitFor();
  await page.waitForFunction(() => !document.getElementById('main').hasAttribute('aria-busy'));
}

describe('second factor in the web UI', { timeout: 110000 }, () => {
  before(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
  });
  after(async () => { if (browser) await browser.close(); });

  let secret;
  let codes;

  it('turns TOTP on from Bảo mật tài khoản', async () => {
    const page = await newPage();
    await password(page);
    await loggedIn(page);
    await page.getByRole('link', { name: 'Bảo mật tài khoản' }).click();
    await page.getByRole('heading', { name: 'Bảo mật tài khoản' }).waitFor();
    await page.getByRole('button', { name: 'Bật xác thực hai lớp' }).click();
    const qr = page.getByRole('img', { name: 'Mã QR để quét bằng ứng dụng xác thực' });
    await qr.waitFor();
    // The QR image really renders under the CSP (a data: SVG).
    assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code renders');
    secret = (await page.locator('code.totp-secret').textContent()).trim();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    const confirm = page.locator('form.totp-confirm input[name="code"]');
    await confirm.fill('000000' === totp(secret) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByText('Mã xác thực không đúng hoặc đã hết hạn.').waitFor();
    await confirm.fill(totp(secret));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByRole('heading', { name: 'Đã bật xác thực hai lớp' }).waitFor();
    codes = await page.getByRole('list', { name: 'Mã khôi phục' }).locator('li').allTextContents();
    assert.equal(codes.length, 10);
    for (const c of codes) assert.match(c, /^[a-z2-9]{5}-[a-z2-9]{5}$/);
    await page.screenshot({ path: path.join(HERE, 'screenshots', 'bao-mat-tai-khoan-1366.png'), fullPage: true });
    await page.context().close();
  });

  it('asks for the code after the password, and accepts a code', async () => {
    const page = await newPage();
    await password(page);
    const code = page.getByLabel('Mã xác thực');
    await code.waitFor();
    await page.getByText('Nhập mã 6 số từ ứng dụng xác thực, hoặc một mã khôi phục.').waitFor();
    await code.fill(totp(secret, 1)); // the next step: the enrolment used this one
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await loggedIn(page);
    await page.context().close();
  });

  it('accepts a recovery code once, and turns TOTP off', async () => {
    const page = await newPage();
    await password(page);
    await page.getByLabel('Mã xác thực').fill(codes[0]);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await loggedIn(page);
    await page.evaluate(() => { location.hash = '/security'; });
    await page.getByLabel('Mã xác thực để tắt').fill(codes[1]);
    await page.getByRole('button', { name: 'Tắt xác thực hai lớp' }).click();
    await page.getByText('Đã tắt xác thực hai lớp.').waitFor();
    await page.context().close();

    const again = await newPage();
    await password(again);
    await loggedIn(again); // the password alone again
    await again.context().close();
  });

  it('saw no script error or CSP violation', () => {
    assert.deepEqual(problems, []);
  });
});
