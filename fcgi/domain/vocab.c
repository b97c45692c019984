/* SPDX-License-Identifier: ISC */
/* The domain's vocabulary, once. */
#include <string.h>

#include "fcgi/domain/vocab.h"

const char *const vocab_fields[VOCAB_NFIELDS] = {"science_technology",
    "innovation", "digital_transformation", "admin_reform", "project06"};

const char *const vocab_health[VOCAB_NHEALTH] = {
    "on_track", "at_risk", "delayed"};

bool
vocab_year_ok(struct str d)
{
	int y = 0;
	size_t i;

	if (d.p == NULL || d.len < 4)
		return false;
	for (i = 0; i < 4; i++) {
		if (d.p[i] < '0' || d.p[i] > '9')
			return false;
		y = y * 10 + (d.p[i] - '0');
	}
	return y >= YEAR_MIN && y <= YEAR_MAX;
}
