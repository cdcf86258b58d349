// SPDX-License-Identifier: GPL-2.0
/*
 * Stress test of a listener torn down under load (review finding H3): for
 * a bounded time the URL on a port is added (the listener opens) and
 * removed (it closes) over and over, while client processes connect to
 * the port in bursts and send a request at once, so the accept queue holds
 * children that receive data while the listener goes away.  A child that
 * still carried the listener's callbacks would queue the freed listener's
 * accept work: KASAN (the debug kernel) reports it and tests/vm/run.sh
 * fails the run.  Run as root in the test VM: listener_race [SECONDS].
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <http.h>

#include "tap.h"
#include "app.h"
#include "client.h"

#define PORT		8091
#define PREFIX		L"http://+:8091/"
#define CLIENT_PROCS	2
#define CLIENT_THREADS	2
#define BURST		64

static const char request_text[] = "GET /race HTTP/1.1\r\nHost: a\r\n\r\n";
static double deadline;
static HANDLE q;

/* A non-blocking connect that resets (no TIME_WAIT) when closed. */
static int start_connect(void)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(PORT),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * One burst: BURST connects, a request on each as soon as it is
 * established, then all closed, half a second after the last connect (a
 * connect whose SYN was dropped would retry for seconds).  Returns how many requests went
 * out.
 */
static int burst(void)
{
	struct pollfd p[BURST];
	int fds[BURST], i, n = 0, sent = 0, left;
	double end;

	for (i = 0; i < BURST; i++) {
		fds[n] = start_connect();
		p[n].fd = fds[n];
		p[n].events = POLLOUT;
		n += fds[n] >= 0;
	}
	left = n;
	end = now() + 0.5;
	while (left && now() < end && poll(p, n, 100) >= 0) {
		for (i = 0; i < n; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			if (!(p[i].revents & (POLLERR | POLLHUP)) &&
			    send(p[i].fd, request_text, sizeof(request_text) - 1,
				 MSG_NOSIGNAL) > 0)
				sent++;
			p[i].fd = -1;	/* done: poll passes it over */
			left--;
		}
	}
	for (i = 0; i < n; i++)
		close(fds[i]);
	return sent;
}

static void *client_thread(void *arg)
{
	long sent = 0;

	(void)arg;
	while (now() < deadline)
		sent += burst();
	return (void *)sent;
}

/* A client process: its threads' bursts until the deadline; exits with
 * 0 when some request went out.
 */
static void client_process(int report_fd)
{
	pthread_t t[CLIENT_THREADS];
	long total = 0;
	void *sent;
	int i;

	for (i = 0; i < CLIENT_THREADS; i++)
		pthread_create(&t[i], NULL, client_thread, NULL);
	for (i = 0; i < CLIENT_THREADS; i++) {
		pthread_join(t[i], &sent);
		total += (long)sent;
	}
	report(report_fd, "sent %ld\n", total);
	_exit(0);
}

/* The application: answers what reaches it, closing the connection. */
static void *receiver_thread(void *arg)
{
	long *answered = arg;
	ULONG got;

	while (now() < deadline) {
		if (!readable(q, 100))
			continue;
		if (HttpReceiveHttpRequest(q, HTTP_NULL_ID, 0, req, BUF_SIZE,
					   &got, NULL) == NO_ERROR &&
		    respond(q, req->RequestId, 200, "OK", "raced",
			    HTTP_SEND_RESPONSE_FLAG_DISCONNECT) == NO_ERROR)
			(*answered)++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 20;
	pid_t pids[CLIENT_PROCS];
	pthread_t receiver;
	long cycles = 0, failed = 0, sent = 0, answered = 0, n;
	char line[64];
	int pipefd[2], i, status = 0, open_us, fd, mine;

	/*
	 * Under the debug kernel a handshake takes long: the listener stays
	 * open longer, so children fill its accept queue before it closes.
	 */
	open_us = access("/sys/kernel/debug/kmemleak", F_OK) ? 50000 : 500000;
	alarm(seconds + 120);	/* the harness bounds the run too */
	if (HttpInitialize(HTTPAPI_VERSION_1, HTTP_INITIALIZE_SERVER, NULL) ||
	    HttpCreateHttpHandle(&q, 0) || pipe(pipefd))
		return 1;
	deadline = now() + seconds;
	for (i = 0; i < CLIENT_PROCS; i++) {
		fflush(stdout);
		pids[i] = fork();
		if (!pids[i])
			client_process(pipefd[1]);
	}
	pthread_create(&receiver, NULL, receiver_thread, &answered);
	srand(1);
	while (now() < deadline) {
		if (HttpAddUrl(q, PREFIX, NULL)) {
			failed++;
			continue;
		}
		usleep(rand() % open_us);
		failed += HttpRemoveUrl(q, PREFIX) != NO_ERROR;
		cycles++;
		usleep(rand() % 5000);
	}
	for (i = 0; i < CLIENT_PROCS; i++) {
		if (report_expect(pipefd[0], "sent ", line, sizeof(line), 30000) &&
		    sscanf(line, "sent %ld", &n) == 1)
			sent += n;
		waitpid(pids[i], NULL, 0);
	}
	pthread_join(receiver, NULL);
	printf("# listener_race: %ld cycles, %ld requests sent, %ld answered\n",
	       cycles, sent, answered);
	CHECK(cycles > 10 && !failed,
	      "listener race: %ld open/close cycles of a listener under load "
	      "(%d s, %ld failed)", cycles, seconds, failed);
	CHECK(sent > 0, "listener race: %ld requests sent during the cycles", sent);
	/*
	 * One more request; what the race left queued (a slow kernel may
	 * still be delivering it) is answered on the way.
	 */
	if (HttpAddUrl(q, PREFIX, NULL) == NO_ERROR &&
	    (fd = raw_request(PORT, "GET /after HTTP/1.1\r\nHost: a\r\n\r\n")) >= 0) {
		while (receive(q, 0)) {
			mine = !wcscmp(req->CookedUrl.pAbsPath, L"/after");
			respond(q, req->RequestId, 200, "OK", "late", 0);
			if (mine)
				break;
		}
		status = client_read_response(fd, out, sizeof(out));
		close(fd);
	}
	CHECK(status == 200,
	      "listener race: the port serves a request afterwards (%d)", status);
	app_finish(q);
	return tap_exit_status();
}
