// Acting head (issue 12): whom the user stands in for today (GET /session's
// acting_for: {head, head_name, until} or null), and the banner that says
// so above every screen.
import { h, replace } from './dom.js';
import * as fmt from './format.js';

let acting = null;

export function setActing(a) { acting = a || null; }

/** {head, head_name, until} while a delegation runs, else null. */
export function actingFor() { return acting; }

export function isActing() { return Boolean(acting); }

/** Whether the acting head changed between a and b (to redraw the menu). */
export function sameActing(a, b) {
  return (a ? `${a.head}/${a.until}` : '') === (b ? `${b.head}/${b.until}` : '');
}

/** The banner #acting-banner: shown while the user acts for a head. */
export function renderActingBanner() {
  const el = document.getElementById('acting-banner');
  if (!el) return;
  if (!acting) {
    el.hidden = true;
    el.replaceChildren();
    return;
  }
  replace(el, h('p', {},
    'Anh/chị đang ', h('strong', {}, `thay mặt ${acting.head_name || acting.head}`),
    ` phê duyệt các việc của đơn vị, đến hết ngày ${fmt.date(acting.until)}. `,
    h('a', { href: '#/approvals' }, 'Xem việc chờ phê duyệt'), ' · ',
    h('a', { href: '#/delegations' }, 'Xem ủy quyền')));
  el.hidden = false;
}
