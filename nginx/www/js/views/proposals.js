// "Kiến nghị": the difficulties register.  Every proposal written in an
// approved monthly report, followed to a decision: the secretariat forwards
// it (to an agency or the committee, with a deadline) or closes it, the
// addressee answers; filters, overdue answers and the committee's Excel.
import { h, replace } from '../dom.js';
import { state, agencyName, hasRole } from '../state.js';
import * as fmt from '../format.js';
import {
  pageHead, notice, empty, field, badge, confirmDialog, busy, toast, showErrors, clearErrors,
} from '../ui.js';
import { proposals, proposalStatusBadge, explain, PROPOSAL_STATUS, props } from '../results.js';

const BCD = 'BCD';

function addressee(code) {
  if (!code) return null;
  return code === BCD ? 'Ban Chỉ đạo tỉnh' : agencyName(code);
}

/** PATCH then transition: the two steps of forwarding and answering. */
async function patchThen(p, body, action) {
  const r = await proposals.patch(p.id, { ...body, version: p.version });
  return proposals.transition(p.id, action, r.version);
}

function forwardForm(p, done) {
  const to = h('select', { name: 'addressed_to' },
    h('option', { value: '' }, '— Chọn nơi nhận —'),
    h('option', { value: BCD, selected: p.addressed_to === BCD }, 'Ban Chỉ đạo tỉnh'),
    state.agencies.map((a) => h('option', { value: a.code, selected: a.code === p.addressed_to }, a.name)));
  const due = h('input', { type: 'date', name: 'due', value: p.due || '' });
  const form = h('form', { class: 'inline-form', novalidate: true, 'aria-label': 'Chuyển kiến nghị' },
    h('div', { class: 'grid-2' },
      field({ label: 'Cơ quan được kiến nghị', control: to, name: 'addressed_to', required: true }),
      field({ label: 'Hạn trả lời', control: due, name: 'due', required: true })),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Chuyển')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const errs = [];
    if (!to.value) errs.push({ field: 'addressed_to', message: 'Cần chọn nơi nhận.' });
    if (!due.value) errs.push({ field: 'due', message: 'Cần chọn hạn trả lời.' });
    if (errs.length) { showErrors(form, errs); return; }
    await busy(form.querySelector('button'), async () => {
      try {
        await patchThen(p, { addressed_to: to.value, due: due.value }, 'forward');
        toast(`Đã chuyển kiến nghị tới ${addressee(to.value)}.`);
        done();
      } catch (err) { showErrors(form, [{ field: err.field, message: explain(err) }]); }
    });
  });
  return form;
}

function answerForm(p, done) {
  const text = h('textarea', { name: 'answer', rows: '4', maxlength: '4000' }, p.answer || '');
  const form = h('form', { class: 'inline-form', novalidate: true, 'aria-label': 'Trả lời kiến nghị' },
    field({ label: 'Nội dung trả lời', control: text, name: 'answer', required: true }),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Gửi trả lời')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    if (!text.value.trim()) { showErrors(form, [{ field: 'answer', message: 'Cần nhập nội dung trả lời.' }]); return; }
    await busy(form.querySelector('button'), async () => {
      try {
        await patchThen(p, { answer: text.value.trim() }, 'answer');
        toast('Đã trả lời kiến nghị.');
        done();
      } catch (err) { showErrors(form, [{ field: err.field, message: explain(err) }]); }
    });
  });
  return form;
}

function card(p, reload, errBox) {
  const allowed = p.allowed_actions || [];
  const slot = h('div', { class: 'proposal-edit' });
  const buttons = [];
  if (allowed.includes('forward')) {
    buttons.push(h('button', { type: 'button', class: 'btn btn-primary', dataset: { proposalAction: 'forward' }, onclick: () => replace(slot, forwardForm(p, reload)) }, 'Chuyển xử lý'));
  }
  if (allowed.includes('answer')) {
    buttons.push(h('button', { type: 'button', class: 'btn btn-primary', dataset: { proposalAction: 'answer' }, onclick: () => replace(slot, answerForm(p, reload)) }, 'Trả lời'));
  }
  if (allowed.includes('close')) {
    const b = h('button', { type: 'button', class: 'btn btn-warning', dataset: { proposalAction: 'close' } }, 'Đóng');
    b.addEventListener('click', async () => {
      const answer = await confirmDialog({
        title: 'Đóng kiến nghị', message: 'Đóng kiến nghị này (trùng lặp, hoặc đã xử lý xong)?', confirmLabel: 'Đóng',
        comment: { label: 'Lý do đóng', required: true },
      });
      if (!answer) return;
      await busy(b, async () => {
        try {
          await proposals.transition(p.id, 'close', p.version, answer.comment);
          toast('Đã đóng kiến nghị.');
          reload();
        } catch (err) { replace(errBox, notice(explain(err), 'error')); }
      });
    });
    buttons.push(b);
  }
  return h('li', { class: `proposal-card ps-card-${p.status}${p.overdue ? ' is-overdue' : ''}`, dataset: { proposalId: String(p.id) } },
    h('p', { class: 'vc-head' }, proposalStatusBadge(p.status), ' ', p.overdue ? badge('Quá hạn trả lời', 'overdue-badge') : null),
    h('p', { class: 'proposal-text prewrap' }, p.text),
    props([
      ['Nhiệm vụ', p.task ? h('a', { href: `#/tasks/${p.task.id}` }, p.task.name) : `Nhiệm vụ số ${p.task_id}`],
      ['Cơ quan kiến nghị', `${agencyName(p.agency)} · kỳ ${fmt.period(p.period).toLowerCase()}`],
      ['Gửi tới', addressee(p.addressed_to)],
      ['Hạn trả lời', p.due ? fmt.date(p.due) : null],
      p.answer && p.status !== 'new' ? ['Trả lời', h('p', { class: 'prewrap' }, p.answer)] : null,
      p.answered_by ? ['Người trả lời', `${p.answered_by}, ${fmt.dateTime(p.answered_at)}`] : null,
    ]),
    buttons.length ? h('div', { class: 'row-actions' }, buttons) : null,
    slot);
}

export async function renderProposals(ctx) {
  ctx.title('Kiến nghị');
  const q = ctx.query;
  const f = {
    status: q.get('status') || '', agency: q.get('agency') || '',
    addressed_to: q.get('addressed_to') || '', overdue: q.get('overdue') === '1' ? '1' : '',
  };
  const first = await proposals.list({ ...f, limit: 50 });
  if (!ctx.isCurrent()) return;

  const status = h('select', { name: 'status' }, h('option', { value: '' }, 'Mọi trạng thái'),
    Object.entries(PROPOSAL_STATUS).map(([v, t]) => h('option', { value: v, selected: v === f.status }, t)));
  const agency = h('select', { name: 'agency' }, h('option', { value: '' }, 'Mọi cơ quan'),
    state.agencies.map((a) => h('option', { value: a.code, selected: a.code === f.agency }, a.name)));
  const to = h('select', { name: 'addressed_to' }, h('option', { value: '' }, 'Mọi nơi nhận'),
    h('option', { value: BCD, selected: f.addressed_to === BCD }, 'Ban Chỉ đạo tỉnh'),
    state.agencies.map((a) => h('option', { value: a.code, selected: a.code === f.addressed_to }, a.name)));
  const overdue = h('input', { type: 'checkbox', id: 'flt-p-overdue', name: 'overdue', checked: Boolean(f.overdue) });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Lọc kiến nghị' },
    h('div', { class: 'filter-grid' },
      field({ label: 'Trạng thái', control: status }),
      field({ label: 'Cơ quan kiến nghị', control: agency, cls: 'field-wide' }),
      field({ label: 'Gửi tới', control: to, cls: 'field-wide' }),
      h('div', { class: 'field field-check' }, overdue, h('label', { for: 'flt-p-overdue' }, 'Chỉ kiến nghị quá hạn trả lời')),
      h('div', { class: 'filter-buttons' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Lọc'))));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    if (status.value) p.set('status', status.value);
    if (agency.value) p.set('agency', agency.value);
    if (to.value) p.set('addressed_to', to.value);
    if (overdue.checked) p.set('overdue', '1');
    ctx.navigate(`#/proposals${p.toString() ? `?${p}` : ''}`);
  });

  const errBox = h('div', { class: 'inline-error', role: 'alert' });
  const reload = () => ctx.reload();
  const list = h('ul', { class: 'proposal-list' }, first.items.map((p) => card(p, reload, errBox)));
  let cursor = first.next_cursor;
  const more = h('button', { type: 'button', class: 'btn', hidden: !cursor }, 'Xem thêm');
  more.addEventListener('click', () => busy(more, async () => {
    try {
      const r = await proposals.list({ ...f, limit: 50, cursor });
      for (const p of r.items) list.append(card(p, reload, errBox));
      cursor = r.next_cursor;
      more.hidden = !cursor;
    } catch (err) { replace(errBox, notice(explain(err), 'error')); }
  }));
  const lead = hasRole('secretariat')
    ? 'Kiến nghị nêu trong báo cáo tháng đã được duyệt. Tổ giúp việc chuyển tới cơ quan có trách nhiệm hoặc Ban Chỉ đạo kèm hạn trả lời, hoặc đóng nếu trùng lặp.'
    : 'Kiến nghị nêu trong báo cáo tháng đã được duyệt, và những kiến nghị gửi tới đơn vị của bạn để trả lời.';

  replace(ctx.main,
    pageHead('Khó khăn, vướng mắc, kiến nghị', {
      lead,
      actions: [h('a', { class: 'btn', href: proposals.xlsx(f), download: '', id: 'export-proposals' }, 'Tải Excel cho cuộc họp')],
    }),
    errBox,
    form,
    h('p', { class: 'result-summary', role: 'status' }, `${first.items.length}${cursor ? '+' : ''} kiến nghị`),
    first.items.length ? list : empty('Không có kiến nghị nào.'),
    more);
}
