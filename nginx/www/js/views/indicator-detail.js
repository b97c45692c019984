// One indicator: what it measures, its series of the year against the
// target line (chart and table), its values with every revision, the entry
// form for the responsible agency, and the head's approve / return.
import { h, replace } from '../dom.js';
import { state, hasRole, agencyName } from '../state.js';
import * as fmt from '../format.js';
import {
  pageHead, notice, empty, field, badge, confirmDialog, busy, toast, showErrors, clearErrors,
} from '../ui.js';
import { loadChartJs, track } from '../charts.js';
import {
  indicators, values, decimal, parseDecimal, periodLabel, entryPeriods, indStatusBadge,
  valueStatusBadge, props, explain, UNIT_LONG, DIRECTION, FREQUENCY,
} from '../results.js';

const VALUE_ACTIONS = {
  submit: {
    label: 'Gửi lãnh đạo duyệt', cls: 'btn-primary', done: 'Đã gửi số liệu để lãnh đạo đơn vị duyệt.',
    ask: (v) => ({ title: 'Gửi số liệu', message: `Gửi số liệu ${periodLabel(v.period).toLowerCase()} (${decimal(v.value)}) để lãnh đạo đơn vị duyệt?`, confirmLabel: 'Gửi' }),
  },
  approve: {
    label: 'Duyệt số liệu', cls: 'btn-primary', done: 'Đã duyệt; số liệu trở thành giá trị thực hiện của chỉ tiêu.',
    ask: (v) => ({ title: 'Duyệt số liệu', message: `Duyệt số liệu ${periodLabel(v.period).toLowerCase()}: ${decimal(v.value)}? Số liệu đã duyệt không sửa được; muốn đính chính phải nhập lần sửa mới.`, confirmLabel: 'Duyệt' }),
  },
  return: {
    label: 'Trả lại', cls: 'btn-warning', done: 'Đã trả lại số liệu kèm lý do.',
    ask: (v) => ({ title: 'Trả lại số liệu', message: `Trả lại số liệu ${periodLabel(v.period).toLowerCase()} để bổ sung.`, confirmLabel: 'Trả lại', comment: { label: 'Lý do trả lại', required: true, hint: 'Người nhập số liệu sẽ thấy lý do này.' } }),
  },
};

/** Buttons for a value's allowed transitions (editing is a form of the detail screen). */
export function valueActionButtons(v, { onDone, onError } = {}) {
  const out = [];
  for (const a of ['submit', 'approve', 'return']) {
    if (!(v.allowed_actions || []).includes(a)) continue;
    const def = VALUE_ACTIONS[a];
    const b = h('button', { type: 'button', class: `btn ${def.cls}`, dataset: { valueAction: a } }, def.label);
    b.addEventListener('click', async () => {
      const answer = await confirmDialog(def.ask(v));
      if (!answer) { b.focus(); return; }
      await busy(b, async () => {
        try {
          const r = await values.transition(v.id, a, v.version, answer.comment || undefined);
          toast(def.done);
          if (onDone) onDone(r, a);
        } catch (err) {
          if (onError) onError(explain(err), err); else toast(explain(err), 'error');
        }
      });
    });
    out.push(b);
  }
  return out;
}

/** Whether the user enters this indicator's values: its agency's official or head. */
function writes(x) {
  return x.status === 'active' && state.user.agency && state.user.agency.code === x.agency
    && (hasRole('official') || hasRole('head'));
}

function valueForm(x, onSaved, existing) {
  const period = existing ? null : h('select', { name: 'period' },
    entryPeriods(x.frequency).map((p) => h('option', { value: p }, periodLabel(p))));
  const value = h('input', { type: 'text', inputmode: 'decimal', name: 'value', autocomplete: 'off', value: existing ? existing.value.replace('.', ',') : '' });
  const note = h('textarea', { name: 'source_note', rows: '2', maxlength: '2000' }, existing ? existing.source_note : '');
  const form = h('form', { class: 'value-form', novalidate: true, 'aria-label': existing ? 'Sửa số liệu' : 'Nhập số liệu thực hiện' },
    h('div', { class: 'grid-3' },
      period ? field({ label: 'Kỳ số liệu', control: period, name: 'period', required: true }) : h('p', {}, h('strong', {}, 'Kỳ: '), periodLabel(existing.period)),
      field({ label: `Giá trị (${UNIT_LONG[x.unit]})`, control: value, name: 'value', required: true, hint: x.unit === 'percent' ? 'Từ 0 đến 100, tối đa hai chữ số thập phân, ví dụ 98,73.' : 'Số nguyên.' })),
    field({ label: 'Nguồn số liệu', control: note, name: 'source_note', hint: 'Hệ thống, văn bản hoặc cuộc khảo sát cho ra con số này; bắt buộc trước khi gửi duyệt.' }),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, existing ? 'Lưu số liệu' : 'Lưu nháp')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const v = parseDecimal(value.value);
    if (!v) { showErrors(form, [{ field: 'value', message: 'Cần nhập giá trị.' }]); return; }
    const btn = form.querySelector('button[type="submit"]');
    await busy(btn, async () => {
      try {
        const body = { value: v, source_note: note.value.trim() };
        const r = existing
          ? await values.patch(existing.id, { ...body, version: existing.version })
          : await indicators.addValue(x.id, { ...body, period: period.value });
        toast(existing ? 'Đã lưu số liệu.' : 'Đã lưu nháp số liệu; hãy gửi lãnh đạo đơn vị duyệt.');
        onSaved(r);
      } catch (err) {
        showErrors(form, [{ field: err.field, message: explain(err) }]);
      }
    });
  });
  return form;
}

function valueItem(x, v, reload, errBox) {
  const slot = h('div', { class: 'value-edit' });
  const buttons = valueActionButtons(v, { onDone: reload, onError: (m) => replace(errBox, notice(m, 'error')) });
  if ((v.allowed_actions || []).includes('edit')) {
    buttons.unshift(h('button', { type: 'button', class: 'btn', dataset: { valueAction: 'edit' }, onclick: () => replace(slot, valueForm(x, reload, v)) }, 'Sửa'));
  }
  return h('li', { class: `value-card vc-${v.status}`, dataset: { valueId: String(v.id) } },
    h('p', { class: 'vc-head' }, h('strong', {}, periodLabel(v.period)), ' ',
      v.revision > 1 ? badge(`Lần sửa ${v.revision}`, 'kind') : null, ' ', valueStatusBadge(v.status)),
    h('p', {}, h('span', { class: 'vc-value' }, decimal(v.value, x.unit)),
      h('span', { class: 'muted small' }, ` · ${v.created_by} · ${fmt.dateTime(v.updated_at)}`)),
    v.source_note ? h('p', { class: 'small' }, `Nguồn: ${v.source_note}`) : null,
    v.last_return && v.status === 'returned' ? h('p', { class: 'small notice notice-warning' }, h('strong', {}, 'Lý do trả lại: '), v.last_return.comment) : null,
    buttons.length ? h('div', { class: 'row-actions' }, buttons) : null,
    slot);
}

function seriesTable(x, s) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table series-table' },
    h('caption', {}, `Số liệu năm ${s.year} so với lộ trình`),
    h('thead', {}, h('tr', {}, ['Kỳ', 'Mục tiêu', 'Hạn đạt', 'Cần đạt đến kỳ', 'Thực hiện', 'Đánh giá']
      .map((c, i) => h('th', { scope: 'col', class: i >= 1 && i <= 4 && i !== 2 ? 'num' : null }, c)))),
    h('tbody', {}, s.items.map((i) => h('tr', { class: `is-row-${i.status || 'none'}` },
      h('th', { scope: 'row' }, periodLabel(i.period)),
      h('td', { 'data-label': 'Mục tiêu', class: 'num' }, decimal(i.target, x.unit)),
      h('td', { 'data-label': 'Hạn đạt' }, i.target_due ? fmt.date(i.target_due) : '—'),
      h('td', { 'data-label': 'Cần đạt đến kỳ', class: 'num' }, decimal(i.expected, x.unit)),
      h('td', { 'data-label': 'Thực hiện', class: 'num' }, decimal(i.actual, x.unit), i.revision > 1 ? h('span', { class: 'muted small' }, ` (lần ${i.revision})`) : null),
      h('td', { 'data-label': 'Đánh giá' }, i.status === 'no_data' ? h('span', { class: 'muted' }, 'Chưa có số liệu') : indStatusBadge(i.status)))))));
}

function seriesChart(Chart, canvas, x, s) {
  const num = (v) => (v === null ? null : Number(v));
  const chart = new Chart(canvas, {
    type: 'line',
    data: {
      labels: s.items.map((i) => periodLabel(i.period).replace('Tháng ', 'T').replace('Quý ', 'Q')),
      datasets: [
        { label: 'Thực hiện (đã duyệt)', data: s.items.map((i) => num(i.actual)), borderColor: '#1565c0', backgroundColor: '#1565c0', pointRadius: 5, borderWidth: 3, spanGaps: true },
        { label: 'Cần đạt theo lộ trình', data: s.items.map((i) => num(i.expected)), borderColor: '#ef6c00', backgroundColor: '#ef6c00', borderDash: [6, 4], pointRadius: 0, borderWidth: 2, spanGaps: true },
        { label: 'Mục tiêu', data: s.items.map((i) => num(i.target)), borderColor: '#2e7d32', backgroundColor: '#2e7d32', stepped: true, pointRadius: 0, borderWidth: 2 },
      ],
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      devicePixelRatio: Math.max(2, window.devicePixelRatio || 1),
      scales: {
        y: x.unit === 'percent' ? { suggestedMin: 0, suggestedMax: 100, ticks: { callback: (v) => `${v}%` } } : { beginAtZero: true },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 12 } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${decimal(String(c.parsed.y), x.unit)}` } },
      },
    },
  });
  return track(chart);
}

function actionsOf(x, ctx, errBox) {
  const out = [];
  const allowed = x.allowed_actions || [];
  if (allowed.includes('edit')) out.push(h('a', { class: 'btn', href: `#/indicators/${x.id}/edit` }, 'Sửa chỉ tiêu'));
  for (const [a, label, ask] of [
    ['retire', 'Thôi theo dõi', { title: 'Thôi theo dõi chỉ tiêu', message: `Thôi theo dõi chỉ tiêu “${x.name}”? Số liệu vẫn được giữ.`, confirmLabel: 'Thôi theo dõi', danger: true, comment: { label: 'Lý do', required: true } }],
    ['restore', 'Theo dõi lại', { title: 'Theo dõi lại chỉ tiêu', message: `Theo dõi lại chỉ tiêu “${x.name}”?`, confirmLabel: 'Theo dõi lại' }],
  ]) {
    if (!allowed.includes(a)) continue;
    const b = h('button', { type: 'button', class: `btn ${a === 'retire' ? 'btn-danger' : ''}`, dataset: { indicatorAction: a } }, label);
    b.addEventListener('click', async () => {
      const answer = await confirmDialog(ask);
      if (!answer) return;
      await busy(b, async () => {
        try {
          await indicators.transition(x.id, a, x.version, answer.comment || undefined);
          toast(a === 'retire' ? 'Đã thôi theo dõi chỉ tiêu.' : 'Đã theo dõi lại chỉ tiêu.');
          ctx.reload();
        } catch (err) { replace(errBox, notice(explain(err), 'error')); }
      });
    });
    out.push(b);
  }
  return out;
}

export async function renderIndicatorDetail(ctx) {
  const id = ctx.params[0];
  const year = /^\d{4}$/.test(ctx.query.get('year') || '') ? Number(ctx.query.get('year')) : fmt.today().year;
  const [x, s, vals, Chart] = await Promise.all([
    indicators.get(id),
    indicators.series(id, year),
    indicators.values(id, { limit: 200 }),
    loadChartJs().catch(() => null),
  ]);
  if (!ctx.isCurrent()) return;
  ctx.title(x.name);
  const errBox = h('div', { class: 'inline-error', role: 'alert' });
  const reload = () => ctx.reload();
  const hasChartData = s.items.some((i) => i.actual !== null || i.target !== null);
  const canvas = h('canvas', { role: 'img', 'aria-label': `Biểu đồ đường: số liệu thực hiện của chỉ tiêu năm ${year} so với đường lộ trình và mục tiêu. Số liệu chi tiết ở bảng bên dưới.` });
  const yearSel = h('select', { name: 'year', onchange: (ev) => ctx.navigate(`#/indicators/${id}?year=${ev.target.value}`) },
    [fmt.today().year + 1, fmt.today().year, fmt.today().year - 1, fmt.today().year - 2].map((y) => h('option', { value: String(y), selected: y === year }, String(y))));
  const entry = writes(x) ? h('section', { class: 'panel', 'aria-labelledby': 'v-new' },
    h('h2', { id: 'v-new' }, 'Nhập số liệu thực hiện'),
    h('p', { class: 'muted small' }, 'Số liệu được lãnh đạo đơn vị duyệt mới được tính. Số liệu đã duyệt không sửa được: nhập lại cùng kỳ để tạo lần sửa mới, lần trước vẫn được giữ.'),
    valueForm(x, reload)) : null;

  replace(ctx.main,
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/indicators' }, '← Chỉ tiêu')),
    pageHead(x.name, { lead: `${x.code} · ${agencyName(x.agency)}`, actions: actionsOf(x, ctx, errBox) }),
    h('p', { class: 'badges task-badges' }, x.status === 'retired' ? badge('Đã thôi theo dõi', 'st-cancelled') : badge('Đang theo dõi', 'st-in_program')),
    errBox,
    h('div', { class: 'detail-grid' },
      h('section', { class: 'panel', 'aria-labelledby': 'i-info' },
        h('h2', { id: 'i-info' }, 'Thông tin chỉ tiêu'),
        props([
          ['Đơn vị tính', UNIT_LONG[x.unit]],
          ['Chiều đánh giá', DIRECTION[x.direction]],
          ['Kỳ nhập số liệu', FREQUENCY[x.frequency]],
          ['Cơ quan chịu trách nhiệm', agencyName(x.agency)],
          ['Lĩnh vực', (x.fields || []).map((f) => fmt.FIELDS[f] || f).join('; ')],
          ['Giá trị gốc', x.baseline_value !== null ? `${decimal(x.baseline_value, x.unit)} (${periodLabel(x.baseline_period)})` : null],
          ['Mục tiêu theo năm', (x.targets || []).length ? h('ul', { class: 'plain-list' }, x.targets.map((t) => { const [d, v] = t.split('='); return h('li', {}, `${decimal(v, x.unit)} đến ${fmt.date(d)}`); })) : null],
          ['Dung sai đúng tiến độ', x.tolerance && x.tolerance !== '0' ? decimal(x.tolerance, x.unit) : null],
          x.survey_source ? ['Nguồn khảo sát', x.survey_source] : null,
          x.sample_size ? ['Cỡ mẫu', fmt.groupDigits(x.sample_size)] : null,
          ['Nhiệm vụ đóng góp', (x.tasks || []).length ? h('ul', { class: 'plain-list' }, x.tasks.map((t) => h('li', {}, h('a', { href: `#/tasks/${t}` }, `Nhiệm vụ số ${t}`)))) : null],
          ['Thực hiện mới nhất', x.current_value !== null ? `${decimal(x.current_value, x.unit)} (${periodLabel(x.current_period)})` : null],
          x.notes ? ['Ghi chú', h('p', { class: 'prewrap' }, x.notes)] : null,
        ])),
      h('section', { class: 'panel', 'aria-labelledby': 'i-chart' },
        h('div', { class: 'panel-head' }, h('h2', { id: 'i-chart' }, `Diễn biến năm ${year}`), field({ label: 'Năm', control: yearSel, cls: 'field-inline' })),
        Chart && hasChartData ? h('div', { class: 'chart-box chart-indicator' }, canvas)
          : (Chart ? empty('Chưa có mục tiêu hay số liệu để vẽ biểu đồ.') : notice('Không tải được thư viện biểu đồ; số liệu vẫn đầy đủ trong bảng.', 'warning')))),
    h('section', { class: 'panel', 'aria-labelledby': 'i-series' },
      h('h2', { id: 'i-series' }, 'Mục tiêu, lộ trình và thực hiện'),
      seriesTable(x, s)),
    entry,
    h('section', { class: 'panel', 'aria-labelledby': 'i-values' },
      h('h2', { id: 'i-values' }, `Số liệu đã nhập (${vals.items.length})`),
      vals.items.length
        ? h('ul', { class: 'value-list' }, vals.items.map((v) => valueItem(x, v, reload, errBox)))
        : empty('Chưa có số liệu nào.')));
  if (Chart && hasChartData) seriesChart(Chart, canvas, x, s);
}
