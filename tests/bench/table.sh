#!/bin/sh
# SPDX-License-Identifier: ISC
# Prints the one table of make bench from the TSV rows of the scenario
# scripts (lib.sh: scenario, req_s, p50_ms, p99_ms, non2xx, baselines):
# each scenario's median run by req/s, and its req/s as a ratio of each
# baseline it names.  RSS_BEFORE and RSS_AFTER (the workers' RSS in KB),
# and DIR_BEFORE and DIR_AFTER (the directory processes', auth/dir_broker.h)
# are printed below it.
#   table.sh [--check] TABLE.tsv ["RSS_BEFORE"] ["RSS_AFTER"] ["DIR_BEFORE"] ["DIR_AFTER"]
# --check (the smoke run of make check): exits 1 unless every row was
# measured (req/s above 0, p50 and p99 numbers) and every baseline named
# is a row.  Never a speed.
set -eu
check=0
[ "${1:-}" = --check ] && { check=1; shift; }
tsv=$1
[ -s "$tsv" ] || { echo "bench: no rows in $tsv" >&2; exit 1; }
awk -F'\t' -v check=$check -v rss0="${2:-}" -v rss1="${3:-}" -v dir0="${4:-}" -v dir1="${5:-}" '
function num(v) { return v ~ /^[0-9]+(\.[0-9]+)?$/ }
{
	if (!($1 in n)) order[++k] = $1
	i = ++n[$1]; req[$1, i] = $2; line[$1, i] = $0
	if (!num($2) || $2 <= 0 || !num($3) || !num($4)) {
		bad++; printf "bench: not measured: %s\n", $0 > "/dev/stderr"
	}
}
END {
	for (j = 1; j <= k; j++) {	# the median run by req/s
		s = order[j]
		for (a = 1; a <= n[s]; a++) idx[a] = a
		for (a = 1; a <= n[s]; a++) for (b = a + 1; b <= n[s]; b++)
			if (req[s, idx[b]] + 0 < req[s, idx[a]] + 0) { t = idx[a]; idx[a] = idx[b]; idx[b] = t }
		split(line[s, idx[int((n[s] + 1) / 2)]], f, "\t")
		R[s] = f[2]; P50[s] = f[3]; P99[s] = f[4]; NB[s] = f[5]; B[s] = f[6]; runs[s] = n[s]
	}
	printf "%-52s %10s %8s %8s %6s  %s\n", "scenario", "req/s", "p50_ms", "p99_ms", "non2xx", "ratio of req/s to each baseline"
	for (j = 1; j <= k; j++) {
		s = order[j]; r = ""
		nb = split(B[s], bl, "|")
		for (a = 1; a <= nb; a++) {
			if (bl[a] == "-" || bl[a] == "") continue
			if (!(bl[a] in R)) {
				bad++; printf "bench: %s: no row for its baseline %s\n", s, bl[a] > "/dev/stderr"
				continue
			}
			r = r sprintf("%s%.3f %s", r == "" ? "" : ", ", R[bl[a]] > 0 ? R[s] / R[bl[a]] : 0, bl[a])
		}
		printf "%-52s %10.2f %8.2f %8.2f %6d  %s\n", s, R[s], P50[s], P99[s], NB[s], r
	}
	if (rss0 != "" || rss1 != "")
		printf "worker RSS (KB): %s before the runs, %s after\n", rss0, rss1
	if (dir0 != "" || dir1 != "")
		printf "directory processes\047 RSS (KB): %s before the runs, %s after\n", dir0, dir1
	if (check && bad) exit 1
	if (check) printf "bench smoke: %d scenarios measured, every baseline present\n", k
}' "$tsv"
