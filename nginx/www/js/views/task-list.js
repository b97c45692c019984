// "Nhiệm vụ của đơn vị": filters, accent-insensitive search (the API folds
// accents), overdue highlighted, more pages on demand, and the exports.
import * as api from '../api.js';
import { h, replace, replaceHash } from '../dom.js';
import { state, seesAll, hasRole, ownAgency, agencyName } from '../state.js';
import * as fmt from '../format.js';
import { pageHead, field, loadError, empty } from '../ui.js';
import { taskTable, appendRows } from '../task-table.js';
import { savedFilters } from '../saved-filters.js';

const PAGE = 50;
// Where the list was when a task was opened from it: Back comes back there,
// with as many pages loaded as before (issue 17: Back returned to the top).
const SAVED = 'nv.list.where';
const RESTORE_PAGES_MAX = 20;

// The list's orders (GET /tasks?sort=, docs/API.md); '' is the default,
// newest first.
const SORTS = [
  ['', 'Mới đăng ký trước'],
  ['deadline', 'Hạn hoàn thành: sớm trước'],
  ['-deadline', 'Hạn hoàn thành: muộn trước'],
  ['name', 'Tên nhiệm vụ: A → Z'],
  ['-name', 'Tên nhiệm vụ: Z → A'],
  ['-progress', 'Tiến độ: cao trước'],
  ['progress', 'Tiến độ: thấp trước'],
  ['-updated', 'Cập nhật: gần đây trước'],
  ['updated', 'Cập nhật: lâu nhất trước'],
  ['lead_agency', 'Cơ quan chủ trì: A → Z'],
  ['-lead_agency', 'Cơ quan chủ trì: Z → A'],
  ['status', 'Trạng thái: theo quy trình'],
  ['-status', 'Trạng thái: ngược quy trình'],
];
const SORT_KEYS = new Set(SORTS.map(([v]) => v));

/** The filters of the hash's query, with the user's defaults. */
function readFilters(query) {
  const committee = hasRole('leadership') || hasRole('admin');
  let agency = query.get('agency');
  if (agency === null) agency = !committee && seesAll() && ownAgency() ? ownAgency() : '';
  if (agency === 'all') agency = '';
  return {
    q: query.get('q') || '',
    year: query.get('year') || '',
    status: query.get('status') || '',
    kind: query.get('kind') || '',
    field: query.get('field') || '',
    agency: seesAll() ? agency : '',
    overdue: query.get('overdue') === 'true' ? 'true' : '',
    sort: SORT_KEYS.has(query.get('sort')) ? query.get('sort') : '',
    ...readFigureFilters(query),
  };
}

// The filters a dashboard figure links with (docs/API.md): not in the form,
// shown as one line above the list and cleared by "Bỏ lọc".
const FIGURE_KEYS = ['scope', 'lead_agency', 'missing_report', 'with_drafts', 'health', 'committee'];

function readFigureFilters(query) {
  const out = {};
  for (const k of FIGURE_KEYS) out[k] = query.get(k) || '';
  return out;
}

function figureNote(f) {
  const parts = [];
  if (f.scope) parts.push(`phạm vi theo dõi năm ${f.scope}`);
  if (f.lead_agency) parts.push(`do ${agencyName(f.lead_agency)} chủ trì`);
  // Issue 14: a committee's own tasks (its agencies lead them).
  if (f.committee) parts.push(f.committee === 'TINH' ? 'của Ban Chỉ đạo tỉnh' : `của Ban Chỉ đạo cấp xã ${f.committee}`);
  if (f.missing_report) parts.push(`chưa báo cáo ${fmt.period(f.missing_report).toLowerCase()}`);
  if (f.with_drafts === 'false') parts.push('không tính bản nháp');
  if (f.health) parts.push(f.health === 'none' ? 'chưa có báo cáo được duyệt' : `báo cáo gần nhất: ${(fmt.HEALTH[f.health] || f.health).toLowerCase()}`);
  return parts.length ? `Theo số liệu tổng hợp: ${parts.join(', ')}.` : '';
}

/** The hash's query of the filters f: the address, and a saved filter. */
function hashQuery(f) {
  const p = new URLSearchParams();
  for (const k of ['q', 'year', 'status', 'kind', 'field', 'overdue', ...FIGURE_KEYS]) if (f[k]) p.set(k, f[k]);
  if (seesAll()) p.set('agency', f.agency || 'all');
  if (f.sort) p.set('sort', f.sort);
  return p.toString();
}

function writeHash(f) {
  const s = hashQuery(f);
  replaceHash(`#/tasks${s ? `?${s}` : ''}`);
}

function select(name, options, value) {
  return h('select', { name }, options.map(([v, t]) => h('option', { value: v, selected: v === value }, t)));
}

export async function renderTaskList(ctx) {
  const f = readFilters(ctx.query);
  const own = ownAgency();
  const title = own && !(hasRole('leadership') || hasRole('admin')) ? 'Nhiệm vụ của đơn vị' : 'Danh sách nhiệm vụ';
  ctx.title(title);

  const y = fmt.today().year;
  const q = h('input', { type: 'search', name: 'q', value: f.q, maxlength: '200', autocomplete: 'off', placeholder: 'Ví dụ: chuyển đổi số' });
  const year = select('year', [['', 'Tất cả các năm'], ...[y + 1, y, y - 1, y - 2].map((v) => [String(v), String(v)])], f.year);
  const status = select('status', [['', 'Tất cả trạng thái'], ...fmt.STATUS_ORDER.map((s) => [s, fmt.STATUS[s]])], f.status);
  const kind = select('kind', [['', 'Tất cả các loại'], ...Object.entries(fmt.KIND)], f.kind);
  const fieldSel = select('field', [['', 'Tất cả lĩnh vực'], ...Object.entries(fmt.FIELDS)], f.field);
  const agency = seesAll()
    ? select('agency', [['', 'Tất cả cơ quan'], ...state.agencies.map((a) => [a.code, a.name])], f.agency) : null;
  const overdue = h('input', { type: 'checkbox', name: 'overdue', id: 'flt-overdue', checked: f.overdue === 'true' });
  const sort = select('sort', SORTS, f.sort);

  const xlsx = h('a', { class: 'btn', download: '' }, 'Tải Excel (.xlsx)');
  const csv = h('a', { class: 'btn', download: '' }, 'Tải CSV');
  const summary = h('p', { class: 'result-summary', role: 'status', 'aria-live': 'polite' });
  const results = h('div', { class: 'results' });

  // On a phone the secondary filters fold away under one line; on a
  // desktop they are open and the line that folds them is hidden.
  const wide = window.matchMedia('(min-width: 761px)').matches;
  const activeCount = [f.year, f.status, f.kind, f.field, f.overdue, f.sort].filter(Boolean).length;
  const more = h('details', { class: 'more-filters', open: wide || activeCount > 0 },
    h('summary', {}, activeCount ? `Lọc theo năm, trạng thái, loại, lĩnh vực; sắp xếp (đang chọn ${activeCount})` : 'Lọc theo năm, trạng thái, loại, lĩnh vực; sắp xếp…'),
    h('div', { class: 'filter-grid' },
      field({ label: 'Năm', control: year }),
      field({ label: 'Trạng thái', control: status }),
      field({ label: 'Loại nhiệm vụ', control: kind }),
      field({ label: 'Lĩnh vực', control: fieldSel }),
      agency ? field({ label: 'Cơ quan (chủ trì hoặc phối hợp)', control: agency, cls: 'field-wide' }) : null,
      field({ label: 'Sắp xếp', control: sort, cls: 'field-wide' }),
      h('div', { class: 'field field-check' }, overdue, h('label', { for: 'flt-overdue' }, 'Chỉ nhiệm vụ quá hạn'))));
  const wideQuery = window.matchMedia('(min-width: 761px)');
  const onWidth = () => {
    if (!ctx.isCurrent()) { wideQuery.removeEventListener('change', onWidth); return; }
    const active = [year.value, status.value, kind.value, fieldSel.value, sort.value].some(Boolean) || overdue.checked;
    more.open = wideQuery.matches || active;
  };
  wideQuery.addEventListener('change', onWidth);
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Lọc nhiệm vụ' },
    h('div', { class: 'filter-main' },
      field({ label: 'Tìm nhiệm vụ', control: q, cls: 'field-grow', hint: 'Theo tên, sản phẩm, mục tiêu hoặc người chịu trách nhiệm; gõ có dấu hoặc không dấu.' }),
      h('div', { class: 'filter-buttons' },
        h('button', { type: 'submit', class: 'btn btn-primary' }, 'Lọc'),
        h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => { q.value = ''; year.value = ''; status.value = ''; kind.value = ''; fieldSel.value = ''; if (agency) agency.value = ''; overdue.checked = false; sort.value = ''; figures = {}; figureLine.hidden = true; apply(); } }, 'Bỏ lọc'))),
    more);
  // Saved filters (issue 17): the address's query under a name.
  const savedBox = savedFilters({
    current: () => hashQuery(current()),
    apply: (query) => ctx.navigate(`#/tasks${query ? `?${query}` : ''}`),
  });
  let figures = readFigureFilters(ctx.query);
  const figureLine = h('p', { class: 'figure-filter notice notice-info', id: 'figure-filter' }, figureNote(figures));
  figureLine.hidden = !figureNote(figures);

  const actions = [];
  if (hasRole('official') || hasRole('head') || hasRole('secretariat')) {
    actions.push(h('a', { class: 'btn btn-primary', href: '#/tasks/new' }, 'Đăng ký nhiệm vụ'));
  }
  replace(ctx.main,
    pageHead(title, {
      lead: own && !seesAll()
        ? `Nhiệm vụ do ${state.user.agency.name} chủ trì hoặc phối hợp thực hiện.`
        : 'Tất cả nhiệm vụ mà bạn được xem; chọn cơ quan để thu hẹp.',
      actions,
    }),
    form,
    savedBox.el,
    figureLine,
    h('div', { class: 'list-toolbar' }, summary, h('div', { class: 'export-buttons' }, xlsx, csv)),
    results);

  let seq = 0;
  let debounce = null;
  let shown = 0;          // rows on screen
  let loadMore = null;    // loads the next page, null when there is none

  results.addEventListener('click', (ev) => {
    if (!ev.target.closest('a[href^="#/tasks/"]')) return;
    sessionStorage.setItem(SAVED, JSON.stringify({ hash: location.hash, y: window.scrollY, n: shown }));
  });

  function current() {
    return {
      q: q.value.trim(), year: year.value, status: status.value, kind: kind.value,
      field: fieldSel.value,
      agency: agency ? agency.value : '', overdue: overdue.checked ? 'true' : '',
      sort: sort.value,
      ...figures,
    };
  }

  // A header clicked: the new order, and the focus back on that header.
  let focusSort = null;
  function onSort(s) {
    sort.value = s;
    focusSort = s.replace(/^-/, '');
    apply();
  }

  async function load(filters) {
    const mine = ++seq;
    const { q: qq, year: yy, status: ss, kind: kk, field: ff, agency: aa, overdue: oo } = filters;
    const params = { q: qq, year: yy, status: ss, kind: kk, field: ff, agency: aa, overdue: oo };
    for (const k of FIGURE_KEYS) if (filters[k]) params[k] = filters[k];
    xlsx.href = api.exportsUrl.tasksXlsx(params);
    csv.href = api.exportsUrl.tasksCsv(params);
    results.setAttribute('aria-busy', 'true');
    summary.textContent = 'Đang tải…';
    try {
      const data = await api.tasks.list({ ...params, sort: filters.sort, limit: PAGE });
      if (mine !== seq || !ctx.isCurrent()) return;
      show(data, params, filters.sort);
    } catch (err) {
      if (mine !== seq || !ctx.isCurrent()) return;
      summary.textContent = '';
      replace(results, loadError(err, () => load(filters)));
    } finally {
      if (mine === seq) results.removeAttribute('aria-busy');
    }
  }

  function show(data, params, sorted) {
    let count = data.items.length;
    shown = count;
    loadMore = null;
    const overdueCount = () => results.querySelectorAll('tr.is-overdue').length;
    const total = typeof data.total === 'number' ? data.total : null;
    // A search counts up to a bound: "total_more" says more match (issue 8).
    const over = data.total_more === true ? 'hơn ' : '';
    const say = (more) => {
      const n = overdueCount();
      const of = total === null ? (more ? ' (còn nữa)' : '') : ` / ${over}${fmt.groupDigits(total)}`;
      summary.textContent = count === 0 ? 'Không có nhiệm vụ nào khớp với bộ lọc.'
        : `Nhiệm vụ 1–${fmt.groupDigits(count)}${of}${n ? ` (trong số đang hiển thị có ${n} nhiệm vụ quá hạn)` : ''}.`;
    };
    if (count === 0) {
      replace(results, empty(params.q
        ? `Không tìm thấy nhiệm vụ nào khớp với “${params.q}” (tên, sản phẩm, mục tiêu, người chịu trách nhiệm).`
        : 'Chưa có nhiệm vụ nào.'));
      say(false);
      return;
    }
    const table = taskTable(data.items, { caption: 'Danh sách nhiệm vụ theo mẫu đăng ký', captionHidden: true, sort: sorted, onSort });
    replace(results, table);
    if (focusSort) {
      const b = table.querySelector(`button.sort-btn[data-sort="${focusSort}"]`);
      focusSort = null;
      if (b) b.focus();
    }
    let cursor = data.next_cursor;
    const more = h('button', { type: 'button', class: 'btn load-more' }, 'Xem thêm nhiệm vụ');
    const next = async () => {
      more.disabled = true;
      more.textContent = 'Đang tải…';
      try {
        const page = await api.tasks.list({ ...params, sort: sorted, limit: PAGE, cursor });
        appendRows(table.querySelector('tbody'), page.items, count + 1);
        count += page.items.length;
        shown = count;
        cursor = page.next_cursor;
        if (!cursor) { more.remove(); loadMore = null; }
        say(Boolean(cursor));
      } catch (err) {
        loadMore = null;
        results.append(loadError(err));
      } finally {
        more.disabled = false;
        more.textContent = 'Xem thêm nhiệm vụ';
      }
    };
    more.addEventListener('click', next);
    if (cursor) { results.append(more); loadMore = next; }
    say(Boolean(cursor));
  }

  function apply() {
    const cur = current();
    writeHash(cur);
    load(cur);
  }

  form.addEventListener('submit', (ev) => { ev.preventDefault(); clearTimeout(debounce); apply(); });
  for (const el of [year, status, kind, fieldSel, agency, overdue, sort].filter(Boolean)) el.addEventListener('change', apply);
  q.addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(apply, 400); });

  await load(f);
  const saved = JSON.parse(sessionStorage.getItem(SAVED) || 'null');
  if (saved && saved.hash === location.hash && ctx.isCurrent()) {
    sessionStorage.removeItem(SAVED);
    for (let i = 0; i < RESTORE_PAGES_MAX && shown < saved.n && loadMore; i += 1) await loadMore();
    ctx.keepScroll = saved.y;
  }
}
