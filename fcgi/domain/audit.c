/* SPDX-License-Identifier: ISC */
/* Insert-only audit rows. */
#include <string.h>

#include "auth/sess.h"
#include "fcgi/base/db.h"
#include "fcgi/base/str.h"
#include "fcgi/domain/audit.h"
#include "fcgi/domain/wf.h"

enum nv_err
audit_insert(const struct actor *ac, const struct audit *au)
{
	static const char sql[] =
	    "INSERT INTO audit (at, actor, actor_name, action, task_id, "
	    "report_id, from_status, to_status, comment, client_addr, "
	    "request_id, detail, record_id, record_kind, on_behalf_of, "
	    "on_behalf_name) "
	    "VALUES (UTC_TIMESTAMP(6), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?)";
	const char *actor = au->actor, *name = au->actor_name;

	if (actor == NULL && ac->user != NULL)
		actor = ac->user->username;
	if (name == NULL && ac->user != NULL)
		name = ac->user->display_name;
	struct db_param p[] = {
	    DBP_STR(str_c(actor)),
	    DBP_STR(str_c(name)),
	    DBP_STR(str_c(au->action)),
	    au->task_id > 0 ? DBP_INT(au->task_id) : DBP_NULL,
	    au->report_id > 0 ? DBP_INT(au->report_id) : DBP_NULL,
	    DBP_STR(str_c(au->from)),
	    DBP_STR(str_c(au->to)),
	    DBP_STR(str_c(au->comment)),
	    DBP_STR(str_c(ac->client_addr ? ac->client_addr : "")),
	    DBP_STR(str_c(ac->request_id)),
	    au->detail != NULL ? DBP_BIN(au->detail, au->detail_len) : DBP_NULL,
	    au->record_id > 0 ? DBP_INT(au->record_id) : DBP_NULL,
	    au->record_id > 0 ? DBP_STR(str_c(au->record_kind)) : DBP_NULL,
	    DBP_STR(str_c(au->on_behalf_of)),
	    DBP_STR(str_c(au->on_behalf_name)),
	};

	return db_exec(sql, p, NELEM(p), NULL, NULL);
}
