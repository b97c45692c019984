// "Đợt đăng ký" (issue 15): the year's registration round (opening date,
// deadline, the kinds of body that must register) and its compliance board:
// per body, registered on time, late, or not at all.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import * as fmt from '../format.js';
import { hasRole } from '../state.js';
import { pageHead, empty, badge, field, choiceGroup, showErrors, showApiError, busy, toast } from '../ui.js';

/** The kinds of body (agencies.kind) as the letter names them. */
export const BODY_KIND = {
  party: 'Cơ quan Đảng',
  front: 'Mặt trận Tổ quốc và các đoàn thể',
  department: 'Sở, ban, ngành',
  other: 'Đơn vị khác',
  commune: 'Cấp xã',
};

const STANDING = {
  on_time: ['Đúng hạn', 'rg-on-time'],
  late: ['Muộn hạn', 'rg-late'],
  missing: ['Chưa đăng ký', 'rg-missing'],
};

function kindsText(kinds) {
  return kinds.map((k) => BODY_KIND[k] || k).join('; ');
}

/** The round's form: a new one (no round) or an edit. */
function roundForm(round, onSaved) {
  const t = fmt.today();
  const year = h('input', { type: 'number', name: 'year', min: '2000', max: '2100', value: String(round ? round.year : t.year + 1), inputmode: 'numeric' });
  const opens = h('input', { type: 'date', name: 'opens_on', value: round ? round.opens_on : '' });
  const deadline = h('input', { type: 'date', name: 'deadline', value: round ? round.deadline : '' });
  const notes = h('textarea', { name: 'notes', rows: '2', maxlength: '2000' }, round ? round.notes : '');
  const comment = round ? h('input', { type: 'text', name: 'comment', maxlength: '4000' }) : null;
  const kinds = choiceGroup({
    legend: 'Loại cơ quan phải đăng ký', name: 'kinds',
    options: Object.entries(BODY_KIND),
    selected: round ? round.kinds : ['party', 'front', 'department'],
    hint: 'Mặc định: mọi cơ quan mà văn bản đề nghị đăng ký gửi tới.',
  });
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, round ? 'Lưu thay đổi' : 'Mở đợt đăng ký');
  const form = h('form', { class: 'round-form', novalidate: true },
    h('div', { class: 'filter-grid' },
      round ? null : field({ label: 'Năm', control: year, name: 'year', required: true }),
      field({ label: 'Ngày bắt đầu', control: opens, name: 'opens_on', required: true }),
      field({ label: 'Hạn đăng ký', control: deadline, name: 'deadline', required: true, hint: 'Đăng ký sau ngày này vẫn được nhận nhưng ghi là muộn hạn.' })),
    kinds,
    field({ label: 'Ghi chú', control: notes, name: 'notes' }),
    comment ? field({ label: 'Lý do thay đổi (ghi vào lịch sử)', control: comment, name: 'comment' }) : null,
    h('div', { class: 'form-actions' }, save));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const errs = [];
    if (!opens.value) errs.push({ field: 'opens_on', message: 'Cần chọn ngày bắt đầu.' });
    if (!deadline.value) errs.push({ field: 'deadline', message: 'Cần chọn hạn đăng ký.' });
    const picked = [...form.querySelectorAll('input[name="kinds"]:checked')].map((c) => c.value);
    if (!picked.length) errs.push({ field: 'kinds', message: 'Cần chọn ít nhất một loại cơ quan.' });
    if (errs.length) { showErrors(form, errs); return; }
    const body = { opens_on: opens.value, deadline: deadline.value, kinds: picked, notes: notes.value };
    await busy(save, async () => {
      try {
        const saved = round
          ? await api.rounds.patch(round.id, { ...body, version: round.version, ...(comment.value.trim() ? { comment: comment.value.trim() } : {}) })
          : await api.rounds.create({ ...body, year: Number(year.value) });
        onSaved(saved);
      } catch (err) {
        showApiError(form, err, 'round');
      }
    });
  });
  return form;
}

export async function renderRounds(ctx) {
  ctx.title('Đợt đăng ký nhiệm vụ');
  const data = await api.rounds.list();
  if (!ctx.isCurrent()) return;
  const sec = hasRole('secretariat');
  const rows = data.items.map((r) => h('tr', {},
    h('th', { scope: 'row' }, String(r.year)),
    h('td', { 'data-label': 'Bắt đầu' }, fmt.date(r.opens_on)),
    h('td', { 'data-label': 'Hạn đăng ký' }, fmt.date(r.deadline)),
    h('td', { 'data-label': 'Phải đăng ký' }, kindsText(r.kinds)),
    h('td', {}, h('a', { href: `#/rounds/${r.id}` }, `Tình hình đăng ký năm ${r.year}`))));
  replace(ctx.main,
    pageHead('Đợt đăng ký nhiệm vụ', {
      lead: 'Mỗi năm Ban Chỉ đạo đề nghị các cơ quan đăng ký ít nhất 01 nhiệm vụ đột phá trước hạn; bảng theo dõi cho biết cơ quan nào đăng ký đúng hạn, muộn hạn hoặc chưa đăng ký.',
    }),
    data.items.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id: 'round-list' },
        h('caption', { class: 'visually-hidden' }, 'Các đợt đăng ký'),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Năm'), h('th', { scope: 'col' }, 'Bắt đầu'),
          h('th', { scope: 'col' }, 'Hạn đăng ký'), h('th', { scope: 'col' }, 'Loại cơ quan phải đăng ký'),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Xem')))),
        h('tbody', {}, rows)))
      : empty('Chưa có đợt đăng ký nào.'),
    sec ? h('section', { class: 'panel', 'aria-labelledby': 'rnd-new' },
      h('h2', { id: 'rnd-new' }, 'Mở đợt đăng ký mới'),
      roundForm(null, (r) => { toast(`Đã mở đợt đăng ký năm ${r.year}.`); ctx.navigate(`#/rounds/${r.id}`); })) : null);
}

export async function renderRoundBoard(ctx) {
  const id = Number(ctx.params[0]);
  ctx.title('Tình hình đăng ký');
  const d = await api.rounds.compliance(id);
  if (!ctx.isCurrent()) return;
  const r = d.round;
  ctx.title(`Tình hình đăng ký năm ${r.year}`);
  const kpi = (n, label, cls) => h('div', { class: `kpi ${cls}` }, h('span', { class: 'kpi-value' }, String(n)), h('span', { class: 'kpi-label' }, label));
  const rows = d.items.map((b) => h('tr', { dataset: { code: b.code, status: b.status } },
    h('th', { scope: 'row' }, b.name),
    h('td', { 'data-label': 'Loại cơ quan' }, BODY_KIND[b.kind] || b.kind),
    h('td', { 'data-label': 'Tình hình' }, badge(STANDING[b.status][0], STANDING[b.status][1])),
    h('td', { 'data-label': 'Ngày đăng ký' }, b.registered_on ? fmt.date(b.registered_on) : '—'),
    h('td', { 'data-label': 'Nhiệm vụ' }, b.tasks.length
      ? h('ul', { class: 'plain-list' }, b.tasks.map((t) => h('li', {},
        h('a', { href: `#/tasks/${t.id}` }, t.name), ' ',
        h('span', { class: 'muted' }, `(${fmt.date(t.registered_on)}${t.late ? ', muộn hạn' : ''})`))))
      : '—')));
  const edit = r.allowed_actions.includes('edit')
    ? h('details', { class: 'panel' }, h('summary', {}, 'Sửa hạn đăng ký, loại cơ quan phải đăng ký'),
      roundForm(r, () => { toast('Đã lưu đợt đăng ký.'); ctx.reload(); }))
    : null;
  replace(ctx.main,
    h('nav', { class: 'breadcrumb', 'aria-label': 'Vị trí' }, h('a', { href: '#/rounds' }, 'Đợt đăng ký')),
    pageHead(`Tình hình đăng ký nhiệm vụ đột phá năm ${r.year}`, {
      lead: `Hạn đăng ký: ${fmt.date(r.deadline)} (bắt đầu ${fmt.date(r.opens_on)}). Phải đăng ký: ${kindsText(r.kinds)}.`,
      actions: [h('a', { class: 'btn', href: api.rounds.xlsx(r.id), download: '' }, 'Tải bảng theo dõi (.xlsx)')],
    }),
    h('div', { class: 'kpis' },
      kpi(d.totals.on_time, 'cơ quan đăng ký đúng hạn', 'kpi-ok'),
      kpi(d.totals.late, 'cơ quan đăng ký muộn hạn', d.totals.late ? 'kpi-warn' : 'kpi-ok'),
      kpi(d.totals.missing, 'cơ quan chưa đăng ký', d.totals.missing ? 'kpi-bad' : 'kpi-ok')),
    d.items.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'data-table', id: 'round-board' },
        h('caption', { class: 'visually-hidden' }, `Tình hình đăng ký năm ${r.year} theo cơ quan`),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Cơ quan'), h('th', { scope: 'col' }, 'Loại cơ quan'),
          h('th', { scope: 'col' }, 'Tình hình'), h('th', { scope: 'col' }, 'Ngày đăng ký'),
          h('th', { scope: 'col' }, 'Nhiệm vụ đã đăng ký'))),
        h('tbody', {}, rows)))
      : empty('Không có cơ quan nào thuộc diện phải đăng ký.'),
    edit);
}
