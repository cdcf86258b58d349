// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A send's HTTP_LOG_FIELDS_DATA in the kernel's form: struct
 * httpsys_log_data and its strings in UTF-8, each cut at
 * HTTPSYS_LOG_MAX_STRING bytes (on a character boundary).
 */
#include <stdlib.h>
#include <string.h>

#include "logging.h"

/* The strings in HTTPSYS_LOG_* order: NULL for the two wide ones. */
static void narrow_strings(const HTTP_LOG_FIELDS_DATA *f, const char **s,
			   USHORT *len)
{
	const char *p[HTTPSYS_LOG_STRINGS] = {
		[HTTPSYS_LOG_CLIENT_IP] = f->ClientIp,
		[HTTPSYS_LOG_SERVER_NAME] = f->ServerName,
		[HTTPSYS_LOG_SERVICE_NAME] = f->ServiceName,
		[HTTPSYS_LOG_SERVER_IP] = f->ServerIp,
		[HTTPSYS_LOG_METHOD] = f->Method,
		[HTTPSYS_LOG_URI_QUERY] = f->UriQuery,
		[HTTPSYS_LOG_HOST] = f->Host,
		[HTTPSYS_LOG_USER_AGENT] = f->UserAgent,
		[HTTPSYS_LOG_COOKIE] = f->Cookie,
		[HTTPSYS_LOG_REFERRER] = f->Referrer,
	};
	const USHORT l[HTTPSYS_LOG_STRINGS] = {
		[HTTPSYS_LOG_USER_NAME] = f->UserNameLength,
		[HTTPSYS_LOG_URI_STEM] = f->UriStemLength,
		[HTTPSYS_LOG_CLIENT_IP] = f->ClientIpLength,
		[HTTPSYS_LOG_SERVER_NAME] = f->ServerNameLength,
		[HTTPSYS_LOG_SERVICE_NAME] = f->ServiceNameLength,
		[HTTPSYS_LOG_SERVER_IP] = f->ServerIpLength,
		[HTTPSYS_LOG_METHOD] = f->MethodLength,
		[HTTPSYS_LOG_URI_QUERY] = f->UriQueryLength,
		[HTTPSYS_LOG_HOST] = f->HostLength,
		[HTTPSYS_LOG_USER_AGENT] = f->UserAgentLength,
		[HTTPSYS_LOG_COOKIE] = f->CookieLength,
		[HTTPSYS_LOG_REFERRER] = f->ReferrerLength,
	};

	memcpy(s, p, sizeof(p));
	memcpy(len, l, sizeof(l));
}

size_t lib_log_data_size(const HTTP_LOG_DATA *data)
{
	return data ? HTTPSYS_LOG_MAX_DATA : 0;
}

/* @len bytes of UTF-8 cut to HTTPSYS_LOG_MAX_STRING, between characters. */
static size_t cut(const char *s, size_t len)
{
	if (len <= HTTPSYS_LOG_MAX_STRING)
		return len;
	len = HTTPSYS_LOG_MAX_STRING;
	while (len && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	return len;
}

/* A wide string of @bytes into @out (room for HTTPSYS_LOG_MAX_STRING). */
static long wide_in(PCWSTR s, USHORT bytes, char *out)
{
	size_t count = bytes / sizeof(WCHAR);
	char *utf8;
	int n;

	if (bytes % sizeof(WCHAR) || (bytes && !s))
		return -1;
	if (!bytes)
		return 0;
	utf8 = malloc(count * 4 + 1);
	if (!utf8)
		return -1;
	n = lib_wide_to_utf8_n(s, count, utf8, count * 4 + 1);
	if (n >= 0) {
		n = cut(utf8, n);
		memcpy(out, utf8, n);
	}
	free(utf8);
	return n;
}

ULONG lib_log_data_build(const HTTP_LOG_DATA *data, void *out, size_t size,
			 __u32 *len)
{
	const HTTP_LOG_FIELDS_DATA *f = (const HTTP_LOG_FIELDS_DATA *)data;
	struct httpsys_log_data *k = out;
	const char *s[HTTPSYS_LOG_STRINGS];
	USHORT l[HTTPSYS_LOG_STRINGS];
	char *p = (char *)(k + 1);
	long n;
	int i;

	if (data->Type != HttpLogDataTypeFields || size < HTTPSYS_LOG_MAX_DATA)
		return ERROR_INVALID_PARAMETER;
	memset(k, 0, sizeof(*k));
	narrow_strings(f, s, l);
	for (i = 0; i < HTTPSYS_LOG_STRINGS; i++) {
		if (i == HTTPSYS_LOG_USER_NAME || i == HTTPSYS_LOG_URI_STEM) {
			n = wide_in(i == HTTPSYS_LOG_USER_NAME ? f->UserName :
				    f->UriStem, l[i], p);
			if (n < 0)
				return ERROR_INVALID_PARAMETER;
		} else {
			if (l[i] && !s[i])
				return ERROR_INVALID_PARAMETER;
			n = l[i] ? cut(s[i], l[i]) : 0;
			memcpy(p, s[i], n);
		}
		k->string_len[i] = n;
		p += n;
	}
	k->server_port = f->ServerPort;
	k->status = f->ProtocolStatus;
	k->sub_status = f->SubStatus;
	k->win32_status = f->Win32Status;
	*len = p - (char *)out;
	return NO_ERROR;
}
