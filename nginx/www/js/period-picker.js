// Year and month selectors shared by the dashboard and the compliance view.
import { h } from './dom.js';
import * as fmt from './format.js';
import { field } from './ui.js';

/** {year, period} from the hash's query, defaulting to the current month. */
export function readPeriod(query) {
  const t = fmt.today();
  const year = /^\d{4}$/.test(query.get('year') || '') ? Number(query.get('year')) : t.year;
  let period = /^\d{4}-\d{2}$/.test(query.get('period') || '') ? query.get('period') : null;
  if (!period) period = year === t.year ? t.period : `${year}-12`;
  if (period > t.period) period = t.period;
  return { year, period };
}

/** A small form: Năm + Tháng; onChange({year, period}). */
export function periodForm({ year, period }, onChange) {
  const t = fmt.today();
  const ysel = h('select', { name: 'year' }, [t.year + 1, t.year, t.year - 1, t.year - 2].map((y) => h('option', { value: String(y), selected: y === year }, String(y))));
  const psel = h('select', { name: 'period' });
  const fill = (y, keep) => {
    psel.replaceChildren();
    const last = y >= t.year ? t.period : `${y}-12`;
    const months = fmt.recentPeriods(last, 18);
    for (const p of months) psel.append(h('option', { value: p, selected: p === keep }, fmt.period(p)));
    if (!months.includes(keep)) psel.value = months[0];
  };
  fill(year, period);
  ysel.addEventListener('change', () => { fill(Number(ysel.value), ''); onChange({ year: Number(ysel.value), period: psel.value }); });
  psel.addEventListener('change', () => onChange({ year: Number(ysel.value), period: psel.value }));
  return h('form', { class: 'period-form', 'aria-label': 'Chọn kỳ tổng hợp' },
    field({ label: 'Năm', control: ysel }),
    field({ label: 'Kỳ báo cáo', control: psel }));
}
