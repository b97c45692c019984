// Registering a task (and editing a draft or returned one): the template's
// fields in the template's order, then year, fields, deadline and target.
import { guardLeave, releaseLeave } from '../leave-guard.js';
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { state, hasRole, ownAgency, agencyName } from '../state.js';
import * as fmt from '../format.js';
import { describe } from '../errors.js';
import { pageHead, field, choiceGroup, notice, showErrors, showApiError, clearErrors, busy, toast } from '../ui.js';
import { agencyPicker } from '../agency-picker.js';
import { missingToSubmit, REQUIRED_TO_SUBMIT } from '../registration-rules.js';

export async function renderTaskForm(ctx) {
  const id = ctx.params[0] ? Number(ctx.params[0]) : null;
  const [task, hist] = id ? await Promise.all([api.tasks.get(id), api.tasks.history(id)]) : [null, null];
  if (!ctx.isCurrent()) return;
  // A returned task is edited to answer its return: the reason stays in view.
  const lastReturn = task && task.status === 'returned'
    ? [...((hist && hist.items) || [])].reverse().find((x) => x.action === 'return') : null;
  const editing = Boolean(task);
  const title = editing ? 'Sửa nhiệm vụ' : 'Đăng ký nhiệm vụ';
  ctx.title(title);

  if (editing && !task.allowed_actions.includes('edit')) {
    replace(ctx.main, pageHead(title),
      notice(task.allowed_actions.includes('edit_schedule')
        ? 'Ở trạng thái hiện tại, bạn chỉ điều chỉnh được hạn hoàn thành, mục tiêu và ghi chú.'
        : 'Nhiệm vụ này không thể sửa ở trạng thái hiện tại.', 'warning'),
      h('p', {}, h('a', { href: `#/tasks/${id}` }, '← Quay lại nhiệm vụ')),
      task.allowed_actions.includes('edit_schedule')
        ? h('p', {}, h('a', { class: 'btn', href: `#/tasks/${id}/schedule` }, 'Điều chỉnh hạn, mục tiêu, ghi chú')) : null);
    return;
  }

  const secretariat = hasRole('secretariat');
  const own = ownAgency();
  if (!editing && !secretariat && !own) {
    replace(ctx.main, pageHead(title), notice('Tài khoản của bạn chưa thuộc cơ quan nào nên không đăng ký được nhiệm vụ.', 'warning'));
    return;
  }
  const t = task || {
    year: fmt.today().year, kind: 'breakthrough', fields: [], name: '', responsible_person: '',
    lead_agency: own, coordinating_agencies: [], expected_product: '', estimated_budget: null,
    notes: '', target: '', deadline: null,
  };

  // --- the template's fields, in its order --------------------------------
  const name = h('input', { type: 'text', maxlength: '500', value: t.name, autocomplete: 'off' });
  const responsible = h('input', { type: 'text', maxlength: '200', value: t.responsible_person, autocomplete: 'off' });
  let lead;
  if (!editing && secretariat) {
    lead = h('select', {}, state.agencies.filter((a) => a.active !== false).map((a) => h('option', { value: a.code, selected: a.code === (t.lead_agency || own) }, a.name)));
  } else {
    lead = h('input', { type: 'text', readonly: true, value: agencyName(t.lead_agency) });
  }
  const coords = agencyPicker({
    legend: 'Cơ quan phối hợp', name: 'coordinating_agencies',
    selected: t.coordinating_agencies, exclude: !editing && secretariat ? lead.value : t.lead_agency,
  });
  if (lead.tagName === 'SELECT') lead.addEventListener('change', () => coords.setExclude(lead.value));
  const product = h('textarea', { rows: '3', maxlength: '2000' });
  product.value = t.expected_product;
  const budget = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', value: t.estimated_budget === null ? '' : fmt.groupDigits(t.estimated_budget) });
  const budgetWords = h('p', { class: 'hint money-words', 'aria-live': 'polite' });
  const showBudget = () => {
    const v = fmt.parseMoney(budget.value);
    budgetWords.textContent = v === null ? '' : Number.isNaN(v) ? 'Chỉ nhập chữ số, ví dụ 1.500.000.000' : `= ${fmt.money(v)} (khoảng ${fmt.moneyWords(v)})`;
  };
  budget.addEventListener('input', showBudget);
  budget.addEventListener('blur', () => {
    const v = fmt.parseMoney(budget.value);
    if (v !== null && !Number.isNaN(v)) budget.value = fmt.groupDigits(v);
  });
  showBudget();
  const notes = h('textarea', { rows: '2', maxlength: '2000' });
  notes.value = t.notes;

  // --- the rest ---------------------------------------------------------------
  const y = fmt.today().year;
  const years = [...new Set([y - 1, y, y + 1, t.year])].sort();
  const year = h('select', {}, years.map((v) => h('option', { value: String(v), selected: v === t.year }, String(v))));
  let kind = null;
  let direct = null;
  if (!editing && secretariat) {
    kind = h('select', {}, Object.entries(fmt.KIND).map(([v, txt]) => h('option', { value: v, selected: v === 'breakthrough' }, txt)));
    direct = h('input', { type: 'checkbox', id: 'direct-in-program', checked: true });
  }
  const fields = choiceGroup({
    legend: 'Lĩnh vực', name: 'fields', options: Object.entries(fmt.FIELDS), selected: t.fields,
    hint: 'Chọn một hoặc nhiều lĩnh vực.', required: true,
  });
  const deadline = h('input', { type: 'text', inputmode: 'numeric', placeholder: 'dd/mm/yyyy', maxlength: '10', autocomplete: 'off', value: fmt.date(t.deadline) });
  const target = h('textarea', { rows: '3', maxlength: '2000' });
  target.value = t.target;

  const directWrap = direct ? h('div', { class: 'field field-check' }, direct,
    h('label', { for: 'direct-in-program' }, 'Đưa thẳng vào Chương trình công tác (nhiệm vụ Ban Chỉ đạo giao, cơ sở dữ liệu)')) : null;
  const syncKind = () => { if (directWrap) directWrap.hidden = kind.value === 'breakthrough'; updateButtons(); };

  const saveDraft = h('button', { type: 'submit', class: 'btn', value: 'draft' }, editing ? 'Lưu thay đổi' : 'Lưu nháp');
  const saveSubmit = h('button', { type: 'submit', class: 'btn btn-primary', value: 'submit' }, 'Lưu và gửi phê duyệt');
  const cancel = h('a', { class: 'btn btn-ghost', href: editing ? `#/tasks/${id}` : '#/tasks' }, 'Hủy bỏ');

  function inProgramDirect() {
    return kind && kind.value !== 'breakthrough' && direct && direct.checked;
  }
  function updateButtons() {
    if (inProgramDirect()) {
      saveDraft.hidden = true;
      saveSubmit.textContent = 'Lưu vào Chương trình';
    } else {
      saveDraft.hidden = false;
      saveSubmit.textContent = 'Lưu và gửi phê duyệt';
      saveSubmit.hidden = editing && !task.allowed_actions.includes('submit');
    }
  }
  if (kind) kind.addEventListener('change', syncKind);
  if (direct) direct.addEventListener('change', updateButtons);

  const budgetField = field({ label: 'Dự kiến kinh phí (đồng)', control: budget, name: 'estimated_budget', hint: 'Để trống nếu chưa dự kiến. Ví dụ: 1.500.000.000' });
  budgetField.append(budgetWords);

  const form = h('form', { class: 'task-form', novalidate: true },
    h('fieldset', { class: 'form-section' },
      h('legend', {}, 'Nội dung theo mẫu đăng ký'),
      h('p', { class: 'hint' }, 'Các cột theo đúng thứ tự của mẫu đăng ký nhiệm vụ đột phá; số thứ tự (TT) do hệ thống đánh khi tổng hợp.'),
      h('p', { class: 'hint required-note', id: 'required-note' }, h('span', { class: 'req', 'aria-hidden': 'true' }, '*'),
        ` Bắt buộc trước khi gửi phê duyệt: ${REQUIRED_TO_SUBMIT.map(([, l]) => l.toLowerCase()).join(', ')}. Lưu nháp chỉ cần tên nhiệm vụ.`),
      field({ label: 'Tên nhiệm vụ', control: name, required: true, name: 'name' }),
      field({ label: 'Người chịu trách nhiệm', control: responsible, required: true, name: 'responsible_person', hint: 'Họ tên, chức vụ của người chịu trách nhiệm chính.' }),
      field({ label: 'Cơ quan chủ trì thực hiện', control: lead, name: 'lead_agency', hint: lead.tagName === 'SELECT' ? null : 'Nhiệm vụ đột phá do cơ quan của bạn chủ trì.' }),
      coords.element,
      field({ label: 'Dự kiến sản phẩm', control: product, required: true, name: 'expected_product' }),
      budgetField,
      field({ label: 'Ghi chú', control: notes, name: 'notes' })),
    h('fieldset', { class: 'form-section' },
      h('legend', {}, 'Thông tin bổ sung'),
      h('div', { class: 'grid-2' },
        field({ label: 'Năm', control: year, name: 'year' }),
        field({ label: 'Hạn hoàn thành', control: deadline, required: true, name: 'deadline', hint: 'Ngày/tháng/năm, ví dụ 31/12/2026.' })),
      kind ? field({ label: 'Loại nhiệm vụ', control: kind, name: 'kind' }) : null,
      directWrap,
      fields,
      field({ label: 'Mục tiêu đo lường hiệu quả', control: target, required: true, name: 'target', hint: 'Chỉ tiêu đo được, có số liệu: ví dụ “giảm 50% thời gian xử lý hồ sơ”.' })),
    h('div', { class: 'form-actions' }, saveSubmit, saveDraft, cancel));
  if (kind) syncKind(); else updateButtons();

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const button = ev.submitter || saveDraft;
    const wantSubmit = button.value === 'submit';
    clearErrors(form);
    const errors = [];
    const body = {};
    const v = {
      name: name.value.trim(),
      responsible_person: responsible.value.trim(),
      coordinating_agencies: coords.value(),
      expected_product: product.value.trim(),
      estimated_budget: fmt.parseMoney(budget.value),
      notes: notes.value.trim(),
      year: Number(year.value),
      fields: [...form.querySelectorAll('input[name="fields"]:checked')].map((x) => x.value),
      deadline: fmt.parseDate(deadline.value),
      target: target.value.trim(),
    };
    if (!v.name) errors.push({ field: 'name', message: 'Cần nhập tên nhiệm vụ.' });
    if (Number.isNaN(v.estimated_budget)) errors.push({ field: 'estimated_budget', message: 'Dự kiến kinh phí chỉ gồm chữ số (đơn vị đồng), ví dụ 1.500.000.000.' });
    if (v.deadline === undefined) errors.push({ field: 'deadline', message: 'Hạn hoàn thành phải là ngày có thật, dạng ngày/tháng/năm, ví dụ 31/12/2026.' });
    // Sending needs what the registration letter asks of every task: say
    // every gap at once, before anything is saved (a draft needs only a name).
    if (wantSubmit && !inProgramDirect()) {
      for (const m of missingToSubmit(v)) {
        if (!errors.some((e) => e.field === m.field)) errors.push({ field: m.field, message: `Cần điền «${m.label}» trước khi gửi phê duyệt (có thể lưu nháp trước).` });
      }
    }
    if (errors.length) { showErrors(form, errors); return; }

    if (editing) {
      // Only what changed, with the version the form was built from.
      const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
      for (const k of Object.keys(v)) {
        const before = k === 'coordinating_agencies' ? [...t[k]].sort() : t[k];
        const after = k === 'coordinating_agencies' ? [...v[k]].sort() : v[k];
        if (!same(before, after)) body[k] = v[k];
      }
      body.version = task.version;
    } else {
      Object.assign(body, v);
      if (body.deadline === null) delete body.deadline;
      if (kind) {
        body.kind = kind.value;
        body.lead_agency = lead.value;
        if (inProgramDirect()) body.status = 'in_program';
      }
    }

    await busy(button, async () => {
      let saved;
      try {
        if (editing) {
          saved = Object.keys(body).length > 1 ? await api.tasks.patch(id, body) : task;
        } else {
          saved = await api.tasks.create(body);
        }
      } catch (err) {
        showApiError(form, err, 'task');
        return;
      }
      if (wantSubmit && saved.status !== 'in_program') {
        try {
          await api.tasks.transition(saved.id, 'submit', saved.version);
          toast('Đã lưu và gửi nhiệm vụ cho lãnh đạo đơn vị phê duyệt.');
        } catch (err) {
          toast(`Đã lưu nhiệm vụ nhưng chưa gửi được: ${describe(err)}`, 'warning');
        }
      } else if (saved.status === 'in_program' && !editing) {
        toast('Đã đưa nhiệm vụ vào Chương trình công tác.');
      } else {
        toast(editing ? 'Đã lưu thay đổi.' : 'Đã lưu nháp. Khi sẵn sàng, hãy gửi phê duyệt.');
      }
      releaseLeave();
      ctx.navigate(`#/tasks/${saved.id}`);
    });
  });

  const guide = h('aside', { class: 'form-aside panel', 'aria-labelledby': 'guide-h' },
    h('h2', { id: 'guide-h' }, 'Quy trình'),
    h('ol', { class: 'steps' },
      h('li', {}, h('strong', {}, 'Cơ quan chủ trì'), ' lập đăng ký, lưu nháp hoặc gửi ngay.'),
      h('li', {}, h('strong', {}, 'Lãnh đạo cơ quan'), ' phê duyệt, hoặc trả lại kèm lý do.'),
      h('li', {}, h('strong', {}, 'Tổ giúp việc Ban Chỉ đạo'), ' tiếp nhận vào Chương trình công tác.'),
      h('li', {}, 'Hằng tháng, cơ quan chủ trì ', h('strong', {}, 'báo cáo tiến độ và kết quả, hiệu quả'), '; lãnh đạo cơ quan duyệt.')),
    h('p', { class: 'small muted' }, 'Mục tiêu nên đo được: có con số, có thời hạn, nói rõ người dân, doanh nghiệp được lợi gì.'));

  const reasonNote = lastReturn ? notice(`Lý do trả lại (${lastReturn.actor_name || lastReturn.actor}, ${fmt.dateTime(lastReturn.at)}): ${lastReturn.comment || 'không ghi lý do'}`, 'warning', { role: 'note' }) : null;
  if (reasonNote) reasonNote.id = 'return-reason';
  replace(ctx.main,
    reasonNote,
    pageHead(title, {
      lead: editing
        ? `Nhiệm vụ “${task.name}” (${fmt.STATUS[task.status]}).`
        : 'Điền theo mẫu đăng ký. Có thể lưu nháp rồi gửi sau; khi gửi, lãnh đạo đơn vị sẽ phê duyệt trước khi chuyển Tổ giúp việc tiếp nhận.',
    }),
    h('div', { class: 'form-layout' }, form, guide));
  guardLeave(form);
}
