// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel response cache and the fragment cache through the Win32 API,
 * as a Windows program drives them, run in the test VM: a response sent
 * with a cache policy answers later GETs of its URL without reaching the
 * application (not one with a query), for ever or for its seconds to
 * live; HttpFlushResponseCache of one URL and, RECURSIVE, of those under
 * it; removing the URL's registration drops its entries; the counters
 * and entries in `httpcfg show servicestate` and `show cachestate`;
 * fragments added from memory and from a file, replaced, read whole, by
 * ranges and into a short buffer (ERROR_INSUFFICIENT_BUFFER with the size
 * needed), sent as FromFragmentCache and FromFragmentCacheEx chunks, and
 * ERROR_PATH_NOT_FOUND for both once flushed; each call overlapped, with
 * an event and through a completion port.  Ports 8270-8271.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <http.h>

#include "tap.h"
#include "app.h"
#include "client.h"

#define PORT		8270
#define PREFIX		L"http://+:8270/cache/"
#define FRAG_A		L"http://localhost:8270/cache/frag/a"
#define FRAG_F		L"http://localhost:8270/cache/frag/f"

static HANDLE q;
static HTTP_CACHE_POLICY forever = { HttpCachePolicyUserInvalidates, 0 };

/* Answer @id with 200, @n chunks and @policy (NULL: none); the result. */
static ULONG send_chunks(HTTP_REQUEST_ID id, HTTP_DATA_CHUNK *chunks, USHORT n,
			 HTTP_CACHE_POLICY *policy)
{
	HTTP_RESPONSE resp;

	memset(&resp, 0, sizeof(resp));
	resp.StatusCode = 200;
	resp.pReason = "OK";
	resp.ReasonLength = 2;
	resp.Headers.KnownHeaders[HttpHeaderContentType].pRawValue = "text/plain";
	resp.Headers.KnownHeaders[HttpHeaderContentType].RawValueLength = 10;
	resp.EntityChunkCount = n;
	resp.pEntityChunks = chunks;
	return HttpSendHttpResponse(q, id, 0, &resp, policy, NULL, NULL, 0, NULL,
				    NULL);
}

static HTTP_DATA_CHUNK memory_chunk(const char *s)
{
	HTTP_DATA_CHUNK c;

	memset(&c, 0, sizeof(c));
	c.DataChunkType = HttpDataChunkFromMemory;
	c.FromMemory.pBuffer = (PVOID)s;
	c.FromMemory.BufferLength = strlen(s);
	return c;
}

/*
 * GET @path on a new connection.  When the request reaches the queue it
 * is answered with @body under @policy and *@app is set; otherwise the
 * kernel answered.  Returns the client's status (the response in out),
 * or -1 for none.
 */
static int get(const char *path, const char *body, HTTP_CACHE_POLICY *policy,
	       int *app)
{
	struct pollfd p[2];
	HTTP_DATA_CHUNK chunk = memory_chunk(body);
	char request[256];
	int fd, status;

	*app = 0;
	snprintf(request, sizeof(request),
		 "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", path, PORT);
	fd = raw_request(PORT, request);
	if (fd < 0)
		return -1;
	p[0] = (struct pollfd){ .fd = fd, .events = POLLIN };
	p[1] = (struct pollfd){ .fd = HttpQueueFd(q), .events = POLLIN };
	/* The kernel answers the client, or the request reaches the queue. */
	if (poll(p, 2, WAIT_MS) > 0 && (p[1].revents & POLLIN) && receive(q, 0)) {
		*app = 1;
		send_chunks(req->RequestId, &chunk, 1, policy);
	}
	status = client_read_response(fd, out, sizeof(out));
	close(fd);
	return status;
}

/* The body of the response in out is @body. */
static int body_is(const char *body)
{
	const char *b = strstr(out, "\r\n\r\n");

	return b && !strcmp(b + 4, body);
}

/* GET @path: the kernel answers it with @body, the queue never sees it. */
static int from_cache(const char *path, const char *body)
{
	int app, status = get(path, "not cached", NULL, &app);

	return status == 200 && !app && body_is(body) && !readable(q, 0);
}

/* GET @path: it reaches the queue, answered with @body and no policy. */
static int from_app(const char *path)
{
	int app, status = get(path, "from the app", NULL, &app);

	return status == 200 && app && body_is("from the app");
}

/* GET @path answered by the application with @body under @policy. */
static int store(const char *path, const char *body, HTTP_CACHE_POLICY *policy)
{
	int app, status = get(path, body, policy, &app);

	return status == 200 && app && body_is(body);
}

static void test_response_cache(void)
{
	CHECK(store("/cache/hello", "cached body", &forever),
	      "response: the first GET reaches the application, sent with UserInvalidates");
	CHECK(from_cache("/cache/hello", "cached body"),
	      "response: the next GET is answered by the kernel, the queue sees nothing");
	CHECK(from_cache("/cache/hello", "cached body") &&
	      strstr(out, "\r\nDate: ") && strstr(out, "\r\nContent-Length: 11\r\n"),
	      "response: and the next, with a Date and its Content-Length");
	CHECK(from_app("/cache/hello?x=1"),
	      "response: a GET with a query string reaches the application");
	CHECK(store("/cache/plain", "not kept", NULL) && from_app("/cache/plain"),
	      "response: one sent without a policy is not kept");
	CHECK(httpcfg("show servicestate") == 0 &&
	      strstr(out, "Response cache hits: ") &&
	      strstr(out, "Cached responses: 1\n"),
	      "httpcfg: show servicestate counts the cache's hits and responses");
	CHECK(httpcfg("show cachestate url=http://+:%d/cache/", PORT) == 0 &&
	      strstr(out, "URL: http://") && strstr(out, ":8270/cache/hello\n") &&
	      strstr(out, "Cache policy type: User invalidates") &&
	      strstr(out, "Hit count: 2\n"),
	      "httpcfg: show cachestate lists the entry, its policy and its 2 hits");
	CHECK(httpcfg("show cachestate url=http://+:%d/other/", PORT) == 0 &&
	      !strstr(out, "URL: ") && strstr(out, "No cached entries."),
	      "httpcfg: show cachestate url= lists only the entries under it");
}

/* 3 s: room for a slow (debug, loaded) machine between store and replay. */
static void test_time_to_live(void)
{
	HTTP_CACHE_POLICY ttl = { HttpCachePolicyTimeToLive, 3 };

	CHECK(store("/cache/ttl", "for a while", &ttl) &&
	      from_cache("/cache/ttl", "for a while"),
	      "ttl: a TimeToLive response of 3 s is answered by the kernel");
	usleep(4200 * 1000);
	CHECK(from_app("/cache/ttl"), "ttl: 4 s later the GET reaches the application");
}

static void test_flush(void)
{
	CHECK(HttpFlushResponseCache(q, L"http://+:8270/cache/hello", 0, NULL) ==
	      NO_ERROR && from_app("/cache/hello"),
	      "flush: HttpFlushResponseCache of the URL, and it reaches the application");
	CHECK(HttpFlushResponseCache(q, L"http://+:8270/cache/nothing/", 0, NULL) ==
	      NO_ERROR, "flush: flushing nothing is not an error");
	CHECK(store("/cache/dir/a", "a", &forever) &&
	      store("/cache/dir/b", "b", &forever) &&
	      store("/cache/dir", "dir", &forever) &&
	      store("/cache/other", "other", &forever),
	      "flush: /cache/dir, /cache/dir/a and b, /cache/other stored");
	CHECK(HttpFlushResponseCache(q, L"http://127.0.0.1:8270/cache/dir", 0,
				     NULL) == NO_ERROR &&
	      from_app("/cache/dir") && from_cache("/cache/dir/a", "a"),
	      "flush: without RECURSIVE only the URL itself goes");
	CHECK(HttpFlushResponseCache(q, L"http://+:8270/cache/dir/",
				     HTTP_FLUSH_RESPONSE_FLAG_RECURSIVE, NULL) ==
	      NO_ERROR && from_app("/cache/dir/a") && from_app("/cache/dir/b") &&
	      from_cache("/cache/other", "other"),
	      "flush: RECURSIVE drops those under it, not a sibling");
	CHECK(HttpFlushResponseCache(q, L"http://+:8270", 0, NULL) ==
	      ERROR_INVALID_PARAMETER &&
	      HttpFlushResponseCache(q, L"http://+:8270/", 4, NULL) ==
	      ERROR_INVALID_PARAMETER,
	      "flush: a URL without a path, unknown flags: ERROR_INVALID_PARAMETER");
}

static void test_registration_gone(void)
{
	CHECK(from_cache("/cache/other", "other") &&
	      HttpRemoveUrl(q, PREFIX) == NO_ERROR && HttpAddUrl(q, PREFIX, NULL) ==
	      NO_ERROR && from_app("/cache/other"),
	      "registration: removing the URL's prefix drops its entries");
}

static ULONG add(PCWSTR name, HTTP_DATA_CHUNK *chunk, LPOVERLAPPED ov)
{
	return HttpAddFragmentToCache(q, name, chunk, &forever, ov);
}

/* Read @range (NULL: all) of fragment @name into @buf; the result. */
static ULONG read_frag(PCWSTR name, ULONGLONG offset, ULONGLONG length,
		       char *buf, ULONG size, ULONG *got)
{
	HTTP_BYTE_RANGE range = { offset, length };

	memset(buf, 0, size);
	return HttpReadFragmentFromCache(q, name, length ? &range : NULL, buf,
					 size, got, NULL);
}

static void test_fragments(void)
{
	HTTP_DATA_CHUNK c = memory_chunk("0123456789");
	char path[] = "/tmp/cache_api.XXXXXX", buf[64];
	ULONG r, got = 0;
	int fd;

	CHECK(add(FRAG_A, &c, NULL) == NO_ERROR,
	      "fragment: HttpAddFragmentToCache from memory");
	r = read_frag(FRAG_A, 0, 0, buf, sizeof(buf), &got);
	CHECK(r == NO_ERROR && got == 10 && !strcmp(buf, "0123456789"),
	      "fragment: read whole (%u, %u bytes)", (unsigned int)r,
	      (unsigned int)got);
	CHECK(read_frag(FRAG_A, 2, 3, buf, sizeof(buf), &got) == NO_ERROR &&
	      got == 3 && !strcmp(buf, "234"),
	      "fragment: read bytes 2-4");
	CHECK(read_frag(FRAG_A, 7, HTTP_BYTE_RANGE_TO_EOF, buf, sizeof(buf), &got) ==
	      NO_ERROR && got == 3 && !strcmp(buf, "789"),
	      "fragment: read from 7 to its end");
	got = 0;
	r = read_frag(FRAG_A, 0, 0, buf, 4, &got);
	CHECK(r == ERROR_INSUFFICIENT_BUFFER && got == 10 && !buf[0],
	      "fragment: a 4-byte buffer: ERROR_INSUFFICIENT_BUFFER, 10 bytes needed (%u, %u)",
	      (unsigned int)r, (unsigned int)got);
	CHECK(read_frag(FRAG_A, 8, 5, buf, sizeof(buf), &got) ==
	      ERROR_INVALID_PARAMETER,
	      "fragment: a range past its end: ERROR_INVALID_PARAMETER");
	CHECK(read_frag(L"http://localhost:8270/cache/frag/none", 0, 0, buf,
			sizeof(buf), &got) == ERROR_PATH_NOT_FOUND,
	      "fragment: reading one never added: ERROR_PATH_NOT_FOUND");
	c = memory_chunk("ABCDEFGHIJ");
	CHECK(add(FRAG_A, &c, NULL) == NO_ERROR &&
	      read_frag(FRAG_A, 0, 0, buf, sizeof(buf), &got) == NO_ERROR &&
	      !strcmp(buf, "ABCDEFGHIJ"),
	      "fragment: adding the name again replaces it");
	fd = mkstemp(path);
	if (fd >= 0 && write(fd, "file fragment", 13) == 13) {
		memset(&c, 0, sizeof(c));
		c.DataChunkType = HttpDataChunkFromFileHandle;
		c.FromFileHandle.ByteRange.Length = HTTP_BYTE_RANGE_TO_EOF;
		c.FromFileHandle.FileHandle = HttpHandleFromFd(fd);
		CHECK(add(FRAG_F, &c, NULL) == NO_ERROR &&
		      read_frag(FRAG_F, 0, 0, buf, sizeof(buf), &got) == NO_ERROR &&
		      !strcmp(buf, "file fragment"),
		      "fragment: from a file handle");
		CloseHandle(c.FromFileHandle.FileHandle);
	} else {
		CHECK(0, "set-up: a file for a fragment");
	}
	unlink(path);
	c = memory_chunk("elsewhere");
	CHECK(add(L"http://localhost:8271/x", &c, NULL) == ERROR_ACCESS_DENIED,
	      "fragment: a name outside the queue's URLs: ERROR_ACCESS_DENIED");
}

/* GET @path answered with @n chunks; the send's result in *@result. */
static int get_chunks(const char *path, HTTP_DATA_CHUNK *chunks, USHORT n,
		      ULONG *result)
{
	char request[256];
	int fd, status;

	*result = ~0U;
	snprintf(request, sizeof(request),
		 "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", path, PORT);
	fd = raw_request(PORT, request);
	if (fd < 0 || !receive(q, 0)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*result = send_chunks(req->RequestId, chunks, n, NULL);
	/* A failed send leaves the request to be answered. */
	if (*result) {
		HTTP_DATA_CHUNK none = memory_chunk("fallback");

		send_chunks(req->RequestId, &none, 1, NULL);
	}
	status = client_read_response(fd, out, sizeof(out));
	close(fd);
	return status;
}

static void test_fragment_chunks(void)
{
	static const WCHAR name_a[] = FRAG_A;
	HTTP_DATA_CHUNK c[4];
	char buf[16];
	ULONG result, got;
	int status;

	c[0] = memory_chunk("<");
	memset(&c[1], 0, sizeof(c[1]));
	c[1].DataChunkType = HttpDataChunkFromFragmentCache;
	c[1].FromFragmentCache.pFragmentName = name_a;
	c[1].FromFragmentCache.FragmentNameLength = sizeof(name_a) - sizeof(WCHAR);
	memset(&c[2], 0, sizeof(c[2]));
	c[2].DataChunkType = HttpDataChunkFromFragmentCacheEx;
	c[2].FromFragmentCacheEx.pFragmentName = FRAG_F;
	c[2].FromFragmentCacheEx.ByteRange.StartingOffset = 5;
	c[2].FromFragmentCacheEx.ByteRange.Length = 4;
	c[3] = memory_chunk(">");
	CHECK(get_chunks("/cache/page", c, 4, &result) == 200 && result == NO_ERROR &&
	      body_is("<ABCDEFGHIJfrag>") &&
	      strstr(out, "\r\nContent-Length: 16\r\n"),
	      "send: FromFragmentCache and a FromFragmentCacheEx range between memory chunks");
	c[2].FromFragmentCacheEx.ByteRange.Length = HTTP_BYTE_RANGE_TO_EOF;
	CHECK(get_chunks("/cache/page", &c[2], 1, &result) == 200 &&
	      result == NO_ERROR && body_is("fragment"),
	      "send: a FromFragmentCacheEx range to its end");
	CHECK(HttpFlushResponseCache(q, L"http://+:8270/cache/frag/",
				     HTTP_FLUSH_RESPONSE_FLAG_RECURSIVE, NULL) ==
	      NO_ERROR &&
	      read_frag(FRAG_A, 0, 0, buf, sizeof(buf), &got) == ERROR_PATH_NOT_FOUND &&
	      read_frag(FRAG_F, 0, 0, buf, sizeof(buf), &got) == ERROR_PATH_NOT_FOUND,
	      "flush: RECURSIVE drops the fragments under it");
	status = get_chunks("/cache/page", c, 4, &result);
	CHECK(status == 200 && result == ERROR_PATH_NOT_FOUND &&
	      body_is("fallback"),
	      "send: a flushed FromFragmentCache chunk: ERROR_PATH_NOT_FOUND, nothing sent (%u)",
	      (unsigned int)result);
	status = get_chunks("/cache/page", &c[2], 1, &result);
	CHECK(status == 200 && result == ERROR_PATH_NOT_FOUND &&
	      body_is("fallback"),
	      "send: a flushed FromFragmentCacheEx chunk: ERROR_PATH_NOT_FOUND (%u)",
	      (unsigned int)result);
}

/* @r is the overlapped call's first answer: done at once or pending. */
static int started(ULONG r)
{
	return r == NO_ERROR || r == ERROR_IO_PENDING;
}

/* The overlapped result of @ov once its event is set: the error, *@bytes. */
static ULONG result_of(OVERLAPPED *ov, DWORD *bytes)
{
	if (WaitForSingleObject(ov->hEvent, WAIT_MS) != WAIT_OBJECT_0)
		return WAIT_TIMEOUT;
	return GetOverlappedResult(q, ov, bytes, FALSE) ? NO_ERROR : GetLastError();
}

static void test_overlapped_events(void)
{
	HTTP_DATA_CHUNK c = memory_chunk("overlapped");
	HTTP_BYTE_RANGE range = { 4, 6 };
	OVERLAPPED ov;
	DWORD bytes = 0;
	char buf[16] = "";
	ULONG r;
	int ok;

	memset(&ov, 0, sizeof(ov));
	ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	r = add(FRAG_A, &c, &ov);
	CHECK(started(r) && result_of(&ov, &bytes) == NO_ERROR,
	      "overlapped: HttpAddFragmentToCache completes through its event (%u)",
	      (unsigned int)r);
	r = HttpReadFragmentFromCache(q, FRAG_A, &range, buf, sizeof(buf), NULL, &ov);
	if (started(r))
		r = result_of(&ov, &bytes);
	CHECK(r == NO_ERROR && bytes == 6 && !memcmp(buf, "lapped", 6),
	      "overlapped: HttpReadFragmentFromCache, its bytes through GetOverlappedResult (%u, %u)",
	      (unsigned int)r, (unsigned int)bytes);
	ResetEvent(ov.hEvent);
	r = HttpReadFragmentFromCache(q, FRAG_A, NULL, buf, 4, NULL, &ov);
	bytes = 0;
	ok = !GetOverlappedResult(q, &ov, &bytes, FALSE) &&
	     GetLastError() == ERROR_INSUFFICIENT_BUFFER;
	CHECK(r == ERROR_INSUFFICIENT_BUFFER && ok && bytes == 10 &&
	      WaitForSingleObject(ov.hEvent, 0) == WAIT_TIMEOUT,
	      "overlapped: a short buffer fails at once, the size needed in the OVERLAPPED, no event (%u)",
	      (unsigned int)bytes);
	r = HttpFlushResponseCache(q, FRAG_A, 0, &ov);
	CHECK(started(r) && result_of(&ov, &bytes) == NO_ERROR &&
	      read_frag(FRAG_A, 0, 0, buf, sizeof(buf), &bytes) ==
	      ERROR_PATH_NOT_FOUND,
	      "overlapped: HttpFlushResponseCache through its event (%u)",
	      (unsigned int)r);
	CloseHandle(ov.hEvent);
}

/* The next packet of @port is for @ov, a success; within WAIT_MS. */
static int packet_for(HANDLE port, OVERLAPPED *ov, DWORD *bytes)
{
	OVERLAPPED *got = NULL;
	ULONG_PTR key = 0;

	return GetQueuedCompletionStatus(port, bytes, &key, &got, WAIT_MS) &&
	       got == ov && key == 77;
}

/* A second queue, on a port: every cache call's packet arrives there. */
static void test_overlapped_port(void)
{
	HTTP_DATA_CHUNK c = memory_chunk("port");
	PCWSTR name = L"http://localhost:8271/cache/p";
	HANDLE q2 = NULL, port = NULL;
	OVERLAPPED ov;
	DWORD bytes = 0;
	char buf[8] = "";
	ULONG r;

	if (!CHECK(HttpCreateHttpHandle(&q2, 0) == NO_ERROR &&
		   HttpAddUrl(q2, L"http://+:8271/cache/", NULL) == NO_ERROR &&
		   (port = CreateIoCompletionPort(q2, NULL, 77, 0)),
		   "set-up: a second queue on a completion port"))
		return;
	memset(&ov, 0, sizeof(ov));
	r = HttpAddFragmentToCache(q2, name, &c, &forever, &ov);
	CHECK(started(r) && packet_for(port, &ov, &bytes),
	      "port: HttpAddFragmentToCache's packet (%u)", (unsigned int)r);
	r = HttpReadFragmentFromCache(q2, name, NULL, buf, sizeof(buf), NULL, &ov);
	CHECK(started(r) && packet_for(port, &ov, &bytes) && bytes == 4 &&
	      !memcmp(buf, "port", 4),
	      "port: HttpReadFragmentFromCache's packet with its 4 bytes (%u)",
	      (unsigned int)r);
	CHECK(HttpReadFragmentFromCache(q, name, NULL, buf, sizeof(buf), &bytes,
					NULL) == ERROR_PATH_NOT_FOUND,
	      "port: another queue cannot read that queue's fragment");
	r = HttpFlushResponseCache(q2, L"http://+:8271/cache/",
				   HTTP_FLUSH_RESPONSE_FLAG_RECURSIVE, &ov);
	CHECK(started(r) && packet_for(port, &ov, &bytes) &&
	      HttpReadFragmentFromCache(q2, name, NULL, buf, sizeof(buf), &bytes,
					NULL) == ERROR_PATH_NOT_FOUND,
	      "port: HttpFlushResponseCache's packet (%u)", (unsigned int)r);
	CloseHandle(q2);
	CloseHandle(port);
}

int main(void)
{
	alarm(120);	/* the harness bounds the run too */
	q = app_start(PREFIX);
	if (!q)
		return 1;
	test_response_cache();
	test_time_to_live();
	test_flush();
	test_registration_gone();
	test_fragments();
	test_fragment_chunks();
	test_overlapped_events();
	test_overlapped_port();
	app_finish(q);
	return tap_exit_status();
}
