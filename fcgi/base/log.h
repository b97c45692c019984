/* SPDX-License-Identifier: ISC */
/*
 * One line per event on stderr, OpenBSD vocabulary.  Every line carries the
 * process id and, inside a request, the request id; control characters in
 * the formatted message are escaped so untrusted values cannot forge lines.
 */
#ifndef LOG_H
#define LOG_H

#include <stdarg.h>

enum log_level { LOG_LVL_ERR, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

void log_init(const char *progname, enum log_level);
void log_set_level(enum log_level);
/* Set the request id printed on every line; NULL clears it. Copied. */
void log_set_reqid(const char *);
const char *log_reqid(void);

void log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
