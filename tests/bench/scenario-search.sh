#!/bin/sh
# SPDX-License-Identifier: ISC
# A scenario of make bench (bench.sh; make bench-search alone): the list's
# search (q=, issue 8) as the secretariat and as an official, and GET
# /health the same way (the floor of one request on the machine at that
# moment, the baseline of the searches): sequential requests of each
# through nginx for BENCH_SEQ_SECONDS after five to warm up (lib.sh
# sequential).  req_s is the sequential rate, 1000 / mean ms.  Rows to
# $BENCH_TABLE (lib.sh).
set -eu
. "$top/tests/bench/lib.sh"
cd "$top"
one() { sequential 5 "$1" "$2"; }	# one COOKIE PATH
H="GET /health, sequential"
row "$H" - "$(one - /api/v1/health)"
for q in "no match (secretariat)|$TT|khongcodau" \
    "no match (official)|$CB|khongcodau" \
    "chuyen doi so (secretariat)|$TT|chuyen%20doi%20so" \
    "chuyen doi so (official)|$CB|chuyen%20doi%20so" \
    "doi so (secretariat)|$TT|doi%20so" \
    "so (secretariat)|$TT|so"; do
	name=${q%%|*}; rest=${q#*|}
	row "search, $name, sequential" "$H" \
	    "$(one "${rest%%|*}" "/api/v1/tasks?q=${rest#*|}&limit=50")"
done
