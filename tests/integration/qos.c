// SPDX-License-Identifier: GPL-2.0
/*
 * Integration tests of the settings an application puts on its server
 * session or URL group, as they act on connections: the timeouts
 * (HttpServerTimeoutsProperty) and the connection and bandwidth limits
 * (HttpServerQosProperty).  Run inside the test VM with the module
 * loaded; the machine-wide timeouts are http.sys's 120 s defaults, so a
 * connection closed after about two seconds shows the application's.
 * Ports 8220-8229.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
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

#define V2		HTTPAPI_VERSION_2
#define PORT		8220
#define SHORT		2	/* seconds: the timeouts set here */
#define EARLIEST	1.5	/* a SHORT timeout fires no sooner than this */
#define LATEST		10.0	/* nor later (the sanitizer kernel is slow) */
#define BIG_BODY	40960
#define BANDWIDTH	8192	/* bytes per second */

static HANDLE q;
static HTTP_SERVER_SESSION_ID sess;

/* Seconds until the server closes @fd, or -1 if it does not within 30 s. */
static double seconds_to_close(int fd)
{
	double start = now();

	return client_closed(fd) ? now() - start : -1;
}

/* Nothing arrives on @fd for @ms: the server has not answered or closed. */
static int quiet_for(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) == 0;
}

static HTTP_TIMEOUT_LIMIT_INFO timeouts(void)
{
	HTTP_TIMEOUT_LIMIT_INFO t;

	memset(&t, 0, sizeof(t));
	t.Flags.Present = 1;
	return t;
}

static ULONG set_timeouts(HTTP_SERVER_SESSION_ID s, HTTP_URL_GROUP_ID g,
			  HTTP_TIMEOUT_LIMIT_INFO *t)
{
	return g ? HttpSetUrlGroupProperty(g, HttpServerTimeoutsProperty, t,
					   sizeof(*t)) :
		   HttpSetServerSessionProperty(s, HttpServerTimeoutsProperty, t,
						sizeof(*t));
}

/* A group of @s bound to the queue, serving http://+:PORT@path. */
static HTTP_URL_GROUP_ID new_group(HTTP_SERVER_SESSION_ID s,
				   const wchar_t *path)
{
	HTTP_URL_GROUP_ID g = 0;
	HTTP_BINDING_INFO b;
	wchar_t url[128];

	memset(&b, 0, sizeof(b));
	b.Flags.Present = 1;
	b.RequestQueueHandle = q;
	swprintf(url, 128, L"http://+:%d%ls", PORT, path);
	if (HttpCreateUrlGroup(s, &g, 0) ||
	    HttpSetUrlGroupProperty(g, HttpServerBindingProperty, &b, sizeof(b)) ||
	    HttpAddUrlToUrlGroup(g, url, 0, 0)) {
		CHECK(0, "set-up: a group for %ls", url);
		return 0;
	}
	return g;
}

/* Send a GET for @path on @fd. */
static int get(int fd, const char *path)
{
	char request[256];

	snprintf(request, sizeof(request),
		 "GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n", path);
	return client_send(fd, request);
}

/* Receive the next request and answer it 200 with @body. */
static int answer(const char *body)
{
	return readable(q, WAIT_MS) && receive(q, 0) &&
	       respond(q, req->RequestId, 200, "OK", body, 0) == NO_ERROR;
}

/* One kept-alive exchange for @path on @fd: 200 back. */
static int served(int fd, const char *path)
{
	return !get(fd, path) && answer("ok") &&
	       client_read_response(fd, out, sizeof(out)) == 200;
}

static int connect_local(void)
{
	return client_connect("127.0.0.1", PORT);
}

/*
 * HeaderWait and IdleConnection set on a group apply from a connection's
 * second request: the first arrives before anyone knows its group.
 */
static void test_group_header_idle(void)
{
	HTTP_TIMEOUT_LIMIT_INFO t = timeouts();
	HTTP_URL_GROUP_ID g = new_group(sess, L"/head/");
	double start, took;
	int fd, status;

	t.HeaderWait = t.IdleConnection = SHORT;
	CHECK(set_timeouts(0, g, &t) == NO_ERROR,
	      "timeouts: HeaderWait and IdleConnection %d s on a group", SHORT);

	fd = connect_local();
	CHECK(!client_send(fd, "GET /head/ HTTP/1.1\r\n") && quiet_for(fd, 4000),
	      "timeouts: a first request's slow head still gets the machine's HeaderWait");
	CHECK(!client_send(fd, "Host: localhost\r\n\r\n") && answer("ok") &&
	      client_read_response(fd, out, sizeof(out)) == 200,
	      "timeouts: the first request completed and was answered");
	start = now();
	client_send(fd, "GET /head/ HTTP/1.1\r\n");
	status = client_read_response(fd, out, sizeof(out));
	took = now() - start;
	CHECK(status == 408 && took >= EARLIEST && took <= LATEST,
	      "timeouts: the second head, left incomplete, gets %d after %.1f s (the group's HeaderWait %d)",
	      status, took, SHORT);
	close(fd);

	fd = connect_local();
	CHECK(served(fd, "/head/"), "timeouts: a request on a new connection");
	took = seconds_to_close(fd);
	CHECK(took >= EARLIEST && took <= LATEST,
	      "timeouts: then idle, the connection is closed after %.1f s (IdleConnection %d)",
	      took, SHORT);
	close(fd);
	HttpCloseUrlGroup(g);
}

/* Per field: the group's value, else its session's, else the machine's. */
static void test_inherited(void)
{
	HTTP_TIMEOUT_LIMIT_INFO ts = timeouts(), tg = timeouts();
	HTTP_SERVER_SESSION_ID s = 0;
	HTTP_URL_GROUP_ID g;
	double took;
	int fd;

	CHECK(HttpCreateServerSession(V2, &s, 0) == NO_ERROR, "set-up: a session");
	g = new_group(s, L"/inherit/");
	ts.IdleConnection = SHORT;
	tg.EntityBody = 60;	/* the group's timeouts leave IdleConnection 0 */
	CHECK(set_timeouts(s, 0, &ts) == NO_ERROR &&
	      set_timeouts(0, g, &tg) == NO_ERROR,
	      "timeouts: IdleConnection on the session, EntityBody on the group");
	fd = connect_local();
	CHECK(served(fd, "/inherit/"), "timeouts: a request to the group");
	took = seconds_to_close(fd);
	CHECK(took >= EARLIEST && took <= LATEST,
	      "timeouts: the group inherits the session's IdleConnection: closed after %.1f s",
	      took);
	close(fd);
	HttpCloseServerSession(s);
}

/* RequestQueue: a request nobody receives in time is dropped, unanswered. */
static void test_request_queue(void)
{
	HTTP_TIMEOUT_LIMIT_INFO t = timeouts();
	HTTP_URL_GROUP_ID g = new_group(sess, L"/queue/");
	char byte;
	double took;
	int fd;

	t.RequestQueue = SHORT;
	CHECK(set_timeouts(0, g, &t) == NO_ERROR, "timeouts: RequestQueue %d s",
	      SHORT);
	fd = connect_local();
	get(fd, "/queue/");
	took = seconds_to_close(fd);
	CHECK(took >= EARLIEST && took <= LATEST &&
	      recv(fd, &byte, 1, MSG_DONTWAIT) <= 0,
	      "timeouts: a request left in the queue is dropped after %.1f s, no response",
	      took);
	CHECK(!readable(q, 200), "timeouts: and is no longer in the queue");
	close(fd);

	fd = connect_local();
	get(fd, "/queue/");
	CHECK(readable(q, WAIT_MS) && receive(q, 0),
	      "timeouts: a request received in time");
	sleep(SHORT + 2);
	CHECK(respond(q, req->RequestId, 200, "OK", "late", 0) == NO_ERROR &&
	      client_read_response(fd, out, sizeof(out)) == 200,
	      "timeouts: is answered later than RequestQueue: the timer stops at receipt");
	close(fd);
	HttpCloseUrlGroup(g);
}

/* EntityBody: a client that stops sending its body is cut off. */
static void test_entity_body(void)
{
	HTTP_TIMEOUT_LIMIT_INFO t = timeouts();
	HTTP_URL_GROUP_ID g = new_group(sess, L"/body/");
	double took;
	int fd;

	t.EntityBody = SHORT;
	CHECK(set_timeouts(0, g, &t) == NO_ERROR, "timeouts: EntityBody %d s",
	      SHORT);
	fd = connect_local();
	client_send(fd, "POST /body/ HTTP/1.1\r\nHost: localhost\r\n"
			"Content-Length: 10\r\n\r\nabcd");
	CHECK(readable(q, WAIT_MS) && receive(q, 0),
	      "timeouts: the POST is received with 4 of its 10 body bytes");
	took = seconds_to_close(fd);
	CHECK(took >= EARLIEST && took <= LATEST,
	      "timeouts: the stalled body is cut after %.1f s", took);
	close(fd);
	respond(q, req->RequestId, 200, "OK", NULL, 0);
	HttpCloseUrlGroup(g);
}

/* DrainEntityBody: a body left unread after the response must come fast. */
static void test_drain(void)
{
	HTTP_TIMEOUT_LIMIT_INFO t = timeouts();
	HTTP_URL_GROUP_ID g = new_group(sess, L"/drain/");
	double took;
	int fd;

	t.DrainEntityBody = SHORT;
	CHECK(set_timeouts(0, g, &t) == NO_ERROR, "timeouts: DrainEntityBody %d s",
	      SHORT);
	fd = connect_local();
	client_send(fd, "POST /drain/ HTTP/1.1\r\nHost: localhost\r\n"
			"Content-Length: 10\r\n\r\nabcd");
	CHECK(answer("unread") && client_read_response(fd, out, sizeof(out)) == 200,
	      "timeouts: a POST answered without reading its body, kept alive");
	took = seconds_to_close(fd);
	CHECK(took >= EARLIEST && took <= LATEST,
	      "timeouts: the rest of the body never comes: closed after %.1f s",
	      took);
	close(fd);
	HttpCloseUrlGroup(g);
}

/* MaxConnections: beyond it, a group's requests get 503 (ConnLimit). */
static void test_connection_limit(void)
{
	HTTP_URL_GROUP_ID g = new_group(sess, L"/conns/");
	HTTP_URL_GROUP_ID other = new_group(sess, L"/free/");
	int fd[4], i, status = 0;

	CHECK(qos_set(0, g, HttpQosSettingTypeConnectionLimit, 2) == NO_ERROR,
	      "qos: MaxConnections 2 on a group");
	fd[0] = connect_local();
	fd[1] = connect_local();
	CHECK(served(fd[0], "/conns/") && served(fd[1], "/conns/"),
	      "qos: two kept-alive connections are served");
	fd[2] = connect_local();
	CHECK(!get(fd[2], "/conns/") &&
	      client_read_response(fd[2], out, sizeof(out)) == 503 &&
	      client_closed(fd[2]),
	      "qos: a third connection's request gets 503 and is closed");
	close(fd[2]);
	fd[2] = connect_local();
	CHECK(served(fd[2], "/free/"),
	      "qos: a third connection to another group is served");
	CHECK(served(fd[0], "/conns/"),
	      "qos: a counted connection's next request is served");
	CHECK(served(fd[1], "/free/") && served(fd[2], "/conns/"),
	      "qos: a connection moving to another group frees its place");
	close(fd[0]);
	for (i = 0; i < 50 && status != 200; i++) {
		usleep(100000);
		fd[3] = connect_local();
		get(fd[3], "/conns/");
		if (readable(q, 500) && receive(q, 0))
			respond(q, req->RequestId, 200, "OK", "ok", 0);
		status = client_read_response(fd[3], out, sizeof(out));
		close(fd[3]);
	}
	CHECK(status == 200, "qos: a closed connection frees its place (%d tries)",
	      i);
	close(fd[1]);
	close(fd[2]);
	HttpCloseUrlGroup(other);
	HttpCloseUrlGroup(g);
}

/* Seconds to fetch a BIG_BODY response from @path; -1 on failure. */
static double fetch_big(const char *path, const char *body)
{
	static char big[BIG_BODY + 1024];
	int fd = connect_local();
	double start = now(), took = -1;

	if (!get(fd, path) && readable(q, WAIT_MS) && receive(q, 0)) {
		/* The response goes out while we read it: send from a child. */
		pid_t pid = fork();

		if (pid == 0)
			_exit(respond(q, req->RequestId, 200, "OK", body, 0));
		if (client_read_response(fd, big, sizeof(big)) == 200 &&
		    strlen(big) > BIG_BODY)
			took = now() - start;
		waitpid(pid, NULL, 0);
	}
	close(fd);
	return took;
}

/* MaxBandwidth: a group's responses go out no faster than its limit. */
static void test_bandwidth(void)
{
	HTTP_URL_GROUP_ID g = new_group(sess, L"/slow/");
	HTTP_URL_GROUP_ID fast = new_group(sess, L"/fast/");
	char *body = malloc(BIG_BODY + 1);
	double slow_s, fast_s;

	memset(body, 'b', BIG_BODY);
	body[BIG_BODY] = '\0';
	CHECK(qos_set(0, g, HttpQosSettingTypeBandwidth, BANDWIDTH) == NO_ERROR,
	      "qos: MaxBandwidth %d bytes/s on a group", BANDWIDTH);
	fast_s = fetch_big("/fast/", body);
	slow_s = fetch_big("/slow/", body);
	CHECK(fast_s >= 0 && fast_s < 2,
	      "qos: %d bytes from an unlimited group took %.2f s", BIG_BODY,
	      fast_s);
	/* The first piece goes at once, the rest at BANDWIDTH. */
	CHECK(slow_s >= (BIG_BODY - BANDWIDTH / 4) / (double)BANDWIDTH - 0.5 &&
	      slow_s <= 3.0 * BIG_BODY / BANDWIDTH,
	      "qos: %d bytes under a %d bytes/s limit took %.2f s", BIG_BODY,
	      BANDWIDTH, slow_s);
	free(body);
	HttpCloseUrlGroup(fast);
	HttpCloseUrlGroup(g);
}

/* A group closed while a connection counts against it: nothing breaks. */
static void test_closed_group(void)
{
	HTTP_URL_GROUP_ID g = new_group(sess, L"/gone/");
	HTTP_URL_GROUP_ID other = new_group(sess, L"/stay/");
	int fd;

	qos_set(0, g, HttpQosSettingTypeConnectionLimit, 5);
	qos_set(0, g, HttpQosSettingTypeBandwidth, BANDWIDTH);
	fd = connect_local();
	CHECK(served(fd, "/gone/"), "qos: a connection counted against a group");
	CHECK(HttpCloseUrlGroup(g) == NO_ERROR, "qos: the group is closed");
	CHECK(!get(fd, "/gone/") &&
	      client_read_response(fd, out, sizeof(out)) == 404,
	      "qos: the connection's next request for its URL gets 404");
	close(fd);
	fd = connect_local();
	CHECK(served(fd, "/stay/"), "qos: other groups still serve");
	close(fd);
	HttpCloseUrlGroup(other);
}

int main(void)
{
	HTTP_503_RESPONSE_VERBOSITY verbosity = Http503ResponseVerbosityLimited;

	alarm(600);	/* the harness bounds the run too */
	CHECK(HttpInitialize(V2, HTTP_INITIALIZE_SERVER, NULL) == NO_ERROR &&
	      HttpCreateServerSession(V2, &sess, 0) == NO_ERROR &&
	      HttpCreateRequestQueue(V2, NULL, NULL, 0, &q) == NO_ERROR,
	      "set-up: a session and a queue");
	CHECK(HttpSetRequestQueueProperty(q, HttpServer503VerbosityProperty,
					  &verbosity, sizeof(verbosity), 0,
					  NULL) == NO_ERROR,
	      "set-up: 503 verbosity Limited, so a 503 is seen");
	test_group_header_idle();
	test_inherited();
	test_request_queue();
	test_entity_body();
	test_drain();
	test_connection_limit();
	test_bandwidth();
	test_closed_group();
	CHECK(HttpCloseRequestQueue(q) == NO_ERROR &&
	      HttpCloseServerSession(sess) == NO_ERROR &&
	      HttpTerminate(HTTP_INITIALIZE_SERVER, NULL) == NO_ERROR,
	      "cleanup: queue and session closed");
	return tap_exit_status();
}
