// SPDX-License-Identifier: GPL-2.0
/*
 * Throws random and boundary ioctls at /dev/httpsys for a bounded time:
 * random command numbers and sizes, NULL / unmapped / kernel / misaligned /
 * overlapping pointers, random lengths, opens and closes in any order.
 * Several processes of several threads share named queues and race real
 * calls on them too (receive, respond, body sends and reads, cancel,
 * disconnect waits, URL adds and removes, shutdown, close) while client
 * threads in each keep real requests arriving.  Meant to run as an
 * unprivileged user in the debug VM; the kernel log is the verdict, and
 * the counts printed at the end show the request paths were exercised.
 *
 *     ioctl_fuzz SECONDS [SEED]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "httpsys.h"

#define PROCESSES	2
#define THREADS		3	/* fuzzing threads per process */
#define FDS		6	/* handles per process, shared by its threads */
#define CLIENTS		2	/* client threads per process */
#define PORT_BASE	9100
#define PORTS		3
#define GRACE		30	/* seconds past the end for threads to finish */

static volatile int stop;
static int file_fd;		/* a readable file for FROM_FILE chunks */
static __thread unsigned char *scratch;	/* a mapped page pair: data and structs */
static void *unmapped;
static __thread uint64_t seed;

/* What the calls achieved, summed over the processes (shared memory). */
static struct counts {
	atomic_ulong calls, refused, snapshots, queries, sent;
	atomic_ulong received, answered, body_sends, cancels, body_reads;
	atomic_ulong waits, url_changes, shutdowns, closes, stuck;
} *counts;

static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

/* IDs the kernel handed out, so calls can name real objects too. */
static uint64_t ids[16];

static uint64_t pick_id(void)
{
	return rnd() % 4 ? ids[rnd() % 16] : rnd() % 3 ? rnd() % 64 : rnd();
}

static uint64_t pick_pointer(void)
{
	switch (rnd() % 8) {
	case 0: return 0;
	case 1: return (uintptr_t)unmapped;
	case 2: return 0xffff888000000000ULL + (rnd() % 4096);	/* kernel */
	case 3: return (uintptr_t)scratch + 1 + rnd() % 7;	/* misaligned */
	case 4: return (uintptr_t)scratch + 4096 - rnd() % 64;	/* straddles the end */
	case 5: return UINT64_MAX - rnd() % 4096;
	default: return (uintptr_t)scratch + (rnd() % 2048) * 2;	/* valid, overlapping */
	}
}

static uint32_t pick_length(void)
{
	static const uint32_t edges[] = { 0, 1, 7, 8, 847, 848, 864, 4095, 4096,
					  65535, 65536, 0x7fffffff, 0xffffffff };

	return rnd() % 2 ? edges[rnd() % (sizeof(edges) / sizeof(edges[0]))] :
			   (uint32_t)(rnd() % 8192);
}

static const char *const urls[] = {
	"http://+:9100/", "http://*:9101/a/", "http://localhost:9102/x/",
	"http://[::1]:9100/v6/", "http://127.0.0.1:9101/", "http://+:9100/a/b/",
	"http://+:80/", "http://+:9100", "http://+:0/", "http://+:9100/?",
	"", "http://", "http://[:9100/",
};

/* Fill the scratch area with a plausible or hostile struct for @cmd. */
static void *make_arg(unsigned int cmd)
{
	unsigned char *arg = scratch + 2048 + (rnd() % 2) * 8;	/* may overlap data */
	size_t i;

	for (i = 0; i < 256; i++)
		arg[i] = rnd();
	switch (cmd) {
	case HTTPSYS_IOC_ADD_URL:
	case HTTPSYS_IOC_REMOVE_URL: {
		struct httpsys_url *u = (void *)arg;
		const char *s = urls[rnd() % (sizeof(urls) / sizeof(urls[0]))];

		strcpy((char *)scratch, s);
		u->url = rnd() % 4 ? (uintptr_t)scratch : pick_pointer();
		u->url_len = rnd() % 4 ? strlen(s) : pick_length();
		u->flags = rnd() % 8 ? 0 : rnd();
		u->group = rnd() % 2 ? 0 : pick_id();
		if (cmd == HTTPSYS_IOC_REMOVE_URL && rnd() % 8 == 0) {
			u->flags = HTTPSYS_URL_REMOVE_ALL;
			u->url_len = 0;
		}
		break;
	}
	case HTTPSYS_IOC_QUEUE: {
		static const char *const names[] = { "q1", "q2", "", "q\0" };
		struct httpsys_queue_attach *a = (void *)arg;
		const char *s = names[rnd() % 4];

		strcpy((char *)scratch, s);
		a->name = rnd() % 4 ? (uintptr_t)scratch : pick_pointer();
		a->name_len = rnd() % 4 ? strlen(s) + (rnd() % 8 == 0) : pick_length();
		a->flags = rnd() % 4 ? rnd() % 4 | (rnd() % 4 ? 0 : HTTPSYS_QUEUE_DELEGATION) :
			   rnd() % 2 ? HTTPSYS_QUEUE_V1 : rnd();
		break;
	}
	case HTTPSYS_IOC_URLACL_ADD:
	case HTTPSYS_IOC_URLACL_DELETE:
	case HTTPSYS_IOC_URLACL_QUERY: {
		struct httpsys_urlacl *a = (void *)arg;
		struct httpsys_ace *ace = (void *)(scratch + 1536);
		const char *s = urls[rnd() % (sizeof(urls) / sizeof(urls[0]))];

		strcpy((char *)scratch, s);
		strcpy((char *)scratch + 1024, "D:(A;;GX;;;WD)");
		ace->type = rnd() % 4;
		ace->id = rnd() % 2 ? 1500 : rnd();
		ace->rights = rnd() % 4;
		ace->reserved = rnd() % 8 ? 0 : rnd();
		a->url = rnd() % 4 ? (uintptr_t)scratch : pick_pointer();
		a->url_len = rnd() % 4 ? strlen(s) : pick_length();
		a->sddl = rnd() % 4 ? (uintptr_t)scratch + 1024 : pick_pointer();
		a->sddl_len = rnd() % 4 ? 14 : pick_length();
		a->aces = rnd() % 4 ? (uintptr_t)ace : pick_pointer();
		a->ace_count = rnd() % 4 ? 1 : pick_length();
		a->index = rnd() % 4 ? rnd() % 8 : rnd();
		break;
	}
	case HTTPSYS_IOC_CREATE_SESSION:
	case HTTPSYS_IOC_CLOSE_SESSION:
	case HTTPSYS_IOC_CREATE_GROUP:
	case HTTPSYS_IOC_CLOSE_GROUP: {
		struct httpsys_object *o = (void *)arg;

		o->id = pick_id();
		o->parent = pick_id();
		o->flags = rnd() % 8 ? 0 : rnd();
		o->reserved = rnd() % 8 ? 0 : rnd();
		break;
	}
	case HTTPSYS_IOC_SET_PROPERTY:
	case HTTPSYS_IOC_QUERY_PROPERTY: {
		struct httpsys_property *p = (void *)arg;
		struct httpsys_binding *b = (void *)scratch;

		p->object = rnd() % 4 ? 1 + rnd() % 3 : rnd();
		p->id = p->object == HTTPSYS_OBJECT_QUEUE && rnd() % 2 ? 0 : pick_id();
		p->property = rnd() % 4 ? rnd() % 9 : rnd();
		p->value = rnd() % 3 ? (uintptr_t)scratch : pick_pointer();
		p->value_len = rnd() % 2 ? 4u << (rnd() % 4) : pick_length();
		p->reserved = rnd() % 8 ? 0 : rnd();
		if (p->property == HTTPSYS_PROP_BINDING && rnd() % 2) {
			b->present = 1;
			b->queue_fd = rnd() % 8;
			p->value_len = sizeof(*b);
		}
		break;
	}
	case HTTPSYS_IOC_RECEIVE: {
		struct httpsys_receive *r = (void *)arg;

		r->request_id = rnd() % 2 ? 0 : rnd() % 64;
		r->buffer = rnd() % 3 ? (uintptr_t)scratch : pick_pointer();
		r->buffer_len = rnd() % 2 ? 2048 : pick_length();
		r->flags = rnd() % 4 ? (rnd() & 3) | HTTPSYS_RECEIVE_NONBLOCK : rnd();
		r->reserved = rnd() % 8 ? 0 : rnd();
		break;
	}
	case HTTPSYS_IOC_RECEIVE_MANY: {
		struct httpsys_receive_many *m = (void *)arg;
		/* The descriptors: past the struct, before the unmapped page. */
		struct httpsys_receive_slot *s = (void *)(scratch + 3072);
		unsigned int n = rnd() % 4 ? rnd() % 8 + 1 : rnd() % 80;

		for (i = 0; i < 8; i++) {
			s[i].request_id = rnd() % 8 ? 0 : rnd();
			s[i].buffer = rnd() % 3 ? (uintptr_t)scratch : pick_pointer();
			s[i].buffer_len = rnd() % 2 ? 2048 : pick_length();
			s[i].flags = rnd() % 4 ? rnd() & 3 : rnd();
			s[i].result = rnd() % 8 ? 0 : rnd();
		}
		m->receives = rnd() % 4 ? (uintptr_t)s : pick_pointer();
		m->count = n;
		m->flags = rnd() % 4 ? HTTPSYS_RECEIVE_NONBLOCK : rnd();
		break;
	}
	case HTTPSYS_IOC_RECEIVE_BODY: {
		struct httpsys_body *b = (void *)arg;

		b->request_id = rnd() % 64;
		b->buffer = rnd() % 3 ? (uintptr_t)scratch : pick_pointer();
		b->buffer_len = pick_length();
		b->flags = HTTPSYS_BODY_NONBLOCK | (rnd() % 2);
		b->reserved = rnd() % 8 ? 0 : rnd();
		break;
	}
	case HTTPSYS_IOC_SEND_RESPONSE:
	case HTTPSYS_IOC_SEND_BODY: {
		struct httpsys_send *s = (void *)arg;
		struct httpsys_chunk *c = (void *)(scratch + 3072);

		strcpy((char *)scratch + 1024, "X-A: b\r\nContent-Length: 2\r\n");
		c[0].type = rnd() % 8 ? rnd() % 2 : rnd();
		c[0].fd = c[0].type != HTTPSYS_CHUNK_FROM_FILE ? 0 :
			  rnd() % 4 ? file_fd : (int)rnd() % 64 - 1;
		c[0].data = c[0].type != HTTPSYS_CHUNK_FROM_FILE ?
			    (rnd() % 2 ? (uintptr_t)scratch : pick_pointer()) :
			    (rnd() % 2 ? rnd() % 64 : rnd());
		c[0].length = rnd() % 4 == 0 ? HTTPSYS_LENGTH_TO_EOF :
			      rnd() % 2 ? 2 : pick_length();
		c[1] = c[0];
		s->request_id = rnd() % 64;
		s->flags = rnd() % 4 ? rnd() % 8 : rnd();
		s->status = rnd() % 4 ? 200 : rnd();
		s->reason = rnd() % 2 ? (uintptr_t)"OK" : pick_pointer();
		s->reason_len = rnd() % 2 ? 2 : pick_length();
		s->headers = rnd() % 2 ? (uintptr_t)scratch + 1024 : pick_pointer();
		s->headers_len = rnd() % 2 ? 28 : pick_length();
		s->chunk_count = rnd() % 2 ? rnd() % 3 : pick_length();
		s->chunks = rnd() % 2 ? (uintptr_t)c : pick_pointer();
		/* Log data: none, or hostile (lengths that do not add up). */
		s->log_data = rnd() % 4 ? 0 : rnd() % 2 ? (uintptr_t)scratch :
			      pick_pointer();
		s->log_data_len = s->log_data ? pick_length() : 0;
		s->reserved = rnd() % 8 ? 0 : rnd();
		if (cmd == HTTPSYS_IOC_SEND_BODY && rnd() % 2)
			s->status = s->reason_len = s->headers_len = 0;
		break;
	}
	case HTTPSYS_IOC_TIMEOUT_SET:
	case HTTPSYS_IOC_TIMEOUT_QUERY: {
		struct httpsys_service_timeout *t = (void *)arg;

		/* Unprivileged, a set is refused: the checks before it run. */
		t->key = rnd() % 4 ? rnd() % 3 : rnd();
		t->seconds = rnd() % 4 ? rnd() % 200 : pick_length();
		break;
	}
	case HTTPSYS_IOC_SERVICE_STATE: {
		struct httpsys_state_query *q = (void *)arg;

		/* The snapshot may land on the struct itself: it is ours. */
		q->buffer = rnd() % 2 ? (uintptr_t)scratch : pick_pointer();
		q->length = rnd() % 2 ? rnd() % 4096 : pick_length();
		q->reserved = rnd() % 8 ? 0 : rnd();
		break;
	}
	case HTTPSYS_IOC_LOG_SET: {
		struct httpsys_log_set *l = (void *)arg;

		l->object = rnd() % 4 ? 1 + rnd() % 2 : rnd();
		l->id = pick_id();
		l->flags = rnd() % 4 ? rnd() % 2 : rnd();
		l->buffer_bytes = rnd() % 2 ? 0 : pick_length();
		l->reserved = rnd() % 8 ? 0 : rnd();
		break;
	}
	case HTTPSYS_IOC_LOG_READ: {
		struct httpsys_log_read *l = (void *)arg;

		l->object = rnd() % 4 ? 1 + rnd() % 2 : rnd();
		l->id = pick_id();
		/* Short waits only: nothing may be logging. */
		l->timeout_ms = rnd() % 2 ? 0 : rnd() % 4 ? rnd() % 20 : rnd();
		l->buf = rnd() % 2 ? (uintptr_t)scratch : pick_pointer();
		l->buf_len = rnd() % 2 ? 4096 + rnd() % 4096 : pick_length();
		l->records = l->bytes = l->dropped = rnd() % 8 ? 0 : rnd();
		break;
	}
	case HTTPSYS_IOC_DELEGATE: {
		struct httpsys_delegate *d = (void *)arg;

		d->request_id = rnd() % 2 ? rnd() % 64 : rnd();
		d->group_id = pick_id();
		d->target_fd = (int)(rnd() % 4 ? rnd() % 8 : rnd());
		d->flags = rnd() % 8 ? 0 : rnd();
		break;
	}
	case HTTPSYS_IOC_CANCEL:
	case HTTPSYS_IOC_WAIT_DISCONNECT: {
		struct httpsys_id_op *op = (void *)arg;

		op->id = rnd() % 2 ? rnd() % 64 : rnd();
		/* Never a blocking wait: a kept connection would stall us. */
		op->flags = rnd() % 8 ? HTTPSYS_WAIT_NONBLOCK : rnd() | 1;
		op->reserved = rnd() % 8 ? 0 : rnd();
		break;
	}
	}
	return rnd() % 16 ? arg : (void *)(uintptr_t)pick_pointer();
}

static unsigned int pick_command(void)
{
	static const unsigned int cmds[] = {
		HTTPSYS_IOC_ADD_URL, HTTPSYS_IOC_REMOVE_URL, HTTPSYS_IOC_RECEIVE,
		HTTPSYS_IOC_RECEIVE_MANY,
		HTTPSYS_IOC_RECEIVE_BODY, HTTPSYS_IOC_SEND_RESPONSE,
		HTTPSYS_IOC_SEND_BODY, HTTPSYS_IOC_CANCEL,
		HTTPSYS_IOC_WAIT_DISCONNECT, HTTPSYS_IOC_QUEUE,
		HTTPSYS_IOC_CREATE_SESSION, HTTPSYS_IOC_CLOSE_SESSION,
		HTTPSYS_IOC_CREATE_GROUP, HTTPSYS_IOC_CLOSE_GROUP,
		HTTPSYS_IOC_SET_PROPERTY, HTTPSYS_IOC_QUERY_PROPERTY,
		HTTPSYS_IOC_URLACL_ADD, HTTPSYS_IOC_URLACL_DELETE,
		HTTPSYS_IOC_URLACL_QUERY, HTTPSYS_IOC_TIMEOUT_SET,
		HTTPSYS_IOC_TIMEOUT_QUERY, HTTPSYS_IOC_SERVICE_STATE,
		HTTPSYS_IOC_SHUTDOWN, HTTPSYS_IOC_LOG_SET, HTTPSYS_IOC_LOG_READ,
		HTTPSYS_IOC_DELEGATE, HTTPSYS_IOC_QUEUE_ID };
	unsigned int cmd = cmds[rnd() % (sizeof(cmds) / sizeof(cmds[0]))];

	/* A shut-down handle does no more I/O: keep it rare. */
	if (cmd == HTTPSYS_IOC_SHUTDOWN && rnd() % 50)
		cmd = HTTPSYS_IOC_RECEIVE;

	switch (rnd() % 8) {
	case 0:		/* right number, wrong size */
		return (cmd & ~_IOC_SIZEMASK) | ((rnd() % 512) << _IOC_SIZESHIFT);
	case 1:		/* right number, wrong direction */
		return (cmd & ~(_IOC_DIRMASK << _IOC_DIRSHIFT)) |
		       ((rnd() % 4) << _IOC_DIRSHIFT);
	case 2:		/* our magic, other numbers */
		return _IOC(rnd() % 4, HTTPSYS_IOC_MAGIC, rnd() % 256, rnd() % 256);
	case 3:
		return rnd();
	default:
		return cmd;
	}
}

/* Keeps requests arriving so receive and send paths have real work. */
static void *client(void *unused)
{
	static const char *const requests[] = {
		"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
		"GET /a/b/c HTTP/1.1\r\nHost: localhost\r\n\r\n",
		"POST /a/ HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789",
		"POST /x/ HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\nabc",
		"GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /v6/ HTTP/1.1\r\nHost: a\r\n\r\n",
		"BAD\r\n\r\n",
	};
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct timeval tv = { .tv_sec = 0, .tv_usec = 200000 };
	char buf[512];

	(void)unused;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	while (!stop) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		const char *r = requests[rnd() % 6];

		sin.sin_port = htons(PORT_BASE + rnd() % PORTS);
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0) {
			counts->sent++;
			send(fd, r, strlen(r), MSG_NOSIGNAL);
			if (rnd() % 2)
				recv(fd, buf, sizeof(buf), 0);
		}
		close(fd);
		usleep(2000);
	}
	return NULL;
}

static const char *const queue_names[] = { "fz1", "fz2" };

/*
 * Most handles get a queue, as applications' do: a v1 queue, or one of
 * the named queues the processes share (opened, or created when absent);
 * some are controllers of those, some stay control handles.
 */
static int open_handle(void)
{
	const char *name = queue_names[rnd() % 2];
	struct httpsys_queue_attach a = {
		.name = (uintptr_t)name, .name_len = strlen(name),
		.flags = HTTPSYS_QUEUE_OPEN_EXISTING,
	};
	int fd = open(HTTPSYS_DEVICE_PATH, O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return fd;
	switch (rnd() % 8) {
	case 0:
		return fd;
	case 1:
	case 2:
		a = (struct httpsys_queue_attach){ .flags = HTTPSYS_QUEUE_V1 };
		break;
	case 3:
		a.flags |= HTTPSYS_QUEUE_CONTROLLER;
		break;
	default:
		if (!ioctl(fd, HTTPSYS_IOC_QUEUE, &a))
			return fd;
		a.flags = 0;
	}
	ioctl(fd, HTTPSYS_IOC_QUEUE, &a);
	return fd;
}

/*
 * Each process's handles, at fixed descriptor numbers: a handle is
 * replaced with dup2(), so a racing thread's call always reaches some
 * httpsys handle, and the old one is released when the last call on it
 * returns.
 */
static int fds[FDS];

static void replace_handle(int slot)
{
	int fd = open_handle();

	if (fd < 0)
		return;
	dup2(fd, fds[slot]);
	close(fd);
	counts->closes++;
}

/*
 * Requests and connections this process received, for the real calls;
 * half of them name the latest request, so threads race on it.
 */
static _Atomic uint64_t requests[32], connections[32];
static atomic_uint latest;

static uint64_t some_request(void)
{
	if (rnd() % 2)
		return requests[latest % 32];
	return rnd() % 16 ? requests[rnd() % 32] : rnd() % 64;
}

static void receive_request(int fd)
{
	static __thread uint64_t buf[2048];
	struct httpsys_receive r = {
		.buffer = (uintptr_t)buf, .buffer_len = sizeof(buf),
		.flags = HTTPSYS_RECEIVE_NONBLOCK | (rnd() % 4 ? 0 : rnd() % 4),
	};
	const struct httpsys_request_v1 *req = (const void *)buf;
	unsigned int slot;

	if (ioctl(fd, HTTPSYS_IOC_RECEIVE, &r))
		return;
	counts->received++;
	slot = (latest + 1) % 32;
	requests[slot] = req->request_id;
	connections[slot] = req->connection_id;
	latest = slot;
}

/* A response or a piece of one, from memory or the file, with flags. */
static void send_some(int fd, uint64_t id, int body_only)
{
	static const unsigned int flags[] = {
		0, 0, HTTPSYS_SEND_DISCONNECT, HTTPSYS_SEND_MORE_DATA,
		HTTPSYS_SEND_MORE_DATA | HTTPSYS_SEND_BUFFER_DATA,
	};
	static const char headers[] = "Content-Type: text/plain\r\nX-Fuzz: 1\r\n";
	struct httpsys_chunk c[2] = {
		{ .type = HTTPSYS_CHUNK_FROM_MEMORY, .data = (uintptr_t)"fuzzed\n",
		  .length = 7 },
		{ .type = HTTPSYS_CHUNK_FROM_FILE, .fd = file_fd,
		  .data = rnd() % 256, .length = rnd() % 1024 },
	};
	struct httpsys_send s = {
		.request_id = id, .flags = flags[rnd() % 5],
		.chunks = (uintptr_t)c, .chunk_count = rnd() % 3,
	};

	if (!body_only) {
		s.status = rnd() % 4 ? 200 : 404;
		s.reason = (uintptr_t)"Fuzz";
		s.reason_len = 4;
		s.headers = (uintptr_t)headers;
		s.headers_len = rnd() % 2 ? strlen(headers) : 0;
	}
	if (ioctl(fd, body_only ? HTTPSYS_IOC_SEND_BODY :
		  HTTPSYS_IOC_SEND_RESPONSE, &s))
		return;
	if (body_only)
		counts->body_sends++;
	else
		counts->answered++;
}

/* One well-formed call on @fd, naming requests this process received. */
/*
 * A well-formed snapshot with room for the 1 MiB an unprivileged user may
 * get: the hostile ones rarely have room for one, so this is what shows
 * snapshots are answered under the load.
 */
static void snapshot(int fd)
{
	static __thread void *buf;
	struct httpsys_state_query q = { .length = 1 << 20 };

	if (!buf)
		buf = malloc(q.length);
	q.buffer = (uintptr_t)buf;
	if (buf && !ioctl(fd, HTTPSYS_IOC_SERVICE_STATE, &q))
		counts->snapshots++;
}

static void real_call(int fd)
{
	struct httpsys_id_op op = { .flags = HTTPSYS_WAIT_NONBLOCK };
	struct httpsys_body b = { .flags = HTTPSYS_BODY_NONBLOCK };
	struct httpsys_url u = { 0 };
	char body[512];

	switch (rnd() % 12) {
	case 0:
	case 1:
	case 2:
		receive_request(fd);
		break;
	case 3:
	case 4:
	case 5:
		send_some(fd, some_request(), 0);
		break;
	case 6:
		send_some(fd, some_request(), 1);
		break;
	case 7:
		op.id = some_request();
		op.flags = 0;
		if (!ioctl(fd, HTTPSYS_IOC_CANCEL, &op))
			counts->cancels++;
		break;
	case 8:
		b.request_id = some_request();
		b.buffer = (uintptr_t)body;
		b.buffer_len = rnd() % sizeof(body);
		if (!ioctl(fd, HTTPSYS_IOC_RECEIVE_BODY, &b))
			counts->body_reads++;
		break;
	case 9:
		op.id = connections[rnd() % 32];
		if (!ioctl(fd, HTTPSYS_IOC_WAIT_DISCONNECT, &op))
			counts->waits++;
		break;
	case 10:
		/* Kept rarer than receives, so registrations last a while. */
		if (rnd() % 4) {
			receive_request(fd);
			break;
		}
		u.url = (uintptr_t)urls[rnd() % 6];
		u.url_len = strlen((const char *)(uintptr_t)u.url);
		if (!ioctl(fd, rnd() % 3 ? HTTPSYS_IOC_ADD_URL :
			   HTTPSYS_IOC_REMOVE_URL, &u))
			counts->url_changes++;
		break;
	case 11:
		/* A shut-down handle does no more I/O: keep it rare. */
		if (rnd() % 100 == 0 && !ioctl(fd, HTTPSYS_IOC_SHUTDOWN))
			counts->shutdowns++;
		else if (rnd() % 50 == 0)
			snapshot(fd);
		else
			receive_request(fd);
		break;
	}
}

/* One hostile call: any command, any argument, on @fd. */
static void hostile_call(int fd)
{
	unsigned int cmd = pick_command();
	void *arg = make_arg(cmd);

	counts->calls++;
	if (ioctl(fd, cmd, arg) < 0)
		counts->refused++;
	else if (cmd == HTTPSYS_IOC_CREATE_SESSION ||
		 cmd == HTTPSYS_IOC_CREATE_GROUP)
		ids[rnd() % 16] = ((struct httpsys_object *)arg)->id;
	else if (cmd == HTTPSYS_IOC_SERVICE_STATE)
		counts->snapshots++;
	else if (cmd == HTTPSYS_IOC_TIMEOUT_QUERY)
		counts->queries++;
}

/* Each thread has its own generator state and its own scratch pages. */
static void thread_setup(uint64_t thread_seed)
{
	seed = thread_seed | 1;
	scratch = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(scratch + 4096, 4096);	/* so structs can straddle into nothing */
}

static uint64_t base_seed;
static time_t end;
static atomic_int running;

static void *fuzzer(void *arg)
{
	thread_setup(base_seed + (uintptr_t)arg * 0x9e3779b97f4a7c15ULL);
	while (time(NULL) < end) {
		int slot = rnd() % FDS;

		if (rnd() % 1000 == 0)
			replace_handle(slot);
		else if (rnd() % 2)
			real_call(fds[slot]);
		else
			hostile_call(fds[slot]);
	}
	running--;
	return NULL;
}

static void *client_thread(void *arg)
{
	thread_setup(base_seed + (uintptr_t)arg * 0x9e3779b97f4a7c15ULL);
	return client(NULL);
}

/* One process: its handles, its fuzzing threads and its client. */
static int fuzz_process(int index)
{
	pthread_t threads[THREADS], load[CLIENTS];
	int i;

	thread_setup(base_seed + index * 1000003ULL);
	file_fd = open("/etc/services", O_RDONLY | O_CLOEXEC);
	for (i = 0; i < FDS; i++) {
		fds[i] = open_handle();
		if (fds[i] < 0) {
			perror(HTTPSYS_DEVICE_PATH);
			return 1;
		}
	}
	for (i = 0; i < CLIENTS; i++)
		pthread_create(&load[i], NULL, client_thread,
			       (void *)(uintptr_t)(index * 100 + 50 + i));
	running = THREADS;
	for (i = 0; i < THREADS; i++)
		pthread_create(&threads[i], NULL, fuzzer,
			       (void *)(uintptr_t)(index * 100 + i));
	/* Bounded: a thread still in the kernel past the grace is stuck. */
	while (running && time(NULL) < end + GRACE)
		usleep(100000);
	stop = 1;
	if (running) {
		counts->stuck += running;
		return 2;
	}
	for (i = 0; i < THREADS; i++)
		pthread_join(threads[i], NULL);
	for (i = 0; i < CLIENTS; i++)
		pthread_join(load[i], NULL);
	for (i = 0; i < FDS; i++)
		close(fds[i]);
	return 0;
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 10, i, failed = 0;
	pid_t pids[PROCESSES];

	base_seed = argc > 2 ? strtoull(argv[2], NULL, 0) : (uint64_t)time(NULL);
	end = time(NULL) + seconds;
	printf("ioctl_fuzz: %d s, seed %llu, %d processes x %d threads, "
	       "%d clients each\n", seconds, (unsigned long long)base_seed,
	       PROCESSES, THREADS, CLIENTS);
	fflush(stdout);
	signal(SIGPIPE, SIG_IGN);
	counts = mmap(NULL, sizeof(*counts), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	unmapped = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(unmapped, 4096);
	for (i = 0; i < PROCESSES; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(fuzz_process(i));
	}
	for (i = 0; i < PROCESSES; i++) {
		int status = 0;
		pid_t done;

		while ((done = waitpid(pids[i], &status, WNOHANG)) == 0 &&
		       time(NULL) < end + 2 * GRACE)
			usleep(100000);
		if (done != pids[i] || !WIFEXITED(status) || WEXITSTATUS(status)) {
			kill(pids[i], SIGKILL);
			failed++;
		}
	}
	printf("ioctl_fuzz: %lu calls, %lu refused\n", counts->calls,
	       counts->refused);
	printf("ioctl_fuzz: %lu service-state snapshots, %lu timeout queries answered\n",
	       counts->snapshots, counts->queries);
	printf("ioctl_fuzz: %lu client requests, %lu requests received, "
	       "%lu responses sent, %lu body sends, %lu cancels, %lu body reads, "
	       "%lu disconnect waits\n", counts->sent,
	       counts->received, counts->answered, counts->body_sends,
	       counts->cancels, counts->body_reads, counts->waits);
	printf("ioctl_fuzz: %lu URL changes, %lu shutdowns, %lu handles replaced, "
	       "%lu threads stuck, %d processes failed\n", counts->url_changes,
	       counts->shutdowns, counts->closes, counts->stuck, failed);
	return counts->calls > 0 && !failed ? 0 : 1;
}
