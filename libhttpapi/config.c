// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * HttpSet/Delete/QueryServiceConfiguration for URL reservations
 * (HttpServiceConfigUrlAclInfo), which the kernel keeps and enforces, and
 * for the machine-wide timeouts (HttpServiceConfigTimeout), which are the
 * module's idle_connection and header_wait parameters.  A reservation's
 * SDDL is parsed here into the ACEs the kernel checks, and its text goes
 * along verbatim for queries.  Both belong to the machine, not to a
 * handle, so each call opens /dev/httpsys for itself.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "url.h"

/* Step *@s past @token if it comes next. */
static int take(const char **s, const char *end, const char *token)
{
	size_t n = strlen(token);

	if ((size_t)(end - *s) < n || memcmp(*s, token, n))
		return 0;
	*s += n;
	return 1;
}

/* A decimal uid or gid without a leading zero, short of (uid_t)-1. */
static int take_id(const char **s, const char *end, __u32 *id)
{
	const char *p = *s;
	uint64_t v = 0;

	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v >= UINT32_MAX)
			return 0;
	}
	if (p == *s || (**s == '0' && p - *s > 1))
		return 0;
	*id = v;
	*s = p;
	return 1;
}

/* GX, GW and GA, alone or run together ("GXGW"); 0 for none. */
static __u32 take_rights(const char **s, const char *end)
{
	__u32 rights = 0;

	for (;;) {
		if (take(s, end, "GX"))
			rights |= HTTPSYS_RIGHT_LISTEN;
		else if (take(s, end, "GW"))
			rights |= HTTPSYS_RIGHT_DELEGATE;
		else if (take(s, end, "GA"))
			rights |= HTTPSYS_RIGHT_LISTEN | HTTPSYS_RIGHT_DELEGATE;
		else
			return rights;
	}
}

/* Unix users and groups are Samba's S-1-22-1-<uid> and S-1-22-2-<gid>. */
static int take_sid(const char **s, const char *end, struct httpsys_ace *a)
{
	if (take(s, end, "WD")) {
		a->type = HTTPSYS_ACE_EVERYONE;
		return 1;
	}
	/* Administrators and LocalSystem are root here. */
	if (take(s, end, "BA") || take(s, end, "SY")) {
		a->type = HTTPSYS_ACE_USER;
		return 1;
	}
	if (take(s, end, "S-1-22-1-")) {
		a->type = HTTPSYS_ACE_USER;
		return take_id(s, end, &a->id);
	}
	if (take(s, end, "S-1-22-2-")) {
		a->type = HTTPSYS_ACE_GROUP;
		return take_id(s, end, &a->id);
	}
	return 0;
}

int lib_sddl_parse(const char *sddl, size_t len, struct httpsys_ace *aces)
{
	const char *s = sddl, *end = sddl + len;
	int n = 0;

	if (!take(&s, end, "D:"))
		return -1;
	do {
		struct httpsys_ace *a = &aces[n];

		if (n == HTTPSYS_MAX_ACES || !take(&s, end, "(A;;"))
			return -1;
		memset(a, 0, sizeof(*a));
		a->rights = take_rights(&s, end);
		if (!a->rights || !take(&s, end, ";;;") || !take_sid(&s, end, a) ||
		    !take(&s, end, ")"))
			return -1;
		n++;
	} while (s < end);
	return n;
}

/*
 * The SDDL of a reservation the kernel lists: its text as given when that
 * still says what the kernel's @aces (ids as this process's user namespace
 * sees them) say, else one written from them, so that a grant added in
 * another namespace reads (and is saved) as the user it really names.
 * The length, in @sddl (HTTPSYS_MAX_SDDL bytes).
 */
static size_t sddl_as_seen(char *sddl, size_t len,
			   const struct httpsys_ace *aces, __u32 count)
{
	static const char *const rights[] = { "", "GX", "GW", "GA" };
	struct httpsys_ace given[HTTPSYS_MAX_ACES];
	size_t n;
	__u32 i;

	if (lib_sddl_parse(sddl, len, given) == (int)count &&
	    !memcmp(given, aces, count * sizeof(*aces)))
		return len;
	n = snprintf(sddl, HTTPSYS_MAX_SDDL, "D:");
	for (i = 0; i < count && n < HTTPSYS_MAX_SDDL; i++) {
		const char *r = rights[aces[i].rights & 3];

		if (aces[i].type == HTTPSYS_ACE_EVERYONE)
			n += snprintf(sddl + n, HTTPSYS_MAX_SDDL - n,
				      "(A;;%s;;;WD)", r);
		else
			n += snprintf(sddl + n, HTTPSYS_MAX_SDDL - n,
				      "(A;;%s;;;S-1-22-%d-%u)", r,
				      aces[i].type == HTTPSYS_ACE_GROUP ? 2 : 1,
				      aces[i].id);
	}
	return n < HTTPSYS_MAX_SDDL ? n : HTTPSYS_MAX_SDDL - 1;
}

ULONG lib_urlacl_out(const char *url, size_t url_len, const char *sddl,
		     size_t sddl_len, void *out, ULONG len, ULONG *needed)
{
	HTTP_SERVICE_CONFIG_URLACL_SET *set = out;
	long url_chars = lib_utf8_to_wide(url, url_len, NULL, 0);
	long sddl_chars = lib_utf8_to_wide(sddl, sddl_len, NULL, 0);
	PWSTR strings;

	if (url_chars < 0 || sddl_chars < 0)
		return ERROR_INVALID_DATA;
	*needed = sizeof(*set) + (url_chars + sddl_chars + 2) * sizeof(WCHAR);
	if (len < *needed)
		return ERROR_INSUFFICIENT_BUFFER;
	strings = (PWSTR)(set + 1);
	set->KeyDesc.pUrlPrefix = strings;
	set->ParamDesc.pStringSecurityDescriptor = strings + url_chars + 1;
	lib_utf8_to_wide(url, url_len, set->KeyDesc.pUrlPrefix, url_chars + 1);
	lib_utf8_to_wide(sddl, sddl_len, set->ParamDesc.pStringSecurityDescriptor,
			 sddl_chars + 1);
	return NO_ERROR;
}

/*
 * What the three calls check first: HTTP_INITIALIZE_CONFIG, no service
 * handle or OVERLAPPED (both reserved), a configuration ID kept here, and
 * @info of exactly its struct's size: a query's input struct with @query,
 * else the set one.
 */
static ULONG config_args(HANDLE service, HTTP_SERVICE_CONFIG_ID id,
			 const void *info, ULONG len, int query,
			 LPOVERLAPPED overlapped)
{
	ULONG size, result = lib_check_config_init();

	if (result)
		return result;
	if (service)
		return ERROR_INVALID_HANDLE;
	if (overlapped || (unsigned int)id >= HttpServiceConfigMax)
		return ERROR_INVALID_PARAMETER;
	switch (id) {
	case HttpServiceConfigUrlAclInfo:
		size = query ? sizeof(HTTP_SERVICE_CONFIG_URLACL_QUERY) :
			       sizeof(HTTP_SERVICE_CONFIG_URLACL_SET);
		break;
	case HttpServiceConfigTimeout:
		size = query ? sizeof(HTTP_SERVICE_CONFIG_TIMEOUT_KEY) :
			       sizeof(HTTP_SERVICE_CONFIG_TIMEOUT_SET);
		break;
	default:
		/* SSL bindings, the listen list... are Windows' but not ours. */
		return ERROR_NOT_SUPPORTED;
	}
	if (!info || len != size)
		return ERROR_INVALID_PARAMETER;
	return NO_ERROR;
}

/* The key's prefix in UTF-8 in @out; its length, or -1 when invalid. */
static int key_to_utf8(const HTTP_SERVICE_CONFIG_URLACL_KEY *key,
		       char out[HTTPSYS_MAX_URL_LEN + 1])
{
	return key->pUrlPrefix ?
	       lib_prefix_to_utf8(key->pUrlPrefix, out, HTTPSYS_MAX_URL_LEN + 1) :
	       -1;
}

/* One ioctl on a descriptor of its own. */
static ULONG service_call(unsigned long cmd, void *arg)
{
	int fd;
	ULONG result = lib_open_device(&fd);

	if (result)
		return result;
	result = lib_errno_to_win32(lib_ioctl(fd, cmd, arg), LIB_CALL_SERVICE);
	close(fd);
	return result;
}

/* The kernel's keys are HTTP_SERVICE_CONFIG_TIMEOUT_KEY's values. */
_Static_assert(IdleConnectionTimeout == HTTPSYS_TIMEOUT_IDLE_CONNECTION &&
	       HeaderWaitTimeout == HTTPSYS_TIMEOUT_HEADER_WAIT,
	       "timeout keys");

/* Set the timeout @key to @seconds; 0 restores its default. */
static ULONG timeout_set(HTTP_SERVICE_CONFIG_TIMEOUT_KEY key, __u32 seconds)
{
	struct httpsys_service_timeout arg = { key, seconds };

	if ((unsigned int)key > HeaderWaitTimeout)
		return ERROR_INVALID_PARAMETER;
	return service_call(HTTPSYS_IOC_TIMEOUT_SET, &arg);
}

/*
 * The timeout @key as an HTTP_SERVICE_CONFIG_TIMEOUT_PARAM in @out (@len
 * bytes).  A module parameter set above 65535 seconds through sysfs reads
 * as 65535, the most the answer holds.
 */
static ULONG timeout_query(HTTP_SERVICE_CONFIG_TIMEOUT_KEY key, void *out,
			   ULONG len, PULONG needed)
{
	struct httpsys_service_timeout arg = { key, 0 };
	HTTP_SERVICE_CONFIG_TIMEOUT_PARAM value;
	ULONG result;

	if ((unsigned int)key > HeaderWaitTimeout || (len && !out))
		return ERROR_INVALID_PARAMETER;
	if (needed)
		*needed = sizeof(value);
	if (len < sizeof(value))
		return ERROR_INSUFFICIENT_BUFFER;
	result = service_call(HTTPSYS_IOC_TIMEOUT_QUERY, &arg);
	if (result)
		return result;
	value = arg.seconds > 0xffff ? 0xffff : arg.seconds;
	memcpy(out, &value, sizeof(value));
	return NO_ERROR;
}

ULONG WINAPI HttpSetServiceConfiguration(HANDLE ServiceHandle,
					 HTTP_SERVICE_CONFIG_ID ConfigId,
					 PVOID pConfigInformation,
					 ULONG ConfigInformationLength,
					 LPOVERLAPPED pOverlapped)
{
	const HTTP_SERVICE_CONFIG_URLACL_SET *set = pConfigInformation;
	char url[HTTPSYS_MAX_URL_LEN + 1], sddl[HTTPSYS_MAX_SDDL + 1];
	struct httpsys_ace aces[HTTPSYS_MAX_ACES];
	struct httpsys_urlacl arg = { 0 };
	int url_len, sddl_len = -1, count = -1;
	ULONG result = config_args(ServiceHandle, ConfigId, set,
				   ConfigInformationLength, 0, pOverlapped);

	if (result)
		return result;
	if (ConfigId == HttpServiceConfigTimeout) {
		const HTTP_SERVICE_CONFIG_TIMEOUT_SET *t = pConfigInformation;

		/* Zero is no timeout's value: Delete restores the default. */
		if (!t->ParamDesc)
			return ERROR_INVALID_PARAMETER;
		return timeout_set(t->KeyDesc, t->ParamDesc);
	}
	url_len = key_to_utf8(&set->KeyDesc, url);
	if (set->ParamDesc.pStringSecurityDescriptor) {
		sddl_len = lib_wide_to_utf8(set->ParamDesc.pStringSecurityDescriptor,
					    sddl, sizeof(sddl));
		if (sddl_len >= 0)
			count = lib_sddl_parse(sddl, sddl_len, aces);
	}
	if (url_len < 0 || count < 0)
		return ERROR_INVALID_PARAMETER;
	arg.url = (uintptr_t)url;
	arg.url_len = url_len;
	arg.sddl = (uintptr_t)sddl;
	arg.sddl_len = sddl_len;
	arg.aces = (uintptr_t)aces;
	arg.ace_count = count;
	return service_call(HTTPSYS_IOC_URLACL_ADD, &arg);
}

ULONG WINAPI HttpDeleteServiceConfiguration(HANDLE ServiceHandle,
					    HTTP_SERVICE_CONFIG_ID ConfigId,
					    PVOID pConfigInformation,
					    ULONG ConfigInformationLength,
					    LPOVERLAPPED pOverlapped)
{
	const HTTP_SERVICE_CONFIG_URLACL_SET *set = pConfigInformation;
	char url[HTTPSYS_MAX_URL_LEN + 1];
	struct httpsys_urlacl arg = { 0 };
	int len;
	ULONG result = config_args(ServiceHandle, ConfigId, set,
				   ConfigInformationLength, 0, pOverlapped);

	if (result)
		return result;
	/* Only the key counts: the descriptor or value need not be given. */
	if (ConfigId == HttpServiceConfigTimeout)
		return timeout_set(((HTTP_SERVICE_CONFIG_TIMEOUT_SET *)
				    pConfigInformation)->KeyDesc, 0);
	len = key_to_utf8(&set->KeyDesc, url);
	if (len < 0)
		return ERROR_INVALID_PARAMETER;
	arg.url = (uintptr_t)url;
	arg.url_len = len;
	return service_call(HTTPSYS_IOC_URLACL_DELETE, &arg);
}

ULONG WINAPI HttpQueryServiceConfiguration(HANDLE ServiceHandle,
					   HTTP_SERVICE_CONFIG_ID ConfigId,
					   PVOID pInput, ULONG InputLength,
					   PVOID pOutput, ULONG OutputLength,
					   PULONG pReturnLength,
					   LPOVERLAPPED pOverlapped)
{
	const HTTP_SERVICE_CONFIG_URLACL_QUERY *q = pInput;
	char want[HTTPSYS_MAX_URL_LEN + 1];
	/* Room for the '/' the kernel adds to a prefix given without one. */
	char url[HTTPSYS_MAX_URL_LEN + 2], sddl[HTTPSYS_MAX_SDDL];
	struct httpsys_ace aces[HTTPSYS_MAX_ACES];
	struct url_prefix want_p, p;
	struct httpsys_urlacl arg;
	int fd, err, want_len = 0, exact;
	ULONG needed = 0;
	__u32 index;
	ULONG result = config_args(ServiceHandle, ConfigId, q, InputLength, 1,
				   pOverlapped);

	if (result)
		return result;
	if (ConfigId == HttpServiceConfigTimeout)
		return timeout_query(*(HTTP_SERVICE_CONFIG_TIMEOUT_KEY *)pInput,
				     pOutput, OutputLength, pReturnLength);
	if ((unsigned int)q->QueryDesc >= HttpServiceConfigQueryMax ||
	    (OutputLength && !pOutput))
		return ERROR_INVALID_PARAMETER;
	/* The answer holds pointers; as for HTTP_REQUEST, no unaligned one. */
	if ((uintptr_t)pOutput % _Alignof(HTTP_SERVICE_CONFIG_URLACL_SET))
		return ERROR_NOACCESS;
	exact = q->QueryDesc == HttpServiceConfigQueryExact;
	if (exact) {
		want_len = key_to_utf8(&q->KeyDesc, want);
		if (want_len < 0)
			return ERROR_INVALID_PARAMETER;
		url_prefix_parse(want, want_len, &want_p);
	}
	result = lib_open_device(&fd);
	if (result)
		return result;
	/*
	 * The kernel lists reservations by index; an exact query looks at
	 * each in turn for the same prefix (host and path case, and a
	 * trailing '/', do not count), as the kernel compares them.
	 */
	for (index = exact ? 0 : q->dwToken;; index++) {
		memset(&arg, 0, sizeof(arg));
		arg.url = (uintptr_t)url;
		arg.url_len = sizeof(url);
		arg.sddl = (uintptr_t)sddl;
		arg.sddl_len = sizeof(sddl);
		arg.aces = (uintptr_t)aces;
		arg.ace_count = HTTPSYS_MAX_ACES;
		arg.index = index;
		err = lib_ioctl(fd, HTTPSYS_IOC_URLACL_QUERY, &arg);
		if (err || !exact ||
		    (!url_prefix_parse(url, arg.url_len, &p) &&
		     url_prefix_same(want, &want_p, url, &p)))
			break;
	}
	close(fd);
	if (err == ENOENT)
		return exact ? ERROR_FILE_NOT_FOUND : ERROR_NO_MORE_ITEMS;
	if (err)
		return lib_errno_to_win32(err, LIB_CALL_SERVICE);
	arg.sddl_len = sddl_as_seen(sddl, arg.sddl_len, aces,
				    arg.ace_count < HTTPSYS_MAX_ACES ?
				    arg.ace_count : HTTPSYS_MAX_ACES);
	result = lib_urlacl_out(url, arg.url_len, sddl, arg.sddl_len, pOutput,
				OutputLength, &needed);
	if (pReturnLength && result != ERROR_INVALID_DATA)
		*pReturnLength = needed;
	return result;
}
