/* SPDX-License-Identifier: ISC */
/* Logging to stderr: one escaped line per event. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/base/log.h"

static const char *prog = "nhiemvu";
static enum log_level level = LOG_LVL_INFO;
static char reqid[40];

void
log_init(const char *progname, enum log_level lvl)
{
	prog = progname;
	level = lvl;
}

void
log_set_level(enum log_level lvl)
{
	level = lvl;
}

void
log_set_reqid(const char *id)
{
	if (id == NULL) {
		reqid[0] = '\0';
		return;
	}
	snprintf(reqid, sizeof(reqid), "%s", id);
}

const char *
log_reqid(void)
{
	return reqid;
}

static void
vlog(enum log_level lvl, const char *tag, int errnum, const char *fmt,
    va_list ap)
{
	char msg[1024], line[4200];
	size_t o = 0, i;
	struct timespec ts;
	struct tm tm;
	int n;

	if (lvl > level)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = snprintf(line, sizeof(line),
	    "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s[%ld]: %s%s%s ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, ts.tv_nsec / 1000000, prog, (long)getpid(), tag,
	    reqid[0] != '\0' ? " req=" : "", reqid);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	o = (size_t)n;
	/* Escape control bytes so a value cannot start a forged line. */
	for (i = 0; msg[i] != '\0' && o + 8 < sizeof(line); i++) {
		unsigned char c = (unsigned char)msg[i];
		if (c < 0x20 || c == 0x7f) {
			n = snprintf(line + o, sizeof(line) - o, "\\x%02x", c);
			o += (size_t)n;
		} else
			line[o++] = (char)c;
	}
	if (errnum != 0)
		o += (size_t)snprintf(
		    line + o, sizeof(line) - o, ": %s", strerror(errnum));
	if (o >= sizeof(line) - 1)
		o = sizeof(line) - 2;
	line[o++] = '\n';
	/* One write(2) per line keeps lines from several workers whole. */
	(void)!write(STDERR_FILENO, line, o);
}

#define LOGFN(name, lvl, tag, err)                                             \
	void name(const char *fmt, ...)                                        \
	{                                                                      \
		va_list ap;                                                    \
		int e = errno;                                                 \
		va_start(ap, fmt);                                             \
		vlog(lvl, tag, err ? e : 0, fmt, ap);                          \
		va_end(ap);                                                    \
		errno = e;                                                     \
	}

LOGFN(log_warn, LOG_LVL_WARN, "warn", 1)
LOGFN(log_warnx, LOG_LVL_WARN, "warn", 0)
LOGFN(log_info, LOG_LVL_INFO, "info", 0)
LOGFN(log_debug, LOG_LVL_DEBUG, "debug", 0)

void
fatal(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	vlog(LOG_LVL_ERR, "fatal", e, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_LVL_ERR, "fatal", 0, fmt, ap);
	va_end(ap);
	exit(1);
}
