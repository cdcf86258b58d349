// SPDX-License-Identifier: GPL-2.0
/*
 * Integration tests of the HTTP Server API 2.0 object model (server
 * sessions, URL groups, request queues and their properties), run inside
 * the test VM with the module loaded.  Worker and application processes
 * are this program re-executed ("v2 worker FD", "v2 app FD SERVE"); they
 * report to the parent over a pipe and the parent makes every assertion.
 * Ports 8180-8199.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <http.h>

#include "tap.h"
#include "app.h"
#include "client.h"

#define V2		HTTPAPI_VERSION_2
#define QUEUE_NAME	L"httpsys-test-q"
#define APP_URL		L"http://+:8189/app/"
#define WORKERS		3
#define WORKER_REQUESTS	12
/* A query that succeeded but returned the wrong size or type. */
#define QUERY_MISMATCH	0xfffffffeU

static HTTP_SERVER_SESSION_ID sess;
static HTTP_URL_GROUP_ID grp;
static HANDLE q;		/* unnamed v2 queue bound to grp */
static int report_fd[2];	/* children write lines, the parent reads */

static ULONG bind_group(HTTP_URL_GROUP_ID g, HANDLE h)
{
	HTTP_BINDING_INFO b;

	memset(&b, 0, sizeof(b));
	b.Flags.Present = h != NULL;
	b.RequestQueueHandle = h;
	return HttpSetUrlGroupProperty(g, HttpServerBindingProperty, &b, sizeof(b));
}

/* Limited: a 503 the client can see, not Windows' default reset. */
static ULONG set_verbosity(HANDLE h, HTTP_503_RESPONSE_VERBOSITY v)
{
	return HttpSetRequestQueueProperty(h, HttpServer503VerbosityProperty, &v,
					   sizeof(v), 0, NULL);
}

static HTTP_STATE_INFO state_info(HTTP_ENABLED_STATE state)
{
	HTTP_STATE_INFO s;

	memset(&s, 0, sizeof(s));
	s.Flags.Present = 1;
	s.State = state;
	return s;
}

/* A new group of @s bound to @h; 0 (reported) on failure. */
static HTTP_URL_GROUP_ID new_group(HTTP_SERVER_SESSION_ID s, HANDLE h)
{
	HTTP_URL_GROUP_ID g = 0;

	if (HttpCreateUrlGroup(s, &g, 0) || (h && bind_group(g, h))) {
		CHECK(0, "set-up: a URL group bound to a queue");
		return 0;
	}
	return g;
}

/* A new unnamed v2 queue answering 503 visibly; NULL (reported) on failure. */
static HANDLE new_queue(void)
{
	HANDLE h = NULL;

	if (HttpCreateRequestQueue(V2, NULL, NULL, 0, &h) ||
	    set_verbosity(h, Http503ResponseVerbosityLimited)) {
		CHECK(0, "set-up: a request queue");
		return NULL;
	}
	return h;
}

/*
 * A worker: open the named queue, try to configure it (a worker may not),
 * then answer each request with its pid after 200 ms, so that concurrent
 * requests spread over the workers.  "/hang" is received and never
 * answered.  Ends after three WAIT_MS periods without a request.
 */
static int worker_main(int fd)
{
	HANDLE h = NULL;
	ULONG err, set = 0, length = 100;
	HTTP_REQUEST_ID id;
	char body[128];
	int idle;

	err = HttpInitialize(V2, HTTP_INITIALIZE_SERVER, NULL);
	if (!err)
		err = HttpCreateRequestQueue(V2, QUEUE_NAME, NULL,
					     HTTP_CREATE_REQUEST_QUEUE_FLAG_OPEN_EXISTING,
					     &h);
	if (!err)
		set = HttpSetRequestQueueProperty(h, HttpServerQueueLengthProperty,
						  &length, sizeof(length), 0, NULL);
	report(fd, "open %u %u %d\n", (unsigned int)err, (unsigned int)set,
	       (int)getpid());
	if (err)
		return 1;
	for (idle = 0; idle < 3;) {
		if (!receive(h, 0)) {
			idle++;
			continue;
		}
		idle = 0;
		id = req->RequestId;
		if (strstr(req->pRawUrl, "/hang")) {
			report(fd, "hang %d %llu\n", (int)getpid(),
			       (unsigned long long)id);
			pause();
		}
		usleep(200000);
		snprintf(body, sizeof(body), "worker %d request %llu",
			 (int)getpid(), (unsigned long long)id);
		if (respond(h, id, 200, "OK", body, 0) == NO_ERROR)
			report(fd, "served %d %llu\n", (int)getpid(),
			       (unsigned long long)id);
	}
	HttpCloseRequestQueue(h);
	HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
	return 0;
}

/*
 * An application with its own session, group and queue holding APP_URL;
 * it answers requests with its pid if @serve, else never receives.
 */
static int app_main(int fd, int serve)
{
	HTTP_SERVER_SESSION_ID s = 0;
	HTTP_URL_GROUP_ID g = 0;
	HANDLE h = NULL;
	char body[64];
	ULONG err;

	err = HttpInitialize(V2, HTTP_INITIALIZE_SERVER, NULL);
	if (!err)
		err = HttpCreateServerSession(V2, &s, 0);
	if (!err)
		err = HttpCreateUrlGroup(s, &g, 0);
	if (!err)
		err = HttpCreateRequestQueue(V2, NULL, NULL, 0, &h);
	if (!err)
		err = set_verbosity(h, Http503ResponseVerbosityLimited);
	if (!err)
		err = bind_group(g, h);
	if (!err)
		err = HttpAddUrlToUrlGroup(g, APP_URL, 0x89a, 0);
	report(fd, "app %u %d\n", (unsigned int)err, (int)getpid());
	if (err)
		return 1;
	if (!serve)
		pause();
	snprintf(body, sizeof(body), "app %d", (int)getpid());
	while (receive(h, 0))
		respond(h, req->RequestId, 200, "OK", body, 0);
	return 0;
}

static void test_init(void)
{
	HTTPAPI_VERSION v1 = HTTPAPI_VERSION_1, v3 = { 3, 0 };
	HTTP_SERVER_SESSION_ID s = 0;
	HTTP_URL_GROUP_ID g = 42;
	HANDLE h;

	CHECK(HttpInitialize(V2, HTTP_INITIALIZE_SERVER, NULL) == NO_ERROR,
	      "init: HttpInitialize 2.0");
	CHECK(HttpCreateServerSession(V2, &sess, 0) == NO_ERROR && sess,
	      "session: HttpCreateServerSession 2.0");
	CHECK(HttpCreateServerSession(v1, &s, 0) == NO_ERROR && s && s != sess &&
	      HttpCloseServerSession(s) == NO_ERROR,
	      "session: version 1.0 accepted too, and closed");
	CHECK(HttpCreateServerSession(v3, &s, 0) == ERROR_REVISION_MISMATCH,
	      "session: version 3.0 gives ERROR_REVISION_MISMATCH");
	CHECK(HttpCreateServerSession(V2, &s, 1) == ERROR_INVALID_PARAMETER,
	      "session: non-zero reserved gives ERROR_INVALID_PARAMETER");
	CHECK(HttpCreateUrlGroup(sess, &grp, 0) == NO_ERROR && grp,
	      "group: HttpCreateUrlGroup under the session");
	CHECK(HttpCreateUrlGroup(0x7fffdead0000beefULL, &g, 0) ==
	      ERROR_INVALID_PARAMETER && g == 42,
	      "group: unknown session gives ERROR_INVALID_PARAMETER, output untouched");
	CHECK(HttpCreateRequestQueue(v3, NULL, NULL, 0, &h) == ERROR_REVISION_MISMATCH,
	      "queue: version 3.0 gives ERROR_REVISION_MISMATCH");
	CHECK(HttpCreateRequestQueue(V2, NULL, NULL, 0, &q) == NO_ERROR && q,
	      "queue: HttpCreateRequestQueue 2.0, unnamed");
	CHECK(set_verbosity(q, Http503ResponseVerbosityLimited) == NO_ERROR,
	      "queue: 503 verbosity Limited");
	CHECK(bind_group(grp, q) == NO_ERROR, "group: bound to the queue");
}

static void test_contexts(void)
{
	static const struct {
		PCWSTR url;
		HTTP_URL_CONTEXT context;
		const char *path;
	} urls[] = {
		{ L"http://+:8180/a/", 0xa1, "/a/x" },
		{ L"http://+:8180/b/c/", 0xfedcba9876543210ULL, "/b/c/d" },
		{ L"http://localhost:8180/e/", 0xe5, "/e/" },
	};
	PHTTP_REQUEST r;
	char body[64];
	FILE *curl;
	size_t i;
	int ok = 1;

	for (i = 0; i < 3; i++)
		ok &= HttpAddUrlToUrlGroup(grp, urls[i].url, urls[i].context, 0) ==
		      NO_ERROR;
	CHECK(ok, "contexts: three URLs in one group, each with its context");
	CHECK(HttpAddUrlToUrlGroup(grp, L"http://+:8180/a/", 1, 0) ==
	      ERROR_ALREADY_EXISTS, "contexts: the same URL twice refused");
	CHECK(HttpAddUrlToUrlGroup(grp, L"http://+:8180", 1, 0) ==
	      ERROR_INVALID_PARAMETER, "contexts: a prefix without a path refused");
	for (i = 0; i < 3; i++) {
		curl = curl_start("curl -s --max-time 60 http://localhost:8180%s",
				  urls[i].path);
		r = receive(q, 0);
		CHECK(r && r->UrlContext == urls[i].context &&
		      !strcmp(r->pRawUrl, urls[i].path),
		      "contexts: curl's %s arrives with UrlContext %#llx",
		      urls[i].path, (unsigned long long)urls[i].context);
		snprintf(body, sizeof(body), "context %zu", i);
		if (r)
			respond(q, r->RequestId, 200, "OK", body, 0);
		CHECK(curl_finish(curl, out, sizeof(out)) == 0 && !strcmp(out, body),
		      "contexts: curl gets the answer to %s", urls[i].path);
	}
}

static void test_binding(void)
{
	HTTP_URL_GROUP_ID g = new_group(sess, NULL);
	HTTP_URL_CONTEXT ctx;

	CHECK(HttpAddUrlToUrlGroup(g, L"http://+:8181/late/", 0x81, 0) == NO_ERROR,
	      "binding: a URL added to a group bound to no queue");
	CHECK(exchange(q, 8181, "h", "/late/x", &ctx) == 503,
	      "binding: 503 while the group is unbound");
	CHECK(bind_group(g, q) == NO_ERROR, "binding: HttpServerBindingProperty");
	CHECK(exchange(q, 8181, "h", "/late/x", &ctx) == 200 && ctx == 0x81,
	      "binding: delivered once bound, with its context");
	CHECK(bind_group(g, NULL) == NO_ERROR, "binding: unbound with Present=0");
	CHECK(exchange(q, 8181, "h", "/late/x", &ctx) == 503,
	      "binding: 503 again after unbinding");
	CHECK(HttpCloseUrlGroup(g) == NO_ERROR, "binding: group closed");
}

static void test_state(void)
{
	HTTP_STATE_INFO inactive = state_info(HttpEnabledStateInactive);
	HTTP_STATE_INFO active = state_info(HttpEnabledStateActive);
	HTTP_STATE_INFO got;
	HTTP_ENABLED_STATE qs = HttpEnabledStateInactive, qgot = 7;
	HTTP_URL_CONTEXT ctx;
	ULONG len;

	CHECK(HttpSetUrlGroupProperty(grp, HttpServerStateProperty, &inactive,
				      sizeof(inactive)) == NO_ERROR,
	      "state: group set Inactive");
	memset(&got, 0, sizeof(got));
	len = 0;
	CHECK(HttpQueryUrlGroupProperty(grp, HttpServerStateProperty, &got,
					sizeof(got), &len) == NO_ERROR &&
	      got.State == HttpEnabledStateInactive && len == sizeof(got),
	      "state: group query reads Inactive");
	CHECK(exchange(q, 8180, "h", "/a/x", &ctx) == 503,
	      "state: 503 for an inactive group");
	CHECK(HttpSetUrlGroupProperty(grp, HttpServerStateProperty, &active,
				      sizeof(active)) == NO_ERROR &&
	      exchange(q, 8180, "h", "/a/x", &ctx) == 200 && ctx == 0xa1,
	      "state: served again once the group is Active");
	CHECK(HttpSetUrlGroupProperty(grp, HttpServerStateProperty, &active,
				      sizeof(HTTP_ENABLED_STATE)) ==
	      ERROR_INVALID_PARAMETER,
	      "state: a group's state with a short length refused");

	CHECK(HttpSetServerSessionProperty(sess, HttpServerStateProperty, &inactive,
					   sizeof(inactive)) == NO_ERROR,
	      "state: session set Inactive");
	memset(&got, 0, sizeof(got));
	CHECK(HttpQueryServerSessionProperty(sess, HttpServerStateProperty, &got,
					     sizeof(got), &len) == NO_ERROR &&
	      got.State == HttpEnabledStateInactive,
	      "state: session query reads Inactive");
	CHECK(exchange(q, 8180, "h", "/a/x", &ctx) == 503,
	      "state: 503 for a group of an inactive session");
	CHECK(HttpSetServerSessionProperty(sess, HttpServerStateProperty, &active,
					   sizeof(active)) == NO_ERROR &&
	      exchange(q, 8180, "h", "/a/x", &ctx) == 200,
	      "state: served again once the session is Active");

	CHECK(HttpSetRequestQueueProperty(q, HttpServerStateProperty, &qs,
					  sizeof(qs), 0, NULL) == NO_ERROR,
	      "state: queue set Inactive (a bare HTTP_ENABLED_STATE)");
	CHECK(HttpQueryRequestQueueProperty(q, HttpServerStateProperty, &qgot,
					    sizeof(qgot), 0, &len, NULL) == NO_ERROR &&
	      qgot == HttpEnabledStateInactive && len == sizeof(qgot),
	      "state: queue query reads Inactive");
	CHECK(exchange(q, 8180, "h", "/a/x", &ctx) == 503,
	      "state: 503 for an inactive queue");
	qs = HttpEnabledStateActive;
	CHECK(HttpSetRequestQueueProperty(q, HttpServerStateProperty, &qs,
					  sizeof(qs), 0, NULL) == NO_ERROR &&
	      exchange(q, 8180, "h", "/a/x", &ctx) == 200,
	      "state: served again once the queue is Active");
	qs = 5;
	CHECK(HttpSetRequestQueueProperty(q, HttpServerStateProperty, &qs,
					  sizeof(qs), 0, NULL) == ERROR_INVALID_PARAMETER,
	      "state: an unknown state refused");
}

static int timeouts_equal(const HTTP_TIMEOUT_LIMIT_INFO *a,
			  const HTTP_TIMEOUT_LIMIT_INFO *b)
{
	return a->EntityBody == b->EntityBody &&
	       a->DrainEntityBody == b->DrainEntityBody &&
	       a->RequestQueue == b->RequestQueue &&
	       a->IdleConnection == b->IdleConnection &&
	       a->HeaderWait == b->HeaderWait && a->MinSendRate == b->MinSendRate;
}

/* Query the timeouts of session @s (@g 0) or group @g into @t. */
static ULONG query_timeouts(HTTP_SERVER_SESSION_ID s, HTTP_URL_GROUP_ID g,
			    HTTP_TIMEOUT_LIMIT_INFO *t)
{
	ULONG len = 0, err;

	memset(t, 0, sizeof(*t));
	err = g ? HttpQueryUrlGroupProperty(g, HttpServerTimeoutsProperty, t,
					    sizeof(*t), &len) :
		  HttpQueryServerSessionProperty(s, HttpServerTimeoutsProperty, t,
						 sizeof(*t), &len);
	return err ? err : len == sizeof(*t) ? NO_ERROR : QUERY_MISMATCH;
}

/*
 * Read a QoS limit back.  The buffer holds the HTTP_QOS_SETTING_INFO naming
 * the type with QosSetting pointing just past it, where the limit lands.
 */
static ULONG qos_query(HTTP_SERVER_SESSION_ID s, HTTP_URL_GROUP_ID g,
		       HTTP_QOS_SETTING_TYPE type, ULONG *limit)
{
	struct {
		HTTP_QOS_SETTING_INFO qos;
		HTTP_CONNECTION_LIMIT_INFO value;	/* same layout as bandwidth */
	} buf;
	ULONG len = 0, err;

	memset(&buf, 0, sizeof(buf));
	buf.qos.QosType = type;
	buf.qos.QosSetting = &buf.value;
	err = g ? HttpQueryUrlGroupProperty(g, HttpServerQosProperty, &buf,
					    sizeof(buf), &len) :
		  HttpQueryServerSessionProperty(s, HttpServerQosProperty, &buf,
						 sizeof(buf), &len);
	if (!err && (buf.qos.QosType != type || !buf.qos.QosSetting))
		err = QUERY_MISMATCH;
	*limit = err ? 0 :
		 ((PHTTP_CONNECTION_LIMIT_INFO)buf.qos.QosSetting)->MaxConnections;
	return err;
}

static void set_realm(PWSTR *field, USHORT *len, PCWSTR value)
{
	*field = (PWSTR)value;
	*len = wcslen(value) * sizeof(WCHAR);
}

static void test_properties(void)
{
	union {
		HTTP_SERVER_AUTHENTICATION_INFO info;
		UCHAR bytes[4096];
	} got;
	HTTP_TIMEOUT_LIMIT_INFO t, t2, tq, short_buf;
	HTTP_SERVER_AUTHENTICATION_INFO auth;
	HTTP_SERVER_SESSION_ID s = 0;
	HTTP_URL_GROUP_ID g1 = 0, g2 = 0;
	HTTP_BINDING_INFO binding;
	HANDLE v1 = NULL;
	ULONG limit, len, err, length = 100;

	CHECK(HttpCreateServerSession(V2, &s, 0) == NO_ERROR &&
	      HttpCreateUrlGroup(s, &g1, 0) == NO_ERROR &&
	      HttpCreateUrlGroup(s, &g2, 0) == NO_ERROR,
	      "properties: a session with two groups");

	memset(&t, 0, sizeof(t));
	t.Flags.Present = 1;
	t.EntityBody = 60;
	t.DrainEntityBody = 30;
	t.RequestQueue = 90;
	t.IdleConnection = 45;
	t.HeaderWait = 20;
	t.MinSendRate = 300;
	t2 = t;
	t2.EntityBody = 10;
	t2.DrainEntityBody = 11;
	t2.RequestQueue = 12;
	t2.IdleConnection = 13;
	t2.HeaderWait = 14;
	t2.MinSendRate = 1000;
	CHECK(HttpSetServerSessionProperty(s, HttpServerTimeoutsProperty, &t,
					   sizeof(t)) == NO_ERROR,
	      "timeouts: set on the session");
	CHECK(query_timeouts(s, 0, &tq) == NO_ERROR && tq.Flags.Present &&
	      timeouts_equal(&t, &tq), "timeouts: the session reads back what was set");
	CHECK(query_timeouts(s, g1, &tq) == NO_ERROR && timeouts_equal(&t, &tq),
	      "timeouts: a group that never set them reads its session's");
	CHECK(HttpSetUrlGroupProperty(g2, HttpServerTimeoutsProperty, &t2,
				      sizeof(t2)) == NO_ERROR &&
	      query_timeouts(s, g2, &tq) == NO_ERROR && timeouts_equal(&t2, &tq),
	      "timeouts: a group reads back its own");
	CHECK(query_timeouts(s, 0, &tq) == NO_ERROR && timeouts_equal(&t, &tq) &&
	      query_timeouts(s, g1, &tq) == NO_ERROR && timeouts_equal(&t, &tq),
	      "timeouts: the session and the other group keep theirs");
	CHECK(HttpSetServerSessionProperty(s, HttpServerTimeoutsProperty, &t,
					   sizeof(t) - 1) == ERROR_INVALID_PARAMETER,
	      "timeouts: a short length refused");
	CHECK(HttpSetUrlGroupProperty(g1, HttpServerTimeoutsProperty, NULL,
				      sizeof(t)) == ERROR_INVALID_PARAMETER,
	      "timeouts: NULL information refused");
	len = 0;
	CHECK(HttpQueryServerSessionProperty(s, HttpServerTimeoutsProperty,
					     &short_buf, sizeof(short_buf) - 1,
					     &len) == ERROR_MORE_DATA &&
	      len == sizeof(HTTP_TIMEOUT_LIMIT_INFO),
	      "timeouts: a short query buffer gives ERROR_MORE_DATA and the size");

	CHECK(qos_set(s, 0, HttpQosSettingTypeConnectionLimit, 100) == NO_ERROR &&
	      qos_query(s, 0, HttpQosSettingTypeConnectionLimit, &limit) ==
	      NO_ERROR && limit == 100, "qos: session connection limit 100 reads back");
	CHECK(qos_set(s, 0, HttpQosSettingTypeBandwidth, 65536) == NO_ERROR &&
	      qos_query(s, 0, HttpQosSettingTypeBandwidth, &limit) == NO_ERROR &&
	      limit == 65536, "qos: session bandwidth 65536 reads back");
	CHECK(qos_set(s, g1, HttpQosSettingTypeConnectionLimit, 10) == NO_ERROR &&
	      qos_query(s, g1, HttpQosSettingTypeConnectionLimit, &limit) ==
	      NO_ERROR && limit == 10, "qos: group connection limit 10 reads back");
	CHECK(qos_set(s, g1, HttpQosSettingTypeBandwidth,
		      HTTP_MIN_ALLOWED_BANDWIDTH_THROTTLING_RATE) == NO_ERROR &&
	      qos_query(s, g1, HttpQosSettingTypeBandwidth, &limit) == NO_ERROR &&
	      limit == HTTP_MIN_ALLOWED_BANDWIDTH_THROTTLING_RATE,
	      "qos: group bandwidth at the minimum reads back");
	CHECK(qos_set(s, g2, HttpQosSettingTypeBandwidth, HTTP_LIMIT_INFINITE) ==
	      NO_ERROR && qos_query(s, g2, HttpQosSettingTypeBandwidth, &limit) ==
	      NO_ERROR && limit == HTTP_LIMIT_INFINITE,
	      "qos: HTTP_LIMIT_INFINITE bandwidth accepted");
	CHECK(qos_set(s, 0, HttpQosSettingTypeBandwidth,
		      HTTP_MIN_ALLOWED_BANDWIDTH_THROTTLING_RATE - 1) ==
	      ERROR_INVALID_PARAMETER &&
	      qos_set(s, g1, HttpQosSettingTypeBandwidth, 100) ==
	      ERROR_INVALID_PARAMETER,
	      "qos: bandwidth below HTTP_MIN_ALLOWED_BANDWIDTH_THROTTLING_RATE refused");
	CHECK(qos_query(s, 0, HttpQosSettingTypeBandwidth, &limit) == NO_ERROR &&
	      limit == 65536, "qos: a refused value leaves the old one");

	memset(&auth, 0, sizeof(auth));
	auth.Flags.Present = 1;
	auth.AuthSchemes = HTTP_AUTH_ENABLE_BASIC | HTTP_AUTH_ENABLE_DIGEST |
			   HTTP_AUTH_ENABLE_NEGOTIATE;
	set_realm(&auth.BasicParams.Realm, &auth.BasicParams.RealmLength,
		  L"httpsys basic");
	set_realm(&auth.DigestParams.Realm, &auth.DigestParams.RealmLength,
		  L"httpsys digest");
	set_realm(&auth.DigestParams.DomainName, &auth.DigestParams.DomainNameLength,
		  L"example.org");
	CHECK(HttpSetServerSessionProperty(s, HttpServerAuthenticationProperty,
					   &auth, sizeof(auth)) == NO_ERROR,
	      "authentication: set on the session");
	memset(&got, 0, sizeof(got));
	err = HttpQueryServerSessionProperty(s, HttpServerAuthenticationProperty,
					     &got, sizeof(got), &len);
	CHECK(err == NO_ERROR && got.info.Flags.Present &&
	      got.info.AuthSchemes == auth.AuthSchemes,
	      "authentication: the session reads back its schemes");
	CHECK(err == NO_ERROR &&
	      wide_is(got.info.BasicParams.Realm, got.info.BasicParams.RealmLength,
		      L"httpsys basic") &&
	      wide_is(got.info.DigestParams.Realm,
		      got.info.DigestParams.RealmLength, L"httpsys digest") &&
	      wide_is(got.info.DigestParams.DomainName,
		      got.info.DigestParams.DomainNameLength, L"example.org"),
	      "authentication: the session reads back its realms and domain");
	auth.AuthSchemes = HTTP_AUTH_ENABLE_BASIC;
	set_realm(&auth.BasicParams.Realm, &auth.BasicParams.RealmLength,
		  L"group realm");
	memset(&got, 0, sizeof(got));
	CHECK(HttpSetUrlGroupProperty(g1, HttpServerAuthenticationProperty, &auth,
				      sizeof(auth)) == NO_ERROR &&
	      HttpQueryUrlGroupProperty(g1, HttpServerAuthenticationProperty, &got,
					sizeof(got), &len) == NO_ERROR &&
	      got.info.AuthSchemes == HTTP_AUTH_ENABLE_BASIC &&
	      wide_is(got.info.BasicParams.Realm, got.info.BasicParams.RealmLength,
		      L"group realm"),
	      "authentication: a group reads back its own scheme and realm");
	auth.AuthSchemes = 0x100;
	CHECK(HttpSetServerSessionProperty(s, HttpServerAuthenticationProperty,
					   &auth, sizeof(auth)) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpSetUrlGroupProperty(g1, HttpServerAuthenticationProperty, &auth,
				      sizeof(auth)) == ERROR_INVALID_PARAMETER,
	      "authentication: an unknown scheme refused");

	memset(&binding, 0, sizeof(binding));
	binding.Flags.Present = 1;
	binding.RequestQueueHandle = q;
	CHECK(HttpSetServerSessionProperty(s, HttpServerBindingProperty, &binding,
					   sizeof(binding)) == ERROR_INVALID_PARAMETER,
	      "binding: not a session property");
	CHECK(HttpSetServerSessionProperty(s, HttpServerQueueLengthProperty,
					   &length, sizeof(length)) ==
	      ERROR_INVALID_PARAMETER, "queue length: not a session property");
	CHECK(HttpCreateHttpHandle(&v1, 0) == NO_ERROR &&
	      HttpSetRequestQueueProperty(v1, HttpServerQueueLengthProperty,
					  &length, sizeof(length), 0, NULL) ==
	      ERROR_NOT_SUPPORTED, "queue length: a v1 handle gives ERROR_NOT_SUPPORTED");
	if (v1)
		CloseHandle(v1);
	CHECK(HttpCloseServerSession(s) == NO_ERROR,
	      "properties: the session closes with its groups");
}

static void test_queue_length(void)
{
	enum { LENGTH = HTTP_MIN_SERVER_QUEUE_LENGTH };
	HTTP_URL_GROUP_ID g;
	HANDLE ql = new_queue();
	ULONG length = 0, got = 0, len = 0;
	int fds[LENGTH + 1], i, first, delivered = 0;

	g = new_group(sess, ql);
	CHECK(ql && g && HttpAddUrlToUrlGroup(g, L"http://+:8182/", 0x82, 0) ==
	      NO_ERROR, "queue length: a queue with http://+:8182/");
	CHECK(HttpSetRequestQueueProperty(ql, HttpServerQueueLengthProperty, &length,
					  sizeof(length), 0, NULL) ==
	      ERROR_INVALID_PARAMETER, "queue length: 0 refused");
	length = LENGTH;
	CHECK(HttpSetRequestQueueProperty(ql, HttpServerQueueLengthProperty, &length,
					  sizeof(length), 0, NULL) == NO_ERROR,
	      "queue length: set to %d", LENGTH);
	CHECK(HttpQueryRequestQueueProperty(ql, HttpServerQueueLengthProperty, &got,
					    sizeof(got), 0, &len, NULL) == NO_ERROR &&
	      got == LENGTH && len == sizeof(got), "queue length: reads back %d", LENGTH);
	for (i = 0; i <= LENGTH; i++)
		fds[i] = raw_request(8182, "GET /q HTTP/1.1\r\nHost: a\r\n\r\n");
	CHECK(count_503s(fds, LENGTH + 1, &first) == 1,
	      "queue length: of %d unreceived requests, exactly one gets 503",
	      LENGTH + 1);
	while (delivered < LENGTH + 1 && readable(ql, 500) && receive(ql, 0) &&
	       req->UrlContext == 0x82) {
		respond(ql, req->RequestId, 200, "OK", "q", 0);
		delivered++;
	}
	CHECK(delivered == LENGTH, "queue length: the %d queued delivered", LENGTH);
	for (i = 0; i <= LENGTH; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	CHECK(HttpCloseUrlGroup(g) == NO_ERROR && HttpCloseRequestQueue(ql) == NO_ERROR,
	      "queue length: group and queue closed");
}

/* Where a request for @host @path on port 8183 lands: its context, or ~0. */
static HTTP_URL_CONTEXT routed(const char *host, const char *path)
{
	HTTP_URL_CONTEXT ctx;

	return exchange(q, 8183, host, path, &ctx) == 200 ? ctx : ~0ULL;
}

static void test_routing(void)
{
	HTTP_URL_GROUP_ID weak = new_group(sess, q), host = new_group(sess, q),
			  strong = new_group(sess, q);

	CHECK(HttpAddUrlToUrlGroup(weak, L"http://*:8183/", 0x31, 0) == NO_ERROR &&
	      HttpAddUrlToUrlGroup(weak, L"http://*:8183/deep/path/", 0x32, 0) ==
	      NO_ERROR &&
	      HttpAddUrlToUrlGroup(host, L"http://localhost:8183/", 0x33, 0) ==
	      NO_ERROR &&
	      HttpAddUrlToUrlGroup(host, L"http://localhost:8183/deep/", 0x34, 0) ==
	      NO_ERROR &&
	      HttpAddUrlToUrlGroup(host, L"http://localhost:8183/strong/er/deeper/",
				   0x37, 0) == NO_ERROR &&
	      HttpAddUrlToUrlGroup(strong, L"http://+:8183/strong/", 0x35, 0) ==
	      NO_ERROR &&
	      HttpAddUrlToUrlGroup(strong, L"http://+:8183/strong/er/", 0x36, 0) ==
	      NO_ERROR,
	      "routing: weak, explicit and strong prefixes in three groups on one port");
	CHECK(routed("other", "/x") == 0x31, "routing: weak wildcard takes other hosts");
	CHECK(routed("other", "/deep/path/x") == 0x32,
	      "routing: longest weak prefix wins");
	CHECK(routed("localhost", "/x") == 0x33,
	      "routing: explicit host beats weak wildcard");
	CHECK(routed("localhost:8183", "/deep/path/x") == 0x34,
	      "routing: the explicit class wins over a longer weak prefix");
	CHECK(routed("localhost", "/strong/x") == 0x35,
	      "routing: strong wildcard beats an explicit host");
	CHECK(routed("localhost", "/strong/er/deeper/x") == 0x36,
	      "routing: strong wildcard beats a longer explicit prefix");
	CHECK(routed("other", "/strong/er/x") == 0x36,
	      "routing: longest strong prefix wins");
	CHECK(routed("localhost", "/strongest") == 0x33,
	      "routing: prefixes match at segment boundaries");
	CHECK(HttpCloseUrlGroup(weak) == NO_ERROR && HttpCloseUrlGroup(host) ==
	      NO_ERROR && HttpCloseUrlGroup(strong) == NO_ERROR,
	      "routing: groups closed");
}

static void test_remove(void)
{
	HTTP_URL_GROUP_ID g = new_group(sess, q);
	HTTP_URL_CONTEXT ctx;
	int fd;

	CHECK(HttpAddUrlToUrlGroup(g, L"http://+:8184/one/", 0x841, 0) == NO_ERROR &&
	      HttpAddUrlToUrlGroup(g, L"http://+:8184/two/", 0x842, 0) == NO_ERROR &&
	      HttpAddUrlToUrlGroup(g, L"http://+:8184/three/", 0x843, 0) == NO_ERROR &&
	      exchange(q, 8184, "h", "/one/x", &ctx) == 200 && ctx == 0x841,
	      "remove: a group with three URLs serves");
	CHECK(HttpRemoveUrlFromUrlGroup(g, L"http://+:8184/one/", 0) == NO_ERROR,
	      "remove: HttpRemoveUrlFromUrlGroup of one URL");
	CHECK(exchange(q, 8184, "h", "/one/x", &ctx) == 404,
	      "remove: its requests now get 404");
	CHECK(exchange(q, 8184, "h", "/two/x", &ctx) == 200 && ctx == 0x842,
	      "remove: the group's other URLs still serve");
	CHECK(HttpRemoveUrlFromUrlGroup(g, L"http://+:8184/one/", 0) ==
	      ERROR_FILE_NOT_FOUND,
	      "remove: the same URL again gives ERROR_FILE_NOT_FOUND");
	CHECK(HttpRemoveUrlFromUrlGroup(g, L"http://+:8184/none/", 0) ==
	      ERROR_FILE_NOT_FOUND, "remove: an unknown URL gives ERROR_FILE_NOT_FOUND");
	CHECK(HttpRemoveUrlFromUrlGroup(g, NULL, HTTP_URL_FLAG_REMOVE_ALL) == NO_ERROR,
	      "remove: HTTP_URL_FLAG_REMOVE_ALL with a NULL URL");
	fd = client_connect("127.0.0.1", 8184);
	CHECK(fd < 0, "remove: the port closes with the group's last URL");
	if (fd >= 0)
		close(fd);
	CHECK(HttpAddUrlToUrlGroup(grp, L"http://+:8184/two/", 1, 0) == NO_ERROR &&
	      HttpAddUrlToUrlGroup(grp, L"http://+:8184/three/", 1, 0) == NO_ERROR,
	      "remove: the removed URLs can be added elsewhere");
	HttpRemoveUrlFromUrlGroup(grp, L"http://+:8184/two/", 0);
	HttpRemoveUrlFromUrlGroup(grp, L"http://+:8184/three/", 0);
	CHECK(HttpCloseUrlGroup(g) == NO_ERROR, "remove: group closed");
}

/* A group holds at most HTTPSYS_MAX_GROUP_URLS (1024) URLs: memory is bounded. */
static void test_url_limit(void)
{
	HTTP_URL_GROUP_ID g = new_group(sess, q);
	WCHAR url[64];
	int i, added = 0;

	for (i = 0; i < 1024; i++) {
		swprintf(url, 64, L"http://+:8188/u%d/", i);
		added += HttpAddUrlToUrlGroup(g, url, i, 0) == NO_ERROR;
	}
	CHECK(added == 1024, "url limit: 1024 URLs in one group (%d)", added);
	CHECK(HttpAddUrlToUrlGroup(g, L"http://+:8188/more/", 0, 0) ==
	      ERROR_NOT_ENOUGH_MEMORY, "url limit: the 1025th is refused");
	CHECK(HttpRemoveUrlFromUrlGroup(g, L"http://+:8188/u0/", 0) == NO_ERROR &&
	      HttpAddUrlToUrlGroup(g, L"http://+:8188/more/", 0, 0) == NO_ERROR,
	      "url limit: removing one makes room for another");
	CHECK(HttpCloseUrlGroup(g) == NO_ERROR, "url limit: group closed");
}

static void test_close_group(void)
{
	HTTP_URL_GROUP_ID g = new_group(sess, q);
	HTTP_URL_CONTEXT ctx;

	CHECK(HttpAddUrlToUrlGroup(g, L"http://+:8185/c/", 0x851, 0) == NO_ERROR &&
	      HttpAddUrlToUrlGroup(grp, L"http://+:8185/c/", 1, 0) ==
	      ERROR_ALREADY_EXISTS, "close group: its URL is taken while it lives");
	CHECK(HttpCloseUrlGroup(g) == NO_ERROR, "close group: HttpCloseUrlGroup");
	CHECK(HttpCloseUrlGroup(g) == ERROR_INVALID_PARAMETER,
	      "close group: its ID is invalid afterwards");
	CHECK(HttpAddUrlToUrlGroup(grp, L"http://+:8185/c/", 0x852, 0) == NO_ERROR,
	      "close group: another group adds its URL");
	CHECK(exchange(q, 8185, "h", "/c/", &ctx) == 200 && ctx == 0x852,
	      "close group: requests reach the new owner");
	HttpRemoveUrlFromUrlGroup(grp, L"http://+:8185/c/", 0);
}

static void test_close_session(void)
{
	HTTP_STATE_INFO active = state_info(HttpEnabledStateActive);
	HTTP_SERVER_SESSION_ID s = 0;
	HTTP_URL_GROUP_ID g1 = 0, g2 = 0;
	HTTP_URL_CONTEXT ctx;

	CHECK(HttpCreateServerSession(V2, &s, 0) == NO_ERROR &&
	      (g1 = new_group(s, q)) && (g2 = new_group(s, q)) &&
	      HttpAddUrlToUrlGroup(g1, L"http://+:8186/x1/", 0x861, 0) == NO_ERROR &&
	      HttpAddUrlToUrlGroup(g2, L"http://+:8186/x2/", 0x862, 0) == NO_ERROR &&
	      exchange(q, 8186, "h", "/x2/", &ctx) == 200 && ctx == 0x862,
	      "close session: a session with two groups serves");
	CHECK(HttpCloseServerSession(s) == NO_ERROR,
	      "close session: HttpCloseServerSession");
	CHECK(HttpCloseUrlGroup(g1) == ERROR_INVALID_PARAMETER &&
	      HttpSetUrlGroupProperty(g2, HttpServerStateProperty, &active,
				      sizeof(active)) == ERROR_INVALID_PARAMETER,
	      "close session: its groups' IDs are invalid afterwards");
	CHECK(HttpCloseServerSession(s) == ERROR_INVALID_PARAMETER,
	      "close session: its own ID too");
	CHECK(HttpAddUrlToUrlGroup(grp, L"http://+:8186/x1/", 0x863, 0) == NO_ERROR &&
	      HttpAddUrlToUrlGroup(grp, L"http://+:8186/x2/", 0x864, 0) == NO_ERROR,
	      "close session: its groups' URLs are free again");
	CHECK(exchange(q, 8186, "h", "/x1/", &ctx) == 200 && ctx == 0x863,
	      "close session: requests reach the new owner");
	HttpRemoveUrlFromUrlGroup(grp, L"http://+:8186/x1/", 0);
	HttpRemoveUrlFromUrlGroup(grp, L"http://+:8186/x2/", 0);
}

/* A receive in another thread, so that a wait for it can be bounded. */
struct bg_receive {
	HANDLE h;
	pthread_t thread;
	ULONG result;
	UCHAR buffer[8192] __attribute__((aligned(8)));
};

static void *bg_receive_run(void *arg)
{
	struct bg_receive *b = arg;
	ULONG got = 0;

	b->result = HttpReceiveHttpRequest(b->h, HTTP_NULL_ID, 0,
					   (PHTTP_REQUEST)b->buffer,
					   sizeof(b->buffer), &got, NULL);
	return NULL;
}

static int bg_receive_start(struct bg_receive *b, HANDLE h)
{
	b->h = h;
	b->result = WAIT_TIMEOUT;
	return !pthread_create(&b->thread, NULL, bg_receive_run, b);
}

/* Its result, or WAIT_TIMEOUT if it is still waiting after @ms. */
static ULONG bg_receive_join(struct bg_receive *b, int ms)
{
	struct timespec deadline;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += ms / 1000;
	/* One still waiting is left behind: the exit ends it. */
	return pthread_timedjoin_np(b->thread, NULL, &deadline) ? WAIT_TIMEOUT :
	       b->result;
}

/* How many of the first @n entries of @v are distinct and non-zero. */
static int distinct(const unsigned long long *v, int n)
{
	int i, j, count = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i && v[j] != v[i]; j++)
			;
		count += v[i] && j == i;
	}
	return count;
}

/* A request served by a worker: its pid and request ID; 0 on failure. */
static int worker_answer(const char *text, int *pid, unsigned long long *id)
{
	int code;

	return sscanf(text, "worker %d request %llu %d", pid, id, &code) == 3 &&
	       code == 200;
}

static void test_named_queue(void)
{
	unsigned long long ids[WORKER_REQUESTS], pids[WORKER_REQUESTS], id;
	FILE *curl[WORKER_REQUESTS];
	pid_t workers[WORKERS];
	HTTP_URL_GROUP_ID g;
	HANDLE nq = NULL, h = NULL;
	unsigned int err, set;
	int i, k, pid, hung = 0, fd, status, ok, set_ok, answered, served, extra;
	static struct bg_receive controller;
	struct pollfd p;
	char line[256];
	ULONG result;

	CHECK(HttpCreateRequestQueue(V2, QUEUE_NAME, NULL, 0, &nq) == NO_ERROR,
	      "named: HttpCreateRequestQueue creates %ls", QUEUE_NAME);
	CHECK(HttpCreateRequestQueue(V2, QUEUE_NAME, NULL, 0, &h) ==
	      ERROR_ALREADY_EXISTS,
	      "named: the same name again gives ERROR_ALREADY_EXISTS");
	CHECK(HttpCreateRequestQueue(V2, L"httpsys-test-none", NULL,
				     HTTP_CREATE_REQUEST_QUEUE_FLAG_OPEN_EXISTING,
				     &h) == ERROR_FILE_NOT_FOUND,
	      "named: OPEN_EXISTING of an unknown name gives ERROR_FILE_NOT_FOUND");
	h = NULL;
	CHECK(HttpCreateRequestQueue(V2, QUEUE_NAME, NULL,
				     HTTP_CREATE_REQUEST_QUEUE_FLAG_OPEN_EXISTING |
				     HTTP_CREATE_REQUEST_QUEUE_FLAG_CONTROLLER,
				     &h) == NO_ERROR,
	      "named: OPEN_EXISTING|CONTROLLER opens it");
	result = h && bg_receive_start(&controller, h) ?
		 bg_receive_join(&controller, 10000) : WAIT_TIMEOUT;
	CHECK(result == ERROR_INVALID_HANDLE,
	      "named: a CONTROLLER handle cannot receive (%u)", (unsigned int)result);
	if (result != WAIT_TIMEOUT)
		HttpCloseRequestQueue(h);
	g = new_group(sess, nq);
	CHECK(nq && g && set_verbosity(nq, Http503ResponseVerbosityLimited) ==
	      NO_ERROR && HttpAddUrlToUrlGroup(g, L"http://+:8187/", 0x87, 0) ==
	      NO_ERROR, "named: the creator binds a group with http://+:8187/");

	for (i = 0; i < WORKERS; i++)
		workers[i] = spawn(report_fd[1], "v2", "worker", "");
	ok = set_ok = 1;
	for (i = 0; i < WORKERS; i++) {
		if (!report_expect(report_fd[0], "open ", line, sizeof(line),
				   WAIT_MS) ||
		    sscanf(line, "open %u %u %d", &err, &set, &pid) != 3 || err)
			ok = 0;
		else if (set != ERROR_INVALID_PARAMETER)
			set_ok = 0;
	}
	CHECK(ok, "named: %d worker processes open the queue with OPEN_EXISTING",
	      WORKERS);
	CHECK(ok && set_ok,
	      "named: a worker cannot set its properties (ERROR_INVALID_PARAMETER)");

	for (i = 0; i < WORKER_REQUESTS; i++)
		curl[i] = curl_start("curl -s --max-time 60 -w ' %%{http_code}' "
				     "http://127.0.0.1:8187/w/%d", i);
	ok = 1;
	for (i = 0; i < WORKER_REQUESTS; i++) {
		ids[i] = pids[i] = 0;
		curl_finish(curl[i], out, sizeof(out));
		if (worker_answer(out, &pid, &ids[i]))
			pids[i] = pid;
		else
			ok = 0;
	}
	CHECK(ok, "named: all %d concurrent curl requests get 200 from a worker",
	      WORKER_REQUESTS);
	CHECK(distinct(ids, WORKER_REQUESTS) == WORKER_REQUESTS,
	      "named: %d distinct request IDs", WORKER_REQUESTS);
	CHECK(distinct(pids, WORKER_REQUESTS) >= 2,
	      "named: the requests spread over %d of %d workers",
	      distinct(pids, WORKER_REQUESTS), WORKERS);
	ok = 1;
	for (served = 0; served < WORKER_REQUESTS &&
	     report_expect(report_fd[0], "served ", line, sizeof(line), WAIT_MS);
	     served++) {
		if (sscanf(line, "served %d %llu", &pid, &id) != 2)
			ok = 0;
		for (i = 0; i < WORKER_REQUESTS && ids[i] != id; i++)
			;
		if (i == WORKER_REQUESTS || (int)pids[i] != pid)
			ok = 0;
	}
	extra = report_expect(report_fd[0], "served ", line, sizeof(line), 500);
	CHECK(ok && served == WORKER_REQUESTS && !extra,
	      "named: the workers answered each request exactly once");

	fd = raw_request(8187, "GET /hang HTTP/1.1\r\nHost: a\r\n\r\n");
	ok = report_expect(report_fd[0], "hang ", line, sizeof(line),
			   WAIT_MS) &&
	     sscanf(line, "hang %d", &hung) == 1;
	CHECK(ok, "killed worker: a worker received the request");
	for (i = 0; ok && i < WORKERS; i++) {
		if (workers[i] == hung) {
			reap(hung, SIGKILL);
			workers[i] = 0;
		}
	}
	p.fd = fd;
	p.events = POLLIN;
	answered = fd >= 0 && poll(&p, 1, 10000) == 1;
	status = answered ? client_read_response(fd, out, sizeof(out)) : 0;
	CHECK(answered && (status == 503 || status == -1),
	      "killed worker: its client gets 503 or a close within 10 s (%d)",
	      status);
	if (fd >= 0)
		close(fd);
	curl[0] = curl_start("curl -s --max-time 60 -w ' %%{http_code}' "
			     "http://127.0.0.1:8187/after");
	curl_finish(curl[0], out, sizeof(out));
	CHECK(worker_answer(out, &pid, &id) && pid != hung,
	      "killed worker: the next request is served by another worker");

	for (k = 0; k < WORKERS; k++)
		reap(workers[k], SIGKILL);
	CHECK(HttpCloseUrlGroup(g) == NO_ERROR && HttpCloseRequestQueue(nq) == NO_ERROR,
	      "named: group and queue closed");
}

static void test_killed_app(void)
{
	HTTP_URL_GROUP_ID g = new_group(sess, q);
	HTTP_URL_CONTEXT ctx;
	unsigned int err = 1;
	int pid = 0, fd, status, answered;
	struct pollfd p;
	char line[256];
	pid_t child;
	FILE *curl;

	CHECK(g && HttpAddUrlToUrlGroup(g, L"http://+:8189/other/", 0x89, 0) ==
	      NO_ERROR, "killed app: this process holds http://+:8189/other/");
	child = spawn(report_fd[1], "v2", "app", "0");
	CHECK(report_expect(report_fd[0], "app ", line, sizeof(line),
			    WAIT_MS) &&
	      sscanf(line, "app %u %d", &err, &pid) == 2 && !err,
	      "killed app: another process holds %ls with its session, group and queue",
	      APP_URL);
	CHECK(HttpAddUrlToUrlGroup(g, APP_URL, 1, 0) == ERROR_ALREADY_EXISTS,
	      "killed app: its URL is taken while it lives");
	fd = raw_request(8189, "GET /app/pending HTTP/1.1\r\nHost: a\r\n\r\n");
	usleep(300000);	/* queued there, never received */
	reap(child, SIGKILL);
	p.fd = fd;
	p.events = POLLIN;
	answered = fd >= 0 && poll(&p, 1, 10000) == 1;
	status = answered ? client_read_response(fd, out, sizeof(out)) : 0;
	CHECK(answered && (status == 503 || status == 404 || status == -1),
	      "killed app: its queued request gets an answer or a close within 10 s (%d)",
	      status);
	if (fd >= 0)
		close(fd);
	status = exchange(q, 8189, "a", "/app/after", &ctx);
	CHECK(status == 404 || status == 503,
	      "killed app: a request to its URL gets 404 or 503, not a hang (%d)",
	      status);
	child = spawn(report_fd[1], "v2", "app", "1");
	err = 1;
	CHECK(report_expect(report_fd[0], "app ", line, sizeof(line),
			    WAIT_MS) &&
	      sscanf(line, "app %u %d", &err, &pid) == 2 && !err,
	      "killed app: a new process adds the URL again");
	curl = curl_start("curl -s --max-time 60 http://127.0.0.1:8189/app/new");
	snprintf(line, sizeof(line), "app %d", pid);
	CHECK(curl_finish(curl, out, sizeof(out)) == 0 && !strcmp(out, line),
	      "killed app: the new process serves it");
	reap(child, SIGKILL);
	CHECK(HttpCloseUrlGroup(g) == NO_ERROR, "killed app: group closed");
}

static void test_shutdown(void)
{
	static struct bg_receive b;
	HANDLE h = new_queue();
	ULONG result;

	if (!CHECK(h && bg_receive_start(&b, h),
		   "shutdown: a thread waits in HttpReceiveHttpRequest"))
		return;
	usleep(300000);	/* let it block */
	CHECK(HttpShutdownRequestQueue(h) == NO_ERROR,
	      "shutdown: HttpShutdownRequestQueue");
	result = bg_receive_join(&b, 10000);
	CHECK(result == ERROR_OPERATION_ABORTED,
	      "shutdown: the blocked receive returns ERROR_OPERATION_ABORTED (%u)",
	      (unsigned int)result);
	/* A receive still blocked holds the queue; the exit frees it. */
	if (result != WAIT_TIMEOUT)
		CHECK(HttpCloseRequestQueue(h) == NO_ERROR,
		      "shutdown: the queue closes");
}

static void test_finish(void)
{
	unsigned long long ids[64];
	int i;

	CHECK(HttpCloseUrlGroup(grp) == NO_ERROR &&
	      HttpCloseRequestQueue(q) == NO_ERROR &&
	      HttpCloseServerSession(sess) == NO_ERROR &&
	      HttpTerminate(HTTP_INITIALIZE_SERVER, NULL) == NO_ERROR,
	      "cleanup: group, queue and session closed, HttpTerminate");
	for (i = 0; i < seen_count; i++)
		ids[i] = seen_ids[i];
	CHECK(seen_count > 10 && distinct(ids, seen_count) == seen_count,
	      "ids: %d request IDs seen here, all distinct and non-zero", seen_count);
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "worker"))
		return worker_main(atoi(argv[2]));
	if (argc >= 4 && !strcmp(argv[1], "app"))
		return app_main(atoi(argv[2]), atoi(argv[3]));
	alarm(1200);	/* the harness bounds the run too */
	if (pipe(report_fd))
		return 1;
	test_init();
	test_contexts();
	test_binding();
	test_state();
	test_properties();
	test_queue_length();
	test_routing();
	test_remove();
	test_url_limit();
	test_close_group();
	test_close_session();
	test_named_queue();
	test_killed_app();
	test_shutdown();
	test_finish();
	return tap_exit_status();
}
