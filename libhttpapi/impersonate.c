// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ImpersonateLoggedOnUser / RevertToSelf as per-thread credential
 * switches.  Linux keeps credentials per thread, but glibc's setresuid()
 * and friends change every thread of the process to keep POSIX semantics;
 * the raw system calls change only the caller's, as Windows'
 * impersonation does.  Only the effective ids (and the supplementary
 * groups) change: the real and saved ids stay, so the thread can switch
 * back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "internal.h"

/* The thread's own credentials while it impersonates. */
struct saved_creds {
	uid_t euid;
	gid_t egid;
	int group_count;
	gid_t *groups;
};

static __thread struct saved_creds *saved;

static int sys_set_ids(uid_t euid, gid_t egid)
{
	if (syscall(SYS_setresgid, (gid_t)-1, egid, (gid_t)-1))
		return -1;
	return syscall(SYS_setresuid, (uid_t)-1, euid, (uid_t)-1) ? -1 : 0;
}

/* The thread's credentials now, for RevertToSelf; NULL with errno. */
static struct saved_creds *creds_save(void)
{
	struct saved_creds *c = calloc(1, sizeof(*c));
	int n;

	if (!c)
		return NULL;
	c->euid = geteuid();
	c->egid = getegid();
	n = getgroups(0, NULL);
	c->groups = n >= 0 ? malloc((n + 1) * sizeof(gid_t)) : NULL;
	if (c->groups)
		c->group_count = getgroups(n, c->groups);
	if (!c->groups || c->group_count < 0) {
		free(c->groups);
		free(c);
		return NULL;
	}
	return c;
}

/*
 * Back to @c: the uid first, which (to 0) gives the thread back the
 * capabilities that setting the groups and gid need.
 */
static int creds_restore(const struct saved_creds *c)
{
	if (syscall(SYS_setresuid, (uid_t)-1, c->euid, (uid_t)-1) ||
	    syscall(SYS_setgroups, (size_t)c->group_count, c->groups) ||
	    syscall(SYS_setresgid, (gid_t)-1, c->egid, (gid_t)-1))
		return -1;
	return 0;
}

static void creds_forget(void)
{
	free(saved->groups);
	free(saved);
	saved = NULL;
}

static DWORD switch_error(int err)
{
	return err == EPERM ? ERROR_PRIVILEGE_NOT_HELD : ERROR_ACCESS_DENIED;
}

static BOOL fail(DWORD err)
{
	SetLastError(err);
	return FALSE;
}

BOOL RevertToSelf(void)
{
	if (!saved)
		return TRUE;
	if (creds_restore(saved))
		return fail(ERROR_ACCESS_DENIED);
	creds_forget();
	return TRUE;
}

BOOL ImpersonateLoggedOnUser(HANDLE hToken)
{
	DWORD count = 0, err;
	gid_t *groups = NULL;
	uid_t uid;
	gid_t gid;
	BOOL ok;

	/* The group count first, then the groups: room for them. */
	ok = HttpsysTokenGetIdentity(hToken, &uid, &gid, NULL, &count);
	if (!ok && GetLastError() == ERROR_INSUFFICIENT_BUFFER) {
		groups = malloc(count * sizeof(gid_t));
		if (!groups)
			return fail(ERROR_NOT_ENOUGH_MEMORY);
		ok = HttpsysTokenGetIdentity(hToken, &uid, &gid, groups, &count);
	}
	if (!ok) {
		err = GetLastError();
		free(groups);
		/* A token with no local account cannot be acted as. */
		return fail(err == ERROR_NONE_MAPPED ? ERROR_INVALID_HANDLE : err);
	}
	/* A second impersonation replaces the first: back to self first. */
	if (saved && !RevertToSelf()) {
		free(groups);
		return FALSE;
	}
	saved = creds_save();
	if (!saved) {
		free(groups);
		return fail(ERROR_NOT_ENOUGH_MEMORY);
	}
	if (syscall(SYS_setgroups, (size_t)count, groups)) {
		/* Nothing changed yet. */
		err = errno;
		free(groups);
		creds_forget();
		return fail(switch_error(err));
	}
	free(groups);
	if (sys_set_ids(uid, gid)) {
		err = errno;
		/* The groups changed, with the privilege to change them back. */
		RevertToSelf();
		return fail(switch_error(err));
	}
	return TRUE;
}
