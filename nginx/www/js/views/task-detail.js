// One task: its registration in the template's order, where it stands, its
// monthly reports, its history and comments, and only the actions the
// caller may take.
import * as api from '../api.js';
import { milestonesPanel } from '../milestones.js';
import { attachmentsPanel } from '../attachments.js';
import { contributionsPanel } from '../contributions.js';
import { h, replace } from '../dom.js';
import { agencyName, hasRole } from '../state.js';
import * as fmt from '../format.js';
import {
  pageHead, statusBadge, kindBadge, overdueBadge, healthBadge, reportStatusBadge, progressBar,
  notice, field, busy, toast, showApiError, clearErrors, empty, badge,
} from '../ui.js';
import { taskActionButtons, reportActionButtons } from '../task-actions.js';

function dl(rows) {
  return h('dl', { class: 'props' }, rows.filter(Boolean).map(([k, v]) => h('div', { class: 'prop' },
    h('dt', {}, k), h('dd', {}, v === '' || v === null || v === undefined ? h('span', { class: 'muted' }, '—') : v))));
}

function multiline(text) {
  return text ? h('p', { class: 'prewrap' }, text) : '';
}

/** Whether the caller may write a report for this task (the API says). */
export function canWriteReport(task) {
  return (task.allowed_actions || []).includes('report');
}

/** Why the head last sent a report back, and who, when. */
export function returnNote(r) {
  const b = r.last_return;
  if (r.status !== 'returned' || !b) return null;
  return notice(`Lý do trả lại (${b.by || ''}, ${fmt.dateTime(b.at)}): ${b.comment || 'không ghi lý do'}`, 'warning', { role: 'note' });
}

function reportArticle(task, r, reload) {
  const why = returnNote(r);
  const err = h('div', { class: 'inline-error', role: 'alert' });
  const actions = reportActionButtons(r, {
    taskId: task.id, taskName: task.name, onDone: reload,
    onError: (m) => { replace(err, notice(m, 'error')); },
  });
  const rest = [
    ['Công việc đã thực hiện', r.work_done],
    ['Khó khăn, vướng mắc', r.difficulties],
    ['Đề xuất, kiến nghị với Ban Chỉ đạo', r.proposals],
    ['Nhiệm vụ tháng tới', r.next_steps],
  ].filter(([, v]) => v);
  return h('article', { class: `report-card rs-card-${r.status}`, 'aria-labelledby': `report-${r.id}-title`, dataset: { reportId: String(r.id) } },
    h('header', { class: 'report-head' },
      h('h3', { id: `report-${r.id}-title` }, `Báo cáo ${fmt.period(r.period).toLowerCase()}`),
      h('span', { class: 'badges' }, reportStatusBadge(r.status), healthBadge(r.health))),
    why,
    h('div', { class: 'report-progress' }, h('span', { class: 'label' }, 'Hoàn thành: '), progressBar(r.percent)),
    h('section', { class: 'results-box', 'aria-label': 'Kết quả, hiệu quả đạt được' },
      h('h4', {}, 'Kết quả, hiệu quả đạt được'),
      r.results ? h('p', { class: 'prewrap' }, r.results) : h('p', { class: 'muted' }, 'Chưa nêu kết quả, hiệu quả.')),
    rest.length ? dl(rest.map(([k, v]) => [k, multiline(v)])) : null,
    h('p', { class: 'muted small' }, `Người lập: ${r.created_by} · cập nhật ${fmt.dateTime(r.updated_at)}`),
    err,
    actions.length ? h('div', { class: 'actions' }, actions) : null);
}

function historyItem(it) {
  const label = fmt.HISTORY_ACTION[it.action] || it.action;
  const changes = [];
  if (it.changes && typeof it.changes === 'object') {
    for (const [k, ch] of Object.entries(it.changes)) {
      const show = (v) => {
        if (v === null || v === undefined || v === '') return '(trống)';
        if (k === 'deadline') return fmt.date(v);
        if (k === 'estimated_budget') return fmt.money(v);
        if (k === 'coordinating_agencies') return (Array.isArray(v) ? v : String(v).split(',')).filter(Boolean).map(agencyName).join('; ') || '(không có)';
        if (k === 'fields') return (Array.isArray(v) ? v : String(v).split(',')).filter(Boolean).map((x) => fmt.FIELDS[x] || x).join('; ') || '(không có)';
        return String(v);
      };
      changes.push(h('li', {}, `${fmt.TASK_FIELD[k] || k}: ${show(ch && ch.from)} → ${show(ch && ch.to)}`));
    }
  }
  const move = it.from && it.to && it.from !== it.to
    ? `${fmt.STATUS[it.from] || it.from} → ${fmt.STATUS[it.to] || it.to}` : null;
  return h('li', { class: `history-item hi-${it.action}` },
    h('p', { class: 'history-meta' },
      h('time', { datetime: it.at }, fmt.dateTime(it.at)), ' · ',
      h('strong', {}, label), ' · ', fmt.actor(it),
      move ? h('span', { class: 'muted' }, ` (${move})`) : null),
    it.comment ? h('blockquote', { class: 'prewrap' }, it.comment) : null,
    changes.length ? h('ul', { class: 'changes' }, changes) : null);
}

/** The creator's name (from the history's first entry), not the login name. */
function creatorName(history, task) {
  const c = history.find((x) => x.action === 'create');
  return (c && c.actor_name) || task.created_by;
}

export async function renderTaskDetail(ctx) {
  const id = Number(ctx.params[0]);
  const [task, hist, reps] = await Promise.all([api.tasks.get(id), api.tasks.history(id), api.tasks.reports(id)]);
  if (!ctx.isCurrent()) return;
  ctx.title(task.name);
  const reload = () => ctx.reload();

  const actionError = h('div', { class: 'inline-error', role: 'alert' });
  const onError = (msg, err) => {
    replace(actionError, h('div', { class: 'notice notice-error' }, h('p', {}, msg),
      err && (err.code === 'version_conflict' || err.code === 'invalid_transition')
        ? h('button', { type: 'button', class: 'btn', onclick: reload }, 'Tải lại') : null));
  };
  const actions = taskActionButtons(task, { onDone: reload, onError });

  // The latest return, so the author sees why at once.
  const history = hist.items || [];
  // Opening the task reads leadership's directions on it (GET /todo).
  if (history.some((x) => x.action === 'direction')) api.tasks.directionsRead(id).catch(() => {});
  let returnNote = null;
  if (task.status === 'returned') {
    const last = [...history].reverse().find((x) => x.action === 'return');
    if (last) {
      returnNote = notice(`Bị trả lại ngày ${fmt.dateTime(last.at)} (${last.actor_name || last.actor}): ${last.comment || 'không ghi lý do'}`, 'warning', { role: 'note' });
    }
  }

  const reports = reps.items || [];
  const writeReport = canWriteReport(task)
    ? h('a', { class: 'btn btn-primary', href: `#/tasks/${task.id}/reports/new` }, 'Viết báo cáo tháng') : null;
  const reportCurrent = reports.find((r) => r.period === fmt.today().period);

  // Comments: anyone in allowed_actions "comment".
  let commentForm = null;
  if ((task.allowed_actions || []).includes('comment')) {
    const ta = h('textarea', { rows: '3', maxlength: '4000' });
    const leader = hasRole('leadership');
    const send = h('button', { type: 'submit', class: 'btn btn-primary' }, leader ? 'Gửi ý kiến chỉ đạo' : 'Gửi ý kiến');
    commentForm = h('form', { class: 'comment-form', novalidate: true },
      field({ label: leader ? 'Ý kiến chỉ đạo của Ban Chỉ đạo' : 'Ý kiến trao đổi', control: ta, name: 'text', hint: leader ? 'Ý kiến của lãnh đạo Ban Chỉ đạo được ghi nhận là chỉ đạo.' : 'Ý kiến được lưu vào lịch sử, không sửa hay xóa được.' }),
      h('div', { class: 'form-actions' }, send));
    commentForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(commentForm);
      if (!ta.value.trim()) { showApiError(commentForm, { code: 'validation_failed', field: 'text', message: 'Cần nhập nội dung ý kiến.' }); return; }
      await busy(send, async () => {
        try {
          await api.tasks.comment(task.id, ta.value.trim());
          toast('Đã gửi ý kiến.');
          reload();
        } catch (err) { showApiError(commentForm, err); }
      });
    });
  }

  const backHref = hasRole('leadership') || hasRole('admin') ? '#/dashboard' : '#/tasks';
  replace(ctx.main,
    h('p', { class: 'breadcrumb' }, h('a', { href: backHref }, hasRole('leadership') || hasRole('admin') ? '← Tổng hợp' : '← Danh sách nhiệm vụ')),
    pageHead(task.name),
    h('p', { class: 'badges task-badges' }, statusBadge(task.status), kindBadge(task.kind),
      task.overdue ? overdueBadge() : null,
      task.outcome ? badge(fmt.OUTCOME[task.outcome], `oc-${task.outcome}`) : null),
    returnNote,
    actions.length ? h('section', { class: 'action-bar', 'aria-label': 'Thao tác' }, actions) : null,
    actionError,
    h('div', { class: 'detail-grid' },
      h('section', { class: 'panel', 'aria-labelledby': 'sec-reg' },
        h('h2', { id: 'sec-reg' }, 'Thông tin đăng ký'),
        dl([
          ['Tên nhiệm vụ', task.name],
          ['Người chịu trách nhiệm', task.responsible_person],
          ['Cơ quan chủ trì thực hiện', agencyName(task.lead_agency)],
          ['Cơ quan phối hợp', task.coordinating_agencies.map(agencyName).join('; ')],
          ['Dự kiến sản phẩm', multiline(task.expected_product)],
          ['Dự kiến kinh phí', task.estimated_budget === null ? '' : `${fmt.money(task.estimated_budget)} (${fmt.moneyWords(task.estimated_budget)})`],
          ['Ghi chú', multiline(task.notes)],
        ])),
      h('section', { class: 'panel', 'aria-labelledby': 'sec-follow' },
        h('h2', { id: 'sec-follow' }, 'Theo dõi thực hiện'),
        dl([
          ['Năm', String(task.year)],
          ['Lĩnh vực', task.fields.map((f) => fmt.FIELDS[f] || f).join('; ')],
          ['Mục tiêu đo lường hiệu quả', multiline(task.target)],
          ['Hạn hoàn thành', task.deadline ? [fmt.date(task.deadline),
            task.original_deadline && task.original_deadline !== task.deadline
              ? h('span', { class: 'muted' }, ` (hạn ban đầu ${fmt.date(task.original_deadline)})`) : null,
            task.overdue ? h('span', { class: 'late-days' }, ` quá hạn ${fmt.daysBetween(task.deadline, fmt.today().iso)} ngày`) : null] : ''],
          // Issue 15: the extensions, and the deadline on-time is judged by.
          task.extensions ? ['Gia hạn', `${task.extensions} lần, gần nhất: ${task.extended_by || '—'}${task.yardstick && task.yardstick !== task.deadline
            ? `; đã quá hạn ${fmt.date(task.yardstick)} trước khi gia hạn, nên hoàn thành sẽ tính là muộn` : ''}`] : null,
          ['Kết quả thực hiện', task.outcome ? fmt.OUTCOME[task.outcome] : ''],
          ['Tiến độ', task.progress ? [progressBar(task.progress.percent), ' ', healthBadge(task.progress.health),
            h('span', { class: 'muted small' }, ` theo báo cáo ${fmt.period(task.progress.period).toLowerCase()}`)] : ''],
          task.completed_at ? ['Ngày hoàn thành', fmt.date(task.completed_at)] : null,
          ['Người tạo', `${creatorName(history, task)}, ${fmt.dateTime(task.created_at)}`],
          ['Cập nhật lần cuối', fmt.dateTime(task.updated_at)],
        ]))),
    // Issue 12: decisions, plans, signed reports.
    attachmentsPanel('tasks', task.id),
    // Issue 15: dated intermediate products.
    task.status === 'in_program' || task.status === 'completed' ? milestonesPanel(task) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'sec-reports' },
      h('div', { class: 'panel-head' },
        h('h2', { id: 'sec-reports' }, 'Báo cáo tiến độ hằng tháng'),
        writeReport),
      writeReport && !reportCurrent
        ? notice(`Chưa có báo cáo ${fmt.period(fmt.today().period).toLowerCase()}.`, 'warning', { role: 'note' }) : null,
      reports.length ? h('div', { class: 'report-list' }, reports.map((r) => reportArticle(task, r, reload)))
        : empty(task.status === 'in_program' ? 'Chưa có báo cáo nào.' : 'Báo cáo tiến độ bắt đầu khi nhiệm vụ được tiếp nhận vào Chương trình.')),
    // Issue 15: the coordinating bodies' shares, beside the lead's reports.
    (task.coordinating_agencies || []).length && (task.status === 'in_program' || task.status === 'completed')
      ? contributionsPanel(task, reports) : null,
    h('section', { class: 'panel', 'aria-labelledby': 'sec-history' },
      h('h2', { id: 'sec-history' }, 'Lịch sử và ý kiến'),
      commentForm,
      history.length ? h('ol', { class: 'history', reversed: true }, [...history].reverse().map(historyItem)) : empty('Chưa có lịch sử.')));
}
