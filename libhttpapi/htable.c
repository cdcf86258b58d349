// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Handle tables for the library's own objects (access tokens, imported
 * security contexts).  A handle is a number, never a pointer: the
 * table's tag in bits 48-62, the slot's generation in bits 24-47 and its
 * index in bits 0-23.  A closed slot's generation moves on, so a stale
 * handle, like a made-up one, finds nothing instead of memory.
 */
#include <stdlib.h>

#include "internal.h"

#define INDEX_BITS	24
#define INDEX_MASK	((1U << INDEX_BITS) - 1)
#define GEN_MASK	0xffffffU
#define TAG_SHIFT	48

/* The tag of handle @h, for telling kinds apart. */
unsigned int lib_htable_tag(uint64_t h)
{
	return (unsigned int)(h >> TAG_SHIFT);
}

/* The slot @h names in @t, or NULL; call with @t->lock held. */
static struct lib_hslot *slot_of(struct lib_htable *t, uint64_t h)
{
	uint32_t index = h & INDEX_MASK;
	uint32_t gen = (h >> INDEX_BITS) & GEN_MASK;

	if (lib_htable_tag(h) != t->tag || index >= t->count ||
	    !t->slots[index].item || t->slots[index].gen != gen)
		return NULL;
	return &t->slots[index];
}

uint64_t lib_htable_add(struct lib_htable *t, void *item)
{
	struct lib_hslot *s, *grown;
	uint32_t index, cap;
	uint64_t h = 0;

	pthread_mutex_lock(&t->lock);
	if (t->free_head) {
		index = t->free_head - 1;
		t->free_head = t->slots[index].next_free;
	} else {
		if (t->count == t->cap) {
			cap = t->cap ? t->cap * 2 : 16;
			grown = cap <= INDEX_MASK + 1U ?
				realloc(t->slots, cap * sizeof(*grown)) : NULL;
			if (!grown)
				goto out;
			t->slots = grown;
			t->cap = cap;
		}
		index = t->count++;
		t->slots[index].gen = 1;
	}
	s = &t->slots[index];
	s->item = item;
	h = (uint64_t)t->tag << TAG_SHIFT | (uint64_t)s->gen << INDEX_BITS | index;
out:
	pthread_mutex_unlock(&t->lock);
	return h;
}

void *lib_htable_remove(struct lib_htable *t, uint64_t h)
{
	struct lib_hslot *s;
	void *item = NULL;

	pthread_mutex_lock(&t->lock);
	s = slot_of(t, h);
	if (s) {
		item = s->item;
		s->item = NULL;
		/* Generation 0 is never issued: a zeroed handle matches nothing. */
		s->gen = (s->gen + 1) & GEN_MASK ? (s->gen + 1) & GEN_MASK : 1;
		s->next_free = t->free_head;
		t->free_head = (uint32_t)(s - t->slots) + 1;
	}
	pthread_mutex_unlock(&t->lock);
	return item;
}

int lib_htable_with(struct lib_htable *t, uint64_t h,
		    int (*fn)(void *item, void *arg), void *arg)
{
	struct lib_hslot *s;
	int ret = -1;

	pthread_mutex_lock(&t->lock);
	s = slot_of(t, h);
	if (s)
		ret = fn(s->item, arg);
	pthread_mutex_unlock(&t->lock);
	return ret;
}
