// The task table in the registration template's column order (TT, Tên
// nhiệm vụ, Người chịu trách nhiệm, Cơ quan chủ trì thực hiện, Cơ quan
// phối hợp, Dự kiến sản phẩm, Dự kiến kinh phí, Ghi chú), then deadline and
// status.  On a phone each row becomes a card (see .task-table in app.css).
import { h } from './dom.js';
import { agencyName } from './state.js';
import * as fmt from './format.js';
import { statusBadge, overdueBadge, healthBadge, progressBar, kindBadge } from './ui.js';

const COLS = ['TT', 'Tên nhiệm vụ', 'Người chịu trách nhiệm', 'Cơ quan chủ trì thực hiện',
  'Cơ quan phối hợp', 'Dự kiến sản phẩm', 'Dự kiến kinh phí', 'Ghi chú',
  'Hạn hoàn thành', 'Trạng thái, tiến độ'];

function cell(label, content, cls) {
  // One child, so the phone layout's label/value grid has two cells.
  const inner = h('div', { class: cls === 'col-clamp' ? 'cell-v clamp' : 'cell-v' }, content);
  return h('td', { 'data-label': label, class: cls || null }, inner);
}

function deadlineCell(t) {
  if (!t.deadline) return h('span', { class: 'muted' }, 'Chưa có hạn');
  const today = fmt.today().iso;
  const parts = [h('span', { class: 'nowrap' }, fmt.date(t.deadline))];
  if (t.overdue) {
    const late = fmt.daysBetween(t.deadline, today);
    parts.push(h('span', { class: 'late-days' }, `quá ${late} ngày`));
  }
  if (t.original_deadline && t.original_deadline !== t.deadline) {
    parts.push(h('span', { class: 'muted small' }, `hạn ban đầu ${fmt.date(t.original_deadline)}`));
  }
  // Issue 15: extended, how often, by whom.
  if (t.extensions) {
    parts.push(h('span', { class: 'muted small' }, `gia hạn ${t.extensions} lần${t.extended_by ? ` (${t.extended_by})` : ''}`));
  }
  return parts;
}

function statusCell(t, { actions } = {}) {
  return [
    h('span', { class: 'badges' }, statusBadge(t.status), t.overdue ? overdueBadge() : null),
    t.progress ? h('span', { class: 'task-progress' },
      progressBar(t.progress.percent),
      h('span', { class: 'small' }, fmt.period(t.progress.period), ' · '),
      healthBadge(t.progress.health)) : null,
    actions ? actions(t) : null,
  ];
}

/**
 * A table of tasks. opts.start: the TT of the first row; opts.actions(t):
 * extra controls for the last cell (queues); opts.caption; opts.select(t):
 * a checkbox beside the TT (bulk queues); opts.meta(t): a line under the
 * name (a queue's sender, date and waiting time).
 */
export function taskTable(items, opts = {}) {
  const start = opts.start || 1;
  const tbody = h('tbody');
  appendRows(tbody, items, start, opts);
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'task-table' },
      opts.caption ? h('caption', { class: opts.captionHidden ? 'visually-hidden' : null }, opts.caption) : null,
      h('thead', {}, h('tr', {}, COLS.map((c, i) => headCell(c, i, opts)))),
      tbody));
}

// The columns the list sorts by (GET /tasks?sort=), by position in COLS.
const SORT_COLS = { 1: 'name', 3: 'lead_agency', 8: 'deadline', 9: 'status' };

/**
 * A column header; with opts.onSort, the sortable ones are buttons that
 * say their order (aria-sort) and call opts.onSort(sort): ascending first,
 * then descending.  opts.sort is the list's sort ("deadline", "-name").
 */
function headCell(label, i, opts) {
  const key = SORT_COLS[i];
  if (!key || !opts.onSort) return h('th', { scope: 'col', class: `tc-${i}` }, label);
  const cur = opts.sort || '';
  const dir = cur === key ? 'ascending' : cur === `-${key}` ? 'descending' : 'none';
  const next = dir === 'ascending' ? `-${key}` : key;
  const say = dir === 'ascending' ? 'đang xếp tăng dần; bấm để xếp giảm dần'
    : dir === 'descending' ? 'đang xếp giảm dần; bấm để xếp tăng dần' : 'bấm để sắp xếp';
  return h('th', { scope: 'col', class: `tc-${i} th-sort`, 'aria-sort': dir },
    h('button', { type: 'button', class: 'sort-btn', dataset: { sort: key }, title: `Sắp xếp theo ${label.toLowerCase()}: ${say}`, onclick: () => opts.onSort(next) },
      label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ' ↕')));
}

export function appendRows(tbody, items, start, opts = {}) {
  items.forEach((t, i) => {
    tbody.append(h('tr', { class: t.overdue ? 'is-overdue' : null, dataset: { taskId: String(t.id) } },
      cell('TT', opts.select ? h('span', { class: 'tt-select' }, opts.select(t), h('span', {}, String(start + i))) : String(start + i), 'col-tt'),
      cell('Tên nhiệm vụ', [
        h('a', { href: `#/tasks/${t.id}`, class: 'task-link' }, t.name),
        t.kind !== 'breakthrough' ? h('span', { class: 'badges' }, kindBadge(t.kind)) : null,
        h('span', { class: 'muted small block' }, `Năm ${t.year}`),
        opts.meta ? opts.meta(t) : null,
      ], 'col-name'),
      cell('Người chịu trách nhiệm', t.responsible_person || '—'),
      cell('Cơ quan chủ trì thực hiện', agencyName(t.lead_agency)),
      cell('Cơ quan phối hợp', t.coordinating_agencies.length
        ? t.coordinating_agencies.map(agencyName).join('; ') : '—', 'col-clamp'),
      cell('Dự kiến sản phẩm', t.expected_product || '—', 'col-clamp'),
      cell('Dự kiến kinh phí', t.estimated_budget === null ? '—' : fmt.money(t.estimated_budget), 'col-money'),
      cell('Ghi chú', t.notes || '—', 'col-clamp'),
      cell('Hạn hoàn thành', deadlineCell(t)),
      cell('Trạng thái, tiến độ', statusCell(t, opts), 'col-status')));
  });
}
