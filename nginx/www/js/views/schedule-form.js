// The secretariat's adjustment of a task: deadline, target and notes only;
// moving the deadline of a task in the programme needs a reason.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import * as fmt from '../format.js';
import { pageHead, field, notice, showErrors, showApiError, clearErrors, busy, toast } from '../ui.js';

export async function renderScheduleForm(ctx) {
  const id = Number(ctx.params[0]);
  const task = await api.tasks.get(id);
  if (!ctx.isCurrent()) return;
  const title = 'Điều chỉnh hạn, mục tiêu, ghi chú';
  ctx.title(title);
  const allowed = task.allowed_actions || [];
  if (!allowed.includes('edit_schedule') && !allowed.includes('edit')) {
    replace(ctx.main, pageHead(title), notice('Bạn không thể điều chỉnh nhiệm vụ này ở trạng thái hiện tại.', 'warning'),
      h('p', {}, h('a', { href: `#/tasks/${id}` }, '← Quay lại nhiệm vụ')));
    return;
  }
  const deadline = h('input', { type: 'text', inputmode: 'numeric', placeholder: 'dd/mm/yyyy', maxlength: '10', autocomplete: 'off', value: fmt.date(task.deadline) });
  const target = h('textarea', { rows: '3', maxlength: '2000' });
  target.value = task.target;
  const notes = h('textarea', { rows: '3', maxlength: '2000' });
  notes.value = task.notes;
  const comment = h('textarea', { rows: '3', maxlength: '4000' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Lưu điều chỉnh');
  const form = h('form', { class: 'task-form', novalidate: true },
    field({ label: 'Hạn hoàn thành', control: deadline, name: 'deadline', hint: `Ngày/tháng/năm. Hạn hiện tại: ${fmt.date(task.deadline) || 'chưa có'}${task.original_deadline ? `; hạn ban đầu: ${fmt.date(task.original_deadline)}` : ''}.` }),
    field({ label: 'Mục tiêu đo lường hiệu quả', control: target, name: 'target' }),
    field({ label: 'Ghi chú', control: notes, name: 'notes' }),
    field({ label: 'Lý do điều chỉnh', control: comment, name: 'comment', hint: task.status === 'in_program' ? 'Bắt buộc khi thay đổi hạn của nhiệm vụ đã vào Chương trình; được lưu vào lịch sử.' : 'Được lưu vào lịch sử.' }),
    h('div', { class: 'form-actions' }, save, h('a', { class: 'btn btn-ghost', href: `#/tasks/${id}` }, 'Hủy bỏ')));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const d = fmt.parseDate(deadline.value);
    if (d === undefined) {
      showErrors(form, [{ field: 'deadline', message: 'Hạn hoàn thành phải là ngày có thật, dạng ngày/tháng/năm.' }]);
      return;
    }
    const body = { version: task.version };
    if (d !== task.deadline) body.deadline = d;
    if (target.value.trim() !== task.target) body.target = target.value.trim();
    if (notes.value.trim() !== task.notes) body.notes = notes.value.trim();
    if (comment.value.trim()) body.comment = comment.value.trim();
    if ('deadline' in body && task.status === 'in_program' && !body.comment) {
      showErrors(form, [{ field: 'comment', message: 'Cần ghi rõ lý do điều chỉnh hạn của nhiệm vụ đã vào Chương trình.' }]);
      return;
    }
    if (Object.keys(body).filter((k) => k !== 'version' && k !== 'comment').length === 0) {
      showErrors(form, [{ field: null, message: 'Chưa có thay đổi nào.' }]);
      return;
    }
    await busy(save, async () => {
      try {
        await api.tasks.patch(id, body);
        toast('Đã lưu điều chỉnh.');
        ctx.navigate(`#/tasks/${id}`);
      } catch (err) { showApiError(form, err); }
    });
  });

  replace(ctx.main,
    h('p', { class: 'breadcrumb' }, h('a', { href: `#/tasks/${id}` }, '← Quay lại nhiệm vụ')),
    pageHead(title, { lead: `Nhiệm vụ “${task.name}” (${fmt.STATUS[task.status]}).` }),
    form);
}
