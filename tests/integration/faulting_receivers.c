// SPDX-License-Identifier: GPL-2.0
/*
 * Receivers whose buffers fault without end (userfaultfd, never resolved)
 * must not stall the module's shared work queue: 300 requests, each
 * received (or, for half of them, its body read) by its own thread into
 * its own unresolved page, then more bytes on each of those connections,
 * and a fresh client of another queue must still be answered at once.  Then the faults are resolved and everything
 * must end cleanly.  Run as root in the test VM.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <http.h>
#include <httpsys.h>

#include "tap.h"
#include "app.h"
#include "client.h"

#define PORT		8096
#define STUCK		300	/* more than the work queue's 256 workers */
#define PAGE		4096
#define ANSWER_MS	5000

static HANDLE slow_q, fresh_q;
static char *pages;
static int received[STUCK];
static unsigned long long ids[STUCK];

/*
 * Even @arg: one receive into page @arg, which stays in the kernel until
 * the page is resolved.  Odd: a receive into our own buffer, then a body
 * read into the page.
 */
static void *receiver(void *arg)
{
	long i = (long)arg;
	char *page = pages + i * PAGE;
	unsigned long long own[PAGE / 8];
	struct httpsys_receive r = {
		.buffer = (unsigned long)(i & 1 ? (char *)own : page),
		.buffer_len = PAGE,
	};
	struct httpsys_body b = { .buffer = (unsigned long)page, .buffer_len = 4 };
	int fd = HttpQueueFd(slow_q);

	received[i] = ioctl(fd, HTTPSYS_IOC_RECEIVE, &r) ? -errno : 1;
	ids[i] = r.request_id;
	if (i & 1 && received[i] == 1) {
		b.request_id = r.request_id;
		received[i] = ioctl(fd, HTTPSYS_IOC_RECEIVE_BODY, &b) ? -errno : 1;
	}
	return NULL;
}

static int uffd_open(void)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = {
		.range = { .start = (unsigned long)pages, .len = STUCK * PAGE },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};
	int fd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);

	if (fd < 0 || ioctl(fd, UFFDIO_API, &api) ||
	    ioctl(fd, UFFDIO_REGISTER, &reg))
		return -1;
	return fd;
}

/* Read fault messages until @want arrived or ANSWER_MS * 6 passed. */
static int faults_seen(int uffd, int want)
{
	struct pollfd p = { .fd = uffd, .events = POLLIN };
	struct uffd_msg msg;
	int seen = 0;

	while (seen < want && poll(&p, 1, ANSWER_MS * 6) == 1) {
		while (read(uffd, &msg, sizeof(msg)) == sizeof(msg))
			seen += msg.event == UFFD_EVENT_PAGEFAULT;
	}
	return seen;
}

/*
 * A fresh client of the other queue: seconds until it had its answer, or
 * -1.  Requests of earlier clients that were not answered in time are
 * answered on the way.
 */
static double fresh_answer(void)
{
	double start = now();
	int fd = raw_request(PORT, "GET /fresh/ HTTP/1.1\r\nHost: x\r\n\r\n");
	struct pollfd p[2] = {
		{ .fd = HttpQueueFd(fresh_q), .events = POLLIN },
		{ .fd = fd, .events = POLLIN },
	};
	double took = -1;

	if (fd < 0)
		return -1;
	while (poll(p, 2, ANSWER_MS) > 0 && now() - start < ANSWER_MS / 1000.0) {
		if (p[1].revents) {
			if (client_read_response(fd, out, sizeof(out)) == 200)
				took = now() - start;
			break;
		}
		if (receive(fresh_q, 0))
			respond(fresh_q, req->RequestId, 200, "OK", "fresh", 0);
	}
	close(fd);
	return took;
}

int main(void)
{
	static int fds[STUCK];
	static pthread_t threads[STUCK];
	pthread_attr_t attr;
	int uffd, i, seen, ok = 0, zero_failed = 0, failures = 0;
	double took;

	alarm(600);	/* the harness bounds the run too */
	slow_q = app_start(L"http://+:8096/slow/");
	if (!slow_q || HttpCreateHttpHandle(&fresh_q, 0) ||
	    HttpAddUrl(fresh_q, L"http://+:8096/fresh/", NULL))
		return 1;
	pages = mmap(NULL, STUCK * PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uffd = pages == MAP_FAILED ? -1 : uffd_open();
	if (!CHECK(uffd >= 0, "set-up: queues and a userfaultfd range"))
		return 1;

	/* Body readers find two bytes to copy out at once. */
	for (i = 0; i < STUCK; i++)
		fds[i] = raw_request(PORT, "POST /slow/ HTTP/1.1\r\nHost: x\r\n"
				     "Content-Length: 4\r\n\r\nbo");
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (i = 0; i < STUCK; i++)
		pthread_create(&threads[i], &attr, receiver, (void *)(long)i);
	seen = faults_seen(uffd, STUCK);
	CHECK(seen == STUCK, "faulting: %d receives and body reads fault on their "
	      "buffers (saw %d)", STUCK, seen);
	/* Each connection's receive work now has bytes to take in. */
	for (i = 0; i < STUCK; i++)
		if (fds[i] >= 0)
			client_send(fds[i], "dy");
	usleep(500 * 1000);
	took = fresh_answer();
	CHECK(took >= 0, "faulting: another queue's client is answered within %d ms "
	      "while %d receivers fault (took %.2f s)", ANSWER_MS, STUCK, took);

	for (i = 0; i < STUCK; i++) {
		struct uffdio_zeropage zero = {
			.range = { .start = (unsigned long)(pages + i * PAGE),
				   .len = PAGE },
		};

		if (ioctl(uffd, UFFDIO_ZEROPAGE, &zero) && errno != EEXIST)
			zero_failed++;
	}
	CHECK(!zero_failed, "faulting: every page resolved (%d failed)", zero_failed);
	for (i = 0; i < STUCK; i++)
		pthread_join(threads[i], NULL);
	for (i = 0; i < STUCK; i++) {
		ULONG err = received[i] == 1 && ids[i] ?
			respond(slow_q, ids[i], 200, "OK", "late", 0) : 1;

		if (err && failures++ < 3)
			printf("# %d: received %d, id %llx, send %lu\n", i,
			       received[i], ids[i], (unsigned long)err);
	}
	for (i = 0; i < STUCK; i++) {
		struct pollfd p = { .fd = fds[i], .events = POLLIN };

		if (poll(&p, 1, ok == i ? ANSWER_MS : 0) == 1 &&
		    client_read_response(fds[i], out, sizeof(out)) == 200)
			ok++;
		close(fds[i]);
	}
	CHECK(ok == STUCK, "faulting: once resolved, every receive and body read "
	      "completes and is answered (%d of %d)", ok, STUCK);
	took = fresh_answer();
	CHECK(took >= 0, "faulting: the service answers normally afterwards");
	CloseHandle(fresh_q);
	app_finish(slow_q);
	return tap_exit_status();
}
