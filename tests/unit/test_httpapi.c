// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests of libhttpapi's pieces that need no kernel: initialisation
 * rules, argument checks made before any ioctl (the service timeouts' and
 * the cache calls' too), property translation, wide-string conversion, prefix syntax, SDDL
 * parsing, reservation answers, header serialisation, errno mapping,
 * struct layouts, and the authentication pieces: response-info header
 * lines, access tokens made from a hand-built request, per-thread
 * impersonation and the SSPI compat calls' checks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <time.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

#include "tap.h"
#include "http.h"
#include "httpsys_auth.h"
#include "sspi.h"
#include "internal.h"

/* The v2 property structs' x64 layouts, as the notes give them. */
_Static_assert(sizeof(HTTP_PROPERTY_FLAGS) == 4, "HTTP_PROPERTY_FLAGS");
_Static_assert(sizeof(HTTP_TIMEOUT_LIMIT_INFO) == 20, "HTTP_TIMEOUT_LIMIT_INFO");
_Static_assert(offsetof(HTTP_TIMEOUT_LIMIT_INFO, EntityBody) == 4 &&
	       offsetof(HTTP_TIMEOUT_LIMIT_INFO, DrainEntityBody) == 6 &&
	       offsetof(HTTP_TIMEOUT_LIMIT_INFO, RequestQueue) == 8 &&
	       offsetof(HTTP_TIMEOUT_LIMIT_INFO, IdleConnection) == 10 &&
	       offsetof(HTTP_TIMEOUT_LIMIT_INFO, HeaderWait) == 12 &&
	       offsetof(HTTP_TIMEOUT_LIMIT_INFO, MinSendRate) == 16,
	       "HTTP_TIMEOUT_LIMIT_INFO offsets");
_Static_assert(sizeof(HTTP_REQUEST_AUTH_INFO) == 80 &&
	       offsetof(HTTP_REQUEST_AUTH_INFO, AccessToken) == 16 &&
	       offsetof(HTTP_REQUEST_AUTH_INFO, PackedContext) == 40 &&
	       offsetof(HTTP_REQUEST_AUTH_INFO, pMutualAuthData) == 56 &&
	       offsetof(HTTP_REQUEST_AUTH_INFO, pPackageName) == 72,
	       "HTTP_REQUEST_AUTH_INFO as on x64 Windows");
_Static_assert(sizeof(HTTP_MULTIPLE_KNOWN_HEADERS) == 24 &&
	       offsetof(HTTP_MULTIPLE_KNOWN_HEADERS, KnownHeaders) == 16,
	       "HTTP_MULTIPLE_KNOWN_HEADERS");
_Static_assert(HttpRequestAuthTypeKerberos == 5 && HttpAuthStatusFailure == 2 &&
	       HttpResponseInfoTypeChannelBind == 3,
	       "auth enums in Windows' order");
_Static_assert(sizeof(HTTP_SERVER_AUTHENTICATION_INFO) == 64,
	       "HTTP_SERVER_AUTHENTICATION_INFO");
_Static_assert(offsetof(HTTP_SERVER_AUTHENTICATION_INFO, AuthSchemes) == 4 &&
	       offsetof(HTTP_SERVER_AUTHENTICATION_INFO, ReceiveMutualAuth) == 8 &&
	       offsetof(HTTP_SERVER_AUTHENTICATION_INFO, ReceiveContextHandle) == 9 &&
	       offsetof(HTTP_SERVER_AUTHENTICATION_INFO,
			DisableNTLMCredentialCaching) == 10 &&
	       offsetof(HTTP_SERVER_AUTHENTICATION_INFO, ExFlags) == 11 &&
	       offsetof(HTTP_SERVER_AUTHENTICATION_INFO, DigestParams) == 16 &&
	       offsetof(HTTP_SERVER_AUTHENTICATION_INFO, BasicParams) == 48,
	       "HTTP_SERVER_AUTHENTICATION_INFO offsets");

static void test_init(void)
{
	HTTPAPI_VERSION v3 = { 3, 0 }, v11 = { 1, 1 };
	HTTP_STATE_INFO state = { { 1 }, HttpEnabledStateActive };
	HTTP_SERVER_SESSION_ID id = 0;
	HANDLE h = NULL;

	CHECK(HttpCreateHttpHandle(&h, 0) == ERROR_DLL_INIT_FAILED,
	      "init: calls before HttpInitialize fail with ERROR_DLL_INIT_FAILED");
	CHECK(HttpCreateServerSession(HTTPAPI_VERSION_2, &id, 0) ==
	      ERROR_DLL_INIT_FAILED &&
	      HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0, &h) ==
	      ERROR_DLL_INIT_FAILED &&
	      HttpCloseServerSession(1) == ERROR_DLL_INIT_FAILED &&
	      HttpSetServerSessionProperty(1, HttpServerStateProperty, &state,
					   sizeof(state)) == ERROR_DLL_INIT_FAILED,
	      "init: v2 calls before HttpInitialize fail with ERROR_DLL_INIT_FAILED");
	CHECK(HttpInitialize(v3, HTTP_INITIALIZE_SERVER, NULL) == ERROR_REVISION_MISMATCH &&
	      HttpInitialize(v11, HTTP_INITIALIZE_SERVER, NULL) == ERROR_REVISION_MISMATCH,
	      "init: versions other than 1.0 and 2.0 refused");
	CHECK(HttpInitialize(HTTPAPI_VERSION_1, 0, NULL) == ERROR_INVALID_PARAMETER &&
	      HttpInitialize(HTTPAPI_VERSION_1, 0x4, NULL) == ERROR_INVALID_PARAMETER,
	      "init: empty or unknown flags refused");
	CHECK(HttpInitialize(HTTPAPI_VERSION_1, HTTP_INITIALIZE_SERVER, &h) ==
	      ERROR_INVALID_PARAMETER, "init: non-NULL reserved refused");
	CHECK(HttpTerminate(HTTP_INITIALIZE_SERVER, NULL) == ERROR_DLL_INIT_FAILED,
	      "init: terminate without initialize fails");
	CHECK(HttpInitialize(HTTPAPI_VERSION_2, HTTP_INITIALIZE_SERVER, NULL) == NO_ERROR,
	      "init: version 2.0 accepted");
}

static void test_argument_checks(void)
{
	HTTP_REQUEST_V1 small;
	UCHAR buffer[sizeof(HTTP_REQUEST) + 16] __attribute__((aligned(8)));
	HANDLE bad = lib_fd_handle(1000);
	ULONG got = 0;
	char body[4];

	CHECK(HttpReceiveHttpRequest(bad, HTTP_NULL_ID, 0, (PHTTP_REQUEST)&small,
				     sizeof(small) - 1, &got, NULL) ==
	      ERROR_INSUFFICIENT_BUFFER,
	      "receive: buffer smaller than HTTP_REQUEST_V1 refused first");
	CHECK(HttpReceiveHttpRequest(bad, HTTP_NULL_ID, 0,
				     (PHTTP_REQUEST)(buffer + 4), sizeof(HTTP_REQUEST),
				     &got, NULL) == ERROR_NOACCESS,
	      "receive: misaligned buffer gives ERROR_NOACCESS");
	CHECK(HttpReceiveHttpRequest(bad, HTTP_NULL_ID, 0x10, (PHTTP_REQUEST)buffer,
				     sizeof(buffer), &got, NULL) ==
	      ERROR_INVALID_PARAMETER, "receive: unknown flags refused");
	CHECK(HttpReceiveHttpRequest(NULL, HTTP_NULL_ID, 0, (PHTTP_REQUEST)buffer,
				     sizeof(buffer), &got, NULL) == ERROR_INVALID_HANDLE,
	      "receive: NULL handle refused");
	CHECK(HttpReceiveRequestEntityBody(bad, HTTP_NULL_ID, 0, body, sizeof(body),
					   &got, NULL) == ERROR_CONNECTION_INVALID,
	      "body: HTTP_NULL_ID gives ERROR_CONNECTION_INVALID");
	CHECK(HttpAddUrl(bad, L"http://+:80", NULL) == ERROR_INVALID_PARAMETER &&
	      HttpAddUrl(bad, L"http://+:80/a?b", NULL) == ERROR_INVALID_PARAMETER,
	      "add: prefix syntax checked before the kernel");
	CHECK(HttpAddUrl(bad, L"http://+:80/", &got) == ERROR_INVALID_PARAMETER,
	      "add: non-NULL reserved refused");
	CHECK(HttpRemoveUrl(NULL, L"http://+:80/") == ERROR_INVALID_PARAMETER &&
	      HttpRemoveUrl(lib_fd_handle(1000), L"http://+:80/") ==
	      ERROR_INVALID_HANDLE,
	      "remove: a NULL queue is ERROR_INVALID_PARAMETER, as on Windows");
	CHECK(!CloseHandle(NULL) && !CloseHandle(INVALID_HANDLE_VALUE),
	      "close: invalid handles refused");
	CHECK(HttpQueueFd(lib_fd_handle(7)) == 7 && HttpQueueFd(NULL) == -1,
	      "handle: the fd round-trips and NULL has none");
}

static void test_send_checks(void)
{
	HTTP_RESPONSE resp;
	HTTP_DATA_CHUNK chunk;
	HANDLE bad = lib_fd_handle(1000);

	memset(&resp, 0, sizeof(resp));
	resp.StatusCode = 99;
	CHECK(HttpSendHttpResponse(bad, 1, 0, &resp, NULL, NULL, NULL, 0, NULL, NULL) ==
	      ERROR_INVALID_PARAMETER, "send: status below 100 refused");
	resp.StatusCode = 200;
	resp.pReason = "O\r\nK";
	resp.ReasonLength = 4;
	CHECK(HttpSendHttpResponse(bad, 1, 0, &resp, NULL, NULL, NULL, 0, NULL, NULL) ==
	      ERROR_INVALID_PARAMETER, "send: CR LF in the reason refused");
	resp.ReasonLength = 0;
	CHECK(HttpSendHttpResponse(bad, HTTP_NULL_ID, 0, &resp, NULL, NULL, NULL, 0,
				   NULL, NULL) == ERROR_CONNECTION_INVALID,
	      "send: HTTP_NULL_ID gives ERROR_CONNECTION_INVALID");
	CHECK(HttpSendHttpResponse(bad, 1, 0x1000, &resp, NULL, NULL, NULL, 0, NULL,
				   NULL) == ERROR_INVALID_PARAMETER,
	      "send: unknown flags refused");
	memset(&chunk, 0, sizeof(chunk));
	chunk.DataChunkType = HttpDataChunkTrailers;
	resp.EntityChunkCount = 1;
	resp.pEntityChunks = &chunk;
	CHECK(HttpSendHttpResponse(bad, 1, 0, &resp, NULL, NULL, NULL, 0, NULL, NULL) ==
	      ERROR_NOT_SUPPORTED, "send: trailer chunks not supported");
	CHECK(HttpSendHttpResponse(bad, 1, 0, NULL, NULL, NULL, NULL, 0, NULL, NULL) ==
	      ERROR_INVALID_PARAMETER, "send: NULL response refused");
}

/* One send of @resp with @chunk (and @policy); its result. */
static ULONG send_with(HTTP_RESPONSE *resp, HTTP_DATA_CHUNK *chunk,
		       HTTP_CACHE_POLICY *policy)
{
	resp->EntityChunkCount = 1;
	resp->pEntityChunks = chunk;
	return HttpSendHttpResponse(lib_fd_handle(1000), 1, 0, resp, policy, NULL,
				    NULL, 0, NULL, NULL);
}

/*
 * The cache calls' checks and the send's cache arguments.  A call that
 * passes them reaches the kernel: the ioctl on fd 1000, not open, says
 * ERROR_INVALID_HANDLE.
 */
static void test_cache_checks(void)
{
	static const WCHAR name[] = L"http://+:80/frag/a";
	HANDLE bad = lib_fd_handle(1000);
	HTTP_CACHE_POLICY policy = { HttpCachePolicyUserInvalidates, 0 };
	HTTP_BYTE_RANGE range = { .StartingOffset.QuadPart = 2,
				  .Length.QuadPart = 3 };
	HTTP_DATA_CHUNK chunk;
	HTTP_RESPONSE resp;
	__u32 kind = 9, seconds = 9;
	ULONG got = 0;
	char buf[8];

	memset(&resp, 0, sizeof(resp));
	resp.StatusCode = 200;
	memset(&chunk, 0, sizeof(chunk));
	chunk.DataChunkType = HttpDataChunkFromFragmentCache;
	chunk.FromFragmentCache.pFragmentName = name;
	chunk.FromFragmentCache.FragmentNameLength = sizeof(name) - sizeof(WCHAR);
	CHECK(send_with(&resp, &chunk, NULL) == ERROR_INVALID_HANDLE,
	      "send: a FromFragmentCache chunk reaches the kernel");
	chunk.FromFragmentCache.FragmentNameLength = 3;
	CHECK(send_with(&resp, &chunk, NULL) == ERROR_INVALID_PARAMETER,
	      "send: a fragment name length not in whole characters refused");
	chunk.FromFragmentCache.FragmentNameLength = 0;
	CHECK(send_with(&resp, &chunk, NULL) == ERROR_INVALID_PARAMETER,
	      "send: an empty fragment name refused");
	chunk.FromFragmentCache.FragmentNameLength = 11 * sizeof(WCHAR);
	CHECK(send_with(&resp, &chunk, NULL) == ERROR_INVALID_PARAMETER,
	      "send: a fragment name that is not a URL (\"http://+:80\") refused");
	memset(&chunk, 0, sizeof(chunk));
	chunk.DataChunkType = HttpDataChunkFromFragmentCacheEx;
	chunk.FromFragmentCacheEx.ByteRange = range;
	CHECK(send_with(&resp, &chunk, NULL) == ERROR_INVALID_PARAMETER,
	      "send: a FromFragmentCacheEx chunk without a name refused");
	chunk.FromFragmentCacheEx.pFragmentName = name;
	CHECK(send_with(&resp, &chunk, NULL) == ERROR_INVALID_HANDLE,
	      "send: a FromFragmentCacheEx chunk reaches the kernel");
	policy.Policy = HttpCachePolicyMaximum;
	CHECK(send_with(&resp, &chunk, &policy) == ERROR_INVALID_PARAMETER,
	      "send: cache policy HttpCachePolicyMaximum refused");
	policy.Policy = HttpCachePolicyTimeToLive;
	CHECK(send_with(&resp, &chunk, &policy) == ERROR_INVALID_HANDLE,
	      "send: a TimeToLive cache policy reaches the kernel");
	policy.SecondsToLive = 30;
	CHECK(!lib_cache_policy_in(&policy, &kind, &seconds) &&
	      kind == HTTPSYS_CACHE_TIME_TO_LIVE && seconds == 30,
	      "cache policy: TimeToLive passes its seconds");
	policy.Policy = HttpCachePolicyUserInvalidates;
	CHECK(!lib_cache_policy_in(&policy, &kind, &seconds) &&
	      kind == HTTPSYS_CACHE_USER_INVALIDATES && seconds == 0,
	      "cache policy: UserInvalidates has no seconds");

	CHECK(HttpFlushResponseCache(NULL, name, 0, NULL) == ERROR_INVALID_HANDLE,
	      "flush: NULL handle refused");
	CHECK(HttpFlushResponseCache(bad, name, 2, NULL) == ERROR_INVALID_PARAMETER,
	      "flush: unknown flags refused");
	CHECK(HttpFlushResponseCache(bad, NULL, 0, NULL) == ERROR_INVALID_PARAMETER &&
	      HttpFlushResponseCache(bad, L"http://+:80", 0, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpFlushResponseCache(bad, L"/frag/", 0, NULL) ==
	      ERROR_INVALID_PARAMETER,
	      "flush: no URL, or one without a path or scheme, refused");
	CHECK(HttpFlushResponseCache(bad, name, HTTP_FLUSH_RESPONSE_FLAG_RECURSIVE,
				     NULL) == ERROR_INVALID_HANDLE,
	      "flush: RECURSIVE reaches the kernel");

	memset(&chunk, 0, sizeof(chunk));
	chunk.DataChunkType = HttpDataChunkFromMemory;
	chunk.FromMemory.pBuffer = buf;
	chunk.FromMemory.BufferLength = sizeof(buf);
	CHECK(HttpAddFragmentToCache(bad, name, NULL, &policy, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpAddFragmentToCache(bad, name, &chunk, NULL, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpAddFragmentToCache(bad, NULL, &chunk, &policy, NULL) ==
	      ERROR_INVALID_PARAMETER,
	      "add fragment: no chunk, policy or name refused");
	policy.Policy = HttpCachePolicyNocache;
	CHECK(HttpAddFragmentToCache(bad, name, &chunk, &policy, NULL) ==
	      ERROR_INVALID_PARAMETER, "add fragment: Nocache refused");
	policy.Policy = HttpCachePolicyMaximum;
	CHECK(HttpAddFragmentToCache(bad, name, &chunk, &policy, NULL) ==
	      ERROR_INVALID_PARAMETER, "add fragment: HttpCachePolicyMaximum refused");
	policy.Policy = HttpCachePolicyUserInvalidates;
	CHECK(HttpAddFragmentToCache(bad, name, &chunk, &policy, NULL) ==
	      ERROR_INVALID_HANDLE, "add fragment: a memory chunk reaches the kernel");
	chunk.FromMemory.pBuffer = NULL;
	CHECK(HttpAddFragmentToCache(bad, name, &chunk, &policy, NULL) ==
	      ERROR_INVALID_PARAMETER, "add fragment: NULL memory with a length refused");
	chunk.DataChunkType = HttpDataChunkFromFragmentCacheEx;
	chunk.FromFragmentCacheEx.pFragmentName = name;
	CHECK(HttpAddFragmentToCache(bad, name, &chunk, &policy, NULL) ==
	      ERROR_INVALID_PARAMETER, "add fragment: a fragment chunk refused");
	chunk.DataChunkType = HttpDataChunkFromFileHandle;
	chunk.FromFileHandle.FileHandle = NULL;
	CHECK(HttpAddFragmentToCache(bad, name, &chunk, &policy, NULL) ==
	      ERROR_INVALID_HANDLE, "add fragment: a NULL file handle refused");

	CHECK(HttpReadFragmentFromCache(bad, name, NULL, buf, sizeof(buf), NULL,
					NULL) == ERROR_INVALID_PARAMETER,
	      "read fragment: a synchronous call without pBytesRead refused");
	CHECK(HttpReadFragmentFromCache(bad, name, NULL, NULL, 4, &got, NULL) ==
	      ERROR_INVALID_PARAMETER,
	      "read fragment: NULL buffer with a length refused");
	CHECK(HttpReadFragmentFromCache(bad, L"frag", NULL, buf, sizeof(buf), &got,
					NULL) == ERROR_INVALID_PARAMETER,
	      "read fragment: a name that is not a URL refused");
	CHECK(HttpReadFragmentFromCache(bad, name, &range, buf, sizeof(buf), &got,
					NULL) == ERROR_INVALID_HANDLE &&
	      HttpReadFragmentFromCache(bad, name, NULL, NULL, 0, &got, NULL) ==
	      ERROR_INVALID_HANDLE,
	      "read fragment: a range, or no buffer to learn the size, reach the kernel");
}

static void test_v2_checks(void)
{
	HTTPAPI_VERSION v3 = { 3, 0 }, v11 = { 1, 1 };
	SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, FALSE };
	const ULONG open_existing = HTTP_CREATE_REQUEST_QUEUE_FLAG_OPEN_EXISTING;
	HTTP_SERVER_SESSION_ID id = 0;
	HTTP_URL_GROUP_ID group = 42;
	HANDLE h = NULL, bad = lib_fd_handle(1000);
	WCHAR name[MAX_PATH + 2];
	int i;

	CHECK(HttpCreateServerSession(v3, &id, 0) == ERROR_REVISION_MISMATCH &&
	      HttpCreateServerSession(v11, &id, 0) == ERROR_REVISION_MISMATCH,
	      "session: versions other than 1.0 and 2.0 refused");
	CHECK(HttpCreateServerSession(HTTPAPI_VERSION_2, NULL, 0) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpCreateServerSession(HTTPAPI_VERSION_2, &id, 1) ==
	      ERROR_INVALID_PARAMETER && id == 0,
	      "session: NULL ID or non-zero reserved refused");
	/* No session was created, so there is no control handle yet. */
	CHECK(HttpCloseServerSession(0xdead) == ERROR_INVALID_PARAMETER &&
	      HttpCloseUrlGroup(0xdead) == ERROR_INVALID_PARAMETER,
	      "session: closing an unknown ID gives ERROR_INVALID_PARAMETER");
	CHECK(HttpCreateUrlGroup(0xdead, &group, 0) == ERROR_INVALID_PARAMETER &&
	      group == 42, "group: unknown session refused, output untouched");
	CHECK(HttpCreateUrlGroup(0xdead, NULL, 0) == ERROR_INVALID_PARAMETER &&
	      HttpCreateUrlGroup(0xdead, &group, 1) == ERROR_INVALID_PARAMETER,
	      "group: NULL ID or non-zero reserved refused");
	CHECK(HttpAddUrlToUrlGroup(0, L"http://+:80/", 1, 0) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpAddUrlToUrlGroup(7, L"http://+:80/", 1, 1) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpAddUrlToUrlGroup(7, L"http://+:80", 1, 0) ==
	      ERROR_INVALID_PARAMETER,
	      "group add: group 0, reserved and a bad prefix refused");
	CHECK(HttpRemoveUrlFromUrlGroup(7, L"http://+:80/",
					HTTP_URL_FLAG_REMOVE_ALL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpRemoveUrlFromUrlGroup(7, NULL, 0) == ERROR_INVALID_PARAMETER &&
	      HttpRemoveUrlFromUrlGroup(7, NULL, 2) == ERROR_INVALID_PARAMETER,
	      "group remove: a URL with REMOVE_ALL, none without, unknown flags refused");

	CHECK(HttpCreateRequestQueue(v3, NULL, NULL, 0, &h) ==
	      ERROR_REVISION_MISMATCH, "queue: version 3.0 refused");
	CHECK(HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0x4, &h) ==
	      ERROR_INVALID_PARAMETER,
	      "queue: NULL handle pointer or unknown flags refused");
	CHECK(HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, open_existing,
				     &h) == ERROR_INVALID_PARAMETER &&
	      HttpCreateRequestQueue(HTTPAPI_VERSION_2, L"", NULL, open_existing,
				     &h) == ERROR_INVALID_PARAMETER,
	      "queue: OPEN_EXISTING without a name refused");
	CHECK(HttpCreateRequestQueue(HTTPAPI_VERSION_2, L"q", &sa, open_existing,
				     &h) == ERROR_INVALID_PARAMETER,
	      "queue: OPEN_EXISTING with security attributes refused");
	CHECK(HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, open_existing |
				     HTTP_CREATE_REQUEST_QUEUE_FLAG_DELEGATION,
				     &h) == ERROR_INVALID_PARAMETER,
	      "queue: DELEGATION accepted, its OPEN_EXISTING needs a name");
	for (i = 0; i <= MAX_PATH; i++)
		name[i] = L'n';
	name[MAX_PATH + 1] = L'\0';
	CHECK(HttpCreateRequestQueue(HTTPAPI_VERSION_2, name, NULL, 0, &h) ==
	      ERROR_INVALID_PARAMETER,
	      "queue: a name over MAX_PATH characters refused");
	name[0] = 0xdc00;
	name[1] = L'\0';
	CHECK(HttpCreateRequestQueue(HTTPAPI_VERSION_2, name, NULL, 0, &h) ==
	      ERROR_INVALID_PARAMETER, "queue: a name that is not Unicode refused");
	CHECK(h == NULL, "queue: the handle is untouched by refused calls");
	CHECK(HttpCloseRequestQueue(NULL) == ERROR_INVALID_HANDLE &&
	      HttpShutdownRequestQueue(NULL) == ERROR_INVALID_HANDLE,
	      "queue: NULL handle refused by close and shutdown");
	CHECK(HttpShutdownRequestQueue(bad) == ERROR_INVALID_HANDLE,
	      "queue: shutdown of a closed descriptor gives ERROR_INVALID_HANDLE");
}

/* Property calls through the API, on what returns before the kernel. */
static void test_property_checks(void)
{
	HANDLE bad = lib_fd_handle(1000);
	ULONG length = 100, got = 0;
	HTTP_QOS_SETTING_INFO qos = { HttpQosSettingTypeBandwidth, NULL };
	HTTP_LOGGING_INFO log;
	HTTP_STATE_INFO state = { { 1 }, HttpEnabledStateActive };

	CHECK(HttpSetRequestQueueProperty(bad, HttpServerQueueLengthProperty,
					  &length, sizeof(length) - 1, 0, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpSetRequestQueueProperty(bad, HttpServerQueueLengthProperty,
					  &length, sizeof(length), 0, NULL) ==
	      ERROR_INVALID_HANDLE,
	      "queue property: a wrong length is refused before the kernel is asked");
	CHECK(HttpSetRequestQueueProperty(bad, HttpServerQueueLengthProperty,
					  &length, sizeof(length), 1, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpQueryRequestQueueProperty(bad, HttpServerQueueLengthProperty,
					    &length, sizeof(length), 0, &got,
					    &got) == ERROR_INVALID_PARAMETER,
	      "queue property: reserved arguments refused");
	CHECK(HttpSetRequestQueueProperty(NULL, HttpServerQueueLengthProperty,
					  &length, sizeof(length), 0, NULL) ==
	      ERROR_INVALID_HANDLE, "queue property: NULL handle refused");
	CHECK(HttpSetRequestQueueProperty(bad, HttpServerQueueLengthProperty,
					  NULL, sizeof(length), 0, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpQueryRequestQueueProperty(bad, HttpServerQueueLengthProperty,
					    NULL, sizeof(length), 0, &got, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpQueryRequestQueueProperty(bad, HttpServerQueueLengthProperty,
					    &length, 0, 0, &got, NULL) ==
	      ERROR_INVALID_PARAMETER,
	      "queue property: NULL information or a zero length refused");
	CHECK(HttpSetRequestQueueProperty(bad, HttpServerTimeoutsProperty,
					  &length, sizeof(length), 0, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpSetRequestQueueProperty(bad, HttpServerStateProperty, &state,
					  sizeof(state), 0, NULL) ==
	      ERROR_INVALID_PARAMETER,
	      "queue property: timeouts, and state as HTTP_STATE_INFO, refused");
	CHECK(HttpSetRequestQueueProperty(bad, HttpServerDelegationProperty,
					  &length, sizeof(length), 0, NULL) ==
	      ERROR_NOT_SUPPORTED &&
	      HttpSetServerSessionProperty(1, HttpServerChannelBindProperty,
					   &length, sizeof(length)) ==
	      ERROR_NOT_SUPPORTED,
	      "property: delegation and channel binding not supported");
	CHECK(HttpSetUrlGroupProperty(1, HttpServerExtendedAuthenticationProperty,
				      &length, sizeof(length)) ==
	      ERROR_INVALID_PARAMETER,
	      "property: extended auth takes HTTP_SERVER_AUTHENTICATION_INFO");

	memset(&log, 0, sizeof(log));
	log.Flags.Present = 1;
	log.DirectoryName = L"/nonexistent/app";
	log.DirectoryNameLength = 16 * sizeof(WCHAR);
	log.Fields = HTTP_LOG_FIELD_DATE | HTTP_LOG_FIELD_URI;
	log.RolloverType = HttpLoggingRolloverDaily;
	CHECK(HttpSetServerSessionProperty(1, HttpServerLoggingProperty, &log,
					   sizeof(log)) == ERROR_PATH_NOT_FOUND &&
	      HttpSetUrlGroupProperty(1, HttpServerLoggingProperty, &log,
				      sizeof(log)) == ERROR_PATH_NOT_FOUND,
	      "logging: a missing directory refused before the kernel is asked");
	CHECK(HttpQueryServerSessionProperty(1, HttpServerLoggingProperty, &log,
					     sizeof(log), &got) ==
	      ERROR_INVALID_PARAMETER, "logging: cannot be queried, as on Windows");
	got = 0;
	CHECK(HttpQueryServerSessionProperty(1, HttpServerQosProperty, &qos,
					     sizeof(qos), &got) == ERROR_MORE_DATA &&
	      got == sizeof(qos) + sizeof(HTTP_BANDWIDTH_LIMIT_INFO),
	      "qos: a query needs room for the limit after the setting");
}

/* Service configuration through the API, on what returns before the kernel. */
static void test_config_checks(void)
{
	HTTP_SERVICE_CONFIG_URLACL_SET set = {
		{ L"http://+:80/app/" }, { L"D:(A;;GX;;;WD)" }
	};
	HTTP_SERVICE_CONFIG_URLACL_QUERY q = {
		HttpServiceConfigQueryExact, { L"http://+:80/app/" }, 0
	};
	const HTTP_SERVICE_CONFIG_ID acl = HttpServiceConfigUrlAclInfo;
	HANDLE bad = lib_fd_handle(1000);
	OVERLAPPED ov;
	ULONG got = 7;
	union {
		HTTP_SERVICE_CONFIG_URLACL_SET set;
		UCHAR bytes[256];
	} answer;

	memset(&ov, 0, sizeof(ov));
	CHECK(HttpSetServiceConfiguration(NULL, acl, &set, sizeof(set), NULL) ==
	      ERROR_DLL_INIT_FAILED &&
	      HttpDeleteServiceConfiguration(NULL, acl, &set, sizeof(set), NULL) ==
	      ERROR_DLL_INIT_FAILED &&
	      HttpQueryServiceConfiguration(NULL, acl, &q, sizeof(q), &answer,
					    sizeof(answer), &got, NULL) ==
	      ERROR_DLL_INIT_FAILED,
	      "config: without HTTP_INITIALIZE_CONFIG, ERROR_DLL_INIT_FAILED");
	CHECK(HttpInitialize(HTTPAPI_VERSION_1, HTTP_INITIALIZE_CONFIG, NULL) ==
	      NO_ERROR, "config: HttpInitialize(HTTP_INITIALIZE_CONFIG)");
	CHECK(HttpSetServiceConfiguration(bad, acl, &set, sizeof(set), NULL) ==
	      ERROR_INVALID_HANDLE &&
	      HttpQueryServiceConfiguration(bad, acl, &q, sizeof(q), NULL, 0, &got,
					    NULL) == ERROR_INVALID_HANDLE,
	      "config: a service handle gives ERROR_INVALID_HANDLE");
	CHECK(HttpSetServiceConfiguration(NULL, acl, &set, sizeof(set), &ov) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpDeleteServiceConfiguration(NULL, acl, &set, sizeof(set), &ov) ==
	      ERROR_INVALID_PARAMETER,
	      "config: an OVERLAPPED refused");
	CHECK(HttpSetServiceConfiguration(NULL, HttpServiceConfigMax, &set,
					  sizeof(set), NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpDeleteServiceConfiguration(NULL, (HTTP_SERVICE_CONFIG_ID)-1, &set,
					     sizeof(set), NULL) ==
	      ERROR_INVALID_PARAMETER,
	      "config: IDs out of range give ERROR_INVALID_PARAMETER");
	CHECK(HttpSetServiceConfiguration(NULL, HttpServiceConfigSSLCertInfo, &set,
					  sizeof(set), NULL) == ERROR_NOT_SUPPORTED &&
	      HttpQueryServiceConfiguration(NULL, HttpServiceConfigCache, &q,
					    sizeof(q), NULL, 0, &got, NULL) ==
	      ERROR_NOT_SUPPORTED &&
	      HttpDeleteServiceConfiguration(NULL,
					     HttpServiceConfigSslScopedCcsCertInfoEx,
					     &set, sizeof(set), NULL) ==
	      ERROR_NOT_SUPPORTED,
	      "config: Windows' other IDs give ERROR_NOT_SUPPORTED");
	CHECK(HttpSetServiceConfiguration(NULL, acl, &set, sizeof(set) - 1, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpSetServiceConfiguration(NULL, acl, &set, sizeof(set) + 8, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpSetServiceConfiguration(NULL, acl, NULL, sizeof(set), NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpQueryServiceConfiguration(NULL, acl, &q, sizeof(q) - 4, NULL, 0,
					    &got, NULL) == ERROR_INVALID_PARAMETER,
	      "config: a wrong length or no struct refused");
	set.KeyDesc.pUrlPrefix = L"http://+:80";
	CHECK(HttpSetServiceConfiguration(NULL, acl, &set, sizeof(set), NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpDeleteServiceConfiguration(NULL, acl, &set, sizeof(set), NULL) ==
	      ERROR_INVALID_PARAMETER, "config: a prefix without a path refused");
	set.KeyDesc.pUrlPrefix = NULL;
	CHECK(HttpSetServiceConfiguration(NULL, acl, &set, sizeof(set), NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpDeleteServiceConfiguration(NULL, acl, &set, sizeof(set), NULL) ==
	      ERROR_INVALID_PARAMETER, "config: no prefix refused");
	set.KeyDesc.pUrlPrefix = L"http://+:80/app/";
	set.ParamDesc.pStringSecurityDescriptor = L"D:(A;;GX;;;NS)";
	CHECK(HttpSetServiceConfiguration(NULL, acl, &set, sizeof(set), NULL) ==
	      ERROR_INVALID_PARAMETER, "config: an SID we cannot map refused");
	set.ParamDesc.pStringSecurityDescriptor = L"D:(A;;GX;;;WD)\u00e9";
	CHECK(HttpSetServiceConfiguration(NULL, acl, &set, sizeof(set), NULL) ==
	      ERROR_INVALID_PARAMETER, "config: text after the ACEs refused");
	set.ParamDesc.pStringSecurityDescriptor = NULL;
	CHECK(HttpSetServiceConfiguration(NULL, acl, &set, sizeof(set), NULL) ==
	      ERROR_INVALID_PARAMETER, "config: set without a descriptor refused");
	q.QueryDesc = HttpServiceConfigQueryMax;
	CHECK(HttpQueryServiceConfiguration(NULL, acl, &q, sizeof(q), &answer,
					    sizeof(answer), &got, NULL) ==
	      ERROR_INVALID_PARAMETER, "query: QueryMax refused");
	q.QueryDesc = HttpServiceConfigQueryExact;
	q.KeyDesc.pUrlPrefix = L"http://+:80/a?b";
	CHECK(HttpQueryServiceConfiguration(NULL, acl, &q, sizeof(q), &answer,
					    sizeof(answer), &got, NULL) ==
	      ERROR_INVALID_PARAMETER, "query: exact with a bad prefix refused");
	q.KeyDesc.pUrlPrefix = L"http://+:80/";
	CHECK(HttpQueryServiceConfiguration(NULL, acl, &q, sizeof(q), NULL,
					    sizeof(answer), &got, NULL) ==
	      ERROR_INVALID_PARAMETER, "query: a length without a buffer refused");
	CHECK(HttpQueryServiceConfiguration(NULL, acl, &q, sizeof(q),
					    answer.bytes + 4, 64, &got, NULL) ==
	      ERROR_NOACCESS && got == 7,
	      "query: a misaligned buffer gives ERROR_NOACCESS, length untouched");
	CHECK(HttpTerminate(HTTP_INITIALIZE_CONFIG, NULL) == NO_ERROR &&
	      HttpSetServiceConfiguration(NULL, acl, &set, sizeof(set), NULL) ==
	      ERROR_DLL_INIT_FAILED,
	      "config: ERROR_DLL_INIT_FAILED again after HttpTerminate");
}

/* HttpServiceConfigTimeout: what is refused before the kernel is asked. */
static void test_timeout_checks(void)
{
	const HTTP_SERVICE_CONFIG_ID id = HttpServiceConfigTimeout;
	HTTP_SERVICE_CONFIG_TIMEOUT_SET set = { HeaderWaitTimeout, 7 };
	HTTP_SERVICE_CONFIG_TIMEOUT_KEY key = IdleConnectionTimeout;
	HTTP_SERVICE_CONFIG_TIMEOUT_PARAM param = 0x5a5a;
	HANDLE bad = lib_fd_handle(1000);
	OVERLAPPED ov;
	ULONG got = 0;

	memset(&ov, 0, sizeof(ov));
	CHECK(HttpSetServiceConfiguration(NULL, id, &set, sizeof(set), NULL) ==
	      ERROR_DLL_INIT_FAILED &&
	      HttpQueryServiceConfiguration(NULL, id, &key, sizeof(key), &param,
					    sizeof(param), &got, NULL) ==
	      ERROR_DLL_INIT_FAILED,
	      "timeout: without HTTP_INITIALIZE_CONFIG, ERROR_DLL_INIT_FAILED");
	CHECK(HttpInitialize(HTTPAPI_VERSION_2, HTTP_INITIALIZE_CONFIG, NULL) ==
	      NO_ERROR, "timeout: HttpInitialize(HTTP_INITIALIZE_CONFIG)");
	CHECK(HttpSetServiceConfiguration(bad, id, &set, sizeof(set), NULL) ==
	      ERROR_INVALID_HANDLE &&
	      HttpSetServiceConfiguration(NULL, id, &set, sizeof(set), &ov) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpDeleteServiceConfiguration(NULL, id, &set, sizeof(set), &ov) ==
	      ERROR_INVALID_PARAMETER,
	      "timeout: a service handle or an OVERLAPPED refused");
	CHECK(HttpSetServiceConfiguration(NULL, id, &set, sizeof(set) - 1, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpSetServiceConfiguration(NULL, id, &set, sizeof(set) + 1, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpSetServiceConfiguration(NULL, id, NULL, sizeof(set), NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpDeleteServiceConfiguration(NULL, id, &set, sizeof(key), NULL) ==
	      ERROR_INVALID_PARAMETER,
	      "timeout: set and delete take exactly an HTTP_SERVICE_CONFIG_TIMEOUT_SET");
	set.ParamDesc = 0;
	CHECK(HttpSetServiceConfiguration(NULL, id, &set, sizeof(set), NULL) ==
	      ERROR_INVALID_PARAMETER, "timeout: setting 0 seconds refused");
	set.ParamDesc = 30;
	set.KeyDesc = (HTTP_SERVICE_CONFIG_TIMEOUT_KEY)2;
	CHECK(HttpSetServiceConfiguration(NULL, id, &set, sizeof(set), NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpDeleteServiceConfiguration(NULL, id, &set, sizeof(set), NULL) ==
	      ERROR_INVALID_PARAMETER,
	      "timeout: set and delete of an unknown key refused");
	key = (HTTP_SERVICE_CONFIG_TIMEOUT_KEY)-1;
	CHECK(HttpQueryServiceConfiguration(NULL, id, &key, sizeof(key), &param,
					    sizeof(param), &got, NULL) ==
	      ERROR_INVALID_PARAMETER, "timeout: query of an unknown key refused");
	key = HeaderWaitTimeout;
	CHECK(HttpQueryServiceConfiguration(NULL, id, &key, sizeof(key) + 4,
					    &param, sizeof(param), &got, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpQueryServiceConfiguration(NULL, id, NULL, sizeof(key), &param,
					    sizeof(param), &got, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpQueryServiceConfiguration(NULL, id, &key, sizeof(key), NULL,
					    sizeof(param), &got, NULL) ==
	      ERROR_INVALID_PARAMETER,
	      "timeout: query takes a key, and a buffer with its length");
	got = 0;
	CHECK(HttpQueryServiceConfiguration(NULL, id, &key, sizeof(key), &param,
					    1, &got, NULL) ==
	      ERROR_INSUFFICIENT_BUFFER && got == sizeof(param) && param == 0x5a5a,
	      "timeout: one byte gives ERROR_INSUFFICIENT_BUFFER and the size, "
	      "nothing written");
	got = 0;
	CHECK(HttpQueryServiceConfiguration(NULL, id, &key, sizeof(key), NULL, 0,
					    &got, NULL) ==
	      ERROR_INSUFFICIENT_BUFFER && got == sizeof(param),
	      "timeout: no buffer gives ERROR_INSUFFICIENT_BUFFER and the size");
	CHECK(HttpTerminate(HTTP_INITIALIZE_CONFIG, NULL) == NO_ERROR,
	      "timeout: HttpTerminate");
}

static int sddl(const char *s, struct httpsys_ace *aces)
{
	return lib_sddl_parse(s, strlen(s), aces);
}

static int ace_is(const struct httpsys_ace *a, __u32 type, __u32 id,
		  __u32 rights)
{
	return a->type == type && a->id == id && a->rights == rights &&
	       !a->reserved;
}

static void test_sddl(void)
{
	static const char *const bad[] = {
		"", "D:", "(A;;GX;;;WD)", "d:(A;;GX;;;WD)", "D:(a;;GX;;;WD)",
		"D: (A;;GX;;;WD)", "D:(A;;GX;;;WD) ", "D:(A; ;GX;;;WD)",
		"D:P(A;;GX;;;WD)", "O:BAD:(A;;GX;;;WD)",
		"D:(D;;GX;;;WD)", "D:(AU;;GX;;;WD)", "D:(A;CI;GX;;;WD)",
		"D:(A;;;;;WD)", "D:(A;;GR;;;WD)", "D:(A;;GXGR;;;WD)", "D:(A;;gx;;;WD)",
		"D:(A;;0x20000000;;;WD)", "D:(A;;GX;x;;WD)", "D:(A;;GX;;x;WD)",
		"D:(A;;GX;;;)", "D:(A;;GX;;;NS)", "D:(A;;GX;;;AU)", "D:(A;;GX;;;wd)",
		"D:(A;;GX;;;S-1-5-18)", "D:(A;;GX;;;S-1-22-3-5)",
		"D:(A;;GX;;;S-1-22-1-)", "D:(A;;GX;;;S-1-22-1-01)",
		"D:(A;;GX;;;S-1-22-1--1)", "D:(A;;GX;;;S-1-22-1-1x)",
		"D:(A;;GX;;;S-1-22-1-4294967295)", "D:(A;;GX;;;S-1-22-2-99999999999)",
		"D:(A;;GX;;;WD", "D:(A;;GX;;;WD;)", "D:(A;;GX;;;WD)x",
		"D:(A;;GX;;;WD)(", "D:(A;;GX;;;WD)D:(A;;GX;;;WD)",
	};
	struct httpsys_ace aces[HTTPSYS_MAX_ACES];
	char many[40 * (HTTPSYS_MAX_ACES + 1)];
	size_t i;
	int ok = 1;

	CHECK(sddl("D:(A;;GX;;;WD)", aces) == 1 &&
	      ace_is(&aces[0], HTTPSYS_ACE_EVERYONE, 0, HTTPSYS_RIGHT_LISTEN),
	      "sddl: GX for WD is listen for everyone");
	CHECK(sddl("D:(A;;GW;;;S-1-22-1-1500)", aces) == 1 &&
	      ace_is(&aces[0], HTTPSYS_ACE_USER, 1500, HTTPSYS_RIGHT_DELEGATE),
	      "sddl: GW for S-1-22-1-1500 is delegate for uid 1500");
	CHECK(sddl("D:(A;;GA;;;S-1-22-2-100)", aces) == 1 &&
	      ace_is(&aces[0], HTTPSYS_ACE_GROUP, 100,
		     HTTPSYS_RIGHT_LISTEN | HTTPSYS_RIGHT_DELEGATE),
	      "sddl: GA for S-1-22-2-100 is both rights for gid 100");
	CHECK(sddl("D:(A;;GXGW;;;BA)", aces) == 1 &&
	      ace_is(&aces[0], HTTPSYS_ACE_USER, 0,
		     HTTPSYS_RIGHT_LISTEN | HTTPSYS_RIGHT_DELEGATE) &&
	      sddl("D:(A;;GWGX;;;SY)", aces) == 1 &&
	      ace_is(&aces[0], HTTPSYS_ACE_USER, 0,
		     HTTPSYS_RIGHT_LISTEN | HTTPSYS_RIGHT_DELEGATE),
	      "sddl: GXGW and GWGX combine; BA and SY are root");
	CHECK(sddl("D:(A;;GX;;;S-1-22-1-0)(A;;GA;;;S-1-22-1-4294967294)"
		   "(A;;GW;;;S-1-22-2-0)", aces) == 3 &&
	      ace_is(&aces[0], HTTPSYS_ACE_USER, 0, HTTPSYS_RIGHT_LISTEN) &&
	      ace_is(&aces[1], HTTPSYS_ACE_USER, 4294967294U,
		     HTTPSYS_RIGHT_LISTEN | HTTPSYS_RIGHT_DELEGATE) &&
	      ace_is(&aces[2], HTTPSYS_ACE_GROUP, 0, HTTPSYS_RIGHT_DELEGATE),
	      "sddl: several ACEs in order; ids 0 and 4294967294");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (sddl(bad[i], aces) != -1) {
			CHECK(0, "sddl: \"%s\" refused", bad[i]);
			ok = 0;
		}
	}
	CHECK(ok, "sddl: %zu malformed or unsupported forms refused",
	      sizeof(bad) / sizeof(bad[0]));
	CHECK(lib_sddl_parse("D:(A;;GX;;;WD)\0", 15, aces) == -1 &&
	      lib_sddl_parse("D:(A;;GX;;;WD)", 13, aces) == -1,
	      "sddl: a NUL inside, or a truncated ACE, refused");
	strcpy(many, "D:");
	for (i = 0; i < HTTPSYS_MAX_ACES; i++)
		strcat(many, "(A;;GX;;;S-1-22-1-1000)");
	CHECK(sddl(many, aces) == HTTPSYS_MAX_ACES,
	      "sddl: HTTPSYS_MAX_ACES ACEs accepted");
	strcat(many, "(A;;GX;;;WD)");
	CHECK(sddl(many, aces) == -1, "sddl: one ACE more refused");
}

/* A query's answer: the SET first, its strings after it. */
static void test_urlacl_out(void)
{
	static const char url[] = "http://+:80/caf\xc3\xa9/", acl[] = "D:(A;;GX;;;WD)";
	const ULONG size = sizeof(HTTP_SERVICE_CONFIG_URLACL_SET) +
			   (18 + 15) * sizeof(WCHAR);	/* with their NULs */
	union {
		HTTP_SERVICE_CONFIG_URLACL_SET set;
		UCHAR bytes[256];
	} out;
	ULONG needed = 0;

	CHECK(lib_urlacl_out(url, strlen(url), acl, strlen(acl), NULL, 0,
			     &needed) == ERROR_INSUFFICIENT_BUFFER && needed == size,
	      "urlacl out: no buffer gives the size needed (%u)", (unsigned int)size);
	memset(&out, 0xcc, sizeof(out));
	needed = 0;
	CHECK(lib_urlacl_out(url, strlen(url), acl, strlen(acl), &out, size - 1,
			     &needed) == ERROR_INSUFFICIENT_BUFFER &&
	      needed == size && out.bytes[0] == 0xcc,
	      "urlacl out: one byte short is too small, nothing written");
	CHECK(lib_urlacl_out(url, strlen(url), acl, strlen(acl), &out, size,
			     &needed) == NO_ERROR && needed == size &&
	      (UCHAR *)out.set.KeyDesc.pUrlPrefix == out.bytes + sizeof(out.set) &&
	      !wcscmp(out.set.KeyDesc.pUrlPrefix, L"http://+:80/caf\u00e9/") &&
	      !wcscmp(out.set.ParamDesc.pStringSecurityDescriptor, L"D:(A;;GX;;;WD)") &&
	      (UCHAR *)(out.set.ParamDesc.pStringSecurityDescriptor + 15) ==
	      out.bytes + size,
	      "urlacl out: prefix and SDDL as wide strings inside the buffer");
	CHECK(lib_urlacl_out("http://+:80/\xff/", 15, acl, strlen(acl), &out,
			     sizeof(out), &needed) == ERROR_INVALID_DATA,
	      "urlacl out: text that is not UTF-8 refused");
}

static void test_property_translation(void)
{
	HTTP_TIMEOUT_LIMIT_INFO t = { { 1 }, 60, 30, 90, 45, 20, 300 };
	HTTP_STATE_INFO state = { { 0 }, HttpEnabledStateInactive };
	HTTP_ENABLED_STATE qstate = HttpEnabledStateInactive;
	HTTP_BANDWIDTH_LIMIT_INFO bw = { { 1 }, 4096 };
	HTTP_CONNECTION_LIMIT_INFO conn = { { 1 }, 10 };
	HTTP_QOS_SETTING_INFO qos = { HttpQosSettingTypeBandwidth, &bw };
	HTTP_BINDING_INFO binding = { { 1 }, lib_fd_handle(7) };
	HTTP_LOGGING_INFO log;
	union {
		HTTP_TIMEOUT_LIMIT_INFO t;
		HTTP_QOS_SETTING_INFO qos;
		UCHAR bytes[64];
	} out;
	struct lib_property kp;
	ULONG needed;

	CHECK(lib_property_in(HTTPSYS_OBJECT_SESSION, HttpServerTimeoutsProperty,
			      &t, sizeof(t), &kp) == NO_ERROR &&
	      kp.id == HTTPSYS_PROP_TIMEOUTS &&
	      kp.len == sizeof(struct httpsys_timeouts) &&
	      kp.value.timeouts.present == 1 && kp.value.timeouts.entity_body == 60 &&
	      kp.value.timeouts.drain_entity_body == 30 &&
	      kp.value.timeouts.request_queue == 90 &&
	      kp.value.timeouts.idle_connection == 45 &&
	      kp.value.timeouts.header_wait == 20 &&
	      kp.value.timeouts.min_send_rate == 300,
	      "timeouts: HTTP_TIMEOUT_LIMIT_INFO to the kernel's");
	CHECK(lib_property_out(HTTPSYS_OBJECT_GROUP, HttpServerTimeoutsProperty,
			       &kp, &out, sizeof(t) - 1, &needed) ==
	      ERROR_MORE_DATA && needed == sizeof(t),
	      "timeouts: a short buffer gives ERROR_MORE_DATA and the size");
	CHECK(lib_property_out(HTTPSYS_OBJECT_GROUP, HttpServerTimeoutsProperty,
			       &kp, &out, sizeof(out), &needed) == NO_ERROR &&
	      needed == sizeof(t) && out.t.Flags.Present && out.t.EntityBody == 60 &&
	      out.t.DrainEntityBody == 30 && out.t.RequestQueue == 90 &&
	      out.t.IdleConnection == 45 && out.t.HeaderWait == 20 &&
	      out.t.MinSendRate == 300,
	      "timeouts: the kernel's back to HTTP_TIMEOUT_LIMIT_INFO");

	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerStateProperty, &state,
			      sizeof(state), &kp) == ERROR_INVALID_PARAMETER,
	      "state: HTTP_STATE_INFO without Present refused");
	state.Flags.Present = 1;
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerStateProperty, &state,
			      sizeof(state), &kp) == NO_ERROR &&
	      kp.id == HTTPSYS_PROP_STATE && kp.len == 4 && kp.value.word == 1,
	      "state: a group's HTTP_STATE_INFO to a bare state");
	CHECK(lib_property_in(HTTPSYS_OBJECT_QUEUE, HttpServerStateProperty, &qstate,
			      sizeof(qstate), &kp) == NO_ERROR && kp.value.word == 1 &&
	      lib_property_in(HTTPSYS_OBJECT_SESSION, HttpServerStateProperty,
			      &qstate, sizeof(qstate), &kp) == ERROR_INVALID_PARAMETER,
	      "state: a queue takes a bare HTTP_ENABLED_STATE, a session does not");

	CHECK(lib_property_in(HTTPSYS_OBJECT_SESSION, HttpServerQosProperty, &qos,
			      sizeof(qos), &kp) == NO_ERROR &&
	      kp.id == HTTPSYS_PROP_QOS && kp.value.qos.type == HTTPSYS_QOS_BANDWIDTH &&
	      kp.value.qos.present == 1 && kp.value.qos.limit == 4096,
	      "qos: a bandwidth limit to the kernel's");
	qos.QosType = HttpQosSettingTypeConnectionLimit;
	qos.QosSetting = &conn;
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerQosProperty, &qos,
			      sizeof(qos), &kp) == NO_ERROR &&
	      kp.value.qos.type == HTTPSYS_QOS_CONNECTIONS && kp.value.qos.limit == 10,
	      "qos: a connection limit to the kernel's");
	CHECK(lib_property_out(HTTPSYS_OBJECT_GROUP, HttpServerQosProperty, &kp,
			       &out, sizeof(out), &needed) == NO_ERROR &&
	      needed == sizeof(qos) + sizeof(conn) &&
	      out.qos.QosType == HttpQosSettingTypeConnectionLimit &&
	      out.qos.QosSetting == out.bytes + sizeof(qos) &&
	      ((HTTP_CONNECTION_LIMIT_INFO *)out.qos.QosSetting)->MaxConnections == 10 &&
	      ((HTTP_CONNECTION_LIMIT_INFO *)out.qos.QosSetting)->Flags.Present,
	      "qos: the answer's limit follows the setting, QosSetting pointing at it");
	qos.QosType = HttpQosSettingTypeFlowRate;
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerQosProperty, &qos,
			      sizeof(qos), &kp) == ERROR_NOT_SUPPORTED,
	      "qos: flow rate not supported");
	qos.QosType = 7;
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerQosProperty, &qos,
			      sizeof(qos), &kp) == ERROR_INVALID_PARAMETER,
	      "qos: an unknown type refused");
	qos.QosType = HttpQosSettingTypeBandwidth;
	qos.QosSetting = NULL;
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerQosProperty, &qos,
			      sizeof(qos), &kp) == ERROR_INVALID_PARAMETER,
	      "qos: no limit refused");

	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerBindingProperty,
			      &binding, sizeof(binding), &kp) == NO_ERROR &&
	      kp.id == HTTPSYS_PROP_BINDING && kp.value.binding.present == 1 &&
	      kp.value.binding.queue_fd == 7,
	      "binding: the queue handle becomes its descriptor");
	binding.Flags.Present = 0;
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerBindingProperty,
			      &binding, sizeof(binding), &kp) == NO_ERROR &&
	      !kp.value.binding.present && kp.value.binding.queue_fd == -1,
	      "binding: Present 0 unbinds");
	CHECK(lib_property_in(HTTPSYS_OBJECT_SESSION, HttpServerBindingProperty,
			      &binding, sizeof(binding), &kp) ==
	      ERROR_INVALID_PARAMETER &&
	      lib_property_out(HTTPSYS_OBJECT_GROUP, HttpServerBindingProperty, &kp,
			       &out, sizeof(out), &needed) == ERROR_INVALID_PARAMETER,
	      "binding: groups only, and never read back");
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerQueueLengthProperty,
			      &needed, sizeof(needed), &kp) == ERROR_INVALID_PARAMETER &&
	      lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerListenEndpointProperty,
			      &needed, sizeof(needed), &kp) == ERROR_INVALID_PARAMETER &&
	      lib_property_in(HTTPSYS_OBJECT_QUEUE, HttpServerProtectionLevelProperty,
			      &needed, sizeof(needed), &kp) == ERROR_INVALID_PARAMETER,
	      "property: ones not valid on the object refused");

	memset(&log, 0, sizeof(log));
	log.Flags.Present = 1;
	log.RolloverType = HttpLoggingRolloverSize;
	log.RolloverSize = HTTP_MIN_ALLOWED_LOG_FILE_ROLLOVER_SIZE;
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerLoggingProperty, &log,
			      sizeof(log), &kp) == NO_ERROR && kp.len == 0,
	      "logging: valid, and nothing for the kernel");
	log.RolloverSize--;
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerLoggingProperty, &log,
			      sizeof(log), &kp) == ERROR_INVALID_PARAMETER,
	      "logging: a rollover size under the minimum refused");
	log.RolloverType = HttpLoggingRolloverHourly;
	log.LoggingFlags = HTTP_LOGGING_FLAG_LOG_ERRORS_ONLY |
			   HTTP_LOGGING_FLAG_LOG_SUCCESS_ONLY;
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerLoggingProperty, &log,
			      sizeof(log), &kp) == ERROR_INVALID_PARAMETER,
	      "logging: errors-only with success-only refused");
	log.LoggingFlags = 0;
	log.SoftwareNameLength = 2 * sizeof(WCHAR);
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerLoggingProperty, &log,
			      sizeof(log), &kp) == ERROR_INVALID_PARAMETER,
	      "logging: a software name length without a name refused");
	log.SoftwareNameLength = 0;
	log.Format = 4;
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerLoggingProperty, &log,
			      sizeof(log), &kp) == ERROR_INVALID_PARAMETER,
	      "logging: an unknown format refused");
	log.Flags.Present = 0;
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerLoggingProperty, &log,
			      sizeof(log), &kp) == NO_ERROR,
	      "logging: not present, the rest is not looked at");
}

static int wide_is(PCWSTR s, USHORT bytes, PCWSTR want)
{
	return s && bytes == wcslen(want) * sizeof(WCHAR) &&
	       !wmemcmp(s, want, wcslen(want)) && !s[wcslen(want)];
}

static void set_realm(PWSTR *field, USHORT *len, PCWSTR value)
{
	*field = (PWSTR)value;
	*len = wcslen(value) * sizeof(WCHAR);
}

static void test_auth_translation(void)
{
	HTTP_SERVER_AUTHENTICATION_INFO a;
	union {
		HTTP_SERVER_AUTHENTICATION_INFO info;
		UCHAR bytes[2048];
	} out;
	WCHAR long_realm[HTTPSYS_MAX_REALM + 2];
	struct lib_property kp;
	ULONG needed, want;
	int i;

	memset(&a, 0, sizeof(a));
	a.Flags.Present = 1;
	a.AuthSchemes = HTTP_AUTH_ENABLE_BASIC | HTTP_AUTH_ENABLE_DIGEST;
	a.ReceiveMutualAuth = 1;
	a.ExFlags = HTTP_AUTH_EX_FLAG_CAPTURE_CREDENTIAL;
	set_realm(&a.BasicParams.Realm, &a.BasicParams.RealmLength, L"r\u00e9alm");
	set_realm(&a.DigestParams.Realm, &a.DigestParams.RealmLength,
		  L"\u20ac\U0001F600");
	CHECK(lib_property_in(HTTPSYS_OBJECT_SESSION, HttpServerAuthenticationProperty,
			      &a, sizeof(a), &kp) == NO_ERROR &&
	      kp.id == HTTPSYS_PROP_AUTHENTICATION &&
	      kp.len == sizeof(struct httpsys_auth_info) &&
	      kp.value.auth.present == 1 && kp.value.auth.schemes == 3 &&
	      kp.value.auth.receive_mutual_auth == 1 && kp.value.auth.ex_flags == 2 &&
	      kp.value.auth.basic_realm_len == 6 &&
	      !memcmp(kp.value.auth.basic_realm, "r\xc3\xa9" "alm", 6) &&
	      kp.value.auth.digest_realm_len == 7 &&
	      !memcmp(kp.value.auth.digest_realm, "\xe2\x82\xac\xf0\x9f\x98\x80", 7) &&
	      kp.value.auth.digest_domain_len == 0,
	      "auth: wide realms to UTF-8 for the kernel");
	want = sizeof(a) + (5 + 1) * sizeof(WCHAR) + (2 + 1) * sizeof(WCHAR);
	CHECK(lib_property_out(HTTPSYS_OBJECT_SESSION, HttpServerAuthenticationProperty,
			       &kp, &out, sizeof(a), &needed) == ERROR_MORE_DATA &&
	      needed == want,
	      "auth: the answer needs room for its realms after the struct");
	memset(&out, 0xff, sizeof(out));
	CHECK(lib_property_out(HTTPSYS_OBJECT_SESSION, HttpServerAuthenticationProperty,
			       &kp, &out, want, &needed) == NO_ERROR &&
	      needed == want && out.info.Flags.Present &&
	      out.info.AuthSchemes == a.AuthSchemes && out.info.ReceiveMutualAuth &&
	      !out.info.ReceiveContextHandle &&
	      out.info.ExFlags == HTTP_AUTH_EX_FLAG_CAPTURE_CREDENTIAL &&
	      wide_is(out.info.BasicParams.Realm, out.info.BasicParams.RealmLength,
		      L"r\u00e9alm") &&
	      wide_is(out.info.DigestParams.Realm, out.info.DigestParams.RealmLength,
		      L"\u20ac\U0001F600") &&
	      !out.info.DigestParams.DomainName &&
	      !out.info.DigestParams.DomainNameLength,
	      "auth: UTF-8 realms back to wide strings inside the buffer");
	CHECK((UCHAR *)out.info.DigestParams.Realm >= out.bytes + sizeof(a) &&
	      (UCHAR *)out.info.BasicParams.Realm >= out.bytes + sizeof(a) &&
	      (UCHAR *)out.info.BasicParams.Realm < out.bytes + want,
	      "auth: the realms lie after the struct, within the size reported");

	kp.value.auth.basic_realm[1] = (char)0xc0;
	CHECK(lib_property_out(HTTPSYS_OBJECT_SESSION, HttpServerAuthenticationProperty,
			       &kp, &out, sizeof(out), &needed) == ERROR_INVALID_DATA,
	      "auth: a realm that is not UTF-8 is invalid data");

	a.BasicParams.RealmLength = 3;
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerAuthenticationProperty,
			      &a, sizeof(a), &kp) == ERROR_INVALID_PARAMETER,
	      "auth: a realm length that is not whole characters refused");
	a.BasicParams.Realm = NULL;
	a.BasicParams.RealmLength = sizeof(WCHAR);
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerAuthenticationProperty,
			      &a, sizeof(a), &kp) == ERROR_INVALID_PARAMETER,
	      "auth: a realm length without a realm refused");
	for (i = 0; i < HTTPSYS_MAX_REALM + 1; i++)
		long_realm[i] = L'a';
	a.BasicParams.Realm = long_realm;
	a.BasicParams.RealmLength = HTTPSYS_MAX_REALM * sizeof(WCHAR);
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerAuthenticationProperty,
			      &a, sizeof(a), &kp) == NO_ERROR &&
	      kp.value.auth.basic_realm_len == HTTPSYS_MAX_REALM,
	      "auth: a realm of HTTPSYS_MAX_REALM bytes accepted");
	a.BasicParams.RealmLength += sizeof(WCHAR);
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerAuthenticationProperty,
			      &a, sizeof(a), &kp) == ERROR_INVALID_PARAMETER,
	      "auth: a longer realm refused");
	long_realm[0] = 0xd800;
	a.BasicParams.RealmLength = sizeof(WCHAR);
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerAuthenticationProperty,
			      &a, sizeof(a), &kp) == ERROR_INVALID_PARAMETER,
	      "auth: a realm that is not Unicode refused");
	a.Flags.Present = 0;
	a.BasicParams.Realm = (PWSTR)(uintptr_t)1;	/* stale, never read */
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP, HttpServerAuthenticationProperty,
			      &a, sizeof(a), &kp) == NO_ERROR && !kp.value.auth.present &&
	      !kp.value.auth.basic_realm_len,
	      "auth: not present, the realms are not looked at");
}

static void test_wide(void)
{
	char out[16];
	WCHAR back[8];

	CHECK(lib_wide_to_utf8(L"http://+:80/", out, sizeof(out)) == 12 &&
	      !strcmp(out, "http://+:80/"), "wide: ASCII converts");
	CHECK(lib_wide_to_utf8(L"/\u00e9\u20ac\U0001F600", out, sizeof(out)) == 10 &&
	      !memcmp(out, "/\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 10),
	      "wide: 2-, 3- and 4-byte UTF-8");
	CHECK(lib_wide_to_utf8((PCWSTR)(const wchar_t[]){ 0xd800, 0 }, out,
			       sizeof(out)) < 0, "wide: surrogate code point refused");
	CHECK(lib_wide_to_utf8((PCWSTR)(const wchar_t[]){ 0x110000, 0 }, out,
			       sizeof(out)) < 0, "wide: code point above U+10FFFF refused");
	CHECK(lib_wide_to_utf8(L"0123456789abcdef", out, sizeof(out)) < 0,
	      "wide: a result that does not fit refused");
	CHECK(lib_wide_to_utf8_n(L"abcdef", 3, out, sizeof(out)) == 3 &&
	      !strcmp(out, "abc") && lib_wide_to_utf8_n(NULL, 0, out, 1) == 0 &&
	      lib_wide_to_utf8_n(L"a\0b", 3, out, sizeof(out)) < 0,
	      "wide: counted conversion stops at the count and refuses NUL");
	CHECK(lib_utf8_to_wide("r\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 10, NULL, 0) == 4 &&
	      lib_utf8_to_wide("r\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 10, back, 5) == 4 &&
	      !wcscmp(back, L"r\u00e9\u20ac\U0001F600"),
	      "utf8: measured, then converted back to wide");
	CHECK(lib_utf8_to_wide("abcd", 4, back, 4) < 0 &&
	      lib_utf8_to_wide("", 0, back, 1) == 0 && !back[0],
	      "utf8: output with no room for the NUL refused; empty is empty");
	CHECK(lib_utf8_to_wide("\xc0\x80", 2, NULL, 0) < 0 &&
	      lib_utf8_to_wide("\xe0\x80\xaf", 3, NULL, 0) < 0 &&
	      lib_utf8_to_wide("\xed\xa0\x80", 3, NULL, 0) < 0 &&
	      lib_utf8_to_wide("\xf4\x90\x80\x80", 4, NULL, 0) < 0 &&
	      lib_utf8_to_wide("\xe2\x82", 2, NULL, 0) < 0 &&
	      lib_utf8_to_wide("\x80", 1, NULL, 0) < 0 &&
	      lib_utf8_to_wide("\xf8\x88\x80\x80\x80", 5, NULL, 0) < 0 &&
	      lib_utf8_to_wide("a\0b", 3, NULL, 0) < 0,
	      "utf8: overlong, surrogate, too large, truncated, stray, NUL refused");
}

static int valid(const char *s)
{
	return lib_prefix_is_valid(s, strlen(s));
}

static void test_prefixes(void)
{
	CHECK(valid("http://+:80/") && valid("http://*:8080/a/b/") &&
	      valid("http://[::1]:80/") && valid("http://127.0.0.1:1/x/") &&
	      valid("https://host:443/"), "prefix: valid forms accepted");
	CHECK(!valid("http://+/") && !valid("http://+:/") && !valid("http://+:0/") &&
	      !valid("http://+:65536/") && !valid("http://+:08/"),
	      "prefix: bad ports refused");
	CHECK(!valid("http://+:80") && !valid("http://+:80/?x") &&
	      !valid("HTTP://+:80/") && !valid("ftp://+:80/") && !valid("http://:80/"),
	      "prefix: no path, query, scheme case, scheme, empty host refused");
}

static void test_headers(void)
{
	HTTP_RESPONSE_HEADERS h;
	HTTP_UNKNOWN_HEADER u[2];
	char out[256];
	long n;

	memset(&h, 0, sizeof(h));
	h.KnownHeaders[HttpHeaderContentType].pRawValue = "text/plain";
	h.KnownHeaders[HttpHeaderContentType].RawValueLength = 10;
	h.KnownHeaders[HttpHeaderWwwAuthenticate].pRawValue = "Basic";
	h.KnownHeaders[HttpHeaderWwwAuthenticate].RawValueLength = 5;
	u[0] = (HTTP_UNKNOWN_HEADER){ 5, 1, "X-One", "1" };
	h.UnknownHeaderCount = 1;
	h.pUnknownHeaders = u;
	n = lib_serialize_headers(&h, out, sizeof(out));
	CHECK(n > 0 && !strncmp(out, "Content-Type: text/plain\r\n"
				"WWW-Authenticate: Basic\r\nX-One: 1\r\n", n),
	      "headers: known (by response ID) then unknown lines");
	u[1] = (HTTP_UNKNOWN_HEADER){ 5, 4, "X-Bad", "a\r\nb" };
	h.UnknownHeaderCount = 2;
	CHECK(lib_serialize_headers(&h, out, sizeof(out)) == -1,
	      "headers: CR LF in a value refused (no header injection)");
	u[1] = (HTTP_UNKNOWN_HEADER){ 5, 1, "X Bad", "a" };
	CHECK(lib_serialize_headers(&h, out, sizeof(out)) == -1,
	      "headers: a name that is not a token refused");
	h.UnknownHeaderCount = 1;
	CHECK(lib_serialize_headers(&h, out, 20) == -2,
	      "headers: output that does not fit reported");
}

static void test_errno_map(void)
{
	CHECK(lib_errno_to_win32(ENOENT, LIB_CALL_URL_REMOVE) == ERROR_FILE_NOT_FOUND &&
	      lib_errno_to_win32(ENOENT, LIB_CALL_RECEIVE) == ERROR_CONNECTION_INVALID &&
	      lib_errno_to_win32(ENOENT, LIB_CALL_SEND) == ERROR_CONNECTION_INVALID,
	      "errno: ENOENT depends on the call");
	CHECK(lib_errno_to_win32(EEXIST, LIB_CALL_URL_ADD) == ERROR_ALREADY_EXISTS &&
	      lib_errno_to_win32(EADDRINUSE, LIB_CALL_URL_ADD) == ERROR_SHARING_VIOLATION &&
	      lib_errno_to_win32(EACCES, LIB_CALL_URL_ADD) == ERROR_ACCESS_DENIED,
	      "errno: registration errors");
	CHECK(lib_errno_to_win32(ENODATA, LIB_CALL_RECEIVE) == ERROR_HANDLE_EOF &&
	      lib_errno_to_win32(EOVERFLOW, LIB_CALL_RECEIVE) == ERROR_MORE_DATA &&
	      lib_errno_to_win32(ECONNRESET, LIB_CALL_SEND) == ERROR_CONNECTION_INVALID,
	      "errno: receive and send errors");
	CHECK(lib_errno_to_win32(EBADFD, LIB_CALL_RECEIVE) == ERROR_INVALID_HANDLE &&
	      lib_errno_to_win32(EBADFD, LIB_CALL_SEND) == ERROR_INVALID_HANDLE &&
	      lib_errno_to_win32(ESHUTDOWN, LIB_CALL_RECEIVE) ==
	      ERROR_OPERATION_ABORTED &&
	      lib_errno_to_win32(ESHUTDOWN, LIB_CALL_SEND) == ERROR_OPERATION_ABORTED,
	      "errno: no queue is a bad handle; a shut-down queue aborts");
	CHECK(lib_errno_to_win32(EEXIST, LIB_CALL_QUEUE) == ERROR_ALREADY_EXISTS &&
	      lib_errno_to_win32(ENOENT, LIB_CALL_QUEUE) == ERROR_FILE_NOT_FOUND &&
	      lib_errno_to_win32(EACCES, LIB_CALL_QUEUE) == ERROR_ACCESS_DENIED &&
	      lib_errno_to_win32(EINVAL, LIB_CALL_QUEUE) == ERROR_INVALID_PARAMETER,
	      "errno: creating and opening named queues");
	CHECK(lib_errno_to_win32(ENOENT, LIB_CALL_CONFIG) == ERROR_INVALID_PARAMETER &&
	      lib_errno_to_win32(EINVAL, LIB_CALL_CONFIG) == ERROR_INVALID_PARAMETER &&
	      lib_errno_to_win32(EPERM, LIB_CALL_CONFIG) == ERROR_INVALID_PARAMETER &&
	      lib_errno_to_win32(EOPNOTSUPP, LIB_CALL_CONFIG) == ERROR_NOT_SUPPORTED &&
	      lib_errno_to_win32(EBADF, LIB_CALL_CONFIG) == ERROR_INVALID_HANDLE &&
	      lib_errno_to_win32(EBADFD, LIB_CALL_CONFIG) == ERROR_INVALID_HANDLE &&
	      lib_errno_to_win32(EOVERFLOW, LIB_CALL_CONFIG) == ERROR_MORE_DATA &&
	      lib_errno_to_win32(ENOSPC, LIB_CALL_CONFIG) == ERROR_NOT_ENOUGH_MEMORY,
	      "errno: sessions, groups and properties");
	CHECK(lib_errno_to_win32(ENOENT, LIB_CALL_SERVICE) == ERROR_FILE_NOT_FOUND &&
	      lib_errno_to_win32(EEXIST, LIB_CALL_SERVICE) == ERROR_ALREADY_EXISTS &&
	      lib_errno_to_win32(EPERM, LIB_CALL_SERVICE) == ERROR_ACCESS_DENIED &&
	      lib_errno_to_win32(EACCES, LIB_CALL_SERVICE) == ERROR_ACCESS_DENIED &&
	      lib_errno_to_win32(EINVAL, LIB_CALL_SERVICE) == ERROR_INVALID_PARAMETER,
	      "errno: reservations");
	CHECK(lib_errno_to_win32(ENXIO, LIB_CALL_URL_ADD) == ERROR_INVALID_PARAMETER &&
	      lib_errno_to_win32(ENXIO, LIB_CALL_URL_REMOVE) == ERROR_INVALID_PARAMETER &&
	      lib_errno_to_win32(EPERM, LIB_CALL_URL_ADD) == ERROR_ACCESS_DENIED,
	      "errno: an unknown URL group is an invalid parameter");
	CHECK(lib_errno_to_win32(ENOENT, LIB_CALL_FRAGMENT) == ERROR_PATH_NOT_FOUND &&
	      lib_errno_to_win32(ESTALE, LIB_CALL_SEND) == ERROR_PATH_NOT_FOUND &&
	      lib_errno_to_win32(EFBIG, LIB_CALL_FRAGMENT) == ERROR_NOT_ENOUGH_MEMORY &&
	      lib_errno_to_win32(EACCES, LIB_CALL_FRAGMENT) == ERROR_ACCESS_DENIED,
	      "errno: the fragment cache's (no such fragment: ERROR_PATH_NOT_FOUND)");
}

static void test_layouts(void)
{
	CHECK(sizeof(HTTP_REQUEST_V1) == 848 && sizeof(HTTP_REQUEST_V2) == 864 &&
	      sizeof(HTTP_REQUEST) == 864, "layout: HTTP_REQUEST sizes as on x64 Windows");
	CHECK(sizeof(HTTP_RESPONSE_V1) == 552 && sizeof(HTTP_RESPONSE_V2) == 568,
	      "layout: HTTP_RESPONSE sizes");
	CHECK(sizeof(HTTP_DATA_CHUNK) == 32 && sizeof(HTTP_KNOWN_HEADER) == 16 &&
	      sizeof(HTTP_UNKNOWN_HEADER) == 24 && sizeof(HTTP_COOKED_URL) == 40,
	      "layout: chunk, header and cooked URL sizes");
	CHECK(offsetof(HTTP_REQUEST_V1, CookedUrl) == 64 &&
	      offsetof(HTTP_REQUEST_V1, Address) == 104 &&
	      offsetof(HTTP_REQUEST_V1, Headers) == 120 &&
	      offsetof(HTTP_REQUEST_V1, BytesReceived) == 808 &&
	      offsetof(HTTP_RESPONSE_V1, Headers) == 24 &&
	      offsetof(HTTP_RESPONSE_V1, EntityChunkCount) == 536,
	      "layout: field offsets");
	CHECK(HttpHeaderUserAgent == 40 && HttpHeaderWwwAuthenticate == 29 &&
	      HttpVerbSEARCH == 19 && HttpVerbMaximum == 20,
	      "layout: enum values in Windows' order");
	CHECK(HttpServerBindingProperty == 7 && HttpServerChannelBindProperty == 10 &&
	      HttpServerProtectionLevelProperty == 11 &&
	      HttpServerDelegationProperty == 16 && HttpQosSettingTypeFlowRate == 2 &&
	      Http503ResponseVerbosityFull == 2 && HttpLoggingRolloverHourly == 4,
	      "layout: v2 enum values");
	CHECK(sizeof(HTTP_QOS_SETTING_INFO) == 16 && sizeof(HTTP_BINDING_INFO) == 16 &&
	      sizeof(HTTP_STATE_INFO) == 8 && sizeof(HTTP_LOGGING_INFO) == 72 &&
	      offsetof(HTTP_LOGGING_INFO, DirectoryName) == 24 &&
	      offsetof(HTTP_LOGGING_INFO, pSecurityDescriptor) == 64,
	      "layout: v2 property structs, LP64 as on x64 Windows");
	CHECK(HttpServiceConfigUrlAclInfo == 2 && HttpServiceConfigSslCcsCertInfo == 6 &&
	      HttpServiceConfigSslScopedCcsCertInfoEx == 12 &&
	      HttpServiceConfigMax == 13 && HttpServiceConfigQueryNext == 1 &&
	      HttpServiceConfigQueryMax == 2,
	      "layout: service configuration enum values");
	CHECK(sizeof(HTTP_SERVICE_CONFIG_URLACL_SET) == 16 &&
	      offsetof(HTTP_SERVICE_CONFIG_URLACL_SET, ParamDesc) == 8 &&
	      sizeof(HTTP_SERVICE_CONFIG_URLACL_QUERY) == 24 &&
	      offsetof(HTTP_SERVICE_CONFIG_URLACL_QUERY, KeyDesc) == 8 &&
	      offsetof(HTTP_SERVICE_CONFIG_URLACL_QUERY, dwToken) == 16,
	      "layout: URL ACL structs, LP64 as on x64 Windows");
	CHECK(HttpServiceConfigTimeout == 3 && IdleConnectionTimeout == 0 &&
	      HeaderWaitTimeout == 1 &&
	      sizeof(HTTP_SERVICE_CONFIG_TIMEOUT_PARAM) == 2 &&
	      sizeof(HTTP_SERVICE_CONFIG_TIMEOUT_SET) == 8 &&
	      offsetof(HTTP_SERVICE_CONFIG_TIMEOUT_SET, ParamDesc) == 4,
	      "layout: timeout structs as on x64 Windows");
}

/* HTTP_MULTIPLE_KNOWN_HEADERS records become header lines. */
static void test_response_info(void)
{
	HTTP_KNOWN_HEADER auth[3] = {
		{ 4, "NTLM" }, { 9, "Negotiate" }, { 5, "Basic" },
	};
	HTTP_KNOWN_HEADER cookies[2] = { { 3, "a=1" }, { 0, NULL } };
	HTTP_MULTIPLE_KNOWN_HEADERS m[2] = {
		{ HttpHeaderWwwAuthenticate, 0, 3, auth },
		{ HttpHeaderSetCookie, 0, 2, cookies },
	};
	HTTP_RESPONSE_INFO info[2] = {
		{ HttpResponseInfoTypeMultipleKnownHeaders, sizeof(m[0]), &m[0] },
		{ HttpResponseInfoTypeMultipleKnownHeaders, sizeof(m[1]), &m[1] },
	};
	HTTP_RESPONSE resp;
	HANDLE bad = lib_fd_handle(1000);
	char out[256];
	__u32 flags = 0;
	long n;

	memset(&resp, 0, sizeof(resp));
	resp.StatusCode = 401;
	resp.ResponseInfoCount = 2;
	resp.pResponseInfo = info;
	memcpy(out, "X: 1\r\n", 6);
	n = lib_serialize_response_info(&resp, out, sizeof(out), 6, &flags);
	CHECK(n > 0 && !strncmp(out, "X: 1\r\nWWW-Authenticate: NTLM\r\n"
				"WWW-Authenticate: Negotiate\r\n"
				"WWW-Authenticate: Basic\r\n"
				"Set-Cookie: a=1\r\n", n) && flags == 0,
	      "response info: one line per value, in the given order, after the rest");
	m[0].Flags = HTTP_RESPONSE_INFO_FLAGS_PRESERVE_ORDER;
	m[1].Flags = HTTP_RESPONSE_INFO_FLAGS_PRESERVE_ORDER;
	resp.pResponseInfo = &info[1];
	resp.ResponseInfoCount = 1;
	CHECK(lib_serialize_response_info(&resp, out, sizeof(out), 0, &flags) > 0 &&
	      flags == 0,
	      "response info: PRESERVE_ORDER on another header sets no send flag");
	resp.pResponseInfo = info;
	CHECK(lib_serialize_response_info(&resp, out, sizeof(out), 0, &flags) > 0 &&
	      flags == HTTPSYS_SEND_AUTH_PRESERVE_ORDER,
	      "response info: PRESERVE_ORDER on WWW-Authenticate sets the send flag");
	m[0].Flags = 0x2;
	CHECK(lib_serialize_response_info(&resp, out, sizeof(out), 0, &flags) == -1,
	      "response info: unknown record flags refused");
	m[0].Flags = 0;
	info[0].Length = sizeof(m[0]) - 1;
	CHECK(lib_serialize_response_info(&resp, out, sizeof(out), 0, &flags) == -1,
	      "response info: a record of the wrong length refused");
	info[0].Length = sizeof(m[0]);
	m[0].HeaderId = HttpHeaderResponseMaximum;
	CHECK(lib_serialize_response_info(&resp, out, sizeof(out), 0, &flags) == -1,
	      "response info: a header ID past the response headers refused");
	m[0].HeaderId = HttpHeaderWwwAuthenticate;
	m[0].KnownHeaders = NULL;
	CHECK(lib_serialize_response_info(&resp, out, sizeof(out), 0, &flags) == -1,
	      "response info: a count without an array refused");
	m[0].KnownHeaders = auth;
	auth[1] = (HTTP_KNOWN_HEADER){ 6, "A\r\nB: " };
	CHECK(lib_serialize_response_info(&resp, out, sizeof(out), 0, &flags) == -1,
	      "response info: CR LF in a value refused (no header injection)");
	auth[1] = (HTTP_KNOWN_HEADER){ 9, "Negotiate" };
	CHECK(lib_serialize_response_info(&resp, out, 40, 0, &flags) == -2,
	      "response info: output that does not fit reported");
	info[0].Type = HttpResponseInfoTypeQoSProperty;
	CHECK(lib_serialize_response_info(&resp, out, sizeof(out), 0, &flags) == -3,
	      "response info: QoS records reported as not implemented");
	info[0].Type = (HTTP_RESPONSE_INFO_TYPE)7;
	CHECK(lib_serialize_response_info(&resp, out, sizeof(out), 0, &flags) == -1,
	      "response info: an unknown record type refused");
	resp.pResponseInfo = NULL;
	CHECK(lib_serialize_response_info(&resp, out, sizeof(out), 0, &flags) == -1,
	      "response info: a count without records refused");

	resp.pResponseInfo = info;
	CHECK(HttpSendHttpResponse(bad, 1, 0, &resp, NULL, NULL, NULL, 0, NULL,
				   NULL) == ERROR_INVALID_PARAMETER,
	      "send: a bad response-info record gives ERROR_INVALID_PARAMETER");
	info[0].Type = HttpResponseInfoTypeChannelBind;
	CHECK(HttpSendHttpResponse(bad, 1, 0, &resp, NULL, NULL, NULL, 0, NULL,
				   NULL) == ERROR_NOT_SUPPORTED,
	      "send: channel-bind response info not supported");
}

/* A request buffer as the kernel writes one for an authenticated client. */
struct auth_blob {
	HTTP_REQUEST_V2 req;
	HTTP_REQUEST_INFO info[3];
	HTTP_REQUEST_AUTH_INFO auth;
	struct httpsys_auth_identity id;
	__u32 groups[3];
	char user[32];
};

static void auth_blob_init(struct auth_blob *b, __u32 uid, __u32 gid,
			   const __u32 *groups, __u32 count, const char *user)
{
	memset(b, 0, sizeof(*b));
	b->req.RequestInfoCount = 2;
	b->req.pRequestInfo = b->info;
	b->info[0] = (HTTP_REQUEST_INFO){ HttpRequestInfoTypeAuth,
					  sizeof(b->auth), &b->auth };
	b->info[1] = (HTTP_REQUEST_INFO){
		(HTTP_REQUEST_INFO_TYPE)HTTPSYS_REQUEST_INFO_IDENTITY,
		sizeof(b->id), &b->id };
	b->auth.AuthStatus = HttpAuthStatusSuccess;
	b->auth.AuthType = HttpRequestAuthTypeNegotiate;
	b->id.uid = uid;
	b->id.gid = gid;
	b->id.mapped = 1;
	b->id.group_count = count;
	b->id.groups = (uintptr_t)b->groups;
	memcpy(b->groups, groups, count * sizeof(*groups));
	b->id.expiry = 2000000000;
	b->id.user_length = strlen(user);
	b->id.user = (uintptr_t)b->user;
	strcpy(b->user, user);
}

/* True when @sid is S-1-22-@kind-@id. */
static int sid_is(PSID sid, DWORD kind, DWORD id)
{
	const SID *s = sid;

	return s->Revision == 1 && s->SubAuthorityCount == 2 &&
	       s->IdentifierAuthority.Value[5] == 22 &&
	       s->SubAuthority[0] == kind && s->SubAuthority[1] == id;
}

static void test_tokens(void)
{
	static const __u32 groups[3] = { 100, 27, 4 };
	union {
		TOKEN_GROUPS g;
		TOKEN_USER u;
		UCHAR bytes[256];
	} info;
	struct auth_blob b;
	gid_t got_groups[3], gid = 0;
	uid_t uid = 0;
	DWORD count = 3, size, needed = 0;
	char name[32];
	time_t expiry = 0;
	HANDLE token, forged;

	auth_blob_init(&b, 1000, 1001, groups, 3, "alice@EXAMPLE.TEST");
	lib_request_auth_fixup(&b.req, sizeof(b));
	token = b.auth.AccessToken;
	CHECK(b.req.RequestInfoCount == 1 &&
	      b.info[0].InfoType == HttpRequestInfoTypeAuth && token &&
	      b.auth.AuthStatus == HttpAuthStatusSuccess,
	      "token: the IDENTITY record becomes AccessToken and leaves the array");
	CHECK(lib_handle_fd(token) < 0 && lib_token_is_handle(token) &&
	      (uintptr_t)token > INT32_MAX,
	      "token: its handle is no queue handle (no fd behind it)");
	CHECK(HttpsysTokenGetIdentity(token, &uid, &gid, got_groups, &count) &&
	      uid == 1000 && gid == 1001 && count == 3 && got_groups[0] == 100 &&
	      got_groups[2] == 4,
	      "token: uid, gid and groups from the identity");
	count = 1;
	CHECK(!HttpsysTokenGetIdentity(token, &uid, &gid, got_groups, &count) &&
	      GetLastError() == ERROR_INSUFFICIENT_BUFFER && count == 3,
	      "token: too little room for the groups says how many");
	size = sizeof(name);
	CHECK(HttpsysTokenGetPrincipal(token, name, &size) && size == 19 &&
	      !strcmp(name, "alice@EXAMPLE.TEST"), "token: the principal name");
	size = 4;
	CHECK(!HttpsysTokenGetPrincipal(token, name, &size) &&
	      GetLastError() == ERROR_INSUFFICIENT_BUFFER && size == 19,
	      "token: a short name buffer says the size needed");
	CHECK(HttpsysTokenGetExpiry(token, &expiry) && expiry == 2000000000,
	      "token: the expiry");
	CHECK(GetTokenInformation(token, TokenUser, &info, sizeof(info), &needed) &&
	      needed <= sizeof(info) && sid_is(info.u.User.Sid, 1, 1000),
	      "token: TokenUser is S-1-22-1-<uid>");
	CHECK(GetTokenInformation(token, TokenPrimaryGroup, &info, sizeof(info),
				  &needed) &&
	      sid_is(((TOKEN_PRIMARY_GROUP *)&info)->PrimaryGroup, 2, 1001),
	      "token: TokenPrimaryGroup is S-1-22-2-<gid>");
	CHECK(GetTokenInformation(token, TokenGroups, &info, sizeof(info), &needed) &&
	      info.g.GroupCount == 3 && sid_is((info.g.Groups + 1)->Sid, 2, 27) &&
	      ((info.g.Groups + 1)->Attributes & SE_GROUP_ENABLED),
	      "token: TokenGroups are S-1-22-2-<gid>, enabled");
	CHECK(!GetTokenInformation(token, TokenGroups, &info, 8, &size) &&
	      GetLastError() == ERROR_INSUFFICIENT_BUFFER && size == needed &&
	      !GetTokenInformation(token, TokenPrivileges, &info, sizeof(info),
				   &size) &&
	      GetLastError() == ERROR_INVALID_PARAMETER,
	      "token: a short buffer says the size; other classes refused");

	CHECK(CloseHandle(token), "token: CloseHandle closes it");
	CHECK(!CloseHandle(token) && GetLastError() == ERROR_INVALID_HANDLE,
	      "token: a second CloseHandle fails with ERROR_INVALID_HANDLE");
	count = 3;
	CHECK(!HttpsysTokenGetIdentity(token, &uid, &gid, got_groups, &count) &&
	      GetLastError() == ERROR_INVALID_HANDLE &&
	      !ImpersonateLoggedOnUser(token) &&
	      GetLastError() == ERROR_INVALID_HANDLE,
	      "token: a closed token is ERROR_INVALID_HANDLE everywhere");
	auth_blob_init(&b, 1000, 1001, groups, 3, "bob");
	lib_request_auth_fixup(&b.req, sizeof(b));
	CHECK(b.auth.AccessToken && b.auth.AccessToken != token &&
	      !HttpsysTokenGetExpiry(token, &expiry),
	      "token: a slot used again does not revive the stale handle");
	forged = (HANDLE)((uintptr_t)b.auth.AccessToken + (1 << 24));
	size = sizeof(name);
	CHECK(!HttpsysTokenGetPrincipal(forged, name, &size) &&
	      GetLastError() == ERROR_INVALID_HANDLE &&
	      !CloseHandle((HANDLE)((uintptr_t)0x746b << 48 | 12345)) &&
	      GetLastError() == ERROR_INVALID_HANDLE &&
	      !HttpsysTokenGetExpiry(lib_fd_handle(0), &expiry) &&
	      !HttpsysTokenGetExpiry(NULL, &expiry) &&
	      !HttpsysTokenGetExpiry(INVALID_HANDLE_VALUE, &expiry),
	      "token: forged handles, fds and NULL are ERROR_INVALID_HANDLE");
	CHECK(CloseHandle(b.auth.AccessToken), "token: the second one closes");

	auth_blob_init(&b, 1000, 1001, groups, 3, "carol");
	b.id.mapped = 0;
	lib_request_auth_fixup(&b.req, sizeof(b));
	count = 3;
	CHECK(b.auth.AccessToken &&
	      !HttpsysTokenGetIdentity(b.auth.AccessToken, &uid, &gid, got_groups,
				       &count) &&
	      GetLastError() == ERROR_NONE_MAPPED &&
	      !GetTokenInformation(b.auth.AccessToken, TokenUser, &info,
				   sizeof(info), &size) &&
	      GetLastError() == ERROR_NONE_MAPPED &&
	      !ImpersonateLoggedOnUser(b.auth.AccessToken) &&
	      GetLastError() == ERROR_INVALID_HANDLE,
	      "token: no local account: no ids, no SIDs, no impersonation");
	CloseHandle(b.auth.AccessToken);

	auth_blob_init(&b, 1000, 1001, groups, 3, "dave");
	b.id.user = (uintptr_t)&b + sizeof(b) - 2;
	lib_request_auth_fixup(&b.req, sizeof(b));
	CHECK(b.req.RequestInfoCount == 1 && !b.auth.AccessToken &&
	      b.auth.AuthStatus == HttpAuthStatusFailure &&
	      b.auth.SecStatus == SEC_E_INSUFFICIENT_MEMORY,
	      "token: an identity pointing outside the buffer makes no token");
	auth_blob_init(&b, 1000, 1001, groups, 3, "frank");
	b.id.group_count = HTTPSYS_AUTH_MAX_GROUPS + 1;
	lib_request_auth_fixup(&b.req, sizeof(b));
	CHECK(!b.auth.AccessToken && b.auth.AuthStatus == HttpAuthStatusFailure,
	      "token: more groups than the upcall carries makes no token");
	auth_blob_init(&b, 1000, 1001, groups, 3, "erin");
	b.auth.AuthStatus = HttpAuthStatusNotAuthenticated;
	b.req.RequestInfoCount = 1;
	lib_request_auth_fixup(&b.req, sizeof(b));
	CHECK(b.req.RequestInfoCount == 1 && !b.auth.AccessToken &&
	      b.auth.AuthStatus == HttpAuthStatusNotAuthenticated,
	      "token: an AUTH record alone is left as it is");
}

/* The calling thread's real, effective and saved uids, and its groups. */
struct thread_ids {
	uid_t r, e, s;
	int groups;
	int in_group;		/* 4242, the client's, is among them */
	HANDLE token;
	BOOL impersonated, reverted;
	int open_errno;
	uid_t after_revert;
	int groups_after_revert;
	const char *file;
};

static void thread_ids_read(struct thread_ids *t)
{
	gid_t g[64];
	int i;

	syscall(SYS_getresuid, &t->r, &t->e, &t->s);
	t->groups = getgroups(64, g);
	t->in_group = 0;
	for (i = 0; i < t->groups; i++)
		t->in_group |= g[i] == 4242;
}

static pthread_barrier_t impersonating;

static void *impersonate_thread(void *arg)
{
	struct thread_ids *t = arg;
	uid_t r, s;
	int fd;

	t->impersonated = ImpersonateLoggedOnUser(t->token);
	thread_ids_read(t);
	fd = open(t->file, O_RDONLY);
	t->open_errno = fd < 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	/* The main thread looks at its own ids while this one impersonates. */
	pthread_barrier_wait(&impersonating);
	pthread_barrier_wait(&impersonating);
	t->reverted = RevertToSelf();
	syscall(SYS_getresuid, &r, &t->after_revert, &s);
	t->groups_after_revert = getgroups(0, NULL);
	return NULL;
}

static void test_impersonation(void)
{
	static const __u32 groups[2] = { 65534, 4242 };
	char file[] = "/tmp/test_httpapi_XXXXXX";
	struct thread_ids t = { .file = file }, main_ids;
	struct auth_blob b;
	pthread_t thread;
	int fd, own_groups = getgroups(0, NULL);

	auth_blob_init(&b, 65534, 65534, groups, 2, "nobody");
	lib_request_auth_fixup(&b.req, sizeof(b));
	t.token = b.auth.AccessToken;
	fd = mkstemp(file);
	if (fd >= 0)
		close(fd);
	if (geteuid() != 0) {
		CHECK(!ImpersonateLoggedOnUser(t.token) &&
		      GetLastError() == ERROR_PRIVILEGE_NOT_HELD && RevertToSelf(),
		      "impersonate: without CAP_SETUID, ERROR_PRIVILEGE_NOT_HELD");
		goto out;
	}
	pthread_barrier_init(&impersonating, NULL, 2);
	if (!CHECK(pthread_create(&thread, NULL, impersonate_thread, &t) == 0,
		   "impersonate: thread started"))
		goto out;
	pthread_barrier_wait(&impersonating);
	thread_ids_read(&main_ids);
	pthread_barrier_wait(&impersonating);
	pthread_join(thread, NULL);
	pthread_barrier_destroy(&impersonating);
	CHECK(t.impersonated && t.e == 65534 && t.r == 0 && t.s == 0 &&
	      t.groups == 2 && t.in_group,
	      "impersonate: the thread's effective uid and groups are the client's");
	CHECK(t.open_errno == EACCES,
	      "impersonate: a root-only file cannot be opened as the client");
	CHECK(main_ids.e == 0 && main_ids.r == 0 && main_ids.groups == own_groups &&
	      !main_ids.in_group,
	      "impersonate: other threads keep their credentials");
	CHECK(t.reverted && t.after_revert == 0 &&
	      t.groups_after_revert == own_groups,
	      "impersonate: RevertToSelf restores the thread's credentials");
out:
	CloseHandle(t.token);
	unlink(file);
}

static void test_sspi(void)
{
	static char garbage[] = "\x00\x00\x00\x04" "abcdnot a context";
	SecBuffer packed = { sizeof(garbage) - 1, SECBUFFER_TOKEN, garbage };
	CtxtHandle h = { 0, 0 }, forged = { (ULONG_PTR)0x6378 << 48 | 1, 0 };
	SecPkgContext_NamesW names;
	SecPkgContext_Lifespan life;
	char not_ours[8];

	CHECK(ImportSecurityContextA("Digest", &packed, NULL, &h) ==
	      SEC_E_SECPKG_NOT_FOUND &&
	      ImportSecurityContextW(L"Bogus", &packed, NULL, &h) ==
	      SEC_E_SECPKG_NOT_FOUND,
	      "sspi: an unknown package refused");
	CHECK(ImportSecurityContextW(L"Negotiate", &packed, NULL, &h) ==
	      SEC_E_INVALID_TOKEN,
	      "sspi: bytes that are no exported context refused");
	packed.cbBuffer = 0;
	CHECK(ImportSecurityContextA(NULL, &packed, NULL, &h) == SEC_E_INVALID_TOKEN,
	      "sspi: an empty packed context refused");
	CHECK(QueryContextAttributesW(&forged, SECPKG_ATTR_NAMES, &names) ==
	      SEC_E_INVALID_HANDLE &&
	      QueryContextAttributesA(&h, SECPKG_ATTR_LIFESPAN, &life) ==
	      SEC_E_INVALID_HANDLE &&
	      DeleteSecurityContext(&forged) == SEC_E_INVALID_HANDLE,
	      "sspi: a forged context handle is SEC_E_INVALID_HANDLE");
	CHECK(QueryContextAttributesW(&forged, 99, &names) ==
	      SEC_E_UNSUPPORTED_FUNCTION,
	      "sspi: other attributes unsupported");
	CHECK(FreeContextBuffer(not_ours) == SEC_E_OK,
	      "sspi: FreeContextBuffer leaves a buffer it did not hand out alone");
}

/*
 * A real packed context: an NTLM exchange run in this process with
 * gss-ntlmssp (initiator and acceptor, users from a file), whose acceptor
 * side is exported as helperd exports it.  Returns the exported bytes.
 */
static int ntlm_exported_context(gss_buffer_desc *exported)
{
	static gss_OID_desc ntlm = { 10, "\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a" };
	gss_OID_set_desc mechs = { 1, &ntlm };
	gss_buffer_desc name, token = GSS_C_EMPTY_BUFFER, reply = GSS_C_EMPTY_BUFFER;
	gss_ctx_id_t initiator = GSS_C_NO_CONTEXT, acceptor = GSS_C_NO_CONTEXT;
	gss_name_t target = GSS_C_NO_NAME, user = GSS_C_NO_NAME;
	gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
	OM_uint32 major, accepted = GSS_S_FAILURE, minor;
	char users[] = "/tmp/test_httpapi_ntlm_XXXXXX";
	int fd = mkstemp(users), leg;

	if (fd < 0 || write(fd, "TESTDOM:alice:secret\n", 21) != 21)
		return -1;
	close(fd);
	setenv("NTLM_USER_FILE", users, 1);
	name = (gss_buffer_desc){ 14, "HTTP@localhost" };
	gss_import_name(&minor, &name, GSS_C_NT_HOSTBASED_SERVICE, &target);
	name = (gss_buffer_desc){ 13, "TESTDOM\\alice" };
	gss_import_name(&minor, &name, GSS_C_NT_USER_NAME, &user);
	name = (gss_buffer_desc){ 6, "secret" };
	major = gss_acquire_cred_with_password(&minor, user, &name, 0, &mechs,
					       GSS_C_INITIATE, &cred, NULL, NULL);
	/* NEGOTIATE, CHALLENGE, AUTHENTICATE. */
	for (leg = 0; !GSS_ERROR(major) && leg < 2; leg++) {
		major = gss_init_sec_context(&minor, cred, &initiator, target, &ntlm,
					     0, 0, NULL, &reply, NULL, &token,
					     NULL, NULL);
		gss_release_buffer(&minor, &reply);
		if (GSS_ERROR(major))
			break;
		accepted = gss_accept_sec_context(&minor, &acceptor,
						  GSS_C_NO_CREDENTIAL, &token,
						  NULL, NULL, NULL, &reply, NULL,
						  NULL, NULL);
		gss_release_buffer(&minor, &token);
		major = GSS_ERROR(accepted) ? accepted : major;
	}
	gss_release_buffer(&minor, &reply);
	if (accepted == GSS_S_COMPLETE)
		major = gss_export_sec_context(&minor, &acceptor, exported);
	gss_delete_sec_context(&minor, &initiator, GSS_C_NO_BUFFER);
	gss_delete_sec_context(&minor, &acceptor, GSS_C_NO_BUFFER);
	gss_release_cred(&minor, &cred);
	gss_release_name(&minor, &target);
	gss_release_name(&minor, &user);
	unlink(users);
	return accepted == GSS_S_COMPLETE && !GSS_ERROR(major) ? 0 : -1;
}

static void test_sspi_packed_context(void)
{
	gss_buffer_desc exported = GSS_C_EMPTY_BUFFER;
	SecBuffer packed = { 0, SECBUFFER_TOKEN, NULL };
	SecPkgContext_NamesW wide = { NULL };
	SecPkgContext_NamesA narrow = { NULL };
	SecPkgContext_Lifespan life;
	CtxtHandle h;
	OM_uint32 minor;
	long long start, expiry;

	if (!CHECK(ntlm_exported_context(&exported) == 0,
		   "sspi: an NTLM context made and exported with gss-ntlmssp"))
		return;
	packed.cbBuffer = exported.length;
	packed.pvBuffer = exported.value;
	CHECK(ImportSecurityContextW(L"NTLM", &packed, NULL, &h) == SEC_E_OK,
	      "sspi: ImportSecurityContext takes the packed context");
	CHECK(QueryContextAttributesW(&h, SECPKG_ATTR_NAMES, &wide) == SEC_E_OK &&
	      wide.sUserName && !wcscmp(wide.sUserName, L"TESTDOM\\alice") &&
	      QueryContextAttributesA(&h, SECPKG_ATTR_NAMES, &narrow) == SEC_E_OK &&
	      narrow.sUserName && !strcmp(narrow.sUserName, "TESTDOM\\alice"),
	      "sspi: SECPKG_ATTR_NAMES is the client's name");
	CHECK(FreeContextBuffer(wide.sUserName) == SEC_E_OK &&
	      FreeContextBuffer(narrow.sUserName) == SEC_E_OK,
	      "sspi: FreeContextBuffer frees the names");
	memset(&life, 0, sizeof(life));
	CHECK(QueryContextAttributesW(&h, SECPKG_ATTR_LIFESPAN, &life) == SEC_E_OK,
	      "sspi: SECPKG_ATTR_LIFESPAN answered");
	start = (long long)life.tsStart.HighPart << 32 | life.tsStart.LowPart;
	expiry = (long long)life.tsExpiry.HighPart << 32 | life.tsExpiry.LowPart;
	CHECK(start / 10000000 - 11644473600LL >= time(NULL) - 60 &&
	      start / 10000000 - 11644473600LL <= time(NULL) &&
	      expiry == 0x7fffffffffffffffLL,
	      "sspi: the lifespan starts now (FILETIME); NTLM's never ends");
	CHECK(DeleteSecurityContext(&h) == SEC_E_OK &&
	      DeleteSecurityContext(&h) == SEC_E_INVALID_HANDLE &&
	      QueryContextAttributesW(&h, SECPKG_ATTR_NAMES, &wide) ==
	      SEC_E_INVALID_HANDLE,
	      "sspi: a deleted context's handle is stale");
	gss_release_buffer(&minor, &exported);
}

static void test_extended_auth(void)
{
	HTTP_SERVER_AUTHENTICATION_INFO a;
	struct lib_property kp;

	memset(&a, 0, sizeof(a));
	a.Flags.Present = 1;
	a.AuthSchemes = HTTP_AUTH_ENABLE_NEGOTIATE;
	a.ExFlags = HTTP_AUTH_EX_FLAG_ENABLE_KERBEROS_CREDENTIAL_CACHING;
	CHECK(lib_property_in(HTTPSYS_OBJECT_GROUP,
			      HttpServerExtendedAuthenticationProperty, &a,
			      sizeof(a), &kp) == NO_ERROR &&
	      kp.id == HTTPSYS_PROP_AUTHENTICATION &&
	      kp.value.auth.ex_flags == 1 && kp.value.auth.schemes == 8,
	      "extended auth: Kerberos credential caching reaches the kernel");
	a.AuthSchemes = HTTP_AUTH_ENABLE_NTLM;
	CHECK(lib_property_in(HTTPSYS_OBJECT_SESSION,
			      HttpServerExtendedAuthenticationProperty, &a,
			      sizeof(a), &kp) == ERROR_INVALID_PARAMETER,
	      "extended auth: Kerberos caching without Kerberos or Negotiate refused");
}

/* gss-ntlmssp's libcrypto keeps global state to the end. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libcrypto.so\n";
}

int main(void)
{
	test_init();
	test_argument_checks();
	test_send_checks();
	test_cache_checks();
	test_v2_checks();
	test_property_checks();
	test_config_checks();
	test_timeout_checks();
	test_property_translation();
	test_auth_translation();
	test_wide();
	test_prefixes();
	test_sddl();
	test_urlacl_out();
	test_headers();
	test_errno_map();
	test_layouts();
	test_response_info();
	test_tokens();
	test_impersonation();
	test_sspi();
	test_sspi_packed_context();
	test_extended_auth();
	return tap_exit_status();
}
