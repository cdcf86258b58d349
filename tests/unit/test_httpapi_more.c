// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests of the calls added for httpapi.dll's remaining exports, as
 * far as they need no kernel: the layouts and values of their types, the
 * initialisation and argument checks made before any ioctl, HttpPrepareUrl's
 * canonical prefixes, HttpIsFeatureSupported's answers, and the errors of
 * the HTTP/2 and TLS calls.  A pipe stands in for a queue handle where a
 * call must get past the handle check without reaching the kernel.
 */
#define _GNU_SOURCE
#include <locale.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>
#include <wchar.h>

#include "tap.h"
#include "http.h"
#include "internal.h"

_Static_assert(sizeof(HTTP_FEATURE_ID) == 4, "HTTP_FEATURE_ID");
_Static_assert(HttpFeatureAutomaticChunkedEncoding == 8 &&
	       HttpFeatureTlsHandshakePerformanceCounters == 17 &&
	       HttpFeatureLast == 18 && (ULONG)HttpFeaturemax == 0xFFFFFFFFu,
	       "HTTP_FEATURE_ID values");
_Static_assert(sizeof(HTTP_REQUEST_PROPERTY) == 4 &&
	       HttpRequestPropertySni == 4 &&
	       HttpRequestPropertyStreamError == 5 &&
	       HttpRequestPropertyTlsClientHello == 11, "HTTP_REQUEST_PROPERTY");
_Static_assert(sizeof(HTTP_REQUEST_PROPERTY_STREAM_ERROR) == 4,
	       "HTTP_REQUEST_PROPERTY_STREAM_ERROR");
_Static_assert(sizeof(HTTP_DELEGATE_REQUEST_PROPERTY_INFO) == 16 &&
	       DelegateRequestDelegateUrlProperty == 1,
	       "HTTP_DELEGATE_REQUEST_PROPERTY_INFO");
_Static_assert(HTTP_RECEIVE_SECURE_CHANNEL_TOKEN == 1 &&
	       ERROR_INVALID_ID_AUTHORITY == 1343, "constants");

/* HttpPrepareUrl of @in gives @expect (NULL: ERROR_INVALID_PARAMETER). */
static void prepared(const wchar_t *in, const wchar_t *expect)
{
	PWSTR out = NULL, again = NULL;
	ULONG r = HttpPrepareUrl(NULL, 0, in, &out);

	if (!expect) {
		CHECK(r == ERROR_INVALID_PARAMETER && !out,
		      "HttpPrepareUrl refuses %ls (%lu)", in, (unsigned long)r);
		return;
	}
	CHECK(r == NO_ERROR && out && !wcscmp(out, expect),
	      "HttpPrepareUrl %ls -> %ls (%lu, got %ls)", in, expect,
	      (unsigned long)r, out ? out : L"(none)");
	/* Canonical: preparing it again changes nothing. */
	if (out)
		CHECK(HttpPrepareUrl(NULL, 0, out, &again) == NO_ERROR &&
		      again && !wcscmp(again, out),
		      "HttpPrepareUrl of %ls is itself", expect);
	free(out);
	free(again);
}

static void test_prepare_url(void)
{
	PWSTR out = NULL;
	char small[16];

	prepared(L"HTTP://Example.COM/Path/", L"http://example.com:80/Path/");
	prepared(L"https://+/", L"https://+:443/");
	prepared(L"Https://*:0443", L"https://*:443/");
	prepared(L"http://[FE80::1]:8080/a/B", L"http://[fe80::1]:8080/a/B");
	prepared(L"http://10.0.0.1:8080/x/", L"http://10.0.0.1:8080/x/");
	prepared(L"http://h\u00c9te.Example:81/", L"http://h\u00c9te.example:81/");
	prepared(L"http://host:65535/", L"http://host:65535/");
	prepared(L"ftp://host/", NULL);
	prepared(L"http:/host/", NULL);
	prepared(L"http://:80/", NULL);
	prepared(L"http://host:0/", NULL);
	prepared(L"http://host:65536/", NULL);
	prepared(L"http://host:/", NULL);
	prepared(L"http://host:8x/", NULL);
	prepared(L"http://[::1/", NULL);
	prepared(L"http://host:80/a?b", NULL);
	prepared(L"", NULL);
	CHECK(HttpPrepareUrl(&out, 0, L"http://+:80/", &out) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpPrepareUrl(NULL, 1, L"http://+:80/", &out) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpPrepareUrl(NULL, 0, NULL, &out) == ERROR_INVALID_PARAMETER &&
	      HttpPrepareUrl(NULL, 0, L"http://+:80/", NULL) ==
	      ERROR_INVALID_PARAMETER && !out,
	      "HttpPrepareUrl: Reserved, Flags, Url and PreparedUrl checked");
	CHECK(lib_prefix_canonical("http://+:80/", 12, small, 12) == -1 &&
	      lib_prefix_canonical("http://+:80/", 12, small, 13) == 12,
	      "lib_prefix_canonical: a result that does not fit is refused");
}

static void test_features(void)
{
	int all_false = 1;

	for (int f = HttpFeatureUnknown; f <= HttpFeatureLast; f++)
		if (f != HttpFeatureDelegateEx)
			all_false &= !HttpIsFeatureSupported((HTTP_FEATURE_ID)f);
	CHECK(all_false && !HttpIsFeatureSupported(HttpFeaturemax),
	      "HttpIsFeatureSupported: FALSE for every feature but DelegateEx");
	CHECK(HttpIsFeatureSupported(HttpFeatureDelegateEx),
	      "HttpIsFeatureSupported: TRUE for DelegateEx");
	CHECK(HttpGetExtension((HTTPAPI_VERSION){ 3, 0 }, 0, &all_false, 4) ==
	      ERROR_REVISION_MISMATCH &&
	      HttpGetExtension(HTTPAPI_VERSION_2, 0, NULL, 4) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpGetExtension(HTTPAPI_VERSION_2, 0, &all_false, 0) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpGetExtension(HTTPAPI_VERSION_2, 1, &all_false, 4) ==
	      ERROR_NOT_SUPPORTED,
	      "HttpGetExtension: version and buffer checked, no extension");
}

static void test_before_init(HANDLE fake)
{
	HTTP_URL_GROUP_ID id;
	UCHAR cert[64];
	ULONG n;
	HTTP_REQUEST_PROPERTY_STREAM_ERROR se = { 0 };

	CHECK(HttpWaitForDisconnectEx(fake, 1, 0, NULL) == ERROR_DLL_INIT_FAILED &&
	      HttpWaitForDemandStart(fake, NULL) == ERROR_DLL_INIT_FAILED &&
	      HttpDeclarePush(fake, 1, HttpVerbGET, L"/", NULL, NULL) ==
	      ERROR_DLL_INIT_FAILED &&
	      HttpSetRequestProperty(fake, 1, HttpRequestPropertyStreamError,
				     &se, sizeof(se), NULL) ==
	      ERROR_DLL_INIT_FAILED &&
	      HttpReceiveClientCertificate(fake, 1, 0,
					   (PHTTP_SSL_CLIENT_CERT_INFO)cert,
					   sizeof(cert), &n, NULL) ==
	      ERROR_DLL_INIT_FAILED &&
	      HttpUpdateServiceConfiguration(NULL, HttpServiceConfigSSLCertInfo,
					     cert, sizeof(cert), NULL) ==
	      ERROR_DLL_INIT_FAILED &&
	      HttpFindUrlGroupId(L"http://+:80/", fake, &id) ==
	      ERROR_DLL_INIT_FAILED,
	      "the new calls need HttpInitialize first");
}

static void test_disconnect_and_demand(HANDLE fake)
{
	OVERLAPPED ov = { 0 };

	CHECK(HttpWaitForDisconnectEx(fake, 1, 1, NULL) == ERROR_INVALID_PARAMETER &&
	      HttpWaitForDisconnectEx(fake, 1, 1, &ov) == ERROR_INVALID_PARAMETER,
	      "HttpWaitForDisconnectEx: Reserved must be 0");
	CHECK(HttpWaitForDisconnectEx(NULL, 1, 0, NULL) == ERROR_INVALID_HANDLE &&
	      HttpWaitForDisconnectEx(fake, HTTP_NULL_ID, 0, NULL) ==
	      ERROR_INVALID_PARAMETER,
	      "HttpWaitForDisconnectEx: handle and ID as HttpWaitForDisconnect");
	/* The pipe answers the probe ioctl with ENOTTY: no queue. */
	CHECK(HttpWaitForDemandStart(NULL, NULL) == ERROR_INVALID_PARAMETER &&
	      HttpWaitForDemandStart(fake, NULL) == ERROR_INVALID_PARAMETER &&
	      HttpWaitForDemandStart(fake, &ov) == ERROR_INVALID_PARAMETER,
	      "HttpWaitForDemandStart: a handle that is no queue is a bad parameter");
}

/* HttpReceiveClientCertificate into a 64-byte buffer (none: NULL). */
static ULONG client_cert(HANDLE h, HTTP_CONNECTION_ID id, ULONG flags,
			 int buffer, PULONG bytes, LPOVERLAPPED ov)
{
	static UCHAR cert[64];

	return HttpReceiveClientCertificate(h, id, flags,
					    buffer ? (PHTTP_SSL_CLIENT_CERT_INFO)cert :
						     NULL,
					    sizeof(cert), bytes, ov);
}

/* HttpUpdateServiceConfiguration with 64 bytes at @info. */
static ULONG update(HANDLE h, HTTP_SERVICE_CONFIG_ID id, void *info,
		    LPOVERLAPPED ov)
{
	return HttpUpdateServiceConfiguration(h, id, info, 64, ov);
}

/* Only what is checked before the kernel is asked: the VM test does more. */
static void test_find_group_checks(HANDLE fake)
{
	HTTP_URL_GROUP_ID id = 5;

	CHECK(HttpFindUrlGroupId(L"http://+:80/", NULL, &id) == ERROR_INVALID_HANDLE &&
	      HttpFindUrlGroupId(NULL, fake, &id) == ERROR_INVALID_PARAMETER &&
	      HttpFindUrlGroupId(L"http://+:80/", fake, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpFindUrlGroupId(L"ftp://host/", fake, &id) ==
	      ERROR_INVALID_PARAMETER && id == 5,
	      "HttpFindUrlGroupId: handle, URL and result pointer checked");
}

/* What HttpDelegateRequestEx checks before the kernel is asked. */
static void test_delegate_checks(HANDLE fake)
{
	HTTP_DELEGATE_REQUEST_PROPERTY_INFO p = { DelegateRequestReservedProperty,
						  0, NULL };
	HTTP_DELEGATE_REQUEST_PROPERTY_INFO url = {
		DelegateRequestDelegateUrlProperty, 4, (PVOID)"/x/" };
	HTTP_DELEGATE_REQUEST_PROPERTY_INFO odd = { 7, 0, NULL };
	HTTP_DELEGATE_REQUEST_PROPERTY_INFO dangling = {
		DelegateRequestReservedProperty, 4, NULL };

	CHECK(HttpDelegateRequestEx(NULL, fake, 1, 1, 0, NULL) ==
	      ERROR_INVALID_HANDLE &&
	      HttpDelegateRequestEx(fake, NULL, 1, 1, 0, NULL) ==
	      ERROR_INVALID_HANDLE,
	      "HttpDelegateRequestEx: both queue handles checked");
	CHECK(HttpDelegateRequestEx(fake, fake, HTTP_NULL_ID, 1, 0, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpDelegateRequestEx(fake, fake, 1, 0, 0, NULL) ==
	      ERROR_INVALID_PARAMETER,
	      "HttpDelegateRequestEx: a null request or group ID is a bad parameter");
	CHECK(HttpDelegateRequestEx(fake, fake, 1, 1, 1, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpDelegateRequestEx(fake, fake, 1, 1, 1, &odd) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpDelegateRequestEx(fake, fake, 1, 1, 1, &dangling) ==
	      ERROR_INVALID_PARAMETER,
	      "HttpDelegateRequestEx: a missing set, unknown property or NULL value refused");
	CHECK(HttpDelegateRequestEx(fake, fake, 1, 1, 1, &url) ==
	      ERROR_NOT_SUPPORTED,
	      "HttpDelegateRequestEx: DelegateRequestDelegateUrlProperty not supported");
	/* Past the checks: the pipe is no httpsys handle. */
	CHECK(HttpDelegateRequestEx(fake, fake, 1, 1, 1, &p) ==
	      ERROR_INVALID_HANDLE,
	      "HttpDelegateRequestEx: a reserved property is accepted");
}

static void test_http2_tls(HANDLE fake)
{
	HTTP_REQUEST_PROPERTY_STREAM_ERROR se = { 0 };
	OVERLAPPED ov = { 0 };
	UCHAR cert[64];
	ULONG n;

	CHECK(HttpDeclarePush(NULL, 1, HttpVerbGET, L"/", NULL, NULL) ==
	      ERROR_INVALID_HANDLE,
	      "HttpDeclarePush: the handle first");
	CHECK(HttpDeclarePush(fake, HTTP_NULL_ID, HttpVerbGET, L"/", NULL, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpDeclarePush(fake, 1, HttpVerbPOST, L"/", NULL, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpDeclarePush(fake, 1, HttpVerbGET, NULL, NULL, NULL) ==
	      ERROR_INVALID_PARAMETER,
	      "HttpDeclarePush: request ID, verb (GET or HEAD) and path checked");
	CHECK(HttpDeclarePush(fake, 1, HttpVerbHEAD, L"/a", "q=1", NULL) ==
	      ERROR_NOT_SUPPORTED,
	      "HttpDeclarePush: ERROR_NOT_SUPPORTED (no HTTP/2)");

	CHECK(HttpSetRequestProperty(NULL, 1, HttpRequestPropertyStreamError,
				     &se, sizeof(se), NULL) == ERROR_INVALID_HANDLE,
	      "HttpSetRequestProperty: the handle first");
	CHECK(HttpSetRequestProperty(fake, 1, HttpRequestPropertySni, &se,
				     sizeof(se), NULL) == ERROR_INVALID_PARAMETER &&
	      HttpSetRequestProperty(fake, 1, HttpRequestPropertyStreamError,
				     &se, sizeof(se) + 1, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpSetRequestProperty(fake, 1, HttpRequestPropertyStreamError,
				     NULL, sizeof(se), NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpSetRequestProperty(fake, HTTP_NULL_ID,
				     HttpRequestPropertyStreamError, &se,
				     sizeof(se), NULL) == ERROR_INVALID_PARAMETER,
	      "HttpSetRequestProperty: property, input and ID checked");
	CHECK(HttpSetRequestProperty(fake, 1, HttpRequestPropertyStreamError,
				     &se, sizeof(se), &ov) == ERROR_NOT_SUPPORTED,
	      "HttpSetRequestProperty: a stream error is ERROR_NOT_SUPPORTED (no HTTP/2)");

	CHECK(client_cert(NULL, 1, 0, 1, &n, NULL) == ERROR_INVALID_HANDLE,
	      "HttpReceiveClientCertificate: the handle first");
	CHECK(client_cert(fake, 1, 2, 1, &n, NULL) == ERROR_INVALID_PARAMETER &&
	      client_cert(fake, 1, 0, 1, NULL, NULL) == ERROR_INVALID_PARAMETER &&
	      client_cert(fake, 1, 0, 0, &n, NULL) == ERROR_INVALID_PARAMETER &&
	      client_cert(fake, HTTP_NULL_ID, 0, 1, &n, NULL) ==
	      ERROR_INVALID_PARAMETER,
	      "HttpReceiveClientCertificate: flags, size pointer, buffer and ID checked");
	CHECK(client_cert(fake, 1, 0, 1, &n, NULL) == ERROR_NOT_FOUND &&
	      client_cert(fake, 1, HTTP_RECEIVE_SECURE_CHANNEL_TOKEN, 1, NULL,
			  &ov) == ERROR_NOT_FOUND,
	      "HttpReceiveClientCertificate: ERROR_NOT_FOUND (no TLS)");

	CHECK(update(fake, HttpServiceConfigSSLCertInfo, cert, NULL) ==
	      ERROR_INVALID_HANDLE &&
	      update(NULL, HttpServiceConfigSSLCertInfo, cert, &ov) ==
	      ERROR_INVALID_PARAMETER &&
	      update(NULL, HttpServiceConfigSSLCertInfo, NULL, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      update(NULL, HttpServiceConfigUrlAclInfo, cert, NULL) ==
	      ERROR_INVALID_PARAMETER,
	      "HttpUpdateServiceConfiguration: handle, overlapped, input and record type checked");
	CHECK(update(NULL, HttpServiceConfigSSLCertInfo, cert, NULL) ==
	      ERROR_FILE_NOT_FOUND &&
	      update(NULL, HttpServiceConfigSslSniCertInfo, cert, NULL) ==
	      ERROR_FILE_NOT_FOUND &&
	      update(NULL, HttpServiceConfigSslCcsCertInfo, cert, NULL) ==
	      ERROR_FILE_NOT_FOUND,
	      "HttpUpdateServiceConfiguration: no TLS record exists to update");
}

int main(void)
{
	int p[2];
	HANDLE fake;

	/* The names of the checks print wide strings. */
	setlocale(LC_CTYPE, "C.UTF-8");
	if (pipe(p))
		return 1;
	fake = HttpHandleFromFd(p[0]);
	test_prepare_url();
	test_features();
	test_before_init(fake);
	if (!CHECK(HttpInitialize(HTTPAPI_VERSION_2,
				  HTTP_INITIALIZE_SERVER | HTTP_INITIALIZE_CONFIG,
				  NULL) == NO_ERROR, "HttpInitialize"))
		return tap_exit_status();
	test_disconnect_and_demand(fake);
	test_find_group_checks(fake);
	test_delegate_checks(fake);
	test_http2_tls(fake);
	HttpTerminate(HTTP_INITIALIZE_SERVER | HTTP_INITIALIZE_CONFIG, NULL);
	close(p[0]);
	close(p[1]);
	return tap_exit_status();
}
