// Small pieces every view uses: headings, badges, notices, form fields,
// form errors, the confirmation dialog and the status toast.
import { h, newId, replace } from './dom.js';
import { describe } from './errors.js';
import { STATUS, HEALTH, REPORT_STATUS, KIND, percent } from './format.js';

/** The page's heading block: h1 (focused after navigation) and optional lead text and actions. */
export function pageHead(title, { lead, actions } = {}) {
  return h('div', { class: 'page-head' },
    h('div', { class: 'page-head-text' },
      h('h1', { tabindex: '-1', id: 'page-title' }, title),
      lead ? h('p', { class: 'lead' }, lead) : null),
    actions && actions.length ? h('div', { class: 'page-actions' }, actions) : null);
}

export function badge(text, cls = '') {
  return h('span', { class: `badge ${cls}`.trim() }, text);
}

export function statusBadge(status) {
  return badge(STATUS[status] || status, `st-${status}`);
}

export function reportStatusBadge(status) {
  return badge(REPORT_STATUS[status] || status, `rs-${status}`);
}

export function healthBadge(health) {
  return health ? badge(HEALTH[health] || health, `hl-${health}`) : null;
}

export function kindBadge(kind) {
  return badge(KIND[kind] || kind, 'kind');
}

export function overdueBadge() {
  return badge('Quá hạn', 'overdue-badge');
}

/** A labelled progress bar: <progress> plus the figure as text. */
export function progressBar(p, label = 'Tỷ lệ hoàn thành') {
  if (p === null || p === undefined) return h('span', { class: 'muted' }, 'Chưa có báo cáo');
  return h('span', { class: 'progress' },
    h('progress', { max: '100', value: String(p), 'aria-label': `${label}: ${p}%` }),
    h('span', { class: 'progress-figure' }, percent(p)));
}

export function notice(text, kind = 'info', { role } = {}) {
  return h('div', { class: `notice notice-${kind}`, role: role || (kind === 'error' ? 'alert' : null) }, text);
}

/** A notice for a failed load, with a retry button. */
export function loadError(err, retry) {
  return h('div', { class: 'notice notice-error', role: 'alert' },
    h('p', {}, describe(err)),
    retry ? h('button', { type: 'button', class: 'btn', onclick: retry }, 'Thử lại') : null);
}

export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

// --- form fields -------------------------------------------------------------

/**
 * A labelled control: label[for], the control, an optional hint, and an
 * error slot that showErrors() fills.  `name` ties API errors to it.
 */
export function field({ label, control, hint, required, name, cls }) {
  const id = control.id || newId('f');
  control.id = id;
  if (name) control.dataset.field = name;
  const hintId = hint ? `${id}-hint` : null;
  const errId = `${id}-err`;
  control.setAttribute('aria-describedby', [hintId, errId].filter(Boolean).join(' '));
  if (required) control.required = true;
  return h('div', { class: `field ${cls || ''}`.trim(), dataset: name ? { for: name } : undefined },
    h('label', { for: id }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    control,
    h('p', { class: 'field-error', id: errId }));
}

/** A group of checkboxes or radios with a legend. */
export function choiceGroup({ legend, name, type = 'checkbox', options, selected = [], hint, required }) {
  const hintId = hint ? newId('h') : null;
  const errId = newId('e');
  const fs = h('fieldset', {
    class: 'choices', dataset: { for: name },
    'aria-describedby': [hintId, errId].filter(Boolean).join(' '),
  },
  h('legend', {}, legend, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
  hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
  h('div', { class: 'choice-list' }, options.map(([value, text]) => {
    const id = newId('c');
    return h('div', { class: 'choice' },
      h('input', {
        type, id, name, value, checked: selected.includes(value), dataset: { field: name },
        required: type === 'radio' && required ? true : null,
      }),
      h('label', { for: id }, text));
  })),
  h('p', { class: 'field-error', id: errId }));
  return fs;
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
  for (const el of form.querySelectorAll('.field.has-error, fieldset.has-error')) el.classList.remove('has-error');
  const box = form.querySelector('.form-errors');
  if (box) { box.hidden = true; box.replaceChildren(); }
}

/**
 * Shows errors on a form: [{field, message}] next to their controls and in
 * the summary box at the top, which takes the focus.
 */
export function showErrors(form, errors) {
  clearErrors(form);
  if (!form.dataset.liveClear) {
    // A field's message goes as soon as the person edits that field.
    form.dataset.liveClear = '1';
    const onEdit = (ev) => {
      const ctl = ev.target;
      if (!ctl || !ctl.dataset || !ctl.dataset.field) return;
      const wrap = form.querySelector(`[data-for="${CSS.escape(ctl.dataset.field)}"]`);
      for (const el of form.querySelectorAll(`[data-field="${CSS.escape(ctl.dataset.field)}"][aria-invalid]`)) el.removeAttribute('aria-invalid');
      if (wrap) {
        wrap.classList.remove('has-error');
        const slot = wrap.querySelector('.field-error');
        if (slot) slot.textContent = '';
      }
      const box = form.querySelector('.form-errors');
      if (box) {
        for (const li of box.querySelectorAll(`li[data-err-field="${CSS.escape(ctl.dataset.field)}"]`)) li.remove();
        if (!box.querySelector('li')) { box.hidden = true; box.replaceChildren(); }
      }
    };
    form.addEventListener('input', onEdit);
    form.addEventListener('change', onEdit);
  }
  let box = form.querySelector('.form-errors');
  if (!box) {
    box = h('div', { class: 'form-errors notice notice-error', role: 'alert', tabindex: '-1' });
    form.prepend(box);
  }
  const list = h('ul');
  for (const e of errors) {
    const wrap = e.field ? form.querySelector(`[data-for="${CSS.escape(e.field)}"]`) : null;
    const ctl = e.field ? form.querySelector(`[data-field="${CSS.escape(e.field)}"]`) : null;
    if (wrap) {
      wrap.classList.add('has-error');
      const slot = wrap.querySelector('.field-error');
      if (slot) slot.textContent = e.message;
    }
    if (ctl) ctl.setAttribute('aria-invalid', 'true');
    const item = h('li', { dataset: e.field ? { errField: e.field } : undefined });
    if (ctl && ctl.id) {
      item.append(h('a', {
        href: `#${ctl.id}`,
        onclick: (ev) => { ev.preventDefault(); ctl.focus(); },
      }, e.message));
    } else item.append(e.message);
    list.append(item);
  }
  replace(box, h('p', { class: 'form-errors-title' }, errors.length > 1
    ? 'Chưa lưu được, vì:' : 'Chưa lưu được:'), list);
  box.hidden = false;
  box.focus();
}

/** Shows an ApiError on a form, on its field when the API names one. */
export function showApiError(form, err, kind = 'task') {
  const message = describe(err, kind);
  const field = err && err.field;
  const rest = (err && err.fields ? err.fields : []).filter((f) => f !== field)
    .map((f) => ({ field: f, message: 'Cần điền mục này trước khi gửi.' }));
  showErrors(form, [{ field, message }, ...rest]);
  return message;
}


// --- dialog and toast ----------------------------------------------------------

/**
 * A modal confirmation: resolves to {comment} when confirmed, null when
 * cancelled.  With `comment`, asks for a text (required or not).
 */
export function confirmDialog({ title, message, confirmLabel = 'Đồng ý', danger = false, comment = null }) {
  return new Promise((resolve) => {
    const titleId = newId('dlg');
    const ta = comment ? h('textarea', { rows: '4', maxlength: '4000', name: 'comment' }) : null;
    const errSlot = h('p', { class: 'field-error', role: 'alert' });
    const form = h('form', { method: 'dialog', class: 'dialog-form', novalidate: true },
      h('h2', { id: titleId }, title),
      message ? h('p', {}, message) : null,
      comment ? field({ label: comment.label, control: ta, hint: comment.hint, required: comment.required, name: 'comment' }) : null,
      errSlot,
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'submit', class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, value: 'ok' }, confirmLabel),
        h('button', { type: 'button', class: 'btn', value: 'cancel', onclick: () => dlg.close('cancel') }, 'Thôi')));
    const dlg = h('dialog', { class: 'dialog', 'aria-labelledby': titleId }, form);
    form.addEventListener('submit', (ev) => {
      if (comment && comment.required && !ta.value.trim()) {
        ev.preventDefault();
        errSlot.textContent = `Cần nhập ${comment.label.toLowerCase()}.`;
        ta.setAttribute('aria-invalid', 'true');
        ta.focus();
      }
    });
    dlg.addEventListener('close', () => {
      const ok = dlg.returnValue === 'ok';
      const text = ta ? ta.value.trim() : '';
      dlg.remove();
      resolve(ok ? { comment: text } : null);
    });
    document.body.append(dlg);
    dlg.showModal();
    (ta || form.querySelector('button[value="ok"]')).focus();
  });
}

let toastTimer = null;
/** A short message in the live region at the bottom of the screen. */
export function toast(text, kind = 'success') {
  const region = document.getElementById('toast');
  if (!region) return;
  clearTimeout(toastTimer);
  replace(region, h('p', { class: `toast toast-${kind}` }, text));
  toastTimer = setTimeout(() => region.replaceChildren(), 7000);
}

/** Disables a button while fn runs; returns fn's result. */
export async function busy(button, fn) {
  const was = button.disabled;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try { return await fn(); } finally {
    button.disabled = was;
    button.removeAttribute('aria-busy');
  }
}
