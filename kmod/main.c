// SPDX-License-Identifier: GPL-2.0
/*
 * httpsys: the Windows HTTP Server API's kernel side for Linux.
 * This file holds the module's entry points and /dev/httpsys; each open of
 * the device is one request queue.
 */
#include <linux/atomic.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/uaccess.h>

#include "auth_upcall.h"
#include "cache.h"
#include "core.h"
#include "httpsys.h"

struct workqueue_struct *httpsys_wq;
static atomic64_t last_id = ATOMIC64_INIT(0);

/* Request and connection IDs: unique, never 0 (HTTP_NULL_ID). */
u64 httpsys_next_id(void)
{
	return atomic64_inc_return(&last_id);
}

u64 httpsys_last_id(void)
{
	return atomic64_read(&last_id);
}

static int httpsys_open(struct inode *inode, struct file *file)
{
	struct httpsys_handle *h = handle_create();

	if (!h)
		return -ENOMEM;
	file->private_data = h;
	return 0;
}

static int httpsys_release(struct inode *inode, struct file *file)
{
	handle_release(file->private_data);
	return 0;
}

/* The calls that act on the handle's queue. */
static long httpsys_queue_ioctl(struct file *file, unsigned int cmd,
				void __user *uarg)
{
	struct httpsys_handle *h = file->private_data;
	bool nonblock = file->f_flags & O_NONBLOCK;
	struct httpsys_queue *q;
	int err;

	q = handle_io_queue(h, &err);
	if (!q)
		return err;
	switch (cmd) {
	case HTTPSYS_IOC_RECEIVE:
		return queue_receive(q, h, uarg, nonblock);
	case HTTPSYS_IOC_RECEIVE_MANY:
		return queue_receive_many(q, h, uarg, nonblock);
	case HTTPSYS_IOC_RECEIVE_BODY:
		return request_receive_body(q, uarg, nonblock);
	case HTTPSYS_IOC_SEND_RESPONSE:
		return send_response(q, uarg, false);
	case HTTPSYS_IOC_SEND_BODY:
		return send_response(q, uarg, true);
	case HTTPSYS_IOC_CANCEL:
		return request_cancel(q, uarg);
	case HTTPSYS_IOC_DELEGATE:
		return request_delegate(q, uarg);
	case HTTPSYS_IOC_WAIT_DISCONNECT:
		return conn_wait_disconnect(q, uarg);
	case HTTPSYS_IOC_FLUSH_CACHE:
	case HTTPSYS_IOC_FRAGMENT_ADD:
	case HTTPSYS_IOC_FRAGMENT_READ:
		return cache_ioctl(q, cmd, uarg);
	}
	return -ENOTTY;
}

static long httpsys_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct httpsys_handle *h = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case HTTPSYS_IOC_QUEUE:
		return handle_attach(h, uarg);
	case HTTPSYS_IOC_CREATE_SESSION:
	case HTTPSYS_IOC_CLOSE_SESSION:
	case HTTPSYS_IOC_CREATE_GROUP:
	case HTTPSYS_IOC_CLOSE_GROUP:
		return session_ioctl(h, cmd, uarg);
	case HTTPSYS_IOC_SET_PROPERTY:
		return property_ioctl(h, uarg, true);
	case HTTPSYS_IOC_QUERY_PROPERTY:
		return property_ioctl(h, uarg, false);
	case HTTPSYS_IOC_ADD_URL:
		return url_add(h, uarg);
	case HTTPSYS_IOC_REMOVE_URL:
		return url_remove(h, uarg);
	case HTTPSYS_IOC_URLACL_ADD:
	case HTTPSYS_IOC_URLACL_DELETE:
	case HTTPSYS_IOC_URLACL_QUERY:
		return urlacl_ioctl(cmd, uarg);
	case HTTPSYS_IOC_TIMEOUT_SET:
	case HTTPSYS_IOC_TIMEOUT_QUERY:
	case HTTPSYS_IOC_SERVICE_STATE:
		return service_ioctl(cmd, uarg);
	case HTTPSYS_IOC_LOG_SET:
	case HTTPSYS_IOC_LOG_READ:
		return log_ioctl(h, cmd, uarg);
	case HTTPSYS_IOC_SHUTDOWN:
		handle_shutdown(h);
		return 0;
	case HTTPSYS_IOC_QUEUE_ID:
		return handle_queue_id(h, uarg);
	}
	return httpsys_queue_ioctl(file, cmd, uarg);
}

static __poll_t httpsys_poll(struct file *file, poll_table *wait)
{
	struct httpsys_queue *q = handle_queue(file->private_data);

	/* Nothing will ever arrive on a handle without a queue. */
	if (!q)
		return EPOLLERR;
	poll_wait(file, &q->wait, wait);
	conn_ready_poll_wait(file, wait);
	return queue_poll_mask(q, file->private_data);
}

static const struct file_operations httpsys_fops = {
	.owner = THIS_MODULE,
	.open = httpsys_open,
	.release = httpsys_release,
	.unlocked_ioctl = httpsys_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.poll = httpsys_poll,
	.llseek = noop_llseek,
};

/* The queue of the httpsys handle open as @fd, referenced (bindings). */
struct httpsys_queue *handle_queue_from_fd(int fd)
{
	struct httpsys_queue *q = ERR_PTR(-EBADF);
	struct fd f = fdget(fd);

	if (!f.file)
		return q;
	if (f.file->f_op == &httpsys_fops) {
		q = handle_queue(f.file->private_data);
		if (q)
			queue_get(q);
		else
			q = ERR_PTR(-EBADF);
	}
	fdput(f);
	return q;
}

/*
 * The queue of handle @fd, referenced, if it was attached as a delegation
 * target: holding such a handle is the right to hand requests to it.
 */
struct httpsys_queue *handle_delegation_target(int fd)
{
	struct httpsys_queue *q = ERR_PTR(-EBADF);
	struct httpsys_handle *h;
	struct fd f = fdget(fd);

	if (!f.file)
		return q;
	if (f.file->f_op == &httpsys_fops) {
		h = f.file->private_data;
		q = handle_queue(h);
		if (!q)
			q = ERR_PTR(-EBADF);
		else if (!(h->queue_flags & HTTPSYS_QUEUE_DELEGATION))
			q = ERR_PTR(-EPERM);
		else
			queue_get(q);
	}
	fdput(f);
	return q;
}

static struct miscdevice httpsys_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "httpsys",
	.fops = &httpsys_fops,
	/* Who may register which URL is decided per prefix (URL ACLs). */
	.mode = 0666,
};

static int __init httpsys_init(void)
{
	int err;

	err = conn_cache_init();
	if (err)
		return err;
	httpsys_wq = alloc_workqueue("httpsys", WQ_UNBOUND, 0);
	if (!httpsys_wq) {
		err = -ENOMEM;
		goto out_cache;
	}
	err = auth_upcall_init();
	if (err)
		goto out_wq;
	err = misc_register(&httpsys_dev);
	if (err)
		goto out_auth;
	return 0;

out_auth:
	auth_upcall_exit();
out_wq:
	destroy_workqueue(httpsys_wq);
out_cache:
	conn_cache_exit();
	return err;
}

static void __exit httpsys_exit(void)
{
	/* No handle is open (each holds a module reference), so no URL and
	 * no listener is left; only connections may remain.
	 */
	misc_deregister(&httpsys_dev);
	conn_close_all();
	cache_exit();
	/* After the connections: their jobs are cancelled, their DROPs
	 * queued; this fails what is left.
	 */
	auth_upcall_exit();
	urlacl_clear();
	rcu_barrier();	/* the RCU callbacks that free URLs and reservations */
	destroy_workqueue(httpsys_wq);
	conn_cache_exit();
}

module_init(httpsys_init);
module_exit(httpsys_exit);
MODULE_DESCRIPTION("HTTP Server API (http.sys) for Linux");
MODULE_LICENSE("GPL");
