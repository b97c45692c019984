/* SPDX-License-Identifier: ISC */
/*
 * The one configuration file, "key = value" lines, parsed once by the
 * supervisor (and again on SIGHUP) through the table in conf.c.  Every
 * setting has a default, a type and a range; an unknown key is an error.
 * Secrets come from files named in the configuration, never from argv.
 */
#ifndef CONF_H
#define CONF_H

#define LDAP_PROCESSES_MAX 64 /* conf.c's bound on ldap_processes */

#include <stdbool.h>

#include "fcgi/base/nv.h"

enum role {
	ROLE_OFFICIAL,
	ROLE_HEAD,
	ROLE_SECRETARIAT,
	ROLE_LEADERSHIP,
	ROLE_ADMIN,
	ROLE__MAX
};

struct conf {
	/* supervisor */
	char *listen; /* unix socket path or host:port */
	int socket_mode;
	int backlog;
	int workers;
	int max_requests;
	int request_timeout;  /* seconds; a worker over it is killed */
	int shutdown_timeout; /* seconds given to in-flight requests */
	char *pid_file;
	char *user;         /* drop to this user when root; never root */
	char *socket_group; /* the socket's group (nginx's); empty: user's */
	char *log_level;
	/* request bounds */
	int body_max;
	int login_body_max;
	int import_body_max; /* an uploaded file (imports): 5 MiB */
	int attachment_max;  /* an evidence file (issue 12): 20 MiB */
	int req_mem_max;
	/* database */
	char *db_host; /* empty: use db_socket; else host[:port] list */
	int db_port;
	char *db_socket;
	char *db_name;
	char *db_user;
	char *db_password; /* read from db_password_file */
	int db_connect_timeout;
	int db_timeout;
	int db_read_timeout; /* s without any reply: the server is down */
	/* directory */
	char *ldap_uri;
	bool ldap_starttls;
	char *ldap_tls_cacert;
	char *ldap_tls_require_cert; /* never, allow, try, demand */
	char *ldap_bind_dn;          /* empty: anonymous search */
	char *ldap_bind_password;    /* read from ldap_bind_password_file */
	char *ldap_user_base;
	char *ldap_user_filter; /* one %s, the escaped username */
	char *ldap_group_base;
	char *ldap_group_filter; /* one %s, the escaped user DN */
	char *ldap_attr_display_name;
	char *ldap_attr_email;
	char *ldap_attr_title;
	char *ldap_attr_agency;
	int ldap_timeout;
	int ldap_processes; /* 0: each worker binds (dir_broker.h) */
	int ldap_page_size; /* entries a page of the staff's list (dir.c) */
	char *role_groups[ROLE__MAX]; /* ';'-separated DNs or cns */
	/* sessions and throttle */
	char *session_cookie;
	int session_idle;
	int session_max;
	int session_recheck; /* seconds between re-reads of the directory */
	char *totp_required_roles; /* ','-separated role names */
	int login_fail_user_max;
	int login_fail_addr_max;
	int login_fail_window;
	int login_delay_max;      /* seconds: cap of a slowed key's delay */
	char *device_cookie;      /* name of the device cookie */
	int login_device_max_age; /* seconds a device cookie is trusted */
	int audit_refusal_window; /* seconds: one refusal row per key per */
	int audit_refusals_max;   /* refusal rows per window, all keys */
	/* product */
	char *timezone;
	char *tmp_dir; /* exports are assembled here */
	/* reminders by e-mail (issue 12) */
	char *smtp_url; /* smtp://host:port or smtps://; empty: no mail */
	char *smtp_from;
	char *smtp_user;     /* empty: no authentication */
	char *smtp_password; /* read from smtp_password_file */
	bool smtp_starttls;  /* require STARTTLS on smtp:// */
	int smtp_timeout;    /* seconds for one message */
	char *app_url;       /* the UI's address, for links in the mail */
	/* the year's scorecard: weights 0-100, a report's due day 1-28 */
	int score_weight_registration;
	int score_weight_tasks;
	int score_weight_reports;
	int score_weight_indicators;
	int score_weight_proposals;
	int report_due_day;
	bool agencies_by_secretariat; /* the secretariat administers them */
	/* the public progress page (issue 14, docs/API.md "Public data") */
	bool public_enabled;          /* no: every public path is 404 */
	int public_max_age;           /* seconds nginx may serve a copy */
	bool public_budget;           /* show the estimated budget */
	char *public_frame_ancestors; /* CSP frame-ancestors of the page */
};

/*
 * Reads path into a new conf.  On error returns NV_EINVAL and writes a
 * message naming the line into err.  The caller owns *out (conf_free).
 */
enum nv_err conf_load(
    const char *path, struct conf **out, char *err, size_t errlen);
void conf_free(struct conf *);
/* Writes the effective settings, secrets masked, one per line. */
void conf_dump(const struct conf *, int fd);
/*
 * Calls fn for each setting in the file's order: its name, its value as
 * text (a secret's only "(set)" or "(unset)", never the secret), whether
 * it is a secret, and whether a change needs a restart of the service
 * (the socket and the user are taken once) rather than a reload (SIGHUP,
 * `systemctl reload nhiemvu`).
 */
typedef void conf_each_fn(
    void *ctx, const char *name, const char *value, bool secret, bool restart);
void conf_each(const struct conf *, conf_each_fn *, void *ctx);

#endif
