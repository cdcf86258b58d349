// SPDX-License-Identifier: GPL-2.0
/*
 * Integration tests of the HTTP/1.1 engine, run in the test VM: request
 * smuggling shapes, chunked and Content-Length bodies, 100-continue,
 * pipelining and draining of unread bodies.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <http.h>

#include "tap.h"
#include "app.h"
#include "client.h"

#define PORT	8081

static HANDLE q;

/* Read the whole entity body of the current request into @buf. */
static long read_body(char *buf, size_t size, ULONG *last_error)
{
	size_t total = 0;
	ULONG got, err;

	for (;;) {
		got = 0;
		err = HttpReceiveRequestEntityBody(q, req->RequestId, 0,
						   buf + total, size - total,
						   &got, NULL);
		if (err != NO_ERROR)
			break;
		total += got;
		if (total == size)
			break;
	}
	*last_error = err;
	return total;
}

/*
 * @request must be answered by the kernel with @status, the connection
 * closed, and nothing delivered to the application.
 */
static void refused(const char *request, int status, const char *what)
{
	int fd = raw_request(PORT, request);
	int got = client_read_response(fd, out, sizeof(out));

	CHECK(got == status && client_closed(fd) && !readable(q, 100),
	      "smuggling: %s gets %d and a closed connection (got %d)", what,
	      status, got);
	if (fd >= 0)
		close(fd);
}

static void test_smuggling(void)
{
	refused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n"
		"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nG", 400, "CL.TE");
	refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
		"Content-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n", 400, "TE.CL");
	refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
		"Transfer-Encoding: x\r\n\r\n0\r\n\r\n", 400,
		"TE.TE with a second coding after chunked");
	refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n",
		501, "TE.TE unknown coding");
	refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n",
		400, "TE.TE space before the colon");
	refused("POST / HTTP/1.1\r\nHost: a\r\nX: y\r\n Transfer-Encoding: chunked\r\n\r\n",
		400, "TE.TE obs-fold");
	refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
		400, "TE.TE chunked twice");
	refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \"chunked\"\r\n\r\n",
		400, "TE.TE quoted coding");
	refused("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		400, "chunked in HTTP/1.0");
	refused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
		"Content-Length: 2\r\n\r\nab", 400, "two different Content-Lengths");
	refused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1 0\r\n\r\n", 400,
		"a space inside Content-Length");
	refused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length : 5\r\n\r\nhello", 400,
		"a space before Content-Length's colon");
	refused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello", 400,
		"a Content-Length list");
	refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501,
		"gzip transfer coding");
	refused("POST / HTTP/1.1\r\nHost: a\nContent-Length: 5\r\n\r\nhello", 400,
		"bare LF between headers");
}

/* A body whose framing breaks mid-way: the read fails, the conn closes. */
static void bad_chunk_framing(const char *body, const char *what)
{
	char request[512], buf[64];
	ULONG err;
	int fd;

	snprintf(request, sizeof(request),
		 "POST /bad HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n%s",
		 body);
	fd = raw_request(PORT, request);
	if (!receive(q, 0)) {
		CHECK(0, "chunked: %s: request received", what);
		close(fd);
		return;
	}
	read_body(buf, sizeof(buf), &err);
	CHECK(err == ERROR_CONNECTION_INVALID && client_closed(fd),
	      "chunked: %s ends the body read and the connection (error %lu)",
	      what, (unsigned long)err);
	close(fd);
}

static void test_chunked(void)
{
	static char body[300000], got[300001];
	FILE *f, *curl;
	ULONG err;
	long n;
	size_t i;
	int fd;

	for (i = 0; i < sizeof(body); i++)
		body[i] = "0123456789abcdef"[(i * 7) % 16];
	f = fopen("/tmp/httpsys-chunked", "w");
	fwrite(body, 1, sizeof(body), f);
	fclose(f);
	curl = curl_start("curl -s --max-time 60 -H 'Transfer-Encoding: chunked' "
			  "--data-binary @/tmp/httpsys-chunked http://127.0.0.1:%d/up",
			  PORT);
	if (CHECK(receive(q, 0) && req->Verb == HttpVerbPOST &&
		  (req->Flags & HTTP_REQUEST_FLAG_MORE_ENTITY_BODY_EXISTS) &&
		  known_is(req, HttpHeaderTransferEncoding, "chunked"),
		  "chunked: curl's chunked POST arrives with more entity body")) {
		n = read_body(got, sizeof(got), &err);
		CHECK(n == (long)sizeof(body) && !memcmp(got, body, n) &&
		      err == ERROR_HANDLE_EOF,
		      "chunked: %ld of %zu bytes decoded intact, then EOF", n,
		      sizeof(body));
		respond(q, req->RequestId, 200, "OK", "got it", 0);
	}
	CHECK(curl_finish(curl, out, sizeof(out)) == 0 && !strcmp(out, "got it"),
	      "chunked: curl gets the response");

	fd = raw_request(PORT, "POST /t HTTP/1.1\r\nHost: a\r\n"
			 "Transfer-Encoding: chunked\r\n\r\n"
			 "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: v\r\n\r\n"
			 "GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q, 0)) {
		n = read_body(got, sizeof(got), &err);
		CHECK(n == 5 && !memcmp(got, "abcde", 5) && err == ERROR_HANDLE_EOF,
		      "chunked: extensions and trailers skipped, data kept");
		respond(q, req->RequestId, 200, "OK", "1", 0);
	}
	CHECK(client_read_response(fd, out, sizeof(out)) == 200 && receive(q, 0) &&
	      !strcmp(req->pRawUrl, "/after"),
	      "chunked: the pipelined request after the body is parsed");
	respond(q, req->RequestId, 200, "OK", "2", 0);
	CHECK(client_read_response(fd, out, sizeof(out)) == 200,
	      "chunked: both answered on one connection");
	close(fd);

	bad_chunk_framing("5\nhello\r\n0\r\n\r\n", "bare LF after the size");
	bad_chunk_framing("10000000000000000\r\n", "a size that overflows");
	bad_chunk_framing("3\r\nabcdef\r\n", "data longer than its size");
	bad_chunk_framing("zz\r\n", "a size that is not hex");
}

static void test_continue(void)
{
	struct timespec t0, t1;
	FILE *curl;
	ULONG err;
	char buf[16];
	long n;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	curl = curl_start("curl -sv --max-time 60 --expect100-timeout 30 "
			  "-H 'Expect: 100-continue' --data-binary 'hello' "
			  "http://127.0.0.1:%d/continue 2>&1", PORT);
	if (receive(q, 0)) {
		CHECK(known_is(req, HttpHeaderExpect, "100-continue"),
		      "continue: Expect header delivered");
		n = read_body(buf, sizeof(buf), &err);
		CHECK(n == 5 && !memcmp(buf, "hello", 5),
		      "continue: the first body read brings the body");
		respond(q, req->RequestId, 200, "OK", "continued", 0);
	}
	curl_finish(curl, out, sizeof(out));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(strstr(out, "< HTTP/1.1 100 Continue") && strstr(out, "continued") &&
	      t1.tv_sec - t0.tv_sec < 25,
	      "continue: curl got 100 Continue without waiting out its timeout");

	curl = curl_start("curl -sv --max-time 60 --expect100-timeout 30 "
			  "-H 'Expect: 100-continue' --data-binary 'unwanted' "
			  "http://127.0.0.1:%d/refuse 2>&1", PORT);
	if (receive(q, 0))
		respond(q, req->RequestId, 413, "Too Large", "no", 0);
	curl_finish(curl, out, sizeof(out));
	CHECK(!strstr(out, "100 Continue") && strstr(out, "< HTTP/1.1 413") &&
	      strstr(out, "< Connection: close"),
	      "continue: a response before the body closes the connection, no 100");
}

/*
 * @request holds two requests on one connection: the first is received
 * with @flags and answered, then the second must be @second, and both
 * answers must reach the client in order.
 */
static void second_request_follows(const char *request, ULONG flags,
				   const char *second, const char *what)
{
	int fd = raw_request(PORT, request);

	if (receive(q, flags))
		respond(q, req->RequestId, 200, "OK", "first", 0);
	CHECK(receive(q, 0) && !strcmp(req->pRawUrl, second), "%s", what);
	respond(q, req->RequestId, 200, "OK", "second", 0);
	CHECK(client_read_response(fd, out, sizeof(out)) == 200 &&
	      client_read_response(fd, out, sizeof(out)) == 200 &&
	      strstr(out, "second"), "%s: both answered on one connection",
	      what);
	if (fd >= 0)
		close(fd);
}

static void test_pipelining_and_drain(void)
{
	int fd;

	fd = raw_request(PORT, "GET /p1 HTTP/1.1\r\nHost: a\r\n\r\n"
			 "GET /p2 HTTP/1.1\r\nHost: a\r\n\r\n");
	CHECK(receive(q, 0) && !strcmp(req->pRawUrl, "/p1") && !readable(q, 200),
	      "pipeline: only the first request is delivered before its response");
	respond(q, req->RequestId, 200, "OK", "first", 0);
	CHECK(receive(q, 0) && !strcmp(req->pRawUrl, "/p2"),
	      "pipeline: the second follows the first response");
	respond(q, req->RequestId, 200, "OK", "second", 0);
	CHECK(client_read_response(fd, out, sizeof(out)) == 200 &&
	      strstr(out, "first") &&
	      client_read_response(fd, out, sizeof(out)) == 200 &&
	      strstr(out, "second"), "pipeline: responses in order");
	close(fd);

	/* CL.0: a body that looks like a request is only ever a body. */
	fd = raw_request(PORT, "GET /cl HTTP/1.1\r\nHost: a\r\nContent-Length: 35\r\n\r\n"
			 "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n"
			 "GET /next HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q, 0))
		respond(q, req->RequestId, 200, "OK", "unread", 0);
	CHECK(receive(q, 0) && !strcmp(req->pRawUrl, "/next"),
	      "drain: an unread Content-Length body is skipped, never parsed");
	respond(q, req->RequestId, 200, "OK", "next", 0);
	close(fd);

	second_request_follows("POST /ch HTTP/1.1\r\nHost: a\r\n"
			       "Transfer-Encoding: chunked\r\n\r\n"
			       "23\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n\r\n"
			       "0\r\n\r\n"
			       "GET /next2 HTTP/1.1\r\nHost: a\r\n\r\n", 0, "/next2",
			       "drain: an unread chunked body is skipped, never parsed");
}

/*
 * A body arriving in two pieces: a plain read returns the piece that has
 * arrived; HTTP_RECEIVE_REQUEST_ENTITY_BODY_FLAG_FILL_BUFFER waits until
 * the buffer is full.
 */
static void test_fill_buffer(void)
{
	ULONG got = 0, err;
	char buf[16];
	int fd;

	fd = raw_request(PORT, "POST /fill HTTP/1.1\r\nHost: a\r\n"
			 "Content-Length: 16\r\n\r\n0123");
	if (!receive(q, 0)) {
		close(fd);
		return;
	}
	err = HttpReceiveRequestEntityBody(q, req->RequestId, 0, buf, sizeof(buf),
					   &got, NULL);
	CHECK(err == NO_ERROR && got == 4 && !memcmp(buf, "0123", 4),
	      "fill: a plain read returns the 4 bytes that arrived (%lu, %lu)",
	      (unsigned long)err, (unsigned long)got);
	client_send(fd, "4567");
	usleep(300 * 1000);
	client_send(fd, "89abcdef");
	got = 0;
	err = HttpReceiveRequestEntityBody(q, req->RequestId,
					   HTTP_RECEIVE_REQUEST_ENTITY_BODY_FLAG_FILL_BUFFER,
					   buf, 12, &got, NULL);
	CHECK(err == NO_ERROR && got == 12 && !memcmp(buf, "456789abcdef", 12),
	      "fill: FILL_BUFFER gathers both later pieces into one read (%lu, %lu)",
	      (unsigned long)err, (unsigned long)got);
	err = HttpReceiveRequestEntityBody(q, req->RequestId, 0, buf, sizeof(buf),
					   &got, NULL);
	CHECK(err == ERROR_HANDLE_EOF, "fill: then the body is at its end");
	respond(q, req->RequestId, 200, "OK", "filled", 0);
	CHECK(client_read_response(fd, out, sizeof(out)) == 200,
	      "fill: the client gets the response");
	close(fd);
}

/* Decoded control bytes would reach logs and headers: http.sys refuses them. */
static void test_target_escapes(void)
{
	refused("GET /a%0Ab HTTP/1.1\r\nHost: a\r\n\r\n", 400, "an escaped LF in the path");
	refused("GET /a%0db HTTP/1.1\r\nHost: a\r\n\r\n", 400, "an escaped CR in the path");
	refused("GET /a%01b HTTP/1.1\r\nHost: a\r\n\r\n", 400, "an escaped C0 byte in the path");
	refused("GET /a%7Fb HTTP/1.1\r\nHost: a\r\n\r\n", 400, "an escaped DEL in the path");
}

/* RFC 9112 3.2.2: an absolute-form target's authority wins over Host. */
static void test_absolute_form(void)
{
	static const char host[] = "target.example";
	int fd = raw_request(PORT, "GET http://target.example:8081/abs/x HTTP/1.1\r\n"
			     "Host: other.example\r\n\r\n");
	int cooked = 0;

	if (receive(q, 0)) {
		cooked = req->CookedUrl.pHost &&
			 !wcsncmp(req->CookedUrl.pHost, L"target.example:8081/abs/x",
				  wcslen(L"target.example:8081/abs/x"));
		respond(q, req->RequestId, 200, "OK", "abs", 0);
	}
	CHECK(cooked && client_read_response(fd, out, sizeof(out)) == 200,
	      "absolute form: routed and cooked by the target's authority (%s), not Host",
	      host);
	if (fd >= 0)
		close(fd);
}

/*
 * RFC 9112 2.2: a server ignores at least one empty line before a request
 * line (some clients send CRLF after a POST body); we ignore one.
 */
static void test_leading_empty_line(void)
{
	int fd = raw_request(PORT, "\r\nGET /e1 HTTP/1.1\r\nHost: a\r\n\r\n");

	CHECK(receive(q, 0) && !strcmp(req->pRawUrl, "/e1"),
	      "empty line: one CRLF before the first request is ignored");
	respond(q, req->RequestId, 200, "OK", "e1", 0);
	CHECK(client_read_response(fd, out, sizeof(out)) == 200,
	      "empty line: the request after it is answered");
	close(fd);

	second_request_follows("POST /e2 HTTP/1.1\r\nHost: a\r\n"
			       "Content-Length: 2\r\n\r\nok\r\n"
			       "GET /e3 HTTP/1.1\r\nHost: a\r\n\r\n",
			       HTTP_RECEIVE_REQUEST_FLAG_COPY_BODY, "/e3",
			       "empty line: a CRLF after a POST body is ignored");

	refused("\r\n\r\nGET /e4 HTTP/1.1\r\nHost: a\r\n\r\n", 400,
		"two empty lines before a request");
	refused("\nGET /e5 HTTP/1.1\r\nHost: a\r\n\r\n", 400,
		"a bare LF before a request");
}

int main(void)
{
	alarm(1200);	/* the harness bounds the run too */
	q = app_start(L"http://+:8081/");
	if (!q)
		return 1;
	test_smuggling();
	test_target_escapes();
	test_absolute_form();
	test_leading_empty_line();
	test_chunked();
	test_continue();
	test_fill_buffer();
	test_pipelining_and_drain();
	app_finish(q);
	return tap_exit_status();
}
