/* SPDX-License-Identifier: ISC */
/* Every handler, one file per resource (api_<resource>.c). */
#ifndef API_H
#define API_H

#include "req.h"
#include "resp.h"

struct sess;

/* api_session.c */
enum nv_err api_session_create(struct req *, struct resp *);
enum nv_err api_session_get(struct req *, struct resp *);
enum nv_err api_session_delete(struct req *, struct resp *);
/* api_agency.c */
enum nv_err api_agency_list(struct req *, struct resp *);
/* api_health.c */
enum nv_err api_health(struct req *, struct resp *);

/* api_session.c: writes the User object of the contract. */
void api_user_json(struct jw *, const struct sess *);

#endif
