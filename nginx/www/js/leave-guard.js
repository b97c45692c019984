// A form with unsaved input asks before it is left: another screen, Back,
// reloading or closing the tab.  One form at a time: the screen on view.
// Work typed into a registration or a report was lost silently (issue 17).

let dirty = null;   // () => boolean, or null when nothing is guarded

/** Every value and check of a form's controls, as one string. */
function snapshot(form) {
  return JSON.stringify([...form.querySelectorAll('input, select, textarea')]
    .map((el) => (el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.value)));
}

/** Guards form from now on: leaving asks once anything differs from now. */
export function guardLeave(form) {
  const initial = snapshot(form);
  dirty = () => form.isConnected && snapshot(form) !== initial;
}

/** Nothing to lose any more (saved, or another screen is shown). */
export function releaseLeave() { dirty = null; }

export const LEAVE_QUESTION = 'Biểu mẫu có nội dung chưa lưu. Rời trang và bỏ nội dung đã nhập?';

/** Whether the screen may be left now: asks when the form holds unsaved input. */
export function mayLeave() {
  if (!dirty || !dirty()) return true;
  // eslint-disable-next-line no-alert
  return window.confirm(LEAVE_QUESTION);
}

window.addEventListener('beforeunload', (ev) => {
  if (dirty && dirty()) { ev.preventDefault(); ev.returnValue = ''; }
});
