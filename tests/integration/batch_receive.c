// SPDX-License-Identifier: GPL-2.0
/*
 * Integration tests of the batched receive path, run in the test VM:
 * RECEIVE_MANY's semantics on the raw device (descriptors filled in order,
 * an -EOVERFLOW in the middle that leaves the next ones filled, bad
 * arguments, waiting for the first, a shut-down queue), and libhttpapi's
 * dispatcher of overlapped receives (eight pending receives complete in
 * the order they were issued, a cancelled one while others wait, a handle
 * closed with receives pending).  Ports 8270-8272.
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

/* Eight receives pending, then eight requests, one at a time. */
static void test_issue_order(HANDLE h, HANDLE port)
{
	OVERLAPPED ov[8], *got;
	int conns[8], i, pending = 0, order = 1, urls = 1;
	char path[32];
	ULONG err;

	memset(ov, 0, sizeof(ov));
	for (i = 0; i < 8; i++)
		pending += HttpReceiveHttpRequest(h, HTTP_NULL_ID, 0,
						  (PHTTP_REQUEST)bufs[i], BIG,
						  NULL, &ov[i]) == ERROR_IO_PENDING;
	CHECK(pending == 8, "order: eight overlapped receives pending (%d)", pending);
	for (i = 0; i < 8; i++) {
		snprintf(path, sizeof(path), "/batch/%d", i);
		conns[i] = get(8271, path);
		usleep(100000);
	}
	for (i = 0; i < 8; i++) {
		got = next_packet(port, &err);
		if (got != &ov[i] || err) {
			order = 0;
			break;
		}
		snprintf(path, sizeof(path), "/batch/%d", i);
		urls &= url_is(bufs[i], path);
		respond(h, ((PHTTP_REQUEST)bufs[i])->RequestId, 200, "OK", "x", 0);
	}
	CHECK(order, "order: the completions come in the order the receives were issued");
	CHECK(order && urls, "order: the first issued got the first request, and so on");
	for (i = 0; i < 8; i++)
		if (conns[i] >= 0)
			close(conns[i]);
}

/* Three pending; the middle one cancelled; two requests for the others. */
static void test_cancel_one(HANDLE h, HANDLE port)
{
	OVERLAPPED ov[3], *a, *b, *c;
	ULONG err, err_a, err_c;
	int c1, c2, i;

	memset(ov, 0, sizeof(ov));
	for (i = 0; i < 3; i++)
		HttpReceiveHttpRequest(h, HTTP_NULL_ID, 0, (PHTTP_REQUEST)bufs[i],
				       BIG, NULL, &ov[i]);
	CHECK(CancelIoEx(h, &ov[1]), "cancel: CancelIoEx finds the middle receive");
	b = next_packet(port, &err);
	CHECK(b == &ov[1] && err == ERROR_OPERATION_ABORTED,
	      "cancel: it completes with ERROR_OPERATION_ABORTED (%u)",
	      (unsigned int)err);
	c1 = get(8271, "/batch/first");
	usleep(100000);
	c2 = get(8271, "/batch/second");
	a = next_packet(port, &err_a);
	c = next_packet(port, &err_c);
	CHECK(a == &ov[0] && !err_a && url_is(bufs[0], "/batch/first") &&
	      c == &ov[2] && !err_c && url_is(bufs[2], "/batch/second"),
	      "cancel: the others still complete, in issue order");
	if (a == &ov[0] && !err_a)
		respond(h, ((PHTTP_REQUEST)bufs[0])->RequestId, 200, "OK", "a", 0);
	if (c == &ov[2] && !err_c)
		respond(h, ((PHTTP_REQUEST)bufs[2])->RequestId, 200, "OK", "c", 0);
	if (c1 >= 0)
		close(c1);
	if (c2 >= 0)
		close(c2);
}

/* A handle closed with four receives pending. */
static void test_close(void)
{
	HANDLE h = new_queue(8272), port, again;
	OVERLAPPED ov[4], *got;
	int i, aborted = 0;
	ULONG err;

	if (!CHECK(h, "close: a queue on 8272"))
		return;
	port = CreateIoCompletionPort(h, NULL, 0, 0);
	memset(ov, 0, sizeof(ov));
	for (i = 0; i < 4; i++)
		HttpReceiveHttpRequest(h, HTTP_NULL_ID, 0, (PHTTP_REQUEST)bufs[i],
				       BIG, NULL, &ov[i]);
	CHECK(CloseHandle(h), "close: CloseHandle with four receives pending");
	for (i = 0; i < 4; i++) {
		got = next_packet(port, &err);
		aborted += got == &ov[i] && err == ERROR_OPERATION_ABORTED;
	}
	CHECK(aborted == 4,
	      "close: each completes with ERROR_OPERATION_ABORTED, in issue order (%d)",
	      aborted);
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
	test_cancel_one(h, port);
	test_close();
	CHECK(CloseHandle(h) && CloseHandle(port) &&
	      HttpTerminate(HTTP_INITIALIZE_SERVER, NULL) == NO_ERROR,
	      "cleanup: queue and port closed, HttpTerminate");
	return tap_exit_status();
}
