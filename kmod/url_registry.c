// SPDX-License-Identifier: GPL-2.0
/*
 * Registered URL prefixes, each in a URL group.  Changes are rare and
 * serialised by httpsys_config_mutex; routing, which runs per request,
 * walks its port's list under RCU only.  Each user other than the
 * administrator may hold a bounded number of registrations, so no one
 * can make routing slow for every other tenant.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/nsproxy.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/rculist.h>
#include <linux/hashtable.h>

#include "cache.h"
#include "core.h"
#include "httpsys.h"

/* Registrations a user other than the administrator holds. */
struct url_owner {
	struct hlist_node node;		/* url_owners */
	kuid_t uid;
	u32 count;
};

struct url_registration {
	struct hlist_node node;		/* its port's bucket, RCU */
	struct list_head group_node;	/* group->urls */
	struct httpsys_group *group;	/* valid while in a bucket */
	struct httpsys_listener *listener;
	const struct cred *holder;	/* who registered it; NULL: an admin */
	struct url_owner *owner;	/* NULL: an admin */
	u64 context;
	struct url_prefix prefix;
	struct rcu_head rcu;
	char text[];
};

static DEFINE_HASHTABLE(url_ports, 8);	/* registrations by port */
static DEFINE_HASHTABLE(url_owners, 6);	/* by user */

/*
 * Copy in and parse the @len-byte prefix at @uaddr into @text (@len + 2
 * bytes); a missing trailing '/' is implied.  Returns its length.
 */
int url_prefix_copy_in(u64 uaddr, u32 len, char *text, struct url_prefix *p)
{
	if (!len || len > HTTPSYS_MAX_URL_LEN)
		return -EINVAL;
	if (copy_from_user(text, u64_to_user_ptr(uaddr), len))
		return -EFAULT;
	if (memchr(text, '\0', len) || url_prefix_parse(text, len, p))
		return -EINVAL;
	if (text[len - 1] != '/') {
		text[len++] = '/';
		p->path_len++;
	}
	text[len] = '\0';
	return len;
}

static struct url_registration *url_copy_in(const struct httpsys_url *a)
{
	struct url_registration *u;
	int err;

	if (!a->url_len || a->url_len > HTTPSYS_MAX_URL_LEN)
		return ERR_PTR(-EINVAL);
	u = kzalloc(struct_size(u, text, a->url_len + 2), GFP_KERNEL_ACCOUNT);
	if (!u)
		return ERR_PTR(-ENOMEM);
	err = url_prefix_copy_in(a->url, a->url_len, u->text, &u->prefix);
	if (err < 0) {
		kfree(u);
		return ERR_PTR(err);
	}
	u->context = a->context;
	return u;
}

static void url_free(struct rcu_head *head)
{
	struct url_registration *u = container_of(head, struct url_registration,
						  rcu);

	if (u->holder)
		put_cred(u->holder);
	kfree(u);
}

static struct url_registration *url_find(const struct url_registration *key)
{
	struct url_registration *u;

	hash_for_each_possible(url_ports, u, node, key->prefix.port) {
		if (url_prefix_same(u->text, &u->prefix, key->text, &key->prefix))
			return u;
	}
	return NULL;
}

/* Count a registration against @uid; -ENOSPC past the per-user limit. */
static int url_owner_charge(struct url_registration *u, kuid_t uid)
{
	struct url_owner *o;

	hash_for_each_possible(url_owners, o, node, __kuid_val(uid)) {
		if (uid_eq(o->uid, uid)) {
			if (o->count >= HTTPSYS_MAX_USER_URLS)
				return -ENOSPC;
			goto found;
		}
	}
	o = kzalloc(sizeof(*o), GFP_KERNEL_ACCOUNT);
	if (!o)
		return -ENOMEM;
	o->uid = uid;
	hash_add(url_owners, &o->node, __kuid_val(uid));
found:
	o->count++;
	u->owner = o;
	return 0;
}

static void url_owner_release(struct url_registration *u)
{
	struct url_owner *o = u->owner;

	if (o && !--o->count) {
		hash_del(&o->node);
		kfree(o);
	}
}

/* The group @a names: the handle's queue's own, or one of its groups. */
static struct httpsys_group *url_group(struct httpsys_handle *h,
				       const struct httpsys_url *a)
{
	struct httpsys_queue *q;

	lockdep_assert_held(&httpsys_config_mutex);
	if (a->group)
		return group_find(h, a->group) ?: ERR_PTR(-ENXIO);
	q = h->queue;
	return q ? q->own_group : ERR_PTR(-EBADFD);
}

int url_add(struct httpsys_handle *h, void __user *arg)
{
	struct url_registration *u;
	struct httpsys_group *g;
	struct httpsys_url a;
	int err = 0;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	if (a.flags)
		return -EINVAL;
	u = url_copy_in(&a);
	if (IS_ERR(u))
		return PTR_ERR(u);
	mutex_lock(&httpsys_config_mutex);
	g = url_group(h, &a);
	if (IS_ERR(g)) {
		err = PTR_ERR(g);
		goto unlock;
	}
	if (url_find(u)) {
		err = -EEXIST;
		goto unlock;
	}
	if (g->url_count >= HTTPSYS_MAX_GROUP_URLS) {
		err = -ENOSPC;
		goto unlock;
	}
	if (!capable(CAP_NET_ADMIN))
		u->holder = get_current_cred();
	err = urlacl_check(u->holder, u->text, &u->prefix);
	if (!err && u->holder)
		err = url_owner_charge(u, u->holder->euid);
	if (err)
		goto unlock;
	/* Listeners live in the initial network namespace (README). */
	if (!net_eq(current->nsproxy->net_ns, &init_net))
		err = -EOPNOTSUPP;
	/* No TLS yet: an https prefix registers but opens no port. */
	else if (!u->prefix.https)
		u->listener = listener_get(u->prefix.port, &err);
	if (err) {
		url_owner_release(u);
		goto unlock;
	}
	u->group = g;
	g->url_count++;
	list_add_tail(&u->group_node, &g->urls);
	hash_add_rcu(url_ports, &u->node, u->prefix.port);
	u = NULL;
unlock:
	mutex_unlock(&httpsys_config_mutex);
	if (u)
		url_free(&u->rcu);
	return err;
}

static void url_unlink(struct url_registration *u)
{
	struct httpsys_queue *q = rcu_dereference_protected(u->group->queue,
				lockdep_is_held(&httpsys_config_mutex));

	lockdep_assert_held(&httpsys_config_mutex);
	/* What the cache holds for its URLs goes with it. */
	if (q)
		cache_flush_prefix(q->id, u->text, &u->prefix);
	hash_del_rcu(&u->node);
	list_del(&u->group_node);
	u->group->url_count--;
	url_owner_release(u);
	if (u->listener)
		listener_put(u->listener);
	/* Routing may still be looking at it and its holder. */
	call_rcu(&u->rcu, url_free);
}

void url_remove_all(struct httpsys_group *g)
{
	struct url_registration *u, *tmp;

	list_for_each_entry_safe(u, tmp, &g->urls, group_node)
		url_unlink(u);
}

/* The service-state entries of @g's URLs. */
void url_state(struct httpsys_group *g, struct state_buf *b)
{
	struct httpsys_state_entry *e;
	struct url_registration *u;

	list_for_each_entry(u, &g->urls, group_node) {
		e = state_add(b, HTTPSYS_STATE_URL, u->text, strlen(u->text));
		if (e) {
			e->id = u->context;
			e->parent = g->id;
		}
	}
}

int url_remove(struct httpsys_handle *h, void __user *arg)
{
	struct url_registration *key = NULL, *u;
	struct httpsys_group *g;
	struct httpsys_url a;
	int err = 0;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	if (a.flags & ~HTTPSYS_URL_REMOVE_ALL ||
	    !(a.flags & HTTPSYS_URL_REMOVE_ALL) != !!a.url_len)
		return -EINVAL;
	if (a.url_len) {
		key = url_copy_in(&a);
		if (IS_ERR(key))
			return PTR_ERR(key);
	}
	mutex_lock(&httpsys_config_mutex);
	g = url_group(h, &a);
	if (IS_ERR(g)) {
		err = PTR_ERR(g);
	} else if (!key) {
		url_remove_all(g);
	} else {
		u = url_find(key);
		if (!u)
			err = -ENOENT;
		else if (u->group != g)
			err = -EACCES;
		else
			url_unlink(u);
	}
	mutex_unlock(&httpsys_config_mutex);
	kfree(key);
	return err;
}

/*
 * The queue a matched registration delivers to, referenced, or NULL with
 * the 503 answer in *@status: http.sys answers 503 when the group is
 * unbound or it, its session or its queue is disabled or gone, when the
 * registrant no longer holds the URL, or when the group is at its
 * connection limit.  The connection takes on the group's
 * settings.
 */
static struct httpsys_queue *url_target(struct httpsys_request *req,
					const struct url_registration *u,
					int *status, const char **detail)
{
	struct httpsys_group *g = u->group;
	struct httpsys_queue *q = rcu_dereference(g->queue);

	*status = 503;
	if (!q)
		return NULL;
	if (READ_ONCE(g->state) || (g->session && READ_ONCE(g->session->state))) {
		*status = queue_refusal(q, "Disabled", detail);
		return NULL;
	}
	if (READ_ONCE(q->state) || READ_ONCE(q->closing)) {
		*status = queue_refusal(q, "AppOffline", detail);
		return NULL;
	}
	/* Its registrant no longer holds this URL: reserved for others. */
	if (u->holder && !urlacl_holds(u->holder, u->text, &u->prefix,
				       req->path, req->path_len)) {
		*status = queue_refusal(q, "N/A", detail);
		return NULL;
	}
	if (qos_apply(req->conn, g)) {
		*status = queue_refusal(q, "ConnLimit", detail);
		return NULL;
	}
	return kref_get_unless_zero(&q->ref) ? q : NULL;
}

/*
 * The group's (else its session's) settings, referenced, if they enable a
 * scheme.  Settings being replaced may have lost their last reference
 * already: their replacement was published first, so look again.
 */
static struct auth_settings *route_auth(const struct httpsys_group *g)
{
	struct auth_settings *a;

	do {
		a = rcu_dereference(g->settings.auth);
		if (!a && g->session)
			a = rcu_dereference(g->session->settings.auth);
		if (!auth_settings_enabled(a))
			return NULL;
	} while (!kref_get_unless_zero(&a->ref));
	return a;
}

/*
 * One candidate of a routing: whether @u on @port accepts @host; if its
 * path matches @path too and it beats *@best (whose path matched
 * *@best_len bytes), it becomes *@best.
 */
static bool url_consider(struct url_registration *u, u16 port,
			 const char *host, size_t host_len, const char *path,
			 size_t path_len, struct url_registration **best,
			 int *best_len)
{
	const struct url_prefix *p = &u->prefix;
	int len;

	if (p->port != port || p->https ||
	    !url_prefix_match_host(u->text, p, host, host_len))
		return false;
	len = url_prefix_match_path(u->text, p, path, path_len);
	if (len >= 0 && url_route_prefers(p, len, *best ? &(*best)->prefix : NULL,
					  *best_len)) {
		*best = u;
		*best_len = len;
	}
	return true;
}

/*
 * The registration a request for @host and @path on @port routes to
 * (under RCU): the first host class with any match wins (strong '+',
 * explicit names, IP literals, weak '*'), and within it the longest path.
 * *@host_known: some prefix on the port accepts the host.
 */
static struct url_registration *url_best(u16 port, const char *host,
					 size_t host_len, const char *path,
					 size_t path_len, bool *host_known)
{
	struct url_registration *u, *best = NULL;
	int best_len = -1;

	*host_known = false;
	hash_for_each_possible_rcu(url_ports, u, node, port)
		if (url_consider(u, port, host, host_len, path, path_len,
				 &best, &best_len))
			*host_known = true;
	return best;
}

/*
 * The context of the URL of @g that @req routes to, by http.sys's
 * precedence among @g's URLs alone (a delegation names the group).
 */
int url_group_match(const struct httpsys_group *g,
		    const struct httpsys_request *req, u16 port, u64 *context)
{
	struct url_registration *u, *best = NULL;
	int best_len = -1;

	lockdep_assert_held(&httpsys_config_mutex);
	list_for_each_entry(u, &g->urls, group_node)
		url_consider(u, port, req->host, req->host_len, req->path,
			     req->path_len, &best, &best_len);
	if (!best)
		return -ENXIO;
	*context = best->context;
	return 0;
}

/* Requests for that URL would route to @q (a fragment's name must). */
bool url_routes_to(const struct httpsys_queue *q, u16 port, const char *host,
		   size_t host_len, const char *path, size_t path_len)
{
	struct url_registration *u;
	bool host_known, ours;

	rcu_read_lock();
	u = url_best(port, host, host_len, path, path_len, &host_known);
	ours = u && rcu_dereference(u->group->queue) == q;
	rcu_read_unlock();
	return ours;
}

/*
 * Pick the queue for @req (url_best()).  Returns 0 with a queue
 * reference, or the status to answer: 400 when no prefix on the port
 * accepts the host, 404 when none accepts the path, 503 (or a reset) when
 * the queue cannot take it.  The request takes a reference to the URL's
 * authentication settings, if any enabled.
 */
int url_route(struct httpsys_request *req, u16 port,
	      struct httpsys_queue **queue, const char **detail)
{
	struct url_registration *best;
	bool host_known;
	int status;

	*detail = NULL;
	rcu_read_lock();
	best = url_best(port, req->host, req->host_len, req->path,
			req->path_len, &host_known);
	if (best) {
		*queue = url_target(req, best, &status, detail);
		if (*queue) {
			req->url_context = best->context;
			req->auth.settings = route_auth(best->group);
			log_route(req, best->group);
			status = 0;
		}
	} else if (host_known) {
		status = 404;
	} else {
		status = 400;
		*detail = "Invalid Hostname";
	}
	rcu_read_unlock();
	return status;
}
