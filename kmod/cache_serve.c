// SPDX-License-Identifier: GPL-2.0
/*
 * The response cache's rules (docs/CACHE.md): which requests may be
 * answered from it and which responses may be stored, and the replay of a
 * stored response in the context that parsed the request.  A request is
 * routed before it gets here, so an entry answers only while its URL
 * still routes to the queue that stored it.
 */
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <net/sock.h>

#include "cache.h"
#include "httpsys_trace.h"
#include "proto/known_headers.h"

/* Room beyond a response's bytes the socket must have for a replay. */
#define CACHE_SEND_SLACK	4096

static bool value_is(const char *v, u16 len, const char *token)
{
	return len == strlen(token) && http_ascii_case_equal(v, token, len);
}

/*
 * A GET of HTTP/1.0 or later without a body, a query, credentials, a
 * range, a condition, "Translate: f" or an Expect but 100-continue, to a
 * URL without authentication.
 */
bool cache_request_ok(const struct httpsys_request *req)
{
	const struct http_request_head *h = &req->parsed;
	u16 i;

	if (h->verb != VERB_GET || h->has_body || h->version_major < 1 ||
	    req->query_off < h->target_len || req->auth.settings ||
	    req->path_len > HTTPSYS_MAX_URL_LEN)
		return false;
	for (i = 0; i < h->field_count; i++) {
		const struct http_field *f = &req->fields[i];
		const char *v = req->head + f->value_off;

		switch (f->id) {
		case HDR_AUTHORIZATION:
		case HDR_RANGE:
		case HDR_IF_RANGE:
		case HDR_IF_MATCH:
		case HDR_IF_NONE_MATCH:
		case HDR_IF_MODIFIED_SINCE:
		case HDR_IF_UNMODIFIED_SINCE:
			return false;
		case HDR_TRANSLATE:
			if (value_is(v, f->value_len, "f"))
				return false;
			break;
		case HDR_EXPECT:
			if (!value_is(v, f->value_len, "100-continue"))
				return false;
			break;
		}
	}
	return true;
}

/* Response header names that make a response another client's, or its
 * framing the connection's: never stored.
 */
static const char *const uncacheable_headers[] = {
	"Vary", "Set-Cookie", "Transfer-Encoding", "Connection",
};

static bool name_is(const char *name, u16 len, const char *want)
{
	return len == strlen(want) && http_ascii_case_equal(name, want, len);
}

/* The application's header lines allow storing, and agree on the length. */
static bool cache_headers_ok(const char *headers, u32 len, u64 body_len)
{
	u32 pos = 0;
	size_t i;

	while (pos < len) {
		struct http_field f;
		int n = http_parse_field_line(headers + pos, len - pos, &f);
		const char *name = headers + pos + f.name_off;

		if (n <= 0)
			return false;
		for (i = 0; i < ARRAY_SIZE(uncacheable_headers); i++) {
			if (name_is(name, f.name_len, uncacheable_headers[i]))
				return false;
		}
		if (f.id == HDR_CONTENT_LENGTH) {
			char digits[24];

			if (f.value_len >= sizeof(digits) ||
			    scnprintf(digits, sizeof(digits), "%llu", body_len) !=
			    f.value_len ||
			    memcmp(digits, headers + pos + f.value_off, f.value_len))
				return false;
		}
		pos += n;
	}
	return true;
}

/*
 * The entry a final response to @req would store, filled from the
 * response's head up to its Date line (@head, @head_len) and its chunks,
 * or NULL when the request, the response or the policy does not allow
 * it.  The caller inserts it once the response went out whole.
 */
struct cache_entry *cache_response_entry(const struct httpsys_request *req,
					 const struct httpsys_send *s,
					 const char *head, u32 head_len,
					 bool has_server, const char *headers,
					 const struct send_chunk *chunks,
					 u64 body_len)
{
	struct cache_key k = {
		.host = req->host, .host_len = req->host_len,
		.path = req->path, .path_len = req->path_len,
		.port = req->conn->local_port,
	};
	struct cache_entry *e;

	if (s->cache_policy == HTTPSYS_CACHE_NONE || s->status != 200 ||
	    (s->flags & (HTTPSYS_SEND_MORE_DATA | HTTPSYS_SEND_DISCONNECT)) ||
	    body_len > LIMIT(cache_max_entry_bytes) ||
	    !cache_request_ok(req) ||
	    !cache_headers_ok(headers, s->headers_len, body_len))
		return NULL;
	e = cache_entry_alloc(&k, head_len, body_len);
	if (!e)
		return NULL;
	memcpy(e->head, head, head_len);
	e->has_server = has_server;
	if (chunks_copy(chunks, s->chunk_count, e->body)) {
		cache_entry_put(e);
		return NULL;
	}
	return e;
}

/*
 * Answer @req from the cache if it may be and an entry of its queue
 * holds its URL: 0 not answered (it goes to the queue), 1 answered, -1
 * answered and the connection is to close.  The replay is one send of
 * the stored head, a fresh Date (and Server, Connection) and the stored
 * body, made only when the socket has room for all of it, so this
 * context never waits; otherwise the application answers.  A connection
 * under a bandwidth limit, which would have to wait, is never answered
 * here either.
 */
int cache_serve(struct httpsys_conn *c, struct httpsys_request *req)
{
	struct cache_key k = {
		.host = req->host, .host_len = req->host_len,
		.path = req->path, .path_len = req->path_len,
		.port = c->local_port,
	};
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	bool keep_alive = req->parsed.keep_alive;
	struct cache_entry *e;
	struct kvec vec[3];
	char tail[128];
	size_t len, n;
	int sent;

	if (!cache_request_ok(req))
		return 0;
	e = cache_lookup(&k, req->queue->id);
	if (!e || READ_ONCE(c->bandwidth)) {
		cache_entry_put(e);
		cache_count(false);
		return 0;
	}
	format_http_date(tail, sizeof(tail));
	n = strlen(tail);
	if (!e->has_server)
		n += strscpy(tail + n, HTTPSYS_SERVER_LINE, sizeof(tail) - n);
	if (!keep_alive)
		n += strscpy(tail + n, "Connection: close\r\n", sizeof(tail) - n);
	else if (req->parsed.version_minor == 0)
		n += strscpy(tail + n, "Connection: keep-alive\r\n",
			     sizeof(tail) - n);
	n += strscpy(tail + n, "\r\n", sizeof(tail) - n);
	len = e->head_len + n + e->body_len;
	if ((long)sk_stream_wspace(c->sock->sk) <
	    (long)(len + len / 8 + CACHE_SEND_SLACK)) {
		cache_entry_put(e);
		cache_count(false);
		return 0;
	}
	vec[0] = (struct kvec){ .iov_base = e->head, .iov_len = e->head_len };
	vec[1] = (struct kvec){ .iov_base = tail, .iov_len = n };
	vec[2] = (struct kvec){ .iov_base = e->body, .iov_len = e->body_len };
	mutex_lock(&c->tx_lock);
	sent = conn_dead(c) ? -EPIPE : kernel_sendmsg(c->sock, &msg, vec, 3, len);
	mutex_unlock(&c->tx_lock);
	log_cache_hit(req, max(sent, 0), sent == (int)len);
	atomic64_inc(&e->hits);
	cache_count(true);
	trace_httpsys_cache_hit(c->id, req->queue->id, len);
	stats_cache_sent(e->head, e->head_len, sent);
	cache_entry_put(e);
	/* A response cut short cannot be finished: the connection ends. */
	return sent == (int)len && keep_alive ? 1 : -1;
}
