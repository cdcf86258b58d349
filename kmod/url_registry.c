// SPDX-License-Identifier: GPL-2.0
/*
 * Registered URL prefixes.  Changes are rare and serialised by a mutex;
 * routing, which runs per request, walks the list under RCU only.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/rculist.h>

#include "core.h"
#include "httpsys.h"

struct url_registration {
	struct list_head node;		/* url_list, RCU */
	struct list_head queue_node;	/* queue->urls, under url_mutex */
	struct httpsys_queue *queue;	/* valid while on url_list */
	struct httpsys_listener *listener;
	u64 context;
	struct url_prefix prefix;
	struct rcu_head rcu;
	char text[];
};

static LIST_HEAD(url_list);
static DEFINE_MUTEX(url_mutex);

/* Copy in and parse a prefix; a missing trailing '/' is implied. */
static struct url_registration *url_copy_in(void __user *arg, u64 *context)
{
	struct url_registration *u;
	struct httpsys_url a;
	int len;

	if (copy_from_user(&a, arg, sizeof(a)))
		return ERR_PTR(-EFAULT);
	if (a.flags || !a.url_len || a.url_len > HTTPSYS_MAX_URL_LEN)
		return ERR_PTR(-EINVAL);
	u = kzalloc(struct_size(u, text, a.url_len + 2), GFP_KERNEL);
	if (!u)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(u->text, u64_to_user_ptr(a.url), a.url_len)) {
		kfree(u);
		return ERR_PTR(-EFAULT);
	}
	len = a.url_len;
	if (memchr(u->text, '\0', len)) {
		kfree(u);
		return ERR_PTR(-EINVAL);
	}
	if (url_prefix_parse(u->text, len, &u->prefix)) {
		kfree(u);
		return ERR_PTR(-EINVAL);
	}
	if (u->text[len - 1] != '/') {
		u->text[len++] = '/';
		u->prefix.path_len++;
	}
	*context = a.context;
	return u;
}

static struct url_registration *url_find(const struct url_registration *key)
{
	struct url_registration *u;

	list_for_each_entry(u, &url_list, node) {
		if (url_prefix_same(u->text, &u->prefix, key->text, &key->prefix))
			return u;
	}
	return NULL;
}

int url_add(struct httpsys_queue *q, void __user *arg)
{
	struct url_registration *u;
	u64 context;
	int err = 0;

	u = url_copy_in(arg, &context);
	if (IS_ERR(u))
		return PTR_ERR(u);
	u->context = context;
	mutex_lock(&url_mutex);
	if (url_find(u)) {
		err = -EEXIST;
		goto unlock;
	}
	u->listener = listener_get(u->prefix.port, &err);
	if (!u->listener)
		goto unlock;
	u->queue = q;
	list_add_tail(&u->queue_node, &q->urls);
	list_add_tail_rcu(&u->node, &url_list);
	u = NULL;
unlock:
	mutex_unlock(&url_mutex);
	kfree(u);
	return err;
}

static void url_unlink(struct url_registration *u)
{
	lockdep_assert_held(&url_mutex);
	list_del_rcu(&u->node);
	list_del(&u->queue_node);
	listener_put(u->listener);
	kfree_rcu(u, rcu);
}

int url_remove(struct httpsys_queue *q, void __user *arg)
{
	struct url_registration *key, *u;
	u64 context;
	int err = 0;

	key = url_copy_in(arg, &context);
	if (IS_ERR(key))
		return PTR_ERR(key);
	mutex_lock(&url_mutex);
	u = url_find(key);
	if (!u)
		err = -ENOENT;
	else if (u->queue != q)
		err = -EACCES;
	else
		url_unlink(u);
	mutex_unlock(&url_mutex);
	kfree(key);
	return err;
}

void url_remove_all(struct httpsys_queue *q)
{
	struct url_registration *u, *tmp;

	mutex_lock(&url_mutex);
	list_for_each_entry_safe(u, tmp, &q->urls, queue_node)
		url_unlink(u);
	mutex_unlock(&url_mutex);
}

/*
 * Pick the queue for @req: the first host class with any match wins
 * (strong '+', explicit names, IP literals, weak '*'), and within it the
 * longest path.  Returns 0 with a queue reference, or the status to answer:
 * 400 when no prefix on the port accepts the host, 404 when none accepts
 * the path, 503 when the queue is going away.
 */
int url_route(struct httpsys_request *req, u16 port, struct httpsys_queue **queue)
{
	struct url_registration *u, *best = NULL;
	bool host_known = false;
	int len, best_len = -1;
	int status;

	rcu_read_lock();
	list_for_each_entry_rcu(u, &url_list, node) {
		const struct url_prefix *p = &u->prefix;

		if (p->port != port || p->https)
			continue;
		if (!url_prefix_match_host(u->text, p, req->host, req->host_len))
			continue;
		host_known = true;
		len = url_prefix_match_path(u->text, p, req->path, req->path_len);
		if (len < 0)
			continue;
		if (url_route_prefers(p, len, best ? &best->prefix : NULL,
				      best_len)) {
			best = u;
			best_len = len;
		}
	}
	if (best && kref_get_unless_zero(&best->queue->ref)) {
		*queue = best->queue;
		req->url_context = best->context;
		status = 0;
	} else {
		status = best ? 503 : host_known ? 404 : 400;
	}
	rcu_read_unlock();
	return status;
}
