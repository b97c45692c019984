// SPDX-License-Identifier: ISC
// Evidence files (issue 12) in Chromium: an official uploads a signed
// decision with a Vietnamese name to a task; a renamed .exe is refused with
// the server's Vietnamese message and nothing appears; a coordinating
// agency sees the file and downloads the same bytes under its name; the
// uploader deletes a file while the task is a draft.  The task page, the
// report form's files and a milestone's files fit 1366 px and 360 px
// without sideways scroll; screenshots go to tests/browser/screenshots/.
//
//   make check-browser

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { confirmDialog, fitsBothWidths, loginAs, settled } from './ui-checks.mjs';

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

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'),
  Buffer.alloc(44), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from('PE\0\0L\x01\x03\0', 'latin1'), Buffer.alloc(200)]);

async function uploadThrough(page, scope, name, buffer) {
  await scope.locator('input.attachment-input').setInputFiles({ name, mimeType: 'application/pdf', buffer });
  await scope.getByRole('button', { name: 'Tải lên' }).click();
}

describe('evidence files', { timeout: 110000 }, () => {
  it('uploads, refuses by content, and a coordinator downloads', async () => {
    const sec = await login('tk.bcd');
    const t = await call(sec, 'POST', '/tasks', {
      kind: 'directive', name: `Nhiệm vụ có tệp minh chứng ${STAMP}`, lead_agency: 'SKHCN',
      coordinating_agencies: ['SNV'], deadline: '2030-12-31', status: 'in_program',
    });
    const ms = await call(sec, 'POST', `/tasks/${t.id}/milestones`, { name: 'Khảo sát hiện trạng', due: '2030-06-30' });
    await sec.context().close();

    const off = await login('cb.skhcn');
    await off.goto(`${BASE}/#/tasks/${t.id}`);
    const panel = off.locator(`[data-attachments="tasks/${t.id}"]`);
    await panel.getByRole('heading', { name: 'Tệp minh chứng' }).waitFor();
    await panel.getByText('Chưa có tệp nào.').waitFor();
    const name = 'Quyết định phê duyệt kế hoạch số 15.pdf';
    await uploadThrough(off, panel, name, PDF);
    await panel.locator('.attachment-name', { hasText: name }).waitFor();
    // An .exe renamed .pdf: the server's reason, and no new row.
    await uploadThrough(off, panel, 'bao-cao.pdf', EXE);
    const err = panel.locator('.field-error');
    await err.filter({ hasText: 'xét theo nội dung tệp' }).waitFor();
    assert.equal(await panel.locator('.attachment').count(), 1, 'the refused file is not listed');
    // A milestone's files, inside its row.
    const msRow = off.locator(`.milestone[data-id="${ms.id}"]`);
    await msRow.locator('summary', { hasText: 'Tệp minh chứng' }).click();
    const msPanel = msRow.locator(`[data-attachments="milestones/${ms.id}"]`);
    await uploadThrough(off, msPanel, 'Biên bản nghiệm thu.pdf', PDF);
    await msPanel.locator('.attachment-name', { hasText: 'Biên bản nghiệm thu.pdf' }).waitFor();
    await settled(off);
    await fits(off, '31-attachments-task');
    await off.context().close();

    const coord = await login('cb.snv');
    await coord.goto(`${BASE}/#/tasks/${t.id}`);
    const link = coord.locator(`[data-attachments="tasks/${t.id}"] .attachment-name`, { hasText: name });
    await link.waitFor();
    assert.equal(await coord.locator(`[data-attachments="tasks/${t.id}"] input.attachment-input`).count(), 0,
      'a coordinating agency reads but does not upload');
    const [dl] = await Promise.all([coord.waitForEvent('download'), link.click()]);
    assert.equal(dl.suggestedFilename(), name, 'the Vietnamese name comes back');
    const got = fs.readFileSync(await dl.path());
    assert.ok(got.equals(PDF), 'the same bytes');
    await coord.context().close();
    assert.deepEqual(problems, []);
  });

  it('lets the uploader delete while a draft, and the report form takes files', async () => {
    const off = await login('cb.skhcn');
    const draft = await call(off, 'POST', '/tasks', { name: `Bản nháp có tệp ${STAMP}` });
    await off.goto(`${BASE}/#/tasks/${draft.id}`);
    const panel = off.locator(`[data-attachments="tasks/${draft.id}"]`);
    await uploadThrough(off, panel, 'Kế hoạch.pdf', PDF);
    const row = panel.locator('.attachment', { hasText: 'Kế hoạch.pdf' });
    await row.waitFor();
    await row.getByRole('button', { name: 'Xóa' }).click();
    await confirmDialog(off);
    await panel.getByText('Chưa có tệp nào.').waitFor();

    // A report of a task in the programme: saved as a draft, then files.
    const prog = await call(off, 'GET', '/tasks?status=in_program&agency=SKHCN&limit=50');
    let target = null;
    let rep = null;
    for (const t of prog.items) {
      if (t.lead_agency !== 'SKHCN') continue;
      const reps = await call(off, 'GET', `/tasks/${t.id}/reports`);
      const mine = reps.items.find((r) => r.status === 'draft' || r.status === 'returned');
      if (mine) { target = t; rep = mine; break; }
    }
    if (!rep) {
      const sec = await login('tk.bcd');
      target = await call(sec, 'POST', '/tasks', {
        kind: 'directive', name: `Nhiệm vụ có báo cáo kèm tệp ${STAMP}`, lead_agency: 'SKHCN',
        deadline: '2030-12-31', status: 'in_program',
      });
      await sec.context().close();
      const month = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }).slice(0, 7);
      rep = await call(off, 'POST', `/tasks/${target.id}/reports`, {
        period: month, percent: 30, health: 'on_track', work_done: 'Khảo sát', results: 'Có số liệu',
        difficulties: '', proposals: '', next_steps: 'Thí điểm',
      });
    }
    await off.goto(`${BASE}/#/tasks/${target.id}/reports/${rep.id}/edit`);
    const rpanel = off.locator(`[data-attachments="reports/${rep.id}"]`);
    await rpanel.getByRole('heading', { name: 'Tệp kèm báo cáo' }).waitFor();
    await uploadThrough(off, rpanel, 'Báo cáo có chữ ký.pdf', PDF);
    await rpanel.locator('.attachment-name', { hasText: 'Báo cáo có chữ ký.pdf' }).waitFor();
    await settled(off);
    await fits(off, '32-attachments-report');
    await off.context().close();
    assert.deepEqual(problems, []);
  });
});
