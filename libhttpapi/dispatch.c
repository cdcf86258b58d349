// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Overlapped HttpReceiveHttpRequest calls for the next request, on one
 * thread per queue handle instead of one per call.  They wait in a FIFO,
 * oldest first; the handle's dispatcher hands the oldest of them the
 * requests queued in one RECEIVE_MANY, so the first issued is the first
 * completed, as on Windows.  It sleeps in poll() on its own dup of the
 * queue's fd (a CloseHandle cannot give the number to another open under
 * it) and on an eventfd: new waiters while it is idle, cancels, close.
 *
 * A thread in GetQueuedCompletionStatus whose port is empty does the same
 * work itself (lib_dispatcher_help), so a request costs no wake-up of
 * this thread nor of the application's.  One thread at a time hands over
 * (the token, @handing), which keeps the order.  While helpers come by,
 * the dispatcher stands by: it leaves the queue to them and looks again
 * every STANDBY_MS, in case they stopped coming (an application that waits
 * on events, or busy elsewhere).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>

#include "internal.h"

/* The dispatcher runs ioctl and poll() with a batch on its stack. */
#define DISPATCHER_STACK	(128 * 1024)
/* How long a standing-by dispatcher trusts helpers to watch the queue. */
#define STANDBY_MS	20

struct lib_dispatcher {
	int fd;			/* its dup of the queue's fd */
	int wake_fd;		/* an eventfd */
	int refs;		/* its thread's, and each helper's holding it */
	int idle;		/* asleep with no waiter: a new one wakes it */
	int stopping;		/* the handle closed: end once the FIFO is empty */
	int handing;		/* a thread collects and hands over: only it
				 * removes waiters from the FIFO */
	int token_waiters;	/* threads waiting for @handing to clear */
	int covered;		/* helpers asleep in poll() on the queue */
	unsigned int helped;	/* helpers' tries so far */
	unsigned int outstanding;	/* waiters added and not yet completed */
	struct lib_waiter *head, **tail;
};

/* One lock for every dispatcher's FIFO; taken inside async.c's lock. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t token_free = PTHREAD_COND_INITIALIZER;

static void wake(struct lib_dispatcher *d)
{
	static const uint64_t one = 1;
	/* It fails only when the counter is full: then it is awake anyway. */
	ssize_t n = write(d->wake_fd, &one, sizeof(one));

	(void)n;
}

/*
 * Under the lock: move the cancelled waiters to the list *@gone, oldest
 * first, and copy the oldest others (at most @max) into @batch; how many.
 */
static unsigned int collect(struct lib_dispatcher *d, struct lib_waiter **batch,
			    unsigned int max, struct lib_waiter **gone)
{
	struct lib_waiter **p = &d->head, **g = gone, *w;
	unsigned int n = 0;

	while ((w = *p)) {
		if (w->cancelled) {
			*p = w->next;
			w->next = NULL;
			*g = w;
			g = &w->next;
			continue;
		}
		if (n < max)
			batch[n++] = w;
		p = &w->next;
	}
	d->tail = p;
	return n;
}

/*
 * Report @w's end; it is freed there.  Not outstanding from before: it
 * has its request (or its end) already, so a receive issued meanwhile may
 * try at once without taking one that an older waiter should have.
 */
static void finish(struct lib_dispatcher *d, struct lib_waiter *w,
		   ULONG result, ULONG bytes)
{
	pthread_mutex_lock(&lock);
	d->outstanding--;
	pthread_mutex_unlock(&lock);
	lib_waiter_done(w, result, bytes);
}

/*
 * Sleep until the queue has a request (@queue) or the eventfd is written,
 * or @ms pass (-1: no limit).
 */
static void sleep_until(struct lib_dispatcher *d, int queue, int ms)
{
	struct pollfd p[2] = {
		{ .fd = d->wake_fd, .events = POLLIN },
		{ .fd = d->fd, .events = POLLIN },
	};
	uint64_t v;
	ssize_t n;

	if (poll(p, queue ? 2 : 1, ms) > 0 && p[0].revents) {
		/* Reset it: what it said is looked at on the next round. */
		n = read(d->wake_fd, &v, sizeof(v));
		(void)n;
	}
}

/*
 * One RECEIVE_MANY for the @n oldest waiters, which are the FIFO's first
 * @n (only the token's holder removes any); complete those it filled.
 * Returns how many it ended; *@drained says the queue ran out of
 * requests: wait before the next try.
 */
static unsigned int hand_over(struct lib_dispatcher *d,
			      struct lib_waiter **batch, unsigned int n,
			      int *drained)
{
	struct httpsys_receive_slot slots[HTTPSYS_RECEIVE_MANY_MAX] = { 0 };
	struct httpsys_receive_many m = {
		.receives = (uintptr_t)slots,
		.count = n,
		.flags = HTTPSYS_RECEIVE_NONBLOCK,
	};
	unsigned int i;
	int ret, err;

	for (i = 0; i < n; i++) {
		slots[i].buffer = batch[i]->receive->buffer;
		slots[i].buffer_len = batch[i]->receive->buffer_len;
		slots[i].flags = batch[i]->receive->flags &
				 ~HTTPSYS_RECEIVE_NONBLOCK;
	}
	ret = ioctl(d->fd, HTTPSYS_IOC_RECEIVE_MANY, &m);
	err = ret < 0 ? errno : 0;
	*drained = err == EAGAIN || (ret >= 0 && (unsigned int)ret < n);
	if (err == EAGAIN || err == EINTR)
		return 0;
	/* A failure belongs to the oldest: the kernel filled none before it. */
	n = ret < 0 ? 1 : (unsigned int)ret;
	pthread_mutex_lock(&lock);
	for (i = 0; i < n; i++)
		d->head = batch[i]->next;
	if (!d->head)
		d->tail = &d->head;
	pthread_mutex_unlock(&lock);
	for (i = 0; i < n; i++) {
		if (err) {
			finish(d, batch[i], lib_errno_to_win32(err, LIB_CALL_RECEIVE), 0);
		} else if (slots[i].result) {
			finish(d, batch[i], ERROR_MORE_DATA, slots[i].bytes_needed);
		} else {
			lib_request_auth_fixup((HTTP_REQUEST_V2 *)(uintptr_t)
					       slots[i].buffer,
					       slots[i].bytes_needed);
			finish(d, batch[i], NO_ERROR, slots[i].bytes_needed);
		}
	}
	return n;
}

/*
 * Take the token, waiting for its holder (it does not block), then take
 * the cancelled waiters into *@gone and the oldest others into @batch;
 * how many.  Under the lock.
 */
static unsigned int take_token(struct lib_dispatcher *d,
			       struct lib_waiter **batch,
			       struct lib_waiter **gone)
{
	while (d->handing) {
		d->token_waiters++;
		pthread_cond_wait(&token_free, &lock);
		d->token_waiters--;
	}
	d->handing = 1;
	return collect(d, batch, HTTPSYS_RECEIVE_MANY_MAX, gone);
}

/* Complete the cancelled waiters, then hand over; see hand_over. */
static unsigned int end_batch(struct lib_dispatcher *d,
			      struct lib_waiter **batch, unsigned int n,
			      struct lib_waiter *gone, int *drained)
{
	struct lib_waiter *w;
	unsigned int ended = 0;

	while ((w = gone)) {
		gone = w->next;
		finish(d, w, ERROR_OPERATION_ABORTED, 0);
		ended++;
	}
	*drained = 0;
	return n ? ended + hand_over(d, batch, n, drained) : ended;
}

static void give_token(struct lib_dispatcher *d)
{
	pthread_mutex_lock(&lock);
	d->handing = 0;
	if (d->token_waiters)
		pthread_cond_broadcast(&token_free);
	pthread_mutex_unlock(&lock);
}

static void release(struct lib_dispatcher *d)
{
	int last;

	pthread_mutex_lock(&lock);
	last = !--d->refs;
	pthread_mutex_unlock(&lock);
	if (!last)
		return;
	close(d->fd);
	close(d->wake_fd);
	free(d);
}

static void *dispatcher_main(void *arg)
{
	struct lib_waiter *batch[HTTPSYS_RECEIVE_MANY_MAX], *gone;
	struct lib_dispatcher *d = arg;
	unsigned int n, seen = 0;
	int stop, idle, standby, drained;

	for (;;) {
		gone = NULL;
		pthread_mutex_lock(&lock);
		n = take_token(d, batch, &gone);
		stop = d->stopping && !d->head;
		idle = !n && !gone && !stop;
		d->idle = idle;
		/* Helpers came by since the last look, or one watches now. */
		standby = d->covered || d->helped != seen;
		seen = d->helped;
		pthread_mutex_unlock(&lock);
		end_batch(d, batch, n, gone, &drained);
		give_token(d);
		if (stop)
			break;
		if (idle)
			sleep_until(d, 0, -1);
		else if (drained)
			sleep_until(d, !standby, standby ? STANDBY_MS : -1);
	}
	release(d);
	return NULL;
}

struct lib_dispatcher *lib_dispatcher_start(int fd)
{
	struct lib_dispatcher *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->refs = 1;
	d->tail = &d->head;
	d->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	d->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (d->fd >= 0 && d->wake_fd >= 0 &&
	    !lib_thread_start(dispatcher_main, d, DISPATCHER_STACK))
		return d;
	if (d->fd >= 0)
		close(d->fd);
	if (d->wake_fd >= 0)
		close(d->wake_fd);
	free(d);
	return NULL;
}

void lib_dispatcher_add(struct lib_dispatcher *d, struct lib_waiter *w)
{
	w->dispatcher = d;
	w->cancelled = 0;
	w->next = NULL;
	pthread_mutex_lock(&lock);
	*d->tail = w;
	d->tail = &w->next;
	d->outstanding++;
	/* Awake, it looks at the FIFO again before it sleeps. */
	if (d->idle) {
		d->idle = 0;
		wake(d);
	}
	pthread_mutex_unlock(&lock);
}

int lib_dispatcher_busy(struct lib_dispatcher *d)
{
	int busy;

	pthread_mutex_lock(&lock);
	busy = d->outstanding != 0;
	pthread_mutex_unlock(&lock);
	return busy;
}

void lib_dispatcher_lock(void)
{
	pthread_mutex_lock(&lock);
}

void lib_dispatcher_unlock(void)
{
	pthread_mutex_unlock(&lock);
}

void lib_dispatcher_cancel(struct lib_waiter *w)
{
	w->cancelled = 1;
	wake(w->dispatcher);
}

void lib_dispatcher_stop(struct lib_dispatcher *d)
{
	pthread_mutex_lock(&lock);
	d->stopping = 1;
	wake(d);
	pthread_mutex_unlock(&lock);
}

int lib_dispatcher_hold(struct lib_dispatcher *d)
{
	int held;

	pthread_mutex_lock(&lock);
	held = d->outstanding != 0;
	d->refs += held;
	pthread_mutex_unlock(&lock);
	return held;
}

void lib_dispatcher_release(struct lib_dispatcher *d)
{
	release(d);
}

int lib_dispatcher_help(struct lib_dispatcher *d)
{
	struct lib_waiter *batch[HTTPSYS_RECEIVE_MANY_MAX], *gone = NULL;
	unsigned int n, ended;
	int drained;

	pthread_mutex_lock(&lock);
	n = take_token(d, batch, &gone);
	d->helped++;
	pthread_mutex_unlock(&lock);
	ended = end_batch(d, batch, n, gone, &drained);
	give_token(d);
	return n && !ended;
}

int lib_dispatcher_cover(struct lib_dispatcher *d, int by)
{
	pthread_mutex_lock(&lock);
	d->covered += by;
	pthread_mutex_unlock(&lock);
	return d->fd;
}
