// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel response cache and the fragment cache (docs/CACHE.md),
 * through the ioctls directly: a response stored with a cache policy is
 * answered by the kernel while the queue receives nothing; the requests
 * and responses the rules exclude reach the application and are not
 * stored; time to live, FLUSH_CACHE exact and recursive (another queue's
 * flush leaving the entry), the removal of the URL, LRU eviction under a
 * small cache_max_bytes; HTTP/1.0 and pipelined requests; the counters
 * and entries in SERVICE_STATE; fragments added, read in ranges, sent,
 * replaced, refused to another queue and gone after a flush.
 * Run as root in the test VM.  Port 9311.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "httpsys.h"
#include "app.h"
#include "raw.h"
#include "tap.h"

#define PORT		9311
#define HOST		"127.0.0.1:9311"
#define URL(path)	"http://+:9311" path

struct response {
	int status;
	char head[2048];
	const char *body;
	size_t body_len;
};

static char wire[1 << 20];
static int qa, qb;	/* queue A holds /c/ and /rm/, queue B /other/ */

/* Read @n responses of @fd into @r (within @ms of quiet); how many came. */
static int read_responses(int fd, struct response *r, int n, int head_only,
			  int ms)
{
	size_t got = 0, off = 0;
	int done = 0;

	while (done < n) {
		char *end = memmem(wire + off, got - off, "\r\n\r\n", 4);
		struct pollfd p = { .fd = fd, .events = POLLIN };
		const char *cl;
		size_t head;
		ssize_t k;

		if (end) {
			head = end + 4 - (wire + off);
			memset(&r[done], 0, sizeof(r[done]));
			snprintf(r[done].head, sizeof(r[done].head), "%.*s",
				 (int)head, wire + off);
			sscanf(r[done].head, "HTTP/1.1 %d", &r[done].status);
			cl = strcasestr(r[done].head, "\r\nContent-Length: ");
			r[done].body_len = cl && !head_only ? strtoul(cl + 18, NULL, 10) : 0;
			if (got - off >= head + r[done].body_len) {
				r[done].body = wire + off + head;
				off += head + r[done].body_len;
				done++;
				continue;
			}
		}
		if (poll(&p, 1, ms) != 1)
			break;
		k = recv(fd, wire + got, sizeof(wire) - 1 - got, 0);
		if (k <= 0)
			break;
		got += k;
	}
	return done;
}

static int body_is(const struct response *r, const char *want)
{
	return r->body_len == strlen(want) && !memcmp(r->body, want, r->body_len);
}

/* The value of header @name in @r's head, into @out. */
static int header_value(const struct response *r, const char *name, char *out,
			size_t size)
{
	char key[64];
	const char *p, *e;

	snprintf(key, sizeof(key), "\r\n%s: ", name);
	p = strcasestr(r->head, key);
	if (!p)
		return 0;
	p += strlen(key);
	e = strstr(p, "\r\n");
	snprintf(out, size, "%.*s", (int)(e - p), p);
	return 1;
}

/* The peer closed @fd within @ms. */
static int closed(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;

	return poll(&p, 1, ms) == 1 && recv(fd, &c, 1, 0) <= 0;
}

static int send_response(int q, uint64_t id, int status, const char *headers,
			 const struct httpsys_chunk *chunks, int count,
			 unsigned int flags, unsigned int policy,
			 unsigned int seconds)
{
	struct httpsys_send s = {
		.request_id = id, .flags = flags, .status = status,
		.reason = (uintptr_t)"OK", .reason_len = 2,
		.headers = (uintptr_t)headers, .headers_len = strlen(headers),
		.chunks = (uintptr_t)chunks, .chunk_count = count,
		.cache_policy = policy, .cache_seconds = seconds,
	};

	return ioctl(q, HTTPSYS_IOC_SEND_RESPONSE, &s) ? -errno : 0;
}

static int answer(int q, uint64_t id, const char *headers, const char *body,
		  unsigned int policy, unsigned int seconds)
{
	struct httpsys_chunk c = {
		.type = HTTPSYS_CHUNK_FROM_MEMORY,
		.data = (uintptr_t)body, .length = strlen(body),
	};

	return send_response(q, id, 200, headers, &c, 1, 0, policy, seconds);
}

/* Nothing is waiting on queue @q (a nonblocking RECEIVE says -EAGAIN). */
static int queue_empty(int q)
{
	static uint64_t buf[1024];
	struct httpsys_receive r = {
		.buffer = (uintptr_t)buf, .buffer_len = sizeof(buf),
		.flags = HTTPSYS_RECEIVE_NONBLOCK,
	};

	return ioctl(q, HTTPSYS_IOC_RECEIVE, &r) && errno == EAGAIN;
}

/*
 * Send @request on a new connection and read one response into @r:
 * 1 when it came from the cache (the queue received nothing), 0 when it
 * reached queue @q, which answered "app" without a cache policy, -1 for
 * no answer.  *@fd_out (if given) keeps the connection open.
 */
static int probe_conn(int q, const char *request, int head_only,
		      struct response *r, int *fd_out)
{
	int fd = wire_request(PORT, request), result = -1;
	struct pollfd p[2] = {
		{ .fd = fd, .events = POLLIN }, { .fd = q, .events = POLLIN },
	};
	uint64_t id;

	if (fd < 0)
		return -1;
	if (poll(p, 2, WAIT_MS) > 0) {
		if (p[1].revents & POLLIN) {
			id = raw_receive(q, WAIT_MS);
			if (id && !answer(q, id, "", "app", 0, 0))
				result = read_responses(fd, r, 1, head_only,
							WAIT_MS) == 1 ? 0 : -1;
		} else if (read_responses(fd, r, 1, head_only, WAIT_MS) == 1) {
			result = queue_empty(q) ? 1 : -1;
		}
	}
	if (fd_out)
		*fd_out = fd;
	else
		close(fd);
	return result;
}

static int probe(int q, const char *request, struct response *r)
{
	return probe_conn(q, request, 0, r, NULL);
}

static int get(int q, const char *path, struct response *r)
{
	char request[512];

	snprintf(request, sizeof(request),
		 "GET %s HTTP/1.1\r\nHost: " HOST "\r\n\r\n", path);
	return probe(q, request, r);
}

/* GET @path reaches queue @q, which answers @body with the policy. */
static int store_with(int q, const char *path, const char *headers,
		      const char *body, unsigned int policy,
		      unsigned int seconds)
{
	char request[512];
	struct response r;
	uint64_t id;
	int fd, ok;

	snprintf(request, sizeof(request),
		 "GET %s HTTP/1.1\r\nHost: " HOST "\r\n\r\n", path);
	fd = wire_request(PORT, request);
	id = fd >= 0 ? raw_receive(q, WAIT_MS) : 0;
	ok = id && !answer(q, id, headers, body, policy, seconds) &&
	     read_responses(fd, &r, 1, 0, WAIT_MS) == 1 && r.status == 200 &&
	     body_is(&r, body);
	if (fd >= 0)
		close(fd);
	return ok;
}

static int store(int q, const char *path, const char *body)
{
	return store_with(q, path, "Content-Type: text/plain\r\n", body,
			  HTTPSYS_CACHE_USER_INVALIDATES, 0);
}

static int flush(int q, const char *url, unsigned int flags)
{
	struct httpsys_cache_flush f = {
		.url = (uintptr_t)url, .url_len = strlen(url), .flags = flags,
	};

	return ioctl(q, HTTPSYS_IOC_FLUSH_CACHE, &f) ? -errno : 0;
}

/* The service state's entries, in @state_buf. */
static uint64_t state_buf[1 << 17];

static int state_read(void)
{
	struct httpsys_state_query q = {
		.buffer = (uintptr_t)state_buf, .length = sizeof(state_buf),
	};
	int fd = open(HTTPSYS_DEVICE_PATH, O_RDWR | O_CLOEXEC), err;

	if (fd < 0)
		return 0;
	err = ioctl(fd, HTTPSYS_IOC_SERVICE_STATE, &q);
	close(fd);
	return err ? 0 : q.length;
}

/*
 * The first entry of @type (whose text is @text, unless NULL) into *@out:
 * 1 found, 0 not; -1 when it is not where the layout says.
 */
static int state_find(uint32_t type, const char *text,
		      struct httpsys_state_entry *out)
{
	int len = state_read(), off = 0, index = 0;
	const struct httpsys_state_entry *e;

	while (off + (int)sizeof(*e) <= len) {
		e = (const void *)((const char *)state_buf + off);
		if (e->type == type &&
		    (!text || (e->text_len == strlen(text) &&
			       !memcmp(e + 1, text, e->text_len)))) {
			*out = *e;
			/* SERVICE first, CACHE right after it */
			return type != HTTPSYS_STATE_CACHE || index == 1 ? 1 : -1;
		}
		off += e->size;
		index++;
	}
	return 0;
}

static void state_cache(struct httpsys_state_entry *e)
{
	memset(e, 0, sizeof(*e));
	state_find(HTTPSYS_STATE_CACHE, NULL, e);
}

static void test_hit(void)
{
	struct response first, r;
	char date1[64] = "", date2[64] = "", length[16] = "";

	CHECK(store(qa, "/c/a", "cached body"),
	      "a response with USER_INVALIDATES goes to the client");
	first.head[0] = 0;
	CHECK(get(qa, "/c/a", &first) == 1 && body_is(&first, "cached body"),
	      "the next GET is answered from the cache, the queue receives nothing");
	sleep(1);
	CHECK(get(qa, "/c/a", &r) == 1 && r.status == 200 &&
	      body_is(&r, "cached body"), "and the next, with the stored body");
	header_value(&first, "Date", date1, sizeof(date1));
	header_value(&r, "Date", date2, sizeof(date2));
	CHECK(date1[0] && date2[0] && strcmp(date1, date2),
	      "each hit carries a fresh Date (%s, then %s)", date1, date2);
	CHECK(header_value(&r, "Content-Length", length, sizeof(length)) &&
	      !strcmp(length, "11") && strstr(r.head, "Content-Type: text/plain\r\n") &&
	      strstr(r.head, "Server: Microsoft-HTTPAPI/2.0\r\n"),
	      "with the stored headers, Content-Length and Server");
	CHECK(get(qa, "/C/a", &r) == 0, "another path's case is another URL");
	CHECK(get(qa, "/c/a/", &r) == 0, "and so is the path with a slash");
}

static const struct {
	const char *what;
	const char *request;
	int head_only;
} uncacheable_requests[] = {
	{ "a query string", "GET /c/a?x=1 HTTP/1.1\r\nHost: " HOST "\r\n\r\n", 0 },
	{ "Authorization", "GET /c/a HTTP/1.1\r\nHost: " HOST
	  "\r\nAuthorization: Basic dTpw\r\n\r\n", 0 },
	{ "Range", "GET /c/a HTTP/1.1\r\nHost: " HOST "\r\nRange: bytes=0-1\r\n\r\n", 0 },
	{ "If-Range", "GET /c/a HTTP/1.1\r\nHost: " HOST "\r\nIf-Range: \"x\"\r\n\r\n", 0 },
	{ "If-Modified-Since", "GET /c/a HTTP/1.1\r\nHost: " HOST
	  "\r\nIf-Modified-Since: Sun, 06 Dec 2026 00:00:00 GMT\r\n\r\n", 0 },
	{ "If-None-Match", "GET /c/a HTTP/1.1\r\nHost: " HOST
	  "\r\nIf-None-Match: \"x\"\r\n\r\n", 0 },
	{ "If-Match", "GET /c/a HTTP/1.1\r\nHost: " HOST "\r\nIf-Match: \"x\"\r\n\r\n", 0 },
	{ "If-Unmodified-Since", "GET /c/a HTTP/1.1\r\nHost: " HOST
	  "\r\nIf-Unmodified-Since: Sun, 06 Dec 2026 00:00:00 GMT\r\n\r\n", 0 },
	{ "Translate: f", "GET /c/a HTTP/1.1\r\nHost: " HOST "\r\nTranslate: f\r\n\r\n", 0 },
	{ "Expect other than 100-continue", "GET /c/a HTTP/1.1\r\nHost: " HOST
	  "\r\nExpect: something\r\n\r\n", 0 },
	{ "a body", "GET /c/a HTTP/1.1\r\nHost: " HOST
	  "\r\nContent-Length: 3\r\n\r\nabc", 0 },
	{ "POST", "POST /c/a HTTP/1.1\r\nHost: " HOST "\r\nContent-Length: 0\r\n\r\n", 0 },
	{ "HEAD", "HEAD /c/a HTTP/1.1\r\nHost: " HOST "\r\n\r\n", 1 },
};

static void test_uncacheable_requests(void)
{
	struct response r;
	size_t i;

	for (i = 0; i < sizeof(uncacheable_requests) / sizeof(uncacheable_requests[0]); i++)
		CHECK(probe_conn(qa, uncacheable_requests[i].request,
				 uncacheable_requests[i].head_only, &r, NULL) == 0,
		      "a GET of a cached URL with %s goes to the application",
		      uncacheable_requests[i].what);
	CHECK(probe(qa, "GET /c/a HTTP/1.1\r\nHost: " HOST
		    "\r\nExpect: 100-continue\r\n\r\n", &r) == 1,
	      "Expect: 100-continue without a body is answered from the cache");
}

/* A request the application answers with the send described. */
static int store_kind(const char *path, int status, const char *headers,
		      unsigned int flags, size_t body_len, unsigned int policy,
		      unsigned int seconds)
{
	char request[256], *body = malloc(body_len + 1);
	struct httpsys_chunk c = {
		.type = HTTPSYS_CHUNK_FROM_MEMORY,
		.data = (uintptr_t)body, .length = body_len,
	};
	struct response r;
	uint64_t id;
	int fd, err = -1;

	memset(body, 'x', body_len);
	snprintf(request, sizeof(request),
		 "GET %s HTTP/1.1\r\nHost: " HOST "\r\n\r\n", path);
	fd = wire_request(PORT, request);
	id = fd >= 0 ? raw_receive(qa, WAIT_MS) : 0;
	if (id) {
		err = send_response(qa, id, status, headers, &c, 1, flags,
				    policy, seconds);
		if (!err && (flags & HTTPSYS_SEND_MORE_DATA))
			err = raw_send(qa, id, 0, NULL, "", 0);
		if (err)
			raw_cancel(qa, id);
		else
			read_responses(fd, &r, 1, 0, WAIT_MS);
	}
	if (fd >= 0)
		close(fd);
	free(body);
	return err;
}

static void test_uncacheable_responses(void)
{
	static const struct {
		const char *what, *path;
		int status;
		const char *headers;
		unsigned int flags;
		size_t body_len;
	} kinds[] = {
		{ "status 404", "/c/n/404", 404, "", 0, 4 },
		{ "Vary", "/c/n/vary", 200, "Vary: Accept\r\n", 0, 4 },
		{ "Set-Cookie", "/c/n/cookie", 200, "Set-Cookie: a=b\r\n", 0, 4 },
		{ "MORE_DATA", "/c/n/more", 200, "Content-Length: 4\r\n",
		  HTTPSYS_SEND_MORE_DATA, 4 },
		{ "DISCONNECT", "/c/n/disc", 200, "", HTTPSYS_SEND_DISCONNECT, 4 },
		{ "a body over 256 KiB", "/c/n/big", 200, "", 0, 300000 },
	};
	struct response r;
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		int err = store_kind(kinds[i].path, kinds[i].status,
				     kinds[i].headers, kinds[i].flags,
				     kinds[i].body_len,
				     HTTPSYS_CACHE_USER_INVALIDATES, 0);

		CHECK(!err && get(qa, kinds[i].path, &r) == 0,
		      "a response with %s is sent (%d) and not stored",
		      kinds[i].what, err);
	}
	CHECK(!store_kind("/c/n/none", 200, "", 0, 4, HTTPSYS_CACHE_NONE, 0) &&
	      get(qa, "/c/n/none", &r) == 0, "nor one with no cache policy");
	CHECK(store_kind("/c/n/ttl0", 200, "", 0, 4,
			 HTTPSYS_CACHE_TIME_TO_LIVE, 0) == -EINVAL,
	      "TIME_TO_LIVE of 0 seconds is refused with -EINVAL");
	CHECK(store_kind("/c/n/bad", 200, "", 0, 4, 3, 5) == -EINVAL,
	      "an unknown cache policy is refused with -EINVAL");
}

static void test_ttl(void)
{
	struct response r;

	CHECK(store_with(qa, "/c/ttl", "", "short-lived",
			 HTTPSYS_CACHE_TIME_TO_LIVE, 1) &&
	      get(qa, "/c/ttl", &r) == 1,
	      "a TIME_TO_LIVE response is answered from the cache");
	usleep(2200 * 1000);
	CHECK(get(qa, "/c/ttl", &r) == 0 && body_is(&r, "app"),
	      "and goes to the application once its seconds are over");
}

static void test_flush(void)
{
	struct response r;

	CHECK(store(qa, "/c/d/a", "da") && store(qa, "/c/d/b/c", "dbc") &&
	      store(qa, "/c/dx", "dx"), "three responses stored for flushing");
	CHECK(flush(qb, URL("/c/d/"), HTTPSYS_FLUSH_RECURSIVE) == 0 &&
	      get(qa, "/c/d/a", &r) == 1 && get(qa, "/c/d/b/c", &r) == 1,
	      "another queue's flush leaves them");
	CHECK(flush(qa, URL("/c/d/a"), 0) == 0 && get(qa, "/c/d/a", &r) == 0 &&
	      get(qa, "/c/d/b/c", &r) == 1,
	      "FLUSH_CACHE drops the URL named, not those under its parent");
	CHECK(flush(qa, URL("/c/d"), HTTPSYS_FLUSH_RECURSIVE) == 0 &&
	      get(qa, "/c/d/b/c", &r) == 0 && get(qa, "/c/dx", &r) == 1,
	      "RECURSIVE drops those under it, not a sibling sharing its start");
	CHECK(flush(qa, "http://127.0.0.1:9311/c/dx", 0) == 0 &&
	      get(qa, "/c/dx", &r) == 0, "a flush naming the host drops its entry");
	CHECK(flush(qa, URL("/nothing"), 0) == 0, "flushing nothing is no error");
	CHECK(flush(qa, "not a url", 0) == -EINVAL &&
	      flush(qa, URL("/c/"), 0x10) == -EINVAL,
	      "a malformed URL or flag is -EINVAL");
}

static void test_url_removal(void)
{
	struct httpsys_url u = {
		.url = (uintptr_t)URL("/rm/"), .url_len = strlen(URL("/rm/")),
	};
	struct response r;

	CHECK(store(qa, "/rm/a", "rm") && get(qa, "/rm/a", &r) == 1,
	      "a response stored under /rm/");
	CHECK(!ioctl(qa, HTTPSYS_IOC_REMOVE_URL, &u) &&
	      get(qa, "/rm/a", &r) >= 0 && r.status == 404,
	      "with its URL removed, the kernel answers 404, not the cache");
	CHECK(raw_add_url(qa, URL("/rm/")) == 0 && get(qa, "/rm/a", &r) == 0,
	      "and the entry went with it: added again, the URL reaches the application");
}

static void test_http10_and_pipelining(void)
{
	struct response r[3];
	int fd, n;
	uint64_t id;

	CHECK(store(qa, "/c/p", "pipe"), "a response stored for HTTP/1.0 and pipelining");
	CHECK(probe_conn(qa, "GET /c/p HTTP/1.0\r\n\r\n", 0, r, &fd) == 1 &&
	      body_is(&r[0], "pipe") && strstr(r[0].head, "Connection: close\r\n") &&
	      closed(fd, WAIT_MS), "HTTP/1.0 is answered and the connection closed");
	close(fd);
	CHECK(probe_conn(qa, "GET /c/p HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
			 0, r, &fd) == 1 &&
	      strstr(r[0].head, "Connection: keep-alive\r\n") && !closed(fd, 300),
	      "HTTP/1.0 with keep-alive is kept alive");
	close(fd);
	CHECK(probe_conn(qa, "GET /c/p HTTP/1.1\r\nHost: " HOST
			 "\r\nConnection: close\r\n\r\n", 0, r, &fd) == 1 &&
	      strstr(r[0].head, "Connection: close\r\n") && closed(fd, WAIT_MS),
	      "Connection: close is honoured");
	close(fd);
	fd = wire_request(PORT, "GET /c/p HTTP/1.1\r\nHost: " HOST "\r\n\r\n"
			  "GET /c/q HTTP/1.1\r\nHost: " HOST "\r\n\r\n"
			  "GET /c/p HTTP/1.1\r\nHost: " HOST "\r\n\r\n");
	id = fd >= 0 ? raw_receive(qa, WAIT_MS) : 0;
	n = id && !answer(qa, id, "", "Q", 0, 0) ?
	    read_responses(fd, r, 3, 0, WAIT_MS) : 0;
	CHECK(n == 3 && body_is(&r[0], "pipe") && body_is(&r[1], "Q") &&
	      body_is(&r[2], "pipe") && queue_empty(qa),
	      "pipelined hits and a miss are answered in order");
	if (fd >= 0)
		close(fd);
}

static void test_eviction(void)
{
	long cap = get_param("cache_max_bytes"), evicted;
	char cap_text[24];
	struct httpsys_state_entry before, after;
	static char body[3001];
	struct response r;
	int stored;

	memset(body, 'e', 3000);
	flush(qa, URL("/"), HTTPSYS_FLUSH_RECURSIVE);
	flush(qb, URL("/"), HTTPSYS_FLUSH_RECURSIVE);
	CHECK(cap == 64 << 20, "cache_max_bytes defaults to 64 MiB (%ld)", cap);
	snprintf(cap_text, sizeof(cap_text), "%ld", cap);
	if (!CHECK(!set_param("cache_max_bytes", "8000"), "cache_max_bytes set to 8000"))
		return;
	state_cache(&before);
	stored = store(qa, "/c/l1", body) && store(qa, "/c/l2", body) &&
		 store(qa, "/c/l3", body);
	state_cache(&after);
	evicted = after.max_length - before.max_length;
	CHECK(stored && get(qa, "/c/l1", &r) == 0 && get(qa, "/c/l3", &r) == 1,
	      "over the cap the least recently used entry goes");
	CHECK(evicted >= 1 && after.queue <= 8000,
	      "the evictions are counted (%ld) and the bytes stay under the cap (%llu)",
	      evicted, (unsigned long long)after.queue);
	CHECK(!set_param("cache_max_bytes", cap_text), "cache_max_bytes restored");
}

/*
 * A client that pipelines hits and never reads: once its socket is full
 * the replay does not wait for room (no kernel worker is held); the
 * request goes to the application, as without the cache.
 */
static void test_unread(void)
{
	static char big[65537], requests[400 * 48];
	int fd, rcvbuf = 4096, n;
	struct sockaddr_in sin = {
		.sin_family = AF_INET, .sin_port = htons(PORT),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	struct response r;
	uint64_t id;
	size_t len = 0;

	memset(big, 'b', sizeof(big) - 1);
	for (n = 0; n < 400; n++)
		len += sprintf(requests + len,
			       "GET /c/big HTTP/1.1\r\nHost: " HOST "\r\n\r\n");
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (!CHECK(store(qa, "/c/big", big) && fd >= 0 &&
		   !setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) &&
		   !connect(fd, (struct sockaddr *)&sin, sizeof(sin)) &&
		   send(fd, requests, len, MSG_DONTWAIT) == (ssize_t)len,
		   "a client sends 400 pipelined GETs of a 64 KiB entry, reading none")) {
		if (fd >= 0)
			close(fd);
		return;
	}
	id = raw_receive(qa, WAIT_MS);
	CHECK(id, "once its socket is full, a request reaches the application");
	CHECK(get(qa, "/c/p", &r) == 1 && body_is(&r, "pipe"),
	      "meanwhile another client is answered from the cache");
	if (id)
		raw_cancel(qa, id);
	close(fd);
}

static void test_state(void)
{
	struct httpsys_state_entry before, after, e;
	struct response r;
	int found;

	CHECK(state_find(HTTPSYS_STATE_CACHE, NULL, &before) == 1,
	      "SERVICE_STATE holds a CACHE entry right after SERVICE");
	CHECK(store(qa, "/c/s", "state") && get(qa, "/c/s", &r) == 1 &&
	      get(qa, "/c/s", &r) == 1 && get(qa, "/c/s?q", &r) == 0 &&
	      get(qa, "/c/s/none", &r) == 0, "two hits, a miss and an uncacheable request");
	state_cache(&after);
	CHECK(after.id - before.id == 2,
	      "CACHE counts the hits (%llu more)",
	      (unsigned long long)(after.id - before.id));
	CHECK(after.parent - before.parent == 2,
	      "and the cacheable requests not answered from it (%llu more)",
	      (unsigned long long)(after.parent - before.parent));
	CHECK(after.count_a >= 1 && after.queue > 0,
	      "and the responses (%u) and bytes (%llu) held", after.count_a,
	      (unsigned long long)after.queue);
	CHECK(state_find(HTTPSYS_STATE_CACHE_ENTRY, "http://127.0.0.1:9311/c/s",
			 &e) == 1 && e.id == 2 && e.count_a == 0xffffffffU &&
	      !(e.flags & HTTPSYS_STATE_FLAG_FRAGMENT) && e.queue > 5,
	      "a CACHE_ENTRY names the URL, its hits, bytes and no expiry");
	found = store_with(qa, "/c/s2", "", "ttl", HTTPSYS_CACHE_TIME_TO_LIVE,
			   100) &&
		state_find(HTTPSYS_STATE_CACHE_ENTRY,
			   "http://127.0.0.1:9311/c/s2", &e) == 1;
	CHECK(found && e.count_a > 90 && e.count_a <= 100,
	      "a TIME_TO_LIVE entry shows its seconds left (%u)", e.count_a);
}

static int fragment_add(int q, const char *name, const struct httpsys_chunk *c,
			unsigned int policy, unsigned int seconds)
{
	struct httpsys_fragment_add a = {
		.url = (uintptr_t)name, .url_len = strlen(name),
		.cache_policy = policy, .cache_seconds = seconds, .chunk = *c,
	};

	return ioctl(q, HTTPSYS_IOC_FRAGMENT_ADD, &a) ? -errno : 0;
}

static int fragment_add_text(int q, const char *name, const char *text)
{
	struct httpsys_chunk c = {
		.type = HTTPSYS_CHUNK_FROM_MEMORY,
		.data = (uintptr_t)text, .length = strlen(text),
	};

	return fragment_add(q, name, &c, HTTPSYS_CACHE_USER_INVALIDATES, 0);
}

/* FRAGMENT_READ into @buf: 0 or -errno; *@got the bytes read or needed. */
static int fragment_read(int q, const char *name, uint64_t offset,
			 uint64_t length, char *buf, uint32_t size,
			 uint32_t *got)
{
	struct httpsys_fragment_read r = {
		.url = (uintptr_t)name, .url_len = strlen(name),
		.offset = offset, .length = length,
		.buffer = (uintptr_t)buf, .buffer_len = size,
	};
	int err = ioctl(q, HTTPSYS_IOC_FRAGMENT_READ, &r) ? -errno : 0;

	*got = r.bytes_read;
	if (!err)
		buf[r.bytes_read] = 0;
	return err;
}

/* A response of a fragment's range between two memory chunks. */
static int send_fragment(const char *name, uint64_t offset, uint64_t length,
			 struct response *r)
{
	struct httpsys_fragment_range range = {
		.name = (uintptr_t)name, .name_len = strlen(name),
		.offset = offset, .length = length,
	};
	struct httpsys_chunk c[3] = {
		{ .type = HTTPSYS_CHUNK_FROM_MEMORY, .data = (uintptr_t)"<", .length = 1 },
		{ .type = HTTPSYS_CHUNK_FROM_FRAGMENT, .data = (uintptr_t)&range },
		{ .type = HTTPSYS_CHUNK_FROM_MEMORY, .data = (uintptr_t)">", .length = 1 },
	};
	int fd = wire_request(PORT, "GET /c/fragpage HTTP/1.1\r\nHost: " HOST "\r\n\r\n");
	uint64_t id = fd >= 0 ? raw_receive(qa, WAIT_MS) : 0;
	int err = id ? send_response(qa, id, 200, "", c, 3, 0, 0, 0) : -1;

	if (err && id)
		raw_cancel(qa, id);
	r->status = 0;
	if (!err && read_responses(fd, r, 1, 0, WAIT_MS) != 1)
		err = -1;
	if (fd >= 0)
		close(fd);
	return err;
}

static void test_fragments(void)
{
	const char *name = URL("/c/frag/1");
	char buf[64], path[] = "/tmp/httpsys-cache-fragXXXXXX";
	struct httpsys_state_entry e;
	struct httpsys_chunk file;
	struct response r;
	uint32_t got = 0;
	int fd;

	CHECK(fragment_add_text(qa, name, "0123456789") == 0,
	      "FRAGMENT_ADD stores a fragment under the queue's URL");
	CHECK(fragment_read(qa, name, 0, HTTPSYS_LENGTH_TO_EOF, buf, sizeof(buf),
			    &got) == 0 && !strcmp(buf, "0123456789") && got == 10,
	      "FRAGMENT_READ reads it whole");
	CHECK(fragment_read(qa, name, 2, 3, buf, sizeof(buf), &got) == 0 &&
	      !strcmp(buf, "234"), "a range of it");
	CHECK(fragment_read(qa, name, 7, HTTPSYS_LENGTH_TO_EOF, buf, sizeof(buf),
			    &got) == 0 && !strcmp(buf, "789"), "its end from an offset");
	CHECK(fragment_read(qa, name, 0, HTTPSYS_LENGTH_TO_EOF, buf, 4, &got) ==
	      -EOVERFLOW && got == 10,
	      "a buffer too small is -EOVERFLOW with the size needed");
	CHECK(fragment_read(qa, name, 11, HTTPSYS_LENGTH_TO_EOF, buf, sizeof(buf),
			    &got) == -EINVAL &&
	      fragment_read(qa, name, 5, 6, buf, sizeof(buf), &got) == -EINVAL,
	      "a range past its end is -EINVAL");
	CHECK(fragment_read(qa, URL("/c/frag/none"), 0, 1, buf, sizeof(buf),
			    &got) == -ENOENT, "an unknown fragment is -ENOENT");
	CHECK(fragment_read(qb, name, 0, 1, buf, sizeof(buf), &got) == -ENOENT,
	      "another queue does not see it");
	CHECK(send_fragment(name, 3, 4, &r) == 0 && body_is(&r, "<3456>"),
	      "a FROM_FRAGMENT chunk sends a range of it");
	CHECK(send_fragment(name, 8, HTTPSYS_LENGTH_TO_EOF, &r) == 0 &&
	      body_is(&r, "<89>"), "and to its end");
	CHECK(fragment_add_text(qa, name, "abcdef") == 0 &&
	      fragment_read(qa, name, 0, HTTPSYS_LENGTH_TO_EOF, buf, sizeof(buf),
			    &got) == 0 && !strcmp(buf, "abcdef"),
	      "adding the name again replaces it");
	CHECK(fragment_add_text(qb, name, "theirs") == -EACCES,
	      "another queue may not add under this queue's URL");
	CHECK(fragment_add_text(qb, URL("/other/f"), "b's") == 0 &&
	      fragment_add_text(qa, URL("/other/f"), "a's") == -EACCES,
	      "nor this queue under another's");
	CHECK(fragment_add_text(qa, URL("/nowhere/f"), "x") == -EACCES,
	      "nor under a URL no one registered");
	CHECK(fragment_add(qa, name, &(struct httpsys_chunk){
				.type = HTTPSYS_CHUNK_FROM_MEMORY,
				.data = (uintptr_t)"x", .length = 1 },
			   HTTPSYS_CACHE_NONE, 0) == -EINVAL,
	      "a fragment without a cache policy is -EINVAL");
	CHECK(state_find(HTTPSYS_STATE_CACHE_ENTRY, "http://+:9311/c/frag/1",
			 &e) == 1 && (e.flags & HTTPSYS_STATE_FLAG_FRAGMENT),
	      "SERVICE_STATE lists it as a fragment");
	fd = mkstemp(path);
	if (fd >= 0 && write(fd, "from a file", 11) == 11) {
		file = (struct httpsys_chunk){
			.type = HTTPSYS_CHUNK_FROM_FILE, .fd = fd,
			.data = 5, .length = HTTPSYS_LENGTH_TO_EOF,
		};
		CHECK(fragment_add(qa, URL("/c/frag/file"), &file,
				   HTTPSYS_CACHE_TIME_TO_LIVE, 60) == 0 &&
		      fragment_read(qa, URL("/c/frag/file"), 0,
				    HTTPSYS_LENGTH_TO_EOF, buf, sizeof(buf),
				    &got) == 0 && !strcmp(buf, "a file"),
		      "a fragment from a file range holds the file's bytes");
		close(fd);
	}
	unlink(path);
	CHECK(flush(qa, URL("/c/frag/"), HTTPSYS_FLUSH_RECURSIVE) == 0 &&
	      send_fragment(name, 0, 1, &r) == -ESTALE,
	      "after FLUSH_CACHE a send naming the fragment fails with -ESTALE");
	CHECK(fragment_read(qa, name, 0, 1, buf, sizeof(buf), &got) == -ENOENT,
	      "and FRAGMENT_READ with -ENOENT");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	qa = raw_queue(NULL, 0);
	qb = raw_queue(NULL, 0);
	if (!CHECK(qa >= 0 && qb >= 0 && !raw_add_url(qa, URL("/c/")) &&
		   !raw_add_url(qa, URL("/rm/")) && !raw_add_url(qb, URL("/other/")),
		   "two queues with their URLs"))
		return tap_exit_status();
	test_hit();
	test_uncacheable_requests();
	test_uncacheable_responses();
	test_ttl();
	test_flush();
	test_url_removal();
	test_http10_and_pipelining();
	test_unread();
	test_state();
	test_eviction();
	test_fragments();
	close(qa);
	close(qb);
	return tap_exit_status();
}
