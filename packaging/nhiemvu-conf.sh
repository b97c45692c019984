# SPDX-License-Identifier: ISC
# Sourced by nhiemvu-migrate, nhiemvu-backup and nhiemvu-restore: reads
# one setting of nhiemvu.conf ($conf) the way the daemon does for these
# keys (the last "key = value" line; fcgi/base/conf.c's default otherwise).
#
#   setting KEY DEFAULT     prints the value
setting() {
	v=$(sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$conf" |
	    tail -n 1 | sed 's/[[:space:]]*$//')
	printf '%s' "${v:-$2}"
}
