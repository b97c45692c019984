/* SPDX-License-Identifier: ISC */
/*
 * A gzip member written in parts, each deflated on its own (issue 8), so
 * that a part compressed once and kept can be joined between parts
 * compressed now: a dashboard whose 727 KB overdue list did not change
 * is not compressed again, only the few KB around it.  Each part is a raw
 * deflate stream ended by a sync flush (byte-aligned, not final, with no
 * reference before its own start), so parts concatenate into one valid
 * stream (as pigz -i writes); gz_end() closes it with an empty final
 * block, the CRC-32 of all the parts (crc32_combine) and their length.
 */
#ifndef GZ_H
#define GZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fcgi/base/buf.h"

/* A part deflated and kept: malloc'd bytes, the CRC-32 and length of
 * what they inflate to. */
struct gz_part {
	char *p;
	size_t len;
	uint32_t crc;
	size_t raw;
};

/* A gzip member being written to out. */
struct gz {
	struct buf *out;
	uint32_t crc;
	uint64_t raw;
	bool failed;
};

/* Deflates p[0..n) into a new part; false (nothing kept) on failure. */
bool gz_part_make(struct gz_part *, const void *p, size_t n);
void gz_part_free(struct gz_part *);

/* Starts a member in out (the gzip header). */
void gz_begin(struct gz *, struct buf *out);
/* Appends p[0..n), deflated now. */
void gz_add(struct gz *, const void *p, size_t n);
/* Appends a part deflated earlier. */
void gz_add_part(struct gz *, const struct gz_part *);
/* Closes the member; false if any step failed (out is then unusable). */
bool gz_end(struct gz *);

/*
 * Appends to out what the gzip member p[0..n) inflates to; false unless
 * it is one whole member of exactly raw bytes (out then holds a part).
 */
bool gz_inflate(struct buf *out, const void *p, size_t n, size_t raw);

#endif
