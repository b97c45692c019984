// "Chương trình công tác" (issue 15): the year's programme and its
// amendments, compiled by the secretariat from the accepted tasks,
// approved or returned by the committee's leadership; the official table
// on screen, as a workbook and as a printable page.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import * as fmt from '../format.js';
import { hasRole, state } from '../state.js';
import { pageHead, empty, badge, field, notice, confirmDialog, showApiError, busy, toast } from '../ui.js';
import { describe } from '../errors.js';

const PG_STATUS = {
  draft: 'Dự thảo',
  submitted: 'Chờ phê duyệt',
  approved: 'Đã phê duyệt',
  returned: 'Bị trả lại',
};

/** "Chương trình công tác năm 2026" or "Điều chỉnh lần 1 …". */
export function versionTitle(p) {
  return p.amendment === 0
    ? `Chương trình công tác năm ${p.year}`
    : `Điều chỉnh lần ${p.amendment} Chương trình công tác năm ${p.year}`;
}

function statusBadge(p) {
  return badge(PG_STATUS[p.status] || p.status, `pg-${p.status}`);
}

function agencyName(code) {
  const a = state.agencies.find((x) => x.code === code);
  return a ? a.name : code;
}

function docLine(p) {
  if (p.status !== 'approved') return 'Dự thảo, chưa được phê duyệt.';
  const doc = p.doc_number ? `Văn bản số ${p.doc_number}${p.doc_date ? ` ngày ${fmt.date(p.doc_date)}` : ''}` : 'Chưa ghi số văn bản phê duyệt';
  return `Phê duyệt ngày ${fmt.dateTime(p.approved_at)}${p.approved_by ? ` (${p.approved_by})` : ''}. ${doc}.`;
}

export async function renderProgrammes(ctx) {
  const t = fmt.today();
  const year = /^\d{4}$/.test(ctx.query.get('year') || '') ? Number(ctx.query.get('year')) : t.year;
  ctx.title(`Chương trình công tác năm ${year}`);
  const data = await api.programmes.list({ year });
  if (!ctx.isCurrent()) return;
  const open = data.items.find((p) => p.status !== 'approved');
  const ysel = h('select', { name: 'year', id: 'pg-year' }, [t.year + 1, t.year, t.year - 1, t.year - 2]
    .map((y) => h('option', { value: String(y), selected: y === year }, String(y))));
  ysel.addEventListener('change', () => ctx.navigate(`#/programmes?year=${ysel.value}`));
  const slot = h('div', { class: 'pg-create-msg' });
  const actions = [];
  if (hasRole('secretariat') && !open) {
    const btn = h('button', { type: 'button', class: 'btn btn-primary', id: 'pg-compile' },
      data.items.length ? 'Lập bản điều chỉnh' : `Lập Chương trình năm ${year}`);
    btn.addEventListener('click', () => busy(btn, async () => {
      try {
        const p = await api.programmes.create({ year });
        toast(`Đã lập ${versionTitle(p).toLowerCase()} (${p.items} nhiệm vụ).`);
        ctx.navigate(`#/programmes/${p.id}`);
      } catch (err) {
        replace(slot, notice(describe(err, 'programme'), 'error'));
      }
    }));
    actions.push(btn);
  }
  const rows = data.items.map((p) => h('tr', {},
    h('th', { scope: 'row' }, h('a', { href: `#/programmes/${p.id}` }, versionTitle(p))),
    h('td', { 'data-label': 'Trạng thái' }, statusBadge(p)),
    h('td', { 'data-label': 'Số nhiệm vụ', class: 'num' }, String(p.items)),
    h('td', { 'data-label': 'Văn bản' }, p.doc_number ? `${p.doc_number}${p.doc_date ? ` (${fmt.date(p.doc_date)})` : ''}` : '—')));
  replace(ctx.main,
    pageHead(`Chương trình công tác năm ${year}`, {
      lead: 'Tổ giúp việc tổng hợp các nhiệm vụ đã tiếp nhận thành Chương trình và trình Thường trực Ban Chỉ đạo phê duyệt; nhiệm vụ tiếp nhận hoặc điều chỉnh sau đó được đưa vào bản điều chỉnh.',
      actions,
    }),
    h('form', { class: 'period-form', 'aria-label': 'Chọn năm' }, field({ label: 'Năm', control: ysel })),
    slot,
    data.items.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id: 'programme-list' },
        h('caption', { class: 'visually-hidden' }, `Các bản Chương trình năm ${year}`),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Bản'), h('th', { scope: 'col' }, 'Trạng thái'),
          h('th', { scope: 'col', class: 'num' }, 'Số nhiệm vụ'), h('th', { scope: 'col' }, 'Văn bản phê duyệt'))),
        h('tbody', {}, rows)))
      : empty(`Chưa lập Chương trình năm ${year}.`));
}

function itemsTable(items, id) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table programme-table', id },
    h('caption', { class: 'visually-hidden' }, 'Danh mục nhiệm vụ'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'nowrap' }, 'TT'), h('th', { scope: 'col' }, 'Tên nhiệm vụ'),
      h('th', { scope: 'col' }, 'Mục tiêu'), h('th', { scope: 'col' }, 'Sản phẩm'),
      h('th', { scope: 'col' }, 'Thời gian hoàn thành'), h('th', { scope: 'col' }, 'Cơ quan chủ trì'),
      h('th', { scope: 'col' }, 'Cơ quan phối hợp'), h('th', { scope: 'col' }, 'Nguồn lực, kinh phí'),
      h('th', { scope: 'col' }, 'Ghi chú'))),
    h('tbody', {}, items.map((i) => h('tr', {
      dataset: { task: String(i.task_id), change: i.change },
      // Issue 15: a cancelled task, removed by an amendment, struck out.
      class: i.change === 'removed' || i.removed_in !== null && i.removed_in !== undefined ? 'pg-removed' : null,
    },
      h('td', { 'data-label': 'TT', class: 'num' }, String(i.position)),
      h('th', { scope: 'row' }, h('a', { href: `#/tasks/${i.task_id}` }, i.name)),
      h('td', { 'data-label': 'Mục tiêu' }, i.target || '—'),
      h('td', { 'data-label': 'Sản phẩm' }, i.expected_product || '—'),
      h('td', { 'data-label': 'Thời gian hoàn thành', class: 'nowrap' }, i.deadline ? fmt.date(i.deadline) : '—'),
      h('td', { 'data-label': 'Cơ quan chủ trì' }, i.lead_agency_name),
      h('td', { 'data-label': 'Cơ quan phối hợp' }, i.coordinating_agencies.map(agencyName).join('; ') || '—'),
      h('td', { 'data-label': 'Nguồn lực, kinh phí' }, [i.resources, i.estimated_budget !== null ? fmt.money(i.estimated_budget) : ''].filter(Boolean).join('; ') || '—'),
      h('td', { 'data-label': 'Ghi chú' },
        i.change === 'removed' ? 'Đưa ra khỏi Chương trình (nhiệm vụ đã hủy)'
          : i.change === 'changed' ? 'Điều chỉnh so với bản đã phê duyệt' : 'Bổ sung mới',
        i.removed_in !== null && i.removed_in !== undefined && i.change !== 'removed'
          ? h('strong', { class: 'pg-removed-note' }, ` · đã đưa ra khỏi Chương trình theo Điều chỉnh lần ${i.removed_in}`) : null,
        i.first_version ? h('span', { class: 'muted' }, ` · có từ ${i.first_version.amendment === 0 ? 'Chương trình' : `bản điều chỉnh lần ${i.first_version.amendment}`}`) : null))))));
}

function docForm(p, ctx) {
  const num = h('input', { type: 'text', name: 'doc_number', maxlength: '50', value: p.doc_number });
  const date = h('input', { type: 'date', name: 'doc_date', value: p.doc_date || '' });
  const save = h('button', { type: 'submit', class: 'btn' }, 'Lưu');
  const form = h('form', { class: 'doc-form', novalidate: true },
    h('div', { class: 'filter-grid' },
      field({ label: 'Số văn bản phê duyệt', control: num, name: 'doc_number', hint: 'Ví dụ: 15-QĐ/BCĐ' }),
      field({ label: 'Ngày văn bản', control: date, name: 'doc_date' })),
    h('div', { class: 'form-actions' }, save));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(save, async () => {
      try {
        await api.programmes.patch(p.id, { version: p.version, doc_number: num.value.trim(), doc_date: date.value || null });
        toast('Đã lưu văn bản phê duyệt.');
        ctx.reload();
      } catch (err) {
        showApiError(form, err, 'programme');
      }
    });
  });
  return form;
}

const ACTS = {
  submit: { label: 'Trình phê duyệt', cls: 'btn-primary', done: 'Đã trình Thường trực Ban Chỉ đạo phê duyệt.' },
  approve: { label: 'Phê duyệt', cls: 'btn-primary', done: 'Đã phê duyệt.' },
  return: { label: 'Trả lại', cls: 'btn-danger', done: 'Đã trả lại Tổ giúp việc.', comment: { label: 'Lý do trả lại', required: true } },
};

export async function renderProgramme(ctx) {
  const id = Number(ctx.params[0]);
  ctx.title('Chương trình công tác');
  const [data, hist] = await Promise.all([api.programmes.items(id), api.programmes.history(id)]);
  if (!ctx.isCurrent()) return;
  const p = data.programme;
  ctx.title(versionTitle(p));
  const slot = h('div');
  const buttons = Object.keys(ACTS).filter((a) => p.allowed_actions.includes(a)).map((a) => {
    const btn = h('button', { type: 'button', class: `btn ${ACTS[a].cls}`, dataset: { action: a } }, ACTS[a].label);
    btn.addEventListener('click', async () => {
      const ok = await confirmDialog({
        title: `${ACTS[a].label}: ${versionTitle(p)}`,
        message: a === 'approve' ? 'Bản được phê duyệt sẽ được giữ nguyên; nhiệm vụ tiếp nhận hoặc điều chỉnh sau đó đưa vào bản điều chỉnh.' : null,
        confirmLabel: ACTS[a].label, danger: a === 'return', comment: ACTS[a].comment || null,
      });
      if (!ok) return;
      await busy(btn, async () => {
        try {
          await api.programmes.transition(p.id, a, p.version, ok.comment);
          toast(ACTS[a].done);
          ctx.reload();
        } catch (err) {
          replace(slot, notice(describe(err, 'programme'), 'error'));
        }
      });
    });
    return btn;
  });
  const returns = hist.items.filter((e) => e.action === 'return');
  replace(ctx.main,
    h('nav', { class: 'breadcrumb', 'aria-label': 'Vị trí' }, h('a', { href: `#/programmes?year=${p.year}` }, `Chương trình năm ${p.year}`)),
    pageHead(versionTitle(p), {
      lead: docLine(p),
      actions: [
        h('a', { class: 'btn', href: api.programmes.xlsx(p.id), download: '' }, 'Tải bảng (.xlsx)'),
        h('a', { class: 'btn', href: `#/programmes/${p.id}/print` }, 'Bản in'),
      ],
    }),
    h('p', {}, statusBadge(p), ` ${p.items} nhiệm vụ`),
    p.status === 'returned' && returns.length
      ? notice(`Thường trực Ban Chỉ đạo trả lại: ${returns[returns.length - 1].comment}`, 'warning') : null,
    buttons.length ? h('div', { class: 'action-bar' }, buttons) : null,
    slot,
    p.allowed_actions.includes('edit')
      ? h('details', { class: 'panel', open: p.status === 'approved' && !p.doc_number },
        h('summary', {}, 'Ghi số, ngày văn bản phê duyệt'), docForm(p, ctx)) : null,
    data.items.length ? itemsTable(data.items, 'programme-items') : empty('Chưa có nhiệm vụ.'));
}

/** The official table on paper: the header block and the table only. */
export async function renderProgrammePrint(ctx) {
  const id = Number(ctx.params[0]);
  const data = await api.programmes.items(id);
  if (!ctx.isCurrent()) return;
  const p = data.programme;
  ctx.title(`Bản in: ${versionTitle(p)}`);
  replace(ctx.main,
    h('div', { class: 'page-actions print-hide' },
      h('a', { class: 'btn', href: `#/programmes/${p.id}` }, 'Quay lại'),
      h('button', { type: 'button', class: 'btn btn-primary', onclick: () => window.print() }, 'In')),
    h('header', { class: 'programme-print-head' },
      h('p', { class: 'print-org' }, data.header),
      h('h1', { id: 'page-title', tabindex: '-1' }, versionTitle(p).toUpperCase()),
      h('p', {}, p.status === 'approved'
        ? (p.doc_number ? `(Kèm theo văn bản số ${p.doc_number}${p.doc_date ? ` ngày ${fmt.date(p.doc_date)}` : ''})` : 'Đã được phê duyệt')
        : 'DỰ THẢO - chưa được phê duyệt')),
    itemsTable(data.items, 'programme-print'));
}
