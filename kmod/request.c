// SPDX-License-Identifier: GPL-2.0
/*
 * Requests: their lifetime, their delivery to user space as an
 * HTTP_REQUEST blob, and reads of their entity body.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/mm.h>

#include "core.h"
#include "httpsys.h"
#include "proto/marshal.h"

static void request_release(struct kref *ref)
{
	struct httpsys_request *req = container_of(ref, struct httpsys_request, ref);

	log_request_end(req);
	if (req->conn)
		conn_put(req->conn);
	if (req->queue)
		queue_put(req->queue);
	auth_request_release(&req->auth);
	kfree(req->path);
	kfree(req->head);
	kfree(req);
}

void request_get(struct httpsys_request *req)
{
	kref_get(&req->ref);
}

void request_put(struct httpsys_request *req)
{
	kref_put(&req->ref, request_release);
}

/* 0, or -ENOMEM; *@scratch is for kfree() whatever the result. */
static int marshal_describe(struct httpsys_request *req,
			    struct marshal_request *m, struct marshal_auth *auth,
			    u32 **scratch)
{
	int err;

	struct httpsys_conn *c = req->conn;
	const char *target = req->head + req->parsed.target_off;

	memset(m, 0, sizeof(*m));
	m->head = req->head;
	m->req = &req->parsed;
	m->fields = req->fields;
	m->port = c->local_port;
	m->host = req->host;
	m->host_len = req->host_len;
	m->path = req->path;
	m->path_len = req->path_len;
	if (req->query_off < req->parsed.target_len) {
		m->query = target + req->query_off;
		m->query_len = req->parsed.target_len - req->query_off;
	}
	m->connection_id = c->id;
	m->request_id = req->id;
	m->url_context = req->url_context;
	m->remote_addr = &c->remote;
	m->remote_addr_len = c->remote_len;
	m->local_addr = &c->local;
	m->local_addr_len = c->local_len;
	m->bytes_received = req->parsed.head_len;
	err = auth_request_describe(req, auth, scratch);
	if (err > 0)
		m->auth = auth;
	return min(err, 0);
}

/* request_marshal()'s work once the request is described in @m. */
static int marshal_copy_out(struct httpsys_request *req,
			    struct marshal_request *m, u32 flags,
			    void __user *buf, u32 buf_len, u32 *needed)
{
	struct httpsys_request_v1 __user *ureq = buf;
	struct httpsys_conn *c = req->conn;
	u64 body_read;
	size_t size;
	void *kbuf;
	int err;

	size = marshal_request_size(m);
	if (size > buf_len) {
		*needed = size;
		return put_user(req->id, &ureq->request_id) ? -EFAULT : -EOVERFLOW;
	}

	mutex_lock(&c->rx_lock);
	if (c->current_req == req && !conn_dead(c))
		m->bytes_received += body_received(c);
	if (c->current_req == req && !conn_dead(c) && !body_finished(c)) {
		long ready = body_ready(c);

		m->flags = HTTPSYS_REQUEST_MORE_ENTITY_BODY;
		if ((flags & HTTPSYS_RECEIVE_COPY_BODY) && ready > 0) {
			m->body = c->rx;
			m->body_len = min_t(size_t, ready, buf_len - size);
			/* The data chunk and alignment take room too: shrink
			 * the body until the whole blob fits.
			 */
			while (m->body_len &&
			       (size = marshal_request_size(m)) > buf_len)
				m->body_len -= min_t(size_t, m->body_len,
						    size - buf_len);
			if (body_ends_after(c, m->body_len))
				m->flags = 0;
		}
	}
	size = marshal_request_size(m);
	kbuf = kvzalloc(size, GFP_KERNEL_ACCOUNT);
	if (kbuf)
		marshal_request_write(m, kbuf, (u64)(uintptr_t)buf);
	body_read = c->body_read;
	mutex_unlock(&c->rx_lock);
	if (!kbuf)
		return -ENOMEM;

	err = copy_to_user(buf, kbuf, size) ? -EFAULT : 0;
	kvfree(kbuf);
	if (err)
		return err;
	*needed = size;
	if (m->body_len) {
		/* The request is off every list: no one else reads its body. */
		mutex_lock(&c->rx_lock);
		if (c->current_req == req && !conn_dead(c) &&
		    c->body_read == body_read)
			body_consume(c, m->body_len);
		mutex_unlock(&c->rx_lock);
	}
	conn_mark_delivered(c, req->queue->id);
	return 0;
}

/*
 * Write @req into the user buffer.  With COPY_BODY, as much of the body as
 * has arrived and fits goes with it.  -EOVERFLOW when even the request
 * without a body does not fit: *@needed says how much would, and the
 * request ID is stored in the buffer as Windows does.
 *
 * The blob is built under rx_lock and copied out after it is dropped, so
 * a buffer that faults slowly holds no lock the receive work needs; the
 * body bytes it carries are consumed only once the copy succeeded.
 */
int request_marshal(struct httpsys_request *req, u32 flags, void __user *buf,
		    u32 buf_len, u32 *needed)
{
	struct marshal_request m;
	struct marshal_auth auth;
	u32 *scratch = NULL;
	int err;

	if (!IS_ALIGNED((unsigned long)buf, 8))
		return -EINVAL;
	err = marshal_describe(req, &m, &auth, &scratch);
	if (!err)
		err = marshal_copy_out(req, &m, flags, buf, buf_len, needed);
	kfree(scratch);
	return err;
}

long request_receive_body(struct httpsys_queue *q, void __user *arg,
			  bool nonblock)
{
	struct httpsys_body __user *uarg = arg;
	struct httpsys_request *req;
	struct httpsys_body b;
	ssize_t n;

	if (copy_from_user(&b, uarg, sizeof(b)))
		return -EFAULT;
	if (b.reserved || (b.flags & ~(HTTPSYS_BODY_FILL_BUFFER |
				       HTTPSYS_BODY_NONBLOCK)))
		return -EINVAL;
	req = queue_find_active(q, b.request_id);
	if (!req)
		return -ENOENT;
	n = body_read(q, req, u64_to_user_ptr(b.buffer),
		      b.buffer_len, b.flags & HTTPSYS_BODY_FILL_BUFFER,
		      nonblock || (b.flags & HTTPSYS_BODY_NONBLOCK));
	request_put(req);
	if (n < 0)
		return n;
	return put_user((u32)n, &uarg->bytes_read) ? -EFAULT : 0;
}

/* HttpCancelHttpRequest: the request is retired and its connection closed. */
long request_cancel(struct httpsys_queue *q, void __user *arg)
{
	struct httpsys_request *req;
	struct httpsys_id_op op;

	if (copy_from_user(&op, arg, sizeof(op)))
		return -EFAULT;
	if (op.flags || op.reserved)
		return -EINVAL;
	req = queue_find_active(q, op.id);
	if (!req)
		return -ENOENT;
	if (queue_retire(q, req)) {
		conn_request_done(req->conn, req, false);
		request_put(req);	/* the active list's reference */
	}
	request_put(req);
	return 0;
}
