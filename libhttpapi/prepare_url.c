// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * HttpPrepareUrl: a URL prefix in the one spelling http.sys registers, so
 * prefixes that differ only in case, a default port or leading zeros
 * compare equal and HttpAddUrl takes them.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "internal.h"

static void lower_ascii(char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] += 'a' - 'A';
}

int lib_prefix_canonical(const char *url, size_t len, char *out, size_t size)
{
	const char *end = url + len, *host, *host_end, *p;
	unsigned long port = 0;
	int https, n;

	if (len >= 8 && !strncasecmp(url, "https://", 8))
		https = 1;
	else if (len >= 7 && !strncasecmp(url, "http://", 7))
		https = 0;
	else
		return -1;
	host = url + (https ? 8 : 7);
	/* An IPv6 literal holds colons: its end is the bracket. */
	if (host < end && *host == '[') {
		host_end = memchr(host, ']', end - host);
		if (!host_end)
			return -1;
		host_end++;
	} else {
		for (host_end = host; host_end < end && *host_end != ':' &&
		     *host_end != '/'; host_end++)
			;
	}
	if (host_end == host)
		return -1;
	p = host_end;
	if (p < end && *p == ':') {
		const char *digits = ++p;

		for (; p < end && *p >= '0' && *p <= '9'; p++)
			if ((port = port * 10 + (*p - '0')) > 65535)
				return -1;
		if (p == digits || !port)
			return -1;
	} else {
		port = https ? 443 : 80;
	}
	if (p < end && *p != '/')
		return -1;
	n = snprintf(out, size, "%s://%.*s:%lu%.*s", https ? "https" : "http",
		     (int)(host_end - host), host, port,
		     p < end ? (int)(end - p) : 1, p < end ? p : "/");
	if (n < 0 || (size_t)n >= size)
		return -1;
	lower_ascii(out + (https ? 8 : 7), host_end - host);
	return lib_prefix_is_valid(out, n) ? n : -1;
}

ULONG WINAPI HttpPrepareUrl(PVOID Reserved, ULONG Flags, PCWSTR Url,
			    PWSTR *PreparedUrl)
{
	/* Room for the input and a port and slash added to it. */
	char in[HTTPSYS_MAX_URL_LEN + 1], out[HTTPSYS_MAX_URL_LEN + 8];
	int in_len, out_len;
	long wide_len;
	PWSTR result;

	if (Reserved || Flags || !Url || !PreparedUrl)
		return ERROR_INVALID_PARAMETER;
	in_len = lib_wide_to_utf8(Url, in, sizeof(in));
	if (in_len < 0)
		return ERROR_INVALID_PARAMETER;
	out_len = lib_prefix_canonical(in, in_len, out, sizeof(out));
	if (out_len < 0)
		return ERROR_INVALID_PARAMETER;
	wide_len = lib_utf8_to_wide(out, out_len, NULL, 0);
	if (wide_len < 0)
		return ERROR_INVALID_PARAMETER;
	result = lib_heap_alloc((wide_len + 1) * sizeof(WCHAR));
	if (!result)
		return ERROR_NOT_ENOUGH_MEMORY;
	lib_utf8_to_wide(out, out_len, result, wide_len + 1);
	*PreparedUrl = result;
	return NO_ERROR;
}
