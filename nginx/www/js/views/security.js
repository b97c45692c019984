// Bảo mật tài khoản: turn the second factor (TOTP) on with a QR code and a
// confirming code, keep the recovery codes, or turn it off with a code.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { describe } from '../errors.js';
import { field, busy } from '../ui.js';

export async function renderSecurity(ctx, { mustEnrol, onEnrolled } = {}) {
  ctx.title('Bảo mật tài khoản');
  const out = h('div', { class: 'totp-step', 'aria-live': 'polite' });
  const msg = h('div', { role: 'alert' });

  const start = h('button', { type: 'button', class: 'btn btn-primary' }, 'Bật xác thực hai lớp');
  start.addEventListener('click', () => busy(start, async () => {
    replace(msg);
    let b;
    try { b = await api.totp.begin(); } catch (err) {
      msg.append(h('p', { class: 'notice notice-error' }, err.code === 'duplicate'
        ? 'Tài khoản đã bật xác thực hai lớp.' : describe(err)));
      return;
    }
    const code = h('input', { type: 'text', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6' });
    const ok = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Xác nhận');
    const form = h('form', { class: 'totp-confirm', novalidate: true },
      field({ label: 'Mã xác thực', control: code, required: true, name: 'code', hint: 'Mã 6 số ứng dụng hiện ra sau khi quét' }),
      ok);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      busy(ok, async () => {
        replace(msg);
        try {
          const r = await api.totp.confirm(code.value.trim());
          replace(out,
            h('h2', {}, 'Đã bật xác thực hai lớp'),
            h('p', {}, 'Lưu các mã khôi phục dưới đây ở nơi an toàn. Mỗi mã dùng được một lần, thay cho mã 6 số khi không có điện thoại.'),
            h('ul', { class: 'recovery-codes', 'aria-label': 'Mã khôi phục' },
              r.recovery_codes.map((c) => h('li', {}, h('code', {}, c)))));
          if (onEnrolled) await onEnrolled();
        } catch (err) {
          code.value = '';
          msg.append(h('p', { class: 'notice notice-error' }, describe(err)));
          code.focus();
        }
      });
    });
    replace(out,
      h('p', {}, 'Quét mã QR bằng ứng dụng xác thực (Google Authenticator, Microsoft Authenticator, FreeOTP…), rồi nhập mã 6 số ứng dụng hiện ra.'),
      h('img', { class: 'totp-qr', src: b.qr, alt: 'Mã QR để quét bằng ứng dụng xác thực', width: '200', height: '200' }),
      h('p', {}, 'Không quét được? Nhập khóa này vào ứng dụng: ', h('code', { class: 'totp-secret' }, b.secret)),
      form);
    code.focus();
  }));

  const offCode = h('input', { type: 'text', name: 'off-code', autocomplete: 'one-time-code', maxlength: '32' });
  const off = h('button', { type: 'submit', class: 'btn' }, 'Tắt xác thực hai lớp');
  const offForm = h('form', { class: 'totp-off', novalidate: true },
    field({ label: 'Mã xác thực để tắt', control: offCode, name: 'off-code', hint: 'Mã 6 số hoặc một mã khôi phục' }),
    off);
  offForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(off, async () => {
      replace(msg);
      try {
        await api.totp.remove(offCode.value.trim());
        offCode.value = '';
        msg.append(h('p', { class: 'notice notice-success' }, 'Đã tắt xác thực hai lớp.'));
      } catch (err) {
        msg.append(h('p', { class: 'notice notice-error' }, describe(err)));
      }
    });
  });

  replace(ctx.main,
    h('section', { 'aria-labelledby': 'page-title' },
      h('h1', { id: 'page-title', tabindex: '-1' }, 'Bảo mật tài khoản'),
      mustEnrol ? h('p', { class: 'notice notice-warning' },
        'Vai trò của bạn cần xác thực hai lớp. Hãy bật trước khi dùng hệ thống.') : null,
      msg,
      h('h2', {}, 'Xác thực hai lớp'),
      h('p', {}, 'Khi bật, mỗi lần đăng nhập cần thêm mã 6 số từ ứng dụng xác thực trên điện thoại.'),
      start, out,
      mustEnrol ? null : offForm));
}
