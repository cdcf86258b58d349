// SPDX-License-Identifier: GPL-2.0
/*
 * Throws random and boundary ioctls at /dev/httpsys for a bounded time:
 * random command numbers and sizes, NULL / unmapped / kernel / misaligned /
 * overlapping pointers, random lengths, opens and closes in any order,
 * while a client thread keeps real requests arriving.  Meant to run as an
 * unprivileged user in the debug VM; the kernel log is the verdict.
 *
 *     ioctl_fuzz SECONDS [SEED]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "httpsys.h"

#define FDS		4
#define PORT_BASE	9100
#define PORTS		3

static volatile int stop;
static int file_fd;		/* a readable file for FROM_FILE chunks */
static unsigned char *scratch;	/* a mapped page pair: data and structs */
static void *unmapped;
static uint64_t seed;

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
		a->flags = rnd() % 4 ? rnd() % 4 : rnd() % 2 ? HTTPSYS_QUEUE_V1 : rnd();
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
		HTTPSYS_IOC_RECEIVE_BODY, HTTPSYS_IOC_SEND_RESPONSE,
		HTTPSYS_IOC_SEND_BODY, HTTPSYS_IOC_CANCEL,
		HTTPSYS_IOC_WAIT_DISCONNECT, HTTPSYS_IOC_QUEUE,
		HTTPSYS_IOC_CREATE_SESSION, HTTPSYS_IOC_CLOSE_SESSION,
		HTTPSYS_IOC_CREATE_GROUP, HTTPSYS_IOC_CLOSE_GROUP,
		HTTPSYS_IOC_SET_PROPERTY, HTTPSYS_IOC_QUERY_PROPERTY,
		HTTPSYS_IOC_URLACL_ADD, HTTPSYS_IOC_URLACL_DELETE,
		HTTPSYS_IOC_URLACL_QUERY, HTTPSYS_IOC_TIMEOUT_SET,
		HTTPSYS_IOC_TIMEOUT_QUERY, HTTPSYS_IOC_SERVICE_STATE,
		HTTPSYS_IOC_SHUTDOWN };
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
			send(fd, r, strlen(r), MSG_NOSIGNAL);
			if (rnd() % 2)
				recv(fd, buf, sizeof(buf), 0);
		}
		close(fd);
		usleep(2000);
	}
	return NULL;
}

/* Most handles get a queue, as applications' do; some stay control handles. */
static int open_handle(void)
{
	struct httpsys_queue_attach a = { .flags = HTTPSYS_QUEUE_V1 };
	int fd = open(HTTPSYS_DEVICE_PATH, O_RDWR | O_NONBLOCK);

	if (fd >= 0 && rnd() % 4)
		ioctl(fd, HTTPSYS_IOC_QUEUE, &a);
	return fd;
}

int main(int argc, char **argv)
{
	int fds[FDS], i, seconds = argc > 1 ? atoi(argv[1]) : 10;
	unsigned long calls = 0, errors = 0, snapshots = 0, queries = 0;
	time_t end = time(NULL) + seconds;
	pthread_t thread;

	seed = argc > 2 ? strtoull(argv[2], NULL, 0) : (uint64_t)time(NULL);
	printf("ioctl_fuzz: %d s, seed %llu\n", seconds, (unsigned long long)seed);
	scratch = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unmapped = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(unmapped, 4096);
	munmap(scratch + 4096, 4096);	/* so structs can straddle into nothing */
	file_fd = open("/etc/services", O_RDONLY);
	for (i = 0; i < FDS; i++)
		fds[i] = open_handle();
	if (fds[0] < 0) {
		perror(HTTPSYS_DEVICE_PATH);
		return 1;
	}
	pthread_create(&thread, NULL, client, NULL);
	while (time(NULL) < end) {
		int slot = rnd() % FDS;
		unsigned int cmd;
		void *arg;

		if (rnd() % 500 == 0) {
			close(fds[slot]);
			fds[slot] = open_handle();
			continue;
		}
		cmd = pick_command();
		arg = make_arg(cmd);
		calls++;
		if (ioctl(fds[slot], cmd, arg) < 0)
			errors++;
		else if (cmd == HTTPSYS_IOC_CREATE_SESSION ||
			 cmd == HTTPSYS_IOC_CREATE_GROUP)
			ids[rnd() % 16] = ((struct httpsys_object *)arg)->id;
		else if (cmd == HTTPSYS_IOC_SERVICE_STATE)
			snapshots++;
		else if (cmd == HTTPSYS_IOC_TIMEOUT_QUERY)
			queries++;
	}
	stop = 1;
	pthread_join(thread, NULL);
	for (i = 0; i < FDS; i++)
		close(fds[i]);
	printf("ioctl_fuzz: %lu calls, %lu refused\n", calls, errors);
	printf("ioctl_fuzz: %lu service-state snapshots, %lu timeout queries answered\n",
	       snapshots, queries);
	return calls > 0 ? 0 : 1;
}
