// The workflow buttons of a task and of a report: only those in the
// object's allowed_actions, each with its confirmation and comment rules.
import * as api from './api.js';
import { h } from './dom.js';
import { describe } from './errors.js';
import * as fmt from './format.js';
import { confirmDialog, toast, busy } from './ui.js';

const TASK_ACTIONS = {
  submit: {
    label: 'Gửi phê duyệt', cls: 'btn-primary', done: 'Đã gửi nhiệm vụ cho lãnh đạo đơn vị phê duyệt.',
    ask: (t) => ({ title: 'Gửi phê duyệt', message: `Gửi nhiệm vụ “${t.name}” cho lãnh đạo đơn vị phê duyệt?`, confirmLabel: 'Gửi phê duyệt' }),
  },
  withdraw: {
    label: 'Rút lại để sửa', cls: '', done: 'Đã rút lại; nhiệm vụ trở về bản nháp để chỉnh sửa.',
    ask: (t) => ({ title: 'Rút lại nhiệm vụ đã gửi', message: `Rút lại nhiệm vụ “${t.name}” từ lãnh đạo đơn vị về bản nháp để chỉnh sửa? Sau khi sửa, cần gửi phê duyệt lại.`, confirmLabel: 'Rút lại' }),
  },
  approve: {
    label: 'Phê duyệt', cls: 'btn-primary', done: 'Đã phê duyệt; nhiệm vụ được chuyển Tổ giúp việc tiếp nhận.',
    ask: (t) => ({ title: 'Phê duyệt nhiệm vụ', message: `Phê duyệt nhiệm vụ “${t.name}” và chuyển Tổ giúp việc Ban Chỉ đạo?`, confirmLabel: 'Phê duyệt', comment: { label: 'Ý kiến (không bắt buộc)' } }),
  },
  accept: {
    label: 'Tiếp nhận vào Chương trình', cls: 'btn-primary', done: 'Đã tiếp nhận nhiệm vụ vào Chương trình công tác.',
    ask: (t) => ({ title: 'Tiếp nhận nhiệm vụ', message: `Tiếp nhận nhiệm vụ “${t.name}” vào Chương trình công tác năm ${t.year} của Ban Chỉ đạo?`, confirmLabel: 'Tiếp nhận', comment: { label: 'Ý kiến (không bắt buộc)' } }),
  },
  return: {
    label: 'Trả lại', cls: 'btn-warning', done: 'Đã trả lại nhiệm vụ kèm lý do.',
    ask: (t) => ({ title: 'Trả lại nhiệm vụ', message: `Trả lại nhiệm vụ “${t.name}” để cơ quan chủ trì chỉnh sửa.`, confirmLabel: 'Trả lại', comment: { label: 'Lý do trả lại', required: true, hint: 'Nêu rõ cần bổ sung, chỉnh sửa gì.' } }),
  },
  complete: {
    label: 'Xác nhận hoàn thành', cls: 'btn-primary', done: 'Đã xác nhận nhiệm vụ hoàn thành.',
    // Completing a task whose last approved report is short of 100 % (or
    // that has none) says so, and asks what the report does not show.
    ask: (t) => {
      const pct = t.progress ? t.progress.percent : null;
      const short = pct === null || pct < 100;
      const state = pct === null ? 'chưa có báo cáo tháng nào được phê duyệt' : `báo cáo gần nhất được phê duyệt mới đạt ${pct} %`;
      return {
        title: 'Xác nhận hoàn thành',
        message: `Xác nhận nhiệm vụ “${t.name}” đã hoàn thành (ghi nhận ngày hôm nay)?` + (short ? ` Lưu ý: ${state}.` : ''),
        confirmLabel: 'Xác nhận hoàn thành',
        comment: short
          ? { label: 'Căn cứ xác nhận hoàn thành', required: true, hint: 'Sản phẩm đã bàn giao, văn bản nghiệm thu… vì báo cáo tháng chưa thể hiện đủ.' }
          : { label: 'Ý kiến (không bắt buộc)' },
      };
    },
  },
  cancel: {
    label: 'Hủy nhiệm vụ', cls: 'btn-danger', done: 'Đã hủy nhiệm vụ.',
    // Dropping a task from the committee's programme needs a reason (the
    // server refuses it without one); a draft may go without.
    ask: (t) => ({ title: 'Hủy nhiệm vụ', message: `Hủy nhiệm vụ “${t.name}”? Không thể hoàn tác.`, confirmLabel: 'Hủy nhiệm vụ', danger: true,
      comment: t.status === 'in_program'
        ? { label: 'Lý do hủy', required: true, hint: 'Nhiệm vụ đã vào Chương trình: lý do được ghi vào lịch sử.' }
        : { label: 'Lý do hủy (không bắt buộc)' } }),
  },
};
export const TASK_ACTION_ORDER = ['submit', 'approve', 'accept', 'complete', 'return', 'withdraw', 'cancel'];

/**
 * Buttons (and links, for edits) for the task's allowed actions.
 * onDone(task) runs after a successful transition; onError(message).
 */
export function taskActionButtons(task, { onDone, onError, only } = {}) {
  const out = [];
  const allowed = task.allowed_actions || [];
  if (!only && allowed.includes('edit')) {
    out.push(h('a', { class: 'btn', href: `#/tasks/${task.id}/edit` }, 'Sửa nội dung'));
  }
  if (!only && allowed.includes('edit_schedule')) {
    out.push(h('a', { class: 'btn', href: `#/tasks/${task.id}/schedule` }, 'Điều chỉnh hạn, mục tiêu'));
  }
  for (const a of TASK_ACTION_ORDER) {
    if (!allowed.includes(a) || (only && !only.includes(a))) continue;
    const def = TASK_ACTIONS[a];
    const b = h('button', { type: 'button', class: `btn ${def.cls}`, dataset: { action: a } }, def.label);
    b.addEventListener('click', async () => {
      const answer = await confirmDialog(def.ask(task));
      if (!answer) { b.focus(); return; }
      await busy(b, async () => {
        try {
          const t = await api.tasks.transition(task.id, a, task.version, answer.comment || undefined);
          toast(def.done);
          if (onDone) onDone(t, a);
        } catch (err) {
          const msg = describe(err);
          if (onError) onError(msg, err); else toast(msg, 'error');
        }
      });
    });
    out.push(b);
  }
  if (!only && allowed.includes('delete')) out.push(deleteButton({
    label: 'Xóa bản nháp', path: `/tasks/${task.id}?version=${task.version}`,
    ask: { title: 'Xóa nhiệm vụ nháp', message: `Xóa bản nháp “${task.name}”? Không thể hoàn tác; nhật ký vẫn ghi lại việc xóa.`, confirmLabel: 'Xóa bản nháp', danger: true },
    done: 'Đã xóa bản nháp.',
    // The task is gone: back to the list.
    after: () => { location.hash = '#/tasks'; },
    onError,
  }));
  return out;
}

/*
 * A record made by mistake (a draft task, a draft or returned report):
 * DELETE with its version, after the user confirms (issue 17).
 */
function deleteButton({ label, path, ask, done, after, onError, dataset = { action: 'delete' } }) {
  const b = h('button', { type: 'button', class: 'btn btn-danger', dataset }, label);
  b.addEventListener('click', async () => {
    if (!(await confirmDialog(ask))) { b.focus(); return; }
    await busy(b, async () => {
      try {
        await api.del(path);
        toast(done);
        after();
      } catch (err) {
        const msg = describe(err);
        if (onError) onError(msg, err); else toast(msg, 'error');
      }
    });
  });
  return b;
}

const REPORT_ACTIONS = {
  submit: {
    label: 'Gửi lãnh đạo duyệt', cls: 'btn-primary', done: 'Đã gửi báo cáo cho lãnh đạo đơn vị duyệt.',
    ask: (r) => ({ title: 'Gửi báo cáo', message: `Gửi báo cáo ${fmt.period(r.period).toLowerCase()} cho lãnh đạo đơn vị duyệt?`, confirmLabel: 'Gửi' }),
  },
  approve: {
    label: 'Duyệt báo cáo', cls: 'btn-primary', done: 'Đã duyệt báo cáo; tiến độ của nhiệm vụ đã được cập nhật.',
    ask: (r) => ({ title: 'Duyệt báo cáo', message: `Duyệt báo cáo ${fmt.period(r.period).toLowerCase()} (hoàn thành ${r.percent}%)?`, confirmLabel: 'Duyệt' }),
  },
  return: {
    label: 'Trả lại báo cáo', cls: 'btn-warning', done: 'Đã trả lại báo cáo kèm lý do.',
    ask: (r) => ({ title: 'Trả lại báo cáo', message: `Trả lại báo cáo ${fmt.period(r.period).toLowerCase()} để bổ sung.`, confirmLabel: 'Trả lại', comment: { label: 'Lý do trả lại', required: true, hint: 'Người lập báo cáo sẽ thấy lý do này khi bổ sung.' } }),
  },
};

/** Buttons for a report's allowed actions (edit is a link). */
export function reportActionButtons(report, { onDone, onError, taskId, taskName } = {}) {
  const out = [];
  const allowed = report.allowed_actions || [];
  const tid = taskId || report.task_id;
  if (allowed.includes('edit')) {
    out.push(h('a', { class: 'btn', href: `#/tasks/${tid}/reports/${report.id}/edit` }, 'Sửa báo cáo'));
  }
  for (const a of ['submit', 'approve', 'return']) {
    if (!allowed.includes(a)) continue;
    const def = REPORT_ACTIONS[a];
    const b = h('button', { type: 'button', class: `btn ${def.cls}`, dataset: { reportAction: a } }, def.label);
    b.addEventListener('click', async () => {
      const answer = await confirmDialog(def.ask(report, taskName));
      if (!answer) { b.focus(); return; }
      await busy(b, async () => {
        try {
          const r = await api.reports.transition(report.id, a, report.version, answer.comment || undefined);
          toast(def.done);
          if (onDone) onDone(r, a);
        } catch (err) {
          const msg = describe(err, 'report');
          if (onError) onError(msg, err); else toast(msg, 'error');
        }
      });
    });
    out.push(b);
  }
  if (allowed.includes('delete')) out.push(deleteButton({
    label: 'Xóa báo cáo', dataset: { reportAction: 'delete' }, path: `/reports/${report.id}?version=${report.version}`,
    ask: { title: 'Xóa báo cáo', message: `Xóa báo cáo ${fmt.period(report.period).toLowerCase()}? Không thể hoàn tác; nhật ký vẫn ghi lại việc xóa.`, confirmLabel: 'Xóa báo cáo', danger: true },
    done: 'Đã xóa báo cáo.',
    after: () => { if (onDone) onDone(null, 'delete'); },
    onError,
  }));
  return out;
}
