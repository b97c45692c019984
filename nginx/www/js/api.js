// The one door to /api/v1: JSON in and out, the CSRF header on every
// change, a time limit on every request, and errors as ApiError.

const BASE = '/api/v1';
const TIMEOUT_MS = 30000;

let csrfToken = null;
let onUnauthenticated = null;

export function setCsrf(token) { csrfToken = token; }

/** Called with the ApiError when a request finds the session gone. */
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }

export class ApiError extends Error {
  constructor(status, code, message, field, retryAfter) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.field = field || null;
    this.retryAfter = retryAfter || null;
  }
}

/** "?a=1&b=x" from an object, leaving out empty values. */
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}

/** The address of a download (exports), for a plain link. */
export function url(path) { return BASE + path; }

export async function request(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
  let res;
  try {
    res = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: ctl.signal,
    });
  } catch (e) {
    throw ctl.signal.aborted
      ? new ApiError(0, 'timeout', 'Máy chủ trả lời quá chậm; vui lòng thử lại.')
      : new ApiError(0, 'network', 'Không kết nối được máy chủ; hãy kiểm tra mạng rồi thử lại.');
  } finally {
    clearTimeout(timer);
  }
  if (res.status === 204) return null;
  let data = null;
  try { data = await res.json(); } catch { data = null; }
  if (!res.ok) {
    const e = (data && data.error) || {};
    const err = new ApiError(res.status, e.code || `http_${res.status}`, e.message,
      e.field, res.headers.get('Retry-After'));
    // Every member a refusal names (a registration's gaps), first = field.
    err.fields = Array.isArray(e.fields) ? e.fields : null;
    if (err.code === 'unauthenticated' && !opts.quiet401 && onUnauthenticated) {
      onUnauthenticated(err);
    }
    throw err;
  }
  return data;
}

export const get = (path, opts) => request('GET', path, undefined, opts);
export const post = (path, body) => request('POST', path, body ?? {});
export const patch = (path, body) => request('PATCH', path, body);
export const del = (path) => request('DELETE', path);

// --- the calls the views make ---------------------------------------------

export const session = {
  get: () => get('/session', { quiet401: true }),
  login: (username, password, totp) => request('POST', '/session',
    totp ? { username, password, totp } : { username, password }, { quiet401: true }),
  logout: () => del('/session'),
};

export const agencies = () => get('/agencies');

/** The caller's own second factor (TOTP). */
export const totp = {
  begin: () => post('/me/totp'),
  confirm: (code) => post('/me/totp/confirm', { code }),
  remove: (code) => request('DELETE', '/me/totp', { code }),
};

export const tasks = {
  list: (filters) => get(`/tasks${qs(filters)}`),
  get: (id) => get(`/tasks/${id}`),
  create: (body) => post('/tasks', body),
  patch: (id, body) => patch(`/tasks/${id}`, body),
  transition: (id, action, version, comment) =>
    post(`/tasks/${id}/transitions`, comment ? { action, version, comment } : { action, version }),
  // Approve, accept or return several at once; answered per item.
  bulk: (action, items, comment) => post('/tasks/bulk', comment ? { action, items, comment } : { action, items }),
  comment: (id, text) => post(`/tasks/${id}/comments`, { text }),
  history: (id) => get(`/tasks/${id}/history`),
  reports: (id) => get(`/tasks/${id}/reports`),
  createReport: (id, body) => post(`/tasks/${id}/reports`, body),
  directionsRead: (id) => request('POST', `/tasks/${id}/directions/read`),
};

/** The secretariat's reminder by e-mail to an agency (issue 12). */
export const reminders = {
  send: (agency, message) => post('/reminders', message ? { agency, message } : { agency }),
};

/** What waits on the caller (issue 12). */
export const todo = () => get('/todo');

export const reports = {
  search: (filters) => get(`/reports${qs(filters)}`),
  get: (id) => get(`/reports/${id}`),
  patch: (id, body) => patch(`/reports/${id}`, body),
  transition: (id, action, version, comment) =>
    post(`/reports/${id}/transitions`, comment ? { action, version, comment } : { action, version }),
};

/** The caller's saved filters of the task list (issue 17). */
export const filters = {
  list: () => get('/me/filters'),
  create: (name, query) => post('/me/filters', { name, query }),
  rename: (id, name) => patch(`/me/filters/${id}`, { name }),
  remove: (id) => del(`/me/filters/${id}`),
};

/** Administration (issue 17): agencies, settings, the audit search. */
export const admin = {
  agencies: () => get('/admin/agencies'),
  createAgency: (body) => post('/admin/agencies', body),
  patchAgency: (code, body) => patch(`/admin/agencies/${encodeURIComponent(code)}`, body),
  retireAgency: (code, version) => post(`/admin/agencies/${encodeURIComponent(code)}/retire`, { version }),
  mergeAgency: (code, version, into) => post(`/admin/agencies/${encodeURIComponent(code)}/merge`, { version, into }),
  settings: () => get('/admin/settings'),
  audit: (params) => get(`/audit${qs(params)}`),
  auditCsvUrl: (params) => url(`/exports/audit.csv${qs(params)}`),
};

export const dashboard = (params) => get(`/dashboard${qs(params)}`);

export const exportsUrl = {
  tasksXlsx: (filters) => url(`/exports/tasks.xlsx${qs(filters)}`),
  tasksCsv: (filters) => url(`/exports/tasks.csv${qs(filters)}`),
  dashboardXlsx: (params) => url(`/exports/dashboard.xlsx${qs(params)}`),
};

/** Import of the registration template (issue 12): a file, not JSON. */
export const imports = {
  upload: async (file, type) => {
    const headers = { Accept: 'application/json', 'Content-Type': type };
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    let res;
    try {
      res = await fetch(`${BASE}/imports/tasks`, {
        method: 'POST', headers, body: file, credentials: 'same-origin', cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'network', 'Không kết nối được máy chủ; hãy kiểm tra mạng rồi thử lại.');
    }
    let data = null;
    try { data = await res.json(); } catch { data = null; }
    if (!res.ok) {
      const e = (data && data.error) || {};
      throw new ApiError(res.status, e.code || `http_${res.status}`, e.message, e.field);
    }
    return data;
  },
  confirm: (id) => post(`/imports/${id}/confirm`),
};

/**
 * Evidence files (issue 12) on a task, a report or a milestone: the list,
 * an upload (multipart/form-data, one part "file"), a delete, and the
 * address of a download for a plain link.
 */
export const attachments = {
  list: (kind, id) => get(`/${kind}/${id}/attachments`),
  upload: async (kind, id, file) => {
    const headers = { Accept: 'application/json' };
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    const form = new FormData();
    form.append('file', file, file.name);
    let res;
    try {
      res = await fetch(`${BASE}/${kind}/${id}/attachments`, {
        method: 'POST', headers, body: form, credentials: 'same-origin', cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'network', 'Không kết nối được máy chủ; hãy kiểm tra mạng rồi thử lại.');
    }
    let data = null;
    try { data = await res.json(); } catch { data = null; }
    if (!res.ok) {
      const e = (data && data.error) || {};
      throw new ApiError(res.status, e.code || `http_${res.status}`, e.message, e.field);
    }
    return data;
  },
  remove: (id) => del(`/attachments/${id}`),
  url: (id) => url(`/attachments/${id}`),
};

// --- issue 15: registration rounds, the programme, missing reports --------

export const rounds = {
  list: (params) => get(`/rounds${qs(params)}`),
  get: (id) => get(`/rounds/${id}`),
  create: (body) => post('/rounds', body),
  patch: (id, body) => patch(`/rounds/${id}`, body),
  compliance: (id) => get(`/rounds/${id}/compliance`),
  xlsx: (id) => url(`/exports/rounds/${id}/compliance.xlsx`),
};

// --- issue 12: acting-head delegations -----------------------------------------

export const delegations = {
  list: () => get('/delegations'),
  get: (id) => get(`/delegations/${id}`),
  create: (body) => post('/delegations', body),
  revoke: (id) => del(`/delegations/${id}`),
  history: (id) => get(`/delegations/${id}/history`),
};

export const programmes = {
  list: (params) => get(`/programmes${qs(params)}`),
  get: (id) => get(`/programmes/${id}`),
  create: (body) => post('/programmes', body),
  patch: (id, body) => patch(`/programmes/${id}`, body),
  transition: (id, action, version, comment) =>
    post(`/programmes/${id}/transitions`, comment ? { action, version, comment } : { action, version }),
  items: (id) => get(`/programmes/${id}/items`),
  history: (id) => get(`/programmes/${id}/history`),
  xlsx: (id) => url(`/exports/programmes/${id}/table.xlsx`),
};

export const missingReports = {
  get: (period) => get(`/missing-reports${qs({ period })}`),
  xlsx: (period) => url(`/exports/missing-reports.xlsx${qs({ period })}`),
};
