/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test clients for the integration tests: raw TCP sockets (for exact and
 * malformed bytes) and curl run in the background (an independent client).
 * Every wait is bounded.
 */
#ifndef HTTPSYS_TEST_CLIENT_H
#define HTTPSYS_TEST_CLIENT_H

#include <stddef.h>
#include <stdio.h>

#define CLIENT_TIMEOUT_MS	30000

/* Connect to @host ("127.0.0.1" or "::1") : @port; -1 on failure. */
int client_connect(const char *host, int port);

/* Send all of @s; 0 or -1. */
int client_send(int fd, const char *s);

/*
 * Read one response into @buf (NUL-terminated): the head and a body of
 * Content-Length bytes (none for 1xx, 204, 304), or up to EOF when there
 * is no length.  Returns the status code, or -1 on timeout or a
 * malformed response.
 */
int client_read_response(int fd, char *buf, size_t size);

/* True when the peer has closed the connection (read returns 0 in time). */
int client_closed(int fd);

/* Run a shell command in the background; its stdout is read by curl_finish. */
FILE *curl_start(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Wait for the command and collect its output; returns its exit status. */
int curl_finish(FILE *f, char *out, size_t size);

#endif /* HTTPSYS_TEST_CLIENT_H */
