// SPDX-License-Identifier: GPL-2.0
/*
 * Integration tests of the service as a whole, run as root inside the test
 * VM with the module loaded, from the repository root:
 *
 * - the machine-wide timeouts: HttpSet/Query/DeleteServiceConfiguration
 *   (HttpServiceConfigTimeout), `httpcfg show|add|set|delete timeout`, the
 *   header_wait and idle_connection module parameters behind them, who may
 *   change them, and their effect on connections;
 * - the service-state snapshot (HTTPSYS_IOC_SERVICE_STATE), read raw and
 *   as `httpcfg show servicestate` prints it, while an application, a
 *   worker process sharing its named queue and a second application run,
 *   and after they exit.
 *
 * Children are this program re-executed ("servicestate MODE 3 ARG"): a
 * worker opening the named queue, an application of its own, and uid 1500
 * trying the calls, taking its own snapshot (which holds only its own
 * objects) and growing it past the unprivileged cap.  They report over a pipe; the parent makes every
 * assertion.  Ports 8250-8253.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <http.h>

#include "httpsys.h"
#include "tap.h"
#include "app.h"
#include "client.h"

#define V2		HTTPAPI_VERSION_2
#define TIMEOUT		HttpServiceConfigTimeout
#define TEST_ID		1500	/* httpsys-test (tests/vm/guest.sh) */
#define QUEUE_NAME	"svcstate-q"
#define URL_A		"http://+:8250/a/"
#define URL_B		"http://+:8250/b/"
#define V1_URL		"http://+:8251/v1/"
#define APP_QUEUE	"svcstate-app"
#define APP_URL		"http://+:8252/app/"
#define TIMED_URL	L"http://+:8253/t/"
#define USER_QUEUE	"svcstate-1500"
#define SQUATTED	"ServiceX"	/* a name each user may have */
#define OTHER_ID	1600		/* another user, with no account */
#define USER_CAP	(1U << 20)	/* an unprivileged caller's snapshot */
#define MAX_ENTRIES	4096

static int report_fd[2];	/* children write lines, the parent reads */

/* The last snapshot, and its entries. */
static char snap[1 << 20] __attribute__((aligned(8)));
static __u32 snap_len;
static const struct httpsys_state_entry *ents[MAX_ENTRIES];
static int nents;

/* @s holds the line @fmt makes, whole (from a line start to its end). */
__attribute__((format(printf, 2, 3)))
static int has_line(const char *s, const char *fmt, ...)
{
	char line[512], *p;
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	n = strlen(line);
	for (p = strstr(s, line); p; p = strstr(p + 1, line)) {
		if ((p == s || p[-1] == '\n') && (p[n] == '\n' || !p[n]))
			return 1;
	}
	return 0;
}

/*
 * The part of httpcfg's output in out about the queue named @name (from
 * its "Request queue name:" line in the queue view to the next queue's),
 * in @buf; "" when there is none.
 */
static const char *queue_section(const char *name, char *buf, size_t size)
{
	char start[128];
	const char *p, *end;

	snprintf(start, sizeof(start), "\n    Request queue name: %s\n", name);
	p = strstr(out, "\nRequest queues:\n");
	p = p ? strstr(p, start) : NULL;
	if (!p) {
		buf[0] = '\0';
		return buf;
	}
	end = strstr(p + 1, "\n    Request queue name: ");
	if (!end)
		end = strstr(p, "\nHTTP service:");
	if (!end)
		end = p + strlen(p);
	snprintf(buf, size, "%.*s", (int)(end - p), p + 1);
	return buf;
}

static ULONG timeout_set(HTTP_SERVICE_CONFIG_TIMEOUT_KEY key, USHORT seconds)
{
	HTTP_SERVICE_CONFIG_TIMEOUT_SET set = { key, seconds };

	return HttpSetServiceConfiguration(NULL, TIMEOUT, &set, sizeof(set), NULL);
}

static ULONG timeout_delete(HTTP_SERVICE_CONFIG_TIMEOUT_KEY key)
{
	HTTP_SERVICE_CONFIG_TIMEOUT_SET set = { key, 0 };

	return HttpDeleteServiceConfiguration(NULL, TIMEOUT, &set, sizeof(set),
					      NULL);
}

/* The timeout @key in *@seconds (~0 when the call fails). */
static ULONG timeout_query(HTTP_SERVICE_CONFIG_TIMEOUT_KEY key, long *seconds)
{
	HTTP_SERVICE_CONFIG_TIMEOUT_PARAM param = 0;
	ULONG got = 0, err;

	err = HttpQueryServiceConfiguration(NULL, TIMEOUT, &key, sizeof(key),
					    &param, sizeof(param), &got, NULL);
	*seconds = err || got != sizeof(param) ? -1 : param;
	return err;
}

/* Both timeouts as the API, the module parameters and httpcfg say them. */
static int timeouts_are(long idle, long header)
{
	long api_idle, api_header;

	timeout_query(IdleConnectionTimeout, &api_idle);
	timeout_query(HeaderWaitTimeout, &api_header);
	return api_idle == idle && api_header == header &&
	       get_param("idle_connection") == idle &&
	       get_param("header_wait") == header &&
	       httpcfg("show timeout") == 0 &&
	       has_line(out, "    Idle connection timeout (secs): %ld", idle) &&
	       has_line(out, "    Header wait timeout (secs): %ld", header);
}

/* HTTPSYS_IOC_SERVICE_STATE into @buf (@len bytes); 0 or the errno. */
static int state_ioctl(void *buf, __u32 *len, __u32 reserved)
{
	struct httpsys_state_query q = {
		.buffer = (uintptr_t)buf, .length = *len, .reserved = reserved,
	};
	int fd = open(HTTPSYS_DEVICE_PATH, O_RDWR | O_CLOEXEC), err = 0;

	if (fd < 0)
		return errno;
	if (ioctl(fd, HTTPSYS_IOC_SERVICE_STATE, &q))
		err = errno;
	close(fd);
	*len = q.length;
	return err;
}

/*
 * A snapshot into snap and ents; 0, the errno, or EBADMSG when the
 * entries do not tile the bytes written, or SERVICE is not the first.
 */
static int snapshot(void)
{
	const struct httpsys_state_entry *e;
	__u32 at;
	int err;

	snap_len = sizeof(snap);
	nents = 0;
	err = state_ioctl(snap, &snap_len, 0);
	if (err)
		return err;
	for (at = 0; at < snap_len; at += e->size) {
		e = (const void *)(snap + at);
		if (snap_len - at < sizeof(*e) || e->size < sizeof(*e) ||
		    e->size % 8 || e->size > snap_len - at ||
		    e->text_len > e->size - sizeof(*e) || nents == MAX_ENTRIES)
			return EBADMSG;
		ents[nents++] = e;
	}
	return nents && ents[0]->type == HTTPSYS_STATE_SERVICE ? 0 : EBADMSG;
}

/* An entry's text is @s. */
static int text_is(const struct httpsys_state_entry *e, const char *s)
{
	return e->text_len == strlen(s) && !memcmp(e + 1, s, e->text_len);
}

static const struct httpsys_state_entry *find(__u32 type, __u64 id)
{
	int i;

	for (i = 0; i < nents; i++) {
		if (ents[i]->type == type && ents[i]->id == id)
			return ents[i];
	}
	return NULL;
}

static const struct httpsys_state_entry *find_queue(const char *name)
{
	int i;

	for (i = 0; i < nents; i++) {
		if (ents[i]->type == HTTPSYS_STATE_QUEUE && text_is(ents[i], name))
			return ents[i];
	}
	return NULL;
}

/* Entries of @type under @parent. */
static int count(__u32 type, __u64 parent)
{
	int i, n = 0;

	for (i = 0; i < nents; i++)
		n += ents[i]->type == type && ents[i]->parent == parent;
	return n;
}

static int count_type(__u32 type)
{
	int i, n = 0;

	for (i = 0; i < nents; i++)
		n += ents[i]->type == type;
	return n;
}

/* A child of @parent of @type with @pid, or with text @text. */
static const struct httpsys_state_entry *child_of(__u32 type, __u64 parent,
						  pid_t pid, const char *text)
{
	int i;

	for (i = 0; i < nents; i++) {
		const struct httpsys_state_entry *e = ents[i];

		if (e->type == type && e->parent == parent &&
		    (text ? text_is(e, text) : e->pid == (__u32)pid))
			return e;
	}
	return NULL;
}

/* Entries of any kind that name @pid as their process. */
static int entries_of(pid_t pid)
{
	int i, n = 0;

	for (i = 0; i < nents; i++)
		n += ents[i]->type != HTTPSYS_STATE_SERVICE &&
		     ents[i]->pid == (__u32)pid;
	return n;
}

/* The only group bound to @queue, with its session's ID; NULL if not one. */
static const struct httpsys_state_entry *group_of(__u64 queue)
{
	const struct httpsys_state_entry *g = NULL;
	int i;

	for (i = 0; i < nents; i++) {
		if (ents[i]->type == HTTPSYS_STATE_GROUP && ents[i]->queue == queue) {
			if (g)
				return NULL;
			g = ents[i];
		}
	}
	return g;
}

/* Snapshots until @queue's waiting and received counts are as given. */
static int counts_become(const char *queue, __u32 waiting, __u32 received)
{
	const struct httpsys_state_entry *q;
	double end = now() + WAIT_MS / 1000.0;

	do {
		q = snapshot() ? NULL : find_queue(queue);
		if (q && q->count_a == waiting && q->count_b == received)
			return 1;
		usleep(20000);
	} while (now() < end);
	return 0;
}

static ULONG bind_group(HTTP_URL_GROUP_ID g, HANDLE h)
{
	HTTP_BINDING_INFO b;

	memset(&b, 0, sizeof(b));
	b.Flags.Present = 1;
	b.RequestQueueHandle = h;
	return HttpSetUrlGroupProperty(g, HttpServerBindingProperty, &b, sizeof(b));
}

static void widen(const char *s, PWSTR w, size_t count)
{
	if (mbstowcs(w, s, count) == (size_t)-1)
		w[0] = L'\0';
}

/*
 * An application: a session, a group bound to a new queue named @name,
 * and @url (unless NULL) in it with context @context.  *@h the queue.
 */
static ULONG app_objects(const char *name, const char *url,
			 HTTP_URL_CONTEXT context, HTTP_SERVER_SESSION_ID *s,
			 HTTP_URL_GROUP_ID *g, HANDLE *h)
{
	WCHAR wname[64], wurl[64];
	ULONG err;

	widen(name, wname, 64);
	widen(url ?: "", wurl, 64);
	err = HttpCreateServerSession(V2, s, 0);
	if (!err)
		err = HttpCreateUrlGroup(*s, g, 0);
	if (!err)
		err = HttpCreateRequestQueue(V2, wname, NULL, 0, h);
	if (!err)
		err = bind_group(*g, *h);
	if (!err && url)
		err = HttpAddUrlToUrlGroup(*g, wurl, context, 0);
	return err;
}

/* Entries that name a process other than this one. */
static int entries_not_of(pid_t pid)
{
	int i, n = 0;

	for (i = 0; i < nents; i++)
		n += ents[i]->pid && ents[i]->pid != (__u32)pid;
	return n;
}

/*
 * uid 1500's view: a session, a group and a queue of its own, then its
 * snapshot: the errno, its own queue seen (with its uid), other queues,
 * URLs, sessions, and entries of other processes.
 */
static void peek_main(int fd)
{
	HTTP_SERVER_SESSION_ID s = 0;
	HTTP_URL_GROUP_ID g = 0;
	const struct httpsys_state_entry *q;
	HANDLE h = NULL;
	ULONG err;
	int state;

	err = HttpInitialize(V2, HTTP_INITIALIZE_SERVER, NULL);
	if (!err)
		err = app_objects(USER_QUEUE, NULL, 0, &s, &g, &h);
	state = snapshot();
	q = find_queue(USER_QUEUE);
	report(fd, "peek %u %d %d %d %d %d %d\n", (unsigned int)err, state,
	       q && q->uid == TEST_ID, count_type(HTTPSYS_STATE_QUEUE),
	       count_type(HTTPSYS_STATE_URL), count_type(HTTPSYS_STATE_SESSION),
	       entries_not_of(getpid()));
}

/*
 * uid 1500 fills its snapshot past USER_CAP with sessions and groups (128
 * bytes each) on 40 handles of 256 groups, then asks how large it is:
 * the errno and the length said.  The handles stay open.
 */
static void inflate_main(int fd)
{
	struct httpsys_object o;
	int handles, groups, dev, err = 0;
	__u32 len = 0;

	for (handles = 0; !err && handles < 40; handles++) {
		dev = open(HTTPSYS_DEVICE_PATH, O_RDWR);
		memset(&o, 0, sizeof(o));
		err = dev < 0 || ioctl(dev, HTTPSYS_IOC_CREATE_SESSION, &o);
		o.parent = o.id;
		for (groups = 0; !err && groups < HTTPSYS_MAX_GROUPS; groups++)
			err = ioctl(dev, HTTPSYS_IOC_CREATE_GROUP, &o);
	}
	err = err ? errno : state_ioctl(NULL, &len, 0);
	report(fd, "inflate %d %u\n", err, len);
}

/* The named queue @name: created, or (@open) opened; the error. */
static ULONG named_queue(const char *name, int open, HANDLE *h)
{
	WCHAR wname[64];

	widen(name, wname, 64);
	return HttpCreateRequestQueue(V2, wname, NULL, open ?
				      HTTP_CREATE_REQUEST_QUEUE_FLAG_OPEN_EXISTING :
				      0, h);
}

/*
 * A queue name's user ("squat": uid 1500; "other": uid 1600) creates
 * SQUATTED and opens it again, then tries to open root's QUEUE_NAME.
 */
static void squat_main(int fd, const char *mode)
{
	ULONG err = HttpInitialize(V2, HTTP_INITIALIZE_SERVER, NULL), again;
	HANDLE h = NULL, h2 = NULL, theirs = NULL;

	if (!err)
		err = named_queue(SQUATTED, 0, &h);
	again = err ? err : named_queue(SQUATTED, 1, &h2);
	report(fd, "%s %u %u %u\n", mode, (unsigned int)err,
	       (unsigned int)again,
	       (unsigned int)named_queue(QUEUE_NAME, 1, &theirs));
}

/*
 * The children.  "worker" opens the named queue; "app" runs an
 * application of its own; "user" (uid and gid 1500) tries the timeout
 * calls and the snapshot; "peek" and "inflate" (uid 1500 too) take
 * snapshots of their own; "squat" (uid 1500) and "other" (uid 1600) name
 * queues.  Each reports one line and waits to be killed.
 */
static int child_main(int fd, const char *mode)
{
	HTTP_SERVER_SESSION_ID s = 0;
	HTTP_URL_GROUP_ID g = 0;
	HANDLE h = NULL;
	ULONG err, set, del;
	long seconds;
	__u32 len = sizeof(snap);
	uid_t uid = strcmp(mode, "other") ? TEST_ID : OTHER_ID;

	if (strcmp(mode, "worker") && strcmp(mode, "app") &&
	    (setgroups(0, NULL) || setgid(uid) || setuid(uid))) {
		report(fd, "%s -1\n", mode);
		return 1;
	}
	if (strcmp(mode, "user") && strcmp(mode, "worker") &&
	    strcmp(mode, "app")) {
		if (!strcmp(mode, "peek"))
			peek_main(fd);
		else if (!strcmp(mode, "inflate"))
			inflate_main(fd);
		else
			squat_main(fd, mode);
		pause();
		return 0;
	}
	if (!strcmp(mode, "user")) {
		if (HttpInitialize(V2, HTTP_INITIALIZE_CONFIG, NULL)) {
			report(fd, "user -1\n");
			return 1;
		}
		set = timeout_set(HeaderWaitTimeout, 7);
		del = timeout_delete(IdleConnectionTimeout);
		err = timeout_query(HeaderWaitTimeout, &seconds);
		report(fd, "user %u %u %u %ld %d\n", (unsigned int)set,
		       (unsigned int)del, (unsigned int)err, seconds,
		       state_ioctl(snap, &len, 0));
		return 0;
	}
	err = HttpInitialize(V2, HTTP_INITIALIZE_SERVER, NULL);
	if (!err && !strcmp(mode, "worker"))
		err = HttpCreateRequestQueue(V2, L"" QUEUE_NAME, NULL,
					     HTTP_CREATE_REQUEST_QUEUE_FLAG_OPEN_EXISTING,
					     &h);
	else if (!err)
		err = app_objects(APP_QUEUE, APP_URL, 0x77, &s, &g, &h);
	report(fd, "%s %u %d %llu %llu\n", mode, (unsigned int)err, (int)getpid(),
	       (unsigned long long)s, (unsigned long long)g);
	pause();
	return 0;
}

/* Start a child in @mode and wait for its report, in @line. */
static pid_t start_child(const char *mode, char *line, size_t size)
{
	pid_t pid = spawn(report_fd[1], "servicestate", mode, "-");
	char want[16];

	snprintf(want, sizeof(want), "%s ", mode);
	if (!report_expect(report_fd[0], want, line, size, WAIT_MS))
		line[0] = '\0';
	return pid;
}

static void test_timeout_calls(void)
{
	char line[256];
	unsigned int set, del, query;
	long seconds;
	int state, ok;
	pid_t child;

	CHECK(HttpInitialize(V2, HTTP_INITIALIZE_SERVER | HTTP_INITIALIZE_CONFIG,
			     NULL) == NO_ERROR,
	      "init: HttpInitialize(SERVER | CONFIG)");
	CHECK(timeouts_are(120, 120),
	      "timeouts: both 120 s to begin with (API, module parameters, "
	      "httpcfg show timeout)");

	child = start_child("user", line, sizeof(line));
	reap(child, SIGKILL);
	ok = sscanf(line, "user %u %u %u %ld %d", &set, &del, &query, &seconds,
		    &state) == 5;
	CHECK(ok && set == ERROR_ACCESS_DENIED && del == ERROR_ACCESS_DENIED,
	      "uid 1500: set and delete give ERROR_ACCESS_DENIED (%s)", line);
	CHECK(ok && query == NO_ERROR && seconds == 120,
	      "uid 1500: may query (120 s)");
	CHECK(ok && state == 0, "uid 1500: may take the service-state snapshot");
	CHECK(timeouts_are(120, 120), "uid 1500: changed nothing");
	CHECK(curl_finish(curl_start("setpriv --reuid=%d --regid=%d --clear-groups "
				     "tools/httpcfg set timeout "
				     "timeouttype=headerwaittimeout value=9 2>&1",
				     TEST_ID, TEST_ID), out, sizeof(out)) == 1 &&
	      strstr(out, "set timeout failed: ERROR_ACCESS_DENIED (5)"),
	      "uid 1500: httpcfg set timeout fails with ERROR_ACCESS_DENIED (5)");

	CHECK(timeout_set(HeaderWaitTimeout, 7) == NO_ERROR,
	      "root: set HeaderWaitTimeout to 7");
	CHECK(timeouts_are(120, 7),
	      "root: header wait reads 7 through the API, "
	      "/sys/module/httpsys/parameters/header_wait and httpcfg");
	CHECK(timeout_set(HeaderWaitTimeout, 0) == ERROR_INVALID_PARAMETER &&
	      timeout_set((HTTP_SERVICE_CONFIG_TIMEOUT_KEY)2, 5) ==
	      ERROR_INVALID_PARAMETER && timeouts_are(120, 7),
	      "root: 0 seconds and an unknown key refused, nothing changed");
	CHECK(timeout_delete(HeaderWaitTimeout) == NO_ERROR &&
	      timeouts_are(120, 120), "root: delete restores 120");
	CHECK(timeout_set(IdleConnectionTimeout, 65535) == NO_ERROR &&
	      timeouts_are(65535, 120) &&
	      timeout_delete(IdleConnectionTimeout) == NO_ERROR,
	      "root: idle connection set to 65535, the most, and deleted");
	CHECK(!set_param("header_wait", "86400") &&
	      timeout_query(HeaderWaitTimeout, &seconds) == NO_ERROR &&
	      seconds == 65535,
	      "module parameter: 86400 s reads as 65535 through the API");
	CHECK(!set_param("header_wait", "0") &&
	      timeout_query(HeaderWaitTimeout, &seconds) == NO_ERROR &&
	      seconds == 0, "module parameter: 0 (none) reads as 0");
	CHECK(timeout_delete(HeaderWaitTimeout) == NO_ERROR &&
	      timeouts_are(120, 120), "module parameter: delete restores 120");

	CHECK(httpcfg("add timeout timeouttype=idleconnectiontimeout value=45") ==
	      0 && timeouts_are(45, 120),
	      "httpcfg: add timeout timeouttype=idleconnectiontimeout value=45");
	CHECK(httpcfg("set timeout timeouttype=HeaderWaitTimeout value=9") == 0 &&
	      timeouts_are(45, 9),
	      "httpcfg: set timeout timeouttype=HeaderWaitTimeout value=9");
	CHECK(httpcfg("add timeout timeouttype=headerwaittimeout value=0") == 1 &&
	      strstr(out, "ERROR_INVALID_PARAMETER (87)") && timeouts_are(45, 9),
	      "httpcfg: value=0 fails with ERROR_INVALID_PARAMETER (87)");
	CHECK(httpcfg("add timeout timeouttype=headerwaittimeout value=65536") ==
	      2 && httpcfg("add timeout timeouttype=headerwaittimeout value=x") ==
	      2 && httpcfg("add timeout timeouttype=bodytimeout value=5") == 2 &&
	      httpcfg("add timeout value=5") == 2 &&
	      httpcfg("delete timeout") == 2 &&
	      httpcfg("show timeout url=http://+:80/") == 2 && timeouts_are(45, 9),
	      "httpcfg: usage errors exit with status 2, nothing changed");
	CHECK(httpcfg("delete timeout timeouttype=idleconnectiontimeout") == 0 &&
	      httpcfg("delete timeout timeouttype=headerwaittimeout") == 0 &&
	      timeouts_are(120, 120), "httpcfg: delete timeout restores 120");
}

/* The timeouts set through the API govern connections. */
static void test_timeout_effect(void)
{
	HANDLE h = app_start(TIMED_URL);
	struct pollfd p = { .events = POLLIN };
	double start, t;
	int fd, status;

	if (!h)
		return;
	CHECK(timeout_set(HeaderWaitTimeout, 2) == NO_ERROR &&
	      timeout_set(IdleConnectionTimeout, 2) == NO_ERROR,
	      "effect: header wait and idle connection set to 2 s");
	start = now();
	fd = raw_request(8253, "GET /t/ HTTP/1.1\r\nHo");
	status = client_read_response(fd, out, sizeof(out));
	t = now() - start;
	CHECK(status == 408 && t > 1.5 && t < 10,
	      "effect: an unfinished head gets 408 after about 2 s (%d, %.1f s)",
	      status, t);
	close(fd);

	start = now();
	fd = client_connect("127.0.0.1", 8253);
	status = client_closed(fd);
	t = now() - start;
	CHECK(status && t > 1.5 && t < 10 && !readable(h, 0),
	      "effect: a silent connection is closed after about 2 s (%.1f s)", t);
	close(fd);

	CHECK(timeout_delete(HeaderWaitTimeout) == NO_ERROR &&
	      timeout_delete(IdleConnectionTimeout) == NO_ERROR &&
	      timeouts_are(120, 120), "effect: both deleted, 120 s again");
	fd = raw_request(8253, "GET /t/ HTTP/1.1\r\nHo");
	p.fd = fd;
	CHECK(fd >= 0 && poll(&p, 1, 5000) == 0,
	      "effect: with 120 s again, an unfinished head is not answered in 5 s");
	close(fd);
	app_finish(h);
}

/* The session, group and queues this process and its children hold. */
static HTTP_SERVER_SESSION_ID sess;
static HTTP_URL_GROUP_ID grp;
static HANDLE queue, v1;
static pid_t worker, app;
static HTTP_SERVER_SESSION_ID app_sess;
static HTTP_URL_GROUP_ID app_grp;
static int client_fd = -1;

static void state_setup(void)
{
	HTTP_TIMEOUT_LIMIT_INFO t;
	HTTP_CONNECTION_LIMIT_INFO conn;
	HTTP_QOS_SETTING_INFO qos = { HttpQosSettingTypeConnectionLimit, &conn };
	HTTP_503_RESPONSE_VERBOSITY full = Http503ResponseVerbosityFull;
	ULONG length = 500, err;
	unsigned int child_err;
	unsigned long long s, g;
	char line[256];
	int pid;

	err = app_objects(QUEUE_NAME, URL_A, 0xa1, &sess, &grp, &queue);
	if (!err)
		err = HttpAddUrlToUrlGroup(grp, L"" URL_B, 0xb2, 0);
	CHECK(err == NO_ERROR,
	      "set-up: a session, a group bound to queue " QUEUE_NAME
	      " holding " URL_A " and " URL_B);
	memset(&t, 0, sizeof(t));
	t.Flags.Present = 1;
	t.HeaderWait = 33;
	memset(&conn, 0, sizeof(conn));
	conn.Flags.Present = 1;
	conn.MaxConnections = 50;
	CHECK(HttpSetUrlGroupProperty(grp, HttpServerTimeoutsProperty, &t,
				      sizeof(t)) == NO_ERROR &&
	      HttpSetServerSessionProperty(sess, HttpServerQosProperty, &qos,
					   sizeof(qos)) == NO_ERROR &&
	      HttpSetRequestQueueProperty(queue, HttpServerQueueLengthProperty,
					  &length, sizeof(length), 0, NULL) ==
	      NO_ERROR &&
	      HttpSetRequestQueueProperty(queue, HttpServer503VerbosityProperty,
					  &full, sizeof(full), 0, NULL) ==
	      NO_ERROR,
	      "set-up: group header wait 33, session max connections 50, "
	      "queue length 500, 503 verbosity Full");
	CHECK(HttpCreateHttpHandle(&v1, 0) == NO_ERROR &&
	      HttpAddUrl(v1, L"" V1_URL, NULL) == NO_ERROR,
	      "set-up: a v1 queue holding " V1_URL);

	worker = start_child("worker", line, sizeof(line));
	CHECK(sscanf(line, "worker %u %d", &child_err, &pid) == 2 &&
	      child_err == NO_ERROR && pid == worker,
	      "set-up: a worker process opens " QUEUE_NAME " (%s)", line);
	app = start_child("app", line, sizeof(line));
	CHECK(sscanf(line, "app %u %d %llu %llu", &child_err, &pid, &s, &g) == 4 &&
	      child_err == NO_ERROR && pid == app,
	      "set-up: a second application with queue " APP_QUEUE
	      " and " APP_URL " (%s)", line);
	app_sess = s;
	app_grp = g;

	/* A request nobody receives yet. */
	client_fd = raw_request(8250, "GET /a/x HTTP/1.1\r\nHost: a\r\n\r\n");
	CHECK(client_fd >= 0 && counts_become(QUEUE_NAME, 1, 0),
	      "set-up: a request to " URL_A " waits in " QUEUE_NAME);
}

static void test_raw_state(void)
{
	const struct httpsys_state_entry *q, *e, *v1q, *aq;
	__u32 len;
	int i, ok;

	CHECK(snapshot() == 0, "raw: the snapshot is well formed, SERVICE first");
	CHECK(ents[0]->count_b == 3 && ents[0]->count_a >= 1,
	      "raw: service: 3 listening ports, %u open connection(s)",
	      ents[0]->count_a);

	q = find_queue(QUEUE_NAME);
	CHECK(q && !(q->flags & HTTPSYS_STATE_FLAG_V1) && q->uid == 0 &&
	      q->state == HTTPSYS_STATE_ACTIVE && q->max_length == 500 &&
	      q->verbosity == HTTPSYS_503_FULL,
	      "raw: queue " QUEUE_NAME ": v2, root's, active, length 500, "
	      "verbosity Full");
	CHECK(q && q->count_a == 1 && q->count_b == 0,
	      "raw: queue " QUEUE_NAME ": 1 request waiting, none received");
	CHECK(q && count(HTTPSYS_STATE_PROCESS, q->id) == 2 &&
	      child_of(HTTPSYS_STATE_PROCESS, q->id, getpid(), NULL) &&
	      child_of(HTTPSYS_STATE_PROCESS, q->id, worker, NULL),
	      "raw: queue " QUEUE_NAME ": this process and the worker attached");

	e = find(HTTPSYS_STATE_SESSION, sess);
	CHECK(e && e->pid == (__u32)getpid() && e->state == HTTPSYS_STATE_ACTIVE &&
	      e->connections.present && e->connections.limit == 50 &&
	      !e->bandwidth.present && !e->timeouts.present,
	      "raw: the session: ours, active, max connections 50, the rest "
	      "inherited");
	e = find(HTTPSYS_STATE_GROUP, grp);
	CHECK(e && q && e->parent == sess && e->queue == q->id &&
	      e->pid == (__u32)getpid() && e->timeouts.present &&
	      e->timeouts.header_wait == 33 && !e->timeouts.idle_connection,
	      "raw: the group: in the session, bound to " QUEUE_NAME
	      ", header wait 33");
	CHECK(count(HTTPSYS_STATE_URL, grp) == 2 &&
	      (e = child_of(HTTPSYS_STATE_URL, grp, 0, URL_A)) && e->id == 0xa1 &&
	      (e = child_of(HTTPSYS_STATE_URL, grp, 0, URL_B)) && e->id == 0xb2,
	      "raw: the group's 2 URLs with their contexts");

	v1q = NULL;
	for (i = 0, ok = 0; i < nents; i++) {
		if (ents[i]->type == HTTPSYS_STATE_QUEUE &&
		    (ents[i]->flags & HTTPSYS_STATE_FLAG_V1)) {
			v1q = ents[i];
			ok++;
		}
	}
	CHECK(ok == 1 && !v1q->text_len &&
	      count(HTTPSYS_STATE_PROCESS, v1q->id) == 1 &&
	      child_of(HTTPSYS_STATE_PROCESS, v1q->id, getpid(), NULL),
	      "raw: one v1 queue, unnamed, this process attached");
	e = v1q ? group_of(v1q->id) : NULL;
	CHECK(e && e->parent == 0 && count(HTTPSYS_STATE_URL, e->id) == 1 &&
	      child_of(HTTPSYS_STATE_URL, e->id, 0, V1_URL),
	      "raw: the v1 queue's own group (no session) holds " V1_URL);

	aq = find_queue(APP_QUEUE);
	e = find(HTTPSYS_STATE_SESSION, app_sess);
	CHECK(aq && e && e->pid == (__u32)app &&
	      count(HTTPSYS_STATE_PROCESS, aq->id) == 1 &&
	      child_of(HTTPSYS_STATE_PROCESS, aq->id, app, NULL),
	      "raw: the second application's session and queue " APP_QUEUE);
	e = find(HTTPSYS_STATE_GROUP, app_grp);
	CHECK(e && aq && e->parent == app_sess && e->queue == aq->id &&
	      e->pid == (__u32)app && count(HTTPSYS_STATE_URL, app_grp) == 1 &&
	      (e = child_of(HTTPSYS_STATE_URL, app_grp, 0, APP_URL)) &&
	      e->id == 0x77,
	      "raw: its group, bound to " APP_QUEUE ", holding " APP_URL);
	CHECK(count_type(HTTPSYS_STATE_SESSION) == 2 &&
	      count_type(HTTPSYS_STATE_QUEUE) == 3 &&
	      count_type(HTTPSYS_STATE_GROUP) == 3 &&
	      count_type(HTTPSYS_STATE_URL) == 4 &&
	      count_type(HTTPSYS_STATE_PROCESS) == 4,
	      "raw: 2 sessions, 3 queues, 3 groups, 4 URLs, 4 attached handles "
	      "in all");

	len = 0;
	ok = state_ioctl(NULL, &len, 0) == EOVERFLOW && len == snap_len;
	len = snap_len - 8;
	ok &= state_ioctl(snap, &len, 0) == EOVERFLOW && len == snap_len;
	CHECK(ok, "raw: a buffer too small gives EOVERFLOW and the size (%u)",
	      snap_len);
	len = snap_len;
	CHECK(state_ioctl(snap, &len, 0) == 0 && len == snap_len,
	      "raw: exactly that size is enough");
	len = sizeof(snap);
	CHECK(state_ioctl(snap, &len, 1) == EINVAL &&
	      state_ioctl((void *)8, &len, 0) == EFAULT,
	      "raw: reserved set gives EINVAL, a bad buffer EFAULT");
}

static void test_httpcfg_state(void)
{
	char section[8192];
	int status;

	status = httpcfg("show servicestate");
	CHECK(status == 0 &&
	      strstr(out, "Snapshot of HTTP service state (Server Session View):\n") &&
	      strstr(out, "\nRequest queues:\n") && strstr(out, "\nHTTP service:\n"),
	      "httpcfg: show servicestate prints both views and the service");
	CHECK(has_line(out, "Server session ID: %016llX", (unsigned long long)sess) &&
	      has_line(out, "Server session ID: %016llX",
		       (unsigned long long)app_sess) &&
	      has_line(out, "    URL group ID: %016llX", (unsigned long long)grp) &&
	      has_line(out, "    URL group ID: %016llX",
		       (unsigned long long)app_grp),
	      "httpcfg: both sessions and both groups, IDs in 16 hex digits");
	CHECK(has_line(out, "        Request queue name: " QUEUE_NAME) &&
	      has_line(out, "                Header wait timeout (secs): 33") &&
	      has_line(out, "        Max connections: 50") &&
	      has_line(out, "            Number of registered URLs: 2") &&
	      has_line(out, "                " URL_A) &&
	      has_line(out, "                " URL_B),
	      "httpcfg: the group's queue, header wait 33, the session's max "
	      "connections, the 2 URLs");
	CHECK(has_line(out, "    Listening ports: 3"),
	      "httpcfg: 3 listening ports");

	queue_section(QUEUE_NAME, section, sizeof(section));
	CHECK(has_line(section, "        Version: 2.0") &&
	      has_line(section, "        State: Active") &&
	      has_line(section, "        Request queue 503 verbosity level: Full") &&
	      has_line(section, "        Max requests: 500") &&
	      has_line(section, "        Owner: root") &&
	      has_line(section, "        Number of active processes attached: 2") &&
	      has_line(section, "            %d", (int)getpid()) &&
	      has_line(section, "            %d", (int)worker),
	      "httpcfg: queue " QUEUE_NAME ": 2.0, Active, Full, 500, root's, "
	      "2 processes with both IDs");
	CHECK(has_line(section, "        Requests waiting to be received: 1") &&
	      has_line(section, "        Requests received, not yet answered: 0") &&
	      has_line(section, "        Active connections: 1") &&
	      has_line(section, "        URL group ID: %016llX",
		       (unsigned long long)grp),
	      "httpcfg: queue " QUEUE_NAME ": 1 request waiting on 1 active "
	      "connection, its group");
	queue_section("Request queue is unnamed.", section, sizeof(section));
	CHECK(has_line(section, "        Version: 1.0") &&
	      has_line(section, "                    " V1_URL),
	      "httpcfg: the v1 queue: unnamed, 1.0, its URL");

	CHECK(httpcfg("show servicestate view=session") == 0 &&
	      strstr(out, "Server session ID:") && !strstr(out, "Request queues:") &&
	      httpcfg("show servicestate view=RequestQ") == 0 &&
	      !strstr(out, "Server session ID:") &&
	      strstr(out, "(Request Queue View)") &&
	      has_line(out, "    Request queue name: " QUEUE_NAME) &&
	      httpcfg("show servicestate view=urls") == 2,
	      "httpcfg: view=session and view=requestq show one view each");
}

/*
 * Without CAP_NET_ADMIN the snapshot holds the caller's own objects only:
 * no other user's queue names, URLs, contexts or processes.
 */
static void test_own_view(void)
{
	const struct httpsys_state_entry *q;
	unsigned int err;
	int state, own, queues, urls, sessions, others, ok;
	char line[256];
	pid_t peek = start_child("peek", line, sizeof(line));

	ok = sscanf(line, "peek %u %d %d %d %d %d %d", &err, &state, &own,
		    &queues, &urls, &sessions, &others) == 7 && err == NO_ERROR &&
	     state == 0;
	CHECK(ok && own && sessions == 1,
	      "own view: uid 1500 sees its queue " USER_QUEUE " and its session "
	      "(%s)", line);
	CHECK(ok && queues == 1 && urls == 0 && others == 0,
	      "own view: and no queue, URL, context or process of root's "
	      "(%d queues, %d URLs, %d entries of other processes)", queues,
	      urls, others);
	CHECK(curl_finish(curl_start("setpriv --reuid=%d --regid=%d --clear-groups "
				     "tools/httpcfg show servicestate 2>&1",
				     TEST_ID, TEST_ID), out, sizeof(out)) == 0 &&
	      has_line(out, "    Request queue name: " USER_QUEUE) &&
	      !strstr(out, QUEUE_NAME) && !strstr(out, APP_QUEUE) &&
	      !strstr(out, URL_A) && !strstr(out, V1_URL) &&
	      !has_line(out, "            %d", (int)getpid()),
	      "own view: httpcfg show servicestate as uid 1500 shows "
	      USER_QUEUE " and none of root's queues, URLs or processes");
	CHECK(snapshot() == 0 && (q = find_queue(USER_QUEUE)) &&
	      q->uid == TEST_ID && child_of(HTTPSYS_STATE_PROCESS, q->id, peek,
					    NULL) &&
	      find_queue(QUEUE_NAME) && find_queue(APP_QUEUE),
	      "own view: root still sees everything, uid 1500's queue too");
	reap(peek, SIGKILL);
}

/*
 * Queue names are per owner: uid 1500 naming a queue first takes the name
 * from no one else, and cannot open root's queue of a name.
 */
static void test_queue_names(void)
{
	const struct httpsys_state_entry *q;
	unsigned int err, again, theirs;
	HANDLE mine = NULL, worker_h = NULL;
	char line[256];
	pid_t squat = start_child("squat", line, sizeof(line)), other;
	int i, ok, roots, users;

	ok = sscanf(line, "squat %u %u %u", &err, &again, &theirs) == 3;
	CHECK(ok && err == NO_ERROR && again == NO_ERROR,
	      "names: uid 1500 creates " SQUATTED " and opens it again (%s)",
	      line);
	CHECK(ok && theirs != NO_ERROR,
	      "names: uid 1500 cannot open root's " QUEUE_NAME " (%u)", theirs);
	err = named_queue(SQUATTED, 0, &mine);
	CHECK(err == NO_ERROR, "names: root creates its own " SQUATTED
	      " all the same (%u)", (unsigned int)err);
	err = named_queue(SQUATTED, 1, &worker_h);
	CHECK(err == NO_ERROR, "names: root's worker opens root's " SQUATTED
	      " (%u)", (unsigned int)err);
	other = start_child("other", line, sizeof(line));
	CHECK(sscanf(line, "other %u", &err) == 1 && err == NO_ERROR,
	      "names: uid 1600 creates its own " SQUATTED " too (%s)", line);
	roots = users = 0;
	if (snapshot())
		nents = 0;
	for (i = 0; i < nents; i++) {
		q = ents[i];
		if (q->type != HTTPSYS_STATE_QUEUE || !text_is(q, SQUATTED))
			continue;
		roots += !q->uid && count(HTTPSYS_STATE_PROCESS, q->id) == 2 &&
			 child_of(HTTPSYS_STATE_PROCESS, q->id, getpid(), NULL);
		users += q->uid == TEST_ID &&
			 count(HTTPSYS_STATE_PROCESS, q->id) == 2 &&
			 child_of(HTTPSYS_STATE_PROCESS, q->id, squat, NULL);
	}
	CHECK(roots == 1 && users == 1,
	      "names: root's " SQUATTED " holds root's two handles, uid 1500's "
	      "its two");
	reap(other, SIGKILL);
	reap(squat, SIGKILL);
	CHECK(HttpCloseRequestQueue(worker_h) == NO_ERROR &&
	      HttpCloseRequestQueue(mine) == NO_ERROR, "names: root's closed");
}

/* An unprivileged caller's snapshot is capped at 1 MiB; root's is not. */
static void test_user_cap(void)
{
	char line[256];
	unsigned int said;
	__u32 len = 0;
	int err, ok;
	pid_t inflate = start_child("inflate", line, sizeof(line));

	ok = sscanf(line, "inflate %d %u", &err, &said) == 2;
	CHECK(ok && err == E2BIG,
	      "cap: uid 1500 with 10,280 sessions and groups of its own (over "
	      "1 MiB) gets E2BIG (%s)", line);
	err = state_ioctl(NULL, &len, 0);
	CHECK(err == EOVERFLOW && len > USER_CAP,
	      "cap: root is told the size, %u bytes", len);
	reap(inflate, SIGKILL);
}

/* The counts follow the request; departed processes leave no trace. */
static void test_changes(void)
{
	const struct httpsys_state_entry *q;

	CHECK(receive(queue, 0) && counts_become(QUEUE_NAME, 0, 1),
	      "received: 0 waiting, 1 received and not answered");
	CHECK(httpcfg("show servicestate view=requestq") == 0 &&
	      strstr(out, "        Requests received, not yet answered: 1\n") &&
	      strstr(out, "        Active connections: 1\n"),
	      "received: httpcfg says so, still 1 active connection");
	CHECK(respond(queue, req->RequestId, 200, "OK", "seen", 0) == NO_ERROR &&
	      client_read_response(client_fd, out, sizeof(out)) == 200 &&
	      counts_become(QUEUE_NAME, 0, 0), "answered: 0 and 0");
	close(client_fd);

	reap(worker, SIGKILL);
	CHECK(snapshot() == 0 && (q = find_queue(QUEUE_NAME)) &&
	      count(HTTPSYS_STATE_PROCESS, q->id) == 1 && !entries_of(worker),
	      "worker killed: one process left on " QUEUE_NAME ", none of its");
	CHECK(httpcfg("show servicestate") == 0 &&
	      has_line(out, "        Number of active processes attached: 1") &&
	      !has_line(out, "            %d", (int)worker),
	      "worker killed: httpcfg shows 1 process, not the worker");

	reap(app, SIGKILL);
	CHECK(snapshot() == 0 && !find_queue(APP_QUEUE) &&
	      !find(HTTPSYS_STATE_SESSION, app_sess) &&
	      !find(HTTPSYS_STATE_GROUP, app_grp) && !entries_of(app) &&
	      count_type(HTTPSYS_STATE_URL) == 3 && ents[0]->count_b == 2,
	      "application killed: its session, group, queue and URL are gone, "
	      "its port closed");
	CHECK(httpcfg("show servicestate") == 0 && !strstr(out, APP_QUEUE) &&
	      !strstr(out, APP_URL) &&
	      !has_line(out, "Server session ID: %016llX",
			(unsigned long long)app_sess),
	      "application killed: httpcfg no longer shows it");

	CHECK(HttpCloseUrlGroup(grp) == NO_ERROR &&
	      HttpCloseServerSession(sess) == NO_ERROR &&
	      HttpCloseRequestQueue(queue) == NO_ERROR && CloseHandle(v1),
	      "cleanup: group, session and both queues closed");
	CHECK(snapshot() == 0 && nents == 3 && ents[0]->count_b == 0 &&
	      ents[1]->type == HTTPSYS_STATE_CACHE &&
	      ents[2]->type == HTTPSYS_STATE_COUNTERS &&
	      ents[2]->text_len == sizeof(struct httpsys_state_counters),
	      "cleanup: the snapshot holds the service, the cache and the "
	      "counters alone, no port open");
	CHECK(HttpTerminate(HTTP_INITIALIZE_SERVER | HTTP_INITIALIZE_CONFIG,
			    NULL) == NO_ERROR, "cleanup: HttpTerminate");
}

int main(int argc, char **argv)
{
	if (argc == 4)
		return child_main(atoi(argv[2]), argv[1]);
	alarm(600);	/* the harness bounds the run too */
	if (pipe(report_fd))
		return 1;
	test_timeout_calls();
	test_timeout_effect();
	state_setup();
	test_raw_state();
	test_httpcfg_state();
	test_own_view();
	test_queue_names();
	test_user_cap();
	test_changes();
	return tap_exit_status();
}
