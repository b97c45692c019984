// "Ủy quyền phê duyệt" (issue 12): a head delegates the approvals of their
// agency to one of its officials for a range of dates, sees and revokes
// their delegations; the secretariat sees and revokes all of them; the
// delegate sees those naming them.  What each may do comes from the
// server (allowed_actions); the screen only lays it out.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import * as fmt from '../format.js';
import { hasRole, state } from '../state.js';
import { actingFor } from '../acting.js';
import {
  pageHead, empty, badge, notice, field, showErrors, showApiError, busy, toast, confirmDialog,
} from '../ui.js';

const PHASE = {
  scheduled: ['Sắp có hiệu lực', 'dp-scheduled'],
  running: ['Đang có hiệu lực', 'dp-running'],
  ended: ['Đã hết hạn', 'dp-ended'],
  revoked: ['Đã thu hồi', 'dp-revoked'],
};

const MAX_DAYS = 90;

/** "2026-02-01" plus n days, as YYYY-MM-DD (dates only, no time zone). */
function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function delegationForm(onSaved) {
  const t = fmt.today().iso;
  const who = h('input', {
    type: 'text', name: 'delegate', maxlength: '64', autocomplete: 'off',
    spellcheck: 'false', autocapitalize: 'none', placeholder: 'ví dụ: cb.skhcn',
  });
  const from = h('input', { type: 'date', name: 'from', value: t, min: t });
  const to = h('input', { type: 'date', name: 'to', value: addDays(t, 6), min: t });
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Ủy quyền');
  const form = h('form', { class: 'delegation-form', id: 'delegation-form', novalidate: true },
    h('div', { class: 'form-errors', role: 'alert', tabindex: '-1', hidden: true }),
    h('div', { class: 'filter-grid' },
      field({
        label: 'Người được ủy quyền (tên đăng nhập)', control: who, name: 'delegate', required: true,
        hint: 'Một cán bộ của đơn vị anh/chị.',
      }),
      field({ label: 'Từ ngày', control: from, name: 'from', required: true, hint: 'Từ hôm nay trở đi.' }),
      field({
        label: 'Đến hết ngày', control: to, name: 'to', required: true,
        hint: `Tối đa ${MAX_DAYS} ngày; tự hết hiệu lực sau ngày này.`,
      })),
    h('div', { class: 'form-actions' }, save));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const errs = [];
    if (!who.value.trim()) errs.push({ field: 'delegate', message: 'Cần nhập tên đăng nhập của người được ủy quyền.' });
    if (!from.value) errs.push({ field: 'from', message: 'Cần chọn ngày bắt đầu.' });
    if (!to.value) errs.push({ field: 'to', message: 'Cần chọn ngày kết thúc.' });
    if (errs.length) { showErrors(form, errs); return; }
    await busy(save, async () => {
      try {
        const d = await api.delegations.create({ delegate: who.value.trim(), from: from.value, to: to.value });
        onSaved(d);
      } catch (err) {
        showApiError(form, err, 'delegation');
      }
    });
  });
  return form;
}

function row(d, ctx) {
  const [label, cls] = PHASE[d.phase] || [d.phase, ''];
  const revoke = d.allowed_actions.includes('revoke') && d.phase !== 'ended'
    ? h('button', {
      type: 'button', class: 'btn btn-danger btn-small',
      onclick: async (ev) => {
        const ok = await confirmDialog({
          title: 'Thu hồi ủy quyền?',
          message: `${d.delegate_name} sẽ không còn thay mặt ${d.head_name} phê duyệt từ bây giờ.`,
          confirmLabel: 'Thu hồi', danger: true,
        });
        if (!ok) return;
        await busy(ev.target, async () => {
          try {
            await api.delegations.revoke(d.id);
            toast('Đã thu hồi ủy quyền.');
            ctx.reload();
          } catch (err) {
            toast(showErrorText(err), 'error');
          }
        });
      },
    }, 'Thu hồi')
    : null;
  return h('tr', { dataset: { delegationId: String(d.id), phase: d.phase } },
    h('th', { scope: 'row' }, d.delegate_name, h('span', { class: 'muted small block mono' }, d.delegate)),
    h('td', { 'data-label': 'Thay mặt' }, d.head_name, h('span', { class: 'muted small block' }, agencyLabel(d.agency))),
    h('td', { 'data-label': 'Thời gian' }, `${fmt.date(d.from)} – ${fmt.date(d.to)}`),
    h('td', { 'data-label': 'Tình trạng' }, badge(label, cls),
      d.revoked_at ? h('span', { class: 'muted small block' }, `Thu hồi ${fmt.dateTime(d.revoked_at)} · ${d.revoked_by}`) : null),
    h('td', { 'data-label': 'Thao tác' }, revoke || '—'));
}

function agencyLabel(code) {
  const a = state.agencyByCode.get(code);
  return a ? a.name : code;
}

function showErrorText(err) {
  return (err && err.message) || 'Không thu hồi được; vui lòng thử lại.';
}

export async function renderDelegations(ctx) {
  ctx.title('Ủy quyền phê duyệt');
  const data = await api.delegations.list();
  if (!ctx.isCurrent()) return;
  const head = hasRole('head');
  const acting = actingFor();
  const lead = head
    ? 'Khi vắng mặt, anh/chị có thể ủy quyền cho một cán bộ của đơn vị phê duyệt hoặc trả lại đăng ký nhiệm vụ, báo cáo tháng và số liệu chỉ tiêu trong một khoảng thời gian. Mọi thao tác của người được ủy quyền đều ghi "thay mặt" anh/chị trong lịch sử.'
    : hasRole('secretariat')
      ? 'Các ủy quyền phê duyệt của thủ trưởng các cơ quan, đơn vị. Tổ giúp việc có thể thu hồi một ủy quyền khi cần.'
      : 'Các ủy quyền phê duyệt giao cho anh/chị.';
  const table = data.items.length
    ? h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id: 'delegation-list' },
      h('caption', { class: 'visually-hidden' }, 'Danh sách ủy quyền phê duyệt'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Người được ủy quyền'), h('th', { scope: 'col' }, 'Thay mặt'),
        h('th', { scope: 'col' }, 'Thời gian'), h('th', { scope: 'col' }, 'Tình trạng'),
        h('th', { scope: 'col' }, 'Thao tác'))),
      h('tbody', {}, data.items.map((d) => row(d, ctx)))))
    : empty('Chưa có ủy quyền nào.');
  replace(ctx.main,
    pageHead('Ủy quyền phê duyệt', { lead }),
    acting ? notice(`Anh/chị đang thay mặt ${acting.head_name} phê duyệt đến hết ngày ${fmt.date(acting.until)}.`, 'info', { role: 'note' }) : null,
    head ? h('section', { class: 'panel', 'aria-labelledby': 'dlg-new' },
      h('h2', { id: 'dlg-new' }, 'Ủy quyền mới'),
      delegationForm((d) => {
        toast(`Đã ủy quyền cho ${d.delegate_name} từ ${fmt.date(d.from)} đến ${fmt.date(d.to)}.`);
        ctx.reload();
      })) : null,
    h('section', { 'aria-labelledby': 'dlg-list' },
      h('h2', { id: 'dlg-list' }, 'Danh sách ủy quyền'),
      table));
}
