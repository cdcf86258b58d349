// SPDX-License-Identifier: GPL-2.0
/*
 * Races on one received request (security review H1 and L6), looped for
 * a bounded time while clients keep requests coming:
 *
 *  - the final response (with thousands of header lines, so building its
 *    head takes long) against CANCEL of the same request, against
 *    SHUTDOWN of the handle that received it, and against the close of
 *    that handle by a second process attached to the same named queue;
 *  - a delivery against SHUTDOWN of the receiving handle: userfaultfd
 *    holds the receive in its copy to user space while the handle shuts
 *    down.
 *
 * The kernel log is the harness's verdict; here each client must get one
 * well-formed response (the app's 200 or the kernel's 503) or a clean
 * close, never bytes after a complete response, and never wait forever.
 *
 *     races SECONDS
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "httpsys.h"
#include "raw.h"
#include "tap.h"

#define PORT		9300
#define URL		"http://127.0.0.1:9300/races/"
#define REQUEST		"GET /races/x HTTP/1.1\r\nHost: 127.0.0.1:9300\r\n\r\n"
#define CLIENTS		2
#define HEADER_LINES	8000	/* 48 KB of "X: y" lines: a slow build_head() */
#define ANSWER_MS	20000	/* a client waiting longer is stuck */
#define DRAIN_S		60	/* after the run, for clients to finish */

static char *big_headers;

/* What the clients saw during one race. */
static struct tally {
	atomic_int served, refused, closed, cut, extra, malformed, hung;
	int other_status;	/* the last malformed answer's */
	char extra_start[24];
} tally;

static atomic_int clients_running;
static volatile int clients_stop;

static void *client(void *unused)
{
	(void)unused;
	while (!clients_stop) {
		int fd = wire_request(PORT, REQUEST);
		struct wire w;

		if (fd < 0) {
			usleep(1000);
			continue;
		}
		wire_read(fd, 0, ANSWER_MS, 30, &w);
		close(fd);
		if (w.complete && w.extra) {
			if (!tally.extra++)
				memcpy(tally.extra_start, w.extra_start,
				       sizeof(w.extra_start));
		} else if (w.complete && w.status == 200) {
			tally.served++;
		} else if (w.complete && w.status == 503) {
			tally.refused++;
		} else if (w.timed_out) {
			tally.hung++;
		} else if (w.closed && !w.bytes) {
			tally.closed++;
		} else if (w.closed && w.status < 0) {
			tally.cut++;	/* a response cut off by a reset */
		} else {
			tally.malformed++;
			tally.other_status = w.status;
		}
	}
	clients_running--;
	return NULL;
}

static pthread_t client_threads[CLIENTS];

static void clients_start(void)
{
	int i;

	memset(&tally, 0, sizeof(tally));
	clients_stop = 0;
	clients_running = CLIENTS;
	for (i = 0; i < CLIENTS; i++)
		pthread_create(&client_threads[i], NULL, client, NULL);
}

static void clients_join(void)
{
	int i;

	for (i = 0; i < CLIENTS; i++)
		pthread_join(client_threads[i], NULL);
}

/* Past @end the clients stop; the server loops until they have. */
static int keep_serving(uint64_t end)
{
	if (now_us() < end)
		return 1;
	clients_stop = 1;
	return clients_running > 0 && now_us() < end + DRAIN_S * 1000000ULL;
}

static void report(const char *race, int races, int sends, int interrupts)
{
	CHECK(races > 0 && sends > 0 && interrupts > 0,
	      "H1 %s: %d races, %d responses sent, %d interruptions succeeded",
	      race, races, sends, interrupts);
	CHECK(!tally.malformed && !tally.hung,
	      "H1 %s: every client got one response or a clean close "
	      "(200: %d, 503: %d, closed: %d, cut short: %d, malformed: %d "
	      "(status %d), no answer in %d s: %d)", race, tally.served,
	      tally.refused, tally.closed, tally.cut, tally.malformed,
	      tally.other_status, ANSWER_MS / 1000, tally.hung);
	CHECK(!tally.extra,
	      "H1 %s: no bytes after a complete response (%d connections had "
	      "some, the first: \"%s\")", race, tally.extra, tally.extra_start);
}

/*
 * The interruption's delay, drawn below a bound that follows the
 * outcomes so the two calls keep overlapping: up when the interruption
 * came first (the send failed), down when it came after the send.
 */
static unsigned int delay_bound = 1000;	/* microseconds */

static unsigned int pick_delay(void)
{
	return random() % delay_bound;
}

static void delay_feedback(int send_ok, int interrupt_ok)
{
	if (!send_ok && delay_bound < 1000000)
		delay_bound = delay_bound * 5 / 4 + 10;
	else
		delay_bound = delay_bound * (interrupt_ok ? 19 : 16) / 20 + 1;
}

static void spin(unsigned int us)
{
	uint64_t end = now_us() + us;

	while (now_us() < end)
		;
}

static int send_final(int fd, uint64_t id)
{
	return raw_send(fd, id, 0, big_headers, "hello", 5);
}

/*
 * One race per received request: the sender thread sends the final
 * response while the interrupter thread, after a random delay, does
 * @interrupt; both start at one barrier and meet at the next.
 */
static struct race {
	pthread_barrier_t start, done;
	int send_fd, recv_fd;
	uint64_t id;		/* 0: the run is over */
	unsigned int delay;
	int (*interrupt)(int recv_fd, uint64_t id);
	int send_ok, interrupt_ok;
	atomic_int sends, interrupts;
} race;

static void *sender(void *unused)
{
	(void)unused;
	for (;;) {
		pthread_barrier_wait(&race.start);
		if (!race.id)
			return NULL;
		race.send_ok = !send_final(race.send_fd, race.id);
		race.sends += race.send_ok;
		pthread_barrier_wait(&race.done);
	}
}

static void *interrupter(void *unused)
{
	(void)unused;
	for (;;) {
		pthread_barrier_wait(&race.start);
		if (!race.id)
			return NULL;
		spin(race.delay);
		race.interrupt_ok = !race.interrupt(race.recv_fd, race.id);
		race.interrupts += race.interrupt_ok;
		pthread_barrier_wait(&race.done);
	}
}

static int do_cancel(int recv_fd, uint64_t id)
{
	return raw_cancel(recv_fd, id);
}

static int do_shutdown(int recv_fd, uint64_t id)
{
	(void)id;
	return ioctl(recv_fd, HTTPSYS_IOC_SHUTDOWN) ? -errno : 0;
}

/*
 * SEND_RESPONSE against CANCEL or SHUTDOWN.  @fresh_receiver: each
 * request is received on a new handle attached to the named queue (a
 * shut-down handle receives nothing more); the response goes out on the
 * queue's first handle.
 */
static void race_threads(const char *name, int seconds,
			 int (*interrupt)(int, uint64_t), int fresh_receiver)
{
	uint64_t end = now_us() + seconds * 1000000ULL;
	int main_fd = raw_queue(name, 0), races = 0;
	pthread_t threads[2];

	if (!CHECK(main_fd >= 0 && !raw_add_url(main_fd, URL),
		   "H1 %s: queue %s with %s", name, name, URL))
		return;
	pthread_barrier_init(&race.start, NULL, 3);
	pthread_barrier_init(&race.done, NULL, 3);
	race.send_fd = main_fd;
	race.interrupt = interrupt;
	race.sends = race.interrupts = 0;
	race.id = 1;
	pthread_create(&threads[0], NULL, sender, NULL);
	pthread_create(&threads[1], NULL, interrupter, NULL);
	clients_start();
	while (keep_serving(end)) {
		int fd = fresh_receiver ?
			 raw_queue(name, HTTPSYS_QUEUE_OPEN_EXISTING) : main_fd;
		uint64_t id = fd >= 0 ? raw_receive(fd, 200) : 0;

		if (id) {
			race.recv_fd = fd;
			race.id = id;
			race.delay = pick_delay();
			pthread_barrier_wait(&race.start);
			pthread_barrier_wait(&race.done);
			delay_feedback(race.send_ok, race.interrupt_ok);
			races++;
		}
		if (fresh_receiver && fd >= 0)
			close(fd);
	}
	race.id = 0;
	pthread_barrier_wait(&race.start);
	pthread_join(threads[0], NULL);
	pthread_join(threads[1], NULL);
	clients_join();
	close(main_fd);
	pthread_barrier_destroy(&race.start);
	pthread_barrier_destroy(&race.done);
	report(name, races, race.sends, race.interrupts);
}

/*
 * The second process: attaches to the named queue, receives a request,
 * passes its ID up, and closes its handle after the delay the parent
 * sends down; until the parent closes @down.
 */
static void closer(const char *name, int up, int down)
{
	struct pollfd hup = { .fd = down };

	while (poll(&hup, 1, 0) == 0) {
		int fd = raw_queue(name, HTTPSYS_QUEUE_OPEN_EXISTING);
		uint64_t id = fd >= 0 ? raw_receive(fd, 200) : 0;
		unsigned int delay;

		if (id) {
			if (write(up, &id, sizeof(id)) != sizeof(id) ||
			    read(down, &delay, sizeof(delay)) != sizeof(delay))
				_exit(0);
			spin(delay);
		}
		if (fd >= 0)
			close(fd);
	}
	_exit(0);
}

/* SEND_RESPONSE against the receiving handle's close in another process. */
static void race_close(const char *name, int seconds)
{
	uint64_t end = now_us() + seconds * 1000000ULL, id;
	int main_fd = raw_queue(name, 0), up[2], down[2], races = 0;
	int sends = 0, sent, status;
	pid_t pid;

	if (!CHECK(main_fd >= 0 && !raw_add_url(main_fd, URL),
		   "H1 %s: queue %s with %s", name, name, URL))
		return;
	if (pipe2(up, O_CLOEXEC) || pipe2(down, O_CLOEXEC))
		return;
	pid = fork();
	if (pid == 0) {
		close(up[0]);
		close(down[1]);
		closer(name, up[1], down[0]);
	}
	close(up[1]);
	close(down[0]);
	clients_start();
	while (keep_serving(end)) {
		struct pollfd p = { .fd = up[0], .events = POLLIN };
		unsigned int delay = pick_delay();

		if (poll(&p, 1, 200) != 1)
			continue;
		if (read(up[0], &id, sizeof(id)) != sizeof(id) ||
		    write(down[1], &delay, sizeof(delay)) != sizeof(delay))
			break;
		races++;
		sent = !send_final(main_fd, id);
		sends += sent;
		delay_feedback(sent, 1);
	}
	close(down[1]);
	clients_stop = 1;
	clients_join();
	close(main_fd);
	/* The child sees the hang-up within one receive wait. */
	for (status = 0; status < 100 && !waitpid(pid, NULL, WNOHANG); status++)
		usleep(100000);
	if (status == 100) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	close(up[0]);
	/* Each race ended in a close: count those the send did not beat. */
	report(name, races, sends, races);
}

/*
 * L6: userfaultfd stops a RECEIVE in its copy to the caller's buffer;
 * meanwhile the handle shuts down.  The request must still be answered
 * at once (a 503), not sit received by a handle that can never respond
 * until that handle closes.
 */
static int uffd;
static int l6_fd;
static char *l6_buf;
static size_t l6_len = 64 * 1024;

static void *l6_fault_handler(void *unused)
{
	struct pollfd p = { .fd = uffd, .events = POLLIN };
	struct uffdio_copy copy = { .dst = (uintptr_t)l6_buf, .len = l6_len };
	struct uffd_msg msg;

	(void)unused;
	if (poll(&p, 1, 10000) != 1 || read(uffd, &msg, sizeof(msg)) != sizeof(msg))
		return (void *)1;
	ioctl(l6_fd, HTTPSYS_IOC_SHUTDOWN);
	copy.src = (uintptr_t)calloc(1, l6_len);
	ioctl(uffd, UFFDIO_COPY, &copy);
	free((void *)(uintptr_t)copy.src);
	return NULL;
}

static void l6_delivery_vs_shutdown(void)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	struct httpsys_receive r = { .buffer_len = l6_len };
	struct pollfd p = { .fd = -1, .events = POLLIN };
	pthread_t handler;
	int client, err;
	void *faulted;
	struct wire w;

	l6_fd = raw_queue(NULL, 0);
	uffd = syscall(SYS_userfaultfd, O_CLOEXEC);
	l6_buf = mmap(NULL, l6_len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	reg.range.start = (uintptr_t)l6_buf;
	reg.range.len = l6_len;
	if (!CHECK(l6_fd >= 0 && !raw_add_url(l6_fd, URL) && uffd >= 0 &&
		   !ioctl(uffd, UFFDIO_API, &api) &&
		   !ioctl(uffd, UFFDIO_REGISTER, &reg),
		   "L6: a queue, and userfaultfd over the receive buffer"))
		return;
	client = wire_request(PORT, REQUEST);
	p.fd = l6_fd;
	if (!CHECK(client >= 0 && poll(&p, 1, 10000) == 1,
		   "L6: a request waits on the queue")) {
		close(l6_fd);
		return;
	}
	pthread_create(&handler, NULL, l6_fault_handler, NULL);
	r.buffer = (uintptr_t)l6_buf;
	err = ioctl(l6_fd, HTTPSYS_IOC_RECEIVE, &r) ? errno : 0;
	pthread_join(handler, &faulted);
	CHECK(!faulted, "L6: the receive faulted on its buffer and the handle "
	      "shut down meanwhile (receive: %s)", err ? strerror(err) : "success");
	wire_read(client, 0, 5000, 30, &w);
	CHECK(w.status || w.closed,
	      "L6: the client is answered within 5 s of the shutdown "
	      "(status %d%s)", w.status, w.closed ? ", closed" : "");
	close(l6_fd);
	if (!w.status && !w.closed) {
		wire_read(client, 0, 5000, 30, &w);
		printf("# L6: after the handle closed the client got status %d%s\n",
		       w.status, w.closed ? ", closed" : "");
	}
	close(client);
	close(uffd);
	munmap(l6_buf, l6_len);
}

/* After all that, a plain request is served. */
static void still_serves(void)
{
	int fd = raw_queue(NULL, 0), client = -1;
	uint64_t id = 0;
	struct wire w = { 0 };

	if (fd >= 0 && !raw_add_url(fd, URL))
		client = wire_request(PORT, REQUEST);
	if (client >= 0)
		id = raw_receive(fd, 10000);
	if (id && !raw_send(fd, id, 0, "X: y\r\n", "after", 5))
		wire_read(client, 0, 10000, 30, &w);
	CHECK(w.complete && w.status == 200 && !w.extra,
	      "races: the module serves a request afterwards (status %d)",
	      w.status);
	if (client >= 0)
		close(client);
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 30, i;

	signal(SIGPIPE, SIG_IGN);
	srandom(getpid());
	big_headers = malloc(HEADER_LINES * 6 + 1);
	for (i = 0; i < HEADER_LINES; i++)
		memcpy(big_headers + i * 6, "X: y\r\n", 6);
	big_headers[HEADER_LINES * 6] = '\0';
	printf("# races: %d s in all\n", seconds);
	race_threads("races-cancel", seconds / 3, do_cancel, 0);
	race_threads("races-shutdown", seconds / 3, do_shutdown, 1);
	race_close("races-close", seconds / 3);
	l6_delivery_vs_shutdown();
	still_serves();
	return tap_exit_status();
}
