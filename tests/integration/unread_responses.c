// SPDX-License-Identifier: GPL-2.0
/*
 * Clients that never read must not pin the module's workers: with
 * MinSendRate off, keep-alive clients that read nothing get responses of
 * growing sizes, so that some fill their socket to the brim, and each has
 * a bad second head pipelined behind its request.  The kernel's 400 for
 * that head must not wait for room in the socket (it closes the
 * connection instead): no kernel worker may be left waiting on a socket,
 * other clients are served, and the module unloads (the harness checks).
 * Run as root in the test VM.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <http.h>

#include "tap.h"
#include "app.h"
#include "client.h"

#define PORT		8097
#define CLIENTS		200
#define STEP		256	/* response sizes: STEP apart, from STEP */
#define TCP_WMEM	"/proc/sys/net/ipv4/tcp_wmem"
#define WMEM		"4096 16384 65536"	/* the server's send buffer cap */

static HANDLE q;
static int finished;

struct slow_response {
	pthread_t thread;
	HTTP_REQUEST_ID id;
	size_t size;
};

/* Sends the response; a send that never finds room ends when the client
 * closes at the end.
 */
static void *send_big(void *arg)
{
	struct slow_response *r = arg;
	char *body = malloc(r->size + 1);

	memset(body, 'x', r->size);
	body[r->size] = '\0';
	respond(q, r->id, 200, "OK", body, 0);
	__atomic_add_fetch(&finished, 1, __ATOMIC_SEQ_CST);
	free(body);
	return NULL;
}

/* Replace the value of sysctl @path with @value; 0 or -1. */
static int sysctl_set(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(value, f);
	return fclose(f);
}

static int sysctl_get(const char *path, char *value, size_t n)
{
	FILE *f = fopen(path, "r");
	int err = f && fgets(value, n, f) ? 0 : -1;

	if (f)
		fclose(f);
	return err;
}

/* The text of /proc/@pid/@what into @text (empty when unreadable). */
static void proc_read(const char *pid, const char *what, char *text, size_t n)
{
	char path[300];
	FILE *f;
	size_t got = 0;

	snprintf(path, sizeof(path), "/proc/%s/%s", pid, what);
	f = fopen(path, "r");
	if (f) {
		got = fread(text, 1, n - 1, f);
		fclose(f);
	}
	text[got] = '\0';
}

/* Kernel threads whose stack shows them waiting for room in a socket. */
static int workers_waiting_on_sockets(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char text[4096];
	int count = 0;

	while (d && (e = readdir(d))) {
		proc_read(e->d_name, "comm", text, sizeof(text));
		if (strncmp(text, "kworker", 7))
			continue;
		proc_read(e->d_name, "stack", text, sizeof(text));
		if (strstr(text, "sk_stream_wait_memory") ||
		    strstr(text, "error_respond")) {
			if (!count)
				printf("# a worker waits:\n%s", text);
			count++;
		}
	}
	if (d)
		closedir(d);
	return count;
}

int main(void)
{
	static struct slow_response slow[CLIENTS];
	int fds[CLIENTS], i, rcvbuf = 1, waiting, started = 0;
	char old_wmem[64];
	HTTP_URL_CONTEXT context;

	alarm(300);	/* the harness bounds the run too */
	q = app_start(L"http://+:8097/");
	if (!q || !CHECK(!set_param("min_send_rate", "0") &&
			 !sysctl_get(TCP_WMEM, old_wmem, sizeof(old_wmem)) &&
			 !sysctl_set(TCP_WMEM, WMEM),
			 "set-up: MinSendRate off, small send buffers"))
		return 1;

	for (i = 0; i < CLIENTS; i++) {
		struct sockaddr_in sin = { .sin_family = AF_INET,
					   .sin_port = htons(PORT),
					   .sin_addr.s_addr = htonl(0x7f000001) };

		fds[i] = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(fds[i], SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
		if (connect(fds[i], (struct sockaddr *)&sin, sizeof(sin)) ||
		    client_send(fds[i], "GET /big HTTP/1.1\r\nHost: x\r\n\r\n"
				"BAD\r\n\r\n"))
			continue;
		if (!receive(q, 0))
			break;
		slow[i].id = req->RequestId;
		slow[i].size = STEP * (i + 1);
		started += !pthread_create(&slow[i].thread, NULL, send_big, &slow[i]);
	}
	CHECK(started == CLIENTS, "unread: %d responses under way (%d)", CLIENTS,
	      started);
	sleep(3);
	printf("# %d responses went out whole\n", finished);
	waiting = workers_waiting_on_sockets();
	CHECK(!waiting, "unread: no kernel worker waits for room in a socket "
	      "(%d do)", waiting);
	CHECK(exchange(q, PORT, "x", "/other", &context) == 200,
	      "unread: another client is served meanwhile");

	/* Unread data makes each close a reset, which ends every send. */
	for (i = 0; i < CLIENTS; i++)
		close(fds[i]);
	for (i = 0; i < CLIENTS; i++)
		if (slow[i].id)
			pthread_join(slow[i].thread, NULL);
	sysctl_set(TCP_WMEM, old_wmem);
	set_param("min_send_rate", "150");
	app_finish(q);
	return tap_exit_status();
}
