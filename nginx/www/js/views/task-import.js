// Import of the registration template (issue 12): choose the .xlsx or
// .csv the agency filled in, see every row checked (errors by row and
// column), then create the drafts in one go.  Nothing is created until
// the confirm button.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import * as fmt from '../format.js';
import { agencyName } from '../state.js';
import { describe } from '../errors.js';
import { pageHead, notice, busy, toast } from '../ui.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function td(label, content, cls) {
  return h('td', { dataset: { label }, class: cls || null }, content);
}

function previewTable(rows) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'data-table import-table' },
      h('caption', { class: 'visually-hidden' }, 'Các dòng đọc được từ tệp'),
      h('thead', {}, h('tr', {}, ['Dòng', 'Tên nhiệm vụ', 'Cơ quan chủ trì', 'Cơ quan phối hợp',
        'Dự kiến kinh phí', 'Hạn hoàn thành', 'Kiểm tra'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((r) => {
        const t = r.task;
        const bad = r.errors.length > 0;
        return h('tr', { class: bad ? 'row-error' : null, dataset: { row: String(r.row) } },
          td('Dòng', String(r.row), 'col-tt'),
          td('Tên nhiệm vụ', t.name || '—'),
          td('Cơ quan chủ trì', t.lead_agency ? agencyName(t.lead_agency) : '—'),
          td('Cơ quan phối hợp', t.coordinating_agencies.length ? t.coordinating_agencies.map(agencyName).join('; ') : '—'),
          td('Dự kiến kinh phí', t.estimated_budget === null ? '—' : fmt.money(t.estimated_budget), 'col-money'),
          td('Hạn hoàn thành', t.deadline ? fmt.date(t.deadline) : '—'),
          td('Kiểm tra', bad
            ? h('ul', { class: 'import-errors' }, r.errors.map((e) => h('li', {}, h('strong', {}, `${e.column}: `), e.message)))
            : h('span', { class: 'badge st-approved' }, 'Hợp lệ')));
      }))));
}

export async function renderTaskImport(ctx) {
  ctx.title('Nhập từ mẫu đăng ký');
  const input = h('input', { type: 'file', id: 'import-file', name: 'file', accept: '.xlsx,.csv,text/csv,' + XLSX });
  const check = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Kiểm tra tệp');
  const out = h('div', { id: 'import-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'panel import-form', novalidate: true },
    h('label', { for: 'import-file' }, 'Tệp mẫu đăng ký (.xlsx hoặc .csv UTF-8, tối đa 5 MiB)'),
    h('p', { class: 'muted small' }, 'Các cột theo mẫu: Tên nhiệm vụ, Người chịu trách nhiệm, Cơ quan chủ trì thực hiện, Cơ quan phối hợp, Dự kiến sản phẩm, Dự kiến kinh phí, Ghi chú (và Hạn hoàn thành nếu có). Cơ quan ghi bằng tên đầy đủ hoặc mã.'),
    input, h('div', { class: 'actions' }, check));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = input.files && input.files[0];
    if (!file) { replace(out, notice('Hãy chọn một tệp .xlsx hoặc .csv.', 'error', { role: 'alert' })); return; }
    const isCsv = /\.csv$/i.test(file.name);
    replace(out, h('p', { class: 'loading', role: 'status' }, 'Đang kiểm tra tệp…'));
    await busy(check, async () => {
      try {
        const pv = await api.imports.upload(file, isCsv ? 'text/csv' : XLSX);
        showPreview(ctx, out, pv);
      } catch (err) {
        replace(out, notice(describe(err), 'error', { role: 'alert' }));
      }
    });
  });

  replace(ctx.main,
    pageHead('Nhập từ mẫu đăng ký', { lead: 'Tải lên tệp Excel mẫu đăng ký nhiệm vụ của đơn vị. Hệ thống kiểm tra từng dòng; chỉ khi bạn xác nhận mới tạo các nhiệm vụ nháp.' }),
    form, out);
}

function showPreview(ctx, out, pv) {
  const summary = pv.invalid
    ? notice(`${pv.valid} dòng hợp lệ, ${pv.invalid} dòng có lỗi. Hãy sửa tệp rồi tải lên lại; chưa có nhiệm vụ nào được tạo.`, 'warning', { role: 'alert' })
    : notice(`Cả ${pv.valid} dòng đều hợp lệ. Bấm "Tạo nhiệm vụ nháp" để tạo.`, 'info');
  const confirm = h('button', { type: 'button', class: 'btn btn-primary', id: 'import-confirm', disabled: pv.invalid > 0 || pv.valid === 0 },
    `Tạo ${pv.valid} nhiệm vụ nháp`);
  confirm.addEventListener('click', () => busy(confirm, async () => {
    try {
      const res = await api.imports.confirm(pv.import_id);
      toast(`Đã tạo ${res.created.length} nhiệm vụ nháp.`);
      ctx.navigate('#/tasks?status=draft');
    } catch (err) {
      replace(out, notice(describe(err), 'error', { role: 'alert' }));
    }
  }));
  replace(out, summary, previewTable(pv.rows), h('div', { class: 'actions' }, confirm));
}
