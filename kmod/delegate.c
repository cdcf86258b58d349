// SPDX-License-Identifier: GPL-2.0
/*
 * Delegation (HttpDelegateRequestEx): a received request moves, with its
 * connection, to another queue, where it waits to be received as a new
 * one.  The caller's rights are what it holds: the request, received on
 * its queue, and a handle attached to the target queue as a delegation
 * target; the URL group it names must be bound to that queue and hold a
 * URL the request routes to, whose context the request takes.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "core.h"
#include "httpsys_trace.h"
#include "httpsys.h"

/* Groups are their handles'; a delegation may name any bound to @q. */
static struct httpsys_group *group_of_queue(u64 id, struct httpsys_queue *q)
{
	struct httpsys_handle *h;
	struct httpsys_group *g;

	lockdep_assert_held(&httpsys_config_mutex);
	list_for_each_entry(h, &httpsys_handles, node) {
		g = group_find(h, id);
		if (g)
			return rcu_access_pointer(g->queue) == q ? g : NULL;
	}
	return NULL;
}

/* The UrlContext @req takes in @q, from the URLs of group @id. */
static int delegate_context(struct httpsys_request *req,
			    struct httpsys_queue *q, u64 id, u64 *context)
{
	struct httpsys_group *g;
	int err = -ENXIO;

	mutex_lock(&httpsys_config_mutex);
	g = group_of_queue(id, q);
	if (g && (READ_ONCE(g->state) ||
		  (g->session && READ_ONCE(g->session->state))))
		err = -EAGAIN;
	else if (g)
		err = url_group_match(g, req, req->conn->local_port, context);
	mutex_unlock(&httpsys_config_mutex);
	return err;
}

/* Both queues' locks, in one order whichever way requests move. */
static void lock_pair(struct httpsys_queue *a, struct httpsys_queue *b)
	__acquires(&a->lock) __acquires(&b->lock)
{
	if (a > b)
		swap(a, b);
	spin_lock(&a->lock);
	spin_lock_nested(&b->lock, SINGLE_DEPTH_NESTING);
}

static void unlock_pair(struct httpsys_queue *a, struct httpsys_queue *b)
	__releases(&a->lock) __releases(&b->lock)
{
	spin_unlock(&a->lock);
	spin_unlock(&b->lock);
}

/*
 * Move @req from @from's received requests to @to's waiting ones.  The
 * connection's locks keep out body readers and its end (which withdraws
 * a waiting request from whichever queue holds it); the queues' locks
 * order the move against sends, cancels, receivers and shutdowns, which
 * look at the request's state and queue under them.
 */
static int delegate_move(struct httpsys_queue *from, struct httpsys_queue *to,
			 struct httpsys_request *req, u64 context)
{
	struct httpsys_conn *c = req->conn;
	int err = 0;

	lockdep_assert_held(&c->rx_lock);
	if (c->current_req != req || conn_dead(c))
		return -ENOENT;
	if (c->body_read)
		return -EBUSY;
	lock_pair(from, to);
	if (req->queue != from || (req->state != REQ_DELIVERED &&
				   req->state != REQ_RESPONDING))
		err = -ENOENT;
	else if (req->state == REQ_RESPONDING)
		err = -EALREADY;
	else if (to->closing || READ_ONCE(to->state) ||
		 to->pending_count >= READ_ONCE(to->max_length))
		err = -EAGAIN;
	if (!err) {
		list_del_init(&req->node);
		WRITE_ONCE(req->queue, to);
		req->receiver = NULL;
		req->url_context = context;
		req->state = REQ_QUEUED;
		list_add_tail(&req->node, &to->pending);
		to->pending_count++;
		to->queued_count++;
		trace_httpsys_request_dispatch(to->id, req->id);
	}
	unlock_pair(from, to);
	return err;
}

long request_delegate(struct httpsys_queue *q, void __user *arg)
{
	struct httpsys_request *req;
	struct httpsys_delegate d;
	struct httpsys_queue *to;
	struct httpsys_conn *c;
	u64 context = 0;
	long err;

	BUILD_BUG_ON(sizeof(struct httpsys_delegate) != 24);
	if (copy_from_user(&d, arg, sizeof(d)))
		return -EFAULT;
	if (d.flags)
		return -EINVAL;
	to = handle_delegation_target(d.target_fd);
	if (IS_ERR(to))
		return PTR_ERR(to);
	err = -EINVAL;
	if (to == q)
		goto put_queue;
	err = -ENOENT;
	req = queue_find_active(q, d.request_id);
	if (!req)
		goto put_queue;
	err = delegate_context(req, to, d.group_id, &context);
	if (err)
		goto put_request;
	c = req->conn;
	/* A body read under way: the body is being read, so it stays. */
	err = -EBUSY;
	if (!mutex_trylock(&c->body_read_lock))
		goto put_request;
	mutex_lock(&c->rx_lock);
	queue_get(to);		/* the request's, if it moves */
	err = delegate_move(q, to, req, context);
	mutex_unlock(&c->rx_lock);
	mutex_unlock(&c->body_read_lock);
	if (err) {
		queue_put(to);
	} else {
		queue_put(q);	/* the caller's handle still holds it */
		wake_up(&to->wait);
	}
put_request:
	request_put(req);
put_queue:
	queue_put(to);
	return err;
}
