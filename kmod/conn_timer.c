// SPDX-License-Identifier: GPL-2.0
/*
 * Connection timeouts: one timer per connection, measuring whichever of
 * http.sys's IdleConnection, HeaderWait, EntityBody, DrainEntityBody and
 * RequestQueue applies to its state, the application's value or else the
 * machine's.  HeaderWait runs from a head's first byte and is
 * not extended by more bytes, which is what defeats a slowloris client.
 * The timer only kicks the receive work; the work decides under rx_lock.
 */
#include <linux/jiffies.h>
#include <linux/timer.h>

#include "core.h"

static void conn_timer_fire(struct timer_list *t)
{
	struct httpsys_conn *c = from_timer(c, t, timer);

	/* Being released: conn_release() waits for us, then frees. */
	if (!kref_get_unless_zero(&c->ref))
		return;
	/* If already queued, that work's reference outlives ours. */
	if (!queue_work(httpsys_wq, &c->rx_work))
		conn_put(c);
}

void conn_timer_init(struct httpsys_conn *c)
{
	timer_setup(&c->timer, conn_timer_fire, 0);
}

static void conn_timer_arm(struct httpsys_conn *c, enum conn_timer_kind kind,
			   unsigned int seconds)
{
	c->timer_seq = c->rx_seq;
	if (!seconds) {
		kind = TIMER_NONE;
		del_timer(&c->timer);
	} else {
		c->deadline = jiffies + (unsigned long)seconds * HZ;
		mod_timer(&c->timer, c->deadline);
	}
	c->timer_kind = kind;
}

/* The application's setting @app if it made one, else @machine's. */
static unsigned int timeout(u16 app, unsigned int machine)
{
	if (!app)
		return machine;
	return app == HTTPSYS_TIMEOUT_OFF ? 0 : app;
}

/* Pick the timeout for the connection's state; called after each pass. */
void conn_timer_update(struct httpsys_conn *c)
{
	const struct httpsys_timeouts *t = &c->timeouts;

	lockdep_assert_held(&c->rx_lock);
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
		/*
		 * The body while the client owes bytes it has room to send;
		 * otherwise the queue while no receiver has taken the request.
		 */
		if (!body_finished(c) && body_rx_room(c, c->rx_size)) {
			if (c->timer_kind != TIMER_BODY || c->timer_seq != c->rx_seq)
				conn_timer_arm(c, TIMER_BODY,
					       timeout(t->entity_body,
						       LIMIT(entity_body)));
		} else if (request_waiting(c->current_req)) {
			if (c->timer_kind != TIMER_QUEUE)
				conn_timer_arm(c, TIMER_QUEUE,
					       timeout(t->request_queue,
						       HTTPSYS_DEFAULT_TIMEOUT));
		} else if (c->timer_kind != TIMER_NONE) {
			conn_timer_arm(c, TIMER_NONE, 0);
		}
		break;
	case CONN_DRAIN:
		if (c->timer_kind != TIMER_DRAIN)
			conn_timer_arm(c, TIMER_DRAIN,
				       timeout(t->drain_entity_body,
					       LIMIT(drain_entity_body)));
		break;
	case CONN_CLOSED:
		break;
	}
}

/*
 * If the running timeout has passed, answer as http.sys does (408 for a
 * head that did not arrive in time, otherwise nothing) and close.  A
 * request that waited too long in its queue is taken out of it first;
 * one a receiver took meanwhile lives on.
 */
bool conn_timer_expired(struct httpsys_conn *c)
{
	struct httpsys_request *req = c->current_req;

	lockdep_assert_held(&c->rx_lock);
	if (c->timer_kind == TIMER_NONE || time_before(jiffies, c->deadline))
		return false;
	if (c->timer_kind == TIMER_QUEUE) {
		c->timer_kind = TIMER_NONE;
		if (!queue_withdraw(req))
			return false;
		c->current_req = NULL;
		conn_close(c);
		request_put(req);	/* the queue's reference */
		return true;
	}
	if (c->timer_kind == TIMER_HEADER)
		error_respond(c, 408, NULL);
	c->timer_kind = TIMER_NONE;
	conn_close(c);
	return true;
}

void conn_timer_stop(struct httpsys_conn *c)
{
	del_timer_sync(&c->timer);
}
