// SPDX-License-Identifier: GPL-2.0
/*
 * Request logs (HttpServerLoggingProperty).  A session's or group's log
 * is a bounded buffer of struct httpsys_log_record: a request that ends
 * appends one under the log's own spinlock, or counts it dropped when
 * the buffer is full, and never waits.  libhttpapi's logging thread
 * takes whole batches with LOG_READ (the spare buffer swapped in) and
 * writes the W3C lines.  Routing finds a log under RCU, so one is freed
 * after a grace period.
 */
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "core.h"

#define LOG_MAX_WAIT_MS		60000

struct httpsys_log {
	struct kref ref;		/* its setting's, requests', readers' */
	spinlock_t lock;		/* @buf, @used, @dropped, @closed */
	wait_queue_head_t wait;		/* a reader waiting for a batch */
	struct mutex read_lock;		/* one reader at a time: it owns @spare */
	char *buf;
	char *spare;
	u32 cap;
	u32 used;
	u32 dropped;
	bool closed;			/* turned off: takes no more records */
	struct rcu_head rcu;
};

static void log_free_rcu(struct rcu_head *head)
{
	struct httpsys_log *log = container_of(head, struct httpsys_log, rcu);

	kvfree(log->buf);
	kvfree(log->spare);
	kfree(log);
}

static void log_release(struct kref *ref)
{
	struct httpsys_log *log = container_of(ref, struct httpsys_log, ref);

	call_rcu(&log->rcu, log_free_rcu);
}

struct httpsys_log *log_get_unless_zero(struct httpsys_log *log)
{
	return log && kref_get_unless_zero(&log->ref) ? log : NULL;
}

void log_put(struct httpsys_log *log)
{
	kref_put(&log->ref, log_release);
}

static struct httpsys_log *log_create(u32 cap)
{
	struct httpsys_log *log = kzalloc(sizeof(*log), GFP_KERNEL_ACCOUNT);

	if (!log)
		return NULL;
	log->buf = kvmalloc(cap, GFP_KERNEL_ACCOUNT);
	log->spare = kvmalloc(cap, GFP_KERNEL_ACCOUNT);
	if (!log->buf || !log->spare) {
		kvfree(log->buf);
		kvfree(log->spare);
		kfree(log);
		return NULL;
	}
	kref_init(&log->ref);
	spin_lock_init(&log->lock);
	init_waitqueue_head(&log->wait);
	mutex_init(&log->read_lock);
	log->cap = cap;
	return log;
}

void log_append(struct httpsys_log *log, const struct httpsys_log_record *r,
		const char *const *s)
{
	unsigned long flags;
	u32 start, i, n;
	bool wake;
	char *p;

	spin_lock_irqsave(&log->lock, flags);
	if (log->closed || log->used + r->size > log->cap) {
		if (!log->closed && log->dropped < U32_MAX)
			log->dropped++;
		spin_unlock_irqrestore(&log->lock, flags);
		return;
	}
	start = log->used;
	p = log->buf + start;
	memcpy(p, r, sizeof(*r));
	n = sizeof(*r);
	for (i = 0; i < HTTPSYS_LOG_STRINGS; i++) {
		memcpy(p + n, s[i], r->data.string_len[i]);
		n += r->data.string_len[i];
	}
	memset(p + n, 0, r->size - n);
	log->used += r->size;
	/* Once per batch: when the buffer passes a quarter full. */
	wake = start < log->cap / 4 && log->used >= log->cap / 4;
	spin_unlock_irqrestore(&log->lock, flags);
	if (wake)
		wake_up(&log->wait);
}

static struct httpsys_log *settings_log(struct httpsys_settings *s)
{
	return rcu_dereference_protected(s->log,
					 lockdep_is_held(&httpsys_config_mutex));
}

void log_detach(struct httpsys_settings *s)
{
	struct httpsys_log *log = settings_log(s);

	if (!log)
		return;
	RCU_INIT_POINTER(s->log, NULL);
	spin_lock_irq(&log->lock);
	log->closed = true;
	spin_unlock_irq(&log->lock);
	wake_up_all(&log->wait);
	log_put(log);
}

static struct httpsys_settings *object_settings(struct httpsys_handle *h,
						u32 object, u64 id)
{
	struct httpsys_session *s;
	struct httpsys_group *g;

	if (object == HTTPSYS_OBJECT_SESSION) {
		s = session_find(h, id);
		return s ? &s->settings : NULL;
	}
	g = group_find(h, id);
	return g ? &g->settings : NULL;
}

static bool object_ok(u32 object)
{
	return object == HTTPSYS_OBJECT_SESSION ||
	       object == HTTPSYS_OBJECT_GROUP;
}

static long log_set(struct httpsys_handle *h, void __user *arg)
{
	struct httpsys_log_set a;
	struct httpsys_settings *s;
	struct httpsys_log *log = NULL;
	u32 cap;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	cap = a.buffer_bytes ?: HTTPSYS_LOG_DEFAULT_BUFFER;
	if (!object_ok(a.object) || (a.flags & ~HTTPSYS_LOG_ON) ||
	    a.reserved || cap < HTTPSYS_LOG_MIN_BUFFER ||
	    cap > HTTPSYS_LOG_MAX_BUFFER)
		return -EINVAL;
	/* Allocated first: the mutex is not held across a large allocation. */
	if (a.flags & HTTPSYS_LOG_ON) {
		log = log_create(cap);
		if (!log)
			return -ENOMEM;
	}
	mutex_lock(&httpsys_config_mutex);
	s = object_settings(h, a.object, a.id);
	if (s && !log) {
		log_detach(s);
	} else if (s && !settings_log(s)) {
		rcu_assign_pointer(s->log, log);
		log = NULL;
	}
	mutex_unlock(&httpsys_config_mutex);
	if (log)
		log_put(log);	/* no such object, or it had one: that stays */
	return s ? 0 : -ENOENT;
}

static bool log_batch_ready(struct httpsys_log *log)
{
	return READ_ONCE(log->used) >= log->cap / 4 || READ_ONCE(log->closed);
}

/* Move the whole records at the front that fit in @len to @spare. */
static u32 log_take(struct httpsys_log *log, u32 len, u32 *records,
		    u32 *dropped)
{
	u32 n = 0, size;
	char *tmp;

	spin_lock_irq(&log->lock);
	while (n < log->used) {
		size = ((struct httpsys_log_record *)(log->buf + n))->size;
		if (n + size > len)
			break;
		n += size;
		(*records)++;
	}
	if (n == log->used) {
		tmp = log->buf;
		log->buf = log->spare;
		log->spare = tmp;
	} else {
		memcpy(log->spare, log->buf, n);
		memmove(log->buf, log->buf + n, log->used - n);
	}
	log->used -= n;
	*dropped = log->dropped;
	log->dropped = 0;
	spin_unlock_irq(&log->lock);
	return n;
}

static long log_read(struct httpsys_handle *h, void __user *arg)
{
	struct httpsys_log_read __user *uarg = arg;
	struct httpsys_log_read a;
	struct httpsys_settings *s;
	struct httpsys_log *log = NULL;
	long err = 0;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (!object_ok(a.object) || a.buf_len < HTTPSYS_LOG_MAX_RECORD ||
	    a.timeout_ms > LOG_MAX_WAIT_MS || a.records || a.bytes ||
	    a.dropped)
		return -EINVAL;
	mutex_lock(&httpsys_config_mutex);
	s = object_settings(h, a.object, a.id);
	if (s) {
		log = settings_log(s);
		if (log)
			kref_get(&log->ref);
	}
	mutex_unlock(&httpsys_config_mutex);
	if (!log)
		return -ENOENT;
	if (a.timeout_ms &&
	    wait_event_interruptible_timeout(log->wait, log_batch_ready(log),
					     msecs_to_jiffies(a.timeout_ms)) < 0) {
		err = -EINTR;
		goto out;
	}
	mutex_lock(&log->read_lock);
	a.bytes = log_take(log, a.buf_len, &a.records, &a.dropped);
	/* A bad @buf loses the batch: the caller's own records. */
	if (a.bytes && copy_to_user(u64_to_user_ptr(a.buf), log->spare,
				    a.bytes))
		err = -EFAULT;
	mutex_unlock(&log->read_lock);
	if (!err && (put_user(a.records, &uarg->records) ||
		     put_user(a.bytes, &uarg->bytes) ||
		     put_user(a.dropped, &uarg->dropped)))
		err = -EFAULT;
out:
	log_put(log);
	return err;
}

long log_ioctl(struct httpsys_handle *h, unsigned int cmd, void __user *arg)
{
	BUILD_BUG_ON(sizeof(struct httpsys_log_set) != 24);
	BUILD_BUG_ON(sizeof(struct httpsys_log_read) != 40);
	BUILD_BUG_ON(sizeof(struct httpsys_log_data) != 40);
	BUILD_BUG_ON(sizeof(struct httpsys_log_record) != 112);
	BUILD_BUG_ON(sizeof(struct httpsys_send) != 80);
	BUILD_BUG_ON(ALIGN(HTTPSYS_LOG_MAX_RECORD, 8) > HTTPSYS_LOG_MIN_BUFFER);

	if (cmd == HTTPSYS_IOC_LOG_SET)
		return log_set(h, arg);
	return log_read(h, arg);
}
