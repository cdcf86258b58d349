// SPDX-License-Identifier: GPL-2.0
/*
 * The cache's calls on a queue: FLUSH_CACHE (HttpFlushResponseCache),
 * FRAGMENT_ADD and FRAGMENT_READ (HttpAddFragmentToCache,
 * HttpReadFragmentFromCache), and the lookup of a FROM_FRAGMENT chunk.
 * A fragment is named by a full URL that must route to the queue adding
 * it; it is read and sent only by that queue.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "cache.h"

/*
 * Copy in and parse the full URL at @uaddr ("http://host:port/path") into
 * @k, its path decoded.  Returns the buffer @k points into, to kfree(),
 * or an ERR_PTR.  *@any_host: the host is "+" or "*".
 */
static char *cache_url_copy_in(u64 uaddr, u32 len, struct cache_key *k,
			       bool *any_host)
{
	struct url_prefix p;
	char *buf;
	int n;

	if (!len || len > HTTPSYS_MAX_URL_LEN)
		return ERR_PTR(-EINVAL);
	buf = kmalloc(2 * len, GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(buf, u64_to_user_ptr(uaddr), len)) {
		kfree(buf);
		return ERR_PTR(-EFAULT);
	}
	if (memchr(buf, '\0', len) || url_prefix_parse(buf, len, &p))
		goto bad;
	n = url_decode_path(buf + p.path_off, p.path_len, buf + len);
	if (n <= 0)
		goto bad;
	*k = (struct cache_key){
		.host = buf + p.host_off, .host_len = p.host_len,
		.path = buf + len, .path_len = n, .port = p.port,
	};
	*any_host = p.host_kind == URL_HOST_STRONG ||
		    p.host_kind == URL_HOST_WEAK;
	return buf;
bad:
	kfree(buf);
	return ERR_PTR(-EINVAL);
}

static long cache_flush_ioctl(struct httpsys_queue *q, void __user *arg)
{
	struct httpsys_cache_flush f;
	struct cache_key k;
	bool any_host;
	char *buf;

	if (copy_from_user(&f, arg, sizeof(f)))
		return -EFAULT;
	if (f.flags & ~HTTPSYS_FLUSH_RECURSIVE)
		return -EINVAL;
	buf = cache_url_copy_in(f.url, f.url_len, &k, &any_host);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	cache_flush(q->id, &k, any_host, f.flags & HTTPSYS_FLUSH_RECURSIVE);
	kfree(buf);
	return 0;
}

static int fragment_policy_check(u32 policy, u32 seconds)
{
	if (policy == HTTPSYS_CACHE_USER_INVALIDATES)
		return 0;
	return policy == HTTPSYS_CACHE_TIME_TO_LIVE && seconds ? 0 : -EINVAL;
}

/* The fragment's bytes, from @u, into a new entry for @k. */
static struct cache_entry *fragment_fill(const struct cache_key *k,
					 const struct httpsys_chunk *u,
					 u64 queue_id)
{
	struct send_chunk chunk = {};
	struct cache_entry *e;
	int err;

	if (u->type != HTTPSYS_CHUNK_FROM_MEMORY &&
	    u->type != HTTPSYS_CHUNK_FROM_FILE)
		return ERR_PTR(-EINVAL);
	err = chunk_resolve(&chunk, u, queue_id);
	if (!err && chunk.length > LIMIT(cache_max_entry_bytes))
		err = -EFBIG;
	e = NULL;
	if (!err) {
		e = cache_entry_alloc(k, 0, chunk.length);
		err = e ? chunks_copy(&chunk, 1, e->body) : -ENOMEM;
	}
	if (chunk.file)
		fput(chunk.file);
	if (err) {
		cache_entry_put(e);
		return ERR_PTR(err);
	}
	return e;
}

static long fragment_add(struct httpsys_queue *q, void __user *arg)
{
	struct httpsys_fragment_add a;
	struct cache_entry *e;
	struct cache_key k;
	bool any_host;
	char *buf;
	long err;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	if (a.reserved || fragment_policy_check(a.cache_policy, a.cache_seconds))
		return -EINVAL;
	buf = cache_url_copy_in(a.url, a.url_len, &k, &any_host);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	k.fragment = true;
	err = -EACCES;
	if (!url_routes_to(q, k.port, k.host, k.host_len, k.path, k.path_len))
		goto out;
	e = fragment_fill(&k, &a.chunk, q->id);
	err = PTR_ERR_OR_ZERO(e);
	if (err)
		goto out;
	err = cache_insert(e, q, a.cache_policy == HTTPSYS_CACHE_TIME_TO_LIVE ?
			   a.cache_seconds : 0);
	if (err)
		cache_entry_put(e);
out:
	kfree(buf);
	return err;
}

/* The bytes @offset.. of @e, @length of them or to its end: checked. */
static int fragment_range(const struct cache_entry *e, u64 offset,
			  u64 *length)
{
	if (offset > e->body_len)
		return -EINVAL;
	if (*length == HTTPSYS_LENGTH_TO_EOF)
		*length = e->body_len - offset;
	else if (*length > e->body_len - offset)
		return -EINVAL;
	return 0;
}

static long fragment_read(struct httpsys_queue *q, void __user *arg)
{
	struct httpsys_fragment_read __user *uarg = arg;
	struct httpsys_fragment_read r;
	struct cache_entry *e;
	struct cache_key k;
	bool any_host;
	char *buf;
	u64 length;
	long err;

	if (copy_from_user(&r, uarg, sizeof(r)))
		return -EFAULT;
	if (r.flags)
		return -EINVAL;
	buf = cache_url_copy_in(r.url, r.url_len, &k, &any_host);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	k.fragment = true;
	e = cache_lookup(&k, q->id);
	kfree(buf);
	if (!e)
		return -ENOENT;
	length = r.length;
	err = fragment_range(e, r.offset, &length);
	if (!err && length > r.buffer_len)
		err = -EOVERFLOW;
	else if (!err && copy_to_user(u64_to_user_ptr(r.buffer),
				      e->body + r.offset, length))
		err = -EFAULT;
	cache_entry_put(e);
	if ((!err || err == -EOVERFLOW) && put_user(length, &uarg->bytes_read))
		err = -EFAULT;
	return err;
}

/*
 * A FROM_FRAGMENT chunk's fragment, referenced, and its range in
 * *@offset and *@length, from the struct httpsys_fragment_range at
 * @range_uaddr; -ESTALE when queue @queue_id holds no such fragment.
 */
struct cache_entry *fragment_chunk_get(u64 range_uaddr, u64 queue_id,
				       u64 *offset, u64 *length)
{
	struct httpsys_fragment_range r;
	struct cache_entry *e;
	struct cache_key k;
	bool any_host;
	char *buf;
	int err;

	if (copy_from_user(&r, u64_to_user_ptr(range_uaddr), sizeof(r)))
		return ERR_PTR(-EFAULT);
	if (r.reserved)
		return ERR_PTR(-EINVAL);
	buf = cache_url_copy_in(r.name, r.name_len, &k, &any_host);
	if (IS_ERR(buf))
		return ERR_CAST(buf);
	k.fragment = true;
	e = cache_lookup(&k, queue_id);
	kfree(buf);
	if (!e)
		return ERR_PTR(-ESTALE);
	*offset = r.offset;
	*length = r.length;
	err = fragment_range(e, r.offset, length);
	if (err) {
		cache_entry_put(e);
		return ERR_PTR(err);
	}
	atomic64_inc(&e->hits);
	return e;
}

long cache_ioctl(struct httpsys_queue *q, unsigned int cmd, void __user *arg)
{
	switch (cmd) {
	case HTTPSYS_IOC_FLUSH_CACHE:
		return cache_flush_ioctl(q, arg);
	case HTTPSYS_IOC_FRAGMENT_ADD:
		return fragment_add(q, arg);
	case HTTPSYS_IOC_FRAGMENT_READ:
		return fragment_read(q, arg);
	}
	return -ENOTTY;
}
