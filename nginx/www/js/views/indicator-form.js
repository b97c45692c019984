// The secretariat's form for an indicator: define one, or edit it (with
// its version, so that a concurrent edit is refused rather than lost).
import { h, replace } from '../dom.js';
import { state } from '../state.js';
import * as fmt from '../format.js';
import { pageHead, field, choiceGroup, busy, toast, showErrors, clearErrors } from '../ui.js';
import { guardLeave, releaseLeave } from '../leave-guard.js';
import { indicators, parseDecimal, explain, UNIT_LONG, DIRECTION, FREQUENCY } from '../results.js';

function select(name, options, value) {
  return h('select', { name }, Object.entries(options).map(([v, t]) => h('option', { value: v, selected: v === value }, t)));
}

/** "2026-12-31=98.73" lines as the reader writes them: "31/12/2026 = 98,73". */
function targetsText(targets) {
  return (targets || []).map((t) => {
    const [d, v] = t.split('=');
    return `${fmt.date(d)} = ${v.replace('.', ',')}`;
  }).join('\n');
}

/** The textarea's lines back in the API's form; {error} names a bad line. */
function parseTargets(text) {
  const out = [];
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const [i, l] of lines.entries()) {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s*=\s*([\d.,]+)$/.exec(l);
    if (!m) return { error: `Dòng ${i + 1} (“${l}”) phải có dạng ngày/tháng/năm = giá trị, ví dụ 31/12/2026 = 98,73.` };
    out.push(`${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}=${parseDecimal(m[4])}`);
  }
  return { targets: out };
}

export async function renderIndicatorForm(ctx) {
  const id = ctx.params && ctx.params[0];
  const x = id ? await indicators.get(id) : null;
  if (!ctx.isCurrent()) return;
  const title = x ? 'Sửa chỉ tiêu' : 'Thêm chỉ tiêu';
  ctx.title(title);

  const code = h('input', { type: 'text', name: 'code', maxlength: '32', autocomplete: 'off', value: x ? x.code : '' });
  const name = h('textarea', { name: 'name', rows: '2', maxlength: '500' }, x ? x.name : '');
  const unit = select('unit', UNIT_LONG, x ? x.unit : 'percent');
  const direction = select('direction', DIRECTION, x ? x.direction : 'higher');
  const frequency = select('frequency', FREQUENCY, x ? x.frequency : 'month');
  const agency = h('select', { name: 'agency' }, h('option', { value: '' }, '— Chọn cơ quan —'),
    state.agencies.map((a) => h('option', { value: a.code, selected: x && a.code === x.agency }, a.name)));
  const fields = choiceGroup({ legend: 'Lĩnh vực', name: 'fields', options: Object.entries(fmt.FIELDS), selected: x ? x.fields : [] });
  const baseValue = h('input', { type: 'text', inputmode: 'decimal', name: 'baseline_value', value: x && x.baseline_value ? x.baseline_value.replace('.', ',') : '' });
  const basePeriod = h('input', { type: 'text', name: 'baseline_period', maxlength: '7', placeholder: '2024 hoặc 2025-Q4 hoặc 2025-12', value: x && x.baseline_period ? x.baseline_period : '' });
  const targets = h('textarea', { name: 'targets', rows: '3' }, x ? targetsText(x.targets) : '');
  const tasks = h('input', { type: 'text', name: 'tasks', inputmode: 'numeric', value: x ? (x.tasks || []).join(', ') : '' });
  const tolerance = h('input', { type: 'text', inputmode: 'decimal', name: 'tolerance', value: x ? x.tolerance.replace('.', ',') : '0' });
  const survey = h('input', { type: 'text', name: 'survey_source', maxlength: '500', value: x ? x.survey_source : '' });
  const sample = h('input', { type: 'number', name: 'sample_size', min: '1', value: x && x.sample_size ? String(x.sample_size) : '' });
  const notes = h('textarea', { name: 'notes', rows: '3', maxlength: '4000' }, x ? x.notes : '');

  const form = h('form', { class: 'report-form indicator-form', novalidate: true, 'aria-label': title },
    h('fieldset', { class: 'form-section' }, h('legend', {}, 'Chỉ tiêu'),
      h('div', { class: 'grid-2' },
        field({ label: 'Mã chỉ tiêu', control: code, name: 'code', required: true, hint: 'Chữ in hoa, số, dấu gạch; ví dụ HS-DUNG-HAN.' }),
        field({ label: 'Cơ quan chịu trách nhiệm', control: agency, name: 'agency', required: true })),
      field({ label: 'Tên chỉ tiêu', control: name, name: 'name', required: true }),
      h('div', { class: 'grid-3' },
        field({ label: 'Đơn vị tính', control: unit, name: 'unit', required: true }),
        field({ label: 'Chiều đánh giá', control: direction, name: 'direction' }),
        field({ label: 'Kỳ nhập số liệu', control: frequency, name: 'frequency' })),
      fields),
    h('fieldset', { class: 'form-section' }, h('legend', {}, 'Giá trị gốc và mục tiêu'),
      h('div', { class: 'grid-3' },
        field({ label: 'Giá trị gốc', control: baseValue, name: 'baseline_value', hint: 'Ví dụ 96,65.' }),
        field({ label: 'Kỳ gốc', control: basePeriod, name: 'baseline_period', hint: 'Năm (2024), quý (2025-Q4) hoặc tháng (2025-12).' }),
        field({ label: 'Dung sai đúng tiến độ', control: tolerance, name: 'tolerance', hint: 'Được chậm hơn lộ trình bao nhiêu mà vẫn tính là đúng tiến độ.' })),
      field({ label: 'Mục tiêu theo năm', control: targets, name: 'targets', hint: 'Mỗi dòng một mục tiêu: ngày phải đạt = giá trị, ví dụ 31/12/2026 = 98,73.' }),
      field({ label: 'Nhiệm vụ đóng góp', control: tasks, name: 'tasks', hint: 'Số hiệu các nhiệm vụ, cách nhau bởi dấu phẩy.' })),
    h('fieldset', { class: 'form-section' }, h('legend', {}, 'Khảo sát mức độ hài lòng (nếu có)'),
      h('div', { class: 'grid-2' },
        field({ label: 'Nguồn khảo sát', control: survey, name: 'survey_source' }),
        field({ label: 'Cỡ mẫu', control: sample, name: 'sample_size' })),
      field({ label: 'Ghi chú', control: notes, name: 'notes' })),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, x ? 'Lưu thay đổi' : 'Thêm chỉ tiêu'),
      h('a', { class: 'btn btn-ghost', href: x ? `#/indicators/${x.id}` : '#/indicators' }, 'Thôi')));
  guardLeave(form);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const t = parseTargets(targets.value);
    if (t.error) { showErrors(form, [{ field: 'targets', message: t.error }]); return; }
    const taskIds = tasks.value.split(/[\s,;]+/).filter(Boolean);
    if (taskIds.some((s) => !/^\d+$/.test(s))) { showErrors(form, [{ field: 'tasks', message: 'Số hiệu nhiệm vụ phải là số.' }]); return; }
    const body = {
      code: code.value.trim(), name: name.value.trim(), unit: unit.value, direction: direction.value,
      frequency: frequency.value, agency: agency.value,
      fields: [...form.querySelectorAll('input[name="fields"]:checked')].map((c) => c.value),
      baseline_value: parseDecimal(baseValue.value) || null, baseline_period: basePeriod.value.trim() || null,
      targets: t.targets, tasks: taskIds, tolerance: parseDecimal(tolerance.value) || '0',
      survey_source: survey.value.trim(), sample_size: sample.value ? Number(sample.value) : null,
      notes: notes.value.trim(),
    };
    const missing = [['code', 'Cần nhập mã chỉ tiêu.'], ['name', 'Cần nhập tên chỉ tiêu.'], ['agency', 'Cần chọn cơ quan chịu trách nhiệm.']]
      .filter(([k]) => !body[k]).map(([k, m]) => ({ field: k, message: m }));
    if (missing.length) { showErrors(form, missing); return; }
    await busy(form.querySelector('button[type="submit"]'), async () => {
      try {
        const r = x ? await indicators.patch(x.id, { ...body, version: x.version }) : await indicators.create(body);
        releaseLeave();
        toast(x ? 'Đã lưu chỉ tiêu.' : 'Đã thêm chỉ tiêu.');
        ctx.navigate(`#/indicators/${r.id}`);
      } catch (err) {
        showErrors(form, [{ field: err.field, message: explain(err) }]);
      }
    });
  });

  replace(ctx.main,
    h('p', { class: 'breadcrumb' }, h('a', { href: x ? `#/indicators/${x.id}` : '#/indicators' }, x ? `← ${x.name}` : '← Chỉ tiêu')),
    pageHead(title, { lead: 'Chỉ tiêu do Tổ giúp việc xác định; mọi thay đổi đều được ghi nhật ký.' }),
    form);
}
