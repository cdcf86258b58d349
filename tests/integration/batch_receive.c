// SPDX-License-Identifier: GPL-2.0
/*
 * Integration tests of the batched receive path, run in the test VM:
 * RECEIVE_MANY's semantics on the raw device (descriptors filled in order,
 * an -EOVERFLOW in the middle that leaves the next ones filled, bad
 * arguments, waiting for the first, a shut-down queue), and libhttpapi's
 * dispatcher of overlapped receives (eight pending receives complete in
 * the order they were issued, a cancelled one while others wait, a handle
 * closed with receives pending), the same with a thread already waiting in
 * GetQueuedCompletionStatus (which then hands the requests over itself),
 * and an event-waited receive after such a thread has come and gone.
 * Ports 8270-8272.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <sys/ioctl.h>

#include <http.h>

#include "httpsys.h"
#include "tap.h"
#include "app.h"
#include "raw.h"

#define SLOTS		5
#define BIG		8192
#define UNTOUCHED	0xdeadbeef

static UCHAR bufs[8][BIG] __attribute__((aligned(8)));

/* Whether the request in @buf has the raw URL @url. */
static int url_is(const void *buf, const char *url)
{
	const HTTP_REQUEST_V1 *r = buf;

	return r->RawUrlLength == strlen(url) &&
	       !memcmp(r->pRawUrl, url, r->RawUrlLength);
}

/* A request for @path on a new connection to @port; its fd, or -1. */
static int get(int port, const char *path)
{
	char request[128];

	snprintf(request, sizeof(request),
		 "GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n", path);
	return wire_request(port, request);
}

static int receive_many(int fd, struct httpsys_receive_slot *s,
			unsigned int count, unsigned int flags)
{
	struct httpsys_receive_many m = {
		.receives = (uintptr_t)s, .count = count, .flags = flags,
	};
	int ret = ioctl(fd, HTTPSYS_IOC_RECEIVE_MANY, &m);

	return ret < 0 ? -errno : ret;
}

static void slot_init(struct httpsys_receive_slot *s, void *buf, __u32 len)
{
	memset(s, 0, sizeof(*s));
	s->buffer = (uintptr_t)buf;
	s->buffer_len = len;
	s->bytes_needed = UNTOUCHED;
}

static void test_bad_arguments(int fd)
{
	struct httpsys_receive_slot s[HTTPSYS_RECEIVE_MANY_MAX + 1];
	int i;

	for (i = 0; i <= HTTPSYS_RECEIVE_MANY_MAX; i++)
		slot_init(&s[i], bufs[0], BIG);
	CHECK(receive_many(fd, s, 0, HTTPSYS_RECEIVE_NONBLOCK) == -EINVAL,
	      "many: count 0 is EINVAL");
	CHECK(receive_many(fd, s, HTTPSYS_RECEIVE_MANY_MAX + 1,
			   HTTPSYS_RECEIVE_NONBLOCK) == -EINVAL,
	      "many: a count above HTTPSYS_RECEIVE_MANY_MAX is EINVAL");
	CHECK(receive_many(fd, s, 1, HTTPSYS_RECEIVE_NONBLOCK | 0x4) == -EINVAL,
	      "many: unknown call flags are EINVAL");
	s[1].request_id = 7;
	CHECK(receive_many(fd, s, 2, HTTPSYS_RECEIVE_NONBLOCK) == -EINVAL,
	      "many: a descriptor naming a request id is EINVAL");
	s[1].request_id = 0;
	s[1].buffer_len = sizeof(struct httpsys_request_v1) - 1;
	CHECK(receive_many(fd, s, 2, HTTPSYS_RECEIVE_NONBLOCK) == -EINVAL,
	      "many: a buffer smaller than the request header is EINVAL");
	s[1].buffer_len = BIG;
	s[1].flags = HTTPSYS_RECEIVE_NONBLOCK;
	CHECK(receive_many(fd, s, 2, HTTPSYS_RECEIVE_NONBLOCK) == -EINVAL,
	      "many: NONBLOCK in a descriptor's flags is EINVAL");
	s[1].flags = 0;
	s[1].result = -1;
	CHECK(receive_many(fd, s, 2, HTTPSYS_RECEIVE_NONBLOCK) == -EINVAL,
	      "many: a nonzero result going in is EINVAL");
	s[1].result = 0;
	CHECK(receive_many(fd, (void *)1, 2, HTTPSYS_RECEIVE_NONBLOCK) == -EFAULT,
	      "many: an unmapped descriptor array is EFAULT");
	CHECK(receive_many(fd, s, 2, HTTPSYS_RECEIVE_NONBLOCK) == -EAGAIN &&
	      s[0].bytes_needed == UNTOUCHED,
	      "many: nothing queued, non-blocking: EAGAIN, descriptors untouched");
}

/* Four requests queued, five descriptors, the second too small. */
static void test_in_order(int fd)
{
	struct httpsys_receive_slot s[SLOTS];
	struct httpsys_receive r = { 0 };
	int conns[4], i, n;
	char path[32];

	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "/many/%d", i);
		conns[i] = get(8270, path);
		/* One at a time, so the queue holds them in this order. */
		usleep(200000);
	}
	for (i = 0; i < SLOTS; i++)
		slot_init(&s[i], bufs[i], BIG);
	s[1].buffer_len = sizeof(struct httpsys_request_v1);
	n = receive_many(fd, s, SLOTS, HTTPSYS_RECEIVE_NONBLOCK);
	CHECK(n == 4, "many: four queued, five descriptors: returns 4 (%d)", n);
	CHECK(s[0].result == 0 && url_is(bufs[0], "/many/0") &&
	      s[0].bytes_needed > sizeof(struct httpsys_request_v1) &&
	      s[0].request_id == ((HTTP_REQUEST_V1 *)bufs[0])->RequestId,
	      "many: the first descriptor holds the oldest request, its size and id");
	CHECK(s[1].result == -EOVERFLOW && s[1].request_id &&
	      s[1].bytes_needed > s[1].buffer_len,
	      "many: a too-small second buffer gets -EOVERFLOW, the id and the size needed (%d, %u)",
	      s[1].result, s[1].bytes_needed);
	CHECK(s[2].result == 0 && url_is(bufs[2], "/many/2") &&
	      s[3].result == 0 && url_is(bufs[3], "/many/3"),
	      "many: the descriptors after the -EOVERFLOW are still filled, in order");
	CHECK(s[4].bytes_needed == UNTOUCHED && s[4].request_id == 0,
	      "many: the descriptor beyond the queued requests is untouched");
	r.request_id = s[1].request_id;
	r.buffer = (uintptr_t)bufs[1];
	r.buffer_len = BIG;
	r.flags = HTTPSYS_RECEIVE_NONBLOCK;
	CHECK(ioctl(fd, HTTPSYS_IOC_RECEIVE, &r) == 0 && url_is(bufs[1], "/many/1"),
	      "many: the set-aside request comes to a RECEIVE naming its id");
	CHECK(!raw_send(fd, s[0].request_id, 0, "", "0", 1) &&
	      !raw_send(fd, s[1].request_id, 0, "", "1", 1) &&
	      !raw_send(fd, s[2].request_id, 0, "", "2", 1) &&
	      !raw_send(fd, s[3].request_id, 0, "", "3", 1),
	      "many: each received request can be answered");
	for (i = 0; i < 4; i++)
		if (conns[i] >= 0)
			close(conns[i]);
}

static void *late_request(void *arg)
{
	usleep(300000);
	*(int *)arg = get(8270, "/many/late");
	return NULL;
}

static void test_wait(int fd)
{
	struct httpsys_receive_slot s[2];
	pthread_t t;
	int conn = -1, n;

	slot_init(&s[0], bufs[0], BIG);
	slot_init(&s[1], bufs[1], BIG);
	pthread_create(&t, NULL, late_request, &conn);
	n = receive_many(fd, s, 2, 0);
	pthread_join(t, NULL);
	CHECK(n == 1 && s[0].result == 0 && url_is(bufs[0], "/many/late") &&
	      s[1].bytes_needed == UNTOUCHED,
	      "many: without NONBLOCK the call waits for the first request (%d)", n);
	if (n == 1)
		raw_send(fd, s[0].request_id, 0, "", "late", 4);
	if (conn >= 0)
		close(conn);
}

static void test_shutdown(int fd)
{
	struct httpsys_receive_slot s;

	slot_init(&s, bufs[0], BIG);
	CHECK(ioctl(fd, HTTPSYS_IOC_SHUTDOWN) == 0 &&
	      receive_many(fd, &s, 1, 0) == -ESHUTDOWN &&
	      receive_many(fd, &s, 1, HTTPSYS_RECEIVE_NONBLOCK) == -ESHUTDOWN,
	      "many: a shut-down queue: ESHUTDOWN, waiting or not");
}

static HANDLE new_queue(int port)
{
	wchar_t url[64];
	HANDLE h = NULL;
	int i;

	swprintf(url, 64, L"http://+:%d/batch/", port);
	if (HttpCreateHttpHandle(&h, 0))
		return NULL;
	/* A handle closed just before lets go of the prefix a moment later. */
	for (i = 0; HttpAddUrl(h, url, NULL); i++) {
		if (i == 50) {
			CloseHandle(h);
			return NULL;
		}
		usleep(100000);
	}
	return h;
}

/* The next packet from @port within WAIT_MS: its OVERLAPPED and error. */
static OVERLAPPED *next_packet(HANDLE port, ULONG *error)
{
	OVERLAPPED *ov = NULL;
	ULONG_PTR key;
	DWORD bytes;

	*error = GetQueuedCompletionStatus(port, &bytes, &key, &ov, WAIT_MS) ?
		 NO_ERROR : GetLastError();
	return ov;
}

/* @n overlapped receives into bufs[0..]: how many are pending. */
static int issue(HANDLE h, OVERLAPPED *ov, int n)
{
	int i, pending = 0;

	memset(ov, 0, n * sizeof(*ov));
	for (i = 0; i < n; i++)
		pending += HttpReceiveHttpRequest(h, HTTP_NULL_ID, 0,
						  (PHTTP_REQUEST)bufs[i], BIG,
						  NULL, &ov[i]) == ERROR_IO_PENDING;
	return pending;
}

/*
 * Whether the next @n packets are @ov's, in order, the i-th holding a
 * request for /batch/i; each is answered.
 */
static int completed_in_order(HANDLE h, HANDLE port, OVERLAPPED *ov, int n)
{
	int i, urls = 1;
	char path[32];
	ULONG err;

	for (i = 0; i < n; i++) {
		if (next_packet(port, &err) != &ov[i] || err)
			return 0;
		snprintf(path, sizeof(path), "/batch/%d", i);
		urls &= url_is(bufs[i], path);
		respond(h, ((PHTTP_REQUEST)bufs[i])->RequestId, 200, "OK", "x", 0);
	}
	return urls ? 1 : -1;
}

/* Eight receives pending, then eight requests, one at a time. */
static void test_issue_order(HANDLE h, HANDLE port)
{
	int conns[8], i, pending, order;
	OVERLAPPED ov[8];
	char path[32];

	pending = issue(h, ov, 8);
	CHECK(pending == 8, "order: eight overlapped receives pending (%d)", pending);
	for (i = 0; i < 8; i++) {
		snprintf(path, sizeof(path), "/batch/%d", i);
		conns[i] = get(8271, path);
		usleep(100000);
	}
	order = completed_in_order(h, port, ov, 8);
	CHECK(order, "order: the completions come in the order the receives were issued");
	CHECK(order == 1, "order: the first issued got the first request, and so on");
	for (i = 0; i < 8; i++)
		if (conns[i] >= 0)
			close(conns[i]);
}


/*
 * What another thread does while the test waits in GetQueuedCompletionStatus:
 * after 200 ms, send @count requests /batch/0, /batch/1... 50 ms apart,
 * cancel @cancel or close @close.
 */
struct meanwhile {
	int count;
	int conns[8];
	HANDLE h;
	OVERLAPPED *cancel;
	int close;
	int done;	/* CancelIoEx's or CloseHandle's result */
};

static void *meanwhile_run(void *arg)
{
	struct meanwhile *m = arg;
	char path[32];
	int i;

	usleep(200000);
	for (i = 0; i < m->count; i++) {
		snprintf(path, sizeof(path), "/batch/%d", i);
		m->conns[i] = get(8271, path);
		usleep(50000);
	}
	if (m->cancel)
		m->done = CancelIoEx(m->h, m->cancel);
	if (m->close)
		m->done = CloseHandle(m->h);
	return NULL;
}

/* Eight receives pending and the port waited on before the requests come. */
static void test_waiting_order(HANDLE h, HANDLE port)
{
	struct meanwhile m = { .count = 8, .h = h };
	OVERLAPPED ov[8];
	pthread_t t;
	int i, order;

	issue(h, ov, 8);
	pthread_create(&t, NULL, meanwhile_run, &m);
	order = completed_in_order(h, port, ov, 8);
	pthread_join(t, NULL);
	CHECK(order == 1,
	      "waiting port: requests that come while a thread waits on the port complete in issue order");
	for (i = 0; i < 8; i++)
		if (m.conns[i] >= 0)
			close(m.conns[i]);
}

/*
 * What @m says, on another thread while this one waits on the port
 * (@waiting), else on this one first.
 */
static void meanwhile_start(struct meanwhile *m, int waiting, pthread_t *t)
{
	if (waiting)
		pthread_create(t, NULL, meanwhile_run, m);
	else
		meanwhile_run(m);
}

/*
 * Three pending; the middle one cancelled, then two requests for the
 * others, each sent first or (@waiting) while the port is waited on.
 */
static void test_cancel_one(HANDLE h, HANDLE port, int waiting)
{
	struct meanwhile m = { .h = h };
	const char *how = waiting ? ", the port waited on" : "";
	OVERLAPPED ov[3], *a, *b, *c;
	ULONG err, err_a, err_c;
	pthread_t t;
	int i;

	issue(h, ov, 3);
	m.cancel = &ov[1];
	meanwhile_start(&m, waiting, &t);
	b = next_packet(port, &err);
	if (waiting)
		pthread_join(t, NULL);
	CHECK(m.done && b == &ov[1] && err == ERROR_OPERATION_ABORTED,
	      "cancel: CancelIoEx of the middle receive%s: ERROR_OPERATION_ABORTED (%u)",
	      how, (unsigned int)err);
	m = (struct meanwhile){ .count = 2, .h = h };
	meanwhile_start(&m, waiting, &t);
	a = next_packet(port, &err_a);
	c = next_packet(port, &err_c);
	if (waiting)
		pthread_join(t, NULL);
	CHECK(a == &ov[0] && !err_a && url_is(bufs[0], "/batch/0") &&
	      c == &ov[2] && !err_c && url_is(bufs[2], "/batch/1"),
	      "cancel: the others still complete, in issue order%s", how);
	if (a == &ov[0] && !err_a)
		respond(h, ((PHTTP_REQUEST)bufs[0])->RequestId, 200, "OK", "a", 0);
	if (c == &ov[2] && !err_c)
		respond(h, ((PHTTP_REQUEST)bufs[2])->RequestId, 200, "OK", "c", 0);
	for (i = 0; i < 2; i++)
		if (m.conns[i] >= 0)
			close(m.conns[i]);
}

/*
 * A receive waited on through its event, right after a thread waited on
 * the port (and watched the queue) and left: the request still comes.
 */
static void test_event_after_port(HANDLE h, HANDLE port)
{
	struct meanwhile m = { .count = 1, .h = h };
	OVERLAPPED ov = { 0 }, *got;
	ULONG_PTR key;
	ULONG err;
	DWORD bytes = 0;
	pthread_t t;
	int waited;

	ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	HttpReceiveHttpRequest(h, HTTP_NULL_ID, 0, (PHTTP_REQUEST)bufs[0], BIG,
			       NULL, &ov);
	got = NULL;
	GetQueuedCompletionStatus(port, &bytes, &key, &got, 100);
	CHECK(!got && GetLastError() == WAIT_TIMEOUT,
	      "event: the port is waited on in vain first");
	pthread_create(&t, NULL, meanwhile_run, &m);
	waited = WaitForSingleObject(ov.hEvent, WAIT_MS) == WAIT_OBJECT_0;
	pthread_join(t, NULL);
	CHECK(waited && GetOverlappedResult(h, &ov, &bytes, FALSE) &&
	      url_is(bufs[0], "/batch/0"),
	      "event: then the receive's event is set when its request comes");
	got = next_packet(port, &err);
	CHECK(got == &ov && !err, "event: and its packet is on the port");
	if (waited)
		respond(h, ((PHTTP_REQUEST)bufs[0])->RequestId, 200, "OK", "e", 0);
	CloseHandle(ov.hEvent);
	if (m.conns[0] >= 0)
		close(m.conns[0]);
}

/*
 * A handle closed with four receives pending, by this thread or (@waiting)
 * by another while this one waits on the port.
 */
static void test_close(int waiting)
{
	HANDLE h = new_queue(8272), port, again;
	struct meanwhile m = { .close = 1 };
	OVERLAPPED ov[4], *got;
	int i, aborted = 0, first_bad = -1, bad_at = 0;
	ULONG err, bad_err = 0;
	pthread_t t;

	if (!CHECK(h, "close: a queue on 8272"))
		return;
	port = CreateIoCompletionPort(h, NULL, 0, 0);
	issue(h, ov, 4);
	m.h = h;
	meanwhile_start(&m, waiting, &t);
	for (i = 0; i < 4; i++) {
		got = next_packet(port, &err);
		if (got == &ov[i] && err == ERROR_OPERATION_ABORTED)
			aborted++;
		else if (first_bad < 0) {
			first_bad = got ? (int)(got - ov) : -2;
			bad_err = err;
			bad_at = i;
		}
	}
	if (waiting)
		pthread_join(t, NULL);
	CHECK(m.done, "close: CloseHandle with four receives pending%s",
	      waiting ? ", the port waited on" : "");
	CHECK(aborted == 4,
	      "close: each completes with ERROR_OPERATION_ABORTED, in issue order (%d; packet %d: receive %d, error %u)",
	      aborted, bad_at, first_bad, (unsigned int)bad_err);
	again = new_queue(8272);
	CHECK(again, "close: the prefix is free again for a new handle");
	if (again)
		CloseHandle(again);
	CloseHandle(port);
}

int main(void)
{
	HANDLE h, port;
	int fd;

	alarm(120);	/* the harness bounds the run too */
	fd = raw_queue(NULL, 0);
	if (!CHECK(fd >= 0 && !raw_add_url(fd, "http://+:8270/many/"),
		   "set-up: a raw queue on 8270"))
		return tap_exit_status();
	test_bad_arguments(fd);
	test_in_order(fd);
	test_wait(fd);
	test_shutdown(fd);
	close(fd);

	if (HttpInitialize(HTTPAPI_VERSION_1, HTTP_INITIALIZE_SERVER, NULL))
		return 1;
	h = new_queue(8271);
	port = h ? CreateIoCompletionPort(h, NULL, 0, 0) : NULL;
	if (!CHECK(h && port, "set-up: a queue on 8271 with a port"))
		return tap_exit_status();
	test_issue_order(h, port);
	test_cancel_one(h, port, 0);
	test_waiting_order(h, port);
	test_cancel_one(h, port, 1);
	test_event_after_port(h, port);
	test_close(0);
	test_close(1);
	CHECK(CloseHandle(h) && CloseHandle(port) &&
	      HttpTerminate(HTTP_INITIALIZE_SERVER, NULL) == NO_ERROR,
	      "cleanup: queue and port closed, HttpTerminate");
	return tap_exit_status();
}
