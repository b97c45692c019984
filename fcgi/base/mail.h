/* SPDX-License-Identifier: ISC */
/*
 * Sending e-mail (issue 12's reminders): the only file that includes
 * <curl/curl.h>.  One plain-text UTF-8 message to one address through the
 * SMTP server of the configuration (smtp_url, smtp_from, smtp_user and
 * smtp_password_file, smtp_starttls, smtp_timeout), with libcurl's SMTP.
 */
#ifndef MAIL_H
#define MAIL_H

#include <stdbool.h>

#include "fcgi/base/conf.h"

/* Whether the configuration names an SMTP server at all. */
bool mail_enabled(const struct conf *);

/*
 * Whether addr may be used as a recipient: one address, printable ASCII
 * with one '@', no space, quote, angle bracket, comma or line break (no
 * header or command injection), at most 254 bytes.
 */
bool mail_addr_ok(const char *addr);

/*
 * Sends subject and body (UTF-8 text, '\n' line breaks) to to, named
 * to_name in the header.  NV_EINVAL for an address mail_addr_ok() refuses;
 * NV_EUNAVAIL-like NV_EDIRDOWN is not used: a server that is down, slow or
 * refuses gives NV_EINTERNAL, logged here with curl's reason.
 */
enum nv_err mail_send(const struct conf *, const char *to, const char *to_name,
    const char *subject, const char *body);

#endif
