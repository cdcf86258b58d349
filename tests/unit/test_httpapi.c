// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests of libhttpapi's pieces that need no kernel: initialisation
 * rules, argument checks made before any ioctl, wide-string conversion,
 * prefix syntax, header serialisation, errno mapping and struct layouts.
 */
#include <errno.h>
#include <stddef.h>

#include "tap.h"
#include "http.h"
#include "internal.h"

static void test_init(void)
{
	HTTPAPI_VERSION v3 = { 3, 0 }, v11 = { 1, 1 };
	HANDLE h = NULL;

	CHECK(HttpCreateHttpHandle(&h, 0) == ERROR_DLL_INIT_FAILED,
	      "init: calls before HttpInitialize fail with ERROR_DLL_INIT_FAILED");
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
	chunk.DataChunkType = HttpDataChunkFromFragmentCache;
	resp.EntityChunkCount = 1;
	resp.pEntityChunks = &chunk;
	CHECK(HttpSendHttpResponse(bad, 1, 0, &resp, NULL, NULL, NULL, 0, NULL, NULL) ==
	      ERROR_NOT_SUPPORTED, "send: fragment-cache chunks not supported yet");
	CHECK(HttpSendHttpResponse(bad, 1, 0, NULL, NULL, NULL, NULL, 0, NULL, NULL) ==
	      ERROR_INVALID_PARAMETER, "send: NULL response refused");
}

static void test_wide(void)
{
	char out[16];

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
}

int main(void)
{
	test_init();
	test_argument_checks();
	test_send_checks();
	test_wide();
	test_prefixes();
	test_headers();
	test_errno_map();
	test_layouts();
	return tap_exit_status();
}
