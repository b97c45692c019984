# SPDX-License-Identifier: ISC
# Turns packaging/nhiemvu.conf.example into the man page nhiemvu.conf(5),
# so the page lists exactly the settings (and defaults) the file does.
# The file's first comment block is the description, "## Title" lines are
# subsections, and the comment lines just above "key = value" describe it.
function esc(s) {
	gsub(/\\/, "\\e", s)
	sub(/^[.']/, "\\\\\\&&", s)
	return s
}
BEGIN {
	print ".TH NHIEMVU.CONF 5 \"2026-11-29\" \"nhiemvu 0.1.0\" \"File Formats\""
	print ".SH NAME"
	print "nhiemvu.conf \\- configuration of the nhiemvu worker pool"
	print ".SH SYNOPSIS"
	print ".I /etc/nhiemvu/nhiemvu.conf"
	print ".SH DESCRIPTION"
	head = 1; n = 0
}
head && /^#/ {
	line = $0; sub(/^# ?/, "", line)
	if (line ~ /^\/etc\/nhiemvu\/nhiemvu.conf:/) next
	print esc(line)
	next
}
head && /^$/ {
	head = 0
	print ".PP"
	print "The package installs this file with mode 0640, owner root and group"
	print "nhiemvu, and the database password in"
	print ".I /etc/nhiemvu/db.secret"
	print "(mode 0600, owner nhiemvu: the pool refuses a secret file its group"
	print "or others can read).  Under systemd the socket comes from"
	print ".BR nhiemvu.socket :"
	print ".IR listen ,"
	print ".I socket_mode"
	print "and"
	print ".I user"
	print "are then not used."
	print ".SH SETTINGS"
	next
}
/^## / { sub(/^## /, ""); print ".SS " esc($0); n = 0; next }
/^#/ { line = $0; sub(/^# ?/, "", line); doc[n++] = line; next }
/^$/ { n = 0; next }
/=/ {
	key = $0; sub(/[ \t]*=.*/, "", key)
	val = $0; sub(/^[^=]*=[ \t]*/, "", val)
	print ".TP"
	print ".BI \"" key " = \" \"" (val == "" ? "(empty)" : val) "\""
	for (i = 0; i < n; i++) print esc(doc[i])
	n = 0
	next
}
END {
	print ".SH FILES"
	print ".I /etc/nhiemvu/nhiemvu.conf"
	print ".br"
	print ".I /etc/nhiemvu/db.secret"
	print ".SH SEE ALSO"
	print ".BR nhiemvu (8),"
	print ".BR nhiemvu-migrate (8)"
}
