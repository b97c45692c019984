// Leadership's consolidated status: figures, charts (status by agency, the
// databases month by month), the agencies ranked, the breakthrough tasks'
// progress, the overdue list, and a print layout on one A4 landscape page.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { agencyName } from '../state.js';
import * as fmt from '../format.js';
import { pageHead, notice, empty, healthBadge, progressBar, badge } from '../ui.js';
import { readPeriod, periodForm } from '../period-picker.js';
import { loadChartJs, statusByAgencyChart, databaseProgressChart } from '../charts.js';
import { dashboardResults } from './dashboard-results.js';
import { communesPanel, committeeBar } from './dashboard-communes.js';
import { state } from '../state.js';

// How many rows of each long list the printed page keeps.
const PRINT_OVERDUE = 10;
const PRINT_TASKS = 6;

/**
 * The task list a figure counts (docs/API.md, the dashboard's filters of
 * GET /tasks): the year's scope, every agency unless one is named.
 */
export function figureHref(year, params) {
  const p = new URLSearchParams({ scope: String(year), agency: 'all', ...params });
  return `#/tasks?${p}`;
}

// Issue 14: the dashboard's figures count its committee's own tasks, so
// their lists name the committee (set by renderDashboard).
let figureCommittee = '';
function dashHref(year, params) {
  return figureHref(year, figureCommittee ? { ...params, committee: figureCommittee } : params);
}

/** A figure that opens its list; zero leads nowhere. */
function figureLink(n, href, label) {
  return n ? h('a', { href, class: 'figure-link', 'aria-label': label }, String(n)) : String(n);
}

function kpi(value, label, cls, href) {
  return h(href ? 'a' : 'div', { class: `kpi ${cls || ''}${href ? ' kpi-link' : ''}`, href: href || null },
    h('span', { class: 'kpi-value' }, value), h('span', { class: 'kpi-label' }, label));
}

function printMore(n, what) {
  return n > 0 ? h('p', { class: 'print-only print-more' }, `… và ${n} ${what} khác (xem đầy đủ trong tệp Excel).`) : null;
}

function agencyTable(rows, period, year) {
  const link = (a, n, params, what) => figureLink(n, dashHref(year, { lead_agency: a.code, ...params }), `${n} ${what} của ${a.name}`);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table agency-table' },
    h('caption', {}, `Tổng hợp theo cơ quan chủ trì, xếp hạng theo tỷ lệ hoàn thành đúng hạn (kỳ ${fmt.periodShort(period)})`),
    h('thead', {}, h('tr', {},
      // Issue 15: "Gia hạn", the tasks extended (how often), before the budget.
      ['Hạng', 'Cơ quan', 'Đã đăng ký', 'Trong CT', 'Đúng TĐ', 'Nguy cơ', 'Chậm', 'Quá hạn', 'Hoàn thành', 'TB %', 'Thiếu BC', 'Gia hạn', 'Kinh phí dự kiến', 'Đánh giá']
        .map((c, i) => h('th', { scope: 'col', class: `${i >= 2 && i <= 12 ? 'num' : ''} ${i === 11 || i === 12 ? 'print-hide' : ''}`.trim() || null }, c)))),
    h('tbody', {}, rows.map((a) => h('tr', { class: `colour-${a.colour}` },
      h('td', { 'data-label': 'Hạng', class: 'num' }, String(a.rank)),
      h('th', { scope: 'row' }, a.name),
      h('td', { 'data-label': 'Đã đăng ký', class: 'num' }, String(a.registered)),
      h('td', { 'data-label': 'Trong Chương trình', class: 'num' }, link(a, a.in_program, { status: 'in_program' }, 'nhiệm vụ trong Chương trình')),
      h('td', { 'data-label': 'Đúng tiến độ', class: 'num' }, link(a, a.on_track, { health: 'on_track' }, 'nhiệm vụ đúng tiến độ')),
      h('td', { 'data-label': 'Có nguy cơ chậm', class: 'num' }, link(a, a.at_risk, { health: 'at_risk' }, 'nhiệm vụ có nguy cơ chậm')),
      h('td', { 'data-label': 'Chậm tiến độ', class: 'num' }, link(a, a.delayed, { health: 'delayed' }, 'nhiệm vụ chậm tiến độ')),
      h('td', { 'data-label': 'Quá hạn', class: `num ${a.overdue ? 'bad' : ''}` }, link(a, a.overdue, { overdue: 'true', with_drafts: 'false' }, 'nhiệm vụ quá hạn')),
      h('td', { 'data-label': 'Hoàn thành (đúng hạn/trễ)', class: 'num' }, link(a, a.completed, { status: 'completed' }, 'nhiệm vụ hoàn thành'), a.completed ? ` (${a.done_on_time}/${a.done_late})` : ''),
      h('td', { 'data-label': 'Tiến độ trung bình', class: 'num' }, a.avg_percent === null ? '—' : `${a.avg_percent}%`),
      h('td', { 'data-label': 'Thiếu báo cáo', class: `num ${a.missing_reports ? 'warn' : ''}` }, link(a, a.missing_reports, { missing_report: period }, 'nhiệm vụ thiếu báo cáo')),
      // The A4 page has no room for it: the Excel file carries it.
      h('td', { 'data-label': 'Nhiệm vụ được gia hạn (số lần)', class: 'num nowrap print-hide' }, a.extended ? `${a.extended} (${a.extensions} lần)` : '0'),
      h('td', { 'data-label': 'Kinh phí dự kiến', class: 'num nowrap print-hide' }, a.estimated_budget ? fmt.money(a.estimated_budget) : '—'),
      h('td', { 'data-label': 'Đánh giá' }, h('span', { class: `colour-dot colour-dot-${a.colour}`, title: fmt.COLOUR[a.colour] }, fmt.COLOUR_SHORT[a.colour] || a.colour)))))));
}

function overdueTable(items) {
  const today = fmt.today().iso;
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table overdue-table' },
    h('caption', { class: 'visually-hidden' }, 'Nhiệm vụ quá hạn'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'num' }, 'TT'),
      h('th', { scope: 'col' }, 'Tên nhiệm vụ'),
      h('th', { scope: 'col' }, 'Cơ quan chủ trì'),
      h('th', { scope: 'col' }, 'Hạn'),
      h('th', { scope: 'col', class: 'num' }, 'Quá (ngày)'),
      h('th', { scope: 'col', class: 'print-hide' }, 'Tiến độ'))),
    h('tbody', {}, items.map((t, i) => h('tr', { class: i >= PRINT_OVERDUE ? 'print-extra' : null },
      h('td', { class: 'num', 'data-label': 'TT' }, String(i + 1)),
      h('td', { 'data-label': 'Tên nhiệm vụ' }, h('a', { href: `#/tasks/${t.id}` }, t.name),
        // Issue 15: extended, how often, by whom.
        t.extensions ? h('span', { class: 'muted small ext-marker' }, ` · gia hạn ${t.extensions} lần${t.extended_by ? ` (${t.extended_by})` : ''}`) : null),
      h('td', { 'data-label': 'Cơ quan chủ trì' }, agencyName(t.lead_agency)),
      h('td', { 'data-label': 'Hạn', class: 'nowrap' }, fmt.date(t.deadline)),
      h('td', { 'data-label': 'Quá (ngày)', class: 'num bad' }, String(fmt.daysBetween(t.deadline, today))),
      h('td', { 'data-label': 'Tiến độ', class: 'print-hide' }, t.progress ? `${t.progress.percent}%` : 'Chưa báo cáo'))))));
}

function breakthroughList(items) {
  return h('ul', { class: 'progress-list' }, items.map((t, i) => h('li', { class: i >= PRINT_TASKS ? 'print-extra' : null, dataset: { taskId: String(t.id) } },
    h('div', { class: 'pl-name' },
      h('a', { href: `#/tasks/${t.id}` }, t.name),
      h('span', { class: 'muted small' }, ` — ${agencyName(t.lead_agency)}`),
      null),
    h('div', { class: 'pl-progress' },
      t.progress ? [progressBar(t.progress.percent), ' ', standing(t),
        h('span', { class: 'muted small' }, ` ${fmt.periodShort(t.progress.period)}`)]
        : h('span', { class: 'muted' }, 'Chưa có báo cáo được duyệt')))));
}

/**
 * Where a task stands: its last report's health, unless the deadline has
 * passed. A report's "Đúng tiến độ" beside "Quá hạn" contradicted itself
 * (issue 17): past the deadline, an unfinished task is late, whatever the
 * report said.
 */
function standing(t) {
  return t.overdue ? badge('Quá hạn', 'overdue-badge') : healthBadge(t.progress.health);
}

/** Months newest first: the latest month is the one the committee reads, so
 * it must be in view without scrolling; older months scroll in from the right. */
function databaseTable(databases, chartPeriodsOldestFirst) {
  const periods = [...chartPeriodsOldestFirst].reverse();
  return h('div', { class: 'table-wrap', dataset: { scroll: 'x' } }, h('table', { class: 'data-table db-table' },
    h('caption', { class: 'visually-hidden' }, 'Tiến độ cơ sở dữ liệu chuyên ngành theo tháng'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Cơ sở dữ liệu'),
      h('th', { scope: 'col' }, 'Cơ quan chủ trì'),
      periods.map((p) => h('th', { scope: 'col', class: 'num' }, fmt.periodShort(p))))),
    h('tbody', {}, databases.map((d) => {
      const by = new Map(d.series.map((s) => [s.period, s.percent]));
      return h('tr', {},
        h('th', { scope: 'row' }, h('a', { href: `#/tasks/${d.task.id}` }, d.task.name)),
        h('td', { 'data-label': 'Cơ quan chủ trì' }, agencyName(d.task.lead_agency)),
        periods.map((p) => h('td', { class: 'num', 'data-label': fmt.periodShort(p) }, by.has(p) ? `${by.get(p)}%` : '—')));
    }))));
}

/** Each database where it stands now (the chart shows the months). */
function databaseList(databases, charted) {
  return h('ul', { class: `progress-list db-list${charted ? ' print-hide' : ''}` }, databases.map((d) => {
    const t = d.task;
    return h('li', {},
      h('div', { class: 'pl-name' },
        h('a', { href: `#/tasks/${t.id}` }, t.name.replace(/^Cơ sở dữ liệu\s+/i, 'CSDL ')),
        h('span', { class: 'muted small' }, ` — ${agencyName(t.lead_agency)}`),
        t.status === 'completed' ? badge('Hoàn thành', 'st-completed') : null),
      h('div', { class: 'pl-progress' },
        t.progress ? [progressBar(t.progress.percent), ' ', standing(t)]
          : [h('span', { class: 'muted small' }, 'Chưa có báo cáo được duyệt'), t.overdue ? [' ', badge('Quá hạn', 'overdue-badge')] : null],
        t.overdue ? h('span', { class: 'late-days' }, `hạn ${fmt.date(t.deadline)}`) : null),
      // Issue 15: "built" and "in use", apart.
      (d.milestones || []).length ? h('div', { class: 'db-milestones small' }, d.milestones.map((m) => h('span', { class: 'db-ms', dataset: { kind: m.kind } },
        `${m.kind === 'built' ? 'Xây dựng xong' : 'Đưa vào sử dụng'}: `,
        m.status === 'done' ? badge(`đã xong ${fmt.date(m.done_on)}`, 'rg-on-time') : badge(`hạn ${fmt.date(m.due)}`, 'st-draft')))) : null);
  }));
}

/** The months on the database chart: January of the year (or the first report) to the period. */
function chartPeriods(d) {
  const all = d.databases.flatMap((x) => x.series.map((s) => s.period)).filter((p) => p <= d.period);
  const first = all.length ? all.reduce((a, b) => (a < b ? a : b)) : `${d.year}-01`;
  const start = first < `${d.year}-01` ? first : `${d.year}-01`;
  const out = [];
  let [y, m] = start.split('-').map(Number);
  while (`${y}-${String(m).padStart(2, '0')}` <= d.period && out.length < 36) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m === 13) { m = 1; y += 1; }
  }
  return out;
}

/** Issue 15: the field selector (all fields, or one). */
function fieldForm(value, onChange) {
  const sel = h('select', { name: 'field', id: 'dash-field' },
    [['', 'Tất cả lĩnh vực'], ...Object.entries(fmt.FIELDS)].map(([v, t]) => h('option', { value: v, selected: v === value }, t)));
  sel.addEventListener('change', () => onChange(sel.value));
  return h('form', { class: 'period-form field-form', 'aria-label': 'Chọn lĩnh vực' },
    h('div', { class: 'field' }, h('label', { for: 'dash-field' }, 'Lĩnh vực'), sel));
}

/** Issue 15: the totals by field; a task counts in each of its fields. */
function byFieldPanel(d, fieldQ) {
  const rows = Object.entries(fmt.FIELDS).map(([k, name]) => {
    const f = d.totals.by_field[k];
    const href = (extra) => dashHref(d.year, { field: k, ...extra });
    return h('tr', { dataset: { field: k } },
      h('th', { scope: 'row' }, name),
      h('td', { class: 'num', 'data-label': 'Nhiệm vụ' }, figureLink(f.tasks, href({}), `${f.tasks} nhiệm vụ ${name}`)),
      h('td', { class: 'num', 'data-label': 'Trong Chương trình' }, figureLink(f.in_program, href({ status: 'in_program' }), `${f.in_program} nhiệm vụ ${name} trong Chương trình`)),
      h('td', { class: 'num', 'data-label': 'Hoàn thành' }, figureLink(f.completed, href({ status: 'completed' }), `${f.completed} nhiệm vụ ${name} đã hoàn thành`)),
      h('td', { class: 'num', 'data-label': 'Quá hạn' }, figureLink(f.overdue, href({ overdue: 'true', with_drafts: 'false' }), `${f.overdue} nhiệm vụ ${name} quá hạn`)),
      h('td', { class: 'num', 'data-label': 'Kinh phí dự kiến' }, f.estimated_budget ? fmt.moneyWords(f.estimated_budget) : '0 đ'));
  });
  return h('section', { class: 'panel dash-fields print-extra', 'aria-labelledby': 'd-fields' },
    h('h2', { id: 'd-fields' }, fieldQ ? `Theo lĩnh vực (đang xem: ${fmt.FIELDS[fieldQ]})` : 'Theo lĩnh vực'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id: 'by-field' },
      h('caption', { class: 'visually-hidden' }, 'Số nhiệm vụ theo lĩnh vực; một nhiệm vụ có thể thuộc nhiều lĩnh vực'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Lĩnh vực'), h('th', { scope: 'col', class: 'num' }, 'Nhiệm vụ'),
        h('th', { scope: 'col', class: 'num' }, 'Trong Chương trình'), h('th', { scope: 'col', class: 'num' }, 'Hoàn thành'),
        h('th', { scope: 'col', class: 'num' }, 'Quá hạn'), h('th', { scope: 'col', class: 'num' }, 'Kinh phí dự kiến'))),
      h('tbody', {}, rows))),
    h('p', { class: 'small muted' }, 'Một nhiệm vụ thuộc nhiều lĩnh vực được tính ở mỗi lĩnh vực.'));
}

export async function renderDashboard(ctx) {
  const sel = readPeriod(ctx.query);
  // Issue 15: one field of work, or all of them.
  const fieldQ = fmt.FIELDS[ctx.query.get('field')] ? ctx.query.get('field') : '';
  // Issue 14: whose dashboard (a commune's, drilled into from the province's).
  const committeeQ = /^[A-Z0-9_-]{1,16}$/.test(ctx.query.get('committee') || '') ? ctx.query.get('committee') : '';
  const keep = committeeQ ? `&committee=${committeeQ}` : '';
  ctx.title('Tổng hợp');
  const [d, bt, Chart] = await Promise.all([
    api.dashboard({ year: sel.year, period: sel.period, field: fieldQ, committee: committeeQ }),
    api.tasks.list({ year: sel.year, kind: 'breakthrough', status: 'in_program', field: fieldQ, limit: 200 }),
    loadChartJs().catch(() => null),
  ]);
  // Indicators, proposals and the scorecard (issue 13).
  const results = await dashboardResults(d);
  if (!ctx.isCurrent()) return;
  figureCommittee = d.committee ? d.committee.code : '';

  // Unrated agencies (no work in the programme) have no rank: they are
  // named under the ranking, never ranked above agencies that work.
  const active = d.agencies.filter((a) => a.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, 'vi'));
  const idle = d.agencies.filter((a) => a.rank === null);
  const periods = chartPeriods(d);
  const hasSeries = d.databases.some((x) => x.series.length);
  const statusCanvas = h('canvas', { role: 'img', 'aria-label': 'Biểu đồ cột chồng: số nhiệm vụ của mỗi cơ quan chủ trì theo tình trạng (hoàn thành, đúng tiến độ, có nguy cơ chậm, chậm tiến độ, chưa có báo cáo). Số liệu chi tiết ở bảng tổng hợp theo cơ quan.' });
  const dbCanvas = h('canvas', { role: 'img', 'aria-label': 'Biểu đồ đường: tỷ lệ hoàn thành của từng cơ sở dữ liệu chuyên ngành theo tháng. Số liệu chi tiết ở bảng bên dưới.' });
  const chartAgencies = active.filter((a) => a.in_program || a.completed);
  const statusBox = h('div', { class: 'chart-box chart-status' }, statusCanvas);
  statusBox.style.height = `${Math.max(180, chartAgencies.length * 26 + 90)}px`;
  const monthLabel = fmt.period(d.period).toLowerCase();
  // The committee's own breakthrough tasks (the province sees every commune's).
  const btItems = bt.items.filter((t) => !t.committee || t.committee === d.committee.code);
  const isCommune = d.committee.level === 'commune';

  const exportTasks = api.exportsUrl.tasksXlsx({ year: d.year });
  const printBtn = h('button', { type: 'button', class: 'btn', onclick: () => window.print() }, 'In (A4 ngang)');

  replace(ctx.main,
    h('div', { class: 'print-only print-header' },
      h('p', { class: 'print-org' }, `${d.committee.header} · TỔ GIÚP VIỆC`),
      h('p', { class: 'print-title' }, `Tổng hợp tình hình thực hiện nhiệm vụ năm ${d.year} — kỳ ${monthLabel}`),
      h('p', { class: 'print-date' }, `Số liệu đến ngày ${fmt.date(fmt.today().iso)}`)),
    committeeBar(d, state.user && state.user.committee ? state.user.committee.code : null),
    pageHead(isCommune ? `Tổng hợp — ${d.committee.name}` : 'Tổng hợp tình hình thực hiện', {
      lead: `Năm ${d.year}, kỳ báo cáo ${monthLabel}. Gồm nhiệm vụ của năm và nhiệm vụ các năm trước chưa hoàn thành.`,
      actions: [
        h('a', { class: 'btn btn-primary', href: api.exportsUrl.dashboardXlsx({ year: d.year, period: d.period, field: fieldQ, committee: committeeQ }), download: '', id: 'export-dashboard' }, 'Tải Excel tổng hợp'),
        h('a', { class: 'btn', href: exportTasks, download: '' }, 'Tải danh sách nhiệm vụ (.xlsx)'),
        printBtn,
        h('a', { class: 'btn', href: `#/monthly-report?year=${d.year}&period=${d.period}`, id: 'monthly-report' }, 'Báo cáo tháng (A4 dọc)'),
        h('a', { class: 'btn', href: `#/timeline?year=${d.year}&period=${d.period}`, id: 'timeline' }, 'Mốc thời hạn'),
      ],
    }),
    periodForm(sel, (v) => ctx.navigate(`#/dashboard?year=${v.year}&period=${v.period}${fieldQ ? `&field=${fieldQ}` : ''}${keep}`)),
    fieldForm(fieldQ, (f) => ctx.navigate(`#/dashboard?year=${d.year}&period=${d.period}${f ? `&field=${f}` : ''}${keep}`)),
    h('div', { class: 'kpis' },
      kpi(String(d.totals.tasks), 'nhiệm vụ theo dõi', '', dashHref(d.year, {})),
      kpi(String(d.totals.by_status.in_program || 0), 'trong Chương trình', '', dashHref(d.year, { status: 'in_program' })),
      kpi(String(d.totals.completed), 'đã hoàn thành', 'kpi-ok', dashHref(d.year, { status: 'completed' })),
      kpi(String(d.totals.overdue), 'quá hạn', d.totals.overdue ? 'kpi-bad' : 'kpi-ok', dashHref(d.year, { overdue: 'true', with_drafts: 'false' })),
      kpi(String(d.missing_registration.length), `cơ quan chưa đăng ký năm ${d.year}`, d.missing_registration.length ? 'kpi-warn' : 'kpi-ok', '#d-miss-list'),
      kpi(d.totals.estimated_budget ? fmt.moneyWords(d.totals.estimated_budget) : '0 đ', 'kinh phí dự kiến', 'kpi-money')),
    Chart ? null : notice('Không tải được thư viện biểu đồ (vendor/chart.umd.js; chạy “make www”). Số liệu vẫn đầy đủ trong các bảng.', 'warning'),
    h('div', { class: 'dash-grid' },
      h('div', { class: 'dash-col dash-col-charts' },
        h('section', { class: 'panel dash-status', 'aria-labelledby': 'd-status' },
          h('h2', { id: 'd-status' }, 'Tình trạng nhiệm vụ theo cơ quan'),
          chartAgencies.length ? statusBox : empty('Chưa có nhiệm vụ nào trong Chương trình.')),
        h('section', { class: 'panel dash-db', 'aria-labelledby': 'd-db' },
          h('h2', { id: 'd-db' }, `Cơ sở dữ liệu chuyên ngành (${d.databases.length})`),
          hasSeries ? h('div', { class: 'chart-box chart-db' }, dbCanvas)
            : h('p', { class: 'empty' }, 'Chưa có báo cáo tiến độ được duyệt của cơ sở dữ liệu nào; biểu đồ theo tháng sẽ hiện khi có.'),
          d.databases.length ? databaseList(d.databases, hasSeries) : null,
          d.databases.length ? h('details', { class: 'db-details' },
            h('summary', {}, 'Bảng số liệu theo tháng'),
            databaseTable(d.databases, periods)) : null)),
      h('div', { class: 'dash-col dash-col-agencies' },
        h('section', { class: 'panel dash-agencies', 'aria-labelledby': 'd-ag' },
          h('h2', { id: 'd-ag' }, 'Xếp hạng các cơ quan'),
          active.length ? agencyTable(active, d.period, d.year) : empty('Chưa có số liệu.'),
          h('p', { class: 'legend-note small' },
            'Đánh giá: ', h('span', { class: 'colour-dot colour-dot-green' }, 'Xanh'), ' không quá hạn, đủ báo cáo; ',
            h('span', { class: 'colour-dot colour-dot-yellow' }, 'Vàng'), ' còn thiếu báo cáo hoặc chưa đăng ký nhiệm vụ đột phá; ',
            h('span', { class: 'colour-dot colour-dot-red' }, 'Đỏ'), ' có nhiệm vụ quá hạn. ',
            'Chỉ xếp hạng cơ quan có nhiệm vụ trong Chương trình, đã hoàn thành hoặc quá hạn.'),
          idle.length ? h('p', { class: 'unrated small', id: 'unrated' },
            h('strong', {}, `Chưa có nhiệm vụ, không xếp hạng (${idle.length}): `),
            idle.map((a) => a.name).join('; ')) : null),
        h('section', { class: 'panel dash-missing', 'aria-labelledby': 'd-miss' },
          h('h2', { id: 'd-miss' }, `Chưa đăng ký nhiệm vụ đột phá năm ${d.year} (${d.missing_registration.length})`),
          d.missing_registration.length
            ? h('p', { class: 'inline-list', id: 'd-miss-list', tabindex: '-1' }, d.missing_registration.map(agencyName).join('; '))
            : empty('Tất cả cơ quan đã đăng ký.'))),
      h('div', { class: 'dash-col dash-col-lists' },
        h('section', { class: 'panel dash-bt', 'aria-labelledby': 'd-bt' },
          h('h2', { id: 'd-bt' }, `Tiến độ nhiệm vụ đột phá đang thực hiện (${btItems.length}${bt.next_cursor ? '+' : ''})`),
          btItems.length ? breakthroughList(btItems) : empty('Chưa có nhiệm vụ đột phá nào trong Chương trình.'),
          printMore(btItems.length - PRINT_TASKS, 'nhiệm vụ')),
        h('section', { class: 'panel dash-overdue', 'aria-labelledby': 'd-over' },
          h('h2', { id: 'd-over' }, `Nhiệm vụ quá hạn (${d.overdue_tasks.length})`),
          d.overdue_tasks.length ? overdueTable(d.overdue_tasks) : empty('Không có nhiệm vụ quá hạn.'),
          printMore(d.overdue_tasks.length - PRINT_OVERDUE, 'nhiệm vụ quá hạn')))),
    communesPanel(d),
    results,
    byFieldPanel(d, fieldQ));

  if (Chart) {
    // A bar's segment opens the list it counts (the legend's order).
    const SEGMENT = [{ status: 'completed' }, { health: 'on_track' }, { health: 'at_risk' }, { health: 'delayed' }, { health: 'none' }];
    if (chartAgencies.length) {
      statusByAgencyChart(Chart, statusCanvas, chartAgencies, (a, i) => ctx.navigate(dashHref(d.year, { lead_agency: a.code, ...SEGMENT[i] })));
    }
    if (hasSeries) databaseProgressChart(Chart, dbCanvas, d.databases, periods);
  }
}
