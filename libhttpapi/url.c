// SPDX-License-Identifier: LGPL-2.1-or-later
/* HttpAddUrl / HttpRemoveUrl: v1 URL prefix registration. */
#include <stdint.h>

#include "httpsys.h"
#include "internal.h"
#include "url.h"

int lib_wide_to_utf8(PCWSTR in, char *out, size_t size)
{
	size_t n = 0;

	for (; *in; in++) {
		uint32_t c = (uint32_t)*in;
		char buf[4];
		size_t len, i;

		if (c >= 0xd800 && c <= 0xdfff)
			return -1;
		if (c < 0x80) {
			buf[0] = c;
			len = 1;
		} else if (c < 0x800) {
			buf[0] = 0xc0 | c >> 6;
			buf[1] = 0x80 | (c & 0x3f);
			len = 2;
		} else if (c < 0x10000) {
			buf[0] = 0xe0 | c >> 12;
			buf[1] = 0x80 | ((c >> 6) & 0x3f);
			buf[2] = 0x80 | (c & 0x3f);
			len = 3;
		} else if (c < 0x110000) {
			buf[0] = 0xf0 | c >> 18;
			buf[1] = 0x80 | ((c >> 12) & 0x3f);
			buf[2] = 0x80 | ((c >> 6) & 0x3f);
			buf[3] = 0x80 | (c & 0x3f);
			len = 4;
		} else {
			return -1;
		}
		if (n + len >= size)
			return -1;
		for (i = 0; i < len; i++)
			out[n++] = buf[i];
	}
	out[n] = '\0';
	return (int)n;
}

int lib_prefix_is_valid(const char *url, size_t len)
{
	struct url_prefix p;

	return url_prefix_parse(url, len, &p) == 0;
}

static ULONG url_ioctl(HANDLE h, PCWSTR url, unsigned long cmd, enum lib_call call)
{
	char utf8[HTTPSYS_MAX_URL_LEN + 1];
	struct httpsys_url arg = { 0 };
	int fd, len, err;
	ULONG result = lib_queue_call(h, NULL, &fd);

	if (result)
		return result;
	if (!url)
		return ERROR_INVALID_PARAMETER;
	len = lib_wide_to_utf8(url, utf8, sizeof(utf8));
	if (len < 0 || !lib_prefix_is_valid(utf8, len))
		return ERROR_INVALID_PARAMETER;
	arg.url = (uintptr_t)utf8;
	arg.url_len = len;
	err = lib_ioctl(fd, cmd, &arg);
	return err ? lib_errno_to_win32(err, call) : NO_ERROR;
}

ULONG WINAPI HttpAddUrl(HANDLE ReqQueueHandle, PCWSTR pFullyQualifiedUrl,
			PVOID pReserved)
{
	if (pReserved)
		return ERROR_INVALID_PARAMETER;
	return url_ioctl(ReqQueueHandle, pFullyQualifiedUrl, HTTPSYS_IOC_ADD_URL,
			 LIB_CALL_URL_ADD);
}

ULONG WINAPI HttpRemoveUrl(HANDLE ReqQueueHandle, PCWSTR pFullyQualifiedUrl)
{
	return url_ioctl(ReqQueueHandle, pFullyQualifiedUrl,
			 HTTPSYS_IOC_REMOVE_URL, LIB_CALL_URL_REMOVE);
}
