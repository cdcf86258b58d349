// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client.h"

int client_connect(const char *host, int port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	struct timeval tv = { .tv_sec = CLIENT_TIMEOUT_MS / 1000 };
	char service[16];
	int fd;

	snprintf(service, sizeof(service), "%d", port);
	if (getaddrinfo(host, service, &hints, &ai))
		return -1;
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (connect(fd, ai->ai_addr, ai->ai_addrlen)) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(ai);
	return fd;
}

int client_send(int fd, const char *s)
{
	size_t len = strlen(s);

	while (len) {
		ssize_t n = send(fd, s, len, MSG_NOSIGNAL);

		if (n <= 0)
			return -1;
		s += n;
		len -= n;
	}
	return 0;
}

static const char *find_header(const char *head, const char *name)
{
	size_t len = strlen(name);
	const char *p = head;

	while ((p = strstr(p, "\r\n")) != NULL) {
		p += 2;
		if (!strncasecmp(p, name, len) && p[len] == ':')
			return p + len + 1;
	}
	return NULL;
}

/* Read up to @len bytes, stopping early only at EOF; -1 on error. */
static ssize_t read_full(int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = recv(fd, buf + got, len - got, 0);

		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += n;
	}
	return got;
}

/*
 * Read a response head into @buf: bytes are peeked and only the head's
 * consumed, so a pipelined second response stays in the socket for the
 * next call.  (A byte per recv() would do too, at a cost the debug
 * kernel makes prohibitive.)  Returns the head's length.
 */
static size_t read_head(int fd, char *buf, size_t size)
{
	size_t got = 0, from;
	const char *end;
	ssize_t n;

	while (got + 1 < size) {
		n = recv(fd, buf + got, size - 1 - got, MSG_PEEK);
		if (n <= 0)
			break;
		from = got > 3 ? got - 3 : 0;
		end = memmem(buf + from, got + n - from, "\r\n\r\n", 4);
		if (end)
			n = end + 4 - (buf + got);
		n = recv(fd, buf + got, n, 0);
		if (n <= 0)
			break;
		got += n;
		if (end)
			break;
	}
	buf[got] = '\0';
	return got;
}

/* The head as above, and the body by its Content-Length or up to EOF. */
int client_read_response(int fd, char *buf, size_t size)
{
	size_t got, want;
	const char *cl;
	ssize_t n;
	int status;

	got = read_head(fd, buf, size);
	if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
		return -1;
	cl = find_header(buf, "Content-Length");
	want = cl ? strtoul(cl, NULL, 10) : size;	/* else up to EOF */
	if (status < 200 || status == 204 || status == 304)
		want = 0;				/* never a body */
	want = want < size - 1 - got ? want : size - 1 - got;
	n = read_full(fd, buf + got, want);
	if (n < 0)
		return -1;
	buf[got + n] = '\0';
	return status;
}

int client_closed(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;

	if (poll(&p, 1, CLIENT_TIMEOUT_MS) != 1)
		return 0;
	return recv(fd, &c, 1, MSG_DONTWAIT) == 0 || errno == ECONNRESET;
}

FILE *curl_start(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return popen(cmd, "r");
}

int curl_finish(FILE *f, char *out, size_t size)
{
	size_t n = fread(out, 1, size - 1, f);
	int status = pclose(f);

	out[n] = '\0';
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
