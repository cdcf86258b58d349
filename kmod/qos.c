// SPDX-License-Identifier: GPL-2.0
/*
 * The settings an application puts on its server session or URL group,
 * applied to the connections its requests arrive on: the timeouts, the
 * connection limit and the bandwidth limit (HttpServerTimeoutsProperty
 * and HttpServerQosProperty).  A group's setting wins over its session's,
 * and with neither the machine's applies.
 *
 * A connection under a QoS limit holds a reference to the group its last
 * request went to and counts against it until it closes or its next
 * request goes elsewhere; connections to groups without limits touch no
 * shared state.  The bandwidth limit is the group's, shared by all its
 * connections: each send reserves its bytes' share of the group's time.
 */
#include <linux/ktime.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

#include "core.h"

/* A piece of a send: a quarter second at the rate, within these bounds. */
#define THROTTLE_MIN_PIECE	1024
#define THROTTLE_MAX_PIECE	65536

/* Each field the group's, else its session's; 0 leaves the machine's. */
static void timeouts_resolve(struct httpsys_timeouts *t,
			     const struct httpsys_group *g)
{
	const struct httpsys_session *s = g->session;
	struct httpsys_timeouts own = {}, up = {};

	if (READ_ONCE(g->settings.timeouts.present))
		own = g->settings.timeouts;
	if (s && READ_ONCE(s->settings.timeouts.present))
		up = s->settings.timeouts;
	t->entity_body = own.entity_body ?: up.entity_body;
	t->drain_entity_body = own.drain_entity_body ?: up.drain_entity_body;
	t->request_queue = own.request_queue ?: up.request_queue;
	t->idle_connection = own.idle_connection ?: up.idle_connection;
	t->header_wait = own.header_wait ?: up.header_wait;
	t->min_send_rate = own.min_send_rate ?: up.min_send_rate;
}

static u32 qos_limit(const struct httpsys_qos *own,
		     const struct httpsys_qos *up)
{
	if (READ_ONCE(own->present))
		return READ_ONCE(own->limit);
	if (up && READ_ONCE(up->present))
		return READ_ONCE(up->limit);
	return HTTPSYS_LIMIT_INFINITE;
}

/* Stop counting @c against its group; conn_close() and qos_apply(). */
void qos_release(struct httpsys_conn *c)
{
	struct httpsys_group *g = xchg(&c->qos_group, NULL);

	if (g) {
		atomic_dec(&g->qos_conns);
		group_put(g);
	}
}

/*
 * A request on @c was routed to @g (under RCU, the conn's rx_lock held):
 * take on @g's settings.  -EBUSY when @g is at its connection limit.
 */
int qos_apply(struct httpsys_conn *c, struct httpsys_group *g)
{
	const struct httpsys_session *s = g->session;
	u32 conns, bandwidth;

	timeouts_resolve(&c->timeouts, g);
	conns = qos_limit(&g->settings.connections,
			  s ? &s->settings.connections : NULL);
	bandwidth = qos_limit(&g->settings.bandwidth,
			      s ? &s->settings.bandwidth : NULL);
	WRITE_ONCE(c->bandwidth,
		   bandwidth == HTTPSYS_LIMIT_INFINITE ? 0 : bandwidth);
	if (conns == HTTPSYS_LIMIT_INFINITE && !c->bandwidth) {
		qos_release(c);
		return 0;
	}
	if (READ_ONCE(c->qos_group) == g)
		return 0;
	if (!kref_get_unless_zero(&g->ref))
		return 0;	/* closing: it will take no more requests */
	if (atomic_inc_return(&g->qos_conns) > conns &&
	    conns != HTTPSYS_LIMIT_INFINITE) {
		atomic_dec(&g->qos_conns);
		group_put(g);
		return -EBUSY;
	}
	qos_release(c);
	WRITE_ONCE(c->qos_group, g);
	/* Pairs with conn_close(): a closed conn releases what it holds. */
	smp_mb();
	if (conn_dead(c))
		qos_release(c);
	return 0;
}

/*
 * Before a socket send of up to *@len bytes under a bandwidth limit: wait
 * for the group's turn, then allow a piece of it (*@len shrinks).  The
 * MinSendRate @deadline (seconds, 0 none) is moved on by the wait, which
 * is ours and not the client's.  -EINTR if a signal interrupts the wait.
 */
int qos_throttle(struct httpsys_conn *c, size_t *len, u64 *deadline)
{
	u32 rate = READ_ONCE(c->bandwidth);
	struct httpsys_group *g;
	u64 now, start, wait;
	size_t piece;
	bool got = false;

	if (!rate)
		return 0;
	rcu_read_lock();
	g = READ_ONCE(c->qos_group);
	if (g)
		got = kref_get_unless_zero(&g->ref);
	rcu_read_unlock();
	if (!got)
		return 0;
	piece = clamp_t(size_t, rate / 4, THROTTLE_MIN_PIECE, THROTTLE_MAX_PIECE);
	*len = min(*len, piece);
	spin_lock(&g->bandwidth_lock);
	now = ktime_get_ns();
	start = max(g->bandwidth_next, now);
	g->bandwidth_next = start + div_u64((u64)*len * NSEC_PER_SEC, rate);
	spin_unlock(&g->bandwidth_lock);
	group_put(g);

	wait = start - now;
	if (!wait)
		return 0;
	if (*deadline)
		*deadline += DIV_ROUND_UP_ULL(wait, NSEC_PER_SEC);
	/* tx_lock is held: any signal ends the wait, as it ends a send's. */
	schedule_timeout_interruptible(nsecs_to_jiffies(wait) ?: 1);
	return signal_pending(current) ? -EINTR : 0;
}
