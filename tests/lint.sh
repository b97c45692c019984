#!/bin/sh
# SPDX-License-Identifier: ISC
# make lint: calls we ban, SQL outside prepared statements, and formatting.
set -u
cd "$(dirname "$0")/.."
rc=0
src=$(ls fcgi/*/*.c fcgi/*/*.h auth/*.c auth/*.h | grep -v fold_table.h)

# Unbounded string functions and unchecked integer parsing.
if grep -nE '\b(strcpy|strcat|sprintf|vsprintf|strncpy|gets|atoi|atol)\s*\(' $src \
    | grep -v '^fcgi/http/main.c:.*atol(pid)\|^fcgi/http/main.c:.*atol(fds)'; then
	echo "lint: banned call (use snprintf, str_to_i64, ...)" >&2
	rc=1
fi
# Prepared statements only.
if grep -nE '\bmysql_(real_)?query\s*\(' $src; then
	echo "lint: mysql_query/mysql_real_query: use db_query/db_exec" >&2
	rc=1
fi
# Each library has one adapter.  A library opened on first use (issue 8,
# fcgi/base/lazylib.h) is included by its lazy_NAME.h, which only its
# adapter and lazylib.c include.
for pair in "mysql.h:fcgi/base/db.c" "ldap.h:auth/dir.c" \
    "fcgiapp.h:fcgi/http/worker.c fcgi/http/main.c" \
    "xlsxwriter.h:fcgi/base/lazy_xlsxwriter.h" \
    "cjson/cJSON.h:fcgi/http/req.c" "liboath/oath.h:fcgi/base/lazy_oath.h" \
    "qrencode.h:fcgi/base/lazy_qrencode.h" "zip.h:fcgi/base/lazy_sheet.h" \
    "expat.h:fcgi/base/lazy_sheet.h" "magic.h:fcgi/base/lazy_magic.h" \
    "curl/curl.h:fcgi/base/lazy_curl.h" \
    "fcgi/base/lazy_xlsxwriter.h:fcgi/base/xlsx.c fcgi/base/lazylib.c" \
    "fcgi/base/lazy_oath.h:auth/totp.c fcgi/base/lazylib.c" \
    "fcgi/base/lazy_qrencode.h:fcgi/base/qr.c fcgi/base/lazylib.c" \
    "fcgi/base/lazy_sheet.h:fcgi/base/sheet_xlsx.c fcgi/base/lazylib.c" \
    "fcgi/base/lazy_magic.h:fcgi/base/filetype.c fcgi/base/lazylib.c" \
    "fcgi/base/lazy_curl.h:fcgi/base/mail.c fcgi/base/lazylib.c"; do
	hdr=${pair%%:*}; allowed=${pair#*:}
	for f in $(grep -lE "#include [<\"]$hdr[>\"]" $src); do
		case " $allowed " in *" $f "*) ;; *)
			echo "lint: $f includes <$hdr>; only $allowed may" >&2; rc=1 ;;
		esac
	done
done
# The layers: base includes only base; auth only base and itself; http
# nothing of domain or api; domain nothing of api.
layer() {	# layer FILES FORBIDDEN-PREFIX...
	files=$1; shift
	for p in "$@"; do
		if grep -nE "#include \"$p" $files; then
			echo "lint: the lines above include $p across a layer" >&2
			rc=1
		fi
	done
}
layer "$(ls fcgi/base/*.[ch])" fcgi/http/ fcgi/domain/ fcgi/api/ auth/
layer "$(ls auth/*.[ch])" fcgi/http/ fcgi/domain/ fcgi/api/
layer "$(ls fcgi/http/*.[ch] | grep -v main.c)" fcgi/domain/ fcgi/api/
layer "$(ls fcgi/domain/*.[ch])" fcgi/api/
# Browser tests: Playwright's waitForFunction takes the Promise an async
# predicate returns for a truthy answer, so such a wait returns after one
# call whatever it finds (walkthrough.test.js read a task's history before
# the UI's transition was written, on a loaded machine).  Wait for the UI's
# own response (page.waitForResponse) or for what the screen shows.
if grep -lPz 'waitForFunction\(\s*async\b' tests/browser/*.js tests/browser/*.mjs; then
	echo "lint: the files above pass an async predicate to waitForFunction: it waits for nothing" >&2
	rc=1
fi
# The web UI's modules parse: a merge that declares a name twice (two
# branches' OTHER_FIELD in errors.js) left the login screen blank and every
# browser test failing on a timeout, not on the cause.
if command -v node >/dev/null 2>&1; then
	for f in nginx/www/js/*.js nginx/www/js/views/*.js; do
		if ! node --input-type=module --check <"$f" >/dev/null 2>&1; then
			echo "lint: $f does not parse (node --input-type=module --check <$f)" >&2
			rc=1
		fi
	done
fi
# clang-format (the style file is .clang-format).
if command -v clang-format >/dev/null 2>&1; then
	for f in $src; do
		if ! clang-format --dry-run --Werror "$f" 2>/dev/null; then
			echo "lint: $f is not clang-formatted (clang-format -i $f)" >&2
			rc=1
		fi
	done
fi
[ $rc -eq 0 ] && echo "lint: ok"
exit $rc
