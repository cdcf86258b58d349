// SPDX-License-Identifier: GPL-2.0
/*
 * HttpDelegateRequestEx against the module in the test VM: a request
 * received on one queue moves to another, which answers it (curl sees that
 * answer) with the context of its own group's URL, while the source can no
 * longer answer it or read its body; a body nobody read yet moves with the
 * request; every refusal with its error (no delegation handle, a group not
 * bound to the target, none of whose URLs takes the request, the source
 * queue itself, an unknown request, a response begun, a body partly read, a
 * full target queue), each leaving the request with the source; a target
 * closed before it receives answers 503; and delegations racing the
 * client's disconnect neither lose nor duplicate a request.  Port 8300.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <http.h>

#include "tap.h"
#include "app.h"
#include "client.h"

#define TARGET_CONTEXT	77
#define RACE_ROUNDS	20

static HTTP_SERVER_SESSION_ID session;
static HANDLE src, dst, dh;		/* source, target, delegation handle */
static HTTP_URL_GROUP_ID src_group, dst_group, other_group;

/* A new group holding @url with @context, bound to @q; 0 on failure. */
static HTTP_URL_GROUP_ID group_for(HANDLE q, PCWSTR url, HTTP_URL_CONTEXT context)
{
	HTTP_BINDING_INFO b = { .Flags.Present = 1, .RequestQueueHandle = q };
	HTTP_URL_GROUP_ID g = 0;

	if (HttpCreateUrlGroup(session, &g, 0) ||
	    HttpSetUrlGroupProperty(g, HttpServerBindingProperty, &b, sizeof(b)) ||
	    HttpAddUrlToUrlGroup(g, url, context, 0))
		return 0;
	return g;
}

static ULONG delegate(HANDLE target, HTTP_REQUEST_ID id, HTTP_URL_GROUP_ID g)
{
	return HttpDelegateRequestEx(src, target, id, g, 0, NULL);
}

static int set_up(void)
{
	const ULONG open = HTTP_CREATE_REQUEST_QUEUE_FLAG_OPEN_EXISTING;
	const ULONG delegation = HTTP_CREATE_REQUEST_QUEUE_FLAG_DELEGATION;

	/* The source's prefix is the longer: requests route to it. */
	return !HttpCreateRequestQueue(HTTPAPI_VERSION_2, L"dsource", NULL, 0,
				       &src) &&
	       !HttpCreateRequestQueue(HTTPAPI_VERSION_2, L"dtarget", NULL, 0,
				       &dst) &&
	       !HttpCreateRequestQueue(HTTPAPI_VERSION_2, L"dtarget", NULL,
				       open | delegation, &dh) &&
	       (src_group = group_for(src, L"http://+:8300/d/", 1)) &&
	       (dst_group = group_for(dst, L"http://+:8300/", TARGET_CONTEXT)) &&
	       (other_group = group_for(dst, L"http://+:8301/other/", 2));
}

static void test_moved_and_answered(void)
{
	FILE *curl = curl_start("curl -s --max-time 60 http://127.0.0.1:8300/d/one");
	PHTTP_REQUEST r = receive(src, 0);
	HTTP_REQUEST_ID id = r ? r->RequestId : 0;
	ULONG err;

	if (!CHECK(r, "source: receives the request"))
		return;
	CHECK(delegate(dh, id, dst_group) == NO_ERROR,
	      "HttpDelegateRequestEx: NO_ERROR");
	CHECK(respond(src, id, 200, "OK", "from source", 0) ==
	      ERROR_CONNECTION_INVALID,
	      "source: its send fails after the delegation (ERROR_CONNECTION_INVALID)");
	err = delegate(dh, id, dst_group);
	CHECK(err == ERROR_CONNECTION_INVALID,
	      "source: delegating it again fails (ERROR_CONNECTION_INVALID), got %lu",
	      (unsigned long)err);
	r = receive(dst, 0);
	CHECK(r && r->UrlContext == TARGET_CONTEXT &&
	      r->CookedUrl.pAbsPath &&
	      !wcsncmp(r->CookedUrl.pAbsPath, L"/d/one", 6),
	      "target: receives it as a new request, with its group's UrlContext");
	CHECK(r && respond(dst, r->RequestId, 200, "OK", "from target", 0) ==
	      NO_ERROR, "target: answers it");
	curl_finish(curl, out, sizeof(out));
	CHECK(!strcmp(out, "from target"), "curl sees the target's answer: '%s'",
	      out);
}

static void test_body_moves(void)
{
	int fd = raw_request(8300, "POST /d/post HTTP/1.1\r\nHost: x\r\n"
			     "Content-Length: 11\r\n\r\nhello world");
	PHTTP_REQUEST r = receive(src, 0);
	HTTP_REQUEST_ID id = r ? r->RequestId : 0;
	char body[32] = "";
	ULONG n = 0, err;

	CHECK(r && delegate(dh, id, dst_group) == NO_ERROR,
	      "a POST whose body nobody read moves");
	err = HttpReceiveRequestEntityBody(src, id, 0, body, sizeof(body), &n,
					   NULL);
	CHECK(err == ERROR_CONNECTION_INVALID,
	      "source: reading its body after fails (ERROR_CONNECTION_INVALID), got %lu",
	      (unsigned long)err);
	r = receive(dst, 0);
	id = r ? r->RequestId : 0;
	n = 0;
	CHECK(r && !HttpReceiveRequestEntityBody(dst, id,
						 HTTP_RECEIVE_REQUEST_ENTITY_BODY_FLAG_FILL_BUFFER,
						 body, sizeof(body), &n, NULL) &&
	      n == 11 && !memcmp(body, "hello world", 11),
	      "target: reads the whole body");
	CHECK(r && respond(dst, id, 200, "OK", "got it", 0) == NO_ERROR &&
	      client_read_response(fd, out, sizeof(out)) == 200 &&
	      strstr(out, "got it"), "the client gets the target's answer");
	close(fd);
}

/* A request received on the source, for the refusals; 0 on failure. */
static HTTP_REQUEST_ID received(int *fd, const char *request)
{
	PHTTP_REQUEST r;

	*fd = raw_request(8300, request);
	r = receive(src, 0);
	return r ? r->RequestId : 0;
}

/* The refused request is still the source's: it answers. */
static int still_sources(int fd, HTTP_REQUEST_ID id)
{
	int ok = respond(src, id, 200, "OK", "kept", 0) == NO_ERROR &&
		 client_read_response(fd, out, sizeof(out)) == 200 &&
		 strstr(out, "kept");

	close(fd);
	return ok;
}

struct refusal {
	const char *what;
	HANDLE target;
	HTTP_REQUEST_ID id;
	HTTP_URL_GROUP_ID group;
	ULONG expect;
};

static void test_refusals(void)
{
	const ULONG open = HTTP_CREATE_REQUEST_QUEUE_FLAG_OPEN_EXISTING;
	const ULONG delegation = HTTP_CREATE_REQUEST_QUEUE_FLAG_DELEGATION;
	HANDLE plain = NULL, self = NULL;
	HTTP_REQUEST_ID id;
	int fd, p[2];
	ULONG err;

	if (!CHECK(!HttpCreateRequestQueue(HTTPAPI_VERSION_2, L"dtarget", NULL,
					   open, &plain) &&
		   !HttpCreateRequestQueue(HTTPAPI_VERSION_2, L"dsource", NULL,
					   open | delegation, &self) &&
		   !pipe(p), "refusals: set-up"))
		return;
	id = received(&fd, "GET /d/refused HTTP/1.1\r\nHost: x\r\n\r\n");
	{
		const struct refusal cases[] = {
			{ "a target handle opened without DELEGATION", plain, id,
			  dst_group, ERROR_ACCESS_DENIED },
			{ "a group not bound to the target", dh, id, src_group,
			  ERROR_INVALID_PARAMETER },
			{ "an unknown group", dh, id, 987654321,
			  ERROR_INVALID_PARAMETER },
			{ "a target group with no URL for the request", dh, id,
			  other_group, ERROR_INVALID_PARAMETER },
			{ "the source queue itself", self, id, src_group,
			  ERROR_INVALID_PARAMETER },
			{ "a request the source never received", dh, id + 1000000,
			  dst_group, ERROR_CONNECTION_INVALID },
			{ "a target that is no httpsys handle",
			  HttpHandleFromFd(p[0]), id, dst_group,
			  ERROR_INVALID_HANDLE },
		};

		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			err = delegate(cases[i].target, cases[i].id,
				       cases[i].group);
			CHECK(err == cases[i].expect,
			      "refused: %s (%lu), got %lu", cases[i].what,
			      (unsigned long)cases[i].expect, (unsigned long)err);
		}
	}
	CHECK(id && still_sources(fd, id), "after each refusal the source answers");
	CloseHandle(plain);
	CloseHandle(self);
	close(p[1]);
}

/* A response begun (MORE_DATA), then the delegation. */
static void test_response_begun(void)
{
	HTTP_RESPONSE resp = { .StatusCode = 200, .pReason = "OK",
			       .ReasonLength = 2 };
	HTTP_DATA_CHUNK end = { .DataChunkType = HttpDataChunkFromMemory,
				.FromMemory = { "done", 4 } };
	HTTP_REQUEST_ID id;
	int fd;
	ULONG err;

	id = received(&fd, "GET /d/begun HTTP/1.1\r\nHost: x\r\n\r\n");
	CHECK(id && !HttpSendHttpResponse(src, id, HTTP_SEND_RESPONSE_FLAG_MORE_DATA,
					  &resp, NULL, NULL, NULL, 0, NULL, NULL),
	      "response begun: the head sent with MORE_DATA");
	err = delegate(dh, id, dst_group);
	CHECK(err == ERROR_BAD_COMMAND,
	      "refused: a request whose response has begun (ERROR_BAD_COMMAND), got %lu",
	      (unsigned long)err);
	CHECK(!HttpSendResponseEntityBody(src, id, 0, 1, &end, NULL, NULL, 0,
					  NULL, NULL) &&
	      client_read_response(fd, out, sizeof(out)) == 200,
	      "response begun: the source finishes it");
	close(fd);
}

static void test_body_read(void)
{
	char body[4];
	ULONG n = 0, err;
	HTTP_REQUEST_ID id;
	int fd;

	id = received(&fd, "POST /d/read HTTP/1.1\r\nHost: x\r\n"
		      "Content-Length: 11\r\n\r\nhello world");
	CHECK(id && !HttpReceiveRequestEntityBody(src, id,
						  HTTP_RECEIVE_REQUEST_ENTITY_BODY_FLAG_FILL_BUFFER,
						  body, 3, &n, NULL) && n == 3,
	      "body read: three bytes read by the source");
	err = delegate(dh, id, dst_group);
	CHECK(err == ERROR_BAD_COMMAND,
	      "refused: a request whose body was partly read (ERROR_BAD_COMMAND), got %lu",
	      (unsigned long)err);
	CHECK(id && still_sources(fd, id), "body read: the source answers it");
}

static void test_target_full(void)
{
	ULONG one = 1, thousand = 1000, err;
	HTTP_REQUEST_ID id;
	int waiting, fd;

	if (!CHECK(!HttpSetRequestQueueProperty(dst, HttpServerQueueLengthProperty,
						&one, sizeof(one), 0, NULL),
		   "target full: QueueLength 1"))
		return;
	/* Routed to the target directly, and left waiting there. */
	waiting = raw_request(8300, "GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n");
	readable(dst, WAIT_MS);
	id = received(&fd, "GET /d/full HTTP/1.1\r\nHost: x\r\n\r\n");
	err = delegate(dh, id, dst_group);
	CHECK(err == ERROR_NOT_ENOUGH_MEMORY,
	      "refused: a full target queue (ERROR_NOT_ENOUGH_MEMORY), got %lu",
	      (unsigned long)err);
	CHECK(id && still_sources(fd, id), "target full: the source answers it");
	HttpSetRequestQueueProperty(dst, HttpServerQueueLengthProperty,
				    &thousand, sizeof(thousand), 0, NULL);
	CHECK(receive(dst, 0) && !respond(dst, req->RequestId, 200, "OK", "x", 0),
	      "target full: the waiting request is the target's");
	close(waiting);
}

/* A target that closes before it receives: the request is answered 503. */
static void test_target_closes(void)
{
	HANDLE t = NULL, td = NULL;
	HTTP_URL_GROUP_ID g = 0;
	HTTP_REQUEST_ID id;
	int fd;

	if (!CHECK(!HttpCreateRequestQueue(HTTPAPI_VERSION_2, L"dgone", NULL, 0,
					   &t) &&
		   !HttpCreateRequestQueue(HTTPAPI_VERSION_2, L"dgone", NULL,
					   HTTP_CREATE_REQUEST_QUEUE_FLAG_OPEN_EXISTING |
					   HTTP_CREATE_REQUEST_QUEUE_FLAG_DELEGATION,
					   &td) &&
		   /* A weak wildcard: requests still route to the source. */
		   (g = group_for(t, L"http://*:8300/d/gone/", 5)),
		   "target closes: a second target"))
		return;
	id = received(&fd, "GET /d/gone/x HTTP/1.1\r\nHost: x\r\n\r\n");
	CHECK(id && HttpDelegateRequestEx(src, td, id, g, 0, NULL) == NO_ERROR,
	      "target closes: delegated");
	HttpCloseUrlGroup(g);
	CloseHandle(td);
	CloseHandle(t);
	CHECK(client_read_response(fd, out, sizeof(out)) == 503,
	      "target closes before receiving: the client gets 503");
	close(fd);
}

struct racer {
	int fd;
	pthread_barrier_t *go;
};

static void *disconnect(void *arg)
{
	struct racer *r = arg;

	pthread_barrier_wait(r->go);
	shutdown(r->fd, SHUT_RDWR);
	close(r->fd);
	return NULL;
}

/*
 * The client goes while the request moves.  Whichever wins, the request
 * is in one place: moved (the source cannot answer; the target receives
 * it or its connection withdrew it) or kept (the source's answer succeeds
 * or finds the connection gone).
 */
static void test_disconnect_race(void)
{
	pthread_barrier_t go;
	int round, moved = 0, kept = 0, bad = 0;

	pthread_barrier_init(&go, NULL, 2);
	for (round = 0; round < RACE_ROUNDS; round++) {
		struct racer r = { .go = &go };
		HTTP_REQUEST_ID id = received(&r.fd,
					      "GET /d/race HTTP/1.1\r\nHost: x\r\n\r\n");
		pthread_t t;
		ULONG err, sent;

		if (!id || pthread_create(&t, NULL, disconnect, &r)) {
			bad++;
			break;
		}
		pthread_barrier_wait(&go);
		err = delegate(dh, id, dst_group);
		pthread_join(t, NULL);
		sent = respond(src, id, 200, "OK", "x", 0);
		if (err == NO_ERROR && sent == ERROR_CONNECTION_INVALID) {
			moved++;
			/* Waiting in the target, or withdrawn with its
			 * connection; if there, it is this one.
			 */
			if (readable(dst, 200)) {
				if (!receive(dst, 0) || req->RequestId != id)
					bad++;
				else
					respond(dst, id, 200, "OK", "x", 0);
			}
		} else if (err == ERROR_CONNECTION_INVALID &&
			   (sent == NO_ERROR || sent == ERROR_CONNECTION_INVALID)) {
			kept++;
		} else {
			bad++;
		}
	}
	pthread_barrier_destroy(&go);
	CHECK(!bad && moved + kept == RACE_ROUNDS,
	      "disconnect race: %d moved, %d kept, %d inconsistent", moved, kept,
	      bad);
	CHECK(!readable(dst, 300) && !readable(src, 0),
	      "disconnect race: nothing left waiting in either queue");
}

int main(void)
{
	if (!CHECK(!HttpInitialize(HTTPAPI_VERSION_2, HTTP_INITIALIZE_SERVER, NULL) &&
		   !HttpCreateServerSession(HTTPAPI_VERSION_2, &session, 0) &&
		   set_up(), "set-up: source and target queues, their groups"))
		return tap_exit_status();
	test_moved_and_answered();
	test_body_moves();
	test_refusals();
	test_response_begun();
	test_body_read();
	test_target_full();
	test_target_closes();
	test_disconnect_race();
	HttpCloseServerSession(session);
	CloseHandle(dh);
	CloseHandle(dst);
	CloseHandle(src);
	HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
	return tap_exit_status();
}
