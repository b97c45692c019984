// Addresses that lead nowhere, and screens the user's roles do not open.
import { h, replace } from '../dom.js';
import { pageHead } from '../ui.js';

export async function renderNotFound(ctx) {
  ctx.title('Không tìm thấy trang');
  replace(ctx.main, pageHead('Không tìm thấy trang'),
    h('p', {}, 'Địa chỉ này không có trong hệ thống.'),
    h('p', {}, h('a', { href: '#/' }, 'Về trang chính')));
}

export async function renderForbidden(ctx) {
  ctx.title('Không có quyền');
  replace(ctx.main, pageHead('Không có quyền truy cập'),
    h('p', {}, 'Chức năng này không dành cho vai trò của bạn.'),
    h('p', {}, h('a', { href: '#/' }, 'Về trang chính')));
}
