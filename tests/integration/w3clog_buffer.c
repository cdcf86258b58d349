// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's request logs through the ioctls directly: a reader
 * waiting in LOG_READ wakes for a batch (a quarter of the buffer), not
 * for each record, and when the log is turned off; a full buffer drops
 * records and counts them while the requests go on unhindered; records
 * carry the send's log data and the kernel's counts; bad arguments get
 * their errno and change nothing.  Run as root in the test VM.  Port 9482.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "httpsys.h"
#include "raw.h"
#include "tap.h"

#define PORT		9482
#define BUFFER		HTTPSYS_LOG_MIN_BUFFER
#define STRING_LEN	500	/* two: about 1.1 KB a record, 7 fill BUFFER */
#define REQUESTS	40
#define REQUEST		"GET /buf/x HTTP/1.1\r\nHost: a\r\n\r\n"

static int ctl, queue;
static uint64_t group;
static char batch[HTTPSYS_LOG_MAX_BUFFER];

static int setup(void)
{
	struct httpsys_object s = { 0 }, g = { 0 };
	struct httpsys_binding b = { .present = 1 };
	struct httpsys_property p = {
		.object = HTTPSYS_OBJECT_GROUP, .property = HTTPSYS_PROP_BINDING,
		.value = (uintptr_t)&b, .value_len = sizeof(b),
	};
	const char *url = "http://+:9482/buf/";
	struct httpsys_url u = { .url = (uintptr_t)url, .url_len = strlen(url) };

	ctl = open(HTTPSYS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	queue = raw_queue("w3clog_buffer", 0);
	if (ctl < 0 || queue < 0 || ioctl(ctl, HTTPSYS_IOC_CREATE_SESSION, &s))
		return 0;
	g.parent = s.id;
	if (ioctl(ctl, HTTPSYS_IOC_CREATE_GROUP, &g))
		return 0;
	group = g.id;
	b.queue_fd = queue;
	p.id = group;
	u.group = group;
	return !ioctl(ctl, HTTPSYS_IOC_SET_PROPERTY, &p) &&
	       !ioctl(ctl, HTTPSYS_IOC_ADD_URL, &u);
}

static int log_set(uint32_t flags, uint32_t bytes)
{
	struct httpsys_log_set a = {
		.id = group, .object = HTTPSYS_OBJECT_GROUP, .flags = flags,
		.buffer_bytes = bytes,
	};

	return ioctl(ctl, HTTPSYS_IOC_LOG_SET, &a) ? -errno : 0;
}

static int log_read(uint32_t timeout_ms, struct httpsys_log_read *a)
{
	memset(a, 0, sizeof(*a));
	a->id = group;
	a->object = HTTPSYS_OBJECT_GROUP;
	a->timeout_ms = timeout_ms;
	a->buf = (uintptr_t)batch;
	a->buf_len = sizeof(batch);
	return ioctl(ctl, HTTPSYS_IOC_LOG_READ, a) ? -errno : 0;
}

/* SEND_RESPONSE 200 with log data: a user agent and a cookie. */
static int send_logged(uint64_t id, uint32_t data_len_delta)
{
	static struct {
		struct httpsys_log_data d;
		char strings[2 * STRING_LEN];
	} data;
	struct httpsys_send s = {
		.request_id = id, .status = 200, .reason = (uintptr_t)"OK",
		.reason_len = 2, .headers = (uintptr_t)"Content-Length: 0\r\n",
		.headers_len = 19, .log_data = (uintptr_t)&data,
		.log_data_len = sizeof(data) + data_len_delta,
	};

	memset(&data, 0, sizeof(data));
	memset(data.strings, 'a', STRING_LEN);
	memset(data.strings + STRING_LEN, 'c', STRING_LEN);
	data.d.string_len[HTTPSYS_LOG_USER_AGENT] = STRING_LEN;
	data.d.string_len[HTTPSYS_LOG_COOKIE] = STRING_LEN;
	data.d.status = 200;
	data.d.win32_status = 7;
	return ioctl(queue, HTTPSYS_IOC_SEND_RESPONSE, &s) ? -errno : 0;
}

/* One request answered with log data; its time in microseconds, or 0. */
static uint64_t request(void)
{
	uint64_t start = now_us(), id;
	int fd = wire_request(PORT, REQUEST);
	struct wire w;

	id = fd >= 0 ? raw_receive(queue, 5000) : 0;
	if (!id || send_logged(id, 0)) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	wire_read(fd, 0, 5000, 0, &w);
	close(fd);
	return w.status == 200 ? now_us() - start + 1 : 0;
}

struct reader {
	pthread_t thread;
	struct httpsys_log_read a;
	int err;
	uint64_t us;		/* how long it waited */
};

static void *reader_main(void *arg)
{
	struct reader *r = arg;
	uint64_t start = now_us();

	r->err = log_read(20000, &r->a);
	r->us = now_us() - start;
	return NULL;
}

static void test_batch_wake(void)
{
	struct reader r;
	struct httpsys_log_read a;
	uint64_t start = now_us();
	int i, ok = 1;

	CHECK(log_read(300, &a) == 0 && a.records == 0 &&
	      now_us() - start >= 250000,
	      "an empty log: LOG_READ waits its timeout and returns nothing");
	pthread_create(&r.thread, NULL, reader_main, &r);
	usleep(200000);
	ok &= request() != 0;
	usleep(300000);
	/* One record is not a batch: the reader still waits. */
	ok &= pthread_tryjoin_np(r.thread, NULL) == EBUSY;
	for (i = 0; i < 2; i++)
		ok &= request() != 0;
	pthread_join(r.thread, NULL);
	CHECK(ok && !r.err && r.a.records >= 2 && r.us < 15000000,
	      "the reader wakes for a quarter-full buffer, not for one record "
	      "(%u records after %llu ms)", r.a.records,
	      (unsigned long long)r.us / 1000);
	log_read(0, &a);
}

static void test_overflow(void)
{
	const struct httpsys_log_record *rec;
	struct httpsys_log_read a;
	uint64_t worst = 0, us;
	uint32_t off, good = 0;
	int i, answered = 0;

	for (i = 0; i < REQUESTS; i++) {
		us = request();
		answered += us != 0;
		worst = us > worst ? us : worst;
	}
	CHECK(answered == REQUESTS, "%d requests answered, the slowest in %llu ms",
	      answered, (unsigned long long)worst / 1000);
	i = log_read(0, &a);
	CHECK(i == 0 && a.records + a.dropped == REQUESTS &&
	      a.dropped > 0 && a.records > 0 && a.records <= 8,
	      "a full buffer: %u records kept, %u counted dropped", a.records,
	      a.dropped);
	for (off = 0; off < a.bytes; off += rec->size) {
		rec = (const void *)(batch + off);
		good += rec->size == ((sizeof(*rec) + 2 * STRING_LEN + 7) & ~7u) &&
			rec->data.status == 200 && rec->data.win32_status == 7 &&
			rec->data.string_len[HTTPSYS_LOG_USER_AGENT] == STRING_LEN &&
			rec->data.string_len[HTTPSYS_LOG_COOKIE] == STRING_LEN &&
			rec->version_minor == 1 && rec->family == AF_INET &&
			rec->local_port == PORT && rec->bytes_received == strlen(REQUEST) &&
			rec->bytes_sent > 0 &&
			((const char *)(rec + 1))[STRING_LEN - 1] == 'a' &&
			((const char *)(rec + 1))[STRING_LEN] == 'c';
	}
	CHECK(a.records && good == a.records && off == a.bytes,
	      "each record: its size, the log data and the kernel's counts");
	CHECK(log_read(0, &a) == 0 && !a.records && !a.dropped && !a.bytes,
	      "read again: empty, the dropped count reset");
}

static void test_bad_arguments(void)
{
	struct httpsys_log_read a;
	struct httpsys_log_set s = { .id = group, .object = 9 };
	uint64_t id;
	int fd;

	log_read(0, &a);
	a.buf_len = HTTPSYS_LOG_MAX_RECORD - 1;
	CHECK(ioctl(ctl, HTTPSYS_IOC_LOG_READ, &a) && errno == EINVAL,
	      "LOG_READ into less than a record: EINVAL");
	CHECK(ioctl(ctl, HTTPSYS_IOC_LOG_SET, &s) && errno == EINVAL,
	      "LOG_SET on no kind of object: EINVAL");
	CHECK(log_set(HTTPSYS_LOG_ON, 1000) == -EINVAL &&
	      log_set(HTTPSYS_LOG_ON, HTTPSYS_LOG_MAX_BUFFER + 1) == -EINVAL &&
	      log_set(0x10, 0) == -EINVAL,
	      "LOG_SET: a buffer too small or too large, unknown flags: EINVAL");
	s.object = HTTPSYS_OBJECT_SESSION;
	s.id = 123456789;
	CHECK(ioctl(ctl, HTTPSYS_IOC_LOG_SET, &s) && errno == ENOENT,
	      "LOG_SET on a session that is not this handle's: ENOENT");
	fd = wire_request(PORT, "GET /buf/bad HTTP/1.1\r\nHost: a\r\n\r\n");
	id = fd >= 0 ? raw_receive(queue, 5000) : 0;
	CHECK(id && send_logged(id, 1) == -EINVAL && send_logged(id, 0) == 0,
	      "log data whose lengths do not add up: EINVAL, nothing sent");
	if (fd >= 0)
		close(fd);
}

static void test_off(void)
{
	struct httpsys_log_read a;
	struct reader r;

	pthread_create(&r.thread, NULL, reader_main, &r);
	usleep(300000);
	CHECK(log_set(0, 0) == 0, "LOG_SET off");
	pthread_join(r.thread, NULL);
	CHECK(!r.err && r.us < 10000000,
	      "a reader waiting wakes when the log goes off (%llu ms)",
	      (unsigned long long)r.us / 1000);
	CHECK(log_read(0, &a) == -ENOENT, "then LOG_READ: ENOENT");
	CHECK(request() != 0, "requests go on without a log");
}

int main(void)
{
	if (!CHECK(setup() && log_set(HTTPSYS_LOG_ON, BUFFER) == 0,
		   "set-up: a group bound to a queue, its log of %d bytes",
		   BUFFER))
		return tap_exit_status();
	test_batch_wake();
	test_overflow();
	test_bad_arguments();
	test_off();
	return tap_exit_status();
}
