/* SPDX-License-Identifier: ISC */
/* libcurl, opened on first use (lazylib.h): mail.c's SMTP client. */
#ifndef LAZY_CURL_H
#define LAZY_CURL_H

#include <curl/curl.h>

#include "fcgi/base/lazylib.h"

#define LAZY_CURL(X)                                                           \
	X(curl_global_init)                                                    \
	X(curl_easy_init)                                                      \
	X(curl_easy_setopt)                                                    \
	X(curl_easy_perform)                                                   \
	X(curl_easy_strerror)                                                  \
	X(curl_easy_cleanup)                                                   \
	X(curl_slist_append)                                                   \
	X(curl_slist_free_all)

extern struct lazy_curl {
	LAZY_CURL(LAZYLIB_MEMBER)
} lazy_curl;
bool lazy_curl_open(void);

#ifndef LAZYLIB_TABLES
/* curl's own type-checking macro would call the real function. */
#undef curl_easy_setopt
#define curl_global_init    lazy_curl.curl_global_init
#define curl_easy_init      lazy_curl.curl_easy_init
#define curl_easy_setopt    lazy_curl.curl_easy_setopt
#define curl_easy_perform   lazy_curl.curl_easy_perform
#define curl_easy_strerror  lazy_curl.curl_easy_strerror
#define curl_easy_cleanup   lazy_curl.curl_easy_cleanup
#define curl_slist_append   lazy_curl.curl_slist_append
#define curl_slist_free_all lazy_curl.curl_slist_free_all
#endif

#endif
