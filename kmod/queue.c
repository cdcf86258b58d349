// SPDX-License-Identifier: GPL-2.0
/*
 * Request queues: the requests routed to one /dev/httpsys handle, waiting
 * for a receiver (pending) or for their final response (active).
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/poll.h>

#include "core.h"
#include "httpsys.h"

struct httpsys_queue *queue_create(void)
{
	struct httpsys_queue *q = kzalloc(sizeof(*q), GFP_KERNEL);

	if (!q)
		return NULL;
	kref_init(&q->ref);
	spin_lock_init(&q->lock);
	init_waitqueue_head(&q->wait);
	INIT_LIST_HEAD(&q->pending);
	INIT_LIST_HEAD(&q->active);
	INIT_LIST_HEAD(&q->urls);
	return q;
}

void queue_get(struct httpsys_queue *q)
{
	kref_get(&q->ref);
}

static void queue_release(struct kref *ref)
{
	struct httpsys_queue *q = container_of(ref, struct httpsys_queue, ref);

	/* URL lookups may still be looking at it under RCU. */
	kfree_rcu(q, rcu);
}

void queue_put(struct httpsys_queue *q)
{
	kref_put(&q->ref, queue_release);
}

/* Answer every request the queue still holds: 503 if no response began. */
void queue_shutdown(struct httpsys_queue *q)
{
	struct httpsys_request *req, *tmp;
	LIST_HEAD(orphans);

	spin_lock(&q->lock);
	q->closing = true;
	list_splice_init(&q->pending, &orphans);
	list_splice_tail_init(&q->active, &orphans);
	q->pending_count = 0;
	q->queued_count = 0;
	spin_unlock(&q->lock);
	wake_up_all(&q->wait);

	list_for_each_entry_safe(req, tmp, &orphans, node) {
		list_del_init(&req->node);
		if (req->state != REQ_RESPONDING)
			error_respond(req->conn, 503, NULL);
		req->state = REQ_DONE;
		conn_request_done(req->conn, req, false);
		request_put(req);
	}
}

int queue_enqueue(struct httpsys_queue *q, struct httpsys_request *req)
{
	spin_lock(&q->lock);
	if (q->closing || q->pending_count >= HTTPSYS_QUEUE_LENGTH) {
		spin_unlock(&q->lock);
		return -EBUSY;
	}
	req->state = REQ_QUEUED;
	list_add_tail(&req->node, &q->pending);
	q->pending_count++;
	q->queued_count++;
	spin_unlock(&q->lock);
	wake_up(&q->wait);
	return 0;
}

struct httpsys_request *queue_find_active(struct httpsys_queue *q, u64 id)
{
	struct httpsys_request *req;

	spin_lock(&q->lock);
	list_for_each_entry(req, &q->active, node) {
		if (req->id == id) {
			request_get(req);
			spin_unlock(&q->lock);
			return req;
		}
	}
	spin_unlock(&q->lock);
	return NULL;
}

/* Remove an active request once its response is final or has failed. */
bool queue_retire(struct httpsys_queue *q, struct httpsys_request *req)
{
	bool was_active = false;

	spin_lock(&q->lock);
	if (req->state == REQ_DELIVERED || req->state == REQ_RESPONDING) {
		list_del_init(&req->node);
		req->state = REQ_DONE;
		was_active = true;
	}
	spin_unlock(&q->lock);
	return was_active;
}

/* Take a request off the pending list for delivery; -EAGAIN if none. */
static int queue_take(struct httpsys_queue *q, u64 id,
		      struct httpsys_request **out)
{
	struct httpsys_request *req;

	spin_lock(&q->lock);
	list_for_each_entry(req, &q->pending, node) {
		if (id ? req->id != id : req->state != REQ_QUEUED)
			continue;
		if (id && req->state != REQ_ID_ASSIGNED)
			break;
		list_del_init(&req->node);
		q->pending_count--;
		if (req->state == REQ_QUEUED)
			q->queued_count--;
		spin_unlock(&q->lock);
		*out = req;
		return 0;
	}
	if (id) {
		/* Not waiting: already received, or unknown. */
		list_for_each_entry(req, &q->active, node) {
			if (req->id == id) {
				spin_unlock(&q->lock);
				return -ENODATA;
			}
		}
		spin_unlock(&q->lock);
		return -ENOENT;
	}
	spin_unlock(&q->lock);
	return -EAGAIN;
}

/* Put a request back after a failed delivery, first in line. */
static void queue_return(struct httpsys_queue *q, struct httpsys_request *req,
			 enum request_state state)
{
	spin_lock(&q->lock);
	if (q->closing) {
		spin_unlock(&q->lock);
		/* Shutdown already answered the rest; answer this one too. */
		error_respond(req->conn, 503, NULL);
		conn_request_done(req->conn, req, false);
		request_put(req);
		return;
	}
	req->state = state;
	list_add(&req->node, &q->pending);
	q->pending_count++;
	if (state == REQ_QUEUED)
		q->queued_count++;
	spin_unlock(&q->lock);
	if (state == REQ_QUEUED)
		wake_up(&q->wait);
}

static bool queue_has_queued(struct httpsys_queue *q)
{
	return READ_ONCE(q->queued_count) || READ_ONCE(q->closing);
}

long queue_receive(struct httpsys_queue *q, void __user *arg, bool nonblock)
{
	struct httpsys_receive __user *uarg = arg;
	struct httpsys_receive r;
	struct httpsys_request *req;
	enum request_state was;
	u32 needed = 0;
	u64 id;
	int err;

	if (copy_from_user(&r, uarg, sizeof(r)))
		return -EFAULT;
	if (r.reserved || (r.flags & ~(HTTPSYS_RECEIVE_COPY_BODY |
				       HTTPSYS_RECEIVE_FLUSH_BODY |
				       HTTPSYS_RECEIVE_NONBLOCK)) ||
	    r.buffer_len < sizeof(struct httpsys_request_v1))
		return -EINVAL;
	nonblock |= r.flags & HTTPSYS_RECEIVE_NONBLOCK;

	for (;;) {
		err = queue_take(q, r.request_id, &req);
		if (err != -EAGAIN)
			break;
		if (nonblock)
			return -EAGAIN;
		err = wait_event_interruptible_exclusive(q->wait,
							 queue_has_queued(q));
		if (err)
			return err;
		if (READ_ONCE(q->closing))
			return -ESHUTDOWN;
	}
	if (err)
		return err;

	/* Once back on a list the request may be answered and freed. */
	id = req->id;
	was = req->state;
	err = request_marshal(req, r.flags, u64_to_user_ptr(r.buffer),
			      r.buffer_len, &needed);
	if (err) {
		queue_return(q, req, err == -EOVERFLOW ? REQ_ID_ASSIGNED : was);
		if (err != -EOVERFLOW)
			return err;
	} else {
		spin_lock(&q->lock);
		req->state = REQ_DELIVERED;
		list_add_tail(&req->node, &q->active);
		spin_unlock(&q->lock);
	}
	if (put_user(id, &uarg->request_id) ||
	    put_user(needed, &uarg->bytes_needed))
		return -EFAULT;
	return err;
}

__poll_t queue_poll_mask(struct httpsys_queue *q)
{
	return READ_ONCE(q->queued_count) ? EPOLLIN | EPOLLRDNORM : 0;
}
