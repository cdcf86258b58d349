// SPDX-License-Identifier: GPL-2.0
/*
 * The service as a whole: the machine-wide timeouts that
 * HttpServiceConfigTimeout sets, and the snapshot of every queue, process,
 * session, group and URL that `httpcfg show servicestate` prints.
 *
 * The snapshot is taken twice under httpsys_config_mutex, once to measure
 * and once to fill a kernel buffer, and copied out after the mutex is
 * dropped, so a slow or faulting user buffer never holds up configuration.
 * As `netsh http show servicestate` needs an administrator, only
 * CAP_NET_ADMIN sees everything; anyone else sees the objects of handles
 * opened with its own effective uid (other tenants' queue names, URLs,
 * contexts and processes are theirs), in a smaller snapshot charged to its
 * memory cgroup.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/pid.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "cache.h"
#include "core.h"

/* A snapshot larger than these is refused (-E2BIG), not allocated. */
#define STATE_MAX_BYTES		(64U << 20)
#define STATE_USER_MAX_BYTES	(1U << 20)	/* without CAP_NET_ADMIN */

struct state_buf {
	char *data;		/* NULL while measuring */
	u64 used;		/* wide enough never to wrap */
	u64 size;		/* of @data */
	bool all;		/* every object, not only the caller's */
	kuid_t uid;		/* the caller's effective uid */
};

/* Append an entry with @text; NULL while measuring or when it won't fit. */
struct httpsys_state_entry *state_add(struct state_buf *b, u32 type,
				      const char *text, u32 text_len)
{
	u32 size = ALIGN(sizeof(struct httpsys_state_entry) + text_len, 8);
	struct httpsys_state_entry *e;

	if (!b->data) {
		b->used += size;
		return NULL;
	}
	if (size > b->size - b->used)
		return NULL;
	e = (void *)(b->data + b->used);
	b->used += size;
	e->type = type;
	e->size = size;
	e->text_len = text_len;
	memcpy(e + 1, text, text_len);
	return e;
}

/* Objects of handles opened as @uid are the caller's to see. */
bool state_shows(const struct state_buf *b, kuid_t uid)
{
	return b->all || uid_eq(uid, b->uid);
}

/* The settings as set on the object, not as inherited. */
static void state_add_settings(struct httpsys_state_entry *e,
			const struct httpsys_settings *s)
{
	e->timeouts = s->timeouts;
	e->bandwidth = s->bandwidth;
	e->connections = s->connections;
}

static void state_queue(struct state_buf *b, struct httpsys_queue *q)
{
	const char *name = q->name ?: "";
	struct httpsys_state_entry *e;
	struct httpsys_request *req;
	u32 received = 0;

	e = state_add(b, HTTPSYS_STATE_QUEUE, name, strlen(name));
	if (e) {
		e->id = q->id;
		e->uid = from_kuid_munged(current_user_ns(), q->owner);
		e->flags = q->v1 ? HTTPSYS_STATE_FLAG_V1 : 0;
		e->max_length = READ_ONCE(q->max_length);
		e->verbosity = READ_ONCE(q->verbosity);
		spin_lock(&q->lock);
		e->state = q->state;
		e->count_a = q->pending_count;
		list_for_each_entry(req, &q->active, node)
			received++;
		e->count_b = received;
		spin_unlock(&q->lock);
	}
	/* A queue's own group: HttpAddUrl's prefixes. */
	if (q->own_group && !list_empty(&q->own_group->urls)) {
		e = state_add(b, HTTPSYS_STATE_GROUP, NULL, 0);
		if (e) {
			e->id = q->own_group->id;
			e->queue = q->id;
		}
		url_state(q->own_group, b);
	}
}

static void state_process(struct state_buf *b, struct httpsys_handle *h)
{
	struct httpsys_state_entry *e = state_add(b, HTTPSYS_STATE_PROCESS,
						  NULL, 0);

	if (!e)
		return;
	e->parent = h->queue->id;
	e->pid = pid_vnr(h->pid);
	e->uid = from_kuid_munged(current_user_ns(), h->uid);
	if (h->queue_flags & HTTPSYS_QUEUE_CONTROLLER)
		e->flags |= HTTPSYS_STATE_FLAG_CONTROLLER;
	if (READ_ONCE(h->shut_down))
		e->flags |= HTTPSYS_STATE_FLAG_SHUT_DOWN;
}

static void state_session(struct state_buf *b, struct httpsys_handle *h,
			  struct httpsys_session *s)
{
	struct httpsys_state_entry *e;
	struct httpsys_queue *q;
	struct httpsys_group *g;

	e = state_add(b, HTTPSYS_STATE_SESSION, NULL, 0);
	if (e) {
		e->id = s->id;
		e->pid = pid_vnr(h->pid);
		e->state = s->state;
		state_add_settings(e, &s->settings);
	}
	list_for_each_entry(g, &s->groups, node) {
		e = state_add(b, HTTPSYS_STATE_GROUP, NULL, 0);
		if (e) {
			q = rcu_dereference_protected(g->queue,
					lockdep_is_held(&httpsys_config_mutex));
			e->id = g->id;
			e->parent = s->id;
			e->queue = q ? q->id : 0;
			e->pid = pid_vnr(h->pid);
			e->state = g->state;
			state_add_settings(e, &g->settings);
		}
		url_state(g, b);
	}
}

static void state_fill(struct state_buf *b)
{
	struct httpsys_state_entry *e;
	struct httpsys_session *s;
	struct httpsys_handle *h;
	struct httpsys_queue *q;

	lockdep_assert_held(&httpsys_config_mutex);
	e = state_add(b, HTTPSYS_STATE_SERVICE, NULL, 0);
	if (e) {
		e->count_a = conn_open_count();
		e->count_b = listener_count();
	}
	cache_state(b);
	stats_state(b);
	list_for_each_entry(q, &httpsys_queues, node) {
		if (state_shows(b, q->owner))
			state_queue(b, q);
	}
	list_for_each_entry(h, &httpsys_handles, node) {
		if (h->queue && state_shows(b, h->queue->owner) &&
		    state_shows(b, h->uid))
			state_process(b, h);
	}
	list_for_each_entry(h, &httpsys_handles, node) {
		if (!state_shows(b, h->uid))
			continue;
		list_for_each_entry(s, &h->sessions, node)
			state_session(b, h, s);
	}
}

static long service_state(void __user *arg)
{
	struct httpsys_state_query query;
	struct state_buf b = {
		.all = capable(CAP_NET_ADMIN),
		.uid = current_euid(),
	};
	long err = 0;

	if (copy_from_user(&query, arg, sizeof(query)))
		return -EFAULT;
	if (query.reserved)
		return -EINVAL;
	mutex_lock(&httpsys_config_mutex);
	state_fill(&b);
	if (b.used > (b.all ? STATE_MAX_BYTES : STATE_USER_MAX_BYTES)) {
		err = -E2BIG;
	} else if (b.used > query.length) {
		err = -EOVERFLOW;
	} else {
		b.data = kvzalloc(b.used, GFP_KERNEL_ACCOUNT);
		if (b.data) {
			b.size = b.used;
			b.used = 0;
			state_fill(&b);
		} else {
			err = -ENOMEM;
		}
	}
	mutex_unlock(&httpsys_config_mutex);

	if (!err && copy_to_user(u64_to_user_ptr(query.buffer), b.data, b.used))
		err = -EFAULT;
	kvfree(b.data);
	query.length = b.used;
	if ((!err || err == -EOVERFLOW) &&
	    copy_to_user(arg, &query, sizeof(query)))
		err = -EFAULT;
	return err;
}

static unsigned int *service_timeout(u32 key)
{
	switch (key) {
	case HTTPSYS_TIMEOUT_IDLE_CONNECTION:
		return &httpsys_limits.idle_connection;
	case HTTPSYS_TIMEOUT_HEADER_WAIT:
		return &httpsys_limits.header_wait;
	}
	return NULL;
}

static long service_timeout_ioctl(unsigned int cmd, void __user *arg)
{
	struct httpsys_service_timeout t;
	unsigned int *limit;

	if (copy_from_user(&t, arg, sizeof(t)))
		return -EFAULT;
	limit = service_timeout(t.key);
	if (!limit)
		return -EINVAL;
	if (cmd == HTTPSYS_IOC_TIMEOUT_QUERY) {
		t.seconds = READ_ONCE(*limit);
		return copy_to_user(arg, &t, sizeof(t)) ? -EFAULT : 0;
	}
	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	if (t.seconds > HTTPSYS_MAX_TIMEOUT)
		return -EINVAL;
	WRITE_ONCE(*limit, t.seconds ?: HTTPSYS_DEFAULT_TIMEOUT);
	return 0;
}

long service_ioctl(unsigned int cmd, void __user *arg)
{
	if (cmd == HTTPSYS_IOC_SERVICE_STATE)
		return service_state(arg);
	return service_timeout_ioctl(cmd, arg);
}
