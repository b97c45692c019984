// "Bảng điểm": the year's scorecard the committee evaluates agencies with,
// ranked, with the published weighting, the Excel table and a print layout.
import { h, replace } from '../dom.js';
import * as fmt from '../format.js';
import { pageHead, empty, field } from '../ui.js';
import { scorecard } from '../results.js';

const PART_VI = {
  registration: 'đăng ký nhiệm vụ đột phá',
  tasks: 'nhiệm vụ hoàn thành đúng hạn',
  reports: 'báo cáo tháng đúng hạn',
  indicators: 'chỉ tiêu đạt',
  proposals: 'kiến nghị trả lời đúng hạn',
};

export function scoreText(s) {
  return s === null || s === undefined ? '—' : String(s).replace('.', ',');
}

function band(s) {
  if (s === null) return 'none';
  if (s >= 80) return 'good';
  return s >= 50 ? 'fair' : 'poor';
}

function row(a) {
  const t = a.tasks;
  const r = a.reports;
  const cell = (label, v, cls) => h('td', { 'data-label': label, class: `num ${cls || ''}`.trim() }, String(v));
  return h('tr', { class: `score-${band(a.score)}`, dataset: { agency: a.code } },
    h('td', { 'data-label': 'Hạng', class: 'num' }, a.rank === null ? '—' : String(a.rank)),
    h('th', { scope: 'row' }, a.name),
    cell('Nhiệm vụ đột phá đã đăng ký', t.registered, t.registered ? '' : (a.kind === 'department' || a.kind === 'party' ? 'bad' : '')),
    cell('Vào Chương trình', t.accepted),
    cell('Hoàn thành đúng hạn', t.done_on_time),
    cell('Hoàn thành trễ hạn', t.done_late, t.done_late ? 'warn' : ''),
    cell('Quá hạn', t.overdue, t.overdue ? 'bad' : ''),
    h('td', { 'data-label': 'Báo cáo đúng hạn / trễ / thiếu', class: 'num nowrap' }, `${r.on_time} / ${r.late} / ${r.missing}`),
    h('td', { 'data-label': 'Chỉ tiêu đạt / giao', class: 'num' }, `${a.indicators.achieved} / ${a.indicators.total}`),
    h('td', { 'data-label': 'Kiến nghị trả lời đúng hạn / trễ, quá hạn', class: 'num nowrap' },
      `${a.proposals.answered_in_time} / ${a.proposals.answered_late + a.proposals.overdue}`),
    h('td', { 'data-label': 'Điểm', class: 'num score-cell' }, h('strong', {}, scoreText(a.score))));
}

export function scoreTable(items, caption) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table score-table' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ['Hạng', 'Cơ quan, đơn vị', 'Đăng ký', 'Vào CT', 'Đúng hạn', 'Trễ hạn', 'Quá hạn', 'Báo cáo (đúng/trễ/thiếu)', 'Chỉ tiêu (đạt/giao)', 'Kiến nghị (đúng hạn/trễ)', 'Điểm']
      .map((c, i) => h('th', { scope: 'col', class: i === 1 ? null : 'num' }, c)))),
    h('tbody', {}, items.map(row))));
}

export function weightsNote(d) {
  const w = d.weights;
  return h('p', { class: 'small score-rule', id: 'score-rule' },
    'Cách tính: điểm là bình quân có trọng số của các phần có số liệu — ',
    Object.entries(PART_VI).map(([k, t]) => `${t} (${w[k]})`).join(', '),
    `. Báo cáo tháng đúng hạn khi gửi trước hết ngày ${d.report_due_day} tháng sau. `,
    'Cơ quan phải đăng ký mà chưa đăng ký nhiệm vụ đột phá được 0 điểm phần đăng ký. Điểm bằng nhau xếp cùng hạng.');
}

export async function renderScorecard(ctx) {
  const t = fmt.today();
  const year = /^\d{4}$/.test(ctx.query.get('year') || '') ? Number(ctx.query.get('year')) : t.year;
  ctx.title(`Bảng điểm năm ${year}`);
  const d = await scorecard.get(year);
  if (!ctx.isCurrent()) return;
  const scored = d.agencies.filter((a) => a.score !== null);
  const unscored = d.agencies.filter((a) => a.score === null);
  const ysel = h('select', { name: 'year', onchange: (ev) => ctx.navigate(`#/scorecard?year=${ev.target.value}`) },
    [t.year, t.year - 1, t.year - 2, t.year - 3].map((y) => h('option', { value: String(y), selected: y === year }, String(y))));
  const form = h('form', { class: 'period-form', 'aria-label': 'Chọn năm' }, field({ label: 'Năm', control: ysel }));
  form.addEventListener('submit', (ev) => ev.preventDefault());
  replace(ctx.main,
    h('div', { class: 'print-only print-header' },
      h('p', { class: 'print-org' }, `${d.header} · TỔ GIÚP VIỆC`),
      h('p', { class: 'print-title' }, `Bảng đánh giá kết quả thực hiện nhiệm vụ năm ${d.year}`),
      h('p', { class: 'print-date' }, `Số liệu đến ngày ${fmt.date(d.as_of)}`)),
    pageHead(`Bảng điểm năm ${d.year}`, {
      lead: 'Kết quả cả năm của từng cơ quan, tính lại từ hồ sơ mỗi lần xem: đăng ký, hoàn thành đúng hạn, báo cáo, chỉ tiêu và trả lời kiến nghị.',
      actions: [
        h('a', { class: 'btn btn-primary', href: scorecard.xlsx(d.year), download: '', id: 'export-scorecard' }, 'Tải Excel (1 trang)'),
        h('button', { type: 'button', class: 'btn', onclick: () => window.print() }, 'In (A4 ngang)'),
      ],
    }),
    form,
    scored.length ? scoreTable(scored, `Xếp hạng năm ${d.year}`) : empty('Chưa có cơ quan nào có số liệu để chấm điểm.'),
    unscored.length ? h('p', { class: 'unrated small' }, h('strong', {}, `Chưa có số liệu, không xếp hạng (${unscored.length}): `),
      unscored.map((a) => a.name).join('; ')) : null,
    weightsNote(d),
    h('p', { class: 'small muted print-hide' }, 'Số liệu in đỏ: có nhiệm vụ quá hạn, hoặc cơ quan phải đăng ký mà chưa đăng ký nhiệm vụ đột phá.'));
}
