// SPDX-License-Identifier: GPL-2.0
/*
 * Connection timeouts: one timer per connection, measuring whichever of
 * http.sys's IdleConnection, HeaderWait, EntityBody and DrainEntityBody
 * applies to its state, and RequestQueue while its request waits for a
 * receiver; the application's value or else the machine's.  HeaderWait
 * runs from a head's first byte and is not extended by more bytes, which
 * is what defeats a slowloris client.
 * The timer only kicks the receive work; the work decides under rx_lock.
 */
#include <linux/jiffies.h>
#include <linux/timer.h>

#include "core.h"

/*
 * The timer never outlives the list's reference: conn_close() stops it
 * before dropping that, and an arm that races the close undoes itself.
 * So the reference taken here is never the last one put in this context.
 */
static void conn_timer_fire(struct timer_list *t)
{
	struct httpsys_conn *c = from_timer(c, t, timer);

	conn_kick(c);
}

void conn_timer_init(struct httpsys_conn *c)
{
	timer_setup(&c->timer, conn_timer_fire, 0);
}

/* The kind's deadline, or RequestQueue's if that comes first. */
static void conn_timer_schedule(struct httpsys_conn *c)
{
	bool kind = c->timer_kind != TIMER_NONE;
	unsigned long expires = c->deadline;

	if (c->queue_timed && (!kind || time_before(c->queue_deadline, expires)))
		expires = c->queue_deadline;
	if (!kind && !c->queue_timed) {
		timer_delete(&c->timer);
		return;
	}
	mod_timer(&c->timer, expires);
	/* Pairs with the DEAD bit before conn_timer_stop() in conn_close(). */
	smp_mb();
	if (conn_dead(c))
		conn_timer_stop(c);
}

static void conn_timer_arm(struct httpsys_conn *c, enum conn_timer_kind kind,
			   unsigned int seconds)
{
	c->timer_seq = c->rx_seq;
	if (!seconds)
		kind = TIMER_NONE;
	else
		c->deadline = jiffies + (unsigned long)seconds * HZ;
	c->timer_kind = kind;
}

/* The application's setting @app if it made one, else @machine's. */
static unsigned int timeout(u16 app, unsigned int machine)
{
	if (!app)
		return machine;
	return app == HTTPSYS_TIMEOUT_OFF ? 0 : app;
}

/*
 * RequestQueue runs from when a request is dispatched while no receiver
 * has it, whether or not its body is still arriving (EntityBody runs
 * alongside).
 */
static void conn_queue_timer_update(struct httpsys_conn *c)
{
	struct httpsys_request *req = c->current_req;
	unsigned int seconds;

	if (c->state != CONN_IN_REQUEST || !req || !request_waiting(req)) {
		c->queue_timed = false;
		c->queue_timed_id = 0;
		return;
	}
	if (c->queue_timed_id == req->id)
		return;
	c->queue_timed_id = req->id;
	seconds = timeout(c->timeouts.request_queue, HTTPSYS_DEFAULT_TIMEOUT);
	c->queue_timed = seconds;
	c->queue_deadline = jiffies + (unsigned long)seconds * HZ;
}

/* Pick the timeout for the connection's state; called after each pass. */
void conn_timer_update(struct httpsys_conn *c)
{
	const struct httpsys_timeouts *t = &c->timeouts;

	lockdep_assert_held(&c->rx_lock);
	conn_queue_timer_update(c);
	switch (c->state) {
	case CONN_READ_HEAD:
		if (!c->rx_len) {
			if (c->timer_kind != TIMER_IDLE)
				conn_timer_arm(c, TIMER_IDLE,
					       timeout(t->idle_connection,
						       LIMIT(idle_connection)));
		} else if (c->timer_kind != TIMER_HEADER) {
			conn_timer_arm(c, TIMER_HEADER,
				       timeout(t->header_wait, LIMIT(header_wait)));
		}
		break;
	case CONN_IN_REQUEST:
		/* The body while the client owes bytes it has room to send. */
		if (!body_finished(c) && body_rx_room(c, c->rx_size)) {
			if (c->timer_kind != TIMER_BODY || c->timer_seq != c->rx_seq)
				conn_timer_arm(c, TIMER_BODY,
					       timeout(t->entity_body,
						       LIMIT(entity_body)));
		} else {
			conn_timer_arm(c, TIMER_NONE, 0);
		}
		break;
	case CONN_DRAIN:
		if (c->timer_kind != TIMER_DRAIN)
			conn_timer_arm(c, TIMER_DRAIN,
				       timeout(t->drain_entity_body,
					       LIMIT(drain_entity_body)));
		break;
	case CONN_AUTH:
		/* Helperd's answer is bounded by the upcall's own timeout. */
		conn_timer_arm(c, TIMER_NONE, 0);
		break;
	case CONN_CLOSED:
		break;
	}
	conn_timer_schedule(c);
}

/*
 * Take a waiting current request out of its queue (RequestQueue expired,
 * or its connection closed); one a receiver took meanwhile lives on.
 */
void conn_withdraw_request(struct httpsys_conn *c)
{
	struct httpsys_request *req = c->current_req;

	lockdep_assert_held(&c->rx_lock);
	if (!req || !queue_withdraw(req))
		return;
	c->current_req = NULL;
	request_put(req);	/* the queue's reference */
}

/*
 * If a running timeout has passed, answer as http.sys does (408 for a
 * head that did not arrive in time, otherwise nothing) and close.  A
 * request that waited too long in its queue is taken out of it first.
 */
bool conn_timer_expired(struct httpsys_conn *c)
{
	lockdep_assert_held(&c->rx_lock);
	if (c->queue_timed && !time_before(jiffies, c->queue_deadline)) {
		c->queue_timed = false;
		conn_withdraw_request(c);
		if (!c->current_req) {
			conn_close(c);
			return true;
		}
	}
	if (c->timer_kind == TIMER_NONE || time_before(jiffies, c->deadline))
		return false;
	if (c->timer_kind == TIMER_HEADER)
		error_respond(c, 408, NULL);
	c->timer_kind = TIMER_NONE;
	/* Out of its queue before the client can see the connection end. */
	conn_withdraw_request(c);
	conn_close(c);
	return true;
}

/* Process context only; the callback takes no lock we might hold. */
void conn_timer_stop(struct httpsys_conn *c)
{
	timer_delete_sync(&c->timer);
}
