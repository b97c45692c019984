// "Theo dõi đôn đốc": who has not registered their breakthrough task for
// the year, who has not reported for the month, who has overdue tasks.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import * as fmt from '../format.js';
import { pageHead, empty, badge, notice, busy, toast } from '../ui.js';
import { state } from '../state.js';
import { describe } from '../errors.js';
import { readPeriod, periodForm } from '../period-picker.js';
import { figureHref } from './dashboard.js';
import { proposals } from '../results.js';

export async function renderCompliance(ctx) {
  const sel = readPeriod(ctx.query);
  ctx.title('Theo dõi đôn đốc');
  // Issue 15: the missing reports named, and the year's registration round.
  // Issue 13: the proposals whose answer is overdue.
  const [d, miss, rounds, late, lateMs] = await Promise.all([
    api.dashboard({ year: sel.year, period: sel.period }),
    api.missingReports.get(sel.period),
    api.rounds.list({ year: sel.year }),
    proposals.list({ overdue: '1', limit: 50 }),
    // Issue 15: milestones whose date has passed, body by body.
    api.get('/overdue-milestones'),
  ]);
  if (!ctx.isCurrent()) return;
  const round = rounds.items[0] || null;
  const byCode = new Map(d.agencies.map((a) => [a.code, a]));
  const missingReg = d.missing_registration.map((c) => byCode.get(c) || { code: c, name: c });
  const missingRep = d.agencies.filter((a) => a.missing_reports > 0).sort((a, b) => b.missing_reports - a.missing_reports);
  const overdue = d.agencies.filter((a) => a.overdue > 0).sort((a, b) => b.overdue - a.overdue);
  const monthLabel = fmt.period(d.period).toLowerCase();

  const form = periodForm(sel, (v) => ctx.navigate(`#/compliance?year=${v.year}&period=${v.period}`));
  const kpi = (n, label, cls, href) => h(href ? 'a' : 'div', { class: `kpi ${cls || ''}${href ? ' kpi-link' : ''}`, href: href || null }, h('span', { class: 'kpi-value' }, String(n)), h('span', { class: 'kpi-label' }, label));

  // The secretariat's reminder by e-mail to an agency (issue 12).
  const remindAgency = h('select', { id: 'remind-agency', name: 'agency' },
    (state.agencies || []).map((a) => h('option', { value: a.code }, a.name)));
  const remindText = h('textarea', { id: 'remind-message', name: 'message', rows: 3, maxlength: 2000 },
    'Đề nghị đơn vị khẩn trương xử lý các việc còn chậm dưới đây.');
  const remindOut = h('div', { 'aria-live': 'polite' });
  const remindBtn = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Gửi thư nhắc việc');
  const remindForm = h('form', { class: 'panel remind-form', id: 'remind', novalidate: true },
    h('h2', {}, 'Nhắc việc qua thư điện tử'),
    h('p', { class: 'muted small' }, 'Cán bộ và lãnh đạo của cơ quan nhận một thư liệt kê các việc đang chờ họ (quá hạn, sắp đến hạn, báo cáo chưa gửi…), kèm lời nhắn dưới đây.'),
    h('label', { for: 'remind-agency' }, 'Cơ quan'), remindAgency,
    h('label', { for: 'remind-message' }, 'Lời nhắn'), remindText,
    h('div', { class: 'actions' }, remindBtn), remindOut);
  remindForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(remindBtn, async () => {
      try {
        const r = await api.reminders.send(remindAgency.value, remindText.value);
        replace(remindOut, notice(`Đã gửi thư nhắc việc tới ${r.sent} người: ${r.recipients.join(', ')}.`, 'info'));
        toast('Đã gửi thư nhắc việc.');
      } catch (err) {
        replace(remindOut, notice(describe(err), 'error', { role: 'alert' }));
      }
    });
  });
  const remindButton = (a) => h('button', {
    type: 'button', class: 'btn', 'aria-label': `Nhắc việc ${a.name}`,
    onclick: () => { remindAgency.value = a.code; remindText.focus(); remindForm.scrollIntoView(); },
  }, 'Nhắc việc');

  replace(ctx.main,
    pageHead('Theo dõi đôn đốc', {
      lead: `Tình hình chấp hành của các cơ quan: đăng ký nhiệm vụ đột phá năm ${d.year} và báo cáo tiến độ ${monthLabel}.`,
      actions: [h('a', { class: 'btn', href: api.exportsUrl.dashboardXlsx({ year: d.year, period: d.period }), download: '' }, 'Tải bảng tổng hợp (.xlsx)'),
        h('a', { class: 'btn', href: api.missingReports.xlsx(d.period), download: '' }, 'Tải danh sách chưa báo cáo (.xlsx)')],
    }),
    form,
    h('div', { class: 'kpis' },
      kpi(missingReg.length, `cơ quan chưa đăng ký nhiệm vụ đột phá năm ${d.year}`, missingReg.length ? 'kpi-warn' : 'kpi-ok'),
      kpi(missingRep.length, `cơ quan chưa báo cáo đủ ${monthLabel}`, missingRep.length ? 'kpi-warn' : 'kpi-ok'),
      kpi(d.totals.overdue, 'nhiệm vụ quá hạn', d.totals.overdue ? 'kpi-bad' : 'kpi-ok', figureHref(d.year, { committee: d.committee ? d.committee.code : '', overdue: 'true', with_drafts: 'false' }))),
    h('div', { class: 'detail-grid' },
      h('section', { class: 'panel', 'aria-labelledby': 'c-reg' },
        h('h2', { id: 'c-reg' }, `Chưa đăng ký nhiệm vụ đột phá năm ${d.year} (${missingReg.length})`),
        round
          ? h('p', {}, h('a', { href: `#/rounds/${round.id}` }, `Tình hình đăng ký năm ${d.year}: đúng hạn, muộn hạn, chưa đăng ký (hạn ${fmt.date(round.deadline)})`))
          : h('p', { class: 'muted' }, h('a', { href: '#/rounds' }, `Chưa mở đợt đăng ký năm ${d.year}`)),
        missingReg.length
          ? h('ol', { class: 'agency-list' }, missingReg.map((a) => h('li', {}, a.name)))
          : empty('Tất cả cơ quan đã đăng ký.')),
      h('section', { class: 'panel', 'aria-labelledby': 'c-rep' },
        h('h2', { id: 'c-rep' }, `Chưa báo cáo ${monthLabel} (${missingRep.length})`),
        missingRep.length
          ? h('div', { class: 'table-wrap' }, h('table', { class: 'data-table' },
            h('caption', { class: 'visually-hidden' }, `Cơ quan chưa báo cáo ${monthLabel}`),
            h('thead', {}, h('tr', {},
              h('th', { scope: 'col' }, 'Cơ quan'),
              h('th', { scope: 'col', class: 'num' }, 'Nhiệm vụ thiếu báo cáo'),
              h('th', { scope: 'col', class: 'num' }, 'Trong Chương trình'),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Xem')))),
            h('tbody', {}, missingRep.map((a) => h('tr', {},
              h('th', { scope: 'row' }, a.name),
              h('td', { class: 'num', 'data-label': 'Thiếu báo cáo' }, String(a.missing_reports)),
              h('td', { class: 'num', 'data-label': 'Trong Chương trình' }, String(a.in_program)),
              h('td', {}, h('a', { href: figureHref(d.year, { committee: d.committee ? d.committee.code : '', lead_agency: a.code, missing_report: d.period }), 'aria-label': `Xem ${a.missing_reports} nhiệm vụ thiếu báo cáo của ${a.name}` }, 'Xem nhiệm vụ'), ' ', remindButton(a)))))))
          : empty('Tất cả nhiệm vụ trong Chương trình đã có báo cáo.'))),
    h('section', { class: 'panel', 'aria-labelledby': 'c-over' },
      h('h2', { id: 'c-over' }, `Cơ quan có nhiệm vụ quá hạn (${overdue.length})`),
      overdue.length
        ? h('ul', { class: 'agency-chips' }, overdue.map((a) => h('li', {},
          h('a', { href: figureHref(d.year, { committee: d.committee ? d.committee.code : '', lead_agency: a.code, overdue: 'true', with_drafts: 'false' }), class: 'overdue-chip' }, a.name,
            ' ', badge(`${a.overdue} quá hạn`, 'overdue-badge')))))
        : empty('Không có nhiệm vụ quá hạn.')),
    remindForm,
    missingNamed(miss, monthLabel),
    overdueMilestones(lateMs),
    lateAnswers(late.items, late.next_cursor, byCode));
}

/** Issue 13: proposals past their response deadline, oldest first. */
function lateAnswers(items, more, byCode) {
  const name = (c) => (byCode.get(c) || { name: c === 'BCD' ? 'Ban Chỉ đạo' : c }).name;
  const sorted = [...items].sort((a, b) => String(a.due).localeCompare(String(b.due)));
  return h('section', { class: 'panel', 'aria-labelledby': 'c-late-answers', id: 'late-answers' },
    h('h2', { id: 'c-late-answers' }, `Kiến nghị quá hạn trả lời (${items.length}${more ? '+' : ''})`),
    sorted.length
      ? h('ol', { class: 'late-answers' }, sorted.map((p) => h('li', {},
        h('a', { href: `#/proposals?overdue=1` }, p.text.length > 140 ? `${p.text.slice(0, 140)}…` : p.text),
        h('span', { class: 'muted' }, ` · ${name(p.agency)} kiến nghị, gửi tới ${name(p.addressed_to)} · hạn trả lời ${p.due ? fmt.date(p.due) : '—'}`))))
      : empty('Không có kiến nghị nào quá hạn trả lời.'));
}

/** Issue 15: open milestones whose date has passed, body by body. */
function overdueMilestones(ms) {
  return h('section', { class: 'panel', 'aria-labelledby': 'c-ms', id: 'overdue-milestones' },
    h('h2', { id: 'c-ms' }, `Mốc trung gian quá hạn (${ms.total})`),
    ms.agencies.length
      ? h('div', { class: 'missing-named' }, ms.agencies.map((a) => h('details', { class: 'missing-agency', dataset: { code: a.code } },
        h('summary', {}, `${a.name} (${a.milestones.length})`),
        h('ol', {}, a.milestones.map((m) => h('li', { dataset: { milestoneId: String(m.id) } },
          h('a', { href: `#/tasks/${m.task.id}` }, m.task.name),
          h('span', { class: 'muted' }, ` · mốc «${m.name}» · hạn ${fmt.date(m.due)} · quá ${m.days_overdue} ngày`)))))))
      : empty('Không có mốc trung gian nào quá hạn.'));
}

/** Issue 15: which tasks have no report for the month, body by body. */
function missingNamed(miss, monthLabel) {
  return h('section', { class: 'panel', 'aria-labelledby': 'c-named', id: 'missing-named' },
    h('h2', { id: 'c-named' }, `Nhiệm vụ chưa báo cáo ${monthLabel} (${miss.total})`),
    miss.agencies.length
      ? h('div', { class: 'missing-named' }, miss.agencies.map((a) => h('details', { class: 'missing-agency', dataset: { code: a.code } },
        h('summary', {}, `${a.name} (${a.tasks.length})`),
        h('ol', {}, a.tasks.map((t) => h('li', {},
          h('a', { href: `#/tasks/${t.id}` }, t.name),
          h('span', { class: 'muted' }, ` · hạn ${t.deadline ? fmt.date(t.deadline) : '—'} · báo cáo gần nhất được duyệt: ${t.last_period ? fmt.period(t.last_period).toLowerCase() : 'chưa có'}`)))))))
      : empty('Tất cả nhiệm vụ trong Chương trình đã có báo cáo.'));
}
