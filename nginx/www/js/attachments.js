// Evidence files (issue 12): the "Tệp minh chứng" list and upload of a
// task, a report or a milestone.  The server judges the type by content
// and decides who may upload or delete (may_upload, allowed_actions); the
// size check here only saves sending 20 MiB to be told no.
import * as api from './api.js';
import { h, replace } from './dom.js';
import * as fmt from './format.js';
import { confirmDialog, busy, toast, empty, notice } from './ui.js';
import { describe } from './errors.js';

export const ATTACHMENT_MAX = 20 * 1024 * 1024;
const ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg';

const TYPE = {
  'application/pdf': 'PDF',
  'application/msword': 'Word',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.ms-excel': 'Excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.ms-powerpoint': 'PowerPoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint',
  'application/vnd.oasis.opendocument.text': 'OpenDocument',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument',
  'application/vnd.oasis.opendocument.presentation': 'OpenDocument',
  'image/png': 'Ảnh PNG',
  'image/jpeg': 'Ảnh JPEG',
};

/** "1,5 MB", "820 KB", "96 B". */
export function fileSize(n) {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

/* The server's own sentence for what it refused about the file. */
function uploadError(err) {
  if (['unsupported_media_type', 'payload_too_large', 'validation_failed'].includes(err.code) && err.message) {
    return err.message;
  }
  return describe(err);
}

/**
 * The files of kind ("tasks", "reports", "milestones") id: a list with
 * download links, delete where allowed, and an upload form when the
 * caller may add one.  opts.title: the heading (none inside a milestone);
 * opts.compact: no panel around it.
 */
export function attachmentsPanel(kind, id, { title = 'Tệp minh chứng', compact = false } = {}) {
  const body = h('div', { class: 'attachments-body' }, h('p', { class: 'loading' }, 'Đang tải…'));
  const headId = `att-${kind}-${id}`;
  const section = compact
    ? h('div', { class: 'attachments attachments-compact', dataset: { attachments: `${kind}/${id}` } }, body)
    : h('section', { class: 'panel attachments', 'aria-labelledby': headId, dataset: { attachments: `${kind}/${id}` } },
      h('h2', { id: headId }, title), body);

  const uploadForm = (reload) => {
    const input = h('input', { type: 'file', name: 'file', accept: ACCEPT, class: 'attachment-input', 'aria-describedby': `${headId}-hint` });
    const send = h('button', { type: 'submit', class: 'btn btn-small' }, 'Tải lên');
    const err = h('p', { class: 'field-error', role: 'alert' });
    const form = h('form', { class: 'attachment-form', novalidate: true },
      h('label', { class: 'attachment-label' }, h('span', {}, 'Chọn tệp'), input),
      send,
      h('p', { class: 'hint small muted', id: `${headId}-hint` },
        'PDF, Word, Excel, PowerPoint, OpenDocument hoặc ảnh PNG, JPEG; tối đa 20 MB.'),
      err);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      err.textContent = '';
      const file = input.files && input.files[0];
      if (!file) { err.textContent = 'Chưa chọn tệp nào.'; input.focus(); return; }
      if (file.size > ATTACHMENT_MAX) { err.textContent = 'Tệp lớn hơn 20 MB, không tải lên được.'; return; }
      busy(send, async () => {
        try {
          await api.attachments.upload(kind, id, file);
          toast(`Đã tải lên «${file.name}».`);
          reload();
        } catch (e) { err.textContent = uploadError(e); }
      });
    });
    return form;
  };

  const load = async () => {
    let data;
    try { data = await api.attachments.list(kind, id); } catch (err) { replace(body, notice(describe(err), 'error')); return; }
    const rows = data.items.map((a) => h('li', { class: 'attachment', dataset: { id: String(a.id) } },
      h('a', { href: api.attachments.url(a.id), download: a.filename, class: 'attachment-name' }, a.filename),
      h('span', { class: 'muted small attachment-meta' },
        ` ${TYPE[a.content_type] || a.content_type} · ${fileSize(a.size)} · ${a.uploaded_by}, ${fmt.dateTime(a.uploaded_at)}`),
      a.allowed_actions.includes('delete') ? (() => {
        const btn = h('button', { type: 'button', class: 'btn btn-small btn-link', dataset: { attAction: 'delete' },
          'aria-label': `Xóa tệp ${a.filename}` }, 'Xóa');
        btn.addEventListener('click', async () => {
          const ok = await confirmDialog({ title: `Xóa tệp «${a.filename}»?`,
            message: 'Tệp không còn hiện trong danh sách; lịch sử vẫn ghi lại việc tải lên và việc xóa.',
            confirmLabel: 'Xóa tệp', danger: true });
          if (!ok) return;
          await busy(btn, async () => {
            try { await api.attachments.remove(a.id); toast('Đã xóa tệp.'); load(); } catch (e) { toast(describe(e), 'error'); }
          });
        });
        return btn;
      })() : null));
    replace(body,
      rows.length ? h('ul', { class: 'plain-list attachment-list' }, rows) : empty('Chưa có tệp nào.'),
      data.may_upload ? uploadForm(load) : null);
  };
  load();
  return section;
}
