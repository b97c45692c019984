// Results, not just progress (issue 13): the calls and Vietnamese labels of
// indicators, their values, the difficulties register and the year's
// scorecard, shared by their screens.
import { get, post, patch, qs, url } from './api.js';
import { h } from './dom.js';
import { badge } from './ui.js';
import { describe } from './errors.js';

export const indicators = {
  list: (f) => get(`/indicators${qs(f)}`),
  get: (id) => get(`/indicators/${id}`),
  create: (body) => post('/indicators', body),
  patch: (id, body) => patch(`/indicators/${id}`, body),
  transition: (id, action, version, comment) =>
    post(`/indicators/${id}/transitions`, comment ? { action, version, comment } : { action, version }),
  series: (id, year) => get(`/indicators/${id}/series${qs({ year })}`),
  values: (id, f) => get(`/indicators/${id}/values${qs(f)}`),
  addValue: (id, body) => post(`/indicators/${id}/values`, body),
};

export const values = {
  search: (f) => get(`/indicator-values${qs(f)}`),
  patch: (id, body) => patch(`/indicator-values/${id}`, body),
  transition: (id, action, version, comment) =>
    post(`/indicator-values/${id}/transitions`, comment ? { action, version, comment } : { action, version }),
};

export const proposals = {
  list: (f) => get(`/proposals${qs(f)}`),
  patch: (id, body) => patch(`/proposals/${id}`, body),
  transition: (id, action, version, comment) =>
    post(`/proposals/${id}/transitions`, comment ? { action, version, comment } : { action, version }),
  xlsx: (f) => url(`/exports/proposals.xlsx${qs(f)}`),
};

export const scorecard = {
  get: (year) => get(`/scorecard${qs({ year })}`),
  xlsx: (year) => url(`/exports/scorecard.xlsx${qs({ year })}`),
};

export const UNIT = { percent: '%', count: 'số lượng', money: 'đồng' };
export const UNIT_LONG = { percent: 'Tỷ lệ (%)', count: 'Số lượng', money: 'Số tiền (đồng)' };
export const DIRECTION = { higher: 'Càng cao càng tốt', lower: 'Càng thấp càng tốt' };
export const FREQUENCY = { month: 'Hằng tháng', quarter: 'Hằng quý' };

export const IND_STATUS = {
  achieved: 'Đạt',
  on_track: 'Đúng tiến độ',
  behind: 'Chậm',
  no_data: 'Chưa có số liệu',
};

export const VALUE_STATUS = {
  draft: 'Nháp',
  submitted: 'Chờ lãnh đạo đơn vị duyệt',
  approved: 'Đã duyệt',
  returned: 'Bị trả lại',
};

export const PROPOSAL_STATUS = {
  new: 'Mới',
  forwarded: 'Đã chuyển',
  answered: 'Đã trả lời',
  closed: 'Đã đóng',
};

/** An indicator's status as a coloured badge (no target: "Chưa có mục tiêu"). */
export function indStatusBadge(s) {
  return s ? badge(IND_STATUS[s] || s, `is-${s}`) : badge('Chưa có mục tiêu', 'is-none');
}

export function valueStatusBadge(s) {
  return badge(VALUE_STATUS[s] || s, `rs-${s}`);
}

export function proposalStatusBadge(s) {
  return badge(PROPOSAL_STATUS[s] || s, `ps-${s}`);
}

/** "98.73" as a Vietnamese reader writes it: "98,73"; thousands with dots. */
export function decimal(v, unit) {
  if (v === null || v === undefined || v === '') return '—';
  const [i, f] = String(v).split('.');
  const int = i.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const s = f ? `${int},${f}` : int;
  if (unit === 'percent') return `${s}%`;
  if (unit === 'money') return `${s} đ`;
  return s;
}

/** A decimal typed the Vietnamese way ("98,73") in the API's form ("98.73"). */
export function parseDecimal(s) {
  const t = String(s || '').trim().replace(/\s/g, '');
  if (!t) return '';
  // A comma is the decimal mark; dots group thousands.
  if (t.includes(',')) return t.replace(/\./g, '').replace(',', '.');
  return t;
}

/** "2026-Q1" → "Quý I/2026"; "2026-03" → "Tháng 3/2026"; "2024" → "Năm 2024". */
export function periodLabel(p) {
  if (!p) return '—';
  let m = /^(\d{4})-Q([1-4])$/.exec(p);
  if (m) return `Quý ${['I', 'II', 'III', 'IV'][Number(m[2]) - 1]}/${m[1]}`;
  m = /^(\d{4})-(\d{2})$/.exec(p);
  if (m) return `Tháng ${Number(m[2])}/${m[1]}`;
  return /^\d{4}$/.test(p) ? `Năm ${p}` : p;
}

/** The periods a value may be entered for: this month or quarter back, newest first. */
export function entryPeriods(frequency, n = 15) {
  const now = new Date(new Date().toLocaleString('en-US', { timeZone: 'Asia/Ho_Chi_Minh' }));
  const out = [];
  let y = now.getFullYear();
  if (frequency === 'quarter') {
    let q = Math.floor(now.getMonth() / 3) + 1;
    while (out.length < Math.min(n, 8)) {
      out.push(`${y}-Q${q}`);
      q -= 1;
      if (q === 0) { q = 4; y -= 1; }
    }
  } else {
    let m = now.getMonth() + 1;
    while (out.length < n) {
      out.push(`${y}-${String(m).padStart(2, '0')}`);
      m -= 1;
      if (m === 0) { m = 12; y -= 1; }
    }
  }
  return out;
}

/** A small definition list of label/value pairs. */
export function props(pairs) {
  return h('dl', { class: 'props' }, pairs.filter(Boolean).map(([k, v]) => h('div', { class: 'prop' },
    h('dt', {}, k), h('dd', {}, v === null || v === undefined || v === '' ? h('span', { class: 'muted' }, '—') : v))));
}

const FIELD_VI = {
  code: 'Mã chỉ tiêu', name: 'Tên chỉ tiêu', unit: 'Đơn vị tính', direction: 'Chiều đánh giá',
  frequency: 'Kỳ nhập số liệu', agency: 'Cơ quan chịu trách nhiệm', fields: 'Lĩnh vực',
  baseline_value: 'Giá trị gốc', baseline_period: 'Kỳ gốc', targets: 'Mục tiêu theo năm',
  tasks: 'Nhiệm vụ đóng góp', survey_source: 'Nguồn khảo sát', sample_size: 'Cỡ mẫu',
  tolerance: 'Dung sai', notes: 'Ghi chú', period: 'Kỳ số liệu', value: 'Giá trị',
  source_note: 'Nguồn số liệu', addressed_to: 'Cơ quan được kiến nghị', due: 'Hạn trả lời',
  answer: 'Nội dung trả lời', comment: 'Lý do',
};

/** An ApiError in one Vietnamese sentence, named by our field labels. */
export function explain(err) {
  if (!err) return describe(err);
  const msg = describe({ code: err.code, message: err.message, retryAfter: err.retryAfter, field: null });
  const label = err.field ? FIELD_VI[err.field] : null;
  return label && !msg.startsWith(label) ? `${label}: ${msg}` : msg;
}
