// Multi-select of agencies by name: a filterable list of checkboxes (works
// with keyboard and on a phone, unlike <select multiple>).
import { h, newId } from './dom.js';
import { state, agencyName } from './state.js';

// The search's spaces (docs/API.md, "Spaces in the search"): each run of
// them is one space, as the server folds a name and a query.
const SPACES = /[\t\n\r \u00a0\u2000-\u200a\u202f\u205f\u3000]+/g;

/** Lower-case without Vietnamese accents, for the client-side filter. */
export function fold(s) {
  return String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase()
    .replace(SPACES, ' ').trim();
}

export function agencyPicker({ legend, name, selected = [], exclude = null, hint }) {
  const chosen = new Set(selected);
  const hintId = newId('h');
  const errId = newId('e');
  const filterId = newId('flt');
  const summary = h('p', { class: 'picker-summary', 'aria-live': 'polite' });
  const filter = h('input', { type: 'search', id: filterId, autocomplete: 'off', placeholder: 'Gõ tên cơ quan, có dấu hoặc không' });
  const list = h('ul', { class: 'picker-list' });
  // A retired or merged agency is offered only where it is already chosen.
  const items = state.agencies.filter((a) => a.active !== false || chosen.has(a.code)).map((a) => {
    const id = newId('ag');
    const box = h('input', { type: 'checkbox', id, value: a.code, name, checked: chosen.has(a.code), dataset: { field: name } });
    box.addEventListener('change', () => {
      if (box.checked) chosen.add(a.code); else chosen.delete(a.code);
      updateSummary();
    });
    const li = h('li', { class: 'choice', dataset: { fold: fold(`${a.name} ${a.code}`) } }, box, h('label', { for: id }, a.name));
    list.append(li);
    return { a, li, box };
  });

  function updateSummary() {
    const names = [...chosen].filter((c) => c !== exclude).map(agencyName);
    summary.textContent = names.length ? `Đã chọn ${names.length}: ${names.join('; ')}` : 'Chưa chọn cơ quan phối hợp nào.';
  }

  function applyFilter() {
    const q = fold(filter.value.trim());
    for (const it of items) {
      it.li.hidden = it.a.code === exclude || (q !== '' && !it.li.dataset.fold.includes(q));
    }
  }
  filter.addEventListener('input', applyFilter);

  const element = h('fieldset', { class: 'choices picker', dataset: { for: name }, 'aria-describedby': `${hintId} ${errId}` },
    h('legend', {}, legend),
    h('p', { class: 'hint', id: hintId }, hint || 'Đánh dấu một hoặc nhiều cơ quan; có thể gõ để lọc danh sách.'),
    h('div', { class: 'field' }, h('label', { for: filterId }, 'Lọc danh sách cơ quan'), filter),
    list,
    summary,
    h('p', { class: 'field-error', id: errId }));

  function setExclude(code) {
    exclude = code;
    for (const it of items) if (it.a.code === code) { it.box.checked = false; chosen.delete(code); }
    applyFilter();
    updateSummary();
  }
  setExclude(exclude);

  return {
    element,
    value: () => state.agencies.map((a) => a.code).filter((c) => chosen.has(c) && c !== exclude),
    setExclude,
  };
}
