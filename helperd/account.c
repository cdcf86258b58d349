// SPDX-License-Identifier: GPL-2.0-or-later
/* The local account behind an authenticated name: uid, gid and groups. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helperd.h"

bool account_fill(struct job_out *out, const char *name)
{
	struct passwd pw, *found = NULL;
	long size = sysconf(_SC_GETPW_R_SIZE_MAX);
	int count = HTTPSYS_AUTH_MAX_GROUPS;
	gid_t *groups;
	char *buf;
	int err;

	if (size < 1024)
		size = 1024;
	for (;;) {
		buf = malloc(size);
		if (!buf)
			return false;
		err = getpwnam_r(name, &pw, buf, size, &found);
		if (err != ERANGE || size >= 1024 * 1024)
			break;
		free(buf);
		size *= 2;
	}
	if (err || !found) {
		free(buf);
		return false;
	}
	groups = calloc(count, sizeof(*groups));
	if (!groups) {
		free(buf);
		return false;
	}
	/*
	 * More groups than the record holds: keep the first ones (the
	 * primary group comes first), as the cap is part of the ABI.
	 */
	if (getgrouplist(name, pw.pw_gid, groups, &count) < 0)
		count = HTTPSYS_AUTH_MAX_GROUPS;
	out->uid = pw.pw_uid;
	out->gid = pw.pw_gid;
	free(out->groups);
	out->groups = groups;
	out->group_count = count;
	out->mapped = true;
	free(buf);
	return true;
}
