// SPDX-License-Identifier: ISC
// Issue 8 in the browser: a search counts its matches only up to 200
// (docs/API.md, "total_more"), so the list's summary must say "hơn 200"
// when more match, and the exact count when 200 or fewer do, never a
// wrong figure.  The fixture is 201 drafts of one official's agency
// sharing one made-up word, created and deleted through the API; the
// summary is read at 1366 and 360 px.
//
//   make check-browser

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { apiCall as call, fitsBothWidths, go, launch, loginAs } from './ui-checks.mjs';

const BASE = (process.env.NV_BASE || 'http://127.0.0.1:18080').replace(/\/$/, '');
const PASSWORD = 'Demo@2026';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = path.join(HERE, 'screenshots');
// One word no demo task holds: letters only, so it is one search word.
const WORD = `tkm${Date.now().toString(36).replace(/[0-9]/g, '')}x`;

let browser;
const problems = [];

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  browser = await launch(chromium);
});

after(async () => { if (browser) await browser.close(); });

async function summaryOf(page, q) {
  // From another screen: the same hash again would not load the list anew.
  await go(page, '#/');
  await go(page, `#/tasks?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => /^(Nhiệm vụ 1–|Không có)/.test(
    (document.querySelector('.result-summary') || {}).textContent || ''));
  return (await page.locator('.result-summary').textContent()).trim();
}

describe('a search with more matches than it counts', { timeout: 200000 }, () => {
  let page;
  const made = [];

  it('201 matching drafts: the summary says "hơn 200", at both widths', async () => {
    page = await loginAs(browser, BASE, 'cb.snv', PASSWORD, problems);
    for (let i = 0; i < 201; i++) {
      const t = await call(page, 'POST', '/tasks', {
        kind: 'breakthrough', lead_agency: 'SNV',
        name: `Số hóa hồ sơ lưu trữ ${WORD} đợt ${i + 1}`,
      });
      assert.ok(t && t.id, `draft ${i + 1} created: ${JSON.stringify(t).slice(0, 200)}`);
      made.push(t);
    }
    const said = await summaryOf(page, WORD);
    assert.equal(said, 'Nhiệm vụ 1–50 / hơn 200.', said);
    await fitsBothWidths(page, 'search-total-more', SHOTS);
  });

  it('200 matching: the exact count, no "hơn"', async () => {
    const last = made.pop();
    await call(page, 'DELETE', `/tasks/${last.id}?version=${last.version}`);
    const said = await summaryOf(page, WORD);
    assert.equal(said, 'Nhiệm vụ 1–50 / 200.', said);
  });

  it('the drafts are deleted again, and nothing was wrong on the page', async () => {
    while (made.length) {
      const t = made.pop();
      await call(page, 'DELETE', `/tasks/${t.id}?version=${t.version}`);
    }
    const said = await summaryOf(page, WORD);
    assert.match(said, /^Không có/, said);
    assert.deepEqual(problems, []);
  });
});
