// Milestones inside a task (issue 15): dated intermediate products; for a
// database, "Xây dựng xong" and "Đưa vào sử dụng".  The panel loads its
// own list; what the user may do comes from the server (may_create,
// allowed_actions).
import * as api from './api.js';
import { h, replace } from './dom.js';
import * as fmt from './format.js';
import { badge, field, showApiError, confirmDialog, busy, toast, empty, notice } from './ui.js';
import { describe } from './errors.js';
import { attachmentsPanel } from './attachments.js';

export const MILESTONE_KIND = {
  product: 'Sản phẩm trung gian',
  built: 'Xây dựng xong',
  in_use: 'Đưa vào sử dụng',
};

const list = (taskId) => api.get(`/tasks/${taskId}/milestones`);
const create = (taskId, body) => api.post(`/tasks/${taskId}/milestones`, body);
const transition = (id, action, version, comment) =>
  api.post(`/milestones/${id}/transitions`, comment ? { action, version, comment } : { action, version });

function addForm(task, onDone) {
  const name = h('input', { type: 'text', name: 'name', maxlength: '500' });
  const due = h('input', { type: 'date', name: 'due' });
  const kind = h('select', { name: 'kind' }, Object.entries(MILESTONE_KIND)
    .filter(([k]) => task.kind === 'database' || k === 'product')
    .map(([v, t]) => h('option', { value: v }, t)));
  const save = h('button', { type: 'submit', class: 'btn' }, 'Thêm mốc');
  const form = h('form', { class: 'milestone-form', novalidate: true },
    h('div', { class: 'filter-grid' },
      field({ label: 'Sản phẩm trung gian', control: name, name: 'name', required: true }),
      field({ label: 'Thời hạn', control: due, name: 'due', required: true }),
      field({ label: 'Loại mốc', control: kind, name: 'kind' })),
    h('div', { class: 'form-actions' }, save));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(save, async () => {
      try {
        await create(task.id, { name: name.value.trim(), due: due.value, kind: kind.value });
        toast('Đã thêm mốc.');
        onDone();
      } catch (err) { showApiError(form, err, 'milestone'); }
    });
  });
  return form;
}

/** The "Mốc trung gian" section of a task; fills itself when loaded. */
export function milestonesPanel(task) {
  const body = h('div', {}, h('p', { class: 'loading' }, 'Đang tải…'));
  const section = h('section', { class: 'panel', 'aria-labelledby': 'sec-ms', id: 'milestones' },
    h('h2', { id: 'sec-ms' }, 'Mốc trung gian'), body);
  const load = async () => {
    let data;
    try { data = await list(task.id); } catch (err) { replace(body, notice(describe(err), 'error')); return; }
    const rows = data.items.map((m) => h('li', { class: 'milestone', dataset: { id: String(m.id), status: m.status } },
      h('span', {}, h('strong', {}, m.name), ` · ${MILESTONE_KIND[m.kind] || m.kind} · hạn ${fmt.date(m.due)}`),
      ' ',
      m.status === 'done' ? badge(`Đã xong ${fmt.date(m.done_on)}`, 'rg-on-time')
        : m.overdue ? badge('Quá hạn', 'overdue-badge') : badge('Chưa xong', 'st-draft'),
      ...['done', 'reopen'].filter((a) => m.allowed_actions.includes(a)).map((a) => {
        const btn = h('button', { type: 'button', class: 'btn btn-small', dataset: { msAction: a } }, a === 'done' ? 'Đánh dấu đã xong' : 'Mở lại');
        btn.addEventListener('click', async () => {
          let comment = null;
          if (a === 'reopen') {
            const ok = await confirmDialog({ title: `Mở lại mốc: ${m.name}`, confirmLabel: 'Mở lại', comment: { label: 'Lý do', required: true } });
            if (!ok) return;
            comment = ok.comment;
          }
          await busy(btn, async () => {
            try { await transition(m.id, a, m.version, comment); toast(a === 'done' ? 'Đã đánh dấu mốc đã xong.' : 'Đã mở lại mốc.'); load(); } catch (err) { toast(describe(err), 'error'); }
          });
        });
        return btn;
      }),
      // Issue 12: "marked done with a date and optionally a file".
      h('details', { class: 'milestone-files' }, h('summary', {}, 'Tệp minh chứng'),
        attachmentsPanel('milestones', m.id, { compact: true }))));
    replace(body,
      rows.length ? h('ul', { class: 'plain-list milestone-list' }, rows) : empty('Chưa có mốc trung gian.'),
      data.may_create ? h('details', { class: 'milestone-add' }, h('summary', {}, 'Thêm mốc trung gian'), addForm(task, load)) : null);
  };
  load();
  return section;
}
