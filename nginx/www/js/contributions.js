// Coordinating bodies' contributions (issue 15): each agency that
// coordinates a task adds its share to the lead body's monthly report of a
// period, approved by its own head.  The task page shows them beside the
// lead's reports, month by month; the head's queue lists those sent to
// them.  What the user may do comes from the server (may_create,
// allowed_actions).
import * as api from './api.js';
import { h, replace } from './dom.js';
import * as fmt from './format.js';
import { agencyName } from './state.js';
import {
  field, showApiError, confirmDialog, busy, toast, empty, notice, reportStatusBadge,
} from './ui.js';
import { describe } from './errors.js';

export const contributions = {
  list: (taskId, period) => api.get(`/tasks/${taskId}/contributions${period ? `?period=${encodeURIComponent(period)}` : ''}`),
  search: (filters) => api.get(`/contributions?${new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== ''))}`),
  create: (taskId, body) => api.post(`/tasks/${taskId}/contributions`, body),
  patch: (id, body) => api.patch(`/contributions/${id}`, body),
  transition: (id, action, version, comment) =>
    api.post(`/contributions/${id}/transitions`, comment ? { action, version, comment } : { action, version }),
  remove: (id, version) => api.del(`/contributions/${id}?version=${version}`),
};

const ACTIONS = {
  submit: {
    label: 'Gửi lãnh đạo đơn vị duyệt', cls: 'btn-primary', done: 'Đã gửi phần đóng góp cho lãnh đạo đơn vị duyệt.',
    ask: (c) => ({ title: 'Gửi phần đóng góp', message: `Gửi phần đóng góp ${fmt.period(c.period).toLowerCase()} cho lãnh đạo đơn vị duyệt?`, confirmLabel: 'Gửi' }),
  },
  approve: {
    label: 'Duyệt phần đóng góp', cls: 'btn-primary', done: 'Đã duyệt phần đóng góp.',
    ask: (c) => ({ title: 'Duyệt phần đóng góp', message: `Duyệt phần đóng góp ${fmt.period(c.period).toLowerCase()} của ${c.agency_name}?`, confirmLabel: 'Duyệt' }),
  },
  return: {
    label: 'Trả lại', cls: 'btn-warning', done: 'Đã trả lại phần đóng góp kèm lý do.',
    ask: (c) => ({ title: 'Trả lại phần đóng góp', message: `Trả lại phần đóng góp ${fmt.period(c.period).toLowerCase()} để bổ sung.`, confirmLabel: 'Trả lại', comment: { label: 'Lý do trả lại', required: true } }),
  },
  delete: {
    label: 'Xóa', cls: 'btn-danger', done: 'Đã xóa phần đóng góp.',
    ask: (c) => ({ title: 'Xóa phần đóng góp', message: `Xóa phần đóng góp ${fmt.period(c.period).toLowerCase()}? Không thể hoàn tác; nhật ký vẫn ghi lại việc xóa.`, confirmLabel: 'Xóa', danger: true }),
  },
};

function form(values, { submitLabel, withPeriod, onSave }) {
  const period = withPeriod ? h('input', { type: 'month', name: 'period', value: values.period || fmt.today().period }) : null;
  const text = h('textarea', { name: 'contribution', rows: '4', maxlength: '2000' }, values.contribution || '');
  const note = h('input', { type: 'text', name: 'progress_note', maxlength: '500', value: values.progress_note || '' });
  const save = h('button', { type: 'submit', class: 'btn' }, submitLabel);
  const f = h('form', { class: 'contribution-form', novalidate: true },
    period ? field({ label: 'Kỳ báo cáo', control: period, name: 'period', required: true }) : null,
    field({ label: 'Phần việc đã phối hợp', control: text, name: 'contribution', hint: 'Ngắn gọn, tối đa 2.000 ký tự; cần có trước khi gửi duyệt.' }),
    field({ label: 'Ghi chú tiến độ', control: note, name: 'progress_note' }),
    h('div', { class: 'form-actions' }, save));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = { contribution: text.value.trim(), progress_note: note.value.trim() };
    if (period) body.period = period.value;
    busy(save, async () => {
      try { await onSave(body); } catch (err) { showApiError(f, err, 'contribution'); }
    });
  });
  return f;
}

/** One contribution: its body, status, text, note and the allowed actions. */
export function contributionCard(c, { onDone, task = null } = {}) {
  const allowed = c.allowed_actions || [];
  const err = h('div', { class: 'inline-error', role: 'alert' });
  const buttons = ['submit', 'approve', 'return', 'delete'].filter((a) => allowed.includes(a)).map((a) => {
    const def = ACTIONS[a];
    const b = h('button', { type: 'button', class: `btn btn-small ${def.cls}`, dataset: { contribAction: a } }, def.label);
    b.addEventListener('click', async () => {
      const answer = await confirmDialog(def.ask(c));
      if (!answer) { b.focus(); return; }
      await busy(b, async () => {
        try {
          if (a === 'delete') await contributions.remove(c.id, c.version);
          else await contributions.transition(c.id, a, c.version, answer.comment || undefined);
          toast(def.done);
          onDone();
        } catch (e) { replace(err, notice(describe(e, 'contribution'), 'error')); }
      });
    });
    return b;
  });
  const back = c.status === 'returned' && c.last_return
    ? notice(`Lý do trả lại (${c.last_return.by || ''}, ${fmt.dateTime(c.last_return.at)}): ${c.last_return.comment || 'không ghi lý do'}`, 'warning', { role: 'note' }) : null;
  const edit = allowed.includes('edit')
    ? h('details', { class: 'contribution-edit' }, h('summary', {}, 'Sửa phần đóng góp'),
      form(c, {
        submitLabel: 'Lưu',
        onSave: async (body) => { await contributions.patch(c.id, { ...body, version: c.version }); toast('Đã lưu phần đóng góp.'); onDone(); },
      })) : null;
  return h('article', { class: `contribution-card rs-card-${c.status}`, dataset: { contributionId: String(c.id), status: c.status } },
    h('header', { class: 'report-head' },
      h('h4', {}, task ? h('a', { href: `#/tasks/${task.id}` }, task.name) : c.agency_name || agencyName(c.agency_code)),
      h('span', { class: 'badges' }, reportStatusBadge(c.status))),
    task ? h('p', { class: 'muted small' }, `${c.agency_name} · ${fmt.period(c.period)} · chủ trì: ${agencyName(task.lead_agency)}`) : null,
    back,
    c.contribution ? h('p', { class: 'prewrap' }, c.contribution) : h('p', { class: 'muted' }, 'Chưa nêu phần việc đã phối hợp.'),
    c.progress_note ? h('p', { class: 'small' }, h('strong', {}, 'Ghi chú tiến độ: '), c.progress_note) : null,
    h('p', { class: 'muted small' }, `Người lập: ${c.created_by} · cập nhật ${fmt.dateTime(c.updated_at)}`),
    err,
    buttons.length ? h('div', { class: 'actions' }, buttons) : null,
    edit);
}

/**
 * The task page's "Phần đóng góp của cơ quan phối hợp", month by month,
 * each month beside the lead's report status (reports: the task's list).
 */
export function contributionsPanel(task, reports) {
  const body = h('div', {}, h('p', { class: 'loading' }, 'Đang tải…'));
  const section = h('section', { class: 'panel', 'aria-labelledby': 'sec-contrib', id: 'contributions' },
    h('h2', { id: 'sec-contrib' }, 'Phần đóng góp của cơ quan phối hợp'), body);
  const leadOf = new Map((reports || []).map((r) => [r.period, r]));
  const load = async () => {
    let data;
    try { data = await contributions.list(task.id); } catch (err) { replace(body, notice(describe(err), 'error')); return; }
    const periods = [...new Set(data.items.map((c) => c.period))];
    const groups = periods.map((p) => {
      const lead = leadOf.get(p);
      return h('div', { class: 'contribution-period', dataset: { period: p } },
        h('h3', {}, fmt.period(p), ' ',
          h('span', { class: 'muted small' }, lead ? ['· báo cáo của cơ quan chủ trì: ', reportStatusBadge(lead.status)] : '· cơ quan chủ trì chưa có báo cáo kỳ này')),
        h('div', { class: 'contribution-list' }, data.items.filter((c) => c.period === p).map((c) => contributionCard(c, { onDone: load }))));
    });
    replace(body,
      groups.length ? groups : empty('Chưa có phần đóng góp nào của cơ quan phối hợp.'),
      data.may_create
        ? h('details', { class: 'contribution-add' }, h('summary', {}, 'Thêm phần đóng góp của đơn vị'),
          form({}, {
            submitLabel: 'Lưu bản nháp', withPeriod: true,
            onSave: async (b) => { await contributions.create(task.id, b); toast('Đã lưu phần đóng góp (bản nháp).'); load(); },
          }))
        : null);
  };
  load();
  return section;
}
