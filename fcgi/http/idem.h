/* SPDX-License-Identifier: ISC */
/*
 * The routes that change data run here: their handler in one transaction
 * (db_tx: committed when it succeeds, run again once after a deadlock or
 * a lost connection), and for the routes that create (R_IDEM), the
 * Idempotency-Key header of draft-ietf-httpapi-idempotency-key-header:
 * the same key from the same user within a day gets the first answer
 * again instead of a second record.  The answer is stored in the same
 * transaction as what it reports, so both land or neither does; a COMMIT
 * whose outcome is unknown is answered 503, and the client's retry with
 * the same key is then safe.  docs/API.md, "Idempotency-Key".
 */
#ifndef IDEM_H
#define IDEM_H

#include "fcgi/http/route.h"

#define IDEM_KEY_MAX 64 /* bytes of a key: a UUID is 36 */

/*
 * Runs r's handler as above.  NV_EINVAL (field Idempotency-Key) for a key
 * that is not 1-64 visible ASCII characters; NV_EDUP for a key already
 * used with another request (method, path or body).
 */
enum nv_err idem_run(struct req *, struct resp *, const struct route *r);

#endif
