// A queue's tasks with checkboxes, "select all" and one button per bulk
// action (POST /tasks/bulk): a confirmation first (with the reason a return
// needs), then what happened to each task, one line each.  The server
// checks every item as a single transition; the screen only gathers them.
import * as api from './api.js';
import { h, newId } from './dom.js';
import * as fmt from './format.js';
import { describe } from './errors.js';
import { confirmDialog, busy } from './ui.js';
import { taskTable } from './task-table.js';

const BULK = {
  approve: {
    label: 'Phê duyệt các nhiệm vụ đã chọn', done: 'Đã phê duyệt', confirmLabel: 'Phê duyệt',
    title: 'Phê duyệt nhiều nhiệm vụ', verb: 'Phê duyệt', cls: 'btn-primary',
    comment: { label: 'Ý kiến (không bắt buộc)' },
  },
  accept: {
    label: 'Tiếp nhận các nhiệm vụ đã chọn', done: 'Đã tiếp nhận vào Chương trình', confirmLabel: 'Tiếp nhận',
    title: 'Tiếp nhận nhiều nhiệm vụ', verb: 'Tiếp nhận vào Chương trình công tác', cls: 'btn-primary',
    comment: { label: 'Ý kiến (không bắt buộc)' },
  },
  return: {
    label: 'Trả lại các nhiệm vụ đã chọn', done: 'Đã trả lại', confirmLabel: 'Trả lại',
    title: 'Trả lại nhiều nhiệm vụ', verb: 'Trả lại', cls: 'btn-warning',
    comment: { label: 'Lý do trả lại (dùng chung)', required: true, hint: 'Nêu rõ cần bổ sung, chỉnh sửa gì; lý do được ghi vào lịch sử từng nhiệm vụ.' },
  },
};

/** "Gửi bởi …, ngày …, chờ N ngày": who sent it, when, how long it waits. */
export function waitingNote(t) {
  if (!t.submitted_at) return null;
  const who = t.submitted_by_name || t.submitted_by || '—';
  const days = t.waiting_days;
  return h('span', { class: 'queue-meta small' },
    h('span', {}, `Người gửi: ${who}`), ' · ',
    h('span', { class: 'nowrap' }, `Ngày gửi: ${fmt.dateTime(t.submitted_at)}`), ' · ',
    h('strong', { class: `nowrap waiting${days >= 7 ? ' waiting-long' : ''}`, dataset: { waitingDays: String(days ?? '') } },
      days === null || days === undefined ? '' : days === 0 ? 'gửi trong ngày' : `chờ ${days} ngày`));
}

/** The per-item results in a dialog; resolves when it is closed. */
function resultsDialog(def, items, results) {
  return new Promise((resolve) => {
    const byId = new Map(items.map((t) => [t.id, t]));
    const titleId = newId('dlg');
    const ok = results.items.filter((r) => r.ok).length;
    const list = h('ul', { class: 'bulk-results' }, results.items.map((r) => {
      const t = byId.get(r.id);
      return h('li', { class: r.ok ? 'is-ok' : 'is-failed', dataset: { taskId: String(r.id), ok: String(r.ok) } },
        h('span', { class: 'bulk-mark', 'aria-hidden': 'true' }, r.ok ? '✓' : '✗'), ' ',
        h('strong', {}, t ? t.name : `#${r.id}`), ': ',
        r.ok ? def.done.toLowerCase() + '.' : describe({ status: r.status, code: r.error.code, message: r.error.message, field: r.error.fields ? null : r.error.field }));
    }));
    const dlg = h('dialog', { class: 'dialog', 'aria-labelledby': titleId },
      h('form', { method: 'dialog', class: 'dialog-form' },
        h('h2', { id: titleId }, `${def.done}: ${ok}/${results.items.length} nhiệm vụ`),
        results.failed ? h('p', {}, `${results.failed} nhiệm vụ chưa thực hiện được; các nhiệm vụ khác không bị ảnh hưởng.`) : null,
        list,
        h('div', { class: 'dialog-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', value: 'ok' }, 'Đóng'))));
    dlg.addEventListener('close', () => { dlg.remove(); resolve(); });
    document.body.append(dlg);
    dlg.showModal();
    dlg.querySelector('button').focus();
  });
}

/**
 * The queue: items (tasks) with a checkbox each, "select all", and a button
 * per action in `actions` offered for some item.  onDone() after a bulk
 * (reload); onError(message) when the request itself fails.
 */
export function bulkQueue(items, { actions, caption, onDone, onError, rowActions }) {
  const boxes = new Map();
  const all = h('input', { type: 'checkbox', id: newId('all'), class: 'select-all' });
  const count = h('span', { class: 'bulk-count', 'aria-live': 'polite' });
  const buttons = actions.map((a) => h('button', { type: 'button', class: `btn ${BULK[a].cls}`, dataset: { bulk: a }, disabled: true }, BULK[a].label));
  const chosen = () => items.filter((t) => boxes.get(t.id).checked);
  const sync = () => {
    const n = chosen().length;
    all.checked = n === items.length && n > 0;
    all.indeterminate = n > 0 && n < items.length;
    count.textContent = n ? `Đã chọn ${n}/${items.length}` : 'Chưa chọn nhiệm vụ nào';
    buttons.forEach((b, i) => {
      b.disabled = !chosen().some((t) => (t.allowed_actions || []).includes(actions[i]));
    });
  };
  all.addEventListener('change', () => { for (const b of boxes.values()) b.checked = all.checked; sync(); });

  const table = taskTable(items, {
    caption, captionHidden: true,
    select: (t) => {
      const b = h('input', { type: 'checkbox', class: 'row-select', id: newId('sel'), 'aria-label': `Chọn nhiệm vụ “${t.name}”`, dataset: { taskId: String(t.id) } });
      b.addEventListener('change', sync);
      boxes.set(t.id, b);
      return b;
    },
    meta: waitingNote,
    actions: rowActions,
  });

  buttons.forEach((b, i) => {
    const a = actions[i];
    const def = BULK[a];
    b.addEventListener('click', async () => {
      const picked = chosen().filter((t) => (t.allowed_actions || []).includes(a));
      if (!picked.length) return;
      const names = picked.slice(0, 5).map((t) => `“${t.name}”`).join(', ') + (picked.length > 5 ? ` và ${picked.length - 5} nhiệm vụ khác` : '');
      const answer = await confirmDialog({
        title: def.title, confirmLabel: `${def.confirmLabel} ${picked.length} nhiệm vụ`, comment: def.comment,
        message: `${def.verb} ${picked.length} nhiệm vụ: ${names}?`,
      });
      if (!answer) { b.focus(); return; }
      await busy(b, async () => {
        let res;
        try {
          res = await api.tasks.bulk(a, picked.map((t) => ({ id: t.id, version: t.version })), answer.comment || undefined);
        } catch (err) {
          if (onError) onError(describe(err));
          return;
        }
        await resultsDialog(def, picked, res);
        if (onDone) onDone(res);
      });
    });
  });
  sync();
  return h('div', { class: 'bulk-queue' },
    h('div', { class: 'bulk-bar', role: 'group', 'aria-label': 'Thao tác với nhiều nhiệm vụ' },
      h('span', { class: 'field-check bulk-all' }, all, h('label', { for: all.id }, 'Chọn tất cả')),
      count,
      h('span', { class: 'bulk-buttons' }, buttons)),
    table);
}
