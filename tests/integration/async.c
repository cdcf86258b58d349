// SPDX-License-Identifier: GPL-2.0
/*
 * Integration tests of asynchronous I/O, run in the test VM: events,
 * completion ports, overlapped receives, body reads, sends and disconnect
 * waits, pending or completed at once (NO_ERROR, a packet still queued,
 * none with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS; a failure at once
 * queues none), ERROR_MORE_DATA through a completion and at once,
 * cancellation by CancelIoEx, CancelIo, HttpShutdownRequestQueue and
 * CloseHandle.  Ports 8240-8259.
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

#define SMALL_SIZE	(sizeof(HTTP_REQUEST_V1) + 64)

static HANDLE qe;	/* 8240: completions through events */
static HANDLE qp;	/* 8241: associated with port */
static HANDLE port;
static UCHAR bufs[3][16384] __attribute__((aligned(8)));

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static HANDLE new_queue(int tcp_port)
{
	wchar_t url[64];
	HANDLE h = NULL;
	int i;

	swprintf(url, 64, L"http://+:%d/async/", tcp_port);
	if (HttpCreateHttpHandle(&h, 0)) {
		CHECK(0, "set-up: a queue for %ls", url);
		return NULL;
	}
	/*
	 * A queue closed just before may still hold the prefix: its aborted
	 * operations' threads let go of the handle a moment after they end.
	 */
	for (i = 0; HttpAddUrl(h, url, NULL); i++) {
		if (i == 50) {
			CHECK(0, "set-up: a queue for %ls", url);
			CloseHandle(h);
			return NULL;
		}
		usleep(100000);
	}
	return h;
}

/* @ov cleared, with a new manual-reset event. */
static void ov_init(OVERLAPPED *ov)
{
	memset(ov, 0, sizeof(*ov));
	ov->hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
}

static ULONG receive_ov(HANDLE h, HTTP_REQUEST_ID id, void *buf, ULONG len,
			OVERLAPPED *ov)
{
	return HttpReceiveHttpRequest(h, id, 0, buf, len, NULL, ov);
}

/* The overlapped result of @ov once its event is set: the error, *@bytes. */
static ULONG result_of(HANDLE h, OVERLAPPED *ov, DWORD *bytes)
{
	if (WaitForSingleObject(ov->hEvent, WAIT_MS) != WAIT_OBJECT_0)
		return WAIT_TIMEOUT;
	return GetOverlappedResult(h, ov, bytes, FALSE) ? NO_ERROR : GetLastError();
}

/* Nothing comes from @p within 300 ms: FALSE, WAIT_TIMEOUT, no OVERLAPPED. */
static int no_packet(HANDLE p)
{
	OVERLAPPED none, *got = &none;
	ULONG_PTR key;
	DWORD bytes;

	return !GetQueuedCompletionStatus(p, &bytes, &key, &got, 300) && !got &&
	       GetLastError() == WAIT_TIMEOUT;
}

static void test_events(void)
{
	HANDLE m = CreateEventW(NULL, TRUE, FALSE, NULL);
	HANDLE a = CreateEventA(NULL, FALSE, TRUE, NULL);
	long long start;
	DWORD r;

	CHECK(m && a, "events: CreateEventW and CreateEventA");
	start = now_ms();
	r = WaitForSingleObject(m, 200);
	CHECK(r == WAIT_TIMEOUT && now_ms() - start >= 190,
	      "events: WaitForSingleObject on an unset event times out after 200 ms (%u)",
	      (unsigned int)r);
	CHECK(SetEvent(m) && WaitForSingleObject(m, 0) == WAIT_OBJECT_0 &&
	      WaitForSingleObject(m, 0) == WAIT_OBJECT_0,
	      "events: a manual-reset event stays set through waits");
	CHECK(ResetEvent(m) && WaitForSingleObject(m, 0) == WAIT_TIMEOUT,
	      "events: ResetEvent clears it");
	CHECK(WaitForSingleObject(a, 0) == WAIT_OBJECT_0 &&
	      WaitForSingleObject(a, 50) == WAIT_TIMEOUT,
	      "events: an auto-reset event, created set, releases one wait");
	CHECK(SetEvent(a) && SetEvent(a) && WaitForSingleObject(a, 0) == WAIT_OBJECT_0 &&
	      WaitForSingleObject(a, 0) == WAIT_TIMEOUT,
	      "events: two SetEvents on an auto-reset event release one wait");
	CHECK(!CreateEventW(NULL, TRUE, FALSE, L"name") &&
	      GetLastError() == ERROR_NOT_SUPPORTED,
	      "events: named events are not supported");
	CHECK(WaitForSingleObject(qe, 0) == WAIT_FAILED &&
	      GetLastError() == ERROR_INVALID_HANDLE,
	      "events: waiting on a queue handle fails");
	CHECK(CloseHandle(m) && CloseHandle(a) && !SetEvent(m) &&
	      GetLastError() == ERROR_INVALID_HANDLE,
	      "events: CloseHandle closes them");
}

static void test_post(void)
{
	HANDLE p = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
	OVERLAPPED ov, *got = NULL;
	ULONG_PTR key = 0;
	DWORD bytes = 0;

	CHECK(p, "post: CreateIoCompletionPort makes a port");
	CHECK(PostQueuedCompletionStatus(p, 7, 42, &ov) &&
	      GetQueuedCompletionStatus(p, &bytes, &key, &got, WAIT_MS) &&
	      bytes == 7 && key == 42 && got == &ov,
	      "post: PostQueuedCompletionStatus comes back from GetQueuedCompletionStatus");
	got = &ov;
	CHECK(!GetQueuedCompletionStatus(p, &bytes, &key, &got, 100) && !got &&
	      GetLastError() == WAIT_TIMEOUT,
	      "post: an empty port times out with WAIT_TIMEOUT and no OVERLAPPED");
	CHECK(CloseHandle(p), "post: the port closes");
}

static void test_receive_event(void)
{
	FILE *curl;
	OVERLAPPED ov;
	DWORD bytes = 0;
	ULONG r;

	ov_init(&ov);
	r = receive_ov(qe, HTTP_NULL_ID, req, BUF_SIZE, &ov);
	CHECK(r == ERROR_IO_PENDING && ov.Internal == STATUS_PENDING,
	      "receive: an overlapped receive returns ERROR_IO_PENDING (%u)",
	      (unsigned int)r);
	CHECK(!GetOverlappedResult(qe, &ov, &bytes, FALSE) &&
	      GetLastError() == ERROR_IO_INCOMPLETE && !HasOverlappedIoCompleted(&ov),
	      "receive: GetOverlappedResult before a request: ERROR_IO_INCOMPLETE");
	CHECK(WaitForSingleObject(ov.hEvent, 300) == WAIT_TIMEOUT,
	      "receive: the event stays unset without a request");
	curl = curl_start("curl -s --max-time 60 http://127.0.0.1:8240/async/one");
	r = result_of(qe, &ov, &bytes);
	CHECK(r == NO_ERROR && bytes > sizeof(HTTP_REQUEST_V1) &&
	      bytes == ov.InternalHigh && req->RawUrlLength == 10 &&
	      !memcmp(req->pRawUrl, "/async/one", 10),
	      "receive: completes with the event set and the request's size (%u, %u)",
	      (unsigned int)r, (unsigned int)bytes);
	respond(qe, req->RequestId, 200, "OK", "one", 0);
	CHECK(curl_finish(curl, out, sizeof(out)) == 0 && !strcmp(out, "one"),
	      "receive: curl gets the answer");
	CloseHandle(ov.hEvent);
}

/* A request already waiting: the receive completes on the caller's thread. */
static void test_receive_inline(void)
{
	FILE *curl;
	OVERLAPPED ov;
	DWORD bytes = 0, got = 0;
	ULONG r;

	ov_init(&ov);
	curl = curl_start("curl -s --max-time 60 http://127.0.0.1:8240/async/now");
	if (!CHECK(readable(qe, WAIT_MS), "inline: a request is waiting"))
		return;
	r = HttpReceiveHttpRequest(qe, HTTP_NULL_ID, 0, req, BUF_SIZE, &bytes, &ov);
	CHECK(r == NO_ERROR && ov.Internal == NO_ERROR && ov.InternalHigh == bytes &&
	      bytes > sizeof(HTTP_REQUEST_V1) && req->RawUrlLength == 10 &&
	      !memcmp(req->pRawUrl, "/async/now", 10),
	      "inline: the receive returns NO_ERROR with the request, its size and the OVERLAPPED filled (%u, %u)",
	      (unsigned int)r, (unsigned int)bytes);
	CHECK(WaitForSingleObject(ov.hEvent, 0) == WAIT_OBJECT_0 &&
	      GetOverlappedResult(qe, &ov, &got, FALSE) && got == bytes,
	      "inline: its event is set and GetOverlappedResult has its result");
	CHECK(!CancelIoEx(qe, &ov) && GetLastError() == ERROR_NOT_FOUND,
	      "inline: nothing is left pending to cancel");
	respond(qe, req->RequestId, 200, "OK", "now", 0);
	CHECK(curl_finish(curl, out, sizeof(out)) == 0 && !strcmp(out, "now"),
	      "inline: curl gets the answer");
	CloseHandle(ov.hEvent);
}

static void test_more_data(void)
{
	static UCHAR small[SMALL_SIZE] __attribute__((aligned(8)));
	PHTTP_REQUEST part = (PHTTP_REQUEST)small;
	char url[600];
	FILE *curl;
	OVERLAPPED ov;
	DWORD bytes = 0;
	ULONG r;

	memset(url, 'x', sizeof(url));
	memcpy(url, "/async/", 7);
	url[sizeof(url) - 1] = '\0';
	ov_init(&ov);
	CHECK(receive_ov(qe, HTTP_NULL_ID, small, sizeof(small), &ov) ==
	      ERROR_IO_PENDING, "more data: a receive into a small buffer is pending");
	curl = curl_start("curl -s --max-time 60 http://127.0.0.1:8240%s", url);
	r = result_of(qe, &ov, &bytes);
	CHECK(r == ERROR_MORE_DATA && ov.Internal == ERROR_MORE_DATA &&
	      bytes > sizeof(small) + 500,
	      "more data: completes with ERROR_MORE_DATA and the size needed (%u, %u)",
	      (unsigned int)r, (unsigned int)bytes);
	r = receive_ov(qe, part->RequestId, req, BUF_SIZE, &ov);
	CHECK(r == NO_ERROR,
	      "more data: a retry by RequestId, the request being there, completes at once (%u)",
	      (unsigned int)r);
	r = result_of(qe, &ov, &bytes);
	CHECK(r == NO_ERROR && req->RawUrlLength == strlen(url),
	      "more data: the retry gets the request (%u)", (unsigned int)r);
	respond(qe, req->RequestId, 200, "OK", "long", 0);
	CHECK(curl_finish(curl, out, sizeof(out)) == 0 && !strcmp(out, "long"),
	      "more data: curl gets the answer");
	CloseHandle(ov.hEvent);
}

static void test_port(void)
{
	OVERLAPPED ov[3], *got;
	FILE *curl[3];
	ULONG_PTR key;
	DWORD bytes;
	int i, seen = 0, ok = 1;

	port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
	CHECK(port && CreateIoCompletionPort(qp, port, 0x5a, 0) == port,
	      "port: the queue is associated with a port");
	CHECK(!CreateIoCompletionPort(qp, port, 1, 0) &&
	      GetLastError() == ERROR_INVALID_PARAMETER,
	      "port: a second association is refused");
	memset(ov, 0, sizeof(ov));
	for (i = 0; i < 3; i++)
		ok &= receive_ov(qp, HTTP_NULL_ID, bufs[i], sizeof(bufs[i]),
				 &ov[i]) == ERROR_IO_PENDING;
	CHECK(ok, "port: three overlapped receives pending");
	for (i = 0; i < 3; i++)
		curl[i] = curl_start("curl -s --max-time 60 http://127.0.0.1:8241/async/p%d", i);
	for (i = 0; i < 3; i++) {
		got = NULL;
		if (!GetQueuedCompletionStatus(port, &bytes, &key, &got, WAIT_MS) ||
		    key != 0x5a || got < ov || got > ov + 2 || bytes != got->InternalHigh)
			break;
		seen |= 1 << (got - ov);
		respond(qp, ((PHTTP_REQUEST)bufs[got - ov])->RequestId, 200, "OK",
			"port", 0);
	}
	CHECK(i == 3 && seen == 7,
	      "port: three packets with the key and each OVERLAPPED once (%d, %x)",
	      i, seen);
	CHECK(no_packet(port), "port: no fourth packet");
	for (i = 0, ok = 1; i < 3; i++)
		ok &= curl_finish(curl[i], out, sizeof(out)) == 0 && !strcmp(out, "port");
	CHECK(ok, "port: the three clients get answers");
}

static void test_send_port(void)
{
	static const char body[] = "sent overlapped";
	static HTTP_RESPONSE resp;
	static HTTP_DATA_CHUNK chunk;
	OVERLAPPED ov, *got = NULL;
	ULONG_PTR key = 0;
	DWORD bytes = 0;
	FILE *curl;
	ULONG r;

	curl = curl_start("curl -s --max-time 60 http://127.0.0.1:8241/async/send");
	if (!CHECK(receive(qp, 0), "send: a request received"))
		return;
	memset(&ov, 0, sizeof(ov));
	resp.StatusCode = 200;
	resp.pReason = "OK";
	resp.ReasonLength = 2;
	chunk.DataChunkType = HttpDataChunkFromMemory;
	chunk.FromMemory.pBuffer = (PVOID)body;
	chunk.FromMemory.BufferLength = strlen(body);
	resp.EntityChunkCount = 1;
	resp.pEntityChunks = &chunk;
	r = HttpSendHttpResponse(qp, req->RequestId, 0, &resp, NULL, NULL, NULL, 0,
				 &ov, NULL);
	CHECK(r == ERROR_IO_PENDING || r == NO_ERROR,
	      "send: an overlapped send is pending or done (%u)", (unsigned int)r);
	CHECK(GetQueuedCompletionStatus(port, &bytes, &key, &got, WAIT_MS) &&
	      got == &ov && key == 0x5a && bytes == strlen(body) &&
	      GetOverlappedResult(qp, &ov, &bytes, FALSE) && bytes == strlen(body),
	      "send: completes through the port with the body's bytes sent");
	CHECK(curl_finish(curl, out, sizeof(out)) == 0 && !strcmp(out, body),
	      "send: curl gets the body");
}

/* Receives completing at once post their packets in the order they ended. */
static void test_port_inline(void)
{
	OVERLAPPED ov[3], *got;
	FILE *curl[3];
	ULONG_PTR key;
	DWORD bytes;
	char url[16];
	int i, ok = 1;

	memset(ov, 0, sizeof(ov));
	for (i = 0; i < 3; i++) {
		curl[i] = curl_start("curl -s --max-time 60 http://127.0.0.1:8241/async/q%d", i);
		ok &= readable(qp, WAIT_MS) &&
		      receive_ov(qp, HTTP_NULL_ID, bufs[i], sizeof(bufs[i]),
				 &ov[i]) == NO_ERROR;
	}
	CHECK(ok, "port: three receives, each with its request waiting, return NO_ERROR");
	for (i = 0, ok = 1; i < 3 && ok; i++) {
		got = NULL;
		snprintf(url, sizeof(url), "/async/q%d", i);
		ok = GetQueuedCompletionStatus(port, &bytes, &key, &got, WAIT_MS) &&
		     got == &ov[i] && key == 0x5a && bytes == ov[i].InternalHigh &&
		     ((PHTTP_REQUEST)bufs[i])->RawUrlLength == strlen(url) &&
		     !memcmp(((PHTTP_REQUEST)bufs[i])->pRawUrl, url, strlen(url));
		respond(qp, ((PHTTP_REQUEST)bufs[i])->RequestId, 200, "OK", "inline", 0);
	}
	CHECK(ok, "port: their packets come in order, each with its request");
	CHECK(no_packet(port), "port: and no more");
	for (i = 0, ok = 1; i < 3; i++)
		ok &= curl_finish(curl[i], out, sizeof(out)) == 0 && !strcmp(out, "inline");
	CHECK(ok, "port: the three clients get answers");
}

/* ERROR_MORE_DATA at once is a failure: no event, no packet. */
static void test_more_data_inline(void)
{
	static UCHAR small[SMALL_SIZE] __attribute__((aligned(8)));
	PHTTP_REQUEST part = (PHTTP_REQUEST)small;
	OVERLAPPED ov, *got = NULL;
	ULONG_PTR key = 0;
	DWORD bytes = 0;
	char url[600];
	FILE *curl;
	ULONG r;

	memset(url, 'y', sizeof(url));
	memcpy(url, "/async/", 7);
	url[sizeof(url) - 1] = '\0';
	ov_init(&ov);
	SetEvent(ov.hEvent);
	curl = curl_start("curl -s --max-time 60 http://127.0.0.1:8241%s", url);
	if (!CHECK(readable(qp, WAIT_MS), "more data at once: a long request is waiting"))
		return;
	r = HttpReceiveHttpRequest(qp, HTTP_NULL_ID, 0, part, sizeof(small), &bytes, &ov);
	CHECK(r == ERROR_MORE_DATA && bytes > sizeof(small) + 500,
	      "more data at once: ERROR_MORE_DATA is returned with the size needed (%u, %u)",
	      (unsigned int)r, (unsigned int)bytes);
	CHECK(WaitForSingleObject(ov.hEvent, 0) == WAIT_TIMEOUT && no_packet(port),
	      "more data at once: the event is left reset and no packet is queued");
	r = receive_ov(qp, part->RequestId, req, BUF_SIZE, &ov);
	CHECK(r == NO_ERROR && GetQueuedCompletionStatus(port, &bytes, &key, &got, WAIT_MS) &&
	      got == &ov && key == 0x5a && bytes == ov.InternalHigh &&
	      req->RawUrlLength == strlen(url),
	      "more data at once: the retry by RequestId returns NO_ERROR and posts its packet (%u)",
	      (unsigned int)r);
	respond(qp, req->RequestId, 200, "OK", "long", 0);
	CHECK(curl_finish(curl, out, sizeof(out)) == 0 && !strcmp(out, "long"),
	      "more data at once: curl gets the answer");
	CloseHandle(ov.hEvent);
}

/* FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, set before the port is associated. */
static void test_skip(void)
{
	const UCHAR both = FILE_SKIP_COMPLETION_PORT_ON_SUCCESS |
			   FILE_SKIP_SET_EVENT_ON_HANDLE;
	HANDLE h = new_queue(8243), sp = NULL;
	OVERLAPPED ov, *got = NULL;
	ULONG_PTR key = 0;
	DWORD bytes = 0;
	FILE *curl;
	ULONG r;

	CHECK(!SetFileCompletionNotificationModes(NULL, both) &&
	      GetLastError() == ERROR_INVALID_HANDLE &&
	      !SetFileCompletionNotificationModes(port, both) &&
	      GetLastError() == ERROR_INVALID_HANDLE &&
	      !SetFileCompletionNotificationModes(h, 0x4) &&
	      GetLastError() == ERROR_INVALID_PARAMETER,
	      "skip: SetFileCompletionNotificationModes refuses no handle, a port and unknown modes");
	CHECK(SetFileCompletionNotificationModes(h, both) &&
	      (sp = CreateIoCompletionPort(h, NULL, 0x77, 0)),
	      "skip: both modes set on a queue, which is then associated with a port");
	ov_init(&ov);
	curl = curl_start("curl -s --max-time 60 http://127.0.0.1:8243/async/skip");
	if (!CHECK(readable(h, WAIT_MS), "skip: a request is waiting"))
		return;
	r = receive_ov(h, HTTP_NULL_ID, req, BUF_SIZE, &ov);
	CHECK(r == NO_ERROR && WaitForSingleObject(ov.hEvent, 0) == WAIT_OBJECT_0,
	      "skip: the receive returns NO_ERROR and still sets the OVERLAPPED's event (%u)",
	      (unsigned int)r);
	CHECK(no_packet(sp), "skip: no packet is queued for it");
	respond(h, req->RequestId, 200, "OK", "skip", 0);
	CHECK(curl_finish(curl, out, sizeof(out)) == 0 && !strcmp(out, "skip"),
	      "skip: curl gets the answer");

	r = receive_ov(h, HTTP_NULL_ID, req, BUF_SIZE, &ov);
	CHECK(r == ERROR_IO_PENDING, "skip: a receive with no request waiting is pending (%u)",
	      (unsigned int)r);
	curl = curl_start("curl -s --max-time 60 http://127.0.0.1:8243/async/later");
	CHECK(GetQueuedCompletionStatus(sp, &bytes, &key, &got, WAIT_MS) &&
	      got == &ov && key == 0x77 && bytes == ov.InternalHigh,
	      "skip: it still completes through the port");
	respond(h, req->RequestId, 200, "OK", "later", 0);
	CHECK(curl_finish(curl, out, sizeof(out)) == 0 && !strcmp(out, "later"),
	      "skip: curl gets that answer");
	CloseHandle(ov.hEvent);
	CloseHandle(h);
	CloseHandle(sp);
}

static void test_body(void)
{
	static const char data[] = "hello-body-0123456789";
	char buf[256];
	OVERLAPPED ov;
	DWORD bytes = 0;
	FILE *curl;
	ULONG r;
	int fd;

	ov_init(&ov);
	curl = curl_start("curl -s --max-time 60 -d %s http://127.0.0.1:8240/async/post",
			  data);
	if (!CHECK(receive(qe, 0), "body: a POST received"))
		return;
	r = HttpReceiveRequestEntityBody(qe, req->RequestId, 0, buf, sizeof(buf),
					 NULL, &ov);
	CHECK(r == ERROR_IO_PENDING || r == NO_ERROR,
	      "body: an overlapped body read is pending or done (%u)", (unsigned int)r);
	r = result_of(qe, &ov, &bytes);
	CHECK(r == NO_ERROR && bytes == strlen(data) && !memcmp(buf, data, bytes),
	      "body: it completes with the body (%u, %u)", (unsigned int)r,
	      (unsigned int)bytes);
	r = HttpReceiveRequestEntityBody(qe, req->RequestId, 0, buf, sizeof(buf),
					 NULL, &ov);
	CHECK(r == ERROR_HANDLE_EOF && WaitForSingleObject(ov.hEvent, 0) == WAIT_TIMEOUT,
	      "body: the next read fails at once with ERROR_HANDLE_EOF, the event unset (%u)",
	      (unsigned int)r);
	respond(qe, req->RequestId, 200, "OK", "posted", 0);
	CHECK(curl_finish(curl, out, sizeof(out)) == 0 && !strcmp(out, "posted"),
	      "body: curl gets the answer");

	/* FILL_BUFFER waits for the rest of what was asked for. */
	fd = raw_request(8240, "POST /async/fill HTTP/1.1\r\nHost: a\r\n"
			 "Content-Length: 10\r\n\r\n12345");
	if (!CHECK(receive(qe, 0), "body: a POST sent in two parts received"))
		return;
	memset(buf, 0, sizeof(buf));
	r = HttpReceiveRequestEntityBody(qe, req->RequestId,
					 HTTP_RECEIVE_REQUEST_ENTITY_BODY_FLAG_FILL_BUFFER,
					 buf, 10, NULL, &ov);
	CHECK(r == ERROR_IO_PENDING && WaitForSingleObject(ov.hEvent, 300) ==
	      WAIT_TIMEOUT, "body: a FILL_BUFFER read waits for the second part");
	client_send(fd, "67890");
	r = result_of(qe, &ov, &bytes);
	CHECK(r == NO_ERROR && bytes == 10 && !memcmp(buf, "1234567890", 10),
	      "body: then completes with both parts (%u, %u)", (unsigned int)r,
	      (unsigned int)bytes);
	respond(qe, req->RequestId, 200, "OK", "filled", 0);
	CHECK(client_read_response(fd, out, sizeof(out)) == 200,
	      "body: the client gets the answer");
	close(fd);
	CloseHandle(ov.hEvent);
}

static void test_cancel(void)
{
	OVERLAPPED ov, evs[3], pov, *got = NULL;
	ULONG_PTR key;
	DWORD bytes;
	int i, ok = 1;

	ov_init(&ov);
	receive_ov(qe, HTTP_NULL_ID, req, BUF_SIZE, &ov);
	CHECK(CancelIoEx(qe, &ov), "cancel: CancelIoEx on a pending receive");
	CHECK(result_of(qe, &ov, &bytes) == ERROR_OPERATION_ABORTED,
	      "cancel: it completes with ERROR_OPERATION_ABORTED through the event");
	CHECK(!CancelIoEx(qe, &ov) && GetLastError() == ERROR_NOT_FOUND,
	      "cancel: CancelIoEx on a completed one: ERROR_NOT_FOUND");
	CloseHandle(ov.hEvent);

	memset(&pov, 0, sizeof(pov));
	receive_ov(qp, HTTP_NULL_ID, bufs[0], sizeof(bufs[0]), &pov);
	CHECK(CancelIoEx(qp, NULL) &&
	      !GetQueuedCompletionStatus(port, &bytes, &key, &got, WAIT_MS) &&
	      got == &pov && GetLastError() == ERROR_OPERATION_ABORTED,
	      "cancel: through the port, FALSE with the OVERLAPPED and ERROR_OPERATION_ABORTED");

	for (i = 0; i < 3; i++) {
		ov_init(&evs[i]);
		ok &= receive_ov(qe, HTTP_NULL_ID, bufs[i], sizeof(bufs[i]),
				 &evs[i]) == ERROR_IO_PENDING;
	}
	CHECK(ok && CancelIo(qe), "cancel: CancelIo with three receives pending");
	for (i = 0, ok = 1; i < 3; i++) {
		ok &= result_of(qe, &evs[i], &bytes) == ERROR_OPERATION_ABORTED;
		CloseHandle(evs[i].hEvent);
	}
	CHECK(ok, "cancel: all three complete with ERROR_OPERATION_ABORTED");
}

static void test_disconnect(void)
{
	OVERLAPPED ov;
	DWORD bytes;
	ULONG r;
	int fd;

	ov_init(&ov);
	fd = raw_request(8240, "GET /async/wait HTTP/1.1\r\nHost: a\r\n\r\n");
	if (!CHECK(receive(qe, 0), "disconnect: a request received"))
		return;
	r = HttpWaitForDisconnect(qe, req->ConnectionId, &ov);
	CHECK(r == ERROR_IO_PENDING && WaitForSingleObject(ov.hEvent, 500) ==
	      WAIT_TIMEOUT,
	      "disconnect: HttpWaitForDisconnect is pending while the client stays");
	close(fd);
	r = result_of(qe, &ov, &bytes);
	CHECK(r == NO_ERROR, "disconnect: it completes when the client closes (%u)",
	      (unsigned int)r);
	r = HttpWaitForDisconnect(qe, req->ConnectionId, &ov);
	CHECK(r == NO_ERROR && WaitForSingleObject(ov.hEvent, 0) == WAIT_OBJECT_0,
	      "disconnect: a wait once the client is gone returns NO_ERROR, the event set (%u)",
	      (unsigned int)r);
	respond(qe, req->RequestId, 200, "OK", "gone", 0);
	CloseHandle(ov.hEvent);
}

/* A queue closed or shut down with a receive pending. */
static void test_close(void)
{
	HANDLE h = new_queue(8242), again = NULL;
	OVERLAPPED ov;
	DWORD bytes;
	ULONG r;
	int i;

	ov_init(&ov);
	CHECK(h && receive_ov(h, HTTP_NULL_ID, req, BUF_SIZE, &ov) == ERROR_IO_PENDING &&
	      HttpShutdownRequestQueue(h) == NO_ERROR &&
	      result_of(h, &ov, &bytes) == ERROR_OPERATION_ABORTED,
	      "close: HttpShutdownRequestQueue aborts a pending receive");
	CloseHandle(ov.hEvent);
	ov_init(&ov);
	r = receive_ov(h, HTTP_NULL_ID, req, BUF_SIZE, &ov);
	CHECK(r == ERROR_OPERATION_ABORTED ||
	      (r == ERROR_IO_PENDING &&
	       WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0 &&
	       ov.Internal == ERROR_OPERATION_ABORTED),
	      "close: a receive after the shutdown ends with ERROR_OPERATION_ABORTED, not left pending (%u)",
	      (unsigned int)r);
	CHECK(HttpCloseRequestQueue(h) == NO_ERROR, "close: that queue closes");

	h = new_queue(8242);
	CHECK(h && receive_ov(h, HTTP_NULL_ID, req, BUF_SIZE, &ov) == ERROR_IO_PENDING &&
	      CloseHandle(h) && WaitForSingleObject(ov.hEvent, WAIT_MS) == WAIT_OBJECT_0 &&
	      ov.Internal == ERROR_OPERATION_ABORTED,
	      "close: CloseHandle completes a pending receive with ERROR_OPERATION_ABORTED");
	/* The worker's hold on the queue ends with it: the URL is free again. */
	HttpCreateHttpHandle(&again, 0);
	for (i = 0; i < 50 && HttpAddUrl(again, L"http://+:8242/async/", NULL); i++)
		usleep(20000);
	CHECK(i < 50, "close: the closed queue's URL can be added again");
	CloseHandle(again);
	CloseHandle(ov.hEvent);
}

int main(void)
{
	alarm(240);	/* the harness bounds the run too */
	if (HttpInitialize(HTTPAPI_VERSION_1, HTTP_INITIALIZE_SERVER, NULL))
		return 1;
	qe = new_queue(8240);
	qp = new_queue(8241);
	if (!qe || !qp)
		return 1;
	test_events();
	test_post();
	test_receive_event();
	test_receive_inline();
	test_more_data();
	test_port();
	test_port_inline();
	test_more_data_inline();
	test_skip();
	test_send_port();
	test_body();
	test_cancel();
	test_disconnect();
	test_close();
	CHECK(CloseHandle(qe) && CloseHandle(qp) && CloseHandle(port) &&
	      HttpTerminate(HTTP_INITIALIZE_SERVER, NULL) == NO_ERROR,
	      "cleanup: queues and port closed, HttpTerminate");
	return tap_exit_status();
}
