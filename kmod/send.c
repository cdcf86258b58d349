// SPDX-License-Identifier: GPL-2.0
/*
 * Responses: the status line and headers from the application, with the
 * framing headers the server owns (Date always; Content-Length and
 * Connection when needed), then the entity chunks.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/overflow.h>

#include "cache.h"
#include "core.h"
#include "httpsys_trace.h"
#include "httpsys.h"
#include "proto/known_headers.h"

struct response_head {
	char *buf;
	size_t len;
	size_t size;
	u64 body_length;	/* what the head declares; U64_MAX unknown */
	size_t date_off;	/* where the Date line starts */
	bool has_server;	/* the application gave a Server line */
	bool keep_alive;
	bool no_body;
};

static void head_append(struct response_head *h, const char *s, size_t len)
{
	/* Sized in build_head(); the WARN guards the arithmetic there. */
	if (WARN_ON_ONCE(h->len + len > h->size))
		return;
	memcpy(h->buf + h->len, s, len);
	h->len += len;
}

static bool reason_is_valid(const char *r, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char ch = r[i];

		if (ch != '\t' && (ch < 0x20 || ch == 0x7f))
			return false;
	}
	return true;
}

static bool value_is_token(const char *v, size_t len, const char *token)
{
	return len == strlen(token) && http_ascii_case_equal(v, token, len);
}

/* An application's Content-Length: digits only, else unknown (U64_MAX). */
static u64 content_length_value(const char *v, size_t len)
{
	u64 n = 0;
	size_t i;

	if (!len || len > 19)
		return U64_MAX;
	for (i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return U64_MAX;
		n = n * 10 + (v[i] - '0');
	}
	return n;
}

/*
 * Build the response head into @h.  @headers holds the application's
 * "Name: value\r\n" lines, already copied in.  Decides whether the
 * connection stays open, whether a body may follow and how long it is;
 * the request takes these on only when the head is sent.
 */
static int build_head(const struct httpsys_request *req,
		      const struct httpsys_send *s, const char *reason,
		      const char *headers, u64 body_len, bool body_blocks_reuse,
		      struct response_head *h)
{
	bool has_length = false, has_te = false, has_server = false;
	bool app_close = false, keep_alive, no_body_status;
	char line[96];
	size_t pos = 0;
	int n;

	h->size = s->headers_len + s->reason_len + 256;
	h->buf = kmalloc(h->size, GFP_KERNEL_ACCOUNT);
	if (!h->buf)
		return -ENOMEM;
	n = scnprintf(line, sizeof(line), "HTTP/1.1 %03u ", s->status);
	head_append(h, line, n);
	head_append(h, reason, s->reason_len);
	head_append(h, "\r\n", 2);

	while (pos < s->headers_len) {
		struct http_field f;
		int len = http_parse_field_line(headers + pos,
						s->headers_len - pos, &f);
		const char *value = headers + pos + f.value_off;

		if (len <= 0)
			return -EINVAL;
		switch (f.id) {
		case HDR_DATE:		/* the server's Date replaces it */
			pos += len;
			continue;
		case HDR_CONTENT_LENGTH:
			has_length = true;
			h->body_length = content_length_value(value, f.value_len);
			break;
		case HDR_TRANSFER_ENCODING:
			has_te = true;
			break;
		case HDR_CONNECTION:
			app_close |= value_is_token(value, f.value_len, "close");
			break;
		}
		/* Response-only names map to HDR_UNKNOWN in the request table. */
		if (f.name_len == 6 && http_ascii_case_equal(headers + pos, "Server", 6))
			has_server = true;
		head_append(h, headers + pos, len);
		pos += len;
	}

	no_body_status = s->status < 200 || s->status == 204 || s->status == 304;
	keep_alive = req->parsed.keep_alive && !app_close && !body_blocks_reuse &&
		     !(s->flags & HTTPSYS_SEND_DISCONNECT);
	if (has_te) {
		h->body_length = U64_MAX;	/* the application frames it */
	} else if (!has_length && !no_body_status) {
		if (s->flags & HTTPSYS_SEND_MORE_DATA) {
			/* Nothing frames the body: closing the connection ends it. */
			keep_alive = false;
		} else {
			n = scnprintf(line, sizeof(line), "Content-Length: %llu\r\n",
				      body_len);
			head_append(h, line, n);
			h->body_length = body_len;
		}
	}
	/* What follows is per response: a cached one replays the rest. */
	h->date_off = h->len;
	h->has_server = has_server;
	format_http_date(line, sizeof(line));
	head_append(h, line, strlen(line));
	if (!has_server)
		head_append(h, HTTPSYS_SERVER_LINE, strlen(HTTPSYS_SERVER_LINE));
	if (!keep_alive && !app_close)
		head_append(h, "Connection: close\r\n", 19);
	else if (keep_alive && req->parsed.version_minor == 0)
		head_append(h, "Connection: keep-alive\r\n", 24);
	head_append(h, "\r\n", 2);

	h->keep_alive = keep_alive;
	h->no_body = req->head_only || no_body_status;
	return 0;
}

static int send_validate(const struct httpsys_send *s, bool body_only)
{
	if (s->flags & ~(HTTPSYS_SEND_DISCONNECT | HTTPSYS_SEND_MORE_DATA |
			 HTTPSYS_SEND_BUFFER_DATA |
			 HTTPSYS_SEND_AUTH_PRESERVE_ORDER))
		return -EINVAL;
	if ((s->flags & HTTPSYS_SEND_DISCONNECT) && (s->flags & HTTPSYS_SEND_MORE_DATA))
		return -EINVAL;
	if (s->chunk_count > HTTPSYS_MAX_CHUNKS)
		return -EINVAL;
	if (body_only)
		return (s->status || s->reason_len || s->headers_len) ? -EINVAL : 0;
	if (s->cache_policy > HTTPSYS_CACHE_TIME_TO_LIVE ||
	    (s->cache_policy == HTTPSYS_CACHE_TIME_TO_LIVE && !s->cache_seconds))
		return -EINVAL;
	if (s->status < 100 || s->status > 999 ||
	    s->reason_len > HTTPSYS_MAX_REASON_LEN ||
	    s->headers_len > HTTPSYS_MAX_RESPONSE_HEADERS_LEN)
		return -EINVAL;
	return 0;
}

/*
 * Body bytes a send may add: never past the length the head declared,
 * because a client would read the excess as the next response.
 */
static bool body_fits(const struct httpsys_request *req, u64 len)
{
	return req->reply_no_body || req->body_declared == U64_MAX ||
	       (req->body_sent <= req->body_declared &&
		len <= req->body_declared - req->body_sent);
}

long send_response(struct httpsys_queue *q, void __user *arg, bool body_only)
{
	struct httpsys_send __user *uarg = arg;
	struct response_head h = { .body_length = U64_MAX };
	struct cache_entry *entry = NULL;
	struct httpsys_log_data *log_data = NULL;
	struct send_chunk *chunks = NULL;
	struct httpsys_request *req;
	struct httpsys_conn *c;
	struct httpsys_send s;
	char *strings = NULL, *auth_headers = NULL;
	const char *headers;
	size_t auth_len;
	u64 body_len, sent = 0;
	bool final, retired = false, on_wire = false, blocks_reuse = false;
	bool keep_alive = false;
	int err;

	if (copy_from_user(&s, uarg, sizeof(s)))
		return -EFAULT;
	err = send_validate(&s, body_only);
	if (err)
		return err;
	final = !(s.flags & HTTPSYS_SEND_MORE_DATA);
	req = queue_find_active(q, s.request_id);
	if (!req)
		return -ENOENT;
	c = req->conn;
	err = log_data_copy(&s, &log_data);
	if (err)
		goto out;
	chunks = chunks_get(&s, q->id, &body_len);
	if (IS_ERR(chunks)) {
		err = PTR_ERR(chunks);
		chunks = NULL;
		goto out;
	}
	if (!body_only) {
		strings = kmalloc(s.reason_len + s.headers_len + 1, GFP_KERNEL_ACCOUNT);
		if (!strings) {
			err = -ENOMEM;
			goto out;
		}
		if (copy_from_user(strings, u64_to_user_ptr(s.reason), s.reason_len) ||
		    copy_from_user(strings + s.reason_len,
				   u64_to_user_ptr(s.headers), s.headers_len)) {
			err = -EFAULT;
			goto out;
		}
		if (!reason_is_valid(strings, s.reason_len)) {
			err = -EINVAL;
			goto out;
		}
		headers = strings + s.reason_len;
		/* Before any lock: a Digest challenge waits for helperd. */
		if (req->auth.settings) {
			err = auth_response_headers(req, s.status, s.flags, headers,
						    s.headers_len, &auth_headers,
						    &auth_len);
			if (err)
				goto out;
			if (auth_headers) {
				headers = auth_headers;
				s.headers_len = auth_len;
			}
		}
		/* Decided before tx_lock: the receive side takes rx_lock first. */
		mutex_lock(&c->rx_lock);
		blocks_reuse = c->current_req == req && body_prevents_reuse(c);
		mutex_unlock(&c->rx_lock);
		err = build_head(req, &s, strings, headers, body_len,
				 blocks_reuse, &h);
		if (err)
			goto out;
		/* Copied before it goes: the bytes sent are the bytes kept. */
		if (s.cache_policy)
			entry = cache_response_entry(req, &s, h.buf, h.date_off,
						     h.has_server, headers,
						     chunks, body_len);
	}

	mutex_lock(&c->tx_lock);
	if (!body_only) {
		/* Only the send that takes the request on sets these. */
		if (READ_ONCE(req->state) == REQ_DELIVERED) {
			req->reply_keep_alive = h.keep_alive;
			req->reply_status = s.status;
			req->reply_no_body = h.no_body;
			req->body_declared = h.body_length;
			req->body_sent = 0;
		}
	}
	/* A body that overruns its Content-Length fails before any byte goes. */
	if (READ_ONCE(req->state) == (body_only ? REQ_RESPONDING : REQ_DELIVERED) &&
	    !body_fits(req, body_len)) {
		err = -EINVAL;
		goto unlock;
	}
	err = queue_begin_send(q, req, body_only, final, &retired);
	if (err)
		goto unlock;
	if (!body_only) {
		struct kvec vec = { .iov_base = h.buf, .iov_len = h.len };

		on_wire = true;
		err = conn_send(c, &vec, 1, h.len, !req->reply_no_body && body_len);
	} else if (s.flags & HTTPSYS_SEND_DISCONNECT) {
		req->reply_keep_alive = false;
	}
	on_wire = true;
	/* Without BUFFER_DATA, a MORE_DATA piece goes out now, not corked. */
	if (!err && !req->reply_no_body)
		err = chunks_send(c, chunks, s.chunk_count,
				  !final && (s.flags & HTTPSYS_SEND_BUFFER_DATA),
				  &sent);
	req->body_sent += sent;
	log_sent(req, &log_data, s.log_data_len,
		 (body_only ? 0 : h.len) + sent, final && !err);
	stats_bytes_out(sent);	/* the head went through conn_send() */
	/* A body shorter than declared leaves the client waiting: close. */
	keep_alive = !err && req->reply_keep_alive &&
		     (req->reply_no_body || req->body_declared == U64_MAX ||
		      req->body_sent == req->body_declared);
unlock:
	mutex_unlock(&c->tx_lock);
	/*
	 * A failure after bytes went out leaves the response unfinishable:
	 * the request is retired (its ID goes stale) and the connection closed.
	 */
	if (!retired && err && on_wire)
		retired = queue_retire(q, req);
	if (retired) {
		trace_httpsys_response_done(req->id, req->reply_status,
					    req->body_sent, err);
		if (!err)
			stats_response(req->reply_status);
		conn_request_done(c, req, keep_alive);
		request_put(req);	/* the active list's reference */
	}
	if (!err && put_user(sent, &uarg->bytes_sent))
		err = -EFAULT;
	if (entry && !err &&
	    !cache_insert(entry, q, s.cache_policy == HTTPSYS_CACHE_TIME_TO_LIVE ?
			  s.cache_seconds : 0))
		entry = NULL;	/* the cache's now */
out:
	kfree(log_data);
	cache_entry_put(entry);
	kfree(strings);
	kfree(auth_headers);
	kfree(h.buf);
	chunks_put(chunks, s.chunk_count);
	request_put(req);
	return err;
}
