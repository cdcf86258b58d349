// SPDX-License-Identifier: GPL-2.0
/*
 * The calls added for httpapi.dll's remaining exports, against the
 * module in the test VM: HttpWaitForDemandStart on a controller's queue
 * (pending until a request is queued, then a worker that opens the queue
 * answers it; at once while one waits; a second wait on the queue, through
 * any handle, ERROR_ALREADY_EXISTS; cancelled by CancelIoEx and by
 * shutting the handle down; ERROR_INVALID_ID_AUTHORITY on a queue that
 * is no controller's); HttpWaitForDisconnectEx completing when the client
 * closes; a prefix from HttpPrepareUrl registered and served where the
 * raw spelling is refused; and the HTTP/2 and TLS calls on a received
 * request failing as on Windows without disturbing its answer;
 * HttpFindUrlGroupId choosing among a queue's groups by routing precedence,
 * also when no further server session could be made.
 * Ports 8290-8292.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <http.h>
#include <httpsys.h>

#include "tap.h"
#include "app.h"
#include "client.h"

#define GET(path, port) \
	"GET " path " HTTP/1.1\r\nHost: localhost:" #port "\r\n\r\n"

static HTTP_SERVER_SESSION_ID session;

/* A new group holding @url (none when NULL) bound to @q; 0 on failure. */
static HTTP_URL_GROUP_ID group_for(HANDLE q, PCWSTR url)
{
	HTTP_BINDING_INFO b = { .Flags.Present = 1, .RequestQueueHandle = q };
	HTTP_URL_GROUP_ID g = 0;

	if (HttpCreateUrlGroup(session, &g, 0) ||
	    HttpSetUrlGroupProperty(g, HttpServerBindingProperty, &b, sizeof(b)) ||
	    (url && HttpAddUrlToUrlGroup(g, url, 0, 0)))
		return 0;
	return g;
}

/* The result of the overlapped call @ov on @h, waiting up to @ms. */
static ULONG overlapped_result(HANDLE h, OVERLAPPED *ov, DWORD ms)
{
	DWORD n;

	if (WaitForSingleObject(ov->hEvent, ms) != WAIT_OBJECT_0)
		return ERROR_IO_PENDING;
	return GetOverlappedResult(h, ov, &n, FALSE) ? NO_ERROR : GetLastError();
}

/* One wait per queue at a time: a second, on any handle of it, is refused. */
static void test_second_wait(HANDLE ctl)
{
	OVERLAPPED ov = { .hEvent = CreateEventW(NULL, TRUE, FALSE, NULL) };
	HANDLE other = NULL;
	ULONG err = HttpWaitForDemandStart(ctl, &ov);

	CHECK(err == ERROR_ALREADY_EXISTS,
	      "HttpWaitForDemandStart: a second wait on the queue is ERROR_ALREADY_EXISTS, got %lu",
	      (unsigned long)err);
	/* Never left pending, should it have been accepted. */
	if (err == ERROR_IO_PENDING && CancelIoEx(ctl, &ov))
		overlapped_result(ctl, &ov, WAIT_MS);
	CHECK(!HttpCreateRequestQueue(HTTPAPI_VERSION_2, L"demand", NULL,
				      HTTP_CREATE_REQUEST_QUEUE_FLAG_OPEN_EXISTING |
				      HTTP_CREATE_REQUEST_QUEUE_FLAG_CONTROLLER,
				      &other) &&
	      HttpWaitForDemandStart(other, &ov) == ERROR_ALREADY_EXISTS,
	      "HttpWaitForDemandStart: also through another controller handle");
	HttpCloseRequestQueue(other);
	CloseHandle(ov.hEvent);
}

static void test_demand_start(void)
{
	OVERLAPPED ov = { .hEvent = CreateEventW(NULL, TRUE, FALSE, NULL) };
	HANDLE ctl = NULL, plain = NULL, worker = NULL;
	int fd;

	if (!CHECK(!HttpCreateRequestQueue(HTTPAPI_VERSION_2, L"demand", NULL,
					   HTTP_CREATE_REQUEST_QUEUE_FLAG_CONTROLLER,
					   &ctl) &&
		   group_for(ctl, L"http://+:8290/demand/") &&
		   !HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0, &plain),
		   "demand start: a controller's queue and a plain one"))
		return;
	/* Overlapped first: a wrong answer must not block the test. */
	CHECK(HttpWaitForDemandStart(plain, &ov) == ERROR_INVALID_ID_AUTHORITY &&
	      HttpWaitForDemandStart(plain, NULL) == ERROR_INVALID_ID_AUTHORITY,
	      "HttpWaitForDemandStart: ERROR_INVALID_ID_AUTHORITY for no controller");
	CHECK(HttpWaitForDemandStart(ctl, &ov) == ERROR_IO_PENDING &&
	      overlapped_result(ctl, &ov, 300) == ERROR_IO_PENDING,
	      "HttpWaitForDemandStart: pending while no request is queued");
	test_second_wait(ctl);
	fd = raw_request(8290, GET("/demand/x", 8290));
	CHECK(overlapped_result(ctl, &ov, WAIT_MS) == NO_ERROR,
	      "HttpWaitForDemandStart: completes when a request is queued");
	CHECK(HttpWaitForDemandStart(ctl, NULL) == NO_ERROR,
	      "HttpWaitForDemandStart: at once while a request waits");
	CHECK(!HttpCreateRequestQueue(HTTPAPI_VERSION_2, L"demand", NULL,
				      HTTP_CREATE_REQUEST_QUEUE_FLAG_OPEN_EXISTING,
				      &worker) &&
	      receive(worker, 0) &&
	      !respond(worker, req->RequestId, 200, "OK", "started", 0) &&
	      client_read_response(fd, out, sizeof(out)) == 200,
	      "demand start: the worker started then answers the request");
	close(fd);
	CHECK(HttpWaitForDemandStart(ctl, &ov) == ERROR_IO_PENDING &&
	      CancelIoEx(ctl, &ov) &&
	      overlapped_result(ctl, &ov, WAIT_MS) == ERROR_OPERATION_ABORTED,
	      "HttpWaitForDemandStart: CancelIoEx ends it, ERROR_OPERATION_ABORTED");
	CHECK(HttpWaitForDemandStart(ctl, &ov) == ERROR_IO_PENDING &&
	      !HttpShutdownRequestQueue(ctl) &&
	      overlapped_result(ctl, &ov, WAIT_MS) == ERROR_OPERATION_ABORTED &&
	      HttpWaitForDemandStart(ctl, NULL) == ERROR_INVALID_HANDLE,
	      "HttpWaitForDemandStart: shutdown aborts it, then ERROR_INVALID_HANDLE");
	HttpCloseRequestQueue(worker);
	HttpCloseRequestQueue(plain);
	HttpCloseRequestQueue(ctl);
	CloseHandle(ov.hEvent);
}

/*
 * A request received, then: the HTTP/2 and TLS calls refused on it, its
 * answer still sent; HttpWaitForDisconnectEx pending while its keep-alive
 * connection stays, completing when the client closes it.
 */
static void test_request_calls(void)
{
	OVERLAPPED ov = { .hEvent = CreateEventW(NULL, TRUE, FALSE, NULL) };
	HTTP_REQUEST_PROPERTY_STREAM_ERROR se = { 0 };
	HTTP_CONNECTION_ID conn;
	HTTP_REQUEST_ID id;
	UCHAR cert[256];
	HANDLE q = NULL;
	ULONG n = 0;
	int fd;

	if (!CHECK(!HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0, &q) &&
		   group_for(q, L"http://+:8291/"), "set-up: a queue on 8291"))
		return;
	fd = raw_request(8291, GET("/r", 8291));
	if (!CHECK(receive(q, 0), "a request received"))
		goto out;
	id = req->RequestId;
	conn = req->ConnectionId;
	CHECK(HttpDeclarePush(q, id, HttpVerbGET, L"/pushed", NULL, NULL) ==
	      ERROR_NOT_SUPPORTED &&
	      HttpSetRequestProperty(q, id, HttpRequestPropertyStreamError, &se,
				     sizeof(se), NULL) == ERROR_NOT_SUPPORTED &&
	      HttpReceiveClientCertificate(q, conn, 0,
					   (PHTTP_SSL_CLIENT_CERT_INFO)cert,
					   sizeof(cert), &n, NULL) ==
	      ERROR_NOT_FOUND,
	      "HTTP/1.1 request: no push, no stream error, no client certificate");
	CHECK(!respond(q, id, 200, "OK", "plain", 0) &&
	      client_read_response(fd, out, sizeof(out)) == 200,
	      "the request is answered after them");
	CHECK(HttpWaitForDisconnectEx(q, conn, 1, &ov) == ERROR_INVALID_PARAMETER,
	      "HttpWaitForDisconnectEx: Reserved must be 0");
	CHECK(HttpWaitForDisconnectEx(q, conn, 0, &ov) == ERROR_IO_PENDING &&
	      overlapped_result(q, &ov, 300) == ERROR_IO_PENDING,
	      "HttpWaitForDisconnectEx: pending while the connection stays");
	close(fd);
	fd = -1;
	CHECK(overlapped_result(q, &ov, WAIT_MS) == NO_ERROR,
	      "HttpWaitForDisconnectEx: completes when the client closes");
out:
	if (fd >= 0)
		close(fd);
	HttpCloseRequestQueue(q);
	CloseHandle(ov.hEvent);
}

static void test_prepare_url(void)
{
	PCWSTR raw = L"HTTP://LocalHost:8292/Prep";
	HTTP_URL_CONTEXT context;
	HTTP_URL_GROUP_ID g = 0;
	PWSTR prepared = NULL;
	HANDLE q = NULL;

	if (!CHECK(!HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0, &q) &&
		   (g = group_for(q, NULL)), "set-up: a queue for 8292"))
		return;
	CHECK(HttpAddUrlToUrlGroup(g, raw, 0, 0) == ERROR_INVALID_PARAMETER,
	      "HttpAddUrlToUrlGroup refuses %ls", raw);
	CHECK(HttpPrepareUrl(NULL, 0, raw, &prepared) == NO_ERROR && prepared &&
	      !wcscmp(prepared, L"http://localhost:8292/Prep") &&
	      HttpAddUrlToUrlGroup(g, prepared, 7, 0) == NO_ERROR,
	      "HttpPrepareUrl's form of it is registered");
	CHECK(exchange(q, 8292, "localhost:8292", "/Prep/x", &context) == 200 &&
	      context == 7, "a request under the prepared prefix is served");
	free(prepared);
	HttpCloseRequestQueue(q);
}

/* HttpFindUrlGroupId for @url on @q: the group, 0 for ERROR_NOT_FOUND. */
static HTTP_URL_GROUP_ID found(PCWSTR url, HANDLE q)
{
	HTTP_URL_GROUP_ID g = ~0ULL;
	ULONG r = HttpFindUrlGroupId(url, q, &g);

	return r == ERROR_NOT_FOUND ? 0 : r ? ~0ULL : g;
}

/*
 * It asks the kernel for the queue's ID: it needs no server session of
 * its own, so it works with every session a handle may have in use.
 */
static void test_find_group_no_room(HANDLE q, HTTP_URL_GROUP_ID strong)
{
	HTTP_SERVER_SESSION_ID extra[HTTPSYS_MAX_SESSIONS];
	int n = 0;

	while (n < HTTPSYS_MAX_SESSIONS &&
	       !HttpCreateServerSession(HTTPAPI_VERSION_2, &extra[n], 0))
		n++;
	CHECK(n < HTTPSYS_MAX_SESSIONS &&
	      found(L"http://localhost:8292/a/b/x", q) == strong,
	      "HttpFindUrlGroupId: works with no room for another session (%d made)",
	      n);
	while (n--)
		HttpCloseServerSession(extra[n]);
}

static void test_find_group(void)
{
	HTTP_URL_GROUP_ID weak = 0, strong = 0, other = 0;
	HANDLE q = NULL, q2 = NULL;

	if (!CHECK(!HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0, &q) &&
		   !HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0, &q2) &&
		   (weak = group_for(q, L"http://*:8292/a/")) &&
		   (strong = group_for(q, L"http://localhost:8292/a/b/")) &&
		   (other = group_for(q2, L"http://+:8292/c/")),
		   "set-up: two groups on one queue, one on another"))
		return;
	CHECK(found(L"http://localhost:8292/a/b/x", q) == strong &&
	      found(L"HTTP://LOCALHOST:8292/a/b", q) == strong,
	      "HttpFindUrlGroupId: the explicit host before the weak wildcard");
	CHECK(found(L"http://elsewhere:8292/a/b/x", q) == weak &&
	      found(L"http://localhost:8292/a/", q) == weak,
	      "HttpFindUrlGroupId: the * prefix for another host or a shorter path");
	CHECK(found(L"http://localhost:8292/c/x", q2) == other &&
	      found(L"http://localhost:8292/c/x", q) == 0 &&
	      found(L"http://localhost:8292/z", q) == 0 &&
	      found(L"http://localhost:8293/a/", q) == 0,
	      "HttpFindUrlGroupId: ERROR_NOT_FOUND off the queue's groups");
	CHECK(HttpFindUrlGroupId(L"http://localhost:8292/a?b", q, &weak) ==
	      ERROR_INVALID_PARAMETER,
	      "HttpFindUrlGroupId: a URL that is no prefix is a bad parameter");
	test_find_group_no_room(q, strong);
	HttpCloseRequestQueue(q2);
	HttpCloseRequestQueue(q);
}

int main(void)
{
	if (!CHECK(!HttpInitialize(HTTPAPI_VERSION_2, HTTP_INITIALIZE_SERVER, NULL) &&
		   !HttpCreateServerSession(HTTPAPI_VERSION_2, &session, 0),
		   "set-up: initialize, a server session"))
		return tap_exit_status();
	test_demand_start();
	test_request_calls();
	test_prepare_url();
	test_find_group();
	HttpCloseServerSession(session);
	HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
	return tap_exit_status();
}
