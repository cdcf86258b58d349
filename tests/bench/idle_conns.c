// SPDX-License-Identifier: GPL-2.0
/*
 * Opens N keep-alive connections to [::1]:PORT, sends one GET on each
 * and (unless --no-wait) reads its response, then keeps them all open and
 * idle until killed.
 *
 *     idle_conns --port P --count N [--no-wait]
 *
 * --no-wait: the requests are sent and not answered (a server that
 * leaves them queued).  A window of connections is in progress at once.
 * Prints "open N answered A failed F" when done, then "ready".  IPv6,
 * as a dual-stack listener's accepted sockets are: then both ends'
 * sockets are alike and the memory benchmark can split them evenly.
 */
#define _GNU_SOURCE	/* memmem */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define WINDOW		256
#define TIMEOUT_MS	30000	/* per poll with nothing happening */

static const char request[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

enum step { CONNECTING, READING, DONE };

struct conn {
	int fd;
	enum step step;
	size_t got;
	char buf[512];
};

/* A whole response head and its Content-Length body are in @c's buffer. */
static bool response_complete(const struct conn *c)
{
	const char *end = memmem(c->buf, c->got, "\r\n\r\n", 4);
	const char *cl;
	size_t head;

	if (!end)
		return false;
	head = end + 4 - c->buf;
	cl = memmem(c->buf, head, "Content-Length:", 15);
	return c->got >= head + (cl ? strtoul(cl + 15, NULL, 10) : 0);
}

static int start(struct conn *c, int port)
{
	struct sockaddr_in6 sin = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(port),
		.sin6_addr = IN6ADDR_LOOPBACK_INIT,
	};

	c->fd = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (c->fd < 0)
		return -1;
	c->step = CONNECTING;
	c->got = 0;
	if (connect(c->fd, (struct sockaddr *)&sin, sizeof(sin)) &&
	    errno != EINPROGRESS)
		return -1;
	return 0;
}

/* One step on a ready connection; -1 when it failed. */
static int advance(struct conn *c, bool wait)
{
	int err = 0;
	socklen_t len = sizeof(err);
	ssize_t n;

	if (c->step == CONNECTING) {
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) || err)
			return -1;
		/* A fresh socket's send buffer takes the short head whole. */
		if (send(c->fd, request, sizeof(request) - 1, MSG_NOSIGNAL) !=
		    (ssize_t)sizeof(request) - 1)
			return -1;
		c->step = wait ? READING : DONE;
		return 0;
	}
	n = recv(c->fd, c->buf + c->got, sizeof(c->buf) - c->got, 0);
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n <= 0)
		return -1;
	c->got += n;
	if (response_complete(c))
		c->step = DONE;
	else if (c->got == sizeof(c->buf))
		return -1;
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: idle_conns --port P --count N [--no-wait]\n");
	return 2;
}

int main(int argc, char **argv)
{
	int port = 0, count = 0, started = 0, finished = 0, failed = 0, i, n;
	struct rlimit rl = { 0 };
	struct pollfd pfd[WINDOW];
	struct conn *conns, *active[WINDOW];
	unsigned int nactive = 0, j;
	bool wait = true;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port") && i + 1 < argc)
			port = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--count") && i + 1 < argc)
			count = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--no-wait"))
			wait = false;
		else
			return usage();
	}
	if (port <= 0 || port > 65535 || count <= 0)
		return usage();
	/* Every connection is a descriptor: raise the soft limit to the hard. */
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	conns = calloc(count, sizeof(*conns));
	if (!conns)
		return 1;

	while (finished + failed < count) {
		while (nactive < WINDOW && started < count) {
			struct conn *s = &conns[started++];

			if (start(s, port)) {
				perror("idle_conns: connect");
				failed++;
				if (s->fd >= 0)
					close(s->fd);
				continue;
			}
			active[nactive++] = s;
		}
		if (!nactive)
			break;
		for (j = 0; j < nactive; j++) {
			pfd[j].fd = active[j]->fd;
			pfd[j].events = active[j]->step == CONNECTING ? POLLOUT : POLLIN;
		}
		n = poll(pfd, nactive, TIMEOUT_MS);
		if (n <= 0) {
			fprintf(stderr, "idle_conns: %u connections stalled\n", nactive);
			failed += nactive;
			break;
		}
		/* From the end, so a slot refilled from the end was seen. */
		for (j = nactive; j-- > 0;) {
			if (!pfd[j].revents)
				continue;
			if (advance(active[j], wait)) {
				close(active[j]->fd);
				failed++;
			} else if (active[j]->step == DONE) {
				finished++;
			} else {
				continue;
			}
			active[j] = active[--nactive];
		}
	}
	printf("open %d answered %d failed %d\n", finished,
	       wait ? finished : 0, failed);
	printf("ready\n");
	fflush(stdout);
	/* Hold the connections until killed. */
	for (;;)
		pause();
}
