// SPDX-License-Identifier: GPL-2.0
/*
 * Connections: receive bytes from the socket in a work item, parse one
 * request head at a time, route it to a queue, and stream its body to the
 * application on demand.  A connection holds at most one request; the next
 * one is parsed after the final response, which gives pipelined requests
 * their order.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <net/ipv6.h>

#include "cache.h"
#include "core.h"
#include "httpsys_trace.h"
#include "httpsys.h"
#include "proto/known_headers.h"

static LIST_HEAD(conn_list);
static DEFINE_SPINLOCK(conn_list_lock);
static atomic_t conn_count = ATOMIC_INIT(0);
/*
 * Open connections that carried a request to a queue, by ID, for
 * HttpWaitForDisconnect.  An index is an unsigned long: on 32-bit
 * machines a lookup checks the whole ID.
 */
static DEFINE_XARRAY(conn_index);
/* Connections in a cache of their own: kmalloc would round them up a lot. */
static struct kmem_cache *conn_cache;

int __init conn_cache_init(void)
{
	conn_cache = KMEM_CACHE(httpsys_conn, 0);
	return conn_cache ? 0 : -ENOMEM;
}

/* Last: a work item may drop a connection's last reference until then. */
void conn_cache_exit(void)
{
	rcu_barrier();	/* conn_free_rcu() is this module's code */
	kmem_cache_destroy(conn_cache);
}

/* Only @c's own entry: on 32-bit machines another ID may share the index. */
static void conn_unindex(struct httpsys_conn *c)
{
	xa_cmpxchg(&conn_index, c->id, c, NULL, GFP_KERNEL);
}

/*
 * The receive buffer and the parser's scratch, allocated together when
 * bytes may arrive for a head; false when memory is short.
 */
static bool conn_rx_alloc(struct httpsys_conn *c)
{
	c->rx = kmalloc(HTTPSYS_RX_INITIAL, GFP_KERNEL);
	c->fields = kmalloc_array(c->max_fields, sizeof(*c->fields), GFP_KERNEL);
	if (c->rx && c->fields) {
		c->rx_size = HTTPSYS_RX_INITIAL;
		return true;
	}
	kfree(c->rx);
	kfree(c->fields);
	c->rx = NULL;
	c->fields = NULL;
	return false;
}

/* Free both, giving back to the budget what the buffer grew by. */
static void conn_rx_free(struct httpsys_conn *c)
{
	if (c->rx_size > HTTPSYS_RX_INITIAL)
		rx_budget_return(c->rx_size - HTTPSYS_RX_INITIAL);
	kfree(c->rx);
	kfree(c->fields);
	c->rx = NULL;
	c->fields = NULL;
	c->rx_len = 0;
	c->rx_size = 0;
}

/*
 * A connection with nothing buffered and no body to come, idle between
 * requests or with its request queued, keeps no buffer: thousands of idle
 * keep-alive connections then cost little more than their sockets.  The
 * buffers come back when bytes arrive (rx_room()).
 */
static void conn_rx_idle(struct httpsys_conn *c)
{
	if (c->rx && !c->rx_len && body_finished(c) &&
	    (c->state == CONN_READ_HEAD || c->state == CONN_IN_REQUEST))
		conn_rx_free(c);
}

/*
 * Whether a receive would find anything: bytes, the peer's FIN or an
 * error.  Read without the socket lock: whatever comes later calls
 * conn_data_ready() or conn_state_change(), which run the work again.
 */
static bool conn_rx_pending(struct sock *sk)
{
	return !skb_queue_empty_lockless(&sk->sk_receive_queue) ||
	       READ_ONCE(sk->sk_err) ||
	       (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN) ||
	       READ_ONCE(sk->sk_state) != TCP_ESTABLISHED;
}

static void conn_free_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(conn_cache, container_of(rcu, struct httpsys_conn, rcu));
}

static void conn_release(struct kref *ref)
{
	struct httpsys_conn *c = container_of(ref, struct httpsys_conn, ref);

	atomic_dec(&conn_count);
	conn_limits_release(c);
	sock_release(c->sock);
	conn_rx_free(c);
	call_rcu(&c->rcu, conn_free_rcu);
}

void conn_get(struct httpsys_conn *c)
{
	kref_get(&c->ref);
}

void conn_put(struct httpsys_conn *c)
{
	kref_put(&c->ref, conn_release);
}

/*
 * Schedule the receive work; the queued work owns a reference.  Callers in
 * atomic context must hold the conn alive otherwise (the list's reference),
 * so that our put is never the last: release sleeps.
 */
void conn_kick(struct httpsys_conn *c)
{
	conn_get(c);
	/* Already queued: that work's reference keeps ours from being last. */
	if (!queue_work(httpsys_wq, &c->rx_work))
		conn_put(c);
}

/*
 * Bytes of a new head go on the ready list, for a receiver to read; the
 * rest (a body, closes, helperd's verdicts) to the connection's own work,
 * where a body reader is waiting for them.  The state is read unlocked:
 * either way reads them, only the path differs.
 */
static void conn_data_ready(struct sock *sk)
{
	struct httpsys_conn *c;

	read_lock_bh(&sk->sk_callback_lock);
	c = sk->sk_user_data;
	if (c && READ_ONCE(c->state) == CONN_READ_HEAD)
		conn_ready_add(c);
	else if (c)
		conn_kick(c);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void conn_state_change(struct sock *sk)
{
	struct httpsys_conn *c;

	read_lock_bh(&sk->sk_callback_lock);
	c = sk->sk_user_data;
	if (c) {
		c->saved_state_change(sk);
		wake_up_all(&c->body_wait);
		conn_kick(c);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

/* Process context: it waits for the timer's callback. */
void conn_close(struct httpsys_conn *c)
{
	struct sock *sk = c->sock->sk;

	if (test_and_set_bit(CONN_FLAG_DEAD, &c->flags))
		return;
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	sk->sk_data_ready = c->saved_data_ready;
	sk->sk_state_change = c->saved_state_change;
	write_unlock_bh(&sk->sk_callback_lock);
	kernel_sock_shutdown(c->sock, SHUT_RDWR);
	/* Before the list's reference goes: see conn_timer_fire(). */
	conn_timer_stop(c);
	/* After the fully ordered DEAD bit: pairs with qos_apply(). */
	qos_release(c);
	wake_up_all(&c->body_wait);
	conn_unindex(c);
	spin_lock(&conn_list_lock);
	list_del_init(&c->node);
	spin_unlock(&conn_list_lock);
	conn_kick(c);	/* its work lets go of what a closed conn needs not */
	conn_put(c);	/* the list's reference */
}

bool conn_dead(struct httpsys_conn *c)
{
	return test_bit(CONN_FLAG_DEAD, &c->flags);
}

/*
 * MinSendRate, the application's or else the machine's: sending @len
 * bytes may take len / min_send_rate seconds (at least one).  Returns the
 * deadline in seconds, 0 for none.
 */
u64 conn_send_deadline(struct httpsys_conn *c, u64 len)
{
	u32 app = READ_ONCE(c->timeouts.min_send_rate);
	unsigned int rate = app == HTTPSYS_RATE_OFF ? 0 :
			    app ?: LIMIT(min_send_rate);

	return rate ? ktime_get_seconds() + max_t(u64, 1, div_u64(len, rate)) : 0;
}

/*
 * Before each socket send of up to *@len bytes: wait for the group's
 * bandwidth (*@len may shrink, *@deadline move on), then bound the send's
 * wait by what is left of @deadline.
 */
int conn_send_wait_limit(struct httpsys_conn *c, size_t *len, u64 *deadline)
{
	s64 left;
	int err;

	if (conn_dead(c))
		return -ECONNRESET;
	err = qos_throttle(c, len, deadline);
	if (err)
		return err;
	if (!*deadline) {
		/* None: undo an earlier send's limit. */
		if (READ_ONCE(c->sock->sk->sk_sndtimeo) != MAX_SCHEDULE_TIMEOUT)
			sock_set_sndtimeo(c->sock->sk, 0);
		return 0;
	}
	left = (s64)*deadline - ktime_get_seconds();
	if (left <= 0)
		return -ETIMEDOUT;
	sock_set_sndtimeo(c->sock->sk, left);
	return 0;
}

/* Send it all, or fail; a client reading too slowly fails it. */
int conn_send(struct httpsys_conn *c, struct kvec *vec, size_t nvec,
	      size_t len, bool more)
{
	struct msghdr msg = { .msg_flags = MSG_NOSIGNAL | (more ? MSG_MORE : 0) };
	u64 deadline = conn_send_deadline(c, len);
	size_t piece;
	int sent, err;

	lockdep_assert_held(&c->tx_lock);
	while (len) {
		piece = len;
		err = conn_send_wait_limit(c, &piece, &deadline);
		if (err)
			return err;
		sent = kernel_sendmsg(c->sock, &msg, vec, nvec, piece);
		if (sent == -EAGAIN)
			continue;	/* the send timeout: the deadline decides */
		if (sent <= 0)
			return sent ? sent : -EPIPE;
		stats_bytes_out(sent);
		len -= sent;
		/* A partial send: step the iovec past what went out. */
		while (sent && nvec) {
			if (sent < vec->iov_len) {
				vec->iov_base += sent;
				vec->iov_len -= sent;
				break;
			}
			sent -= vec->iov_len;
			vec++;
			nvec--;
		}
	}
	return 0;
}

static void rx_consume(struct httpsys_conn *c, u32 n)
{
	memmove(c->rx, c->rx + n, c->rx_len - n);
	c->rx_len -= n;
}

/* Format a socket address as a cooked-URL host ("1.2.3.4" or "[::1]"). */
static int format_host(const union httpsys_sockaddr *addr, char *buf,
		       size_t len)
{
	if (addr->sa.sa_family == AF_INET)
		return scnprintf(buf, len, "%pI4", &addr->v4.sin_addr);
	return scnprintf(buf, len, "[%pI6c]", &addr->v6.sin6_addr);
}

static int request_create(struct httpsys_conn *c,
			  const struct http_request_head *head,
			  struct httpsys_request **out, const char **detail)
{
	struct httpsys_request *req;
	size_t path_off, path_len, host_off = 0, host_len;
	const char *target;
	int n;
	u16 port;

	req = kzalloc(struct_size(req, fields, head->field_count), GFP_KERNEL);
	if (!req)
		return 503;
	kref_init(&req->ref);
	INIT_LIST_HEAD(&req->node);
	req->parsed = *head;
	memcpy(req->fields, c->fields, head->field_count * sizeof(req->fields[0]));
	req->head = kmemdup(c->rx, head->head_len, GFP_KERNEL);
	if (!req->head)
		goto nomem;
	target = req->head + head->target_off;
	if (url_target_split(target, head->target_len, &path_off, &path_len,
			     &req->query_off))
		goto bad_url;
	req->path = kmalloc(path_len, GFP_KERNEL);
	if (!req->path)
		goto nomem;
	req->path_len = url_decode_path(target + path_off, path_len, req->path);
	if (req->path_len < 0)
		goto bad_url;
	/* An absolute-form target's authority wins over Host (RFC 9112 3.2.2). */
	host_len = url_target_authority(target, path_off, &host_off);
	if (host_len) {
		host_off += head->target_off;
	} else if (head->host_field >= 0) {
		host_off = req->fields[head->host_field].value_off;
		host_len = req->fields[head->host_field].value_len;
	}
	if (host_len) {
		n = url_split_host(req->head + host_off, host_len, &port);
		if (n <= 0) {
			request_put(req);
			*detail = "Invalid Hostname";
			return 400;
		}
		req->host = req->head + host_off;
		req->host_len = n;
	} else {
		req->host_len = format_host(&c->local, req->local_host,
					    sizeof(req->local_host));
		req->host = req->local_host;
	}
	req->head_only = head->verb == VERB_HEAD;
	req->id = httpsys_next_id();
	conn_get(c);
	req->conn = c;
	*out = req;
	return 0;
bad_url:
	request_put(req);
	*detail = "Invalid URL";
	return 400;
nomem:
	request_put(req);
	return 503;
}

#define AUTHORIZATION_NAME	"authorization:"
#define AUTHORIZATION_NAME_LEN	(sizeof(AUTHORIZATION_NAME) - 1)

static bool is_authorization_line(const char *line, u32 len)
{
	return len >= AUTHORIZATION_NAME_LEN &&
	       http_ascii_case_equal(line, AUTHORIZATION_NAME,
				     AUTHORIZATION_NAME_LEN);
}

/*
 * Bytes of the head so far in Authorization lines, the one still arriving
 * included.  Which URL the request goes to, and so whether they are
 * exempt from the limits, is known only once the head is complete: until
 * then they are let through, up to one maximal line.
 */
static u32 head_auth_bytes(struct httpsys_conn *c)
{
	u32 partial = c->rx_len - c->line_start;

	if (is_authorization_line(c->rx + c->line_start, partial))
		return c->head_auth_bytes + partial;
	return c->head_auth_bytes;
}

/*
 * A head still incomplete: 0 to wait for more, or the status when it is
 * already too long.  A request line with no end in sight is a URL too long.
 */
static int head_incomplete_status(struct httpsys_conn *c, const char **detail)
{
	bool line_done = c->head_line_seen;
	u32 auth = head_auth_bytes(c);

	if (!line_done && c->rx_len > LIMIT(max_field_length))
		return 414;
	if (auth <= HTTPSYS_AUTH_LINE_MAX &&
	    c->rx_len - auth < LIMIT(max_request_bytes))
		return 0;
	if (!line_done)
		return 414;
	*detail = "Request Header Too Long";
	return 400;
}

/*
 * MaxRequestBytes, MaxFieldLength and the body limit on a parsed head.
 * With @auth_bytes, Authorization lines are left out of both limits (up
 * to HTTPSYS_AUTH_LINE_MAX bytes, *@auth_bytes) for a URL with
 * authentication enabled, which routing decides.
 */
static int head_limit_status(struct httpsys_conn *c,
			     const struct http_request_head *head,
			     const char **detail, u32 *auth_bytes)
{
	unsigned int field_max = LIMIT(max_field_length);
	u64 body_max = LIMIT(max_body_bytes);
	u32 exempt = 0;
	u16 i;

	if (head->target_len > field_max)
		return 414;
	*detail = "Request Header Too Long";
	for (i = 0; i < head->field_count; i++) {
		const struct http_field *f = &c->fields[i];
		u32 line = f->value_off + f->value_len - f->name_off + 2;

		if (auth_bytes && f->id == HDR_AUTHORIZATION)
			exempt += line;
		else if (line > field_max)
			return 400;
	}
	if (exempt > HTTPSYS_AUTH_LINE_MAX ||
	    head->head_len - exempt > LIMIT(max_request_bytes))
		return 400;
	if (auth_bytes)
		*auth_bytes = exempt;
	*detail = NULL;
	if (body_max && head->content_length > body_max)
		return 413;
	return 0;
}

/*
 * Whether the bytes that came since the last look are worth a parse: the
 * end of the head, the end of the request line (what is not HTTP is
 * refused at once), or a bare CR or LF (an error now).  Each byte is
 * looked at once, so a head sent a byte at a time costs linear time.
 */
static bool head_worth_parsing(struct httpsys_conn *c)
{
	bool worth = false;
	u32 i;

	for (i = c->head_scanned; i < c->rx_len; i++) {
		char prev = i ? c->rx[i - 1] : 0;

		if (prev == '\r' && c->rx[i] != '\n')
			worth = true;
		if (c->rx[i] != '\n')
			continue;
		if (is_authorization_line(c->rx + c->line_start,
					  i + 1 - c->line_start))
			c->head_auth_bytes += i + 1 - c->line_start;
		c->line_start = i + 1;
		if (prev != '\r' || !c->head_line_seen ||
		    (i >= 3 && !memcmp(c->rx + i - 3, "\r\n\r\n", 4)))
			worth = true;
		c->head_line_seen = true;
	}
	c->head_scanned = c->rx_len;
	return worth;
}

/* Parse and dispatch a complete head.  Returns 1 dispatched, 0 need more
 * bytes, -1 the connection was answered and closed.
 */
static int conn_dispatch_head(struct httpsys_conn *c)
{
	struct http_request_head head;
	struct httpsys_request *req = NULL;
	struct httpsys_queue *q;
	const char *detail = NULL;
	u32 auth_bytes = 0;
	int ret, status;

	/* RFC 9112 2.2: one empty line before a request line is ignored. */
	if (!c->head_line_seen && !c->empty_line_skipped && c->rx_len >= 2 &&
	    c->rx[0] == '\r' && c->rx[1] == '\n') {
		rx_consume(c, 2);
		c->head_scanned = 0;
		c->line_start = 0;
		c->empty_line_skipped = true;
	}
	ret = head_worth_parsing(c) ?
	      http_parse_request(c->rx, c->rx_len, &head, c->fields,
				 c->max_fields) : 0;
	if (ret == 0) {
		status = head_incomplete_status(c, &detail);
		if (!status)
			return 0;
		goto fail;
	}
	if (ret < 0) {
		status = error_status_for_parse(-ret, &detail);
		goto fail;
	}
	status = head_limit_status(c, &head, &detail, &auth_bytes);
	if (status)
		goto fail;
	status = request_create(c, &head, &req, &detail);
	if (status)
		goto fail;
	trace_httpsys_request_arrive(c->id, req->id, req->head,
				     head.method_len, head.target_len);
	stats_request();
	rx_consume(c, head.head_len);
	c->head_scanned = 0;	/* the next head starts at rx's front */
	c->head_line_seen = false;
	c->empty_line_skipped = false;
	c->line_start = 0;
	c->head_auth_bytes = 0;
	status = url_route(req, c->local_port, &q, &detail);
	if (status)
		goto fail;
	req->queue = q;
	/* Without authentication, Authorization lines count as any other. */
	if (auth_bytes && !req->auth.settings) {
		status = head_limit_status(c, &head, &detail, NULL);
		if (status)
			goto fail;
	}
	/* With it, the request's copy of them beyond the limits is budgeted. */
	if (auth_bytes && req->auth.settings) {
		status = 503;
		if (!rx_budget_take(auth_bytes))
			goto fail;
		req->auth.charged = auth_bytes;
	}
	c->body_framing = 0;
	body_start(c, &head);
	/* Routed, so a cached response of its queue may answer it here. */
	ret = cache_serve(c, req);
	if (ret) {
		request_put(req);
		if (ret < 0) {
			conn_close(c);
			return -1;
		}
		c->timer_kind = TIMER_NONE;	/* the next head's own time */
		return 1;
	}
	status = auth_request_begin(c, req, &detail);
	if (status == AUTH_WAIT)
		return 1;
	if (status)
		goto fail;
	return conn_deliver(c, req) ? 1 : -1;
fail:
	if (req)
		request_put(req);
	error_respond(c, status, detail);
	conn_close(c);
	return -1;
}

/*
 * Hand @req to its queue; false when the queue refused it and the
 * connection was answered and closed.
 */
bool conn_deliver(struct httpsys_conn *c, struct httpsys_request *req)
{
	const char *detail = NULL;
	int status;

	c->current_req = req;
	c->state = CONN_IN_REQUEST;
	c->timer_kind = TIMER_NONE;	/* its own RequestQueue time from now */
	if (!queue_enqueue(req->queue, req))
		return true;
	c->current_req = NULL;
	status = queue_refusal(req->queue, "QueueFull", &detail);
	request_put(req);
	error_respond(c, status, detail);
	conn_close(c);
	return false;
}

/* A head's Authorization lines may take room beyond the usual bound. */
static u32 rx_max(struct httpsys_conn *c)
{
	u32 auth = c->state == CONN_READ_HEAD ? head_auth_bytes(c) : 0;

	return LIMIT(max_request_bytes) + HTTPSYS_RX_SLACK +
	       min_t(u32, auth, HTTPSYS_AUTH_LINE_MAX);
}

/*
 * How many more bytes the receive buffer should take in this state.  It
 * starts small, so slow connections cost little, and doubles when full
 * up to rx_max(), while the budget of all buffers' growth
 * (max_buffer_bytes) allows.  Without a buffer (conn_rx_idle()) only a
 * head may come: it gets a new one, or none when memory is short.
 */
static u32 rx_room(struct httpsys_conn *c)
{
	u32 max;

	if (!c->rx && (c->state != CONN_READ_HEAD || !conn_rx_alloc(c)))
		return 0;
	max = rx_max(c);
	if (c->rx_len == c->rx_size && c->rx_size < max) {
		u32 size = min(c->rx_size * 2, max);
		char *rx = NULL;

		if (rx_budget_take(size - c->rx_size)) {
			rx = krealloc(c->rx, size, GFP_KERNEL);
			if (!rx)
				rx_budget_return(size - c->rx_size);
		}
		if (rx) {
			c->rx = rx;
			c->rx_size = size;
		}
	}
	if (c->state == CONN_READ_HEAD)
		return c->rx_size - c->rx_len;
	return body_rx_room(c, c->rx_size);
}

/*
 * Discard an unread body, up to HTTPSYS_MAX_DRAIN bytes on the wire (chunk
 * framing from the body's start counts too).  False: close.
 */
static bool conn_drain(struct httpsys_conn *c)
{
	long ready = body_ready(c);

	if (ready < 0 ||
	    c->body_read + c->body_framing + ready > HTTPSYS_MAX_DRAIN)
		return false;
	body_consume(c, ready);
	if (body_finished(c))
		c->state = CONN_READ_HEAD;
	return true;
}

static void conn_receive(struct httpsys_conn *c)
{
	struct kvec vec;
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	u32 room;
	int got;

	while (!conn_dead(c)) {
		if (c->state == CONN_AUTH) {
			/* Nothing is read until helperd has answered. */
			if (auth_conn_resume(c))
				continue;
			/*
			 * But a client that reset the connection is gone; one
			 * that only half-closed may still want the answer.
			 */
			if (!conn_dead(c) &&
			    READ_ONCE(c->sock->sk->sk_state) == TCP_CLOSE)
				conn_close(c);
			return;
		}
		if (c->state == CONN_READ_HEAD && c->rx_len) {
			if (conn_dispatch_head(c))
				continue;
		} else if (c->state == CONN_DRAIN) {
			if (!conn_drain(c)) {
				conn_close(c);
				return;
			}
			if (c->state == CONN_READ_HEAD)
				continue;
		}
		if (c->peer_eof) {
			/* Finish the request in hand; otherwise we are done. */
			if (c->state != CONN_IN_REQUEST)
				conn_close(c);
			return;
		}
		/* Idle with nothing to read: no buffer needed yet. */
		if (!c->rx && !conn_rx_pending(c->sock->sk))
			return;
		room = rx_room(c);
		if (!room && c->state == CONN_READ_HEAD) {
			/* A head that needs a buffer the budget or memory refuses. */
			error_respond(c, 503, NULL);
			conn_close(c);
			return;
		}
		if (!room) {
			conn_rx_idle(c);
			return;
		}
		vec.iov_base = c->rx + c->rx_len;
		vec.iov_len = room;
		got = kernel_recvmsg(c->sock, &msg, &vec, 1, room, MSG_DONTWAIT);
		if (got == -EAGAIN) {
			conn_rx_idle(c);
			return;
		}
		if (got < 0) {
			conn_close(c);
			return;
		}
		if (got == 0)
			c->peer_eof = true;
		stats_bytes_in(got);
		c->rx_len += got;
		c->rx_seq++;
		/* Body readers, and HttpWaitForDisconnect on EOF. */
		if (c->state == CONN_IN_REQUEST || !got)
			wake_up_all(&c->body_wait);
	}
}

/*
 * A closed connection: its waiting request leaves the queue, and its
 * buffers go now rather than with the last reference, which a request or
 * a disconnect waiter may hold for long.
 */
static void conn_retire(struct httpsys_conn *c)
{
	auth_conn_retire(c);
	conn_withdraw_request(c);
	conn_rx_free(c);
}

static void conn_process(struct httpsys_conn *c)
{
	if (conn_dead(c)) {
		conn_retire(c);
		return;
	}
	if (conn_timer_expired(c))
		return;
	conn_receive(c);
	if (!conn_dead(c))
		conn_timer_update(c);
}

void conn_run(struct httpsys_conn *c)
{
	mutex_lock(&c->rx_lock);
	conn_process(c);
	mutex_unlock(&c->rx_lock);
	conn_put(c);
}

static void conn_rx_work(struct work_struct *work)
{
	conn_run(container_of(work, struct httpsys_conn, rx_work));
}

void conn_request_done(struct httpsys_conn *c, struct httpsys_request *req,
		       bool keep_alive)
{
	mutex_lock(&c->rx_lock);
	if (c->current_req != req) {
		mutex_unlock(&c->rx_lock);
		return;
	}
	c->current_req = NULL;
	if (body_prevents_reuse(c))
		keep_alive = false;
	if (body_finished(c)) {
		c->state = CONN_READ_HEAD;
	} else {
		c->body_read = 0;	/* now counts the bytes drained */
		c->state = CONN_DRAIN;
	}
	if (!keep_alive) {
		mutex_unlock(&c->rx_lock);
		conn_close(c);
		return;
	}
	/*
	 * The sender reads on: the next request may be here already, and if
	 * not, finding that out here costs less than waking a worker to.
	 */
	conn_process(c);
	mutex_unlock(&c->rx_lock);
}

/* A v4-mapped IPv6 address is reported as the IPv4 address it carries. */
static u32 unmap_address(union httpsys_sockaddr *addr, int len)
{
	struct sockaddr_in s4 = { .sin_family = AF_INET };

	if (addr->sa.sa_family != AF_INET6 ||
	    !ipv6_addr_v4mapped(&addr->v6.sin6_addr))
		return len;
	s4.sin_port = addr->v6.sin6_port;
	s4.sin_addr.s_addr = addr->v6.sin6_addr.s6_addr32[3];
	memset(addr, 0, sizeof(*addr));
	addr->v4 = s4;
	return sizeof(s4);
}

/*
 * Take over an accepted socket.  It inherited the listener's callbacks;
 * @data_ready is the listener's original one, restored on close.
 */
void conn_accept(struct socket *sock, void (*data_ready)(struct sock *sk))
{
	struct httpsys_conn *c;
	unsigned int max_conns = LIMIT(max_connections);
	struct sock *sk = sock->sk;
	int len;

	/* Over MaxConnections the connection is refused by closing it. */
	if (atomic_inc_return(&conn_count) > max_conns && max_conns) {
		atomic_dec(&conn_count);
		stats_connection(false);
		sock_release(sock);
		return;
	}
	c = kmem_cache_zalloc(conn_cache, GFP_KERNEL);
	if (!c)
		goto fail;
	c->max_fields = LIMIT(max_header_count);
	len = kernel_getsockname(sock, &c->local.sa);
	if (len < 0)
		goto fail;
	c->local_len = unmap_address(&c->local, len);
	len = kernel_getpeername(sock, &c->remote.sa);
	if (len < 0)
		goto fail;
	c->remote_len = unmap_address(&c->remote, len);
	/* The last check: nothing after it fails, so nothing undoes it. */
	if (!source_admit(&c->remote)) {
		stats_connection(false);
		goto fail;
	}
	stats_connection(true);
	c->local_port = ntohs(c->local.v4.sin_port);
	kref_init(&c->ref);	/* the list's reference */
	c->sock = sock;
	c->id = httpsys_next_id();
	c->state = CONN_READ_HEAD;
	INIT_WORK(&c->rx_work, conn_rx_work);
	conn_timer_init(c);
	mutex_init(&c->rx_lock);
	mutex_init(&c->tx_lock);
	mutex_init(&c->body_read_lock);
	init_waitqueue_head(&c->body_wait);
	sock_set_keepalive(sk);
	tcp_sock_set_nodelay(sk);

	spin_lock(&conn_list_lock);
	list_add(&c->node, &conn_list);
	spin_unlock(&conn_list_lock);

	/*
	 * Ours until the kick below: once the callbacks are in, the receive
	 * work may run, refuse a bad head and close the connection, dropping
	 * the list's reference.
	 */
	conn_get(c);
	write_lock_bh(&sk->sk_callback_lock);
	c->saved_data_ready = data_ready;
	c->saved_state_change = sk->sk_state_change;
	sk->sk_user_data = c;
	sk->sk_data_ready = conn_data_ready;
	sk->sk_state_change = conn_state_change;
	write_unlock_bh(&sk->sk_callback_lock);
	conn_kick(c);	/* bytes may have arrived before the callbacks */
	conn_put(c);
	return;
fail:
	if (c)
		kmem_cache_free(conn_cache, c);
	atomic_dec(&conn_count);
	sock_release(sock);
}

/*
 * The client closed or reset its side.  Read from the socket, not from
 * peer_eof: while a request is in hand the receive work may not read.
 */
static bool conn_peer_gone(struct httpsys_conn *c)
{
	struct sock *sk = c->sock->sk;

	return conn_dead(c) || READ_ONCE(c->peer_eof) ||
	       (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN) ||
	       READ_ONCE(sk->sk_state) == TCP_CLOSE;
}

/*
 * A request of @c was delivered to queue @queue_id: from now on that queue
 * (only) may wait for @c to go.
 */
void conn_mark_delivered(struct httpsys_conn *c, u64 queue_id)
{
	WRITE_ONCE(c->queue_id, queue_id);
	if (test_and_set_bit(CONN_FLAG_INDEXED, &c->flags))
		return;
	if (xa_insert(&conn_index, c->id, c, GFP_KERNEL)) {
		clear_bit(CONN_FLAG_INDEXED, &c->flags);
		return;
	}
	/* Pairs with the DEAD bit before conn_unindex() in conn_close(). */
	smp_mb();
	if (conn_dead(c))
		conn_unindex(c);
}

/*
 * HttpWaitForDisconnect, for a connection that carried a request to @q.
 * An ID no longer indexed was closed already; one never issued, or open
 * but another queue's, is unknown.
 */
long conn_wait_disconnect(struct httpsys_queue *q, void __user *arg)
{
	struct httpsys_conn *c;
	struct httpsys_id_op op;
	long err = 0;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	if ((op.flags & ~HTTPSYS_WAIT_NONBLOCK) || op.reserved)
		return -EINVAL;
	if (!op.id || op.id > httpsys_last_id())
		return -ENOENT;
	rcu_read_lock();
	c = xa_load(&conn_index, op.id);
	if (c && (c->id != op.id || READ_ONCE(c->queue_id) != q->id))
		err = -ENOENT;
	else if (c && !kref_get_unless_zero(&c->ref))
		c = NULL;
	rcu_read_unlock();
	if (err || !c)
		return err;
	if (op.flags & HTTPSYS_WAIT_NONBLOCK)
		err = conn_peer_gone(c) ? 0 : -EAGAIN;
	else
		err = wait_event_interruptible(c->body_wait, conn_peer_gone(c));
	conn_put(c);
	return err;
}

u32 conn_open_count(void)
{
	return atomic_read(&conn_count);
}

void conn_close_all(void)
{
	struct httpsys_conn *c;

	spin_lock(&conn_list_lock);
	while (!list_empty(&conn_list)) {
		c = list_first_entry(&conn_list, struct httpsys_conn, node);
		conn_get(c);
		spin_unlock(&conn_list_lock);
		conn_close(c);
		conn_put(c);
		spin_lock(&conn_list_lock);
	}
	spin_unlock(&conn_list_lock);
	/* After the closes: no socket lists a connection any more. */
	conn_ready_flush();
	flush_workqueue(httpsys_wq);
}
