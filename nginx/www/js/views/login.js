// The login screen: directory username and password, then the second
// factor's code when the account has one.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { describe } from '../errors.js';
import { field, busy } from '../ui.js';

export async function renderLogin(ctx, { onLogin, next }) {
  ctx.title('Đăng nhập');
  const user = h('input', { type: 'text', name: 'username', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', maxlength: '64' });
  const pass = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', maxlength: '256' });
  const code = h('input', { type: 'text', name: 'totp', autocomplete: 'one-time-code', inputmode: 'text', spellcheck: 'false', maxlength: '32' });
  const codeField = field({ label: 'Mã xác thực', control: code, name: 'totp', hint: 'Mã 6 số trong ứng dụng xác thực, hoặc một mã khôi phục' });
  codeField.hidden = true;
  const msg = h('div', { class: 'login-error', role: 'alert', id: 'login-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, 'Đăng nhập');
  const form = h('form', { class: 'login-form', novalidate: true, 'aria-describedby': 'login-error' },
    msg,
    field({ label: 'Tên đăng nhập', control: user, required: true, name: 'username', hint: 'Tài khoản công vụ, ví dụ: cb.skhcn' }),
    field({ label: 'Mật khẩu', control: pass, required: true, name: 'password' }),
    codeField,
    submit);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    replace(msg);
    if (!user.value.trim() || !pass.value) {
      msg.append(h('p', { class: 'notice notice-error' }, 'Vui lòng nhập tên đăng nhập và mật khẩu.'));
      (user.value.trim() ? pass : user).focus();
      return;
    }
    await busy(submit, async () => {
      submit.textContent = 'Đang đăng nhập…';
      try {
        const data = await api.session.login(user.value.trim(), pass.value,
          codeField.hidden ? undefined : code.value.trim());
        await onLogin(data, next);
      } catch (err) {
        submit.textContent = 'Đăng nhập';
        if (err.code === 'totp_required') {
          // The password was right: keep it, ask for the code.
          codeField.hidden = false;
          msg.append(h('p', { class: 'notice' }, 'Nhập mã 6 số từ ứng dụng xác thực, hoặc một mã khôi phục.'));
          code.focus();
          return;
        }
        if (!codeField.hidden) {
          code.value = '';
          msg.append(h('p', { class: 'notice notice-error' }, err.code === 'invalid_credentials'
            ? 'Mật khẩu hoặc mã xác thực không đúng.' : describe(err)));
          code.focus();
          return;
        }
        pass.value = '';
        msg.append(h('p', { class: 'notice notice-error' }, describe(err)));
        pass.setAttribute('aria-invalid', 'true');
        (err.code === 'invalid_credentials' ? pass : user).focus();
      }
    });
  });

  replace(ctx.main,
    h('section', { class: 'login-page', 'aria-labelledby': 'page-title' },
      h('div', { class: 'login-card' },
        h('h1', { id: 'page-title', tabindex: '-1' }, 'Đăng nhập'),
        h('p', { class: 'lead' }, 'Hệ thống đăng ký, phê duyệt và theo dõi nhiệm vụ của Ban Chỉ đạo tỉnh về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số, cải cách hành chính và Đề án 06.'),
        form,
        // Issue 14: what the committee promised and how far it has got,
        // for anyone, without an account.
        h('p', { class: 'login-public' },
          h('a', { href: '/public/', id: 'public-link' }, 'Xem tiến độ công khai (không cần đăng nhập)')))));
  user.focus();
}
