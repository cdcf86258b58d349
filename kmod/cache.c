// SPDX-License-Identifier: GPL-2.0
/*
 * The cache's store: entries in a hash table read under RCU, each
 * referenced while in use, on one least-recently-used list under a
 * spinlock that a hit takes at most once a second per entry.  All entries
 * together stay under cache_max_bytes, evicting the least recently used;
 * time-to-live entries go when a lookup or the scavenger finds them
 * expired.  Entries are charged to the memory cgroup of the process that
 * stored them.
 */
#include <linux/ctype.h>
#include <linux/hashtable.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "cache.h"

#define CACHE_SCAVENGE_PERIOD	(10 * HZ)
/* A hit moves its entry to the LRU list's tail at most this often. */
#define CACHE_LRU_GRAIN		HZ

static DEFINE_HASHTABLE(cache_table, 12);
static DEFINE_SPINLOCK(cache_lock);	/* the table's writers, the list */
static LIST_HEAD(cache_lru);
static u64 cache_bytes;			/* under cache_lock, as these: */
static u32 cache_responses;
static u32 cache_fragments;
static u64 cache_evictions;
static DEFINE_PER_CPU(u64, cache_hits);
static DEFINE_PER_CPU(u64, cache_misses);

static void cache_scavenge(struct work_struct *work);
static DECLARE_DELAYED_WORK(cache_scavenger, cache_scavenge);

static u32 cache_hash(const struct cache_key *k)
{
	u32 h = 2166136261u ^ k->port ^ ((u32)k->fragment << 16);
	u32 i;

	for (i = 0; i < k->host_len; i++)
		h = (h ^ tolower(k->host[i])) * 16777619u;
	for (i = 0; i < k->path_len; i++)
		h = (h ^ (u8)k->path[i]) * 16777619u;
	return h;
}

static bool cache_key_equal(const struct cache_entry *e,
			    const struct cache_key *k)
{
	return e->fragment == k->fragment && e->port == k->port &&
	       e->host_len == k->host_len && e->path_len == k->path_len &&
	       !strncasecmp(e->url + e->host_off, k->host, k->host_len) &&
	       !memcmp(e->url + e->path_off, k->path, k->path_len);
}

/*
 * A new entry for @k with room for a head and a body, not yet stored.
 * Its URL text is built here: "http://host:port/path".
 */
struct cache_entry *cache_entry_alloc(const struct cache_key *k, u32 head_len,
				      u32 body_len)
{
	struct cache_entry *e;
	char port[8];
	int port_len = scnprintf(port, sizeof(port), ":%u", k->port);
	size_t url_len = 7 + k->host_len + port_len + k->path_len;
	size_t size = sizeof(*e) + url_len + head_len + body_len;
	char *p;

	e = kvmalloc(size, GFP_KERNEL_ACCOUNT);
	if (!e)
		return NULL;
	memset(e, 0, sizeof(*e));
	refcount_set(&e->ref, 1);
	INIT_LIST_HEAD(&e->lru);
	e->hash = cache_hash(k);
	e->port = k->port;
	e->fragment = k->fragment;
	e->charge = size;
	p = e->url = e->data;
	memcpy(p, "http://", 7);
	e->host_off = 7;
	e->host_len = k->host_len;
	memcpy(p + 7, k->host, k->host_len);
	memcpy(p + 7 + k->host_len, port, port_len);
	e->path_off = 7 + k->host_len + port_len;
	e->path_len = k->path_len;
	memcpy(p + e->path_off, k->path, k->path_len);
	e->url_len = url_len;
	e->head = e->data + url_len;
	e->head_len = head_len;
	e->body = e->head + head_len;
	e->body_len = body_len;
	return e;
}

void cache_entry_put(struct cache_entry *e)
{
	if (e && refcount_dec_and_test(&e->ref))
		kvfree_rcu(e, rcu);	/* lookups may still be looking at it */
}

/* Out of the table; its reference goes (the caller holds another, or
 * none is left and it is freed after a grace period).
 */
static void cache_unlink_locked(struct cache_entry *e)
{
	lockdep_assert_held(&cache_lock);
	if (!e->hashed)
		return;
	e->hashed = false;
	hash_del_rcu(&e->node);
	list_del_init(&e->lru);
	cache_bytes -= e->charge;
	if (e->fragment)
		cache_fragments--;
	else
		cache_responses--;
	cache_entry_put(e);
}

static bool cache_expired(const struct cache_entry *e)
{
	return e->expires && time_after_eq(jiffies, e->expires);
}

/*
 * The entry for @k stored by queue @queue_id, referenced, or NULL.  An
 * expired one found on the way is dropped.
 */
struct cache_entry *cache_lookup(const struct cache_key *k, u64 queue_id)
{
	u32 hash = cache_hash(k);
	struct cache_entry *e, *found = NULL;

	rcu_read_lock();
	hash_for_each_possible_rcu(cache_table, e, node, hash) {
		if (e->hash != hash || !cache_key_equal(e, k))
			continue;
		if (e->queue_id == queue_id && refcount_inc_not_zero(&e->ref))
			found = e;
		break;	/* a key is stored once */
	}
	rcu_read_unlock();
	if (!found)
		return NULL;
	if (cache_expired(found)) {
		spin_lock(&cache_lock);
		cache_unlink_locked(found);
		spin_unlock(&cache_lock);
		cache_entry_put(found);
		return NULL;
	}
	if (time_after(jiffies, READ_ONCE(found->touched) + CACHE_LRU_GRAIN)) {
		spin_lock(&cache_lock);
		if (found->hashed)
			list_move_tail(&found->lru, &cache_lru);
		WRITE_ONCE(found->touched, jiffies);
		spin_unlock(&cache_lock);
	}
	return found;
}

static struct cache_entry *cache_find_locked(const struct cache_entry *key)
{
	struct cache_entry *e;
	struct cache_key k = {
		.host = key->url + key->host_off, .host_len = key->host_len,
		.path = key->url + key->path_off, .path_len = key->path_len,
		.port = key->port, .fragment = key->fragment,
	};

	hash_for_each_possible(cache_table, e, node, key->hash) {
		if (e->hash == key->hash && cache_key_equal(e, &k))
			return e;
	}
	return NULL;
}

/*
 * Store @e for queue @q, for @seconds (0: until flushed), replacing what
 * was stored under its key, and making room by evicting the least
 * recently used.  The table takes the caller's reference.  -EACCES: the
 * key is another queue's fragment; -ENOMEM: larger than the whole cache.
 */
int cache_insert(struct cache_entry *e, struct httpsys_queue *q,
		 unsigned int seconds)
{
	u64 cap = LIMIT(cache_max_bytes);
	struct cache_entry *old, *victim;

	e->queue_id = q->id;
	e->owner = q->owner;
	e->touched = jiffies;
	if (seconds)
		e->expires = jiffies + (unsigned long)seconds * HZ ?: 1;
	if (e->charge > cap)
		return -ENOMEM;
	spin_lock(&cache_lock);
	old = cache_find_locked(e);
	if (old && old->fragment && old->queue_id != e->queue_id) {
		spin_unlock(&cache_lock);
		return -EACCES;
	}
	if (old)
		cache_unlink_locked(old);
	while (cache_bytes + e->charge > cap && !list_empty(&cache_lru)) {
		victim = list_first_entry(&cache_lru, struct cache_entry, lru);
		cache_unlink_locked(victim);
		cache_evictions++;
	}
	e->hashed = true;
	hash_add_rcu(cache_table, &e->node, e->hash);
	list_add_tail(&e->lru, &cache_lru);
	cache_bytes += e->charge;
	if (e->fragment)
		cache_fragments++;
	else
		cache_responses++;
	spin_unlock(&cache_lock);
	if (seconds)
		schedule_delayed_work(&cache_scavenger, CACHE_SCAVENGE_PERIOD);
	return 0;
}

/* @e's path is @k's, or with @recursive lies under it. */
static bool cache_path_under(const struct cache_entry *e,
			     const struct cache_key *k, bool recursive)
{
	const char *path = e->url + e->path_off;

	if (e->path_len == k->path_len)
		return !memcmp(path, k->path, k->path_len);
	if (!recursive || e->path_len < k->path_len ||
	    memcmp(path, k->path, k->path_len))
		return false;
	return k->path[k->path_len - 1] == '/' || path[k->path_len] == '/';
}

/*
 * Drop queue @queue_id's entries: all of them with @k NULL, else those
 * of @k's port and host (any host with @any_host) whose path is @k's or,
 * with @recursive, under it.  Responses and fragments alike.
 */
void cache_flush(u64 queue_id, const struct cache_key *k, bool any_host,
		 bool recursive)
{
	struct cache_entry *e, *tmp;

	spin_lock(&cache_lock);
	list_for_each_entry_safe(e, tmp, &cache_lru, lru) {
		if (e->queue_id != queue_id)
			continue;
		if (k && (e->port != k->port ||
			  (!any_host && (e->host_len != k->host_len ||
					 strncasecmp(e->url + e->host_off,
						     k->host, k->host_len))) ||
			  !cache_path_under(e, k, recursive)))
			continue;
		cache_unlink_locked(e);
	}
	spin_unlock(&cache_lock);
}

/* A registration of queue @queue_id goes: the entries it matched go too. */
void cache_flush_prefix(u64 queue_id, const char *text,
			const struct url_prefix *p)
{
	struct cache_entry *e, *tmp;

	spin_lock(&cache_lock);
	list_for_each_entry_safe(e, tmp, &cache_lru, lru) {
		if (e->queue_id != queue_id || e->port != p->port ||
		    !url_prefix_match_host(text, p, e->url + e->host_off,
					   e->host_len) ||
		    url_prefix_match_path(text, p, e->url + e->path_off,
					  e->path_len) < 0)
			continue;
		cache_unlink_locked(e);
	}
	spin_unlock(&cache_lock);
}

void cache_count(bool hit)
{
	if (hit)
		this_cpu_inc(cache_hits);
	else
		this_cpu_inc(cache_misses);
}

static void cache_scavenge(struct work_struct *work)
{
	struct cache_entry *e, *tmp;
	bool timed = false;

	spin_lock(&cache_lock);
	list_for_each_entry_safe(e, tmp, &cache_lru, lru) {
		if (cache_expired(e))
			cache_unlink_locked(e);
		else
			timed |= e->expires != 0;
	}
	spin_unlock(&cache_lock);
	if (timed)
		schedule_delayed_work(&cache_scavenger, CACHE_SCAVENGE_PERIOD);
}

static u32 cache_seconds_left(const struct cache_entry *e)
{
	if (!e->expires)
		return 0xffffffffU;
	return DIV_ROUND_UP(e->expires - jiffies, HZ);
}

/* The CACHE entry, then a CACHE_ENTRY for each entry the caller may see. */
void cache_state(struct state_buf *b)
{
	struct httpsys_state_entry *s;
	struct cache_entry *e;
	u64 hits = 0, misses = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		hits += per_cpu(cache_hits, cpu);
		misses += per_cpu(cache_misses, cpu);
	}
	spin_lock(&cache_lock);
	s = state_add(b, HTTPSYS_STATE_CACHE, NULL, 0);
	if (s) {
		s->id = hits;
		s->parent = misses;
		s->queue = cache_bytes;
		s->count_a = cache_responses;
		s->count_b = cache_fragments;
		s->max_length = min_t(u64, cache_evictions, U32_MAX);
	}
	list_for_each_entry(e, &cache_lru, lru) {
		if (!state_shows(b, e->owner) || cache_expired(e))
			continue;
		s = state_add(b, HTTPSYS_STATE_CACHE_ENTRY, e->url, e->url_len);
		if (!s)
			continue;
		s->id = atomic64_read(&e->hits);
		s->parent = e->queue_id;
		s->queue = e->charge;
		s->count_a = cache_seconds_left(e);
		s->flags = e->fragment ? HTTPSYS_STATE_FLAG_FRAGMENT : 0;
	}
	spin_unlock(&cache_lock);
}

/* Module unload: no handle and no connection is left. */
void cache_exit(void)
{
	struct cache_entry *e, *tmp;

	cancel_delayed_work_sync(&cache_scavenger);
	spin_lock(&cache_lock);
	list_for_each_entry_safe(e, tmp, &cache_lru, lru)
		cache_unlink_locked(e);
	spin_unlock(&cache_lock);
}
