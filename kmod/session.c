// SPDX-License-Identifier: GPL-2.0
/*
 * Server sessions and URL groups, the v2 object model.  A session holds
 * groups; a group holds URL registrations and is bound to at most one
 * queue.  Both belong to the handle that created them and are found by ID
 * on that handle only.  Everything here runs under httpsys_config_mutex;
 * routing reads groups and sessions under RCU, so they are freed after a
 * grace period.
 */
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "core.h"

struct httpsys_session *session_find(struct httpsys_handle *h, u64 id)
{
	struct httpsys_session *s;

	lockdep_assert_held(&httpsys_config_mutex);
	list_for_each_entry(s, &h->sessions, node) {
		if (s->id == id)
			return s;
	}
	return NULL;
}

struct httpsys_group *group_find(struct httpsys_handle *h, u64 id)
{
	struct httpsys_session *s;
	struct httpsys_group *g;

	lockdep_assert_held(&httpsys_config_mutex);
	list_for_each_entry(s, &h->sessions, node) {
		list_for_each_entry(g, &s->groups, node) {
			if (g->id == id)
				return g;
		}
	}
	return NULL;
}

/* A new group in session @s, or a queue's own group when @s is NULL. */
struct httpsys_group *group_create(struct httpsys_session *s)
{
	struct httpsys_group *g = kzalloc(sizeof(*g), GFP_KERNEL_ACCOUNT);

	if (!g)
		return NULL;
	kref_init(&g->ref);
	spin_lock_init(&g->bandwidth_lock);
	g->id = httpsys_next_id();
	g->session = s;
	INIT_LIST_HEAD(&g->urls);
	if (s)
		list_add_tail(&g->node, &s->groups);
	else
		INIT_LIST_HEAD(&g->node);
	return g;
}

/* Bind @g to @q (NULL: unbind); the group holds a queue reference. */
void group_bind(struct httpsys_group *g, struct httpsys_queue *q)
{
	struct httpsys_queue *old;

	lockdep_assert_held_once(&httpsys_config_mutex);
	old = rcu_dereference_protected(g->queue, true);
	if (q)
		queue_get(q);
	rcu_assign_pointer(g->queue, q);
	/* A router may still see @old; queues are freed after a grace period. */
	if (old)
		queue_put(old);
}

void group_close(struct httpsys_group *g)
{
	url_remove_all(g);
	group_bind(g, NULL);
	list_del(&g->node);
	settings_free(&g->settings);
	group_put(g);
}

static void group_release(struct kref *ref)
{
	struct httpsys_group *g = container_of(ref, struct httpsys_group, ref);

	/* Routing may still be looking at it. */
	kfree_rcu(g, rcu);
}

void group_put(struct httpsys_group *g)
{
	kref_put(&g->ref, group_release);
}

static void session_close(struct httpsys_handle *h, struct httpsys_session *s)
{
	struct httpsys_group *g, *tmp;

	list_for_each_entry_safe(g, tmp, &s->groups, node) {
		group_close(g);
		h->group_count--;
	}
	list_del(&s->node);
	h->session_count--;
	settings_free(&s->settings);
	kfree_rcu(s, rcu);
}

void sessions_close_all(struct httpsys_handle *h)
{
	struct httpsys_session *s, *tmp;

	lockdep_assert_held(&httpsys_config_mutex);
	list_for_each_entry_safe(s, tmp, &h->sessions, node)
		session_close(h, s);
}

static long session_create(struct httpsys_handle *h, u64 *id)
{
	struct httpsys_session *s;

	if (h->session_count >= HTTPSYS_MAX_SESSIONS)
		return -ENOSPC;
	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return -ENOMEM;
	s->id = httpsys_next_id();
	INIT_LIST_HEAD(&s->groups);
	list_add_tail(&s->node, &h->sessions);
	h->session_count++;
	*id = s->id;
	return 0;
}

static long group_create_in(struct httpsys_handle *h, u64 session, u64 *id)
{
	struct httpsys_session *s = session_find(h, session);
	struct httpsys_group *g;

	if (!s)
		return -ENOENT;
	if (h->group_count >= HTTPSYS_MAX_GROUPS)
		return -ENOSPC;
	g = group_create(s);
	if (!g)
		return -ENOMEM;
	h->group_count++;
	*id = g->id;
	return 0;
}

/* CREATE_SESSION, CLOSE_SESSION, CREATE_GROUP and CLOSE_GROUP. */
long session_ioctl(struct httpsys_handle *h, unsigned int cmd,
		   void __user *arg)
{
	struct httpsys_object __user *uarg = arg;
	struct httpsys_session *s;
	struct httpsys_group *g;
	struct httpsys_object o;
	long err = -ENOENT;

	if (copy_from_user(&o, uarg, sizeof(o)))
		return -EFAULT;
	if (o.flags || o.reserved)
		return -EINVAL;

	mutex_lock(&httpsys_config_mutex);
	switch (cmd) {
	case HTTPSYS_IOC_CREATE_SESSION:
		err = session_create(h, &o.id);
		break;
	case HTTPSYS_IOC_CLOSE_SESSION:
		s = session_find(h, o.id);
		if (s) {
			session_close(h, s);
			err = 0;
		}
		break;
	case HTTPSYS_IOC_CREATE_GROUP:
		err = group_create_in(h, o.parent, &o.id);
		break;
	case HTTPSYS_IOC_CLOSE_GROUP:
		g = group_find(h, o.id);
		if (g) {
			group_close(g);
			h->group_count--;
			err = 0;
		}
		break;
	}
	mutex_unlock(&httpsys_config_mutex);

	if (!err && (cmd == HTTPSYS_IOC_CREATE_SESSION ||
		     cmd == HTTPSYS_IOC_CREATE_GROUP) &&
	    put_user(o.id, &uarg->id))
		return -EFAULT;
	return err;
}
