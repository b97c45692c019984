// Chart.js (vendored by `make www` into vendor/chart.umd.js), loaded only
// on the screens that draw charts, and the two charts of the dashboard.
import * as fmt from './format.js';

let loading = null;

/** Resolves to window.Chart, or rejects if the file is missing. */
export function loadChartJs() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = 'vendor/chart.umd.js';
      s.onload = () => (window.Chart ? resolve(window.Chart) : reject(new Error('Chart.js')));
      s.onerror = () => { loading = null; s.remove(); reject(new Error('Chart.js')); };
      document.head.append(s);
    });
  }
  return loading;
}

const live = new Set();

/** Keeps a chart made elsewhere, so that the next screen destroys it. */
export function track(chart) {
  live.add(chart);
  return chart;
}

/** Destroys the charts of the previous screen. */
export function destroyCharts() {
  for (const c of live) c.destroy();
  live.clear();
}

// On paper the charts get the print layout's size and smaller type.
function fitFor(printing) {
  for (const c of live) {
    const size = printing ? 8 : 12;
    c.options.font = { ...(c.options.font || {}), size };
    for (const ax of Object.values(c.options.scales || {})) {
      ax.ticks = { ...(ax.ticks || {}), font: { size } };
      if (ax.title) ax.title.font = { size };
    }
    const legend = c.options.plugins.legend.labels;
    legend.font = { size: printing ? 7 : 12 };
    legend.boxWidth = printing ? 6 : 12;
    legend.padding = printing ? 4 : 10;
    if (c.config.type === 'line') {
      for (const ds of c.data.datasets) ds.pointRadius = printing ? 2.5 : 4;
      c.options.scales.x.ticks.maxRotation = printing ? 0 : 50;
      c.options.scales.x.ticks.autoSkip = true;
    }
    c.resize();
    c.update('none');
  }
}
window.addEventListener('beforeprint', () => fitFor(true));
window.addEventListener('afterprint', () => fitFor(false));
if (window.matchMedia) window.matchMedia('print').addEventListener('change', (e) => fitFor(e.matches));

export const COLORS = {
  completed: '#2e7d32',
  on_track: '#1565c0',
  at_risk: '#f9a825',
  delayed: '#d84315',
  unreported: '#9e9e9e',
  overdue: '#b71c1c',
};

const LINE_COLORS = ['#1565c0', '#2e7d32', '#c62828', '#6a1b9a', '#ef6c00', '#00838f',
  '#ad1457', '#4e342e', '#283593', '#558b2f', '#37474f'];
const POINTS = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot', 'rectRounded', 'cross', 'line', 'dash', 'circle'];

function baseOptions(Chart) {
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = '#1f2933';
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    devicePixelRatio: Math.max(2, window.devicePixelRatio || 1),
  };
}

/** How many characters of an agency's name fit beside the bars. */
function labelRoom(chart) {
  const small = chart.options.font && chart.options.font.size <= 8;
  if (chart.width >= 480) return 30;
  return small ? 26 : 16;
}

/**
 * An agency's name on lines of at most n characters, broken between words:
 * a cut name ("Sở Khoa họ…") cannot be read on the printed page.
 */
function wrapName(s, n = 30) {
  const lines = [];
  let cur = '';
  for (const w of s.split(/\s+/)) {
    if (cur && cur.length + 1 + w.length > n) { lines.push(cur); cur = w; } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.length > 1 ? lines : s;
}

/**
 * Stacked horizontal bars: per agency, its tasks in the programme by the
 * health of their last approved report, and its completed tasks.
 */
export function statusByAgencyChart(Chart, canvas, agencies, onPick) {
  const labels = agencies.map((a) => a.name);
  const unreported = agencies.map((a) => Math.max(0, a.in_program - a.on_track - a.at_risk - a.delayed));
  const ds = (label, data, color) => ({ label, data, backgroundColor: color, borderWidth: 0, barPercentage: 0.8 });
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        ds('Hoàn thành', agencies.map((a) => a.completed), COLORS.completed),
        ds('Đúng tiến độ', agencies.map((a) => a.on_track), COLORS.on_track),
        ds('Có nguy cơ chậm', agencies.map((a) => a.at_risk), COLORS.at_risk),
        ds('Chậm tiến độ', agencies.map((a) => a.delayed), COLORS.delayed),
        ds('Chưa có báo cáo được duyệt', unreported, COLORS.unreported),
      ],
    },
    options: {
      ...baseOptions(Chart),
      indexAxis: 'y',
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Số nhiệm vụ' } },
        y: { stacked: true, ticks: { autoSkip: false, callback(v) { return wrapName(this.getLabelForValue(v), labelRoom(this.chart)); } } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 12 } },
        tooltip: { callbacks: { title: (items) => items[0].label, footer: () => (onPick ? 'Bấm để xem danh sách' : '') } },
      },
      // onPick(agency, dataset index): a segment opens the list it counts.
      // The segment under the pointer itself, whatever the tooltip's mode.
      onClick: onPick ? (ev, els, chart) => {
        const hit = chart.getElementsAtEventForMode(ev, 'nearest', { intersect: true }, false);
        if (hit.length) onPick(agencies[hit[0].index], hit[0].datasetIndex);
      } : undefined,
      onHover: onPick ? (ev, els, chart) => {
        const hit = chart.getElementsAtEventForMode(ev, 'nearest', { intersect: true }, false);
        ev.native.target.style.cursor = hit.length ? 'pointer' : 'default';
      } : undefined,
    },
  });
  live.add(chart);
  return chart;
}

/** Lines: each database's approved percent, month by month. */
export function databaseProgressChart(Chart, canvas, databases, periods) {
  const chart = new Chart(canvas, {
    type: 'line',
    data: {
      labels: periods.map(fmt.periodShort),
      datasets: databases.map((d, i) => {
        const by = new Map(d.series.map((s) => [s.period, s.percent]));
        return {
          label: d.task.name.replace(/^Cơ sở dữ liệu\s+/i, 'CSDL '),
          data: periods.map((p) => (by.has(p) ? by.get(p) : null)),
          borderColor: LINE_COLORS[i % LINE_COLORS.length],
          backgroundColor: LINE_COLORS[i % LINE_COLORS.length],
          pointStyle: POINTS[i % POINTS.length],
          pointRadius: 4,
          spanGaps: true,
          borderWidth: 2,
        };
      }),
    },
    options: {
      ...baseOptions(Chart),
      scales: {
        y: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` }, title: { display: true, text: 'Tỷ lệ hoàn thành' } },
        x: { title: { display: true, text: 'Tháng' } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 10, usePointStyle: true } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${c.parsed.y}%` } },
      },
    },
  });
  live.add(chart);
  return chart;
}
