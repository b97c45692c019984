// Vietnamese labels for the API's codes, and dates, months and money in the
// forms a Vietnamese reader expects (dd/mm/yyyy, 1.500.000.000 đ).

export const TZ = 'Asia/Ho_Chi_Minh';

export const STATUS = {
  draft: 'Nháp',
  submitted: 'Chờ phê duyệt',
  approved: 'Đã phê duyệt, chờ tiếp nhận',
  returned: 'Bị trả lại',
  in_program: 'Trong Chương trình',
  completed: 'Hoàn thành',
  cancelled: 'Đã hủy',
};
export const STATUS_ORDER = ['draft', 'submitted', 'approved', 'returned',
  'in_program', 'completed', 'cancelled'];

export const KIND = {
  breakthrough: 'Nhiệm vụ đột phá',
  directive: 'Nhiệm vụ Ban Chỉ đạo giao',
  database: 'Cơ sở dữ liệu chuyên ngành',
};

export const FIELDS = {
  science_technology: 'Khoa học, công nghệ',
  innovation: 'Đổi mới sáng tạo',
  digital_transformation: 'Chuyển đổi số',
  admin_reform: 'Cải cách hành chính',
  project06: 'Đề án 06',
};

export const HEALTH = {
  on_track: 'Đúng tiến độ',
  at_risk: 'Có nguy cơ chậm',
  delayed: 'Chậm tiến độ',
};

export const OUTCOME = {
  done_on_time: 'Hoàn thành đúng hạn',
  done_late: 'Hoàn thành quá hạn',
  in_progress: 'Đang thực hiện, còn trong hạn',
  overdue: 'Quá hạn, chưa hoàn thành',
};

export const REPORT_STATUS = {
  draft: 'Nháp',
  submitted: 'Chờ lãnh đạo đơn vị duyệt',
  approved: 'Đã duyệt',
  returned: 'Bị trả lại',
};

export const ROLE = {
  official: 'Chuyên viên',
  head: 'Lãnh đạo đơn vị',
  secretariat: 'Tổ giúp việc',
  leadership: 'Lãnh đạo Ban Chỉ đạo',
  admin: 'Quản trị hệ thống',
};

export const COLOUR = {
  green: 'Xanh: không quá hạn, đủ báo cáo',
  yellow: 'Vàng: còn thiếu báo cáo hoặc chưa đăng ký nhiệm vụ đột phá',
  red: 'Đỏ: có nhiệm vụ quá hạn',
};
export const COLOUR_SHORT = { green: 'Xanh', yellow: 'Vàng', red: 'Đỏ' };

export const HISTORY_ACTION = {
  create: 'Tạo nhiệm vụ',
  edit: 'Chỉnh sửa',
  submit: 'Gửi phê duyệt',
  withdraw: 'Rút lại để sửa',
  approve: 'Phê duyệt',
  return: 'Trả lại',
  accept: 'Tiếp nhận vào Chương trình',
  complete: 'Xác nhận hoàn thành',
  cancel: 'Hủy nhiệm vụ',
  delete: 'Xóa bản nháp',
  comment: 'Ý kiến',
  direction: 'Ý kiến chỉ đạo của Ban Chỉ đạo',
};

/** Labels of task fields, for edit history and error messages. */
export const TASK_FIELD = {
  year: 'Năm',
  kind: 'Loại nhiệm vụ',
  fields: 'Lĩnh vực',
  name: 'Tên nhiệm vụ',
  responsible_person: 'Người chịu trách nhiệm',
  lead_agency: 'Cơ quan chủ trì thực hiện',
  coordinating_agencies: 'Cơ quan phối hợp',
  expected_product: 'Dự kiến sản phẩm',
  estimated_budget: 'Dự kiến kinh phí',
  notes: 'Ghi chú',
  target: 'Mục tiêu đo lường hiệu quả',
  deadline: 'Hạn hoàn thành',
  status: 'Trạng thái',
  version: 'Phiên bản dữ liệu',
  comment: 'Ý kiến, lý do',
  text: 'Nội dung ý kiến',
  action: 'Thao tác',
};

export const REPORT_FIELD = {
  period: 'Kỳ báo cáo',
  percent: 'Tỷ lệ hoàn thành',
  health: 'Tình trạng',
  work_done: 'Công việc đã thực hiện',
  results: 'Kết quả, hiệu quả đạt được',
  difficulties: 'Khó khăn, vướng mắc',
  proposals: 'Đề xuất, kiến nghị',
  next_steps: 'Nhiệm vụ tháng tới',
  comment: 'Ý kiến, lý do',
  version: 'Phiên bản dữ liệu',
};

const pad = (n) => String(n).padStart(2, '0');

/**
 * Who did a history item: the name, and for an acting head's act the head
 * they stood in for (issue 12): "Lê Văn Cường (thay mặt Phạm Thị Dung)".
 */
export function actor(it) {
  const name = it.actor_name || it.actor || '';
  return it.on_behalf_of ? `${name} (thay mặt ${it.on_behalf_of_name || it.on_behalf_of})` : name;
}

/** "2026-03-31" → "31/03/2026"; empty for null. */
export function date(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : String(iso);
}

/** "2026-11-23T04:37:04Z" → "23/11/2026 11:37" in the province's time. */
export function dateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const parts = {};
  for (const p of new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(d)) parts[p.type] = p.value;
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** Today in the province as {year, month, day, iso: "2026-11-23", period}. */
export function today() {
  const parts = {};
  for (const p of new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date())) parts[p.type] = p.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  return {
    year, month, day: Number(parts.day),
    iso: `${parts.year}-${parts.month}-${parts.day}`,
    period: `${parts.year}-${parts.month}`,
  };
}

/** "2026-02" → "Tháng 02/2026". */
export function period(p) {
  const m = /^(\d{4})-(\d{2})$/.exec(p || '');
  return m ? `Tháng ${m[2]}/${m[1]}` : String(p || '');
}

/** "2026-02" → "02/2026" (short, for chart axes). */
export function periodShort(p) {
  const m = /^(\d{4})-(\d{2})$/.exec(p || '');
  return m ? `${m[2]}/${m[1]}` : String(p || '');
}

/** The n months up to and including `last` ("YYYY-MM"), newest first. */
export function recentPeriods(last, n) {
  let [y, m] = last.split('-').map(Number);
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(`${y}-${pad(m)}`);
    m -= 1;
    if (m === 0) { m = 12; y -= 1; }
  }
  return out;
}

/** Groups digits with dots: 1500000000 → "1.500.000.000". */
export function groupDigits(n) {
  const s = String(Math.trunc(Math.abs(Number(n))));
  return (Number(n) < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** 1500000000 → "1.500.000.000 đ"; null → "" (not estimated). */
export function money(n) {
  if (n === null || n === undefined || n === '') return '';
  return `${groupDigits(n)} đ`;
}

/** Approximate words for big sums: 1500000000 → "1,5 tỷ đồng". */
export function moneyWords(n) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '';
  const v = Number(n);
  const fmt = (x) => x.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
  if (v >= 1e9) return `${fmt(v / 1e9)} tỷ đồng`;
  if (v >= 1e6) return `${fmt(v / 1e6)} triệu đồng`;
  if (v >= 1e3) return `${fmt(v / 1e3)} nghìn đồng`;
  return `${v} đồng`;
}

/** Parses "1.500.000.000", "1 500 000 000 đ" → 1500000000; "" → null; NaN if not a sum. */
export function parseMoney(s) {
  const t = String(s || '').replace(/[\s.,_]|đồng|đ|vnđ|vnd/gi, '');
  if (t === '') return null;
  if (!/^\d+$/.test(t)) return NaN;
  return Number(t);
}

/**
 * Parses a date typed as dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy)
 * → "yyyy-mm-dd"; "" → null; undefined when it is not a real date.
 */
export function parseDate(s) {
  const t = String(s || '').trim();
  if (t === '') return null;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (!m) return undefined;
  const d = Number(m[1]); const mo = Number(m[2]); const y = Number(m[3]);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) {
    return undefined;
  }
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** Days from ISO date a to ISO date b (b - a). */
export function daysBetween(a, b) {
  const pa = Date.parse(`${a}T00:00:00Z`);
  const pb = Date.parse(`${b}T00:00:00Z`);
  return Math.round((pb - pa) / 86400000);
}

export function percent(p) {
  return p === null || p === undefined ? '' : `${p}%`;
}
