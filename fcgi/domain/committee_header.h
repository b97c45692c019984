/* SPDX-License-Identifier: ISC */
/*
 * The heading a committee's printouts and workbooks carry (issue 14):
 * the province's stays "BAN CHỈ ĐẠO TỈNH NGHỆ AN"; a commune's is its
 * committees.name in capitals ("BAN CHỈ ĐẠO PHƯỜNG THÀNH VINH").  The
 * one source of that line: every export and every JSON "header" asks here.
 */
#ifndef COMMITTEE_HEADER_H
#define COMMITTEE_HEADER_H

#include <stdbool.h>

#include "fcgi/base/arena.h"
#include "fcgi/base/nv.h"
#include "fcgi/base/str.h"

#define PROVINCE_HEADER    "BAN CHỈ ĐẠO TỈNH NGHỆ AN"
#define SECRETARIAT_SUFFIX " - TỔ GIÚP VIỆC"

/*
 * The heading of committee code (the province's for STR_NULL), followed
 * by " - TỔ GIÚP VIỆC" when secretariat.  On NV_OK *out lives in a.
 * NV_ENOENT for an unknown committee; NV_EDBDOWN, NV_EINTERNAL from the
 * database; NV_ETOOBIG when a is full.
 */
enum nv_err committee_header(
    struct arena *a, struct str code, bool secretariat, const char **out);

#endif
