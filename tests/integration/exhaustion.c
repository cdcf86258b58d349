// SPDX-License-Identifier: GPL-2.0
/*
 * Remote resource exhaustion (review finding M4), run as root in the test
 * VM: a head sent a byte at a time costs the kernel linear time, chunk
 * framing counts against the body limits, and a connection flood is
 * capped (in total and per source address) while a normal client is
 * still served.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <http.h>

#include "tap.h"
#include "app.h"
#include "client.h"

#define PORT		8092

static HANDLE q;
static int sanitizer_kernel;

/* Seconds of system and softirq time all CPUs have spent so far. */
static double kernel_seconds(void)
{
	unsigned long long user, nice, sys, idle, iowait, irq, softirq;
	FILE *f = fopen("/proc/stat", "r");
	int n = 0;

	if (f) {
		n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu", &user,
			   &nice, &sys, &idle, &iowait, &irq, &softirq);
		fclose(f);
	}
	return n == 7 ? (sys + irq + softirq) / (double)sysconf(_SC_CLK_TCK) : 0;
}

#define SLOW_TAIL	2048	/* bytes sent one at a time */

/*
 * A request head of @size bytes, header lines of 1000 bytes, its last
 * SLOW_TAIL bytes a header of their own and the end of the head.
 */
static char *make_head(size_t size)
{
	char *head = malloc(size + 1), *p = head;
	int i = 0;

	p += sprintf(p, "GET /slow HTTP/1.1\r\nHost: a\r\n");
	while ((size_t)(p - head) + 1000 + SLOW_TAIL < size) {
		p += sprintf(p, "X-%03d: ", i++);
		memset(p, 'h', 1000 - 9);
		p += 1000 - 9;
		p += sprintf(p, "\r\n");
	}
	p += sprintf(p, "X-Tail: ");
	memset(p, 't', head + size - 4 - p);
	strcpy(head + size - 4, "\r\n\r\n");
	return head;
}

/*
 * Send a head of @size bytes, all but its tail at once, then the tail a
 * byte per segment a millisecond apart, and have it answered.  The kernel
 * CPU time this cost goes to *@cpu.  Returns the status.
 */
static int slow_head(size_t size, double *cpu)
{
	char *head = make_head(size);
	double start = kernel_seconds();
	int one = 1, fd, status = -1;
	size_t i = size - SLOW_TAIL;

	fd = client_connect("127.0.0.1", PORT);
	if (fd >= 0) {
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (send(fd, head, i, MSG_NOSIGNAL) != (ssize_t)i)
			i = 0;
		for (; i && i < size; i++) {
			usleep(1000);
			if (send(fd, head + i, 1, MSG_NOSIGNAL) != 1)
				break;
		}
		if (i == size && receive(q, 0))
			respond(q, req->RequestId, 200, "OK", "slow", 0);
		status = client_read_response(fd, out, sizeof(out));
		close(fd);
	}
	*cpu = kernel_seconds() - start;
	free(head);
	return status;
}

/* slow_head() twice: the worse status, the lesser CPU time. */
static int slow_head_min(size_t size, double *cpu)
{
	double again;
	int status = slow_head(size, cpu);
	int status2 = slow_head(size, &again);

	if (again < *cpu)
		*cpu = again;
	return status == 200 ? status2 : status;
}

/*
 * Each byte of the tail costs the same when the kernel only looks at new
 * bytes; re-parsing the head from its start on every byte makes the tail
 * of a 60 KiB head cost about 15 times that of a 4 KiB one.
 */
static void test_slow_head(void)
{
	double small, big;
	int s1, s2;

	set_param("max_request_bytes", "65536");
	set_param("max_field_length", "65536");
	/*
	 * The CPU time is the whole guest's: a background scan (kmemleak's,
	 * in the debug kernel) can land in one measurement.  The lesser of
	 * two of each is the head's own cost.
	 */
	s1 = slow_head_min(4096, &small);
	s2 = slow_head_min(61440, &big);
	printf("# slow head: tail of a 4 KiB head %.2f s, of a 60 KiB head "
	       "%.2f s of kernel CPU\n", small, big);
	CHECK(s1 == 200 && s2 == 200 && big < 2 * small + 0.1,
	      "slow head: a byte at a time at the end of a 60 KiB head costs "
	      "%.2f s of kernel CPU, at the end of a 4 KiB one %.2f s "
	      "(linear: about the same)", big, small);
	set_param("max_request_bytes", "16384");
	set_param("max_field_length", "16384");
}

#define FRAMED_CHUNKS	300	/* one data byte and 4000 bytes of extension */

/*
 * A child process sends a chunked request on @fd: FRAMED_CHUNKS chunks of
 * one byte, each with an extension of 4000 bytes, the last chunk, then
 * @next (a pipelined request).  Returns its pid.
 */
static pid_t send_framed_body(int fd, const char *next)
{
	static char chunk[4100];
	pid_t pid;
	int i;

	fflush(stdout);
	pid = fork();
	if (pid)
		return pid;
	client_send(fd, "POST /framed HTTP/1.1\r\nHost: a\r\n"
		    "Transfer-Encoding: chunked\r\n\r\n");
	memcpy(chunk, "1;", 2);
	memset(chunk + 2, 'e', 4000);
	strcpy(chunk + 4002, "\r\nZ\r\n");
	for (i = 0; i < FRAMED_CHUNKS; i++)
		if (client_send(fd, chunk))
			_exit(0);
	client_send(fd, "0\r\n\r\n");
	client_send(fd, next);
	_exit(0);
}

/* Read the body of the request in hand to its end or an error. */
static ULONG read_whole_body(ULONG *total)
{
	char buf[256];
	ULONG got, err;

	*total = 0;
	do {
		got = 0;
		err = HttpReceiveRequestEntityBody(q, req->RequestId, 0, buf,
						   sizeof(buf), &got, NULL);
		*total += got;
	} while (err == NO_ERROR);
	return err;
}

/*
 * 300 data bytes under max_body_bytes=1000 arrive in 1.2 MB of framing:
 * the framing counts, so the body is refused.  Unread and drained, the
 * same framing passes the 1 MiB drain cap: the connection is closed
 * rather than drained for the pipelined request behind it.
 */
static void test_chunk_framing(void)
{
	struct pollfd p[2];
	ULONG total = 0, err = 0;
	pid_t pid;
	int fd, drained;

	set_param("max_body_bytes", "1000");
	fd = client_connect("127.0.0.1", PORT);
	pid = send_framed_body(fd, "");
	if (receive(q, 0))
		err = read_whole_body(&total);
	CHECK(err == ERROR_CONNECTION_INVALID && total < FRAMED_CHUNKS,
	      "chunk framing: 1.2 MB of framing around %d data bytes is refused "
	      "under max_body_bytes=1000 (read %lu bytes, error %lu)",
	      FRAMED_CHUNKS, (unsigned long)total, (unsigned long)err);
	close(fd);
	reap(pid, SIGKILL);
	set_param("max_body_bytes", "0");

	fd = client_connect("127.0.0.1", PORT);
	pid = send_framed_body(fd, "GET /next HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q, 0))
		respond(q, req->RequestId, 200, "OK", "unread", 0);
	client_read_response(fd, out, sizeof(out));
	p[0].fd = fd;
	p[0].events = POLLIN;
	p[1].fd = HttpQueueFd(q);
	p[1].events = POLLIN;
	drained = poll(p, 2, WAIT_MS) > 0 && (p[1].revents & POLLIN);
	if (drained && receive(q, 0))
		respond(q, req->RequestId, 200, "OK", "next", 0);
	CHECK(!drained && client_closed(fd),
	      "chunk framing: an unread body of %d data bytes in 1.2 MB of "
	      "framing closes the connection (the 1 MiB drain cap)",
	      FRAMED_CHUNKS);
	close(fd);
	reap(pid, SIGKILL);
}

/* Connect from the loopback address @src to PORT; -1 on failure. */
static int connect_from(const char *src)
{
	struct sockaddr_in from = { .sin_family = AF_INET };
	struct sockaddr_in to = {
		.sin_family = AF_INET,
		.sin_port = htons(PORT),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	inet_pton(AF_INET, src, &from.sin_addr);
	if (fd >= 0 && (bind(fd, (struct sockaddr *)&from, sizeof(from)) ||
			connect(fd, (struct sockaddr *)&to, sizeof(to)))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/*
 * @n connections from 127.0.0.@src, each with a head begun and never
 * finished, into @fds.  Returns how many connected.
 */
static int flood(int *fds, int n, int src)
{
	char addr[32];
	int i, opened = 0;

	snprintf(addr, sizeof(addr), "127.0.0.%d", src);
	for (i = 0; i < n; i++) {
		fds[i] = connect_from(addr);
		if (fds[i] >= 0 && client_send(fds[i], "GET / HTTP/1.1\r\n")) {
			close(fds[i]);
			fds[i] = -1;
		}
		opened += fds[i] >= 0;
	}
	return opened;
}

/* How many of @fds the server still holds open (it sends them nothing). */
static int still_open(const int *fds, int n)
{
	struct pollfd p;
	int i, open = 0;

	for (i = 0; i < n; i++) {
		p.fd = fds[i];
		p.events = POLLIN | POLLRDHUP;
		open += fds[i] >= 0 && poll(&p, 1, 0) == 0;
	}
	return open;
}

static void close_all(int *fds, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

static long meminfo_kb(const char *field)
{
	char line[128], name[64];
	long kb, found = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63[^:]: %ld kB", name, &kb) == 2 &&
		    !strcmp(name, field))
			found = kb;
	if (f)
		fclose(f);
	return found;
}

/* Time for the server to accept, and close what it refuses. */
static void settle(void)
{
	sleep(sanitizer_kernel ? 5 : 2);
}

#define FLOOD_SOURCES	4	/* 127.0.0.2 to .5 */
#define FLOOD_TRIES	400	/* connections each */

/*
 * The caps, small for the smoke: 300 a source and 1000 in all.  Three
 * sources flooding get 300 each and a normal client is served; a fourth
 * finds the total nearly full; closed, the server serves again.
 */
static void test_flood(void)
{
	static int fds[FLOOD_SOURCES][FLOOD_TRIES];
	struct rlimit rl = { 8192, 8192 };
	int i, open[FLOOD_SOURCES], worst = 0, total = 0;
	long before, during;
	HTTP_URL_CONTEXT ctx;

	setrlimit(RLIMIT_NOFILE, &rl);
	set_param("max_connections", "1000");
	set_param("max_connections_per_source", "300");
	settle();	/* earlier tests' connections finish closing */
	before = meminfo_kb("Slab");
	for (i = 0; i < FLOOD_SOURCES - 1; i++)
		flood(fds[i], FLOOD_TRIES, i + 2);
	settle();
	during = meminfo_kb("Slab");
	for (i = 0; i < FLOOD_SOURCES - 1; i++) {
		open[i] = still_open(fds[i], FLOOD_TRIES);
		worst = open[i] > worst ? open[i] : worst;
	}
	CHECK(worst == 300, "flood: %d connections from each of %d sources, "
	      "at most %d held open (max_connections_per_source=300)",
	      FLOOD_TRIES, FLOOD_SOURCES - 1, worst);
	CHECK(exchange(q, PORT, "a", "/normal", &ctx) == 200,
	      "flood: a normal client from another source is served");
	printf("# flood: slab grew by %ld kB for %d connections\n",
	       during - before, 3 * worst);
	if (!sanitizer_kernel)
		CHECK(during - before < 3 * 300 * 40,
		      "flood: slab grew by %ld kB for %d held connections",
		      during - before, 3 * worst);

	flood(fds[FLOOD_SOURCES - 1], FLOOD_TRIES, FLOOD_SOURCES + 1);
	settle();
	for (i = 0; i < FLOOD_SOURCES; i++)
		total += still_open(fds[i], FLOOD_TRIES);
	CHECK(total <= 1000 && total >= 990,
	      "flood: a fourth source fills the server up to "
	      "max_connections=1000 and no further (%d open)", total);
	for (i = 0; i < FLOOD_SOURCES; i++)
		close_all(fds[i], FLOOD_TRIES);
	settle();
	CHECK(exchange(q, PORT, "a", "/after", &ctx) == 200,
	      "flood: the flood gone, a client is served");
	set_param("max_connections", "16384");
	set_param("max_connections_per_source", "2048");
}

#define BUDGET_CLIENTS	150

/*
 * With max_buffer_bytes at its least, 1 MiB, 150 heads of 12 KiB each
 * begun and not finished need 14 KiB of growth each: about 70 fit, the
 * rest are answered 503; a short request is still served.
 */
static void test_buffer_budget(void)
{
	static char head[12100];
	int fds[BUDGET_CLIENTS], i, refused = 0;
	struct pollfd p;
	HTTP_URL_CONTEXT ctx;

	set_param("max_buffer_bytes", "1048576");
	strcpy(head, "GET / HTTP/1.1\r\nX-Big: ");
	memset(head + strlen(head), 'b', 12000);
	for (i = 0; i < BUDGET_CLIENTS; i++)
		fds[i] = raw_request(PORT, head);
	settle();
	for (i = 0; i < BUDGET_CLIENTS; i++) {
		p.fd = fds[i];
		p.events = POLLIN;
		if (fds[i] >= 0 && poll(&p, 1, 0) == 1)
			refused += client_read_response(fds[i], out,
							sizeof(out)) == 503;
	}
	CHECK(refused >= BUDGET_CLIENTS - 80 && refused < BUDGET_CLIENTS,
	      "buffer budget: %d of %d growing heads get 503 under "
	      "max_buffer_bytes=1 MiB", refused, BUDGET_CLIENTS);
	CHECK(exchange(q, PORT, "a", "/small", &ctx) == 200,
	      "buffer budget: a short request is still served");
	close_all(fds, BUDGET_CLIENTS);
	set_param("max_buffer_bytes", "67108864");
}

/*
 * The big run, outside make check (make flood): @n connections with the
 * default limits from 127.0.0.2 on, 20000 from each source.
 */
static void big_flood(int n)
{
	struct rlimit rl = { n + 1024, n + 1024 };
	int *fds = calloc(n, sizeof(int));
	int i, src, per = 20000, opened = 0, open = 0, status;
	long slab = meminfo_kb("Slab"), avail = meminfo_kb("MemAvailable");
	double start = (double)time(NULL);
	HTTP_URL_CONTEXT ctx;

	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0 && fds,
	      "big flood: room for %d sockets", n);
	for (i = 0, src = 2; i < n; i += per, src++)
		opened += flood(fds + i, n - i < per ? n - i : per, src);
	settle();
	for (i = 0; i < n; i++)
		open += still_open(fds + i, 1);
	status = exchange(q, PORT, "a", "/normal", &ctx);
	printf("# big flood: %d connected in %.0f s, %d held open; slab "
	       "%ld -> %ld kB, MemAvailable %ld -> %ld kB\n", opened,
	       (double)time(NULL) - start, open, slab, meminfo_kb("Slab"),
	       avail, meminfo_kb("MemAvailable"));
	CHECK(opened == n, "big flood: %d of %d connected", opened, n);
	CHECK(open <= 16384 && open <= (src - 2) * 2048,
	      "big flood: %d held open, under the default caps", open);
	CHECK(status == 200, "big flood: a normal client is served (%d)", status);
	close_all(fds, n);
	free(fds);
}

int main(int argc, char **argv)
{
	/* The debug kernel's sanitizers make timing and memory figures moot. */
	sanitizer_kernel = !access("/sys/kernel/debug/kmemleak", F_OK);
	alarm(1800);	/* the harness bounds the run too */
	q = app_start(L"http://+:8092/");
	if (!q)
		return 1;
	if (argc > 2 && !strcmp(argv[1], "flood")) {
		big_flood(atoi(argv[2]));
		app_finish(q);
		return tap_exit_status();
	}
	test_slow_head();
	test_chunk_framing();
	test_flood();
	test_buffer_budget();
	app_finish(q);
	return tap_exit_status();
}
