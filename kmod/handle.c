// SPDX-License-Identifier: GPL-2.0
/*
 * Handles: each open of /dev/httpsys.  A handle owns the server sessions
 * created on it and may be attached, once, to a request queue: a new one,
 * or a named one another handle created.  A queue lives while a handle is
 * attached to it.  Queue names are per owner (the creator's effective
 * uid), so no user can take a name from another, and a name is opened
 * only by handles of its owner.
 */
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "core.h"

DEFINE_MUTEX(httpsys_config_mutex);
LIST_HEAD(httpsys_handles);
LIST_HEAD(httpsys_queues);

struct httpsys_handle *handle_create(void)
{
	struct httpsys_handle *h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);

	if (!h)
		return NULL;
	INIT_LIST_HEAD(&h->sessions);
	h->pid = get_task_pid(current, PIDTYPE_TGID);
	h->uid = current_euid();
	mutex_lock(&httpsys_config_mutex);
	list_add_tail(&h->node, &httpsys_handles);
	mutex_unlock(&httpsys_config_mutex);
	return h;
}

/* The handle's queue, or NULL; constant once set. */
struct httpsys_queue *handle_queue(struct httpsys_handle *h)
{
	/* Pairs with handle_attach()'s release: the queue is initialised. */
	return smp_load_acquire(&h->queue);
}

/* The queue for a receive or send on @h: not for controllers. */
struct httpsys_queue *handle_io_queue(struct httpsys_handle *h, int *err)
{
	struct httpsys_queue *q = handle_queue(h);

	*err = 0;
	if (!q || (h->queue_flags & HTTPSYS_QUEUE_CONTROLLER))
		*err = -EBADFD;
	else if (READ_ONCE(h->shut_down))
		*err = -ESHUTDOWN;
	return *err ? NULL : q;
}

static struct httpsys_queue *named_queue_find(kuid_t owner, const char *name)
{
	struct httpsys_queue *q;

	list_for_each_entry(q, &httpsys_queues, node) {
		if (q->name && uid_eq(q->owner, owner) && !strcmp(q->name, name))
			return q;
	}
	return NULL;
}

/* A new queue, with its own group for HttpAddUrl's prefixes. */
static struct httpsys_queue *queue_new(char *name, bool v1)
{
	struct httpsys_queue *q = queue_create(v1);

	if (!q)
		return ERR_PTR(-ENOMEM);
	q->own_group = group_create(NULL);
	if (!q->own_group) {
		queue_put(q);
		return ERR_PTR(-ENOMEM);
	}
	group_bind(q->own_group, q);
	q->owner = current_euid();
	q->name = name;
	list_add_tail(&q->node, &httpsys_queues);
	return q;
}

static char *name_copy_in(const struct httpsys_queue_attach *a)
{
	char *name;

	if (!a->name_len)
		return NULL;
	if (a->name_len > HTTPSYS_MAX_QUEUE_NAME)
		return ERR_PTR(-EINVAL);
	name = memdup_user_nul(u64_to_user_ptr(a->name), a->name_len);
	if (!IS_ERR(name) && strlen(name) != a->name_len) {
		kfree(name);
		return ERR_PTR(-EINVAL);
	}
	return name;
}

long handle_attach(struct httpsys_handle *h, void __user *arg)
{
	struct httpsys_queue_attach a;
	struct httpsys_queue *q;
	char *name;
	long err = 0;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	if (a.flags & ~(HTTPSYS_QUEUE_OPEN_EXISTING | HTTPSYS_QUEUE_CONTROLLER |
			HTTPSYS_QUEUE_DELEGATION | HTTPSYS_QUEUE_V1))
		return -EINVAL;
	if ((a.flags & HTTPSYS_QUEUE_V1) &&
	    (a.flags & ~HTTPSYS_QUEUE_V1 || a.name_len))
		return -EINVAL;
	name = name_copy_in(&a);
	if (IS_ERR(name))
		return PTR_ERR(name);
	if ((a.flags & HTTPSYS_QUEUE_OPEN_EXISTING) && !name) {
		err = -EINVAL;
		goto out;
	}

	mutex_lock(&httpsys_config_mutex);
	if (h->queue) {
		err = -EBUSY;
		goto unlock;
	}
	q = name ? named_queue_find(current_euid(), name) : NULL;
	if (a.flags & HTTPSYS_QUEUE_OPEN_EXISTING) {
		if (!q)
			err = -ENOENT;
	} else if (q) {
		err = -EEXIST;
	} else {
		q = queue_new(name, a.flags & HTTPSYS_QUEUE_V1);
		if (IS_ERR(q))
			err = PTR_ERR(q);
		else
			name = NULL;	/* the queue's now */
	}
	if (!err) {
		if (a.flags & HTTPSYS_QUEUE_OPEN_EXISTING)
			queue_get(q);
		q->handles++;
		h->queue_flags = a.flags;
		/* Publish the flags and queue to lockless readers. */
		smp_store_release(&h->queue, q);
	}
unlock:
	mutex_unlock(&httpsys_config_mutex);
out:
	kfree(name);
	return err;
}

/*
 * Detach @h from its queue: the requests it received are abandoned; the
 * last handle out shuts the queue down and frees its name and URLs.
 */
static void handle_detach(struct httpsys_handle *h)
{
	struct httpsys_queue *q = h->queue;
	bool last;

	if (!q)
		return;
	mutex_lock(&httpsys_config_mutex);
	last = !--q->handles;
	if (last) {
		list_del(&q->node);
		group_close(q->own_group);
		q->own_group = NULL;
	}
	mutex_unlock(&httpsys_config_mutex);
	if (last)
		queue_shutdown(q);
	else
		queue_abandon(q, h);
	queue_put(q);
}

/* QUEUE_ID: its queue's ID, which no other call tells without a change. */
long handle_queue_id(struct httpsys_handle *h, void __user *arg)
{
	struct httpsys_queue *q = handle_queue(h);
	struct httpsys_queue_id r = { 0 };

	BUILD_BUG_ON(sizeof(struct httpsys_queue_id) != 8);
	if (!q)
		return -EBADFD;
	r.id = q->id;
	return copy_to_user(arg, &r, sizeof(r)) ? -EFAULT : 0;
}

/* HttpShutdownRequestQueue: this handle stops receiving. */
void handle_shutdown(struct httpsys_handle *h)
{
	struct httpsys_queue *q = handle_queue(h);

	WRITE_ONCE(h->shut_down, true);
	if (q) {
		wake_up_all(&q->wait);
		queue_abandon(q, h);
	}
}

void handle_release(struct httpsys_handle *h)
{
	mutex_lock(&httpsys_config_mutex);
	sessions_close_all(h);
	list_del(&h->node);
	mutex_unlock(&httpsys_config_mutex);
	handle_detach(h);
	put_pid(h->pid);
	kfree(h);
}
