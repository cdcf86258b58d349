// SPDX-License-Identifier: GPL-2.0
/*
 * A response's entity chunks: from user memory (copied by the socket
 * straight from the sender's pages) or from an open file (its page-cache
 * pages go to the socket through a splice pipe, never through user space
 * and never copied by us).
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/pipe_fs_i.h>
#include <linux/slab.h>
#include <linux/splice.h>
#include <linux/uio.h>
#include <linux/fsnotify.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/overflow.h>

#include "cache.h"
#include "core.h"
#include "httpsys.h"

/* A file chunk's range, checked against the file's size now. */
static int chunk_open_file(struct send_chunk *k, const struct httpsys_chunk *u)
{
	loff_t size;

	k->file = fget(u->fd);
	if (!k->file)
		return -EBADF;
	if (!(k->file->f_mode & FMODE_READ) || !S_ISREG(file_inode(k->file)->i_mode))
		return -EBADF;
	size = i_size_read(file_inode(k->file));
	if (u->data > size)
		return -EINVAL;
	if (u->length == HTTPSYS_LENGTH_TO_EOF)
		k->length = size - u->data;
	else if (u->length > size - u->data)
		return -EINVAL;
	return 0;
}

/*
 * One chunk from user space, checked: a file's range against its size, a
 * fragment's against the fragment (-ESTALE when @queue_id holds none of
 * that name).
 */
int chunk_resolve(struct send_chunk *k, const struct httpsys_chunk *u,
		  u64 queue_id)
{
	k->type = u->type;
	k->data = u->data;
	k->length = u->length;
	switch (u->type) {
	case HTTPSYS_CHUNK_FROM_FILE:
		return chunk_open_file(k, u);
	case HTTPSYS_CHUNK_FROM_MEMORY:
		return u->fd ? -EINVAL : 0;
	case HTTPSYS_CHUNK_FROM_FRAGMENT:
		if (u->fd || u->length)
			return -EINVAL;
		k->fragment = fragment_chunk_get(u->data, queue_id, &k->data,
						 &k->length);
		if (IS_ERR(k->fragment)) {
			int err = PTR_ERR(k->fragment);

			k->fragment = NULL;
			return err;
		}
		return 0;
	}
	return -EINVAL;
}

struct send_chunk *chunks_get(const struct httpsys_send *s, u64 queue_id,
			      u64 *total)
{
	struct httpsys_chunk *user;
	struct send_chunk *chunks;
	u32 i;
	int err = 0;

	*total = 0;
	if (!s->chunk_count)
		return NULL;
	user = memdup_user(u64_to_user_ptr(s->chunks),
			   array_size(s->chunk_count, sizeof(*user)));
	if (IS_ERR(user))
		return ERR_CAST(user);
	chunks = kcalloc(s->chunk_count, sizeof(*chunks), GFP_KERNEL_ACCOUNT);
	if (!chunks) {
		kfree(user);
		return ERR_PTR(-ENOMEM);
	}
	for (i = 0; i < s->chunk_count && !err; i++) {
		err = chunk_resolve(&chunks[i], &user[i], queue_id);
		if (!err && check_add_overflow(*total, chunks[i].length, total))
			err = -EINVAL;
	}
	kfree(user);
	if (err) {
		chunks_put(chunks, s->chunk_count);
		return ERR_PTR(err);
	}
	return chunks;
}

void chunks_put(struct send_chunk *chunks, u32 count)
{
	u32 i;

	if (!chunks)
		return;
	for (i = 0; i < count; i++) {
		if (chunks[i].file)
			fput(chunks[i].file);
		cache_entry_put(chunks[i].fragment);
	}
	kfree(chunks);
}

/*
 * Straight from the caller's memory into the socket: we run in the
 * sending process, so the socket copies from its pages itself, with no
 * bounce buffer between.
 */
static int send_memory(struct httpsys_conn *c, const struct send_chunk *k,
		       bool more, u64 *sent)
{
	char __user *data = u64_to_user_ptr(k->data);
	u64 deadline = conn_send_deadline(c, k->length);
	u64 left = k->length;
	struct iovec iov;
	struct msghdr msg = {};
	size_t piece;
	int n, err;

	if (!access_ok(data, left))
		return -EFAULT;
	while (left) {
		piece = min_t(u64, left, MAX_RW_COUNT);
		err = conn_send_wait_limit(c, &piece, &deadline);
		if (err)
			return err;
		iov.iov_base = data;
		iov.iov_len = piece;
		iov_iter_init(&msg.msg_iter, ITER_SOURCE, &iov, 1, piece);
		msg.msg_flags = MSG_NOSIGNAL |
				(more || left > piece ? MSG_MORE : 0);
		n = sock_sendmsg(c->sock, &msg);
		if (n == -EAGAIN)
			continue;	/* the send timeout: the deadline decides */
		if (n <= 0)
			return n ? n : -EPIPE;
		data += n;
		left -= n;
		*sent += n;
	}
	return 0;
}

/* One pipe buffer (a page-cache page reference) onto the socket. */
static int send_pipe_buf(struct pipe_inode_info *pipe, struct pipe_buffer *buf,
			 struct splice_desc *sd)
{
	struct httpsys_conn *c = sd->u.data;
	int flags = MSG_NOSIGNAL;
	int err = pipe_buf_confirm(pipe, buf);

	if (err)
		return err;
	if ((sd->flags & SPLICE_F_MORE) || sd->len < sd->total_len)
		flags |= MSG_MORE;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
	{
		struct msghdr msg = { .msg_flags = flags | MSG_SPLICE_PAGES };
		struct bio_vec bvec;

		bvec_set_page(&bvec, buf->page, sd->len, buf->offset);
		iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, &bvec, 1, sd->len);
		return sock_sendmsg(c->sock, &msg);
	}
#else
	return kernel_sendpage(c->sock, buf->page, buf->offset, sd->len, flags);
#endif
}

static int send_pipe(struct pipe_inode_info *pipe, struct splice_desc *outer)
{
	struct splice_desc sd = {
		.total_len = outer->total_len,
		.flags = outer->flags,
		.u.data = outer->u.data,
	};
	ssize_t ret;

	pipe_lock(pipe);
	ret = __splice_from_pipe(pipe, &sd, send_pipe_buf);
	pipe_unlock(pipe);
	return ret;
}

static int send_file(struct httpsys_conn *c, const struct send_chunk *k,
		     bool more, u64 *sent)
{
	u64 deadline = conn_send_deadline(c, k->length);
	struct splice_desc sd = {
		.u.data = c,
		.pos = k->data,
	};
	u64 left = k->length;
	loff_t pos = k->data;
	size_t piece;
	ssize_t n;
	int err;

	/* What read(2) and sendfile(2) check first: the LSMs and fanotify. */
	err = rw_verify_area(READ, k->file, &pos, min_t(u64, left, MAX_RW_COUNT));
	if (err)
		return err;
	while (left) {
		piece = min_t(u64, left, MAX_RW_COUNT);
		err = conn_send_wait_limit(c, &piece, &deadline);
		if (err)
			return err;
		sd.total_len = piece;
		sd.flags = (more || left > sd.total_len) ? SPLICE_F_MORE : 0;
		n = splice_direct_to_actor(k->file, &sd, send_pipe);
		if (n == -EAGAIN)
			continue;	/* the send timeout: the deadline decides */
		if (n <= 0)
			return n ? n : -EIO;	/* the file shrank */
		left -= n;
		*sent += n;
	}
	fsnotify_access(k->file);
	return 0;
}

static int send_fragment(struct httpsys_conn *c, const struct send_chunk *k,
			 bool more, u64 *sent)
{
	struct kvec vec = {
		.iov_base = k->fragment->body + k->data,
		.iov_len = k->length,
	};
	int err;

	if (!k->length)
		return 0;
	err = conn_send(c, &vec, 1, k->length, more);
	if (!err)
		*sent += k->length;
	return err;
}

int chunks_send(struct httpsys_conn *c, const struct send_chunk *chunks,
		u32 count, bool more, u64 *sent)
{
	u32 i;
	int err = 0;

	for (i = 0; i < count && !err; i++) {
		bool later = more || i + 1 < count;

		if (chunks[i].type == HTTPSYS_CHUNK_FROM_FILE)
			err = send_file(c, &chunks[i], later, sent);
		else if (chunks[i].type == HTTPSYS_CHUNK_FROM_FRAGMENT)
			err = send_fragment(c, &chunks[i], later, sent);
		else
			err = send_memory(c, &chunks[i], later, sent);
	}
	return err;
}

/* The chunks' bytes (@count of them, all of their lengths) into @dst. */
int chunks_copy(const struct send_chunk *chunks, u32 count, char *dst)
{
	u32 i;

	for (i = 0; i < count; i++) {
		const struct send_chunk *k = &chunks[i];
		loff_t pos = k->data;
		u64 left = k->length;
		ssize_t n;

		switch (k->type) {
		case HTTPSYS_CHUNK_FROM_MEMORY:
			if (copy_from_user(dst, u64_to_user_ptr(k->data), left))
				return -EFAULT;
			break;
		case HTTPSYS_CHUNK_FROM_FILE:
			while (left) {
				n = kernel_read(k->file, dst + (k->length - left),
						left, &pos);
				if (n <= 0)
					return n ? n : -EIO;	/* it shrank */
				left -= n;
			}
			break;
		case HTTPSYS_CHUNK_FROM_FRAGMENT:
			memcpy(dst, k->fragment->body + k->data, left);
			break;
		}
		dst += k->length;
	}
	return 0;
}
