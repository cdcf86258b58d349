// SPDX-License-Identifier: GPL-2.0
/*
 * Integration tests of the module's limits and timeouts, run as root in
 * the test VM: the module parameters, the errors each limit gives, each
 * timeout, and a slowloris crowd that must not starve a normal client.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <http.h>

#include "tap.h"
#include "app.h"
#include "client.h"

#define PORT		8085
#define SLOW_CLIENTS	1000

static HANDLE q;

/* Seconds until the server closes @fd (reading and dropping any bytes). */
static double seconds_to_close(int fd, double start)
{
	char buf[4096];
	struct pollfd p = { .fd = fd, .events = POLLIN };

	while (poll(&p, 1, CLIENT_TIMEOUT_MS) == 1) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n <= 0)
			return now() - start;
	}
	return -1;
}

static void test_defaults(void)
{
	static const struct { const char *name; long value; } defaults[] = {
		{ "max_request_bytes", 16384 }, { "max_field_length", 16384 },
		{ "max_header_count", 128 }, { "max_connections", 16384 },
		{ "max_connections_per_source", 2048 },
		{ "max_buffer_bytes", 64 << 20 },
		{ "max_body_bytes", 0 }, { "header_wait", 120 },
		{ "idle_connection", 120 }, { "entity_body", 120 },
		{ "drain_entity_body", 120 }, { "min_send_rate", 150 },
	};
	size_t i;

	for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
		CHECK(get_param(defaults[i].name) == defaults[i].value,
		      "params: %s defaults to %ld", defaults[i].name,
		      defaults[i].value);
	CHECK(set_param("max_request_bytes", "10") == EINVAL &&
	      set_param("max_request_bytes", "1000000") == EINVAL &&
	      set_param("header_wait", "-1") == EINVAL &&
	      get_param("max_request_bytes") == 16384,
	      "params: out-of-range values are refused, the old value kept");
}

/* @request gets @status from the kernel and nothing reaches the app. */
static void answered(const char *request, int status, const char *what)
{
	int fd = raw_request(PORT, request);
	int got = client_read_response(fd, out, sizeof(out));

	CHECK(got == status && !readable(q, 100), "limits: %s gets %d (got %d)",
	      what, status, got);
	if (fd >= 0)
		close(fd);
}

static void test_size_limits(void)
{
	static char request[70000];
	char *p;
	int i, fd;

	set_param("max_field_length", "1024");
	p = request + sprintf(request, "GET /");
	memset(p, 'u', 2000);
	sprintf(p + 2000, " HTTP/1.1\r\nHost: a\r\n\r\n");
	answered(request, 414, "a target over max_field_length");
	p[2000] = '\0';
	answered(request, 414, "a request line that never ends");

	p = request + sprintf(request, "GET / HTTP/1.1\r\nHost: a\r\nX-Long: ");
	memset(p, 'v', 1500);
	sprintf(p + 1500, "\r\n\r\n");
	answered(request, 400, "a header line over max_field_length");
	set_param("max_field_length", "16384");

	p = request + sprintf(request, "GET / HTTP/1.1\r\nHost: a\r\n");
	for (i = 0; i < 20; i++) {
		p += sprintf(p, "X-%d: ", i);
		memset(p, 'h', 1000);
		p += 1000;
		p += sprintf(p, "\r\n");
	}
	sprintf(p, "\r\n");
	answered(request, 400, "headers over max_request_bytes");
	CHECK(strstr(out, "Request Header Too Long") != NULL,
	      "limits: the 400 says Request Header Too Long");

	p = request + sprintf(request, "GET / HTTP/1.1\r\nHost: a\r\n");
	for (i = 0; i < 200; i++)
		p += sprintf(p, "X-%d: 1\r\n", i);
	sprintf(p, "\r\n");
	answered(request, 400, "more headers than max_header_count");

	set_param("max_body_bytes", "1000");
	answered("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1001\r\n\r\n", 413,
		 "a Content-Length over max_body_bytes");
	fd = raw_request(PORT, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n");
	CHECK(receive(q, 0) != NULL, "limits: a body of exactly max_body_bytes is taken");
	respond(q, req->RequestId, 200, "OK", "ok", HTTP_SEND_RESPONSE_FLAG_DISCONNECT);
	close(fd);
	set_param("max_body_bytes", "0");
}

static void test_max_connections(void)
{
	int fds[6], i, refused;

	set_param("max_connections", "5");
	usleep(200000);	/* earlier tests' connections finish closing */
	for (i = 0; i < 6; i++) {
		fds[i] = client_connect("127.0.0.1", PORT);
		usleep(50000);
	}
	refused = seconds_to_close(fds[5], now()) >= 0;
	client_send(fds[0], "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q, 0))
		respond(q, req->RequestId, 200, "OK", "in", 0);
	CHECK(refused && client_read_response(fds[0], out, sizeof(out)) == 200,
	      "limits: the sixth connection over max_connections=5 is closed, "
	      "the first is served");
	for (i = 0; i < 6; i++)
		close(fds[i]);
	set_param("max_connections", "16384");
}

static void test_timeouts(void)
{
	double start, t;
	char buf[16];
	ULONG got, err;
	int fd, i;

	set_param("header_wait", "2");
	set_param("idle_connection", "2");
	set_param("entity_body", "2");
	set_param("drain_entity_body", "2");

	start = now();
	fd = raw_request(PORT, "GET / HTTP/1.1\r\nHo");
	CHECK(client_read_response(fd, out, sizeof(out)) == 408 &&
	      (t = now() - start) > 1.5 && t < 6,
	      "timeouts: an unfinished head gets 408 after header_wait");
	close(fd);

	start = now();
	fd = raw_request(PORT, "G");
	for (i = 0; i < 8 && client_send(fd, "E") == 0; i++)
		usleep(500000);
	t = now() - start;
	CHECK(client_read_response(fd, out, sizeof(out)) == 408 && t < 6,
	      "timeouts: a byte every half second does not extend header_wait");
	close(fd);

	start = now();
	fd = client_connect("127.0.0.1", PORT);
	t = seconds_to_close(fd, start);
	CHECK(t > 1.5 && t < 6 && !readable(q, 0),
	      "timeouts: a silent connection is closed after idle_connection");
	close(fd);

	fd = raw_request(PORT, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q, 0))
		respond(q, req->RequestId, 200, "OK", "kept", 0);
	start = now();
	t = seconds_to_close(fd, start);
	CHECK(t > 1.5 && t < 6,
	      "timeouts: a kept-alive connection idles out after its response");
	close(fd);

	fd = raw_request(PORT, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
	if (receive(q, 0)) {
		start = now();
		got = 0;
		HttpReceiveRequestEntityBody(q, req->RequestId, 0, buf, sizeof(buf),
					     &got, NULL);
		err = HttpReceiveRequestEntityBody(q, req->RequestId, 0, buf,
						   sizeof(buf), &got, NULL);
		t = now() - start;
		CHECK(err == ERROR_CONNECTION_INVALID && t > 1.5 && t < 6,
		      "timeouts: a stalled body fails the read after entity_body");
	}
	close(fd);

	fd = raw_request(PORT, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nab");
	if (receive(q, 0))
		respond(q, req->RequestId, 200, "OK", "unread", 0);
	start = now();
	t = seconds_to_close(fd, start);
	CHECK(t > 1.5 && t < 6,
	      "timeouts: an unread body that stops coming is dropped after drain_entity_body");
	close(fd);

	set_param("header_wait", "120");
	set_param("idle_connection", "120");
	set_param("entity_body", "120");
	set_param("drain_entity_body", "120");
}

static void test_min_send_rate(void)
{
	static char big[16 << 20];
	HTTP_RESPONSE resp = { .StatusCode = 200, .pReason = "OK", .ReasonLength = 2 };
	HTTP_DATA_CHUNK chunk;
	int fd, small = 4096;
	double start;
	ULONG err;

	set_param("min_send_rate", "100000000");
	fd = raw_request(PORT, "GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	if (receive(q, 0)) {
		memset(big, 'b', sizeof(big));
		chunk.DataChunkType = HttpDataChunkFromMemory;
		chunk.FromMemory.pBuffer = big;
		chunk.FromMemory.BufferLength = sizeof(big);
		resp.EntityChunkCount = 1;
		resp.pEntityChunks = &chunk;
		start = now();
		err = HttpSendHttpResponse(q, req->RequestId, 0, &resp, NULL, NULL,
					   NULL, 0, NULL, NULL);
		CHECK(err == ERROR_CONNECTION_INVALID && now() - start < 10,
		      "min_send_rate: a client that does not read fails the send (%lu)",
		      (unsigned long)err);
	}
	close(fd);
	set_param("min_send_rate", "150");
}

static int sanitizer_kernel;

static long slab_kb(void)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Slab: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static void test_slowloris(void)
{
	static int fds[SLOW_CLIENTS];
	struct rlimit rl = { 4096, 4096 };
	long before, during;
	double start, worst = 0, t;
	int i, round, opened = 0, fd;

	setrlimit(RLIMIT_NOFILE, &rl);
	before = slab_kb();
	for (i = 0; i < SLOW_CLIENTS; i++) {
		fds[i] = raw_request(PORT, "GET / HTTP/1.1\r\n");
		opened += fds[i] >= 0;
	}
	CHECK(opened == SLOW_CLIENTS, "slowloris: %d slow clients connected", opened);
	for (round = 0; round < 3; round++) {
		for (i = 0; i < SLOW_CLIENTS; i++)
			if (fds[i] >= 0)
				client_send(fds[i], "X");
		start = now();
		fd = raw_request(PORT, "GET /normal HTTP/1.1\r\nHost: a\r\n\r\n");
		if (receive(q, 0))
			respond(q, req->RequestId, 200, "OK", "served", 0);
		if (client_read_response(fd, out, sizeof(out)) == 200) {
			t = now() - start;
			worst = t > worst ? t : worst;
		} else {
			worst = 1e9;
		}
		close(fd);
		sleep(2);
	}
	during = slab_kb();
	if (sanitizer_kernel) {
		/*
		 * KASAN's redzones and quarantine inflate every allocation and
		 * slow everything (about 7 s measured alone under TCG): only
		 * starvation, a wait near the 120 s timeouts, is judged
		 * there; the figures that matter are the stock kernel's.
		 */
		CHECK(worst < 30.0, "slowloris: a normal client is served in "
		      "%.3f s at worst among %d slow ones (sanitizer kernel)",
		      worst, SLOW_CLIENTS);
		printf("# slowloris: slab grew by %ld kB under KASAN\n",
		       during - before);
	} else {
		CHECK(worst < 1.0, "slowloris: a normal client is served in "
		      "%.3f s at worst among %d slow ones", worst, SLOW_CLIENTS);
		CHECK(during - before < SLOW_CLIENTS * 40,
		      "slowloris: slab grew by %ld kB for %d connections (%ld bytes each)",
		      during - before, SLOW_CLIENTS,
		      (during - before) * 1024 / SLOW_CLIENTS);
	}
	for (i = 0; i < SLOW_CLIENTS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

int main(void)
{
	/* The debug kernel's sanitizers make timing and memory figures moot. */
	sanitizer_kernel = !access("/sys/kernel/debug/kmemleak", F_OK);
	alarm(600);	/* the harness bounds the run too */
	q = app_start(L"http://+:8085/");
	if (!q)
		return 1;
	test_defaults();
	test_size_limits();
	test_max_connections();
	test_timeouts();
	test_min_send_rate();
	test_slowloris();
	app_finish(q);
	return tap_exit_status();
}
