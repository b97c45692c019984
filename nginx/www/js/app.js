// The shell: session bootstrap, role-aware navigation and the hash router.
import { mayLeave, releaseLeave } from './leave-guard.js';
import * as api from './api.js';
import { h, replace } from './dom.js';
import { state, setUser, setAgencies, clear, hasRole } from './state.js';
import { ROLE } from './format.js';
import { loadError, toast } from './ui.js';
import { destroyCharts } from './charts.js';
import { renderLogin } from './views/login.js';
import { renderTaskList } from './views/task-list.js';
import { renderMonthlyReport } from './views/monthly-report.js';
import { renderTimeline } from './views/timeline.js';
import { renderTaskForm } from './views/task-form.js';
import { renderTaskDetail } from './views/task-detail.js';
import { renderScheduleForm } from './views/schedule-form.js';
import { renderReportForm } from './views/report-form.js';
import { renderApprovals } from './views/approvals.js';
import { renderAcceptance } from './views/acceptance.js';
import { renderCompliance } from './views/compliance.js';
import { renderDashboard } from './views/dashboard.js';
import { renderNotFound, renderForbidden } from './views/not-found.js';
import { renderSecurity } from './views/security.js';
import { renderTaskImport } from './views/task-import.js';
import { renderTodo } from './views/todo.js';
// Results, not just progress (issue 13).
import { renderIndicators } from './views/indicators.js';
import { renderIndicatorDetail } from './views/indicator-detail.js';
import { renderIndicatorForm } from './views/indicator-form.js';
import { renderProposals } from './views/proposals.js';
import { renderScorecard } from './views/scorecard.js';
import { renderAdmin } from './views/admin.js';
import { renderRounds, renderRoundBoard } from './views/rounds.js';
import { renderProgrammes, renderProgramme, renderProgrammePrint } from './views/programmes.js';
// Acting head (issue 12).
import { renderDelegations } from './views/delegations.js';
import { setActing, isActing, sameActing, actingFor, renderActingBanner } from './acting.js';

const APP_TITLE = 'Nhiệm vụ Ban Chỉ đạo tỉnh Nghệ An';
const main = document.getElementById('main');

// Routes: pattern, view, and who may open it (a check of roles for the
// screen only; what a user may do on it comes from allowed_actions).
const routes = [
  { re: /^\/todo$/, view: renderTodo },
  { re: /^\/tasks$/, view: renderTaskList },
  { re: /^\/tasks\/new$/, view: renderTaskForm, may: () => hasRole('official') || hasRole('head') || hasRole('secretariat') },
  { re: /^\/tasks\/import$/, view: renderTaskImport, may: () => hasRole('official') || hasRole('head') || hasRole('secretariat') },
  { re: /^\/tasks\/(\d+)$/, view: renderTaskDetail },
  { re: /^\/tasks\/(\d+)\/edit$/, view: renderTaskForm },
  { re: /^\/tasks\/(\d+)\/schedule$/, view: renderScheduleForm },
  { re: /^\/tasks\/(\d+)\/reports\/new$/, view: renderReportForm },
  { re: /^\/tasks\/(\d+)\/reports\/(\d+)\/edit$/, view: renderReportForm },
  { re: /^\/approvals$/, view: renderApprovals, may: () => hasRole('head') || isActing() },
  { re: /^\/delegations$/, view: renderDelegations, may: () => delegations() },
  { re: /^\/acceptance$/, view: renderAcceptance, may: () => hasRole('secretariat') },
  { re: /^\/compliance$/, view: renderCompliance, may: () => hasRole('secretariat') },
  { re: /^\/dashboard$/, view: renderDashboard, may: () => hasRole('secretariat') || hasRole('leadership') || hasRole('admin') },
  { re: /^\/timeline$/, view: renderTimeline, may: () => hasRole('secretariat') || hasRole('leadership') || hasRole('admin') },
  { re: /^\/monthly-report$/, view: renderMonthlyReport, may: () => hasRole('secretariat') || hasRole('leadership') || hasRole('admin') },
  { re: /^\/admin(?:\/(agencies|settings|audit))?$/, view: renderAdmin, may: () => hasRole('admin') || hasRole('secretariat') },
  // Issue 15: the registration round and the programme.
  { re: /^\/rounds$/, view: renderRounds, may: () => readsProgramme() },
  { re: /^\/rounds\/(\d+)$/, view: renderRoundBoard, may: () => readsProgramme() },
  { re: /^\/programmes$/, view: renderProgrammes, may: () => readsProgramme() },
  { re: /^\/programmes\/(\d+)$/, view: renderProgramme, may: () => readsProgramme() },
  { re: /^\/programmes\/(\d+)\/print$/, view: renderProgrammePrint, may: () => readsProgramme() },
  { re: /^\/security$/, view: (ctx) => renderSecurity(ctx, { mustEnrol, onEnrolled }) },
  // Results, not just progress (issue 13).
  { re: /^\/indicators$/, view: renderIndicators },
  { re: /^\/indicators\/new$/, view: renderIndicatorForm, may: () => hasRole('secretariat') },
  { re: /^\/indicators\/(\d+)$/, view: renderIndicatorDetail },
  { re: /^\/indicators\/(\d+)\/edit$/, view: renderIndicatorForm, may: () => hasRole('secretariat') },
  { re: /^\/proposals$/, view: renderProposals },
  { re: /^\/scorecard$/, view: renderScorecard, may: () => hasRole('secretariat') || hasRole('leadership') || hasRole('admin') || hasRole('head') },
];

// A session whose role requires a second factor not enrolled yet may only
// enrol one (the server answers 403 totp_enrolment_required to the rest).
let mustEnrol = false;

async function onEnrolled() {
  if (!mustEnrol) return;
  mustEnrol = false;
  try { setAgencies((await api.agencies()).items); } catch { setAgencies([]); }
  renderChrome();
}

/** Heads and the committee read the programme and the round's board. */
function readsProgramme() {
  return hasRole('head') || hasRole('secretariat') || hasRole('leadership') || hasRole('admin');
}

/** Heads delegate, the secretariat oversees, an acting head sees theirs. */
function delegations() {
  return hasRole('head') || hasRole('secretariat') || isActing();
}

/** The navigation entries of the current user, in order. */
function navItems() {
  const items = [];
  const committee = hasRole('leadership') || hasRole('admin');
  const writer = hasRole('official') || hasRole('head');
  items.push({ href: '#/todo', text: 'Việc cần làm', count: 'total' });
  if (committee) items.push({ href: '#/dashboard', text: 'Tổng hợp' });
  if (writer || hasRole('secretariat')) {
    items.push({ href: '#/tasks', text: state.user.agency ? 'Nhiệm vụ của đơn vị' : 'Danh sách nhiệm vụ' });
    items.push({ href: '#/tasks/new', text: 'Đăng ký nhiệm vụ' });
    items.push({ href: '#/tasks/import', text: 'Nhập từ Excel' });
  } else {
    items.push({ href: '#/tasks', text: 'Danh sách nhiệm vụ' });
  }
  if (hasRole('head') || isActing()) items.push({ href: '#/approvals', text: 'Chờ phê duyệt', count: 'approvals' });
  if (hasRole('secretariat')) {
    items.push({ href: '#/acceptance', text: 'Chờ tiếp nhận', count: 'accept_task' });
    items.push({ href: '#/compliance', text: 'Theo dõi đôn đốc' });
    if (!committee) items.push({ href: '#/dashboard', text: 'Tổng hợp' });
    items.push({ href: '#/rounds', text: 'Đợt đăng ký' });
  }
  if (readsProgramme()) items.push({ href: '#/programmes', text: 'Chương trình' });
  // Results, not just progress (issue 13).
  items.push({ href: '#/indicators', text: 'Chỉ tiêu' });
  items.push({ href: '#/proposals', text: 'Kiến nghị' });
  if (committee || hasRole('secretariat') || hasRole('head')) items.push({ href: '#/scorecard', text: 'Bảng điểm' });
  if (delegations()) items.push({ href: '#/delegations', text: 'Ủy quyền phê duyệt' });
  // Issue 17: agencies, settings and the audit search.
  if (hasRole('admin')) items.push({ href: '#/admin/agencies', text: 'Quản trị' });
  else if (hasRole('secretariat')) items.push({ href: '#/admin/audit', text: 'Nhật ký thao tác' });
  return items;
}

function homeRoute() {
  return '/todo';
}

// The menu's counts (issue 12): what waits on the user, from GET /todo,
// refreshed on every screen change; a failure leaves the menu as it was.
let navCounts = null;
function countOf(key) {
  if (!navCounts) return 0;
  if (key === 'total') return navCounts.total;
  if (key === 'approvals') return (navCounts.counts.approve_task || 0) + (navCounts.counts.approve_report || 0)
    + (navCounts.counts.approve_contribution || 0); // issue 15
  return navCounts.counts[key] || 0;
}

function navLabel(it) {
  const n = it.count ? countOf(it.count) : 0;
  return n ? [it.text, ' ', h('span', { class: 'nav-count', 'aria-label': `(${n} việc)` }, String(n))] : it.text;
}

async function refreshCounts() {
  if (!state.user || mustEnrol) return;
  try { navCounts = await api.todo(); } catch { return; }
  // Whom the user acts for may change any day (issue 12): GET /todo says.
  if (!sameActing(actingFor(), navCounts.acting_for)) {
    setActing(navCounts.acting_for);
    renderChrome();
    return;
  }
  for (const it of navItems()) {
    const a = document.querySelector(`#nav-list a[data-nav="${it.href}"]`);
    if (a) replace(a, navLabel(it));
  }
}

function renderChrome() {
  const logged = Boolean(state.user);
  const userbox = document.getElementById('userbox');
  const nav = document.getElementById('site-nav');
  const toggle = document.getElementById('nav-toggle');
  userbox.hidden = !logged;
  nav.hidden = !logged;
  toggle.hidden = !logged;
  document.body.classList.toggle('logged-in', logged);
  if (!logged) setActing(null);
  renderActingBanner();
  if (!logged) return;
  const u = state.user;
  document.getElementById('user-name').textContent = u.display_name || u.username;
  const roles = u.roles.map((r) => ROLE[r] || r).join(', ');
  document.getElementById('user-agency').textContent =
    [u.agency ? u.agency.name : null, roles].filter(Boolean).join(' · ');
  replace(document.getElementById('nav-list'),
    navItems().map((it) => h('li', {}, h('a', { href: it.href, dataset: { nav: it.href } }, navLabel(it)))));
  markCurrentNav();
}

function markCurrentNav() {
  const path = currentPath();
  for (const a of document.querySelectorAll('#nav-list a')) {
    const target = a.dataset.nav.slice(1);
    const on = target === '/tasks' ? path === '/tasks' || /^\/tasks\/\d+/.test(path)
      : target === '/indicators' ? /^\/indicators(\/|$)/.test(path)
      : target.startsWith('/admin/') ? path.startsWith('/admin') : path === target;
    if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const qi = raw.indexOf('?');
  const path = qi < 0 ? raw : raw.slice(0, qi);
  const query = new URLSearchParams(qi < 0 ? '' : raw.slice(qi + 1));
  return { path, query };
}

function currentPath() { return parseHash().path; }

export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

let renderSeq = 0;
let shownHash = location.hash;   // the address of the screen on view

async function route() {
  const seq = ++renderSeq;
  shownHash = location.hash;
  releaseLeave();
  const { path, query } = parseHash();
  closeNav();
  if (!state.user) {
    let next = query.get('next');
    if (path !== '/login') {
      next = path === '/' ? null : location.hash.slice(1);
      history.replaceState(null, '', `#/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    }
    renderChrome();
    show('Đăng nhập', (ctx) => renderLogin(ctx, { onLogin: afterLogin, next }), {}, query, seq);
    return;
  }
  if (mustEnrol && path !== '/security') {
    history.replaceState(null, '', '#/security');
    return route();
  }
  if (path === '/' || path === '/login') {
    history.replaceState(null, '', `#${homeRoute()}`);
    return route();
  }
  markCurrentNav();
  refreshCounts();
  for (const r of routes) {
    const m = r.re.exec(path);
    if (!m) continue;
    if (r.may && !r.may()) { show('Không có quyền', renderForbidden, {}, query, seq); return; }
    show(null, r.view, m.slice(1), query, seq);
    return;
  }
  show('Không tìm thấy', renderNotFound, {}, query, seq);
}

/** Runs a view with a context; views call ctx.title() and fill ctx.main. */
async function show(title, view, params, query, seq) {
  main.setAttribute('aria-busy', 'true');
  const ctx = {
    main,
    params,
    query,
    navigate,
    isCurrent: () => seq === renderSeq,
    title: (t) => { document.title = t ? `${t} — ${APP_TITLE}` : APP_TITLE; },
    reload: () => route(),
    keepScroll: 0,
    focusTitle: (keep) => {
      const t = document.getElementById('page-title');
      if (t) t.focus({ preventScroll: Boolean(keep) });
    },
  };
  if (title) ctx.title(title);
  destroyCharts();
  replace(main, h('p', { class: 'loading', role: 'status' }, 'Đang tải…'));
  try {
    await view(ctx);
  } catch (err) {
    if (!ctx.isCurrent()) return;
    if (err && err.code === 'unauthenticated') return;
    console.error(err);
    replace(main, loadError(err, () => route()));
  } finally {
    if (ctx.isCurrent()) {
      main.removeAttribute('aria-busy');
      // The hash, not shownHash: a view may have rewritten it (replaceHash).
      main.dataset.shown = location.hash;
      // A view may ask to come back where the user was (the list after Back).
      window.scrollTo(0, ctx.keepScroll || 0);
      if (focusOnRender) ctx.focusTitle(Boolean(ctx.keepScroll));
    }
  }
}

let focusOnRender = false;

async function afterLogin(data, next) {
  api.setCsrf(data.csrf_token);
  setUser(data.user);
  mustEnrol = Boolean(data.totp_enrolment_required);
  try {
    setAgencies((await api.agencies()).items);
  } catch (err) {
    setAgencies([]);
  }
  renderChrome();
  const target = next && next.startsWith('/') && !next.startsWith('/login') ? next : homeRoute();
  focusOnRender = true;
  navigate(`#${target}`);
}

async function logout() {
  try { await api.session.logout(); } catch { /* the session may be gone already */ }
  api.setCsrf(null);
  clear();
  mustEnrol = false;
  renderChrome();
  toast('Bạn đã đăng xuất.', 'info');
  navigate('#/login');
}

function closeNav() {
  const toggle = document.getElementById('nav-toggle');
  toggle.setAttribute('aria-expanded', 'false');
  document.getElementById('site-nav').classList.remove('open');
}

function sessionExpired() {
  if (!state.user) return;
  const next = location.hash.slice(1);
  api.setCsrf(null);
  clear();
  mustEnrol = false;
  renderChrome();
  toast('Phiên làm việc đã hết hạn; vui lòng đăng nhập lại.', 'warning');
  history.replaceState(null, '', `#/login?next=${encodeURIComponent(next)}`);
  route();
}

async function start() {
  document.getElementById('logout').addEventListener('click', logout);
  document.getElementById('nav-toggle').addEventListener('click', () => {
    const toggle = document.getElementById('nav-toggle');
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    document.getElementById('site-nav').classList.toggle('open', open);
  });
  api.setUnauthenticatedHandler(sessionExpired);
  // One round: the session and the agencies together.
  const [sess, ags] = await Promise.allSettled([api.session.get(), api.agencies()]);
  if (sess.status === 'fulfilled') {
    mustEnrol = Boolean(sess.value.totp_enrolment_required);
    api.setCsrf(sess.value.csrf_token);
    setUser(sess.value.user);
    setActing(sess.value.acting_for);
    setAgencies(ags.status === 'fulfilled' ? ags.value.items : []);
  } else if (sess.reason && sess.reason.code !== 'unauthenticated') {
    renderChrome();
    replace(main, loadError(sess.reason, () => location.reload()));
    return;
  }
  renderChrome();
  window.addEventListener('hashchange', () => {
    // A form with unsaved input that the user keeps: the address goes back
    // to the form and nothing is rendered again.
    if (location.hash !== shownHash && !mayLeave()) {
      history.replaceState(null, '', shownHash);
      return;
    }
    focusOnRender = true;
    route();
  });
  await route();
}

start();
