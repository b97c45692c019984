/* SPDX-License-Identifier: ISC */
/*
 * The mail adapter (mail.h): a message built here (RFC 5322 headers, the
 * subject and the sender's name RFC 2047-encoded, the body UTF-8 in
 * base64 so no line is ever too long or read as a command) and handed to
 * libcurl's SMTP client.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fcgi/base/buf.h"
#include "fcgi/base/lazy_curl.h"
#include "fcgi/base/log.h"
#include "fcgi/base/mail.h"

#define MAIL_MAX  (256 * 1024) /* one message, headers and body */
#define FROM_NAME "Ban Chỉ đạo tỉnh Nghệ An"

bool
mail_enabled(const struct conf *c)
{
	return c->smtp_url != NULL && c->smtp_url[0] != '\0';
}

bool
mail_addr_ok(const char *a)
{
	const char *at;
	size_t i, n;

	if (a == NULL || (n = strlen(a)) < 3 || n > 254)
		return false;
	if ((at = strchr(a, '@')) == NULL || at == a || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL)
		return false;
	for (i = 0; i < n; i++)
		if (a[i] <= ' ' || a[i] >= 0x7f ||
		    strchr("<>\"(),;:\\[]", a[i]))
			return false;
	return true;
}

/* "=?UTF-8?B?…?=" of s: a header word that may hold any UTF-8. */
static void
encoded_word(struct buf *b, const char *s)
{
	size_t n = strlen(s), out = sodium_base64_encoded_len(
	                          n, sodium_base64_VARIANT_ORIGINAL);
	char tmp[1024];

	if (out > sizeof(tmp)) {
		buf_adds(b, "(?)");
		return;
	}
	sodium_bin2base64(tmp, sizeof(tmp), (const unsigned char *)s, n,
	    sodium_base64_VARIANT_ORIGINAL);
	buf_printf(b, "=?UTF-8?B?%s?=", tmp);
}

/* The body in base64, 76 characters a line, CRLF line ends. */
static void
body_b64(struct buf *b, const char *body)
{
	const unsigned char *p = (const unsigned char *)body;
	size_t n = strlen(body), k;
	char line[80];

	/* 57 bytes make one 76-character line. */
	for (k = 0; k < n; k += 57) {
		size_t len = n - k < 57 ? n - k : 57;
		sodium_bin2base64(line, sizeof(line), p + k, len,
		    sodium_base64_VARIANT_ORIGINAL);
		buf_adds(b, line);
		buf_add(b, "\r\n", 2);
	}
}

struct upload {
	const char *p;
	size_t left;
};

static size_t
read_cb(char *dst, size_t size, size_t nmemb, void *ud)
{
	struct upload *u = ud;
	size_t n = size * nmemb;

	if (n > u->left)
		n = u->left;
	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

enum nv_err
mail_send(const struct conf *c, const char *to, const char *to_name,
    const char *subject, const char *body)
{
	static bool inited;
	struct curl_slist *rcpt = NULL;
	struct upload up;
	struct buf b;
	unsigned char rnd[12];
	char id[32], date[64], env[300];
	time_t now = time(NULL);
	struct tm tm;
	CURL *cu = NULL;
	CURLcode cc;
	enum nv_err rc = NV_EINTERNAL;

	if (!mail_addr_ok(to) || !mail_addr_ok(c->smtp_from))
		return NV_EINVAL;
	if (!inited) {
		if (!lazy_curl_open())
			return NV_EINTERNAL;
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			log_warnx("curl_global_init failed");
			return NV_EINTERNAL;
		}
		inited = true;
	}
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(id, sizeof(id), rnd, sizeof(rnd));
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);

	buf_init(&b, MAIL_MAX);
	buf_adds(&b, "From: ");
	encoded_word(&b, FROM_NAME);
	buf_printf(&b, " <%s>\r\nTo: ", c->smtp_from);
	if (to_name != NULL && to_name[0] != '\0') {
		encoded_word(&b, to_name);
		buf_addc(&b, ' ');
	}
	buf_printf(&b, "<%s>\r\nSubject: ", to);
	encoded_word(&b, subject);
	buf_printf(&b,
	    "\r\nDate: %s\r\nMessage-ID: <%s@nhiemvu>\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n"
	    "Auto-Submitted: auto-generated\r\n\r\n",
	    date, id);
	body_b64(&b, body);
	if (buf_failed(&b)) {
		log_warnx("message to %s over %d bytes", to, MAIL_MAX);
		goto out;
	}
	if ((cu = curl_easy_init()) == NULL) {
		log_warnx("curl_easy_init failed");
		goto out;
	}
	snprintf(env, sizeof(env), "<%s>", to);
	if ((rcpt = curl_slist_append(NULL, env)) == NULL)
		goto out;
	snprintf(env, sizeof(env), "<%s>", c->smtp_from);
	up.p = b.p;
	up.left = b.len;
	curl_easy_setopt(cu, CURLOPT_URL, c->smtp_url);
	curl_easy_setopt(cu, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(cu, CURLOPT_MAIL_FROM, env);
	curl_easy_setopt(cu, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(cu, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(cu, CURLOPT_READDATA, &up);
	curl_easy_setopt(cu, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(cu, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(cu, CURLOPT_TIMEOUT, (long)c->smtp_timeout);
	curl_easy_setopt(cu, CURLOPT_CONNECTTIMEOUT, (long)c->smtp_timeout);
	if (c->smtp_starttls)
		curl_easy_setopt(cu, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (c->smtp_user != NULL && c->smtp_user[0] != '\0') {
		curl_easy_setopt(cu, CURLOPT_USERNAME, c->smtp_user);
		curl_easy_setopt(cu, CURLOPT_PASSWORD,
		    c->smtp_password != NULL ? c->smtp_password : "");
	}
	if ((cc = curl_easy_perform(cu)) != CURLE_OK) {
		log_warnx("mail to %s: %s", to, curl_easy_strerror(cc));
		goto out;
	}
	rc = NV_OK;
out:
	if (rcpt != NULL)
		curl_slist_free_all(rcpt);
	if (cu != NULL)
		curl_easy_cleanup(cu);
	buf_free(&b);
	return rc;
}
