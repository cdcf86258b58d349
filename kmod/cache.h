/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel response cache and the fragment cache (docs/CACHE.md): one
 * store of entries keyed by port, host and decoded path, each a response
 * to replay or a named fragment, owned by the queue that stored it.
 */
#ifndef HTTPSYS_CACHE_H
#define HTTPSYS_CACHE_H

#include <linux/refcount.h>
#include <linux/rcupdate.h>
#include <linux/uidgid.h>

#include "core.h"

/* What an entry is looked up by; @host is compared case-insensitively. */
struct cache_key {
	const char *host;
	u32 host_len;
	const char *path;		/* decoded */
	u32 path_len;
	u16 port;
	bool fragment;
};

struct cache_entry {
	struct hlist_node node;		/* a bucket of the table, RCU */
	struct list_head lru;		/* least recently used first */
	struct rcu_head rcu;
	refcount_t ref;			/* the table's, and each user's */
	u32 hash;
	u16 port;
	bool fragment;
	bool hashed;			/* under the store's lock */
	u64 queue_id;			/* the queue that stored it */
	kuid_t owner;			/* that queue's owner */
	unsigned long expires;		/* jiffies; 0: until flushed */
	unsigned long touched;		/* jiffies of its last LRU move */
	atomic64_t hits;
	size_t charge;			/* bytes counted against the cap */
	char *url;			/* "http://host:port/path", the text shown */
	u32 url_len;
	u32 host_off;
	u32 host_len;
	u32 path_off;
	u32 path_len;
	char *head;			/* a response's head up to its Date */
	u32 head_len;
	bool has_server;		/* the head carries the Server line */
	char *body;
	u32 body_len;
	char data[];			/* url, head and body */
};

/* cache.c: the store */
struct cache_entry *cache_entry_alloc(const struct cache_key *k, u32 head_len,
				      u32 body_len);
void cache_entry_put(struct cache_entry *e);
struct cache_entry *cache_lookup(const struct cache_key *k, u64 queue_id);
int cache_insert(struct cache_entry *e, struct httpsys_queue *q,
		 unsigned int seconds);
void cache_flush(u64 queue_id, const struct cache_key *k, bool any_host,
		 bool recursive);
void cache_flush_prefix(u64 queue_id, const char *text,
			const struct url_prefix *p);
void cache_count(bool hit);
void cache_state(struct state_buf *b);
void cache_exit(void);

/* cache_serve.c: which requests and responses, and the replay */
bool cache_request_ok(const struct httpsys_request *req);
int cache_serve(struct httpsys_conn *c, struct httpsys_request *req);
struct cache_entry *cache_response_entry(const struct httpsys_request *req,
					 const struct httpsys_send *s,
					 const char *head, u32 head_len,
					 bool has_server, const char *headers,
					 const struct send_chunk *chunks,
					 u64 body_len);

/* fragment.c: the cache's ioctls and FROM_FRAGMENT chunks */
long cache_ioctl(struct httpsys_queue *q, unsigned int cmd, void __user *arg);
struct cache_entry *fragment_chunk_get(u64 range_uaddr, u64 queue_id,
				       u64 *offset, u64 *length);

#endif /* HTTPSYS_CACHE_H */
