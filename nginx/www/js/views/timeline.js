// The programme's deadlines on one line of time: the specialized databases
// and the committee's directives of the year's scope, month by month, each
// marked done, overdue or still ahead, with today drawn between the past and
// the future.  Read by the secretariat to see what falls due next.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { agencyName } from '../state.js';
import * as fmt from '../format.js';
import { pageHead, notice, empty, badge } from '../ui.js';
import { readPeriod, periodForm } from '../period-picker.js';
import { figureHref } from './dashboard.js';

// At most this many pages of 200 per kind; the screen says when a list was longer.
const PAGES_MAX = 10;

async function allPages(params) {
  const out = [];
  let cursor = null;
  for (let i = 0; i < PAGES_MAX; i += 1) {
    const page = await api.tasks.list({ ...params, limit: 200, cursor });
    out.push(...page.items);
    cursor = page.next_cursor;
    if (!cursor) return { items: out, complete: true };
  }
  return { items: out, complete: false };
}

/** done, overdue, soon (within 30 days) or ahead. */
function stateOf(t, today) {
  if (t.status === 'completed') return 'done';
  if (t.overdue) return 'overdue';
  return fmt.daysBetween(today, t.deadline) <= 30 ? 'soon' : 'ahead';
}

const STATE_BADGE = {
  done: ['Hoàn thành', 'st-completed'],
  overdue: ['Quá hạn', 'overdue-badge'],
  soon: ['Đến hạn trong 30 ngày', 'st-submitted'],
  ahead: ['Còn hạn', 'st-approved'],
};

export async function renderTimeline(ctx) {
  const sel = readPeriod(ctx.query);
  ctx.title('Mốc thời hạn');
  const [dbs, dirs] = await Promise.all([
    allPages({ scope: sel.year, kind: 'database', with_drafts: 'false' }),
    allPages({ scope: sel.year, kind: 'directive', with_drafts: 'false' }),
  ]);
  if (!ctx.isCurrent()) return;
  const today = fmt.today().iso;
  const all = [...dbs.items, ...dirs.items].filter((t) => t.status !== 'cancelled');
  const dated = all.filter((t) => t.deadline).sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id - b.id);
  const undated = all.length - dated.length;

  // Month groups, with "today" placed before the first deadline after it.
  const months = new Map();
  for (const t of dated) {
    const m = t.deadline.slice(0, 7);
    if (!months.has(m)) months.set(m, []);
    months.get(m).push(t);
  }
  let todayShown = false;
  const todayMark = () => h('li', { class: 'tl-today', id: 'tl-today' }, h('span', {}, `Hôm nay, ${fmt.date(today)}`));
  const groups = [];
  for (const [m, items] of months) {
    const rows = [];
    for (const t of items) {
      if (!todayShown && t.deadline >= today) { rows.push(todayMark()); todayShown = true; }
      const st = stateOf(t, today);
      rows.push(h('li', { class: `tl-item tl-${st}`, dataset: { taskId: String(t.id), deadline: t.deadline } },
        h('span', { class: 'tl-date' }, fmt.date(t.deadline)),
        h('span', { class: 'tl-what' },
          h('a', { href: `#/tasks/${t.id}` }, t.name),
          h('span', { class: 'muted small block' }, `${t.kind === 'database' ? 'Cơ sở dữ liệu' : 'Chỉ đạo của Ban Chỉ đạo'} · ${agencyName(t.lead_agency)}`)),
        h('span', { class: 'tl-state' }, badge(...STATE_BADGE[st]),
          t.progress && t.status !== 'completed' ? h('span', { class: 'small muted' }, ` ${t.progress.percent}%`) : null)));
    }
    groups.push(h('section', { class: 'tl-month', 'aria-labelledby': `tl-${m}` },
      h('h2', { id: `tl-${m}` }, fmt.period(m)),
      h('ol', { class: 'tl-list' }, rows)));
  }
  if (!todayShown && dated.length) groups.push(h('ol', { class: 'tl-list' }, todayMark()));

  const count = (st) => dated.filter((t) => stateOf(t, today) === st).length;
  replace(ctx.main,
    pageHead('Mốc thời hạn của Chương trình', {
      lead: `Hạn hoàn thành của các cơ sở dữ liệu chuyên ngành và các nhiệm vụ Ban Chỉ đạo giao, năm ${sel.year} và các năm trước chưa hoàn thành, theo thứ tự thời gian.`,
      actions: [h('a', { class: 'btn', href: `#/dashboard?year=${sel.year}&period=${sel.period}` }, 'Về trang tổng hợp')],
    }),
    periodForm(sel, (v) => ctx.navigate(`#/timeline?year=${v.year}&period=${v.period}`)),
    dbs.complete && dirs.complete ? null : notice(`Danh sách dài: chỉ hiện ${PAGES_MAX * 200} nhiệm vụ đầu của mỗi loại.`, 'warning'),
    h('p', { class: 'tl-summary', id: 'tl-summary' },
      h('a', { href: figureHref(sel.year, { kind: 'database', with_drafts: 'false' }) }, `${dbs.items.length} cơ sở dữ liệu`), ', ',
      h('a', { href: figureHref(sel.year, { kind: 'directive', with_drafts: 'false' }) }, `${dirs.items.length} nhiệm vụ Ban Chỉ đạo giao`),
      `: ${count('done')} hoàn thành, ${count('overdue')} quá hạn, ${count('soon')} đến hạn trong 30 ngày, ${count('ahead')} còn hạn`
      + `${undated ? `; ${undated} chưa có hạn` : ''}.`),
    dated.length ? h('div', { class: 'timeline' }, groups) : empty('Chưa có mốc thời hạn nào.'));
}
