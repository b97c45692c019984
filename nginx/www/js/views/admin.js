// "Quản trị" (issue 17): agencies (add, rename, retire, merge; issue 15),
// the effective settings, and the audit search.  Each tab is an address
// (#/admin/agencies, #/admin/settings, #/admin/audit?…), so Back and links
// work; who sees which tab is checked again by the server.
import * as api from '../api.js';
import { h, replace, newId, replaceHash } from '../dom.js';
import { state, setAgencies, hasRole, agencyName } from '../state.js';
import * as fmt from '../format.js';
import { pageHead, field, empty, loadError, toast, busy, showApiError, clearErrors } from '../ui.js';

const KIND_LABEL = {
  party: 'Cơ quan Đảng',
  front: 'Mặt trận, đoàn thể',
  department: 'Sở, ban, ngành',
  other: 'Cơ quan khác',
  commune: 'Xã, phường',
};

const ACTION_LABEL = {
  ...fmt.HISTORY_ACTION,
  login: 'Đăng nhập',
  login_failed: 'Đăng nhập không thành công',
  login_denied: 'Từ chối đăng nhập',
  logout: 'Đăng xuất',
  export: 'Tải tệp xuất',
  sessions_ended: 'Kết thúc phiên làm việc',
  access_denied: 'Bị từ chối truy cập',
  access_not_found: 'Truy cập bản ghi không có',
  csrf_failed: 'Yêu cầu không hợp lệ (CSRF)',
  rate_limited: 'Bị hạn chế đăng nhập',
  agency_create: 'Thêm cơ quan',
  agency_edit: 'Đổi tên cơ quan',
  agency_retire: 'Cho cơ quan ngừng hoạt động',
  agency_merge: 'Hợp nhất cơ quan',
  agency_merged: 'Chuyển nhiệm vụ do hợp nhất cơ quan',
  filter_create: 'Lưu bộ lọc',
  filter_rename: 'Đổi tên bộ lọc',
  filter_delete: 'Xóa bộ lọc',
};

const TABS = [
  { path: '/admin/agencies', text: 'Cơ quan, đơn vị', may: () => mayAgencies },
  { path: '/admin/settings', text: 'Cấu hình', may: () => hasRole('admin') },
  { path: '/admin/audit', text: 'Nhật ký thao tác', may: () => hasRole('admin') || hasRole('secretariat') },
];

// The secretariat administers agencies only when the configuration says so:
// asked of the server once (GET /admin/agencies answers 403 otherwise).
let mayAgencies = false;

async function probeAgencies() {
  if (hasRole('admin')) { mayAgencies = true; return null; }
  try {
    const d = await api.admin.agencies();
    mayAgencies = true;
    return d;
  } catch {
    mayAgencies = false;
    return null;
  }
}

function tabs(current) {
  return h('nav', { 'aria-label': 'Các mục quản trị' },
    h('ul', { class: 'admin-tabs' }, TABS.filter((t) => t.may()).map((t) =>
      h('li', {}, h('a', { href: `#${t.path}`, 'aria-current': t.path === current ? 'page' : null }, t.text)))));
}

export async function renderAdmin(ctx) {
  const [tab] = ctx.params;
  const pre = await probeAgencies();
  if (!ctx.isCurrent()) return;
  const path = `/admin/${tab || ''}`;
  const t = TABS.find((x) => x.path === path && x.may()) || TABS.find((x) => x.may());
  if (!t) {
    replace(ctx.main, pageHead('Quản trị'), empty('Bạn không có quyền dùng chức năng quản trị.'));
    return;
  }
  if (t.path !== path) {
    replaceHash(`#${t.path}`);
  }
  ctx.title(`${t.text} — Quản trị`);
  const head = pageHead('Quản trị', { lead: hasRole('admin') ? 'Danh mục cơ quan, cấu hình đang chạy và nhật ký thao tác.' : 'Các mục quản trị được giao cho Tổ giúp việc.' });
  const body = h('div');
  replace(ctx.main, head, tabs(t.path), body);
  if (t.path === '/admin/agencies') await agencies(ctx, body, pre);
  else if (t.path === '/admin/settings') await settings(ctx, body);
  else await audit(ctx, body);
}

// --- a small modal form --------------------------------------------------

/** A dialog with the given fields; resolves to true once onSubmit succeeds. */
function formDialog({ title, fields, submitLabel, onSubmit }) {
  return new Promise((resolve) => {
    const titleId = newId('dlg');
    const err = h('p', { class: 'field-error', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, submitLabel);
    const form = h('form', { class: 'dialog-form', novalidate: true },
      h('h2', { id: titleId }, title),
      fields.map((f) => f.el),
      err,
      h('div', { class: 'dialog-actions' }, submit,
        h('button', { type: 'button', class: 'btn', onclick: () => dlg.close('cancel') }, 'Thôi')));
    const dlg = h('dialog', { class: 'dialog', 'aria-labelledby': titleId }, form);
    let done = false;
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      err.textContent = '';
      try {
        await busy(submit, onSubmit);
        done = true;
        dlg.close('ok');
      } catch (e) {
        showApiError(form, e, 'agency');
        if (!form.querySelector('[aria-invalid="true"]')) err.textContent = e.message;
      }
    });
    dlg.addEventListener('close', () => { dlg.remove(); resolve(done); });
    document.body.append(dlg);
    dlg.showModal();
    const first = form.querySelector('input, select');
    if (first) first.focus();
  });
}

// --- agencies --------------------------------------------------------------

async function refreshAgencies() {
  try { setAgencies((await api.agencies()).items); } catch { /* kept */ }
}

function agencyState(a) {
  const b = (cls, text) => h('span', { class: 'badges' }, h('span', { class: `badge ${cls}` }, text));
  if (a.active) return b('st-completed', 'Đang hoạt động');
  if (a.merged_into) return b('st-draft', `Đã hợp nhất vào ${agencyName(a.merged_into)}`);
  return b('st-draft', 'Đã ngừng hoạt động');
}

async function agencies(ctx, body, pre) {
  let data = pre;
  try {
    if (!data) data = await api.admin.agencies();
  } catch (err) {
    replace(body, loadError(err, () => ctx.reload()));
    return;
  }
  if (!ctx.isCurrent()) return;

  const code = h('input', { type: 'text', maxlength: '16', autocomplete: 'off', autocapitalize: 'characters' });
  const name = h('input', { type: 'text', maxlength: '200', autocomplete: 'off' });
  const kind = h('select', {}, Object.entries(KIND_LABEL).map(([v, t]) => h('option', { value: v, selected: v === 'department' }, t)));
  const add = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Thêm cơ quan');
  const addForm = h('form', { class: 'admin-form', novalidate: true, 'aria-labelledby': 'ag-add' },
    field({ label: 'Mã', control: code, name: 'code', required: true, hint: 'Chữ không dấu, số, _ hoặc -; không đổi được về sau.' }),
    field({ label: 'Tên cơ quan', control: name, name: 'name', required: true }),
    field({ label: 'Loại', control: kind, name: 'kind' }),
    h('div', { class: 'field' }, add));
  addForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(addForm);
    try {
      const a = await busy(add, () => api.admin.createAgency({ code: code.value.trim(), name: name.value.trim(), kind: kind.value }));
      await refreshAgencies();
      toast(`Đã thêm ${a.name}.`);
      ctx.reload();
    } catch (e) {
      showApiError(addForm, e, 'agency');
    }
  });

  const active = data.items.filter((a) => a.active);
  const rename = async (a) => {
    const input = h('input', { type: 'text', maxlength: '200', value: a.name, autocomplete: 'off' });
    const ok = await formDialog({
      title: `Đổi tên ${a.name}`,
      submitLabel: 'Đổi tên',
      fields: [{ el: field({ label: 'Tên mới', control: input, name: 'name', required: true, hint: 'Tên cũ được giữ trong lịch sử; hồ sơ đã lập vẫn biết tên lúc lập.' }) }],
      onSubmit: () => api.admin.patchAgency(a.code, { version: a.version, name: input.value.trim() }),
    });
    if (ok) { await refreshAgencies(); toast('Đã đổi tên cơ quan.'); ctx.reload(); }
  };
  const retire = async (a) => {
    const ok = await formDialog({
      title: `Cho ${a.name} ngừng hoạt động?`,
      submitLabel: 'Ngừng hoạt động',
      fields: [{ el: h('p', {}, 'Cơ quan sẽ không còn được chọn cho nhiệm vụ mới; nhiệm vụ, báo cáo và lịch sử đã có giữ nguyên tên cơ quan. Cơ quan còn nhiệm vụ đang thực hiện thì cần hợp nhất vào cơ quan tiếp nhận.') }],
      onSubmit: () => api.admin.retireAgency(a.code, a.version),
    });
    if (ok) { await refreshAgencies(); toast(`${a.name} đã ngừng hoạt động.`); ctx.reload(); }
  };
  const merge = async (a) => {
    const into = h('select', {}, active.filter((x) => x.code !== a.code).map((x) => h('option', { value: x.code }, x.name)));
    const ok = await formDialog({
      title: `Hợp nhất ${a.name}`,
      submitLabel: 'Hợp nhất',
      fields: [
        { el: field({ label: 'Vào cơ quan tiếp nhận', control: into, name: 'into', required: true }) },
        { el: h('p', {}, `${a.open_tasks} nhiệm vụ đang thực hiện do cơ quan này chủ trì, và các nhiệm vụ đang thực hiện mà cơ quan này phối hợp, sẽ chuyển sang cơ quan tiếp nhận. Nhiệm vụ đã hoàn thành hoặc đã hủy, báo cáo và lịch sử giữ tên ${a.name}.`) },
      ],
      onSubmit: () => api.admin.mergeAgency(a.code, a.version, into.value),
    });
    if (ok) { await refreshAgencies(); toast(`Đã hợp nhất ${a.name}.`); ctx.reload(); }
  };

  const rows = data.items.map((a) => h('tr', { dataset: { code: a.code } },
    h('td', { 'data-label': 'Mã', class: 'mono' }, a.code),
    h('td', { 'data-label': 'Tên' }, h('span', { class: 'block' }, a.name),
      a.former_names.length ? h('span', { class: 'muted small block' },
        `Tên cũ: ${a.former_names.map((n) => `${n.name} (đến ${fmt.date(n.until.slice(0, 10))})`).join('; ')}`) : null),
    h('td', { 'data-label': 'Loại' }, KIND_LABEL[a.kind] || a.kind),
    h('td', { 'data-label': 'Trạng thái' }, agencyState(a)),
    h('td', { 'data-label': 'Nhiệm vụ', class: 'num' }, `${a.open_tasks} đang thực hiện / ${a.tasks}`),
    h('td', { 'data-label': 'Thao tác' }, a.active ? h('div', { class: 'row-actions' },
      h('button', { type: 'button', class: 'btn', onclick: () => rename(a), 'aria-label': `Đổi tên ${a.name}` }, 'Đổi tên'),
      h('button', { type: 'button', class: 'btn', onclick: () => merge(a), 'aria-label': `Hợp nhất ${a.name}` }, 'Hợp nhất…'),
      h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => retire(a), 'aria-label': `Cho ${a.name} ngừng hoạt động` }, 'Ngừng hoạt động')) : '—')));

  replace(body,
    h('section', { class: 'admin-section', 'aria-labelledby': 'ag-add' },
      h('h2', { id: 'ag-add' }, 'Thêm cơ quan, đơn vị'), addForm),
    h('section', { 'aria-labelledby': 'ag-list' },
      h('h2', { id: 'ag-list' }, `Danh mục cơ quan (${active.length} đang hoạt động / ${data.items.length})`),
      h('div', { class: 'table-wrap' }, h('table', { class: 'data-table admin-table', id: 'agency-table' },
        h('caption', { class: 'visually-hidden' }, 'Danh mục cơ quan, đơn vị'),
        h('thead', {}, h('tr', {}, ['Mã', 'Tên', 'Loại', 'Trạng thái', 'Nhiệm vụ', 'Thao tác'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows)))));
}

// --- settings --------------------------------------------------------------

async function settings(ctx, body) {
  let data;
  try { data = await api.admin.settings(); } catch (err) {
    replace(body, loadError(err, () => ctx.reload()));
    return;
  }
  if (!ctx.isCurrent()) return;
  replace(body,
    h('p', { class: 'notice notice-info' },
      'Mọi cấu hình nằm trong một tệp (/etc/nhiemvu/nhiemvu.conf); màn hình này chỉ để xem, không sửa được. ',
      'Sau khi sửa tệp: mục ghi “Tải lại” có hiệu lực với lệnh systemctl reload nhiemvu (không mất yêu cầu nào); ',
      'mục ghi “Khởi động lại” cần systemctl restart nhiemvu. Mật khẩu và khóa bí mật không bao giờ được hiển thị.'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data-table admin-table', id: 'settings-table' },
      h('caption', { class: 'visually-hidden' }, 'Cấu hình đang chạy'),
      h('thead', {}, h('tr', {}, ['Mục cấu hình', 'Giá trị đang dùng', 'Có hiệu lực khi'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, data.items.map((s) => h('tr', {},
        h('td', { 'data-label': 'Mục', class: 'mono' }, s.key),
        h('td', { 'data-label': 'Giá trị', class: 'mono' }, s.secret ? (s.value === '(set)' ? '(đã đặt, ẩn)' : '(chưa đặt)') : (s.value || '(để trống)')),
        h('td', { 'data-label': 'Có hiệu lực khi' }, s.apply === 'restart' ? 'Khởi động lại' : 'Tải lại')))))));
}

// --- audit search ------------------------------------------------------------

const AUDIT_KEYS = ['actor', 'agency', 'record', 'action', 'from', 'to'];

function auditDetail(it) {
  const parts = [];
  if (it.from || it.to) parts.push(`${fmt.STATUS[it.from] || it.from || '—'} → ${fmt.STATUS[it.to] || it.to || '—'}`);
  if (it.comment) parts.push(it.comment);
  if (it.detail && typeof it.detail === 'object') {
    parts.push(Object.entries(it.detail).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('; '));
  }
  return parts.join('\n');
}

function recordCell(it) {
  if (it.task_id) {
    return h('a', { href: `#/tasks/${it.task_id}` }, it.report_id ? `Báo cáo ${it.report_id} của nhiệm vụ ${it.task_id}` : `Nhiệm vụ ${it.task_id}`);
  }
  if (it.record_id) return `Bản ghi ${it.record_id}`;
  if (it.detail && it.detail.agency) return agencyName(it.detail.agency);
  return '—';
}

async function audit(ctx, body) {
  const q = ctx.query;
  const f = {};
  for (const k of AUDIT_KEYS) f[k] = q.get(k) || '';
  const actor = h('input', { type: 'text', maxlength: '64', value: f.actor, autocomplete: 'off', placeholder: 'ví dụ: cb.skhcn' });
  const agency = h('select', {}, h('option', { value: '' }, 'Mọi cơ quan'), state.agencies.map((a) => h('option', { value: a.code, selected: a.code === f.agency }, a.name)));
  const record = h('input', { type: 'text', maxlength: '40', value: f.record, autocomplete: 'off', placeholder: 'task:17' });
  const action = h('select', {}, h('option', { value: '' }, 'Mọi thao tác'),
    Object.entries(ACTION_LABEL).map(([v, t]) => h('option', { value: v, selected: v === f.action }, t)));
  const from = h('input', { type: 'date', value: f.from });
  const to = h('input', { type: 'date', value: f.to });
  const form = h('form', { class: 'filters admin-form', role: 'search', 'aria-label': 'Tra cứu nhật ký', novalidate: true },
    field({ label: 'Người thực hiện (tên đăng nhập)', control: actor, name: 'actor' }),
    field({ label: 'Cơ quan', control: agency, name: 'agency' }),
    field({ label: 'Bản ghi', control: record, name: 'record', hint: 'task:số, report:số, indicator:số, indicator_value:số, proposal:số, round:số, programme:số' }),
    field({ label: 'Thao tác', control: action, name: 'action' }),
    field({ label: 'Từ ngày', control: from, name: 'from' }),
    field({ label: 'Đến ngày', control: to, name: 'to' }),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Tra cứu')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    const v = { actor: actor.value.trim(), agency: agency.value, record: record.value.trim(), action: action.value, from: from.value, to: to.value };
    for (const k of AUDIT_KEYS) if (v[k]) p.set(k, v[k]);
    ctx.navigate(`#/admin/audit${p.toString() ? `?${p}` : ''}`);
  });
  const params = {};
  for (const k of AUDIT_KEYS) if (f[k]) params[k] = f[k];
  const summary = h('p', { class: 'result-summary', role: 'status' });
  const csv = h('a', { class: 'btn', href: api.admin.auditCsvUrl(params), download: '' }, 'Tải CSV');
  const results = h('div');
  replace(body, form, h('div', { class: 'list-toolbar' }, summary, csv), results);

  const tbody = h('tbody');
  let shown = 0;
  const addRows = (items) => {
    for (const it of items) {
      tbody.append(h('tr', {},
        h('td', { 'data-label': 'Thời điểm' }, fmt.dateTime(it.at)),
        h('td', { 'data-label': 'Người thực hiện' }, fmt.actor(it) || '—', it.actor ? h('span', { class: 'muted small block mono' }, it.actor) : null),
        h('td', { 'data-label': 'Thao tác' }, ACTION_LABEL[it.action] || it.action),
        h('td', { 'data-label': 'Bản ghi' }, recordCell(it)),
        h('td', { 'data-label': 'Chi tiết' }, h('div', { class: 'audit-detail' }, auditDetail(it) || '—'))));
    }
    shown += items.length;
  };
  let data;
  try {
    data = await api.admin.audit({ ...params, limit: 50 });
  } catch (err) {
    if (err.field) showApiError(form, err, 'audit');
    replace(results, loadError(err));
    return;
  }
  if (!ctx.isCurrent()) return;
  if (!data.items.length) {
    summary.textContent = '';
    replace(results, empty('Không có dòng nhật ký nào khớp với điều kiện tra cứu.'));
    return;
  }
  addRows(data.items);
  const table = h('div', { class: 'table-wrap' }, h('table', { class: 'data-table admin-table', id: 'audit-table' },
    h('caption', { class: 'visually-hidden' }, 'Nhật ký thao tác, mới nhất trước'),
    h('thead', {}, h('tr', {}, ['Thời điểm', 'Người thực hiện', 'Thao tác', 'Bản ghi', 'Chi tiết'].map((c) => h('th', { scope: 'col' }, c)))),
    tbody));
  replace(results, table);
  let cursor = data.next_cursor;
  const say = () => { summary.textContent = `Đang hiển thị ${fmt.groupDigits(shown)} dòng, mới nhất trước${cursor ? ' (còn nữa)' : ''}.`; };
  say();
  if (cursor) {
    const more = h('button', { type: 'button', class: 'btn load-more' }, 'Xem thêm');
    more.addEventListener('click', async () => {
      try {
        const page = await busy(more, () => api.admin.audit({ ...params, limit: 50, cursor }));
        addRows(page.items);
        cursor = page.next_cursor;
        if (!cursor) more.remove();
        say();
      } catch (err) {
        toast(err.message, 'error');
      }
    });
    results.append(more);
  }
}
