// The head's queue: their agency's registrations and monthly reports that
// wait for approval, with the approve and return buttons at hand.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { state, ownAgency } from '../state.js';
import * as fmt from '../format.js';
import { describe } from '../errors.js';
import { pageHead, notice, empty, healthBadge, progressBar, reportStatusBadge } from '../ui.js';
import { bulkQueue } from '../bulk-queue.js';
import { taskActionButtons, reportActionButtons } from '../task-actions.js';
import { contributions, contributionCard } from '../contributions.js';

function reportCard(r, reload, errBox) {
  const actions = reportActionButtons(r, {
    taskId: r.task.id, taskName: r.task.name, onDone: reload,
    onError: (m) => replace(errBox, notice(m, 'error')),
  });
  return h('article', { class: 'report-card queue-card', dataset: { reportId: String(r.id) }, 'aria-labelledby': `qr-${r.id}` },
    h('header', { class: 'report-head' },
      h('h3', { id: `qr-${r.id}` }, h('a', { href: `#/tasks/${r.task.id}` }, r.task.name)),
      h('span', { class: 'badges' }, reportStatusBadge(r.status), healthBadge(r.health))),
    h('p', { class: 'muted' }, `${fmt.period(r.period)} · người lập ${r.created_by} · ${fmt.dateTime(r.updated_at)}`),
    h('div', { class: 'report-progress' }, h('span', { class: 'label' }, 'Hoàn thành: '), progressBar(r.percent)),
    h('section', { class: 'results-box', 'aria-label': 'Kết quả, hiệu quả đạt được' },
      h('h4', {}, 'Kết quả, hiệu quả đạt được'),
      r.results ? h('p', { class: 'prewrap' }, r.results) : h('p', { class: 'muted' }, 'Chưa nêu.')),
    r.difficulties ? h('p', {}, h('strong', {}, 'Khó khăn, vướng mắc: '), r.difficulties) : null,
    r.proposals ? h('p', {}, h('strong', {}, 'Đề xuất, kiến nghị: '), r.proposals) : null,
    actions.length ? h('div', { class: 'actions' }, actions) : null);
}

export async function renderApprovals(ctx) {
  ctx.title('Chờ phê duyệt');
  const own = ownAgency();
  const [tasksRes, reportsRes, contribRes] = await Promise.allSettled([
    api.tasks.list({ status: 'submitted', agency: own, limit: 200 }),
    api.reports.search({ status: 'submitted', agency: own, limit: 200 }),
    // Issue 15: the shares the agency sends as a coordinating body.
    contributions.search({ status: 'submitted', agency: own, limit: 200 }),
  ]);
  if (!ctx.isCurrent()) return;
  const reload = () => ctx.reload();
  const errBox = h('div', { class: 'inline-error', role: 'alert' });

  let taskPart;
  let nTasks = 0;
  if (tasksRes.status === 'fulfilled') {
    const items = tasksRes.value.items.filter((t) => t.lead_agency === own);
    nTasks = items.length;
    // Oldest first: who has waited longest is decided first.
    items.sort((a, b) => (b.waiting_days ?? -1) - (a.waiting_days ?? -1));
    taskPart = items.length
      ? bulkQueue(items, {
        actions: ['approve', 'return'], caption: 'Nhiệm vụ chờ phê duyệt',
        onDone: reload, onError: (m) => replace(errBox, notice(m, 'error')),
        rowActions: (t) => {
          const b = taskActionButtons(t, { only: ['approve', 'return'], onDone: reload, onError: (m) => replace(errBox, notice(m, 'error')) });
          return b.length ? h('span', { class: 'row-actions' }, b) : null;
        },
      })
      : empty('Không có nhiệm vụ nào chờ phê duyệt.');
  } else {
    taskPart = notice(describe(tasksRes.reason), 'error');
  }

  let reportPart;
  let nReports = 0;
  if (reportsRes.status === 'fulfilled') {
    const items = reportsRes.value.items.filter((r) => r.task && r.task.lead_agency === own);
    nReports = items.length;
    reportPart = items.length
      ? h('div', { class: 'report-list' }, items.map((r) => reportCard(r, reload, errBox)))
      : empty('Không có báo cáo nào chờ duyệt.');
  } else if (reportsRes.reason && reportsRes.reason.status === 404) {
    reportPart = notice('Máy chủ chưa hỗ trợ danh sách báo cáo chờ duyệt (GET /reports). Hãy mở từng nhiệm vụ để duyệt báo cáo.', 'warning');
  } else {
    reportPart = notice(describe(reportsRes.reason), 'error');
  }

  let contribPart;
  let nContrib = 0;
  if (contribRes.status === 'fulfilled') {
    const items = contribRes.value.items.filter((c) => c.agency_code === own);
    nContrib = items.length;
    contribPart = items.length
      ? h('div', { class: 'contribution-list' }, items.map((c) => contributionCard(c, { onDone: reload, task: c.task })))
      : empty('Không có phần đóng góp nào chờ duyệt.');
  } else {
    contribPart = notice(describe(contribRes.reason), 'error');
  }

  replace(ctx.main,
    pageHead('Chờ phê duyệt', { lead: `Đăng ký nhiệm vụ và báo cáo tháng của ${state.user.agency ? state.user.agency.name : 'đơn vị'} đang chờ lãnh đạo đơn vị phê duyệt.` }),
    errBox,
    h('section', { class: 'panel', 'aria-labelledby': 'q-tasks' },
      h('h2', { id: 'q-tasks' }, `Nhiệm vụ chờ phê duyệt (${nTasks})`),
      taskPart),
    h('section', { class: 'panel', 'aria-labelledby': 'q-reports' },
      h('h2', { id: 'q-reports' }, `Báo cáo tháng chờ duyệt (${nReports})`),
      reportPart),
    h('section', { class: 'panel', 'aria-labelledby': 'q-contrib' },
      h('h2', { id: 'q-contrib' }, `Phần đóng góp (cơ quan phối hợp) chờ duyệt (${nContrib})`),
      contribPart));
}
