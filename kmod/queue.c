// SPDX-License-Identifier: GPL-2.0
/*
 * Request queues: the requests routed to one /dev/httpsys handle, waiting
 * for a receiver (pending) or for their final response (active).
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>

#include "cache.h"
#include "core.h"
#include "httpsys_trace.h"
#include "httpsys.h"

struct httpsys_queue *queue_create(bool v1)
{
	struct httpsys_queue *q = kzalloc(sizeof(*q), GFP_KERNEL_ACCOUNT);

	if (!q)
		return NULL;
	kref_init(&q->ref);
	spin_lock_init(&q->lock);
	init_waitqueue_head(&q->wait);
	INIT_LIST_HEAD(&q->pending);
	INIT_LIST_HEAD(&q->active);
	INIT_LIST_HEAD(&q->node);
	q->id = httpsys_next_id();
	q->v1 = v1;
	q->max_length = HTTPSYS_QUEUE_LENGTH;
	q->verbosity = HTTPSYS_503_LIMITED;
	return q;
}

void queue_get(struct httpsys_queue *q)
{
	kref_get(&q->ref);
}

static void queue_release(struct kref *ref)
{
	struct httpsys_queue *q = container_of(ref, struct httpsys_queue, ref);

	kfree(q->name);
	/* URL lookups may still be looking at it under RCU. */
	kfree_rcu(q, rcu);
}

void queue_put(struct httpsys_queue *q)
{
	kref_put(&q->ref, queue_release);
}

static void queue_unlink_locked(struct httpsys_queue *q,
				struct httpsys_request *req)
{
	list_del_init(&req->node);
	if (req->state == REQ_QUEUED || req->state == REQ_ID_ASSIGNED)
		q->pending_count--;
	if (req->state == REQ_QUEUED)
		q->queued_count--;
}

/*
 * Take @req off the queue for abandoning: onto @refuse, or @cut when its
 * response has begun.  It is DONE from here on, so a racing sender or
 * canceller leaves it alone.
 */
static void queue_orphan_locked(struct httpsys_queue *q,
				struct httpsys_request *req,
				struct list_head *refuse, struct list_head *cut)
{
	bool began = req->state == REQ_RESPONDING;

	queue_unlink_locked(q, req);
	req->state = REQ_DONE;
	list_add_tail(&req->node, began ? cut : refuse);
}

/* Close the orphans' connections, answering each with 503 if @refuse. */
static void queue_answer_orphans(struct list_head *orphans, bool refuse)
{
	struct httpsys_request *req, *tmp;

	list_for_each_entry_safe(req, tmp, orphans, node) {
		list_del_init(&req->node);
		if (refuse)
			error_respond(req->conn, 503, NULL);
		conn_request_done(req->conn, req, false);
		request_put(req);
	}
}

/*
 * A handle leaves a queue others still use, or shuts down: abandon the
 * requests @h received, or was told the size of (all of them when @h is
 * NULL); the rest wait for the queue's other handles.
 */
void queue_abandon(struct httpsys_queue *q, const struct httpsys_handle *h)
{
	struct httpsys_request *req, *tmp;
	LIST_HEAD(refuse);
	LIST_HEAD(cut);

	spin_lock(&q->lock);
	list_for_each_entry_safe(req, tmp, &q->pending, node) {
		if (!h || req->receiver == h)
			queue_orphan_locked(q, req, &refuse, &cut);
	}
	list_for_each_entry_safe(req, tmp, &q->active, node) {
		if (!h || req->receiver == h)
			queue_orphan_locked(q, req, &refuse, &cut);
	}
	spin_unlock(&q->lock);
	queue_answer_orphans(&refuse, true);
	queue_answer_orphans(&cut, false);
}

/* The last handle left: answer every request the queue still holds. */
void queue_shutdown(struct httpsys_queue *q)
{
	spin_lock(&q->lock);
	q->closing = true;
	spin_unlock(&q->lock);
	wake_up_all(&q->wait);
	queue_abandon(q, NULL);
	cache_flush(q->id, NULL, false, false);
}

/* The answer to a request @q cannot take, per its 503 verbosity. */
int queue_refusal(const struct httpsys_queue *q, const char *why,
		  const char **detail)
{
	switch (READ_ONCE(q->verbosity)) {
	case HTTPSYS_503_BASIC:
		return HTTPSYS_STATUS_RESET;
	case HTTPSYS_503_FULL:
		*detail = why;
		break;
	}
	return 503;
}

int queue_enqueue(struct httpsys_queue *q, struct httpsys_request *req)
{
	bool wake;

	spin_lock(&q->lock);
	if (q->closing || q->pending_count >= READ_ONCE(q->max_length)) {
		spin_unlock(&q->lock);
		return -EBUSY;
	}
	req->state = REQ_QUEUED;
	list_add_tail(&req->node, &q->pending);
	q->pending_count++;
	q->queued_count++;
	trace_httpsys_request_dispatch(q->id, req->id);
	/*
	 * A receiver in a ready-list pass takes a request when the pass ends:
	 * as many as there are of them need not wake another.
	 */
	wake = q->queued_count > q->draining;
	spin_unlock(&q->lock);
	if (wake)
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

/*
 * A send on @req begins.  The state decides which call is legal, and a
 * send changes it only here, under the queue's lock (the caller holds the
 * connection's tx_lock, which orders the bytes).  A final send retires
 * the request before its bytes go out, so a racing body send, cancel or
 * abandoning handle finds it done and leaves it alone; *@retired then
 * hands the caller the active list's reference.
 */
int queue_begin_send(struct httpsys_queue *q, struct httpsys_request *req,
		     bool body_only, bool final, bool *retired)
{
	enum request_state need = body_only ? REQ_RESPONDING : REQ_DELIVERED;

	*retired = false;
	spin_lock(&q->lock);
	/* Delegated away: another queue's to answer now. */
	if (req->queue != q) {
		spin_unlock(&q->lock);
		return -ENOENT;
	}
	if (req->state != need) {
		spin_unlock(&q->lock);
		return body_only ? -EINVAL : -EALREADY;
	}
	if (final) {
		list_del_init(&req->node);
		req->state = REQ_DONE;
		*retired = true;
	} else {
		req->state = REQ_RESPONDING;
	}
	spin_unlock(&q->lock);
	return 0;
}

/* Remove an active request once its response is final or has failed. */
bool queue_retire(struct httpsys_queue *q, struct httpsys_request *req)
{
	bool was_active = false;

	spin_lock(&q->lock);
	if (req->queue == q &&
	    (req->state == REQ_DELIVERED || req->state == REQ_RESPONDING)) {
		list_del_init(&req->node);
		req->state = REQ_DONE;
		was_active = true;
	}
	spin_unlock(&q->lock);
	return was_active;
}

/* Not yet received: waiting in its queue, or taken by none for now. */
bool request_waiting(const struct httpsys_request *req)
{
	enum request_state state = READ_ONCE(req->state);

	return state == REQ_QUEUED || state == REQ_ID_ASSIGNED;
}

/*
 * RequestQueue expired: take @req out of its queue unless a receiver has
 * it (a delivery in progress holds it off every list).
 */
bool queue_withdraw(struct httpsys_request *req)
{
	struct httpsys_queue *q = req->queue;
	bool waiting;

	/* So no delegation moves it meanwhile. */
	lockdep_assert_held(&req->conn->rx_lock);
	spin_lock(&q->lock);
	waiting = request_waiting(req) && !list_empty(&req->node);
	if (waiting) {
		queue_unlink_locked(q, req);
		req->state = REQ_DONE;
	}
	spin_unlock(&q->lock);
	return waiting;
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
		queue_unlink_locked(q, req);
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
			 enum request_state state,
			 const struct httpsys_handle *receiver)
{
	spin_lock(&q->lock);
	/*
	 * Shutdown already answered the rest; answer this one too.  A
	 * connection that closed meanwhile could not withdraw it (it was on
	 * no list): it ends here rather than wait for a receiver.
	 */
	if (q->closing || conn_dead(req->conn)) {
		spin_unlock(&q->lock);
		error_respond(req->conn, 503, NULL);
		conn_request_done(req->conn, req, false);
		request_put(req);
		return;
	}
	req->state = state;
	req->receiver = receiver;
	list_add(&req->node, &q->pending);
	q->pending_count++;
	if (state == REQ_QUEUED)
		q->queued_count++;
	spin_unlock(&q->lock);
	if (state == REQ_QUEUED)
		wake_up(&q->wait);
}

/*
 * A marshalled request becomes @h's.  A shutdown of @h or of the queue
 * that ran meanwhile could not see it (it was on no list): answer it as
 * the shutdown answered the rest.
 */
static bool queue_deliver(struct httpsys_queue *q, struct httpsys_request *req,
			  const struct httpsys_handle *h)
{
	spin_lock(&q->lock);
	if (q->closing || READ_ONCE(h->shut_down)) {
		req->state = REQ_DONE;
		spin_unlock(&q->lock);
		error_respond(req->conn, 503, NULL);
		conn_request_done(req->conn, req, false);
		request_put(req);
		return false;
	}
	req->state = REQ_DELIVERED;
	req->receiver = h;
	list_add_tail(&req->node, &q->active);
	spin_unlock(&q->lock);
	return true;
}

static bool queue_has_queued(struct httpsys_queue *q,
			     const struct httpsys_handle *h)
{
	return READ_ONCE(q->queued_count) || READ_ONCE(q->closing) ||
	       READ_ONCE(h->shut_down);
}

/*
 * A receiver's pass over the ready list.  Requests it queues on @q meanwhile
 * wake no other receiver (queue_enqueue), as many as there are receivers in
 * a pass: the caller must take one, or pass the wake-up on, when *@queued.
 */
static unsigned int queue_drain(struct httpsys_queue *q, u32 *queued)
{
	unsigned int drained;

	if (!conn_ready_pending()) {
		/* A hint: queue_wait() looks again before it sleeps. */
		*queued = READ_ONCE(q->queued_count);
		return 0;
	}
	spin_lock(&q->lock);
	q->draining++;
	spin_unlock(&q->lock);
	drained = conn_ready_pass();
	spin_lock(&q->lock);
	q->draining--;
	*queued = q->queued_count;
	spin_unlock(&q->lock);
	return drained;
}

/*
 * Sleep until @q has a request for any receiver or is shutting down, or
 * until connections are ready to be read (by this thread, then).
 */
static int queue_wait(struct httpsys_queue *q, struct httpsys_handle *h)
{
	DEFINE_WAIT(wait);
	DEFINE_WAIT(ready);
	int err = 0;

	for (;;) {
		prepare_to_wait_exclusive(&q->wait, &wait, TASK_INTERRUPTIBLE);
		conn_ready_prepare_wait(&ready);
		if (queue_has_queued(q, h) || conn_ready_pending())
			break;
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&q->wait, &wait);
	conn_ready_finish_wait(&ready);
	return err;
}

/*
 * Take the request @id names (0: the next one) for @h, waiting for one
 * unless @nonblock: 0 with *@out, or the error.
 */
static int queue_take_wait(struct httpsys_queue *q, struct httpsys_handle *h,
			   u64 id, bool nonblock, struct httpsys_request **out)
{
	unsigned int drained;
	u32 queued;
	int err;

	for (;;) {
		err = queue_take(q, id, out);
		if (err != -EAGAIN)
			return err;
		if (READ_ONCE(q->closing) || READ_ONCE(h->shut_down)) {
			/* An exclusive wake-up meant for a request: pass it on. */
			if (READ_ONCE(q->queued_count))
				wake_up(&q->wait);
			return -ESHUTDOWN;
		}
		/*
		 * Read the ready connections rather than wait for a worker to;
		 * a pass is bounded, and signals are looked at between passes.
		 */
		drained = queue_drain(q, &queued);
		if (!drained && !queued && nonblock)
			return -EAGAIN;
		if (drained && signal_pending(current)) {
			/* What the pass queued without a wake-up is passed on. */
			if (queued)
				wake_up(&q->wait);
			return -ERESTARTSYS;
		}
		if (drained || queued) {
			/* Each round may find more: this loop may run long. */
			cond_resched();
			continue;
		}
		err = queue_wait(q, h);
		if (err)
			return err;
	}
}

/*
 * Write taken request @req into @buf for @h: 0, once it is @h's;
 * -EOVERFLOW with *@needed, set aside for a receive naming its id; any
 * other error puts it back first in line.  *@id is its id either way.
 */
static int queue_hand_over(struct httpsys_queue *q, struct httpsys_handle *h,
			   struct httpsys_request *req, u32 flags,
			   void __user *buf, u32 len, u64 *id, u32 *needed)
{
	enum request_state was = req->state;
	int err;

	/* Once back on a list the request may be answered and freed. */
	*id = req->id;
	*needed = 0;
	err = request_marshal(req, flags, buf, len, needed);
	if (err == -EOVERFLOW)
		queue_return(q, req, REQ_ID_ASSIGNED, h);
	else if (err)
		queue_return(q, req, was, req->receiver);
	else if (!queue_deliver(q, req, h))
		return -ESHUTDOWN;
	return err;
}

long queue_receive(struct httpsys_queue *q, struct httpsys_handle *h,
		   void __user *arg, bool nonblock)
{
	struct httpsys_receive __user *uarg = arg;
	struct httpsys_receive r;
	struct httpsys_request *req;
	u32 needed;
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

	err = queue_take_wait(q, h, r.request_id, nonblock, &req);
	if (err)
		return err;
	err = queue_hand_over(q, h, req, r.flags, u64_to_user_ptr(r.buffer),
			      r.buffer_len, &id, &needed);
	if (err && err != -EOVERFLOW)
		return err;
	if (put_user(id, &uarg->request_id) ||
	    put_user(needed, &uarg->bytes_needed))
		return -EFAULT;
	return err;
}

static bool receive_slot_valid(const struct httpsys_receive_slot *s)
{
	return !s->request_id && !s->result &&
	       !(s->flags & ~(HTTPSYS_RECEIVE_COPY_BODY |
			      HTTPSYS_RECEIVE_FLUSH_BODY)) &&
	       s->buffer_len >= sizeof(struct httpsys_request_v1);
}

long queue_receive_many(struct httpsys_queue *q, struct httpsys_handle *h,
			void __user *arg, bool nonblock)
{
	struct httpsys_receive_slot __user *uslots;
	struct httpsys_receive_slot *slots, *s;
	struct httpsys_receive_many m;
	struct httpsys_request *req;
	u32 i, n;
	long ret;
	int err = 0;

	/* One layout for 32- and 64-bit callers: no implicit padding. */
	BUILD_BUG_ON(sizeof(struct httpsys_receive_slot) != 32);
	BUILD_BUG_ON(sizeof(struct httpsys_receive_many) != 16);
	if (copy_from_user(&m, arg, sizeof(m)))
		return -EFAULT;
	if (!m.count || m.count > HTTPSYS_RECEIVE_MANY_MAX ||
	    (m.flags & ~HTTPSYS_RECEIVE_NONBLOCK))
		return -EINVAL;
	nonblock |= m.flags & HTTPSYS_RECEIVE_NONBLOCK;
	uslots = u64_to_user_ptr(m.receives);
	slots = memdup_user(uslots, m.count * sizeof(*slots));
	if (IS_ERR(slots))
		return PTR_ERR(slots);
	for (i = 0; i < m.count; i++) {
		if (!receive_slot_valid(&slots[i])) {
			kfree(slots);
			return -EINVAL;
		}
	}
	/* Only the first may wait; an -EOVERFLOW does not end the run. */
	for (n = 0; n < m.count; n++) {
		s = &slots[n];
		err = n ? queue_take(q, 0, &req) :
			  queue_take_wait(q, h, 0, nonblock, &req);
		if (err)
			break;
		err = queue_hand_over(q, h, req, s->flags,
				      u64_to_user_ptr(s->buffer), s->buffer_len,
				      &s->request_id, &s->bytes_needed);
		if (err && err != -EOVERFLOW)
			break;
		s->result = err;
	}
	ret = n ? n : err;
	if (n && copy_to_user(uslots, slots, n * sizeof(*slots)))
		ret = -EFAULT;
	kfree(slots);
	return ret;
}

/*
 * A handle that will receive nothing more hangs up, so pollers wake.  A
 * poller of an empty queue is a receiver about to wait (libhttpapi's
 * dispatcher is one): it reads the ready connections itself, so that what
 * they hold is a request it can be told of, not bytes for the fallback
 * work.  Its requests wake others as usual: it takes none itself.
 */
__poll_t queue_poll_mask(struct httpsys_queue *q, struct httpsys_handle *h)
{
	if (READ_ONCE(q->closing) || READ_ONCE(h->shut_down))
		return EPOLLHUP;
	if (!READ_ONCE(q->queued_count))
		conn_ready_pass();
	return READ_ONCE(q->queued_count) ? EPOLLIN | EPOLLRDNORM : 0;
}
