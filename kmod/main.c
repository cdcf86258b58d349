// SPDX-License-Identifier: GPL-2.0
/*
 * httpsys: the Windows HTTP Server API's kernel side for Linux.
 * This file holds the module's entry points and /dev/httpsys; each open of
 * the device is one request queue.
 */
#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/uaccess.h>

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
	struct httpsys_queue *q = queue_create();

	if (!q)
		return -ENOMEM;
	file->private_data = q;
	return 0;
}

static int httpsys_release(struct inode *inode, struct file *file)
{
	struct httpsys_queue *q = file->private_data;

	url_remove_all(q);
	queue_shutdown(q);
	queue_put(q);
	return 0;
}

static long httpsys_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct httpsys_queue *q = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case HTTPSYS_IOC_ADD_URL:
		return url_add(q, uarg);
	case HTTPSYS_IOC_REMOVE_URL:
		return url_remove(q, uarg);
	case HTTPSYS_IOC_RECEIVE:
		return queue_receive(q, uarg, file->f_flags & O_NONBLOCK);
	case HTTPSYS_IOC_RECEIVE_BODY:
		return request_receive_body(q, uarg, file->f_flags & O_NONBLOCK);
	case HTTPSYS_IOC_SEND_RESPONSE:
		return send_response(q, uarg, false);
	case HTTPSYS_IOC_SEND_BODY:
		return send_response(q, uarg, true);
	case HTTPSYS_IOC_CANCEL:
		return request_cancel(q, uarg);
	case HTTPSYS_IOC_WAIT_DISCONNECT:
		return conn_wait_disconnect(uarg);
	}
	return -ENOTTY;
}

static __poll_t httpsys_poll(struct file *file, poll_table *wait)
{
	struct httpsys_queue *q = file->private_data;

	poll_wait(file, &q->wait, wait);
	return queue_poll_mask(q);
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

	httpsys_wq = alloc_workqueue("httpsys", WQ_UNBOUND, 0);
	if (!httpsys_wq)
		return -ENOMEM;
	err = misc_register(&httpsys_dev);
	if (err) {
		destroy_workqueue(httpsys_wq);
		return err;
	}
	return 0;
}

static void __exit httpsys_exit(void)
{
	/* No handle is open (each holds a module reference), so no URL and
	 * no listener is left; only connections may remain.
	 */
	misc_deregister(&httpsys_dev);
	conn_close_all();
	destroy_workqueue(httpsys_wq);
}

module_init(httpsys_init);
module_exit(httpsys_exit);
MODULE_DESCRIPTION("HTTP Server API (http.sys) for Linux");
MODULE_LICENSE("GPL");
