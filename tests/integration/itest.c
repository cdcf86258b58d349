// SPDX-License-Identifier: GPL-2.0
/*
 * Integration tests of httpsys.ko through libhttpapi, run inside the test
 * VM with the module loaded.  The test plays both sides: it queues a
 * request from a client (curl or a raw socket), receives and answers it
 * through the Windows API, then checks what the client got.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wchar.h>

#include <http.h>

#include "tap.h"
#include "app.h"
#include "client.h"

static HANDLE q1, q2, q3;

static void test_setup(void)
{
	HTTPAPI_VERSION bad = { 3, 0 };
	int fd;

	CHECK(HttpInitialize(bad, HTTP_INITIALIZE_SERVER, NULL) ==
	      ERROR_REVISION_MISMATCH, "init: unknown API version refused");
	CHECK(HttpInitialize(HTTPAPI_VERSION_1, HTTP_INITIALIZE_SERVER, NULL) ==
	      NO_ERROR, "init: HttpInitialize 1.0");
	CHECK(HttpCreateHttpHandle(&q1, 0) == NO_ERROR &&
	      HttpCreateHttpHandle(&q2, 0) == NO_ERROR &&
	      HttpCreateHttpHandle(&q3, 0) == NO_ERROR,
	      "init: three request queue handles");
	fd = client_connect("127.0.0.1", 8080);
	CHECK(fd < 0, "listener: nothing listens before the first prefix");
	if (fd >= 0)
		close(fd);
	CHECK(HttpAddUrl(q1, L"http://+:8080/app/", NULL) == NO_ERROR,
	      "add: http://+:8080/app/");
	fd = client_connect("127.0.0.1", 8080);
	CHECK(fd >= 0, "listener: the port listens after the first prefix");
	if (fd >= 0)
		close(fd);
}

static void test_add_url_errors(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(8090) };
	int s, one = 1;

	CHECK(HttpAddUrl(q1, L"http://+/app/", NULL) == ERROR_INVALID_PARAMETER,
	      "add: missing port refused");
	CHECK(HttpAddUrl(q1, L"http://+:0/app/", NULL) == ERROR_INVALID_PARAMETER,
	      "add: port 0 refused");
	CHECK(HttpAddUrl(q1, L"http://+:8080", NULL) == ERROR_INVALID_PARAMETER,
	      "add: prefix without a path refused");
	CHECK(HttpAddUrl(q1, L"http://+:8080/a?b/", NULL) == ERROR_INVALID_PARAMETER,
	      "add: query in the prefix refused");
	CHECK(HttpAddUrl(q1, L"http://+:8080/app/", NULL) == ERROR_ALREADY_EXISTS,
	      "add: same prefix twice on one queue");
	CHECK(HttpAddUrl(q2, L"http://+:8080/app/", NULL) == ERROR_ALREADY_EXISTS,
	      "add: same prefix from another queue");
	CHECK(HttpAddUrl(q2, L"http://+:8080/APP", NULL) == ERROR_ALREADY_EXISTS,
	      "add: same prefix without trailing slash, other case");
	CHECK(HttpRemoveUrl(q1, L"http://+:8080/none/") == ERROR_FILE_NOT_FOUND,
	      "remove: unknown prefix");

	s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) || listen(s, 1))
		perror("bind 8090");
	CHECK(HttpAddUrl(q2, L"http://+:8090/", NULL) == ERROR_SHARING_VIOLATION,
	      "add: a port held by another socket is refused");
	close(s);
}

static void test_curl_get(void)
{
	const struct sockaddr_in *remote;
	FILE *curl;
	int status;

	curl = curl_start("curl -s -i --max-time 60 -H 'X-Test: yes' "
			  "'http://127.0.0.1:8080/app/hello%%20world?q=1'");
	req = receive(q1, 0);
	if (!CHECK(req != NULL, "get: the application receives curl's request")) {
		curl_finish(curl, out, sizeof(out));
		req = (PHTTP_REQUEST)request_buffer;
		return;
	}
	CHECK(req->Verb == HttpVerbGET && req->Version.MajorVersion == 1 &&
	      req->Version.MinorVersion == 1, "get: verb GET, version 1.1");
	CHECK(req->RequestId != HTTP_NULL_ID && req->ConnectionId != HTTP_NULL_ID,
	      "get: request and connection IDs are not null");
	CHECK(req->RawUrlLength == 22 &&
	      !strcmp(req->pRawUrl, "/app/hello%20world?q=1"), "get: raw URL");
	CHECK(wide_is(req->CookedUrl.pFullUrl, req->CookedUrl.FullUrlLength,
		      L"http://127.0.0.1:8080/app/hello world?q=1"),
	      "get: cooked full URL, decoded");
	CHECK(wide_is(req->CookedUrl.pHost, req->CookedUrl.HostLength,
		      L"127.0.0.1:8080") &&
	      wide_is(req->CookedUrl.pAbsPath, req->CookedUrl.AbsPathLength,
		      L"/app/hello world") &&
	      wide_is(req->CookedUrl.pQueryString,
		      req->CookedUrl.QueryStringLength, L"?q=1"),
	      "get: cooked host, path and query");
	CHECK(known_is(req, HttpHeaderHost, "127.0.0.1:8080") &&
	      req->Headers.KnownHeaders[HttpHeaderUserAgent].pRawValue &&
	      !strncmp(req->Headers.KnownHeaders[HttpHeaderUserAgent].pRawValue,
		       "curl/", 5), "get: known headers Host and User-Agent");
	CHECK(req->Headers.UnknownHeaderCount == 1 &&
	      !strcmp(req->Headers.pUnknownHeaders[0].pName, "X-Test") &&
	      !strcmp(req->Headers.pUnknownHeaders[0].pRawValue, "yes"),
	      "get: unknown header X-Test");
	remote = (const struct sockaddr_in *)req->Address.pRemoteAddress;
	CHECK(remote && remote->sin_family == AF_INET &&
	      remote->sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
	      req->Address.pLocalAddress &&
	      ((const struct sockaddr_in *)req->Address.pLocalAddress)->sin_port ==
	      htons(8080), "get: remote and local addresses");
	CHECK(req->BytesReceived > 50, "get: BytesReceived counts the head");
	CHECK(respond(q1, req->RequestId, 200, "OK", "hello from app", 0) ==
	      NO_ERROR, "get: HttpSendHttpResponse");
	status = curl_finish(curl, out, sizeof(out));
	CHECK(status == 0 && strstr(out, "HTTP/1.1 200 OK") &&
	      strstr(out, "\r\n\r\nhello from app"), "get: curl gets 200 and the body");
	CHECK(strstr(out, "Content-Length: 14\r\n") && strstr(out, "Date: ") &&
	      strstr(out, "Content-Type: text/plain\r\n"),
	      "get: Content-Length and Date added, Content-Type kept");
}

static void test_kernel_answers(void)
{
	int fd;

	fd = raw_request(8080, "GET /nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
	CHECK(client_read_response(fd, out, sizeof(out)) == 404 &&
	      strstr(out, "Connection: close"), "kernel: 404 for an unregistered path");
	CHECK(client_closed(fd), "kernel: connection closed after the 404");
	close(fd);
	fd = raw_request(8080, "GET /app/ HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
	CHECK(client_read_response(fd, out, sizeof(out)) == 400,
	      "kernel: 400 for a header line without a colon");
	CHECK(client_closed(fd), "kernel: connection closed after the 400");
	close(fd);
	fd = raw_request(8080, "GET /app/ HTTP/1.1\nHost: x\n\n");
	CHECK(client_read_response(fd, out, sizeof(out)) == 400,
	      "kernel: 400 for bare LF line ends");
	close(fd);
	fd = raw_request(8080, "GET /app/ HTTP/1.1\r\n\r\n");
	CHECK(client_read_response(fd, out, sizeof(out)) == 400 &&
	      strstr(out, "Invalid Hostname"), "kernel: 400 for a missing Host");
	close(fd);
	fd = raw_request(8080, "GET /app/ HTTP/3.0\r\nHost: x\r\n\r\n");
	CHECK(client_read_response(fd, out, sizeof(out)) == 505,
	      "kernel: 505 for an unsupported version");
	close(fd);
	fd = raw_request(8080, "POST /app/ HTTP/1.1\r\nHost: x\r\n\r\n");
	CHECK(client_read_response(fd, out, sizeof(out)) == 411,
	      "kernel: 411 for a POST without a length");
	close(fd);
	CHECK(!readable(q1, 200), "kernel: none of these reached the application");
}

static void test_keep_alive(void)
{
	HTTP_CONNECTION_ID first_conn = 0;
	HTTP_REQUEST_ID first_id = 0;
	FILE *curl;
	int fd;

	fd = raw_request(8080, "GET /app/one HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q1, 0)) {
		first_conn = req->ConnectionId;
		first_id = req->RequestId;
		respond(q1, req->RequestId, 200, "OK", "one", 0);
	}
	CHECK(client_read_response(fd, out, sizeof(out)) == 200 &&
	      strstr(out, "\r\n\r\none"), "keep-alive: first response");
	client_send(fd, "GET /app/two HTTP/1.1\r\nHost: a\r\n\r\n");
	CHECK(receive(q1, 0) && req->ConnectionId == first_conn &&
	      req->RequestId != first_id,
	      "keep-alive: second request on the same connection, new request ID");
	respond(q1, req->RequestId, 200, "OK", "two", 0);
	CHECK(client_read_response(fd, out, sizeof(out)) == 200 &&
	      strstr(out, "\r\n\r\ntwo"), "keep-alive: second response");
	close(fd);

	curl = curl_start("curl -sv --max-time 60 http://127.0.0.1:8080/app/a "
			  "http://127.0.0.1:8080/app/b 2>&1");
	if (receive(q1, 0))
		respond(q1, req->RequestId, 200, "OK", "A", 0);
	if (receive(q1, 0))
		respond(q1, req->RequestId, 200, "OK", "B", 0);
	curl_finish(curl, out, sizeof(out));
	CHECK(strstr(out, "Re-using existing connection") && strstr(out, "\nA") &&
	      strstr(out, "\nB"), "keep-alive: curl reuses the connection");

	fd = raw_request(8080, "GET /app/bye HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q1, 0))
		respond(q1, req->RequestId, 200, "OK", "bye",
			HTTP_SEND_RESPONSE_FLAG_DISCONNECT);
	CHECK(client_read_response(fd, out, sizeof(out)) == 200 &&
	      strstr(out, "Connection: close") && client_closed(fd),
	      "keep-alive: DISCONNECT flag closes the connection");
	close(fd);
}

static void test_buffer_sizes(void)
{
	HTTP_REQUEST_ID first;
	ULONG got = 0, err;
	int fd1, fd2;

	fd1 = raw_request(8080, "GET /app/first HTTP/1.1\r\nHost: a\r\n\r\n");
	readable(q1, WAIT_MS);
	err = HttpReceiveHttpRequest(q1, HTTP_NULL_ID, 0, req, 100, &got, NULL);
	CHECK(err == ERROR_INSUFFICIENT_BUFFER,
	      "receive: buffer below HTTP_REQUEST_V1 gives ERROR_INSUFFICIENT_BUFFER");
	err = HttpReceiveHttpRequest(q1, HTTP_NULL_ID, 0, req,
				     sizeof(HTTP_REQUEST_V1), &got, NULL);
	first = req->RequestId;
	CHECK(err == ERROR_MORE_DATA && got > sizeof(HTTP_REQUEST_V1) &&
	      first != HTTP_NULL_ID,
	      "receive: small buffer gives ERROR_MORE_DATA, size and RequestId");
	fd2 = raw_request(8080, "GET /app/second HTTP/1.1\r\nHost: a\r\n\r\n");
	CHECK(receive(q1, 0) && req->RequestId != first &&
	      !strcmp(req->pRawUrl, "/app/second"),
	      "receive: a null-ID receive skips the request that has an ID");
	respond(q1, req->RequestId, 200, "OK", "2", 0);
	err = HttpReceiveHttpRequest(q1, first, 0, req, BUF_SIZE, &got, NULL);
	CHECK(err == NO_ERROR && req->RequestId == first &&
	      !strcmp(req->pRawUrl, "/app/first"),
	      "receive: the request is delivered by its ID");
	respond(q1, first, 200, "OK", "1", 0);
	CHECK(client_read_response(fd1, out, sizeof(out)) == 200 &&
	      client_read_response(fd2, out, sizeof(out)) == 200,
	      "receive: both clients answered");
	err = HttpReceiveHttpRequest(q1, first, 0, req, BUF_SIZE, &got, NULL);
	CHECK(err == ERROR_CONNECTION_INVALID,
	      "receive: an answered request's ID is stale");
	CHECK(respond(q1, first, 200, "OK", "again", 0) == ERROR_CONNECTION_INVALID,
	      "send: a second final response is refused");
	close(fd1);
	close(fd2);
}

/*
 * As on Windows, BytesReceived counts every byte of the request received
 * so far, the body that arrived with the head included, not only the head.
 */
static void bytes_received_counts_the_body(const char *request,
					   const char *framing)
{
	int fd = raw_request(8080, request);
	PHTTP_REQUEST got;

	usleep(200000);	/* let the body arrive with the head */
	got = receive(q1, 0);
	CHECK(got && got->BytesReceived == strlen(request),
	      "body: BytesReceived counts the %s body received with the head "
	      "(%llu of %zu)", framing,
	      got ? (unsigned long long)got->BytesReceived : 0ULL,
	      strlen(request));
	respond(q1, req->RequestId, 200, "OK", "ok", 0);
	CHECK(client_read_response(fd, out, sizeof(out)) == 200,
	      "body: %s POST answered", framing);
	close(fd);
}

static void test_bodies(void)
{
	static char body[100000];
	char piece[1000];
	size_t total = 0, i;
	int ok = 1, fd;
	ULONG got, err;
	FILE *f, *curl;

	for (i = 0; i < sizeof(body); i++)
		body[i] = 'a' + i % 26;
	f = fopen("/tmp/httpsys-body", "w");
	fwrite(body, 1, sizeof(body), f);
	fclose(f);
	curl = curl_start("curl -s --max-time 60 --data-binary @/tmp/httpsys-body "
			  "http://127.0.0.1:8080/app/upload");
	if (!CHECK(receive(q1, 0) && req->Verb == HttpVerbPOST &&
		   (req->Flags & HTTP_REQUEST_FLAG_MORE_ENTITY_BODY_EXISTS) &&
		   known_is(req, HttpHeaderContentLength, "100000"),
		   "body: POST arrives flagged with more entity body")) {
		curl_finish(curl, out, sizeof(out));
		return;
	}
	CHECK(HttpReceiveRequestEntityBody(q1, HTTP_NULL_ID, 0, piece, sizeof(piece),
					   &got, NULL) == ERROR_CONNECTION_INVALID,
	      "body: HTTP_NULL_ID is refused");
	for (;;) {
		got = 0;
		err = HttpReceiveRequestEntityBody(q1, req->RequestId, 0, piece,
						   sizeof(piece), &got, NULL);
		if (err != NO_ERROR)
			break;
		if (got > sizeof(piece) || total + got > sizeof(body) ||
		    memcmp(piece, body + total, got))
			ok = 0;
		total += got;
	}
	CHECK(err == ERROR_HANDLE_EOF, "body: ends with ERROR_HANDLE_EOF");
	CHECK(ok && total == sizeof(body), "body: 100000 bytes arrive intact in pieces");
	respond(q1, req->RequestId, 200, "OK", "stored", 0);
	CHECK(curl_finish(curl, out, sizeof(out)) == 0 && !strcmp(out, "stored"),
	      "body: curl gets the response");

	fd = raw_request(8080, "POST /app/small HTTP/1.1\r\nHost: a\r\n"
			 "Content-Length: 3\r\n\r\nabc");
	usleep(200000);	/* let the body arrive with the head */
	CHECK(receive(q1, HTTP_RECEIVE_REQUEST_FLAG_COPY_BODY) &&
	      req->EntityChunkCount == 1 &&
	      req->pEntityChunks[0].FromMemory.BufferLength == 3 &&
	      !memcmp(req->pEntityChunks[0].FromMemory.pBuffer, "abc", 3) &&
	      !(req->Flags & HTTP_REQUEST_FLAG_MORE_ENTITY_BODY_EXISTS),
	      "body: COPY_BODY delivers the body with the request");
	CHECK(HttpReceiveRequestEntityBody(q1, req->RequestId, 0, piece,
					   sizeof(piece), &got, NULL) ==
	      ERROR_HANDLE_EOF, "body: nothing left after COPY_BODY");
	respond(q1, req->RequestId, 200, "OK", "ok", 0);
	CHECK(client_read_response(fd, out, sizeof(out)) == 200,
	      "body: small POST answered");
	close(fd);
	bytes_received_counts_the_body(
		"POST /app/small HTTP/1.1\r\nHost: a\r\n"
		"Content-Length: 3\r\n\r\nabc", "Content-Length");
	bytes_received_counts_the_body(
		"POST /app/small HTTP/1.1\r\nHost: a\r\n"
		"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
		"chunked");
}

static void test_ipv6(void)
{
	FILE *curl;

	curl = curl_start("curl -sg --max-time 60 'http://[::1]:8080/app/v6'");
	CHECK(receive(q1, 0) && req->Address.pRemoteAddress &&
	      req->Address.pRemoteAddress->sa_family == AF_INET6 &&
	      wide_is(req->CookedUrl.pHost, req->CookedUrl.HostLength,
		      L"[::1]:8080"), "ipv6: request over ::1 with an IPv6 address");
	respond(q1, req->RequestId, 200, "OK", "six", 0);
	CHECK(curl_finish(curl, out, sizeof(out)) == 0 && !strcmp(out, "six"),
	      "ipv6: curl gets the response");
}

/* Which of q1..q3 a request for @host @path on @port reaches (-1: several). */
static int routed_to(int port, const char *host, const char *path)
{
	HANDLE queues[] = { q1, q2, q3 };
	struct pollfd p[3];
	char request[256];
	int fd, i, found = 0;

	snprintf(request, sizeof(request), "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n",
		 path, host);
	fd = raw_request(port, request);
	for (i = 0; i < 3; i++) {
		p[i].fd = HttpQueueFd(queues[i]);
		p[i].events = POLLIN;
	}
	poll(p, 3, WAIT_MS);
	usleep(100000);	/* a second delivery would be a routing bug */
	for (i = 0; i < 3; i++) {
		if (readable(queues[i], 0) && receive(queues[i], 0)) {
			respond(queues[i], req->RequestId, 200, "OK", "r", 0);
			found = found ? -1 : i + 1;
		}
	}
	close(fd);
	return found;
}

static void test_routing(void)
{
	int fd;

	CHECK(HttpAddUrl(q2, L"http://*:8082/", NULL) == NO_ERROR &&
	      HttpAddUrl(q3, L"http://localhost:8082/", NULL) == NO_ERROR &&
	      HttpAddUrl(q1, L"http://+:8082/strong/", NULL) == NO_ERROR,
	      "routing: weak, explicit and strong prefixes on one port");
	CHECK(routed_to(8082, "localhost", "/x") == 3,
	      "routing: explicit host beats weak wildcard");
	CHECK(routed_to(8082, "LOCALHOST:8082", "/x") == 3,
	      "routing: host match is case-insensitive");
	CHECK(routed_to(8082, "other", "/x") == 2,
	      "routing: weak wildcard takes other hosts");
	CHECK(routed_to(8082, "localhost", "/strong/a") == 1,
	      "routing: strong wildcard beats an explicit host");
	CHECK(routed_to(8082, "localhost", "/Strong") == 1,
	      "routing: path match is case-insensitive, slash optional");
	CHECK(HttpAddUrl(q1, L"http://+:8083/a/", NULL) == NO_ERROR &&
	      HttpAddUrl(q2, L"http://+:8083/a/b/", NULL) == NO_ERROR,
	      "routing: nested prefixes on another port");
	CHECK(routed_to(8083, "h", "/a/b/c") == 2 && routed_to(8083, "h", "/a/bc") == 1,
	      "routing: longest prefix wins, at segment boundaries");
	fd = raw_request(8083, "GET /elsewhere HTTP/1.1\r\nHost: h\r\n\r\n");
	CHECK(client_read_response(fd, out, sizeof(out)) == 404,
	      "routing: 404 outside every prefix");
	close(fd);
	CHECK(HttpRemoveUrl(q1, L"http://+:8083/a/") == NO_ERROR &&
	      HttpRemoveUrl(q2, L"http://+:8083/a/b") == NO_ERROR,
	      "routing: prefixes removed");
	fd = client_connect("127.0.0.1", 8083);
	CHECK(fd < 0, "listener: the port closes with its last prefix");
	if (fd >= 0)
		close(fd);

	CHECK(HttpAddUrl(q1, L"http://127.0.0.1:8086/", NULL) == NO_ERROR &&
	      HttpAddUrl(q2, L"http://[::1]:8086/", NULL) == NO_ERROR,
	      "routing: IPv4 and IPv6 literal prefixes");
	CHECK(routed_to(8086, "127.0.0.1:8086", "/") == 1 &&
	      routed_to(8086, "[::1]:8086", "/x") == 2,
	      "routing: each literal gets its own requests");
	CHECK(routed_to(8086, "example.org", "/") == 0,
	      "routing: a host no prefix names reaches nobody");
	fd = raw_request(8086, "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n");
	CHECK(client_read_response(fd, out, sizeof(out)) == 400 &&
	      strstr(out, "Invalid Hostname"), "routing: 400 Invalid Hostname for it");
	close(fd);
	HttpRemoveUrl(q1, L"http://127.0.0.1:8086/");
	HttpRemoveUrl(q2, L"http://[::1]:8086/");
}

static void test_unknown_ids(void)
{
	HTTP_REQUEST_ID unknown = 0x7fffffff12345678ULL;
	ULONG got = 0;
	char piece[16];

	CHECK(HttpReceiveHttpRequest(q1, unknown, 0, req, BUF_SIZE, &got, NULL) ==
	      ERROR_CONNECTION_INVALID, "ids: receive by an unknown ID");
	CHECK(HttpReceiveRequestEntityBody(q1, unknown, 0, piece, sizeof(piece),
					   &got, NULL) == ERROR_CONNECTION_INVALID,
	      "ids: body of an unknown ID");
	CHECK(respond(q1, unknown, 200, "OK", "x", 0) == ERROR_CONNECTION_INVALID,
	      "ids: response to an unknown ID");
}

static void test_queue_full_and_close(void)
{
	enum { N = 1000 };
	static int fds[N + 1];
	struct rlimit rl = { 4096, 4096 };
	HANDLE q4;
	int i, opened = 0, ok_503 = 1, answered;
	ULONG err;

	setrlimit(RLIMIT_NOFILE, &rl);
	HttpCreateHttpHandle(&q4, 0);
	CHECK(HttpAddUrl(q4, L"http://+:8084/", NULL) == NO_ERROR,
	      "queue: prefix for a queue nobody reads");
	for (i = 0; i <= N; i++) {
		fds[i] = raw_request(8084, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
		opened += fds[i] >= 0;
	}
	CHECK(opened == N + 1, "queue: 1001 clients connected");
	CHECK(count_503s(fds, N + 1, &answered) == 1,
	      "queue: exactly the request beyond the queue length gets 503");
	CloseHandle(q4);
	for (i = 0; i <= N; i++) {
		if (i != answered &&
		    client_read_response(fds[i], out, sizeof(out)) != 503)
			ok_503 = 0;
	}
	CHECK(ok_503, "queue: closing the handle answers all 1000 waiting requests with 503");
	for (i = 0; i <= N; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	err = HttpAddUrl(q3, L"http://+:8084/", NULL);
	CHECK(err == NO_ERROR, "queue: its prefix is free again after close");
	HttpRemoveUrl(q3, L"http://+:8084/");
}

static void test_ids_unique(void)
{
	int i, j, ok = seen_count > 10;

	for (i = 0; i < seen_count; i++)
		for (j = i + 1; j < seen_count; j++)
			if (seen_ids[i] == seen_ids[j] || !seen_ids[i])
				ok = 0;
	CHECK(ok, "ids: %d request IDs seen, all distinct and non-zero", seen_count);
}

int main(void)
{
	alarm(1200);	/* the harness bounds the run too */
	test_setup();
	test_add_url_errors();
	test_curl_get();
	test_kernel_answers();
	test_keep_alive();
	test_buffer_sizes();
	test_bodies();
	test_ipv6();
	test_routing();
	test_unknown_ids();
	test_queue_full_and_close();
	test_ids_unique();
	CloseHandle(q1);
	CloseHandle(q2);
	CloseHandle(q3);
	HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
	return tap_exit_status();
}
