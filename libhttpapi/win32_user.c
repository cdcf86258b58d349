// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * GetUserName: the login name of the calling thread's effective uid,
 * which ImpersonateLoggedOnUser switches to the client's.
 */
#include <errno.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "win32_internal.h"

/* The name in @buf (@size bytes): 0, or -1 with the last error. */
static int user_name(char *buf, size_t size)
{
	struct passwd pw, *found = NULL;
	char scratch[1024];
	int err = getpwuid_r(geteuid(), &pw, scratch, sizeof(scratch), &found);

	if (err || !found) {
		SetLastError(err ? lib_file_error(err) : ERROR_NONE_MAPPED);
		return -1;
	}
	if (strlen(pw.pw_name) >= size) {
		SetLastError(ERROR_INSUFFICIENT_BUFFER);
		return -1;
	}
	strcpy(buf, pw.pw_name);
	return 0;
}

/* Characters with the NUL into *@pcbBuffer, or the room it takes. */
static BOOL fits(size_t chars, LPDWORD pcbBuffer)
{
	if (chars + 1 > *pcbBuffer) {
		*pcbBuffer = (DWORD)(chars + 1);
		SetLastError(ERROR_INSUFFICIENT_BUFFER);
		return FALSE;
	}
	*pcbBuffer = (DWORD)(chars + 1);
	return TRUE;
}

BOOL WINAPI GetUserNameA(LPSTR lpBuffer, LPDWORD pcbBuffer)
{
	char name[256];

	if (!pcbBuffer) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	if (user_name(name, sizeof(name)))
		return FALSE;
	if (!fits(strlen(name), pcbBuffer))
		return FALSE;
	if (!lpBuffer) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	strcpy(lpBuffer, name);
	return TRUE;
}

BOOL WINAPI GetUserNameW(LPWSTR lpBuffer, LPDWORD pcbBuffer)
{
	char name[256];
	long len;

	if (!pcbBuffer) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	if (user_name(name, sizeof(name)))
		return FALSE;
	len = lib_utf8_to_wide(name, strlen(name), NULL, 0);
	if (len < 0) {
		SetLastError(ERROR_NO_UNICODE_TRANSLATION);
		return FALSE;
	}
	if (!fits((size_t)len, pcbBuffer))
		return FALSE;
	if (!lpBuffer) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	lib_utf8_to_wide(name, strlen(name), lpBuffer, (size_t)len + 1);
	return TRUE;
}
