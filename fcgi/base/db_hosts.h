/* SPDX-License-Identifier: ISC */
/*
 * db_host as a list: the database servers a worker may use, in the order
 * it tries them ("db1.example:3306 db2.example db3.example:3307", spaces
 * or commas between; a port of its own or db_port; an IPv6 address in
 * brackets).  For a Galera cluster: each pool lists its own node first
 * (docs/CLUSTER.md).
 */
#ifndef DB_HOSTS_H
#define DB_HOSTS_H

#include <stddef.h>

#include "fcgi/base/nv.h"

#define DB_HOSTS_MAX     8
#define DB_HOST_NAME_MAX 255

struct db_host {
	char name[DB_HOST_NAME_MAX + 1];
	int port;
};

/*
 * Parses s into out[0..*n); an empty s gives no host (the socket is used).
 * NV_EINVAL, with what is wrong in err, for a bad name or port or more
 * than max hosts.
 */
enum nv_err db_hosts_parse(const char *s, int def_port, struct db_host *out,
    size_t max, size_t *n, char *err, size_t errlen);

#endif
