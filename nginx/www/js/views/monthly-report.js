// The consolidated monthly report as the secretariat sends it to the
// committee: an A4 portrait page in the form of a Vietnamese administrative
// document (Nghị định 30/2020/NĐ-CP, Phụ lục I): the issuing body and the
// national motto at the top, number and date left to fill in, then the
// sections the committee reads (overall situation, results by field,
// overdue tasks and why, databases, difficulties and proposals, next
// month), generated from the data for the chosen month.  Printed or saved
// as PDF from the browser (print.css: @page official).
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { agencyName } from '../state.js';
import * as fmt from '../format.js';
import { pageHead, notice } from '../ui.js';
import { readPeriod, periodForm } from '../period-picker.js';
import { contributions } from '../contributions.js';

// Every page of a list, at most this many pages of 200: the document says
// so when a list was longer (it never silently leaves rows out).
const PAGES_MAX = 25;

async function allPages(fetchPage) {
  const out = [];
  let cursor = null;
  for (let i = 0; i < PAGES_MAX; i += 1) {
    const page = await fetchPage(cursor);
    out.push(...page.items);
    cursor = page.next_cursor;
    if (!cursor) return { items: out, complete: true };
  }
  return { items: out, complete: false };
}

function table(head, rows, cls) {
  return h('table', { class: `doc-table ${cls || ''}`.trim() },
    h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows));
}

function td(text, cls) { return h('td', { class: cls || null }, text); }

const NUM = 'num';

export async function renderMonthlyReport(ctx) {
  const sel = readPeriod(ctx.query);
  ctx.title('Báo cáo tháng');
  const [d, tasks, reps, contribs] = await Promise.all([
    api.dashboard({ year: sel.year, period: sel.period }),
    allPages((cursor) => api.tasks.list({ scope: sel.year, agency: '', limit: 200, cursor })),
    allPages((cursor) => api.reports.search({ status: 'approved', period: sel.period, limit: 200, cursor })),
    // Issue 15: the coordinating bodies' approved shares of the month.
    allPages((cursor) => contributions.search({ status: 'approved', period: sel.period, limit: 200, cursor })),
  ]);
  if (!ctx.isCurrent()) return;

  const today = fmt.today();
  const month = fmt.periodShort(d.period);
  const asOf = fmt.date(today.iso);
  const scope = tasks.items;
  const reports = reps.items;
  const byTask = new Map(reports.map((r) => [r.task_id, r]));
  const rated = d.agencies.filter((a) => a.rank !== null).sort((a, b) => a.rank - b.rank);
  const missing = d.agencies.reduce((n, a) => n + a.missing_reports, 0);

  // I. Overall situation.
  const overall = h('section', { class: 'doc-section', 'aria-labelledby': 'mr-1' },
    h('h3', { id: 'mr-1' }, 'I. TÌNH HÌNH CHUNG'),
    h('p', {}, `Tính đến ngày ${asOf}, Ban Chỉ đạo theo dõi ${d.totals.tasks} nhiệm vụ (năm ${d.year} và các năm trước chưa hoàn thành), `
      + `trong đó ${d.totals.by_status.in_program || 0} nhiệm vụ trong Chương trình công tác, ${d.totals.completed} nhiệm vụ đã hoàn thành, `
      + `${d.totals.overdue} nhiệm vụ quá hạn; ${missing} nhiệm vụ chưa có báo cáo tháng ${month}; `
      + `${d.missing_registration.length} cơ quan chưa đăng ký nhiệm vụ đột phá năm ${d.year}.`),
    rated.length ? table(['Hạng', 'Cơ quan chủ trì', 'Trong CT', 'Hoàn thành', 'Quá hạn', 'Thiếu BC'],
      rated.map((a) => h('tr', {}, td(String(a.rank), NUM), td(a.name), td(String(a.in_program), NUM),
        td(String(a.completed), NUM), td(String(a.overdue), NUM), td(String(a.missing_reports), NUM))), 'doc-rank') : null,
    d.missing_registration.length
      ? h('p', {}, `Cơ quan chưa đăng ký nhiệm vụ đột phá năm ${d.year}: ${d.missing_registration.map(agencyName).join('; ')}.`) : null);

  // II. Results by field (a task may serve several fields).
  const fields = Object.entries(fmt.FIELDS).map(([code, name]) => {
    const mine = scope.filter((t) => (t.fields || []).includes(code));
    return h('tr', {}, td(name), td(String(mine.length), NUM),
      td(String(mine.filter((t) => t.status === 'in_program').length), NUM),
      td(String(mine.filter((t) => t.status === 'completed').length), NUM),
      td(String(mine.filter((t) => t.overdue && t.status !== 'draft').length), NUM));
  });
  const byField = h('section', { class: 'doc-section', 'aria-labelledby': 'mr-2' },
    h('h3', { id: 'mr-2' }, 'II. KẾT QUẢ THEO LĨNH VỰC'),
    table(['Lĩnh vực', 'Số nhiệm vụ', 'Trong CT', 'Hoàn thành', 'Quá hạn'], fields, 'doc-fields'),
    h('p', { class: 'doc-note' }, 'Một nhiệm vụ có thể thuộc nhiều lĩnh vực.'
      + (tasks.complete ? '' : ` Số liệu tính trên ${fmt.groupDigits(scope.length)} nhiệm vụ đầu tiên của danh sách.`)));

  // III. Overdue tasks and why (the difficulties of the month's report).
  const overdue = h('section', { class: 'doc-section', 'aria-labelledby': 'mr-3' },
    h('h3', { id: 'mr-3' }, `III. NHIỆM VỤ QUÁ HẠN VÀ NGUYÊN NHÂN (${d.overdue_tasks.length})`),
    d.overdue_tasks.length
      ? table(['TT', 'Nhiệm vụ', 'Cơ quan chủ trì', 'Hạn', 'Quá (ngày)', 'Nguyên nhân'],
        d.overdue_tasks.map((t, i) => {
          const r = byTask.get(t.id);
          return h('tr', {}, td(String(i + 1), NUM), td(t.name), td(agencyName(t.lead_agency)), td(fmt.date(t.deadline), 'nowrap'),
            td(String(fmt.daysBetween(t.deadline, today.iso)), NUM),
            td(r && r.difficulties ? r.difficulties : `Chưa có báo cáo tháng ${month} nêu nguyên nhân.`));
        }), 'doc-overdue')
      : h('p', {}, 'Không có nhiệm vụ quá hạn.'));

  // IV. The specialized databases.
  const dbs = h('section', { class: 'doc-section', 'aria-labelledby': 'mr-4' },
    h('h3', { id: 'mr-4' }, `IV. CƠ SỞ DỮ LIỆU CHUYÊN NGÀNH (${d.databases.length})`),
    d.databases.length
      ? table(['TT', 'Cơ sở dữ liệu', 'Cơ quan chủ trì', 'Hạn', 'Tỷ lệ', 'Tình hình'],
        d.databases.map((x, i) => {
          const t = x.task;
          const last = x.series.filter((s) => s.period <= d.period).pop();
          const state = t.status === 'completed' ? 'Hoàn thành'
            : t.overdue ? 'Quá hạn' : t.progress ? fmt.HEALTH[t.progress.health] : 'Chưa có báo cáo được duyệt';
          return h('tr', {}, td(String(i + 1), NUM), td(t.name), td(agencyName(t.lead_agency)), td(fmt.date(t.deadline), 'nowrap'),
            td(last ? `${last.percent}% (${fmt.periodShort(last.period)})` : '—', 'nowrap'), td(state));
        }), 'doc-db')
      : h('p', {}, 'Không có cơ sở dữ liệu nào trong kỳ.'));

  // V and VI. From the month's approved reports, agency by agency.
  const said = (key) => reports.filter((r) => (r[key] || '').trim())
    .sort((a, b) => agencyName(a.task.lead_agency).localeCompare(agencyName(b.task.lead_agency), 'vi'))
    .map((r) => h('li', {}, h('strong', {}, `${agencyName(r.task.lead_agency)}`), ` (${r.task.name}): ${r[key].trim()}`));
  const diff = said('difficulties');
  const prop = said('proposals');
  const next = said('next_steps');
  const note = reps.complete ? null : h('p', { class: 'doc-note' }, `Tổng hợp từ ${fmt.groupDigits(reports.length)} báo cáo đầu tiên đã duyệt.`);
  const problems = h('section', { class: 'doc-section', 'aria-labelledby': 'mr-5' },
    h('h3', { id: 'mr-5' }, 'V. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ'),
    h('h4', {}, '1. Khó khăn, vướng mắc'),
    diff.length ? h('ul', {}, diff) : h('p', {}, `Các báo cáo tháng ${month} đã duyệt không nêu khó khăn, vướng mắc.`),
    h('h4', {}, '2. Đề xuất, kiến nghị'),
    prop.length ? h('ul', {}, prop) : h('p', {}, `Các báo cáo tháng ${month} đã duyệt không nêu đề xuất, kiến nghị.`),
    note);
  // VI. Issue 15: the coordinating bodies' shares, beside the lead's report.
  const shares = [...contribs.items].sort((a, b) => agencyName(a.task.lead_agency).localeCompare(agencyName(b.task.lead_agency), 'vi')
    || a.task.id - b.task.id || a.agency_name.localeCompare(b.agency_name, 'vi'));
  const coord = h('section', { class: 'doc-section', 'aria-labelledby': 'mr-7' },
    h('h3', { id: 'mr-7' }, `VI. PHẦN ĐÓNG GÓP CỦA CƠ QUAN PHỐI HỢP (${shares.length})`),
    shares.length
      ? table(['TT', 'Nhiệm vụ', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Phần việc đã phối hợp'],
        shares.map((c, i) => h('tr', {}, td(String(i + 1), NUM), td(c.task.name), td(agencyName(c.task.lead_agency)), td(c.agency_name),
          td(c.progress_note ? `${c.contribution} (${c.progress_note})` : c.contribution))), 'doc-contrib')
      : h('p', {}, `Chưa có phần đóng góp nào của cơ quan phối hợp được duyệt cho tháng ${month}.`),
    contribs.complete ? null : h('p', { class: 'doc-note' }, `Tổng hợp từ ${fmt.groupDigits(shares.length)} phần đóng góp đầu tiên đã duyệt.`));
  const nextMonth = h('section', { class: 'doc-section', 'aria-labelledby': 'mr-6' },
    h('h3', { id: 'mr-6' }, 'VII. NHIỆM VỤ THÁNG TỚI'),
    next.length ? h('ul', {}, next) : h('p', {}, `Các báo cáo tháng ${month} đã duyệt chưa nêu nhiệm vụ tháng tới.`),
    missing ? h('p', {}, `Đề nghị các cơ quan hoàn thành báo cáo tháng ${month} cho ${missing} nhiệm vụ còn thiếu.`) : null,
    d.totals.overdue ? h('p', {}, `Đề nghị các cơ quan chủ trì khẩn trương hoàn thành ${d.totals.overdue} nhiệm vụ quá hạn hoặc đề xuất điều chỉnh thời hạn.`) : null);

  const doc = h('article', { class: 'official-doc', 'aria-label': `Báo cáo tháng ${month}` },
    h('div', { class: 'doc-head' },
      h('div', { class: 'doc-issuer' },
        h('p', {}, d.committee.header),
        h('p', { class: 'doc-strong doc-rule' }, 'TỔ GIÚP VIỆC'),
        h('p', { class: 'doc-number' }, 'Số: ……/BC-TGV')),
      h('div', { class: 'doc-motto' },
        h('p', { class: 'doc-strong' }, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'),
        h('p', { class: 'doc-strong doc-rule' }, 'Độc lập - Tự do - Hạnh phúc'),
        h('p', { class: 'doc-place' }, `Nghệ An, ngày …… tháng …… năm ${today.year}`))),
    h('h2', { class: 'doc-title' }, 'BÁO CÁO'),
    h('p', { class: 'doc-subject' }, `Tình hình thực hiện nhiệm vụ đột phá về khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số, cải cách hành chính và Đề án 06 tháng ${month}`),
    h('p', { class: 'doc-asof' }, `(Số liệu đến ngày ${asOf})`),
    overall, byField, overdue, dbs, problems, coord, nextMonth,
    h('div', { class: 'doc-foot' },
      h('div', { class: 'doc-recipients' },
        h('p', { class: 'doc-strong' }, h('em', {}, 'Nơi nhận:')),
        h('p', {}, '- Trưởng Ban Chỉ đạo (để b/c);'),
        h('p', {}, '- Các thành viên Ban Chỉ đạo;'),
        h('p', {}, '- Các cơ quan chủ trì;'),
        h('p', {}, '- Lưu: VT, TGV.')),
      h('div', { class: 'doc-sign' },
        h('p', { class: 'doc-strong' }, 'TM. TỔ GIÚP VIỆC'),
        h('p', { class: 'doc-strong' }, 'TỔ TRƯỞNG'),
        h('p', { class: 'doc-sign-space' }, h('em', {}, '(Ký, ghi rõ họ tên)')))));

  replace(ctx.main,
    h('div', { class: 'print-hide doc-tools' },
      pageHead('Báo cáo tháng của Tổ giúp việc', {
        lead: 'Văn bản khổ A4 dọc, lập từ số liệu của tháng đã chọn; điền số, ngày và ký trước khi gửi Ban Chỉ đạo.',
        actions: [h('button', { type: 'button', class: 'btn btn-primary', onclick: () => window.print() }, 'In hoặc lưu PDF (A4 dọc)'),
          h('a', { class: 'btn', href: `#/dashboard?year=${d.year}&period=${d.period}` }, 'Về trang tổng hợp')],
      }),
      periodForm(sel, (v) => ctx.navigate(`#/monthly-report?year=${v.year}&period=${v.period}`)),
      tasks.complete && reps.complete && contribs.complete ? null : notice('Danh sách quá dài: một phần số liệu được tính trên các trang đầu (xem ghi chú trong văn bản).', 'warning')),
    doc);
}
