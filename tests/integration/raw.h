/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The race and framing tests talk to /dev/httpsys through the uapi
 * ioctls directly (raw.c), so they control exactly which call runs on
 * which thread, and read responses off the wire byte for byte.  Every
 * wait is bounded.
 */
#ifndef HTTPSYS_TEST_RAW_H
#define HTTPSYS_TEST_RAW_H

#include <stddef.h>
#include <stdint.h>

/* A handle attached to a queue: @name NULL for a new v1 queue. */
int raw_queue(const char *name, unsigned int flags);

/* ADD_URL on the handle's own queue; 0 or -errno. */
int raw_add_url(int fd, const char *url);

/* The next request's ID, waiting up to @ms for one; 0 for none. */
uint64_t raw_receive(int fd, int ms);

/*
 * SEND_RESPONSE (@headers non-NULL, a status of 200) or SEND_BODY
 * (@headers NULL) with @body as one memory chunk; 0 or -errno.
 */
int raw_send(int fd, uint64_t id, unsigned int flags, const char *headers,
	     const void *body, size_t body_len);

/* CANCEL; 0 or -errno. */
int raw_cancel(int fd, uint64_t id);

/* What a client read on a connection. */
struct wire {
	int status;		/* the first response's, negated when its body
				 * was cut short; 0 none or malformed
				 */
	size_t bytes;		/* everything that arrived */
	int complete;		/* its head and Content-Length body arrived */
	size_t body;		/* body bytes of it that arrived */
	size_t extra;		/* bytes that came after it */
	char extra_start[24];	/* the first of them, made printable */
	int closed;		/* the connection ended (EOF or reset) */
	int timed_out;		/* nothing more for @ms with none complete */
};

/*
 * Read what arrives on @fd: until the connection ends, @ms pass without
 * a complete response, or @linger_ms pass without a byte after one.
 * @head_only: the request was a HEAD, so the response has no body.
 */
void wire_read(int fd, int head_only, int ms, int linger_ms, struct wire *w);

/* A loopback connection to @port with @request sent; -1 on failure. */
int wire_request(int port, const char *request);

/* Microseconds on a monotonic clock. */
uint64_t now_us(void);

#endif /* HTTPSYS_TEST_RAW_H */
