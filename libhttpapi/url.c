// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * URL prefix registration: v1 on a queue (HttpAddUrl / HttpRemoveUrl) and
 * v2 in a URL group (HttpAddUrlToUrlGroup / HttpRemoveUrlFromUrlGroup),
 * one code path for both.
 */
#include <stdint.h>
#include <wchar.h>

#include "internal.h"
#include "url.h"

int lib_prefix_is_valid(const char *url, size_t len)
{
	struct url_prefix p;

	return url_prefix_parse(url, len, &p) == 0;
}

int lib_prefix_to_utf8_n(PCWSTR url, size_t count, char *out, size_t size)
{
	int len = lib_wide_to_utf8_n(url, count, out, size);

	return len >= 0 && lib_prefix_is_valid(out, len) ? len : -1;
}

int lib_prefix_to_utf8(PCWSTR url, char *out, size_t size)
{
	return lib_prefix_to_utf8_n(url, wcslen(url), out, size);
}

/*
 * ADD_URL or REMOVE_URL for @url (none with REMOVE_ALL in @flags): on the
 * queue behind @fd when @group is 0, else in a group of the control handle.
 */
static ULONG url_call(int fd, HTTP_URL_GROUP_ID group, PCWSTR url,
		      HTTP_URL_CONTEXT context, ULONG flags, unsigned long cmd,
		      enum lib_call call)
{
	char utf8[HTTPSYS_MAX_URL_LEN + 1];
	struct httpsys_url arg = { .context = context, .group = group };
	int len;

	if (flags & HTTP_URL_FLAG_REMOVE_ALL) {
		if (url)
			return ERROR_INVALID_PARAMETER;
		arg.flags = HTTPSYS_URL_REMOVE_ALL;
	} else {
		if (!url)
			return ERROR_INVALID_PARAMETER;
		len = lib_prefix_to_utf8(url, utf8, sizeof(utf8));
		if (len < 0)
			return ERROR_INVALID_PARAMETER;
		arg.url = (uintptr_t)utf8;
		arg.url_len = len;
	}
	if (group)
		return lib_control_call(cmd, &arg, call);
	return lib_errno_to_win32(lib_ioctl(fd, cmd, &arg), call);
}

ULONG WINAPI HttpAddUrl(HANDLE ReqQueueHandle, PCWSTR pFullyQualifiedUrl,
			PVOID pReserved)
{
	int fd;
	ULONG result;

	if (pReserved)
		return ERROR_INVALID_PARAMETER;
	result = lib_queue_call(ReqQueueHandle, &fd);
	if (result)
		return result;
	return url_call(fd, 0, pFullyQualifiedUrl, 0, 0, HTTPSYS_IOC_ADD_URL,
			LIB_CALL_URL_ADD);
}

ULONG WINAPI HttpRemoveUrl(HANDLE ReqQueueHandle, PCWSTR pFullyQualifiedUrl)
{
	int fd;
	ULONG result = lib_queue_call(ReqQueueHandle, &fd);

	if (result)
		return result;
	return url_call(fd, 0, pFullyQualifiedUrl, 0, 0, HTTPSYS_IOC_REMOVE_URL,
			LIB_CALL_URL_REMOVE);
}

ULONG WINAPI HttpAddUrlToUrlGroup(HTTP_URL_GROUP_ID UrlGroupId,
				  PCWSTR pFullyQualifiedUrl,
				  HTTP_URL_CONTEXT UrlContext, ULONG Reserved)
{
	ULONG result = lib_check_server_init();

	if (result)
		return result;
	/* Group 0 would name the control handle's (absent) queue. */
	if (!UrlGroupId || Reserved)
		return ERROR_INVALID_PARAMETER;
	return url_call(-1, UrlGroupId, pFullyQualifiedUrl, UrlContext, 0,
			HTTPSYS_IOC_ADD_URL, LIB_CALL_URL_ADD);
}

ULONG WINAPI HttpRemoveUrlFromUrlGroup(HTTP_URL_GROUP_ID UrlGroupId,
				       PCWSTR pFullyQualifiedUrl, ULONG Flags)
{
	ULONG result = lib_check_server_init();

	if (result)
		return result;
	if (!UrlGroupId || (Flags & ~HTTP_URL_FLAG_REMOVE_ALL))
		return ERROR_INVALID_PARAMETER;
	return url_call(-1, UrlGroupId, pFullyQualifiedUrl, 0, Flags,
			HTTPSYS_IOC_REMOVE_URL, LIB_CALL_URL_REMOVE);
}
