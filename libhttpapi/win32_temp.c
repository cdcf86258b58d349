// SPDX-License-Identifier: LGPL-2.1-or-later
/* GetTempPath and GetTempFileName, with Windows' name pattern. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "win32_internal.h"

/* Windows' limit: room for "\PPPXXXX.TMP" and the NUL within MAX_PATH. */
#define TEMP_PATH_MAX (MAX_PATH - 14)

static const char *temp_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir && *dir == '/' ? dir : "/tmp";
}

DWORD WINAPI GetTempPathA(DWORD nBufferLength, LPSTR lpBuffer)
{
	const char *dir = temp_dir();
	size_t len = strlen(dir);
	int slash = dir[len - 1] != '/';

	if (len + slash + 1 > nBufferLength || !lpBuffer)
		return (DWORD)(len + slash + 1);
	memcpy(lpBuffer, dir, len);
	if (slash)
		lpBuffer[len++] = '/';
	lpBuffer[len] = '\0';
	return (DWORD)len;
}

DWORD WINAPI GetTempPathW(DWORD nBufferLength, LPWSTR lpBuffer)
{
	char dir[PATH_MAX];
	DWORD len = GetTempPathA(sizeof(dir), dir);
	long wide;

	if (len >= sizeof(dir)) {
		SetLastError(ERROR_FILENAME_EXCED_RANGE);
		return 0;
	}
	wide = lib_utf8_to_wide(dir, len, NULL, 0);
	if (wide < 0) {
		SetLastError(ERROR_NO_UNICODE_TRANSLATION);
		return 0;
	}
	if ((DWORD)wide + 1 > nBufferLength || !lpBuffer)
		return (DWORD)wide + 1;
	lib_utf8_to_wide(dir, len, lpBuffer, nBufferLength);
	return (DWORD)wide;
}

/* Where automatic numbers start: differs between processes and calls. */
static unsigned int next_unique(void)
{
	static unsigned int counter;
	struct timespec ts;
	unsigned int n = __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned int)(ts.tv_nsec ^ getpid()) + n;
}

/*
 * "<path>/<prefix><hex>.TMP" in @out (@size bytes): with @unique 0 the
 * first free number from a varying start, the file created; the number
 * or 0 with the last error.  @prefix is cut to its characters already.
 */
static UINT temp_name(const char *path, const char *prefix, UINT unique,
		      char *out, size_t size)
{
	size_t len = strlen(path);
	const char *sep = len && path[len - 1] == '/' ? "" : "/";
	unsigned int start, i;
	int fd;

	if (unique) {
		unique &= 0xffff;
		if (!unique)
			unique = 1;
		if ((size_t)snprintf(out, size, "%s%s%s%X.TMP", path, sep,
				     prefix, unique) >= size) {
			SetLastError(ERROR_BUFFER_OVERFLOW);
			return 0;
		}
		return unique;
	}
	start = next_unique();
	for (i = 0; i < 0xffff; i++) {
		unique = (start + i) % 0xffff + 1;
		if ((size_t)snprintf(out, size, "%s%s%s%X.TMP", path, sep,
				     prefix, unique) >= size) {
			SetLastError(ERROR_BUFFER_OVERFLOW);
			return 0;
		}
		/* Readable by its owner only: a temporary file is private. */
		fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0) {
			close(fd);
			return unique;
		}
		if (errno != EEXIST) {
			SetLastError(errno == ENOENT ? ERROR_PATH_NOT_FOUND :
				     lib_file_error(errno));
			return 0;
		}
	}
	SetLastError(ERROR_FILE_EXISTS);
	return 0;
}

UINT WINAPI GetTempFileNameA(LPCSTR lpPathName, LPCSTR lpPrefixString,
			     UINT uUnique, LPSTR lpTempFileName)
{
	char prefix[4] = "";

	if (!lpPathName || !lpTempFileName) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return 0;
	}
	if (strlen(lpPathName) > TEMP_PATH_MAX) {
		SetLastError(ERROR_BUFFER_OVERFLOW);
		return 0;
	}
	if (lpPrefixString)
		strncat(prefix, lpPrefixString, 3);
	return temp_name(lpPathName, prefix, uUnique, lpTempFileName, MAX_PATH);
}

UINT WINAPI GetTempFileNameW(LPCWSTR lpPathName, LPCWSTR lpPrefixString,
			     UINT uUnique, LPWSTR lpTempFileName)
{
	WCHAR wide_prefix[4] = L"";
	char path[PATH_MAX], prefix[16], name[PATH_MAX + 16];
	UINT unique;

	if (!lpPathName || !lpTempFileName) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return 0;
	}
	if (wcslen(lpPathName) > TEMP_PATH_MAX) {
		SetLastError(ERROR_BUFFER_OVERFLOW);
		return 0;
	}
	if (lpPrefixString)
		wcsncat(wide_prefix, lpPrefixString, 3);
	if (lib_path_from_wide(lpPathName, path, sizeof(path)) ||
	    lib_path_from_wide(wide_prefix, prefix, sizeof(prefix)))
		return 0;
	unique = temp_name(path, prefix, uUnique, name, sizeof(name));
	if (!unique)
		return 0;
	/* At most MAX_PATH - 14 characters and 13 more: it fits. */
	lib_utf8_to_wide(name, strlen(name), lpTempFileName, MAX_PATH);
	return unique;
}
