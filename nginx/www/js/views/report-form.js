// The monthly progress report: results and effectiveness come first and
// stand out; the head approves the report before it counts.
import { guardLeave, releaseLeave } from '../leave-guard.js';
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import * as fmt from '../format.js';
import { agencyName } from '../state.js';
import { describe } from '../errors.js';
import { pageHead, field, choiceGroup, notice, showErrors, showApiError, clearErrors, busy, toast } from '../ui.js';
import { canWriteReport, returnNote } from './task-detail.js';
import { attachmentsPanel } from '../attachments.js';

export async function renderReportForm(ctx) {
  const taskId = Number(ctx.params[0]);
  const reportId = ctx.params[1] ? Number(ctx.params[1]) : null;
  const [task, reps] = await Promise.all([api.tasks.get(taskId), api.tasks.reports(taskId)]);
  if (!ctx.isCurrent()) return;
  const reports = reps.items || [];
  const report = reportId ? reports.find((r) => r.id === reportId) : null;
  const title = report ? `Sửa báo cáo ${fmt.period(report.period).toLowerCase()}` : 'Báo cáo tiến độ tháng';
  ctx.title(title);
  const back = h('p', { class: 'breadcrumb' }, h('a', { href: `#/tasks/${taskId}` }, '← Quay lại nhiệm vụ'));

  if (reportId && !report) {
    replace(ctx.main, back, pageHead('Không tìm thấy báo cáo'), notice('Báo cáo này không thuộc nhiệm vụ, hoặc bạn không có quyền xem.', 'error'));
    return;
  }
  if (report ? !report.allowed_actions.includes('edit') : !canWriteReport(task)) {
    replace(ctx.main, back, pageHead(title), notice(report
      ? 'Báo cáo này không sửa được nữa (đã gửi hoặc đã duyệt).'
      : 'Chỉ cơ quan chủ trì báo cáo tiến độ, và chỉ khi nhiệm vụ đã được tiếp nhận vào Chương trình.', 'warning'));
    return;
  }

  const now = fmt.today().period;
  const taken = new Set(reports.filter((r) => !report || r.id !== report.id).map((r) => r.period));
  // No report for a month before the task was accepted into the programme.
  const from = task.accepted_at ? task.accepted_at.slice(0, 7) : null;
  const periods = fmt.recentPeriods(now, 12).filter((p) => !from || p >= from || (report && p === report.period));
  const defPeriod = report ? report.period : (periods.find((p) => !taken.has(p)) || now);
  const period = h('select', {}, periods.map((p) => h('option', {
    value: p, selected: p === defPeriod, disabled: taken.has(p),
  }, taken.has(p) ? `${fmt.period(p)} (đã có báo cáo)` : fmt.period(p))));
  const lastPercent = report ? report.percent : (task.progress ? task.progress.percent : (reports[0] ? reports[0].percent : 0));
  const pct = h('input', { type: 'number', min: '0', max: '100', step: '1', inputmode: 'numeric', value: String(lastPercent) });
  const health = choiceGroup({
    legend: 'Tình trạng', name: 'health', type: 'radio', required: true,
    options: Object.entries(fmt.HEALTH), selected: [report ? report.health : (task.progress ? task.progress.health : 'on_track')],
  });
  const area = (value, rows) => { const t = h('textarea', { rows: String(rows), maxlength: '4000' }); t.value = value || ''; return t; };
  const results = area(report && report.results, 6);
  const work = area(report && report.work_done, 4);
  const diff = area(report && report.difficulties, 3);
  const prop = area(report && report.proposals, 3);
  const next = area(report && report.next_steps, 3);

  const send = h('button', { type: 'submit', class: 'btn btn-primary', value: 'submit' }, 'Lưu và gửi lãnh đạo duyệt');
  const draft = h('button', { type: 'submit', class: 'btn', value: 'draft' }, 'Lưu nháp');
  const resultsField = field({
    label: 'Kết quả, hiệu quả đạt được', control: results, name: 'results', required: true, cls: 'field-results',
    hint: 'Điều gì đã thay đổi cho người dân, doanh nghiệp, cơ quan nhà nước — kèm số liệu cụ thể. Ví dụ: “98,73% hồ sơ giải quyết đúng hạn; 85,75% hồ sơ nộp trực tuyến”. Bắt buộc trước khi gửi.',
  });
  const why = report ? returnNote(report) : null;
  const form = h('form', { class: 'report-form', novalidate: true },
    why,
    h('div', { class: 'grid-3' },
      field({
        label: 'Kỳ báo cáo', control: period, name: 'period',
        hint: from ? `Nhiệm vụ được tiếp nhận ngày ${fmt.date(task.accepted_at)}: báo cáo từ ${fmt.period(from).toLowerCase()}.` : null,
      }),
      field({ label: 'Tỷ lệ hoàn thành (%)', control: pct, name: 'percent', hint: 'Từ 0 đến 100.' }),
      health),
    resultsField,
    field({ label: 'Công việc đã thực hiện', control: work, name: 'work_done' }),
    field({ label: 'Khó khăn, vướng mắc', control: diff, name: 'difficulties' }),
    field({ label: 'Đề xuất, kiến nghị với Ban Chỉ đạo', control: prop, name: 'proposals' }),
    field({ label: 'Nhiệm vụ tháng tới', control: next, name: 'next_steps' }),
    h('div', { class: 'form-actions' }, send, draft, h('a', { class: 'btn btn-ghost', href: `#/tasks/${taskId}` }, 'Hủy bỏ')));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const button = ev.submitter || draft;
    const wantSubmit = button.value === 'submit';
    clearErrors(form);
    const errors = [];
    const percent = Number(pct.value);
    if (pct.value.trim() === '' || !Number.isInteger(percent) || percent < 0 || percent > 100) {
      errors.push({ field: 'percent', message: 'Tỷ lệ hoàn thành là số nguyên từ 0 đến 100.' });
    }
    const hv = form.querySelector('input[name="health"]:checked');
    if (!hv) errors.push({ field: 'health', message: 'Cần chọn tình trạng thực hiện.' });
    if (wantSubmit && !results.value.trim()) {
      errors.push({ field: 'results', message: 'Cần nêu kết quả, hiệu quả đạt được trước khi gửi (có thể lưu nháp trước).' });
    }
    if (errors.length) { showErrors(form, errors); return; }
    const body = {
      period: period.value, percent, health: hv.value,
      work_done: work.value.trim(), results: results.value.trim(), difficulties: diff.value.trim(),
      proposals: prop.value.trim(), next_steps: next.value.trim(),
    };
    await busy(button, async () => {
      let saved;
      try {
        if (report) {
          const changed = { version: report.version };
          for (const [k, v] of Object.entries(body)) if (report[k] !== v) changed[k] = v;
          saved = Object.keys(changed).length > 1 ? await api.reports.patch(report.id, changed) : report;
        } else {
          saved = await api.tasks.createReport(taskId, body);
        }
      } catch (err) {
        showApiError(form, err, 'report');
        return;
      }
      if (wantSubmit) {
        try {
          await api.reports.transition(saved.id, 'submit', saved.version);
          toast('Đã gửi báo cáo cho lãnh đạo đơn vị duyệt.');
        } catch (err) {
          toast(`Đã lưu báo cáo nhưng chưa gửi được: ${describe(err, 'report')}`, 'warning');
        }
      } else {
        toast('Đã lưu nháp báo cáo.');
      }
      releaseLeave();
      ctx.navigate(`#/tasks/${taskId}`);
    });
  });

  const context = h('aside', { class: 'form-aside panel', 'aria-labelledby': 'ctx-h' },
    h('h2', { id: 'ctx-h' }, 'Nhiệm vụ được báo cáo'),
    h('p', { class: 'aside-task' }, task.name),
    h('dl', { class: 'props props-compact' },
      h('div', { class: 'prop' }, h('dt', {}, 'Cơ quan chủ trì'), h('dd', {}, agencyName(task.lead_agency))),
      h('div', { class: 'prop' }, h('dt', {}, 'Hạn hoàn thành'), h('dd', {}, task.deadline ? fmt.date(task.deadline) : '—',
        task.overdue ? h('span', { class: 'late-days' }, 'Đã quá hạn') : null)),
      h('div', { class: 'prop' }, h('dt', {}, 'Mục tiêu đo lường hiệu quả'), h('dd', {}, task.target ? h('p', { class: 'prewrap' }, task.target) : '—')),
      h('div', { class: 'prop' }, h('dt', {}, 'Tiến độ đã duyệt'), h('dd', {}, task.progress
        ? `${task.progress.percent}% (${fmt.period(task.progress.period).toLowerCase()}, ${fmt.HEALTH[task.progress.health]})`
        : 'Chưa có'))),
    h('p', { class: 'small muted' }, 'Báo cáo chỉ được tính vào tổng hợp của Ban Chỉ đạo sau khi lãnh đạo cơ quan duyệt. Nêu kết quả so với mục tiêu, có số liệu.'));

  // Issue 12: the signed report and its evidence, once the report exists.
  const files = report ? attachmentsPanel('reports', report.id, { title: 'Tệp kèm báo cáo' })
    : h('p', { class: 'small muted attachments-later' }, 'Lưu nháp báo cáo trước, rồi đính kèm tệp (báo cáo có chữ ký, minh chứng).');
  replace(ctx.main, back,
    pageHead(title, { lead: `Nhiệm vụ: ${task.name}` }),
    h('div', { class: 'form-layout' }, h('div', {}, form, files), context));
  guardLeave(form);
}
