// SPDX-License-Identifier: GPL-2.0
/*
 * Response framing on a kept-alive connection (security review L4):
 *
 *  - an application Content-Length that disagrees with the bytes sent
 *    must close the connection, so the request pipelined behind it is
 *    never answered into a desynced stream; the same header with the
 *    right bytes (in one send or two, or none for HEAD) keeps it alive;
 *  - SEND_BODY racing the final response must never put bytes after it:
 *    one thread sends the final response with a large head while another
 *    calls SEND_BODY on the same request in a loop, for a bounded time.
 *
 *     framing SECONDS
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "httpsys.h"
#include "raw.h"
#include "tap.h"

#define PORT		9301
#define URL		"http://127.0.0.1:9301/framing/"
#define ANSWER_MS	10000

struct framing_case {
	const char *what;
	const char *method;
	const char *headers;
	const char *body;	/* the first send's */
	unsigned int flags;	/* the first send's */
	const char *more;	/* a final SEND_BODY after it, or NULL */
	int agrees;		/* the bytes match the Content-Length */
};

static const struct framing_case cases[] = {
	{ "Content-Length 10, 5 bytes sent", "GET",
	  "Content-Length: 10\r\n", "12345", 0, NULL, 0 },
	{ "Content-Length 5, 10 bytes sent", "GET",
	  "Content-Length: 5\r\n", "0123456789", 0, NULL, 0 },
	{ "Content-Length 10, 5 then 10 bytes sent", "GET",
	  "Content-Length: 10\r\n", "12345", HTTPSYS_SEND_MORE_DATA,
	  "0123456789", 0 },
	{ "Content-Length 10, 5 then 5 bytes sent", "GET",
	  "Content-Length: 10\r\n", "12345", HTTPSYS_SEND_MORE_DATA, "67890", 1 },
	{ "HEAD with Content-Length 10, no body", "HEAD",
	  "Content-Length: 10\r\n", "", 0, NULL, 1 },
};

static void framing_case(int q, const struct framing_case *c)
{
	int head = !strcmp(c->method, "HEAD"), client, second_err = -1, err;
	uint64_t id, second;
	char request[256];
	struct wire w;

	snprintf(request, sizeof(request),
		 "%s /framing/a HTTP/1.1\r\nHost: 127.0.0.1:9301\r\n\r\n"
		 "GET /framing/b HTTP/1.1\r\nHost: 127.0.0.1:9301\r\n\r\n", c->method);
	client = wire_request(PORT, request);
	id = client >= 0 ? raw_receive(q, ANSWER_MS) : 0;
	if (!CHECK(id, "L4: %s: the request arrives", c->what)) {
		if (client >= 0)
			close(client);
		return;
	}
	err = raw_send(q, id, c->flags, c->headers, c->body, strlen(c->body));
	if (!err && c->more)
		err = raw_send(q, id, 0, NULL, c->more, strlen(c->more));
	/* A send refused before anything went out: the app gives up. */
	if (err)
		raw_cancel(q, id);
	second = raw_receive(q, 1000);
	if (second)
		second_err = raw_send(q, second, 0, "X: y\r\n", "second", 6);
	wire_read(client, head, 5000, 1000, &w);
	close(client);
	if (c->agrees)
		CHECK(w.complete && !w.closed && second && !second_err &&
		      !strncmp(w.extra_start, "HTTP/1.1 200", 12),
		      "L4: %s: the connection stays alive and the pipelined "
		      "request behind it is answered (status %d, next: \"%s\")",
		      c->what, w.status, w.extra_start);
	else
		CHECK(w.closed && !second && !strstr(w.extra_start, "HTTP/"),
		      "L4: %s: the connection ends and the pipelined request "
		      "behind it is never answered (body bytes read as the "
		      "response's: %zu, then %zu more: \"%s\"; closed: %s; the "
		      "sends: %s; the second request %s)", c->what, w.body,
		      w.extra, w.extra_start, w.closed ? "yes" : "no",
		      err ? strerror(-err) : "success",
		      second ? "was delivered and answered" : "never came");
}

/* SEND_BODY in a loop against the final response of the same request. */
static struct {
	int q;
	uint64_t id;
	pthread_barrier_t start;
	atomic_int late_sends;	/* SEND_BODY calls that got through after it */
	volatile int final_done;
} race;

/* Thousands of header lines: the final send holds tx_lock, running, for
 * long, so the looping SEND_BODY spins on the lock and takes it the
 * moment the final send lets go.
 */
#define HEADER_LINES	8000
static char big_headers[HEADER_LINES * 6 + 1];

static void *final_sender(void *unused)
{
	(void)unused;
	pthread_barrier_wait(&race.start);
	raw_send(race.q, race.id, 0, big_headers, "final", 5);
	race.final_done = 1;
	return NULL;
}

static void *body_sender(void *unused)
{
	uint64_t end;
	int err;

	(void)unused;
	pthread_barrier_wait(&race.start);
	/* Until the request is retired, or briefly past the final send. */
	end = 0;
	for (;;) {
		err = raw_send(race.q, race.id, HTTPSYS_SEND_MORE_DATA, NULL, "Z", 1);
		if (!err)
			race.late_sends++;
		if (err == -ENOENT)
			break;
		if (race.final_done && !end)
			end = now_us() + 100000;
		if (end && now_us() > end)
			break;
	}
	return NULL;
}

static void send_body_race(int q, int seconds)
{
	uint64_t end = now_us() + seconds * 1000000ULL;
	int rounds = 0, extra = 0, unanswered = 0, i;
	char extra_start[24] = "";

	for (i = 0; i < HEADER_LINES; i++)
		memcpy(big_headers + i * 6, "X: y\r\n", 6);
	race.q = q;
	race.late_sends = 0;
	while (now_us() < end) {
		int client = wire_request(PORT, "GET /framing/r HTTP/1.1\r\nHost: 127.0.0.1:9301\r\n\r\n");
		pthread_t threads[2];
		struct wire w;

		race.id = client >= 0 ? raw_receive(q, ANSWER_MS) : 0;
		if (!race.id) {
			unanswered++;
			if (client >= 0)
				close(client);
			continue;
		}
		race.final_done = 0;
		pthread_barrier_init(&race.start, NULL, 2);
		pthread_create(&threads[0], NULL, final_sender, NULL);
		pthread_create(&threads[1], NULL, body_sender, NULL);
		wire_read(client, 0, ANSWER_MS, 50, &w);
		pthread_join(threads[0], NULL);
		pthread_join(threads[1], NULL);
		pthread_barrier_destroy(&race.start);
		close(client);
		rounds++;
		if (!w.complete)
			unanswered++;
		if (w.extra && !extra++)
			memcpy(extra_start, w.extra_start, sizeof(extra_start));
	}
	CHECK(rounds > 0 && !unanswered,
	      "L4: SEND_BODY racing the final response: %d rounds, each "
	      "answered in full (%d not)", rounds, unanswered);
	CHECK(!race.late_sends && !extra,
	      "L4: SEND_BODY racing the final response: no bytes after it "
	      "(%d SEND_BODY calls succeeded after it; %d clients read more "
	      "bytes, the first: \"%s\")", race.late_sends, extra, extra_start);
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 10, q;
	size_t i;

	signal(SIGPIPE, SIG_IGN);
	q = raw_queue(NULL, 0);
	if (!CHECK(q >= 0 && !raw_add_url(q, URL), "L4: a queue with %s", URL))
		return tap_exit_status();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		framing_case(q, &cases[i]);
	send_body_race(q, seconds);
	close(q);
	return tap_exit_status();
}
