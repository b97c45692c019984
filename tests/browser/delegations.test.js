// SPDX-License-Identifier: ISC
// "Ủy quyền phê duyệt" (issue 12): a head delegates their approvals to an
// official of the agency from the screen (a wrong official is refused on
// its field); the official then sees a banner saying for whom they act,
// the approvals menu, and approves a registration, which the history
// shows as "… (thay mặt …)"; the secretariat revokes the delegation from
// its list, and the banner goes.  Each screen at 1366 and 360 px without
// sideways scroll; screenshots go to tests/browser/screenshots/.
//
//   make check-browser

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import {
  LAUNCH_ARGS, assertNothingClipped, confirmDialog, fitsBothWidths, go, loginAs, settled,
} from './ui-checks.mjs';

const BASE = (process.env.NV_BASE || 'http://127.0.0.1:18080').replace(/\/$/, '');
const CHROMIUM = process.env.NV_CHROMIUM || '/usr/bin/chromium';
const PASSWORD = 'Demo@2026';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.join(HERE, 'screenshots');
const STAMP = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

const REGISTRATION = {
  fields: ['digital_transformation'], responsible_person: 'Giám đốc Sở',
  expected_product: 'Hệ thống một cửa điện tử', target: '100% hồ sơ trực tuyến', deadline: '2030-12-31',
};

let browser;
const problems = [];

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, timeout: 30000, args: LAUNCH_ARGS });
});

after(async () => { if (browser) await browser.close(); });

const login = (user) => loginAs(browser, BASE, user, PASSWORD, problems);

async function call(page, method, p, body) {
  return page.evaluate(async ([m, pp, b]) => {
    const api = await import('/js/api.js');
    return api.request(m, pp, b);
  }, [method, p, body]);
}

/** Both widths: no sideways scroll, nothing clipped, screenshots. */
async function fits(page, name) {
  for (const w of [1366, 360]) {
    await page.setViewportSize({ width: w, height: w === 360 ? 740 : 768 });
    await page.waitForTimeout(150);
    await assertNothingClipped(page, `${name} at ${w}`);
  }
  await fitsBothWidths(page, name, SHOTS);
}

describe('acting head', { timeout: 120000 }, () => {
  it('a head delegates, the official approves on behalf, the secretariat revokes', async () => {
    const head = await login('gd.snv');
    // A rerun: nothing of the head's left running.
    for (const d of (await call(head, 'GET', '/delegations')).items) {
      if (d.head === 'gd.snv' && d.status === 'active') await call(head, 'DELETE', `/delegations/${d.id}`);
    }
    await head.getByRole('link', { name: 'Ủy quyền phê duyệt' }).click();
    await head.getByRole('heading', { name: 'Ủy quyền phê duyệt', level: 1 }).waitFor();
    await settled(head);
    const form = head.locator('#delegation-form');
    // Another agency's official: refused on the field, in Vietnamese.
    await form.getByLabel('Người được ủy quyền (tên đăng nhập)').fill('cb.cat');
    await form.getByRole('button', { name: 'Ủy quyền' }).click();
    const err = form.locator('[data-for="delegate"] .field-error');
    await err.waitFor();
    assert.match(await err.textContent(), /cán bộ của đơn vị/);
    await form.getByLabel('Người được ủy quyền (tên đăng nhập)').fill('cb.snv');
    await form.getByRole('button', { name: 'Ủy quyền' }).click();
    const row = head.locator('#delegation-list tr[data-phase="running"]', { hasText: 'Lê Văn Cường' });
    await row.waitFor();
    assert.match(await row.innerText(), /Phạm Thị Dung/);
    assert.match(await row.innerText(), /Đang có hiệu lực/);
    await fits(head, '30-delegations-head');
    await head.context().close();

    const off = await login('cb.snv');
    const banner = off.locator('#acting-banner:not([hidden])');
    await banner.waitFor();
    assert.match(await banner.innerText(), /thay mặt Phạm Thị Dung/);
    await off.locator('#nav-list a[data-nav="#/approvals"]').waitFor();
    let t = await call(off, 'POST', '/tasks', { ...REGISTRATION, name: `Thay mặt duyệt ${STAMP}` });
    t = await call(off, 'POST', `/tasks/${t.id}/transitions`, { action: 'submit', version: t.version });
    await go(off, '#/approvals');
    await off.getByRole('heading', { name: 'Chờ phê duyệt', level: 1 }).waitFor();
    await fits(off, '31-acting-approvals');
    await go(off, `#/tasks/${t.id}`);
    await off.getByRole('button', { name: 'Phê duyệt' }).first().click();
    await confirmDialog(off);
    const item = off.locator('.history-item.hi-approve');
    await item.waitFor();
    assert.match(await item.innerText(), /Lê Văn Cường \(thay mặt Phạm Thị Dung\)/);
    await fits(off, '32-acting-history');
    await off.context().close();

    const sec = await login('tk.bcd');
    await go(sec, '#/delegations');
    const srow = sec.locator('#delegation-list tr[data-phase="running"]', { hasText: 'Lê Văn Cường' });
    await srow.waitFor();
    await fits(sec, '33-delegations-secretariat');
    await srow.getByRole('button', { name: 'Thu hồi' }).click();
    await confirmDialog(sec);
    await sec.locator('#delegation-list tr[data-phase="revoked"]', { hasText: 'Lê Văn Cường' }).first().waitFor();
    await sec.context().close();

    const again = await login('cb.snv');
    await settled(again);
    assert.equal(await again.locator('#acting-banner').isHidden(), true, 'no banner once revoked');
    assert.equal(await again.locator('#nav-list a[data-nav="#/approvals"]').count(), 0, 'no approvals menu');
    await again.context().close();
    assert.deepEqual(problems, []);
  });
});
