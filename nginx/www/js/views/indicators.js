// "Chỉ tiêu": the indicators the user may read, each with its target, its
// latest approved value and where it stands (coloured), filters, and the
// values that wait on the user (a head's approvals, returned entries).
import { h, replace } from '../dom.js';
import { state, hasRole, seesAll, agencyName, ownAgency } from '../state.js';
import * as fmt from '../format.js';
import { pageHead, empty, field, notice } from '../ui.js';
import {
  indicators, values, decimal, periodLabel, indStatusBadge, valueStatusBadge, UNIT,
} from '../results.js';
import { valueActionButtons } from './indicator-detail.js';

/** Where an indicator stands now: its series' item at its latest approved period. */
export async function standingOf(x) {
  const targets = (x.targets || []).map((t) => t.split('='));
  const firstDue = targets.find(([d]) => d >= fmt.today().iso) || targets[targets.length - 1];
  const base = { target: firstDue ? firstDue[1] : null, target_due: firstDue ? firstDue[0] : null, status: targets.length ? 'no_data' : null };
  if (!x.current_period) return base;
  const s = await indicators.series(x.id, Number(x.current_period.slice(0, 4)));
  return s.items.find((i) => i.period === x.current_period) || base;
}

function row(x, st) {
  const status = st ? st.status : null;
  return h('tr', { class: `ind-row is-row-${status || 'none'}`, dataset: { indicatorId: String(x.id) } },
    h('td', { 'data-label': 'Mã', class: 'nowrap' }, x.code),
    h('th', { scope: 'row' }, h('a', { href: `#/indicators/${x.id}` }, x.name),
      x.status === 'retired' ? h('span', { class: 'muted small' }, ' (đã thôi theo dõi)') : null),
    h('td', { 'data-label': 'Cơ quan chịu trách nhiệm' }, agencyName(x.agency)),
    h('td', { 'data-label': 'Mục tiêu', class: 'num' }, st && st.target !== null
      ? [decimal(st.target, x.unit), h('span', { class: 'muted small block' }, `đến ${fmt.date(st.target_due)}`)] : '—'),
    h('td', { 'data-label': 'Thực hiện', class: 'num' }, x.current_value !== null
      ? [decimal(x.current_value, x.unit), h('span', { class: 'muted small block' }, periodLabel(x.current_period))]
      : h('span', { class: 'muted' }, 'Chưa có')),
    h('td', { 'data-label': 'Đánh giá' }, indStatusBadge(status)));
}

function table(items, standings) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table indicator-table' },
    h('caption', { class: 'visually-hidden' }, 'Danh sách chỉ tiêu'),
    h('thead', {}, h('tr', {}, ['Mã', 'Chỉ tiêu', 'Cơ quan chịu trách nhiệm', 'Mục tiêu', 'Thực hiện', 'Đánh giá']
      .map((c, i) => h('th', { scope: 'col', class: i === 3 || i === 4 ? 'num' : null }, c)))),
    h('tbody', {}, items.map((x, i) => row(x, standings[i])))));
}

/** A value waiting on the user: a card with its indicator and buttons. */
function valueCard(v, reload, errBox) {
  const buttons = valueActionButtons(v, { onDone: reload, onError: (m) => replace(errBox, notice(m, 'error')) });
  return h('li', { class: 'value-card', dataset: { valueId: String(v.id) } },
    h('p', { class: 'vc-head' }, h('a', { href: `#/indicators/${v.indicator.id}` }, v.indicator.name), ' ', valueStatusBadge(v.status)),
    h('p', { class: 'muted small' }, `${periodLabel(v.period)} · lần ${v.revision} · ${v.created_by}`),
    h('p', {}, h('strong', {}, 'Giá trị: '), decimal(v.value), v.source_note ? [h('br'), h('span', { class: 'small' }, `Nguồn: ${v.source_note}`)] : null),
    v.last_return && v.status === 'returned' ? h('p', { class: 'small' }, h('strong', {}, 'Lý do trả lại: '), v.last_return.comment) : null,
    buttons.length ? h('div', { class: 'row-actions' }, buttons) : null);
}

async function waiting(own) {
  if (!own) return [];
  const asks = [];
  if (hasRole('head')) asks.push(values.search({ status: 'submitted', agency: own, limit: 50 }));
  if (hasRole('official') || hasRole('head')) asks.push(values.search({ status: 'returned', agency: own, limit: 50 }));
  const res = await Promise.all(asks);
  return res.flatMap((r) => r.items);
}

export async function renderIndicators(ctx) {
  ctx.title('Chỉ tiêu');
  const q = ctx.query;
  const f = { agency: q.get('agency') || '', status: q.get('status') || 'active', field: q.get('field') || '' };
  const own = ownAgency();
  const [list, todo] = await Promise.all([
    indicators.list({ ...f, limit: 100 }),
    waiting(own).catch(() => []),
  ]);
  if (!ctx.isCurrent()) return;
  const standings = await Promise.all(list.items.map((x) => standingOf(x).catch(() => null)));
  if (!ctx.isCurrent()) return;

  const agency = seesAll() || hasRole('head')
    ? h('select', { name: 'agency' }, h('option', { value: '' }, 'Tất cả cơ quan'),
      state.agencies.map((a) => h('option', { value: a.code, selected: a.code === f.agency }, a.name)))
    : null;
  const status = h('select', { name: 'status' },
    [['active', 'Đang theo dõi'], ['retired', 'Đã thôi theo dõi']].map(([v, t]) => h('option', { value: v, selected: v === f.status }, t)));
  const fieldSel = h('select', { name: 'field' }, h('option', { value: '' }, 'Mọi lĩnh vực'),
    Object.entries(fmt.FIELDS).map(([v, t]) => h('option', { value: v, selected: v === f.field }, t)));
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Lọc chỉ tiêu' },
    h('div', { class: 'filter-grid' },
      agency ? field({ label: 'Cơ quan chịu trách nhiệm', control: agency, cls: 'field-wide' }) : null,
      field({ label: 'Trạng thái', control: status }),
      field({ label: 'Lĩnh vực', control: fieldSel }),
      h('div', { class: 'filter-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Lọc'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    if (agency && agency.value) p.set('agency', agency.value);
    if (status.value !== 'active') p.set('status', status.value);
    if (fieldSel.value) p.set('field', fieldSel.value);
    ctx.navigate(`#/indicators${p.toString() ? `?${p}` : ''}`);
  });

  const counts = {};
  for (const s of standings) counts[s ? s.status || 'none' : 'none'] = (counts[s ? s.status || 'none' : 'none'] || 0) + 1;
  const errBox = h('div', { class: 'inline-error', role: 'alert' });
  replace(ctx.main,
    pageHead('Chỉ tiêu', {
      lead: 'Chỉ tiêu đo lường kết quả: mục tiêu, số liệu thực hiện đã được duyệt và đánh giá so với lộ trình.',
      actions: hasRole('secretariat') ? [h('a', { class: 'btn btn-primary', href: '#/indicators/new' }, 'Thêm chỉ tiêu')] : [],
    }),
    errBox,
    todo.length ? h('section', { class: 'panel', 'aria-labelledby': 'ind-todo' },
      h('h2', { id: 'ind-todo' }, `Số liệu chờ xử lý (${todo.length})`),
      h('ul', { class: 'value-list' }, todo.map((v) => valueCard(v, () => ctx.reload(), errBox)))) : null,
    form,
    h('p', { class: 'result-summary', role: 'status' },
      `${list.items.length}${list.next_cursor ? '+' : ''} chỉ tiêu`,
      list.items.length ? ` — đạt ${counts.achieved || 0}, đúng tiến độ ${counts.on_track || 0}, chậm ${counts.behind || 0}, chưa có số liệu ${counts.no_data || 0}` : ''),
    list.items.length ? table(list.items, standings) : empty('Không có chỉ tiêu nào.'),
    h('p', { class: 'legend-note small' }, 'Đơn vị tính: ', Object.values(UNIT).join(', '), '. Giá trị thập phân viết bằng dấu phẩy.'));
}

