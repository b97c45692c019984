// API errors in words a person understands.
import { TASK_FIELD, REPORT_FIELD } from './format.js';

const BY_CODE = {
  invalid_credentials: 'Tên đăng nhập hoặc mật khẩu không đúng.',
  no_access: 'Tài khoản của bạn chưa được gán đơn vị hoặc vai trò trong hệ thống. '
    + 'Vui lòng liên hệ Tổ giúp việc Ban Chỉ đạo (Sở Khoa học và Công nghệ).',
  unauthenticated: 'Phiên làm việc đã hết hạn; vui lòng đăng nhập lại.',
  totp_required: 'Tài khoản này cần mã xác thực hai lớp.',
  totp_enrolment_required: 'Tài khoản này phải bật xác thực hai lớp trước khi dùng hệ thống.',
  forbidden: 'Bạn không có quyền thực hiện thao tác này.',
  csrf_failed: 'Phiên làm việc không còn hợp lệ; hãy tải lại trang rồi thử lại.',
  not_found: 'Không tìm thấy dữ liệu, hoặc bạn không có quyền xem.',
  version_conflict: 'Dữ liệu vừa được người khác thay đổi. Hãy tải lại trang để xem bản mới nhất rồi thử lại.',
  invalid_transition: 'Thao tác này không còn hợp lệ ở trạng thái hiện tại (có thể người khác vừa xử lý). Hãy tải lại trang.',
  duplicate: 'Dữ liệu này đã tồn tại.',
  payload_too_large: 'Nội dung quá dài; hãy rút gọn rồi thử lại.',
  rate_limited: 'Đăng nhập sai quá nhiều lần; vui lòng thử lại sau.',
  internal: 'Hệ thống gặp lỗi; vui lòng thử lại sau ít phút.',
  directory_unavailable: 'Không kết nối được máy chủ tài khoản (danh bạ); vui lòng thử lại sau.',
  database_unavailable: 'Không kết nối được cơ sở dữ liệu; vui lòng thử lại sau.',
  server_busy: 'Hệ thống đang quá tải; vui lòng thử lại sau giây lát.',
  bad_request: 'Yêu cầu không hợp lệ; hãy tải lại trang rồi thử lại.',
  uri_too_long: 'Điều kiện tìm kiếm quá dài; hãy rút gọn rồi thử lại.',
  request_timeout: 'Gửi dữ liệu quá chậm; hãy kiểm tra mạng rồi thử lại.',
  network: 'Không kết nối được máy chủ; hãy kiểm tra mạng rồi thử lại.',
  timeout: 'Máy chủ trả lời quá chậm; vui lòng thử lại.',
};

// The members of records other than tasks and reports: the registration
// round, milestones and the programme (issue 15), the administration's
// forms (issue 17).
const OTHER_FIELD = {
  round: {
    year: 'Năm', opens_on: 'Ngày bắt đầu', deadline: 'Hạn đăng ký',
    kinds: 'Loại cơ quan phải đăng ký', notes: 'Ghi chú', comment: 'Lý do',
  },
  milestone: { name: 'Sản phẩm trung gian', due: 'Thời hạn', kind: 'Loại mốc', comment: 'Lý do' },
  programme: {
    year: 'Năm', doc_number: 'Số văn bản phê duyệt', doc_date: 'Ngày văn bản',
    notes: 'Ghi chú', comment: 'Lý do',
  },
  agency: { code: 'Mã cơ quan', name: 'Tên cơ quan', kind: 'Loại cơ quan', into: 'Cơ quan tiếp nhận', version: 'Phiên bản' },
  delegation: { delegate: 'Người được ủy quyền', from: 'Từ ngày', to: 'Đến ngày', version: 'Phiên bản' },
  contribution: { period: 'Kỳ báo cáo', contribution: 'Phần việc đã phối hợp', progress_note: 'Ghi chú tiến độ', comment: 'Lý do', version: 'Phiên bản' },
  audit: { actor: 'Người thực hiện', agency: 'Cơ quan', record: 'Bản ghi', action: 'Thao tác', from: 'Từ ngày', to: 'Đến ngày', cursor: 'Trang', limit: 'Số dòng' },
};

/** The Vietnamese label of an API field name (task, report or OTHER_FIELD's kinds). */
export function fieldLabel(field, kind = 'task') {
  if (!field) return '';
  if (OTHER_FIELD[kind]) return OTHER_FIELD[kind][field] || field;
  const table = kind === 'report' ? { ...TASK_FIELD, ...REPORT_FIELD } : { ...REPORT_FIELD, ...TASK_FIELD };
  return table[field] || field;
}

/**
 * One sentence for the person: the server's own Vietnamese message when it
 * is specific, else ours; prefixed with the field's label.
 */
export function describe(err, kind = 'task') {
  if (!err || !err.code) return BY_CODE.internal;
  let msg;
  if (err.code === 'validation_failed' || err.code === 'invalid_json') {
    msg = err.message && err.message !== 'Dữ liệu không hợp lệ.'
      ? err.message : 'Dữ liệu nhập chưa hợp lệ.';
  } else if (err.code === 'rate_limited') {
    const s = Number(err.retryAfter);
    msg = s > 0
      ? `Đăng nhập sai quá nhiều lần; vui lòng thử lại sau khoảng ${Math.max(1, Math.ceil(s / 60))} phút.`
      : BY_CODE.rate_limited;
  } else if (err.code === 'duplicate' && err.message && err.message !== 'Dữ liệu này đã tồn tại.') {
    msg = err.message;
  } else if (err.code === 'invalid_transition' && err.message
             && err.message !== 'Thao tác không hợp lệ ở trạng thái hiện tại.') {
    msg = err.message;
  } else if (err.code === 'forbidden' && err.message
             && err.message !== 'Bạn không có quyền thực hiện thao tác này.') {
    msg = err.message;
  } else {
    msg = BY_CODE[err.code] || err.message || BY_CODE.internal;
  }
  if (err.field && (err.code === 'validation_failed' || err.code === 'duplicate' || err.code === 'forbidden')) {
    const label = fieldLabel(err.field, kind);
    if (label && !msg.startsWith(label)) msg = `${label}: ${msg}`;
  }
  return msg;
}
