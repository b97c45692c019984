/* SPDX-License-Identifier: ISC */
/*
 * Refusals in the audit trail (ASVS 5.0 16.3.1, 16.3.2): access-control
 * refusals (403 forbidden, and 404 to a logged-in user: "no such thing or
 * not yours"), CSRF failures and throttle hits.  Coalesced so that a flood
 * cannot fill the disk: per (refusal, user or client address) at most one
 * audit row per audit_refusal_window seconds, whose detail carries how many
 * of the same were only counted in the key's previous window; and at most
 * audit_refusals_max such rows per window in all.  The call comes from
 * worker.c (worker_refused), where every request ends.
 */
#ifndef REFUSAL_H
#define REFUSAL_H

#include <stdbool.h>
#include <stdint.h>

#include "fcgi/base/conf.h"
#include "fcgi/base/nv.h"

/*
 * Takes one refusal for key (at most 128 ASCII bytes) from a budget of
 * limit audit rows per window.  On NV_OK, *write says whether an audit row
 * may be written; if so, *suppressed is how many refusals of key were
 * counted without a row in its previous window.  NV_EDBDOWN.
 */
enum nv_err refusal_take(const struct conf *, const char *key, int64_t limit,
    bool *write, int64_t *suppressed);

#endif
