// SPDX-License-Identifier: GPL-2.0
/*
 * Stress: connection timers firing against closes.  With HeaderWait and
 * IdleConnection at one second, several processes keep opening batches of
 * connections (idle ones and ones with a partial head) and close or reset
 * them right around the one-second mark, while the timers close them from
 * the other side.  The kernel log must stay clean (the harness checks:
 * no sleeping in the timer, no hang, no use after free) and the service
 * must still answer afterwards.  Run as root in the test VM.
 *
 *   timer_races [SECONDS]   (default 20)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <http.h>

#include "tap.h"
#include "app.h"
#include "client.h"

#define PORT		8098
#define PROCESSES	4
#define BATCH		32

static int connect_fast(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(PORT),
				   .sin_addr.s_addr = htonl(0x7f000001) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd >= 0 && connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Close @fd, as a reset when @reset. */
static void hang_up(int fd, int reset)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	if (reset)
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

/* One racing process: batches until @end; returns connections made. */
static long race(time_t end, unsigned int seed)
{
	int fds[BATCH], i;
	long made = 0;

	while (time(NULL) < end) {
		for (i = 0; i < BATCH; i++) {
			fds[i] = connect_fast();
			if (fds[i] >= 0 && (i & 1))
				send(fds[i], "GET / HTTP/1.1\r\nHo", 18, MSG_NOSIGNAL);
			made += fds[i] >= 0;
		}
		/* Hang up from 0.8 to 1.2 s after: the timers fire in there. */
		usleep(800000 + rand_r(&seed) % 400000);
		for (i = 0; i < BATCH; i++) {
			if (fds[i] >= 0)
				hang_up(fds[i], rand_r(&seed) & 1);
			if (!(i & 7))
				usleep(rand_r(&seed) % 20000);
		}
	}
	return made;
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 20;
	time_t end = time(NULL) + seconds;
	pid_t pids[PROCESSES];
	int i, status, clean = 0;
	HTTP_URL_CONTEXT context;
	HANDLE q;

	alarm(seconds + 120);	/* the harness bounds the run too */
	q = app_start(L"http://+:8098/");
	if (!q || !CHECK(!set_param("header_wait", "1") &&
			 !set_param("idle_connection", "1"),
			 "set-up: HeaderWait and IdleConnection 1 s"))
		return 1;
	for (i = 0; i < PROCESSES; i++) {
		pids[i] = fork();
		if (!pids[i]) {
			long made = race(end, getpid());

			_exit(made > 0 ? 0 : 1);
		}
	}
	for (i = 0; i < PROCESSES; i++)
		clean += waitpid(pids[i], &status, 0) == pids[i] &&
			 WIFEXITED(status) && !WEXITSTATUS(status);
	CHECK(clean == PROCESSES, "timer race: %d processes raced closes against "
	      "1 s timers for %d s", PROCESSES, seconds);
	sleep(2);	/* the last timers fire */
	set_param("header_wait", "120");
	set_param("idle_connection", "120");
	CHECK(exchange(q, PORT, "x", "/after", &context) == 200,
	      "timer race: the service answers afterwards");
	app_finish(q);
	return tap_exit_status();
}
