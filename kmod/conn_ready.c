// SPDX-License-Identifier: GPL-2.0
/*
 * The ready list: connections waiting for a request head whose sockets
 * have bytes.  A thread in RECEIVE that finds its queue empty reads and
 * parses them itself, as a single-threaded epoll server would, where a
 * work item would otherwise do it and then wake the thread: one context
 * switch less per request when the receiver waits, none at all while it
 * keeps coming back.
 *
 * - Lifetime: the list holds a reference to each connection on it, and the
 *   READY flag says it is on it, so it is listed once.  A drainer clears
 *   the flag before reading, so bytes that come meanwhile list it again.
 * - Closes: conn_close() kicks the connection's own work as before; a
 *   closed connection still on the list is retired again when drained
 *   (conn_process on a dead connection only lets go of what is left).
 * - Progress never depends on a receiver: whenever the list becomes
 *   non-empty a timer is armed, and if the list is still non-empty when it
 *   fires, the work item drains it; a receiver busy in user space leaves
 *   connections unread for a jiffy at most.  A poller of a queue with
 *   nothing queued waits as a receiver does, and drains in poll().
 * - Fairness: one pass reads at most CONN_READY_BATCH connections, the
 *   oldest; the rest go back, ahead of those listed meanwhile.  A receiver
 *   drains again only while no request has come for it.
 * - One receiver in a pass at a time: two would contend for the same
 *   connections' locks and sockets and each find less to take.  The others
 *   sleep; connections listed during a pass wake none of them, and the
 *   pass's end wakes one when the list is not empty.
 * - Signals: a pass runs to its end; a receiver looks at signals between
 *   passes.  What a signal can shorten is a blocking send of an error
 *   answer in the pass, after which the connection closes anyway.
 * - Another application's requests: a receiver may parse and route them
 *   (to their own queue).  It lends CPU time only: the allocations on this
 *   path are GFP_KERNEL, charged to no memory cgroup, and nothing on it
 *   looks at the current task's credentials.
 * - No lock on the hot path but the lists' atomics; the wait queue's lock
 *   is taken only by a receiver about to sleep and to wake one.
 */
#include <linux/llist.h>
#include <linux/poll.h>
#include <linux/timer.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "core.h"

/* How long a listed connection may wait for a receiver before the work. */
#define READY_FALLBACK_JIFFIES	1

static LLIST_HEAD(ready_list);
/* Receivers about to sleep: woken, one at a time, to drain. */
static DECLARE_WAIT_QUEUE_HEAD(ready_wait);
/* Bit 0: a receiver is in a pass (the fallback work drains regardless). */
static unsigned long ready_passing;

static unsigned int ready_drain(unsigned int max);

static void ready_work_fn(struct work_struct *work)
{
	ready_drain(UINT_MAX);
}

static DECLARE_WORK(ready_work, ready_work_fn);

static void ready_timer_fn(struct timer_list *t)
{
	/*
	 * Pairs with the full barrier of the add that found the timer still
	 * pending: either it armed the timer again, or this sees its entry.
	 */
	smp_mb();
	if (!llist_empty(&ready_list))
		queue_work(httpsys_wq, &ready_work);
}

static DEFINE_TIMER(ready_timer, ready_timer_fn);

/* The list became non-empty; the caller's full barrier orders the looks. */
static void ready_listed(void)
{
	if (!timer_pending(&ready_timer))
		mod_timer(&ready_timer, jiffies + READY_FALLBACK_JIFFIES);
	/* A receiver in a pass looks at the list when it ends. */
	if (!test_bit(0, &ready_passing) && waitqueue_active(&ready_wait))
		wake_up(&ready_wait);
}

/*
 * @c has bytes to read.  Softirq context; the caller holds @c alive (the
 * socket callbacks run only while the list of connections has it).
 */
void conn_ready_add(struct httpsys_conn *c)
{
	if (test_and_set_bit(CONN_FLAG_READY, &c->flags))
		return;
	conn_get(c);
	/* llist_add's cmpxchg orders it before the looks in ready_listed(). */
	if (llist_add(&c->ready_node, &ready_list))
		ready_listed();
}

/* A receiver could drain now: it need not sleep. */
bool conn_ready_pending(void)
{
	return !llist_empty(&ready_list) && !test_bit(0, &ready_passing);
}

/*
 * Put back @first..@last (newest first), behind any listed meanwhile: those
 * are taken off and chained in front, so the list stays newest first.
 */
static void ready_put_back(struct llist_node *first, struct llist_node *last)
{
	struct llist_node *newer = llist_del_all(&ready_list), *tail;

	if (newer) {
		for (tail = newer; tail->next; tail = tail->next)
			;
		tail->next = first;
		first = newer;
	}
	if (llist_add_batch(first, last, &ready_list))
		ready_listed();
}

/*
 * Read and parse up to @max listed connections, oldest first, in the
 * caller's context (process context, no lock held); the others stay listed.
 * Returns how many it read.
 */
static unsigned int ready_drain(unsigned int max)
{
	struct llist_node *node = llist_del_all(&ready_list), *rest = NULL;
	struct llist_node *next;
	struct httpsys_conn *c;
	unsigned int n = 0, len = 0;

	if (!node)
		return 0;
	/* Newest first: the oldest @max are the list's end. */
	for (next = node; next; next = next->next)
		len++;
	if (len > max) {
		rest = node;
		for (n = 1; n < len - max; n++)
			node = node->next;
		next = node;
		node = node->next;
		next->next = NULL;
		ready_put_back(rest, next);
	}
	node = llist_reverse_order(node);
	for (n = 0; node; n++) {
		/* Read first: once its flag is clear, @c may be listed again. */
		next = node->next;
		c = llist_entry(node, struct httpsys_conn, ready_node);
		clear_bit(CONN_FLAG_READY, &c->flags);
		/* Bytes that come after this are seen here, or list @c again. */
		smp_mb__after_atomic();
		conn_run(c);
		node = next;
		cond_resched();
	}
	return n;
}

/*
 * A receiver's pass: up to CONN_READY_BATCH connections, unless another
 * receiver is in one.  Returns how many it read.
 */
unsigned int conn_ready_pass(void)
{
	unsigned int n;

	if (llist_empty(&ready_list) ||
	    test_and_set_bit_lock(0, &ready_passing))
		return 0;
	n = ready_drain(CONN_READY_BATCH);
	clear_bit_unlock(0, &ready_passing);
	/* Pairs with the barrier before ready_listed()'s look at the bit. */
	smp_mb__after_atomic();
	/* Those listed during the pass woke no one. */
	if (!llist_empty(&ready_list) && waitqueue_active(&ready_wait))
		wake_up(&ready_wait);
	return n;
}

void conn_ready_prepare_wait(struct wait_queue_entry *wait)
{
	prepare_to_wait_exclusive(&ready_wait, wait, TASK_INTERRUPTIBLE);
}

void conn_ready_finish_wait(struct wait_queue_entry *wait)
{
	finish_wait(&ready_wait, wait);
}

void conn_ready_poll_wait(struct file *file, poll_table *pt)
{
	poll_wait(file, &ready_wait, pt);
}

/*
 * Module unload, once no socket can list a connection and no receiver is
 * left: drain what is listed, here.
 */
void conn_ready_flush(void)
{
	del_timer_sync(&ready_timer);
	ready_drain(UINT_MAX);
	flush_work(&ready_work);
}
