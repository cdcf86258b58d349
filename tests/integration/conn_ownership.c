// SPDX-License-Identifier: GPL-2.0
/*
 * What a connection's requests mean to the queues: a request whose
 * connection closed (EntityBody) leaves its queue, and HttpWaitForDisconnect
 * answers only the queue that received a request of the connection.  Run
 * as root in the test VM.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <http.h>
#include <httpsys.h>

#include "tap.h"
#include "app.h"
#include "client.h"

#define PORT	8099

static int wait_disconnect(HANDLE h, unsigned long long id)
{
	struct httpsys_id_op op = { .id = id, .flags = HTTPSYS_WAIT_NONBLOCK };

	return ioctl(HttpQueueFd(h), HTTPSYS_IOC_WAIT_DISCONNECT, &op) ? -errno : 0;
}

/* L5: a body that stops half-way, to a queue nobody receives from. */
static void test_closed_request_leaves_queue(HANDLE q)
{
	int fd = raw_request(PORT, "POST /stalled/ HTTP/1.1\r\nHost: x\r\n"
			     "Content-Length: 100\r\n\r\nhalf");
	int closed = client_closed(fd);

	CHECK(closed, "ownership: EntityBody closes a connection whose body stalls");
	CHECK(!readable(q, 500), "ownership: its request no longer waits in the queue");
	close(fd);
}

/*
 * L5: RequestQueue runs while a body is still owed: a group with a 1 s
 * RequestQueue and a long EntityBody; the stalled request leaves its queue
 * and its connection closes after about a second.
 */
static void test_queue_timer_with_body(void)
{
	HTTP_TIMEOUT_LIMIT_INFO t = { .Flags.Present = 1, .RequestQueue = 1 };
	HTTP_BINDING_INFO b = { .Flags.Present = 1 };
	HTTP_SERVER_SESSION_ID s;
	HTTP_URL_GROUP_ID g;
	HANDLE h;
	int fd;

	if (!CHECK(!HttpInitialize(HTTPAPI_VERSION_2, HTTP_INITIALIZE_SERVER, NULL) &&
		   !HttpCreateServerSession(HTTPAPI_VERSION_2, &s, 0) &&
		   !HttpCreateUrlGroup(s, &g, 0) &&
		   !HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0, &h) &&
		   !HttpSetUrlGroupProperty(g, HttpServerTimeoutsProperty, &t,
					    sizeof(t)) &&
		   (b.RequestQueueHandle = h) &&
		   !HttpSetUrlGroupProperty(g, HttpServerBindingProperty, &b,
					    sizeof(b)) &&
		   !HttpAddUrlToUrlGroup(g, L"http://+:8099/queued/", 0, 0),
		   "set-up: a group with RequestQueue 1 s"))
		return;
	fd = raw_request(PORT, "POST /queued/ HTTP/1.1\r\nHost: x\r\n"
			 "Content-Length: 100\r\n\r\nhalf");
	CHECK(client_closed(fd), "ownership: RequestQueue closes a connection "
	      "whose request waits while its body is owed (EntityBody 60 s)");
	CHECK(!readable(h, 500), "ownership: that request left its queue");
	close(fd);
	HttpCloseUrlGroup(g);
	HttpCloseServerSession(s);
	HttpCloseRequestQueue(h);
	HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
}

/* L1: only the queue that received the connection's request may wait on it. */
static void test_disconnect_scope(HANDLE mine, HANDLE other)
{
	int fd = raw_request(PORT, "GET /mine/ HTTP/1.1\r\nHost: x\r\n\r\n");
	unsigned long long conn;

	if (!CHECK(receive(mine, 0), "ownership: the request arrives"))
		return;
	conn = req->ConnectionId;
	CHECK(wait_disconnect(mine, conn) == -EAGAIN,
	      "ownership: its queue waits on the connection (still open)");
	CHECK(wait_disconnect(other, conn) == -ENOENT,
	      "ownership: another queue gets 'unknown' for it (%d)",
	      wait_disconnect(other, conn));
	respond(mine, req->RequestId, 200, "OK", "mine", 0);
	client_read_response(fd, out, sizeof(out));
	close(fd);
}

int main(void)
{
	HANDLE mine, other, stalled;

	alarm(300);	/* the harness bounds the run too */
	mine = app_start(L"http://+:8099/mine/");
	if (!mine || HttpCreateHttpHandle(&other, 0) ||
	    HttpAddUrl(other, L"http://+:8099/other/", NULL) ||
	    HttpCreateHttpHandle(&stalled, 0) ||
	    HttpAddUrl(stalled, L"http://+:8099/stalled/", NULL) ||
	    !CHECK(!set_param("entity_body", "1"), "set-up: queues, EntityBody 1 s"))
		return 1;
	test_disconnect_scope(mine, other);
	test_closed_request_leaves_queue(stalled);
	set_param("entity_body", "60");
	test_queue_timer_with_body();
	set_param("entity_body", "120");
	CloseHandle(stalled);
	CloseHandle(other);
	app_finish(mine);
	return tap_exit_status();
}
