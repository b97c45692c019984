// Committees at two levels (issue 14): the province's dashboard gains one
// row per commune (its offices' figures summed, coloured and ranked among
// the communes), each opening the commune's own dashboard; and the
// communes that registered nothing or miss reports for the month.
import { h } from '../dom.js';
import * as fmt from '../format.js';

/** The address of a committee's dashboard, keeping the year and month. */
export function committeeHref(code, year, period) {
  const p = new URLSearchParams({ committee: code, year: String(year), period });
  return `#/dashboard?${p}`;
}

function communeTable(rows, d) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table commune-table', id: 'commune-table' },
    h('caption', {}, `Tổng hợp theo Ban Chỉ đạo cấp xã, xếp hạng giữa các xã, phường (kỳ ${fmt.periodShort(d.period)})`),
    h('thead', {}, h('tr', {},
      ['Hạng', 'Xã, phường', 'Đã đăng ký', 'Trong CT', 'Quá hạn', 'Hoàn thành', 'TB %', 'Thiếu BC', 'Đánh giá']
        .map((c, i) => h('th', { scope: 'col', class: i >= 2 && i <= 7 ? 'num' : null }, c)))),
    h('tbody', {}, rows.map((c) => h('tr', { class: `colour-${c.colour}`, dataset: { committee: c.code } },
      h('td', { 'data-label': 'Hạng', class: 'num' }, c.rank === null ? '—' : String(c.rank)),
      h('th', { scope: 'row' }, h('a', { href: committeeHref(c.code, d.year, d.period), class: 'commune-link' }, c.name)),
      h('td', { 'data-label': 'Đã đăng ký', class: 'num' }, String(c.registered)),
      h('td', { 'data-label': 'Trong Chương trình', class: 'num' }, String(c.in_program)),
      h('td', { 'data-label': 'Quá hạn', class: `num ${c.overdue ? 'bad' : ''}` }, String(c.overdue)),
      h('td', { 'data-label': 'Hoàn thành', class: 'num' }, String(c.completed)),
      h('td', { 'data-label': 'Tiến độ trung bình', class: 'num' }, c.avg_percent === null ? '—' : `${c.avg_percent}%`),
      h('td', { 'data-label': 'Thiếu báo cáo', class: `num ${c.missing_reports ? 'warn' : ''}` }, String(c.missing_reports)),
      h('td', { 'data-label': 'Đánh giá' }, c.colour
        ? h('span', { class: `colour-dot colour-dot-${c.colour}`, title: fmt.COLOUR[c.colour] }, fmt.COLOUR_SHORT[c.colour] || c.colour)
        : h('span', { class: 'muted small' }, 'Chưa xếp hạng')))))));
}

/** The communes panel of d (GET /dashboard); null when d has no communes. */
export function communesPanel(d) {
  const rows = d.communes || [];
  if (!rows.length) return null;
  const name = new Map(rows.map((c) => [c.code, c.name]));
  const sorted = [...rows].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.name.localeCompare(b.name, 'vi'));
  const list = (codes) => codes.map((c) => name.get(c) || c).join('; ');
  // The printed A4 page keeps the province's own table; the communes' are
  // in the workbook's "Cấp xã" sheet.
  return h('section', { class: 'panel dash-communes print-hide', 'aria-labelledby': 'd-communes' },
    h('h2', { id: 'd-communes' }, `Cấp xã (${rows.length} Ban Chỉ đạo)`),
    communeTable(sorted, d),
    h('p', { class: 'small', id: 'communes-missing-registration' },
      h('strong', {}, `Chưa đăng ký nhiệm vụ đột phá năm ${d.year} (${d.communes_missing_registration.length}): `),
      d.communes_missing_registration.length ? list(d.communes_missing_registration) : 'không có.'),
    h('p', { class: 'small', id: 'communes-missing-reports' },
      h('strong', {}, `Thiếu báo cáo ${fmt.period(d.period).toLowerCase()} (${d.communes_missing_reports.length}): `),
      d.communes_missing_reports.length ? list(d.communes_missing_reports) : 'không có.'));
}

/** A commune's dashboard seen from the province: the way back. */
export function committeeBar(d, own) {
  if (d.committee.level !== 'commune' || own === d.committee.code) return null;
  return h('p', { class: 'committee-bar' },
    h('a', { href: `#/dashboard?year=${d.year}&period=${d.period}`, id: 'back-to-province' }, '← Về tổng hợp cấp tỉnh'));
}
