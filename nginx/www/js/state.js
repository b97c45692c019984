// The logged-in user and the agencies, loaded once after login and kept.

export const state = {
  user: null,          // {username, display_name, email, title, agency, roles}
  agencies: [],        // [{code, name, kind}] in the province's order
  agencyByCode: new Map(),
};

export function setUser(user) { state.user = user; }

export function setAgencies(items) {
  state.agencies = items || [];
  state.agencyByCode = new Map(state.agencies.map((a) => [a.code, a]));
}

export function clear() {
  state.user = null;
  setAgencies([]);
}

export function hasRole(role) {
  return Boolean(state.user && state.user.roles.includes(role));
}

/** Roles that see every agency's tasks. */
export function seesAll() {
  return hasRole('secretariat') || hasRole('leadership') || hasRole('admin');
}

export function agencyName(code) {
  if (!code) return '';
  const a = state.agencyByCode.get(code);
  return a ? a.name : code;
}

export function ownAgency() {
  return state.user && state.user.agency ? state.user.agency.code : null;
}
