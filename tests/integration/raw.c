// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "httpsys.h"
#include "raw.h"

int raw_queue(const char *name, unsigned int flags)
{
	struct httpsys_queue_attach a = {
		.name = (uintptr_t)name,
		.name_len = name ? strlen(name) : 0,
		.flags = name ? flags : HTTPSYS_QUEUE_V1,
	};
	int fd = open(HTTPSYS_DEVICE_PATH, O_RDWR | O_CLOEXEC);

	if (fd >= 0 && ioctl(fd, HTTPSYS_IOC_QUEUE, &a)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

int raw_add_url(int fd, const char *url)
{
	struct httpsys_url u = { .url = (uintptr_t)url, .url_len = strlen(url) };

	return ioctl(fd, HTTPSYS_IOC_ADD_URL, &u) ? -errno : 0;
}

uint64_t raw_receive(int fd, int ms)
{
	static __thread uint64_t buf[2048];
	struct httpsys_receive r = {
		.buffer = (uintptr_t)buf, .buffer_len = sizeof(buf),
		.flags = HTTPSYS_RECEIVE_NONBLOCK,
	};
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint64_t end = now_us() + (uint64_t)ms * 1000;

	/* Another receiver may take what poll saw: poll again until @ms. */
	while (poll(&p, 1, ms) == 1 && (p.revents & POLLIN)) {
		if (ioctl(fd, HTTPSYS_IOC_RECEIVE, &r) == 0)
			return r.request_id;
		if (errno != EAGAIN || now_us() >= end)
			break;
		ms = (end - now_us()) / 1000;
		r.request_id = 0;
	}
	return 0;
}

int raw_send(int fd, uint64_t id, unsigned int flags, const char *headers,
	     const void *body, size_t body_len)
{
	struct httpsys_chunk c = {
		.type = HTTPSYS_CHUNK_FROM_MEMORY,
		.data = (uintptr_t)body, .length = body_len,
	};
	struct httpsys_send s = {
		.request_id = id, .flags = flags,
		.chunks = (uintptr_t)&c, .chunk_count = body_len ? 1 : 0,
	};

	if (headers) {
		s.status = 200;
		s.reason = (uintptr_t)"OK";
		s.reason_len = 2;
		s.headers = (uintptr_t)headers;
		s.headers_len = strlen(headers);
	}
	return ioctl(fd, headers ? HTTPSYS_IOC_SEND_RESPONSE :
			 HTTPSYS_IOC_SEND_BODY, &s) ? -errno : 0;
}

int raw_cancel(int fd, uint64_t id)
{
	struct httpsys_id_op op = { .id = id };

	return ioctl(fd, HTTPSYS_IOC_CANCEL, &op) ? -errno : 0;
}

/* The response's length once its head is in @buf, else 0; sets @w. */
static size_t response_length(const char *buf, size_t got, int head_only,
			      struct wire *w)
{
	const char *end = memmem(buf, got, "\r\n\r\n", 4), *p;
	size_t head, length = 0;

	if (!end)
		return 0;
	head = end + 4 - buf;
	if (sscanf(buf, "HTTP/1.%*d %d", &w->status) != 1)
		w->status = 0;
	for (p = buf; p && p < end; p = memmem(p, end - p, "\r\n", 2)) {
		p += 2;
		if (!strncasecmp(p, "Content-Length:", 15))
			length = strtoull(p + 15, NULL, 10);
	}
	if (head_only || w->status < 200 || w->status == 204 || w->status == 304)
		length = 0;
	return head + length;
}

void wire_read(int fd, int head_only, int ms, int linger_ms, struct wire *w)
{
	size_t size = 1 << 20, got = 0, length = 0, i;
	char *buf = malloc(size);

	memset(w, 0, sizeof(*w));
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, w->complete ? linger_ms : ms) != 1) {
			w->timed_out = !w->complete;
			break;
		}
		if (got == size) {
			size *= 2;
			buf = realloc(buf, size);
		}
		n = recv(fd, buf + got, size - got, 0);
		if (n <= 0) {
			w->closed = 1;
			break;
		}
		got += n;
		w->bytes = got;
		if (!length)
			length = response_length(buf, got, head_only, w);
		w->complete = length && got >= length;
	}
	if (length) {
		size_t head = (char *)memmem(buf, got, "\r\n\r\n", 4) + 4 - buf;

		w->body = (got < length ? got : length) - head;
	}
	if (w->complete && got > length) {
		w->extra = got - length;
		for (i = 0; i < w->extra && i + 1 < sizeof(w->extra_start); i++) {
			unsigned char ch = buf[length + i];

			w->extra_start[i] = isprint(ch) ? ch : '.';
		}
	}
	if (!w->complete && w->status)
		w->status = -w->status;	/* a head without all of its body */
	free(buf);
}

int wire_request(int port, const char *request)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET, .sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    send(fd, request, strlen(request), MSG_NOSIGNAL) != (ssize_t)strlen(request)) {
		close(fd);
		return -1;
	}
	return fd;
}

uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
}
