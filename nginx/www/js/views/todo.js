// "Việc cần làm" (issue 12): everything that waits on the user, grouped
// by what is to be done, each with a link to where it is done.  The home
// screen of every user; the menu shows the same counts (app.js).
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import * as fmt from '../format.js';
import { agencyName } from '../state.js';
import { pageHead, empty, notice } from '../ui.js';
import { describe } from '../errors.js';

/** The groups in the order the screen shows them, with their headings. */
export const TODO_GROUPS = [
  ['overdue', 'Nhiệm vụ quá hạn'],
  ['due_soon', 'Sắp đến hạn (trong 7 ngày)'],
  ['approve_task', 'Đăng ký nhiệm vụ chờ phê duyệt'],
  ['approve_report', 'Báo cáo tháng chờ duyệt'],
  ['accept_task', 'Nhiệm vụ chờ tiếp nhận vào Chương trình'],
  ['fix_task', 'Nhiệm vụ bị trả lại, cần chỉnh sửa'],
  ['fix_report', 'Báo cáo bị trả lại, cần chỉnh sửa'],
  ['write_report', 'Báo cáo tháng cần gửi'],
  ['direction', 'Ý kiến chỉ đạo chưa đọc'],
  ['indicator_value_due', 'Số liệu chỉ tiêu cần nhập'],
  ['approve_indicator_value', 'Số liệu chỉ tiêu chờ duyệt'],
  // Issue 15.
  ['milestone_overdue', 'Mốc trung gian quá hạn'],
  ['approve_contribution', 'Phần đóng góp (cơ quan phối hợp) chờ duyệt'],
  ['fix_contribution', 'Phần đóng góp bị trả lại, cần bổ sung'],
];

function where(it) {
  const t = it.task;
  switch (it.kind) {
    case 'fix_task': return `#/tasks/${t.id}/edit`;
    case 'fix_report': return `#/tasks/${t.id}/reports/${it.report_id}/edit`;
    case 'write_report': return it.report_id ? `#/tasks/${t.id}/reports/${it.report_id}/edit` : `#/tasks/${t.id}/reports/new`;
    case 'indicator_value_due':
    case 'approve_indicator_value': return `#/indicators/${it.indicator.id}`;
    case 'milestone_overdue': return `#/tasks/${t.id}`;
    case 'approve_contribution': return '#/approvals';
    default: return t ? `#/tasks/${t.id}` : null;
  }
}

function detail(it) {
  const t = it.task;
  switch (it.kind) {
    case 'overdue': return `Hạn ${fmt.date(t.deadline)} · quá ${fmt.daysBetween(t.deadline, fmt.today().iso)} ngày`;
    case 'due_soon': return `Hạn ${fmt.date(t.deadline)}`;
    case 'write_report': return `${fmt.period(fmt.today().period)}${it.report_id ? ' · đã có bản nháp' : ''}`;
    case 'direction': return `Chỉ đạo lúc ${fmt.dateTime(it.since)}`;
    case 'indicator_value_due':
    case 'approve_indicator_value': return `Kỳ ${it.period}`;
    case 'milestone_overdue': return `Mốc «${it.milestone.name}» · hạn ${fmt.date(it.milestone.due)} · quá ${fmt.daysBetween(it.milestone.due, fmt.today().iso)} ngày`;
    case 'approve_contribution':
    case 'fix_contribution': return `${fmt.period(it.period)} · từ ${fmt.dateTime(it.since)}`;
    default: return `Từ ${fmt.dateTime(it.since)}`;
  }
}

function entry(it, onRead) {
  const href = where(it);
  const title = it.task ? it.task.name : `${it.indicator.code} — ${it.indicator.name}`;
  return h('li', { class: `todo-item todo-k-${it.kind}`, dataset: { kind: it.kind, taskId: it.task ? String(it.task.id) : '' } },
    h('p', { class: 'todo-title' }, href ? h('a', { href }, title) : title),
    h('p', { class: 'muted small' },
      [detail(it), it.task ? agencyName(it.task.lead_agency) : null].filter(Boolean).join(' · ')),
    it.kind === 'direction' ? h('blockquote', { class: 'todo-text prewrap' }, it.text) : null,
    it.kind === 'direction' ? h('button', { type: 'button', class: 'btn', onclick: () => onRead(it) }, 'Đánh dấu đã đọc') : null);
}

export async function renderTodo(ctx) {
  ctx.title('Việc cần làm');
  const res = await api.todo();
  if (!ctx.isCurrent()) return;
  const errBox = h('div', { class: 'inline-error', role: 'alert' });
  const onRead = async (it) => {
    try {
      await api.tasks.directionsRead(it.task.id);
      ctx.reload();
    } catch (err) {
      replace(errBox, notice(describe(err), 'error'));
    }
  };
  const groups = TODO_GROUPS
    .map(([kind, heading]) => [kind, heading, res.items.filter((i) => i.kind === kind)])
    .filter(([, , items]) => items.length);
  replace(ctx.main,
    pageHead('Việc cần làm', { lead: res.total ? `${res.total} việc đang chờ bạn.` : null }),
    errBox,
    groups.length
      ? groups.map(([kind, heading, items]) => h('section', { class: 'panel todo-group', 'aria-labelledby': `todo-${kind}` },
        h('h2', { id: `todo-${kind}` }, `${heading} (${res.counts[kind]})`),
        h('ul', { class: 'todo-list' }, items.map((it) => entry(it, onRead))),
        // At most kind_max items of a kind are listed; the heading counts all.
        res.more && res.more[kind]
          ? h('p', { class: 'todo-more' }, `Chỉ hiện ${items.length} trong số ${res.counts[kind]} việc loại này; xử lý bớt để xem tiếp.`)
          : null))
      : empty('Không có việc nào đang chờ bạn.'));
}
