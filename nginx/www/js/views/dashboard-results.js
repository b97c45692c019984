// The dashboard's results (issue 13): the indicators with target, actual
// and status, the open and overdue proposals, and the scorecard of this
// year and the last, each linking to its own screen.
import { h } from '../dom.js';
import { agencyName } from '../state.js';
import * as fmt from '../format.js';
import { empty } from '../ui.js';
import { scorecard, decimal, periodLabel, indStatusBadge } from '../results.js';
import { scoreText } from './scorecard.js';

function indicatorTable(items) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table indicator-table' },
    h('caption', { class: 'visually-hidden' }, 'Chỉ tiêu: mục tiêu, thực hiện, đánh giá'),
    h('thead', {}, h('tr', {}, ['Chỉ tiêu', 'Cơ quan', 'Kỳ', 'Mục tiêu', 'Thực hiện', 'Đánh giá']
      .map((c, i) => h('th', { scope: 'col', class: i === 3 || i === 4 ? 'num' : null }, c)))),
    h('tbody', {}, items.map((x) => h('tr', { class: `is-row-${x.status || 'none'}` },
      h('th', { scope: 'row' }, h('a', { href: `#/indicators/${x.id}` }, x.name)),
      h('td', { 'data-label': 'Cơ quan' }, agencyName(x.agency)),
      h('td', { 'data-label': 'Kỳ' }, periodLabel(x.period)),
      h('td', { 'data-label': 'Mục tiêu', class: 'num' }, decimal(x.target, x.unit)),
      h('td', { 'data-label': 'Thực hiện', class: 'num' }, decimal(x.actual, x.unit)),
      h('td', { 'data-label': 'Đánh giá' }, indStatusBadge(x.status)))))));
}

function topOf(card, n = 5) {
  const scored = card.agencies.filter((a) => a.score !== null).slice(0, n);
  if (!scored.length) return empty('Chưa có số liệu.');
  return h('ol', { class: 'score-top' }, scored.map((a) => h('li', {},
    h('span', { class: 'st-rank' }, `${a.rank}.`), ' ', a.name, ' ',
    h('strong', { class: 'nowrap' }, `${scoreText(a.score)} điểm`))));
}

/** The three panels, after the dashboard's own; d is GET /dashboard's object. */
export async function dashboardResults(d) {
  const inds = d.indicators || [];
  const props = d.proposals || { open: 0, overdue: 0, overdue_items: [] };
  const cards = await Promise.all([d.year, d.year - 1].map((y) => scorecard.get(y).catch(() => null)));
  return h('div', { class: 'dash-results' },
    h('section', { class: 'panel dash-indicators', 'aria-labelledby': 'd-ind' },
      h('div', { class: 'panel-head' },
        h('h2', { id: 'd-ind' }, `Chỉ tiêu (${inds.length})`),
        h('a', { href: '#/indicators', class: 'btn btn-ghost print-hide' }, 'Xem tất cả')),
      inds.length ? indicatorTable(inds) : empty('Chưa có chỉ tiêu nào được theo dõi.')),
    h('section', { class: 'panel dash-proposals', 'aria-labelledby': 'd-prop' },
      h('div', { class: 'panel-head' },
        h('h2', { id: 'd-prop' }, 'Kiến nghị'),
        h('a', { href: '#/proposals', class: 'btn btn-ghost print-hide' }, 'Sổ theo dõi')),
      h('div', { class: 'kpis' },
        h('a', { class: 'kpi kpi-link', href: '#/proposals' }, h('span', { class: 'kpi-value' }, String(props.open)), h('span', { class: 'kpi-label' }, 'chưa trả lời')),
        h('a', { class: `kpi kpi-link ${props.overdue ? 'kpi-bad' : 'kpi-ok'}`, href: '#/proposals?overdue=1' }, h('span', { class: 'kpi-value' }, String(props.overdue)), h('span', { class: 'kpi-label' }, 'quá hạn trả lời'))),
      props.overdue_items.length ? h('ul', { class: 'overdue-proposals' }, props.overdue_items.slice(0, 10).map((p) => h('li', {},
        h('a', { href: `#/proposals?overdue=1` }, p.text), ' ',
        h('span', { class: 'muted small' }, `— ${agencyName(p.agency)} gửi ${p.addressed_to === 'BCD' ? 'Ban Chỉ đạo' : agencyName(p.addressed_to)}, hạn ${fmt.date(p.due)}`)))) : null),
    h('section', { class: 'panel dash-score', 'aria-labelledby': 'd-score' },
      h('h2', { id: 'd-score' }, 'Bảng điểm'),
      h('div', { class: 'grid-2' }, cards.map((c, i) => (c ? h('div', {},
        h('h3', {}, h('a', { href: `#/scorecard?year=${c.year}` }, `Năm ${c.year}`)),
        topOf(c)) : h('p', { class: 'muted' }, `Năm ${d.year - i}: không tải được.`))))));
}
