// SPDX-License-Identifier: ISC
// Makes the small pictures of docs/screenshots/ from the screenshots the
// browser tests saved (tests/browser/screenshots/), scaled down in chromium
// and with fewer shades so each stays well under 200 KB:
//   make check-browser && node tests/browser/docs-screenshots.mjs [target.png ...]
// (with targets, only those pictures are made)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FROM = path.join(HERE, 'screenshots');
const TO = path.join(HERE, '..', '..', 'docs', 'screenshots');

// [source, target, scale]
const PICTURES = [
  ['09-dashboard-desktop.png', 'tong-hop.png', 0.7],
  ['03-register-desktop.png', 'dang-ky-nhiem-vu.png', 0.7],
  ['04-task-detail-desktop.png', 'chi-tiet-nhiem-vu.png', 0.7],
  ['08-report-form-desktop.png', 'bao-cao-thang.png', 0.7],
  ['05-approvals-desktop.png', 'cho-phe-duyet.png', 0.7],
  ['02-tasks-phone.png', 'dien-thoai-danh-sach.png', 0.8],
  ['11-tasks-all-phone.png', 'dien-thoai-the-nhiem-vu.png', 0.8],
  ['07-compliance-desktop.png', 'theo-doi-don-doc.png', 0.7],
  ['13-monthly-report-desktop.png', 'bao-cao-thang-van-ban.png', 0.7],
  ['15-timeline-desktop.png', 'moc-thoi-han.png', 0.7],
  ['22-indicators-desktop.png', 'chi-tieu.png', 0.7],
  ['23-indicator-detail-desktop.png', 'chi-tieu-chi-tiet.png', 0.7],
  ['21-indicator-form-desktop.png', 'chi-tieu-nhap.png', 0.7],
  ['25-proposals-desktop.png', 'kien-nghi.png', 0.7],
  ['24-proposal-forward-phone.png', 'dien-thoai-kien-nghi.png', 0.8],
  ['26-scorecard-desktop.png', 'bang-diem.png', 0.7],
  ['22-indicators-phone.png', 'dien-thoai-chi-tieu.png', 0.8],
  ['30-tasks-sorted-desktop.png', 'danh-sach-sap-xep.png', 0.7],
  ['33-admin-agencies-desktop.png', 'quan-tri-co-quan.png', 0.7],
  ['35-admin-audit-desktop.png', 'nhat-ky-thao-tac.png', 0.7],
  ['13-bulk-queue-desktop.png', 'phe-duyet-hang-loat.png', 0.7],
  ['14-register-gaps-desktop.png', 'dang-ky-con-thieu.png', 0.7],
  ['15-header-phone.png', 'dien-thoai-dau-trang.png', 0.8],
  ['20-import-preview-errors-desktop.png', 'nhap-tu-excel.png', 0.7],
];

const browser = await chromium.launch({
  executablePath: process.env.NV_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  fs.mkdirSync(TO, { recursive: true });
  const only = process.argv.slice(2);
  for (const [src, dst, scale] of PICTURES) {
    if (only.length && !only.includes(dst)) continue;
    const data = fs.readFileSync(path.join(FROM, src)).toString('base64');
    const out = await page.evaluate(async ({ b64, k }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = Math.round(img.width * k);
      c.height = Math.round(img.height * k);
      const g = c.getContext('2d');
      g.imageSmoothingQuality = 'high';
      g.drawImage(img, 0, 0, c.width, c.height);
      // Fewer shades per channel: the PNG shrinks by half, text stays sharp.
      const px = g.getImageData(0, 0, c.width, c.height);
      // Rounded around each pixel's mean, so greys stay grey.
      const q = (v) => Math.round(v / 8) * 8;
      for (let i = 0; i < px.data.length; i += 4) {
        const d = px.data;
        const m = (d[i] + d[i + 1] + d[i + 2]) / 3;
        const base = Math.min(255, q(m));
        for (let j = 0; j < 3; j++) d[i + j] = Math.max(0, Math.min(255, base + q(d[i + j] - m)));
      }
      g.putImageData(px, 0, 0);
      return c.toDataURL('image/png').split(',')[1];
    }, { b64: data, k: scale });
    const buf = Buffer.from(out, 'base64');
    fs.writeFileSync(path.join(TO, dst), buf);
    console.log(`${dst}: ${Math.round(buf.length / 1024)} KB`);
  }
} finally {
  await browser.close();
}
