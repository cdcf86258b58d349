// SPDX-License-Identifier: GPL-2.0
/*
 * What a connection flood may cost: connections counted per source
 * address (max_connections_per_source), sign-ins waiting for helperd
 * counted per source too (auth_jobs_per_source: one client's slow or
 * failing sign-ins cannot fill helperd's queue and starve everyone
 * else's), and one budget for the growth of
 * all receive buffers beyond their first size (max_buffer_bytes), so that
 * many slow heads cannot each grow a buffer to max_request_bytes.
 *
 * A source is an IPv4 address, or an IPv6 /64 (one host often has all of
 * it).  The counts live in a hash table of buckets with a lock each, keyed
 * by a siphash with a random key, so a client cannot pick addresses that
 * share a bucket with another's.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "core.h"

#define SOURCE_BUCKETS	256

struct source_count {
	struct hlist_node node;
	struct in6_addr key;
	u32 count;
	u32 auth_jobs;
};

static struct source_bucket {
	spinlock_t lock;
	struct hlist_head head;
} source_table[SOURCE_BUCKETS] = {
	[0 ... SOURCE_BUCKETS - 1] = {
		.lock = __SPIN_LOCK_UNLOCKED(source_table.lock),
	},
};

static siphash_key_t source_hash_key;
static atomic_long_t rx_grown = ATOMIC_LONG_INIT(0);

/* The address as an IPv6 key: IPv4 v4-mapped, IPv6 cut to its /64. */
static void source_key(const union httpsys_sockaddr *addr, struct in6_addr *key)
{
	memset(key, 0, sizeof(*key));
	if (addr->sa.sa_family == AF_INET) {
		ipv6_addr_set_v4mapped(addr->v4.sin_addr.s_addr, key);
		return;
	}
	memcpy(key, &addr->v6.sin6_addr, 8);
}

static struct source_bucket *source_bucket(const struct in6_addr *key)
{
	net_get_random_once(&source_hash_key, sizeof(source_hash_key));
	return &source_table[siphash(key, sizeof(*key), &source_hash_key) %
			     SOURCE_BUCKETS];
}

static struct source_count *source_find(struct source_bucket *b,
					const struct in6_addr *key)
{
	struct source_count *s;

	hlist_for_each_entry(s, &b->head, node)
		if (ipv6_addr_equal(&s->key, key))
			return s;
	return NULL;
}

/* Lock @addr's bucket (into *@bp) and find its entry, or NULL. */
static struct source_count *source_lock(const union httpsys_sockaddr *addr,
					struct in6_addr *key,
					struct source_bucket **bp)
	__acquires(&(*bp)->lock)
{
	source_key(addr, key);
	*bp = source_bucket(key);
	spin_lock_bh(&(*bp)->lock);
	return source_find(*bp, key);
}

/*
 * Count a new connection from @addr; false when its source is at
 * max_connections_per_source (0: no limit, but still counted, so the
 * limit may be set while connections are open).
 */
bool source_admit(const union httpsys_sockaddr *addr)
{
	unsigned int max = LIMIT(max_connections_per_source);
	struct source_bucket *b;
	struct source_count *s;
	struct in6_addr key;
	bool ok = true;

	s = source_lock(addr, &key, &b);
	if (!s) {
		s = kzalloc(sizeof(*s), GFP_ATOMIC);
		if (s) {
			s->key = key;
			hlist_add_head(&s->node, &b->head);
		}
	}
	/* A new entry is always admitted: its count is 0, max at least 1. */
	if (!s || (max && s->count >= max))
		ok = false;
	else
		s->count++;
	spin_unlock_bh(&b->lock);
	return ok;
}

/*
 * A sign-in from @addr goes to helperd; false when its source has
 * auth_jobs_per_source out already.  Only an admitted connection's
 * source is asked, so its entry is there until the connection is freed,
 * which its job's reference holds off until source_auth_return().
 */
bool source_auth_take(const union httpsys_sockaddr *addr)
{
	unsigned int max = LIMIT(auth_jobs_per_source);
	struct source_bucket *b;
	struct source_count *s;
	struct in6_addr key;
	bool ok = false;

	s = source_lock(addr, &key, &b);
	if (s && (!max || s->auth_jobs < max)) {
		s->auth_jobs++;
		ok = true;
	}
	spin_unlock_bh(&b->lock);
	return ok;
}

void source_auth_return(const union httpsys_sockaddr *addr)
{
	struct source_bucket *b;
	struct source_count *s;
	struct in6_addr key;

	s = source_lock(addr, &key, &b);
	if (!WARN_ON_ONCE(!s || !s->auth_jobs))
		s->auth_jobs--;
	spin_unlock_bh(&b->lock);
}

/* A connection admitted by source_admit() is gone. */
static void source_release(const union httpsys_sockaddr *addr)
{
	struct source_bucket *b;
	struct source_count *s;
	struct in6_addr key;

	s = source_lock(addr, &key, &b);
	if (s && !--s->count) {
		hlist_del(&s->node);
		kfree(s);
	}
	spin_unlock_bh(&b->lock);
}

/* Take @bytes of receive-buffer growth from the budget; false: none left. */
bool rx_budget_take(u32 bytes)
{
	long max = LIMIT(max_buffer_bytes);

	if (atomic_long_add_return(bytes, &rx_grown) <= max)
		return true;
	atomic_long_sub(bytes, &rx_grown);
	return false;
}

void rx_budget_return(u32 bytes)
{
	atomic_long_sub(bytes, &rx_grown);
}

/* What an admitted connection @c counted is given back. */
void conn_limits_release(struct httpsys_conn *c)
{
	source_release(&c->remote);
}
