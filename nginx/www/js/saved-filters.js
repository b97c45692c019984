// Saved filters (issue 17): the user's named queries of the task list,
// kept on the server (/me/filters, at most 50).  Save the current one under
// a name, apply one (it becomes the address, so Back and links work), or
// delete one.
import * as api from './api.js';
import { h, replace, newId } from './dom.js';
import { confirmDialog, toast, busy } from './ui.js';

/**
 * opts.current(): the list's query now ("status=draft&sort=name");
 * opts.apply(query): shows the list for a saved query.
 * Returns {el}: the block to place under the filters.
 */
export function savedFilters({ current, apply }) {
  const selId = newId('sf');
  const nameId = newId('sfn');
  const errId = newId('sfe');
  let items = [];

  const sel = h('select', { id: selId, name: 'saved-filter' });
  const useBtn = h('button', { type: 'button', class: 'btn' }, 'Áp dụng');
  const delBtn = h('button', { type: 'button', class: 'btn btn-ghost' }, 'Xóa bộ lọc này');
  const openBtn = h('button', { type: 'button', class: 'btn btn-ghost', 'aria-expanded': 'false' }, 'Lưu bộ lọc hiện tại…');
  const name = h('input', { type: 'text', id: nameId, maxlength: '100', autocomplete: 'off', 'aria-describedby': errId });
  const err = h('p', { class: 'field-error', id: errId, role: 'alert' });
  const saveBtn = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Lưu');
  const form = h('form', { class: 'saved-filter-form', hidden: true, novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: nameId }, 'Tên bộ lọc'),
      name, err),
    h('div', { class: 'saved-filter-buttons' }, saveBtn,
      h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => close() }, 'Thôi')));
  const pick = h('div', { class: 'saved-filter-pick' },
    h('label', { for: selId }, 'Bộ lọc đã lưu'), sel,
    h('div', { class: 'saved-filter-buttons' }, useBtn, delBtn));
  const el = h('section', { class: 'saved-filters', 'aria-label': 'Lưu và dùng lại bộ lọc' },
    pick, h('div', { class: 'saved-filter-buttons' }, openBtn), form);

  function fill(selectId) {
    replace(sel, items.length
      ? items.map((f) => h('option', { value: String(f.id), selected: f.id === selectId }, f.name))
      : h('option', { value: '' }, 'Chưa có bộ lọc nào'));
    sel.disabled = !items.length;
    useBtn.disabled = !items.length;
    delBtn.disabled = !items.length;
    // The filter that is on screen now is the one selected.
    const now = current();
    const on = items.find((f) => f.query === now);
    if (on && selectId === undefined) sel.value = String(on.id);
  }

  async function load(selectId) {
    try {
      items = (await api.filters.list()).items;
    } catch {
      items = [];
    }
    fill(selectId);
  }

  function close() {
    form.hidden = true;
    openBtn.setAttribute('aria-expanded', 'false');
    openBtn.focus();
  }

  openBtn.addEventListener('click', () => {
    form.hidden = !form.hidden;
    openBtn.setAttribute('aria-expanded', String(!form.hidden));
    err.textContent = '';
    name.removeAttribute('aria-invalid');
    if (!form.hidden) name.focus();
  });

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const n = name.value.trim();
    if (!n) {
      err.textContent = 'Cần nhập tên bộ lọc.';
      name.setAttribute('aria-invalid', 'true');
      name.focus();
      return;
    }
    try {
      const f = await busy(saveBtn, () => api.filters.create(n, current()));
      name.value = '';
      await load(f.id);
      close();
      toast(`Đã lưu bộ lọc “${f.name}”.`);
    } catch (e) {
      err.textContent = e.message;
      name.setAttribute('aria-invalid', 'true');
      name.focus();
    }
  });

  useBtn.addEventListener('click', () => {
    const f = items.find((x) => String(x.id) === sel.value);
    if (f) apply(f.query);
  });

  delBtn.addEventListener('click', async () => {
    const f = items.find((x) => String(x.id) === sel.value);
    if (!f) return;
    const ok = await confirmDialog({ title: 'Xóa bộ lọc đã lưu?', message: `Bộ lọc “${f.name}” sẽ bị xóa; danh sách nhiệm vụ không thay đổi.`, confirmLabel: 'Xóa bộ lọc', danger: true });
    if (!ok) return;
    try {
      await busy(delBtn, () => api.filters.remove(f.id));
      await load(null);
      toast(`Đã xóa bộ lọc “${f.name}”.`);
      sel.focus();
    } catch (e) {
      toast(e.message, 'error');
    }
  });

  load();
  return { el };
}
