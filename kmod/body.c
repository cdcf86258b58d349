// SPDX-License-Identifier: GPL-2.0
/*
 * Request bodies: Content-Length or chunked framing over the connection's
 * receive buffer, read by the application in pieces of its own size.  The
 * buffer is bounded, so a body streams through it and is never held whole.
 *
 * Body bytes ready for the application sit at the front of c->rx: for
 * Content-Length the first min(rx_len, body_left) bytes, for chunked the
 * first body_decoded bytes (the decoder works in place, behind them).
 */
#include <linux/uaccess.h>

#include "core.h"

#define CONTINUE_RESPONSE	"HTTP/1.1 100 Continue\r\n\r\n"

void body_start(struct httpsys_conn *c, const struct http_request_head *head)
{
	lockdep_assert_held(&c->rx_lock);
	c->body_chunked = head->chunked;
	c->body_left = head->content_length;
	c->body_decoded = 0;
	c->body_read = 0;
	c->continue_pending = head->expect_continue && head->has_body;
	if (c->body_chunked)
		chunked_init(&c->chunks);
}

/*
 * Body bytes ready at the front of c->rx; -EPROTO on bad chunked framing,
 * -EFBIG past max_body_bytes.  Chunk framing (size lines, extensions,
 * trailers) counts against the limit as the data does: a client may not
 * send more on the wire than the limit.
 */
long body_ready(struct httpsys_conn *c)
{
	size_t data;
	long used;
	u64 limit;

	lockdep_assert_held(&c->rx_lock);
	if (!c->body_chunked)
		return min_t(u64, c->rx_len, c->body_left);
	if (chunked_done(&c->chunks) || c->body_decoded == c->rx_len)
		return c->body_decoded;
	used = chunked_decode(&c->chunks, c->rx + c->body_decoded,
			      c->rx_len - c->body_decoded, &data);
	if (used < 0)
		return -EPROTO;
	c->body_framing += used - data;
	limit = LIMIT(max_body_bytes);
	if (limit &&
	    c->body_read + c->body_decoded + data + c->body_framing > limit)
		return -EFBIG;
	/* Close the gap the framing left between the data and the rest. */
	memmove(c->rx + c->body_decoded + data, c->rx + c->body_decoded + used,
		c->rx_len - c->body_decoded - used);
	c->rx_len -= used - data;
	c->body_decoded += data;
	return c->body_decoded;
}

/*
 * Bytes of the body received so far, read or waiting, with their chunk
 * framing: Windows counts them in a request's BytesReceived.
 */
u64 body_received(struct httpsys_conn *c)
{
	long ready = body_finished(c) ? 0 : body_ready(c);

	return c->body_read + max(ready, 0L) + c->body_framing;
}

bool body_finished(struct httpsys_conn *c)
{
	lockdep_assert_held(&c->rx_lock);
	if (c->body_chunked)
		return chunked_done(&c->chunks) && !c->body_decoded;
	return !c->body_left;
}

/*
 * True when what is left of the body is a reason to close the connection
 * after the response rather than drain it: a client still waiting for 100
 * Continue may never send it, and a long one is not worth reading.
 */
bool body_prevents_reuse(struct httpsys_conn *c)
{
	lockdep_assert_held(&c->rx_lock);
	if (body_finished(c))
		return false;
	return c->continue_pending ||
	       (!c->body_chunked && c->body_left > HTTPSYS_MAX_DRAIN);
}

/* True when @n ready bytes are all that is left of the body. */
bool body_ends_after(struct httpsys_conn *c, u32 n)
{
	lockdep_assert_held(&c->rx_lock);
	if (c->body_chunked)
		return chunked_done(&c->chunks) && n == c->body_decoded;
	return n == c->body_left;
}

/* Drop @n ready bytes from the front of the buffer. */
void body_consume(struct httpsys_conn *c, u32 n)
{
	lockdep_assert_held(&c->rx_lock);
	memmove(c->rx, c->rx + n, c->rx_len - n);
	c->rx_len -= n;
	if (c->body_chunked)
		c->body_decoded -= n;
	else
		c->body_left -= n;
	c->body_read += n;
}

/* How many more raw bytes a buffer of @rx_max may take for this body. */
u32 body_rx_room(struct httpsys_conn *c, u32 rx_max)
{
	u32 room = rx_max > c->rx_len ? rx_max - c->rx_len : 0;

	if (c->body_chunked)
		return chunked_done(&c->chunks) ? 0 : room;
	return min_t(u64, room, c->body_left > c->rx_len ?
		     c->body_left - c->rx_len : 0);
}

/*
 * The first read of a body the client is holding back for "100 Continue"
 * sends it, unless the response has begun (the client must then not send
 * the body) or body bytes came anyway.
 */
static void body_send_continue(struct httpsys_conn *c,
			       struct httpsys_request *req)
{
	struct kvec vec = {
		.iov_base = CONTINUE_RESPONSE,
		.iov_len = sizeof(CONTINUE_RESPONSE) - 1,
	};
	bool send;

	mutex_lock(&c->rx_lock);
	send = c->continue_pending && c->current_req == req && !c->rx_len;
	c->continue_pending = false;
	mutex_unlock(&c->rx_lock);
	if (!send)
		return;
	mutex_lock(&c->tx_lock);
	if (req->state == REQ_DELIVERED)
		conn_send(c, &vec, 1, vec.iov_len, false);
	mutex_unlock(&c->tx_lock);
}

/*
 * Copy up to @n ready body bytes to @ubuf through @bounce, without rx_lock
 * held across the copy-out (a faulting buffer must not stall the receive
 * work); the bytes are consumed only once they reached the reader.  0 when
 * the request or its body moved on meanwhile, so nothing was read.
 */
static long body_copy_out(struct httpsys_conn *c, struct httpsys_request *req,
			  char *bounce, void __user *ubuf, u32 n)
{
	u64 body_read;

	memcpy(bounce, c->rx, n);
	body_read = c->body_read;
	mutex_unlock(&c->rx_lock);
	if (copy_to_user(ubuf, bounce, n))
		return -EFAULT;
	mutex_lock(&c->rx_lock);
	if (c->current_req != req || conn_dead(c) || c->body_read != body_read)
		return 0;
	body_consume(c, n);
	return n;
}

/*
 * body_read() with the reader's turn: fills *@copied, returns the error
 * that ended the read (used when nothing was copied).
 */
static ssize_t body_read_locked(struct httpsys_conn *c,
				struct httpsys_request *req, char *bounce,
				size_t bounce_len, void __user *buf, size_t len,
				bool fill, bool nonblock, size_t *copied)
{
	long ready, n;
	u32 seq;
	int err;

	for (;;) {
		mutex_lock(&c->rx_lock);
		if (c->current_req != req || conn_dead(c)) {
			mutex_unlock(&c->rx_lock);
			return conn_dead(c) ? -ECONNRESET : -ENOENT;
		}
		ready = body_ready(c);
		if (ready < 0) {
			mutex_unlock(&c->rx_lock);
			conn_close(c);
			return -ECONNRESET;
		}
		if (body_finished(c)) {
			mutex_unlock(&c->rx_lock);
			return -ENODATA;
		}
		seq = c->rx_seq;
		n = min_t(size_t, min_t(size_t, ready, len - *copied),
			  bounce_len);
		if (n) {
			n = body_copy_out(c, req, bounce, buf + *copied, n);
			if (n < 0)
				return n;	/* rx_lock was dropped */
			mutex_unlock(&c->rx_lock);
			if (!n)
				continue;	/* moved on: see why */
			*copied += n;
			conn_kick(c);	/* room freed: read more */
		} else {
			mutex_unlock(&c->rx_lock);
		}
		if (*copied == len || (*copied && !fill))
			return 0;
		/* FILL_BUFFER: the body may have ended with these bytes. */
		if (n)
			continue;
		if (conn_dead(c) || READ_ONCE(c->peer_eof))
			return -ECONNRESET;
		if (nonblock)
			return -EAGAIN;
		err = wait_event_interruptible(c->body_wait,
					       READ_ONCE(c->rx_seq) != seq ||
					       conn_dead(c) ||
					       READ_ONCE(c->peer_eof));
		if (err)
			return err;
	}
}

/* Read the body of @req; readers of one request take turns. */
ssize_t body_read(struct httpsys_queue *q, struct httpsys_request *req,
		  void __user *buf, size_t len, bool fill, bool nonblock)
{
	struct httpsys_conn *c = req->conn;
	size_t bounce_len = min_t(size_t, len, HTTPSYS_MAX_REQUEST_BYTES +
				  HTTPSYS_RX_SLACK);
	size_t copied = 0;
	char *bounce;
	ssize_t ret;

	if (READ_ONCE(c->continue_pending))
		body_send_continue(c, req);
	bounce = kvmalloc(bounce_len ?: 1, GFP_KERNEL_ACCOUNT);
	if (!bounce)
		return -ENOMEM;
	if (mutex_lock_interruptible(&c->body_read_lock)) {
		kvfree(bounce);
		return -EINTR;
	}
	/* Delegated to another queue meanwhile (it moves under this lock). */
	if (READ_ONCE(req->queue) != q)
		ret = -ENOENT;
	else
		ret = body_read_locked(c, req, bounce, bounce_len, buf, len,
				       fill, nonblock, &copied);
	mutex_unlock(&c->body_read_lock);
	kvfree(bounce);
	return copied ? copied : ret;
}
