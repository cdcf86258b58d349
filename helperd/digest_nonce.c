// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Digest nonces that need no server state, and the nonce counts seen.
 *
 * A nonce is Base64(time || random || HMAC-SHA256(key, time || random ||
 * realm)), time being 8 bytes big-endian Unix seconds: every host holding
 * the same digest key verifies it, so hosts behind a load balancer share
 * nonces.  The nonce-count table is the only per-host state: each host
 * refuses a count it has already seen for a nonce, but not one that only
 * another host has seen (see helperd/README).
 */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "digest_internal.h"

#define NONCE_TIME_LEN 8
#define NONCE_RAND_LEN 8
#define NONCE_MAC_LEN 32
#define NONCE_RAW_LEN (DIGEST_NONCE_ID_LEN + NONCE_MAC_LEN)
#define OPAQUE_RAW_LEN 12
#define NC_BUCKETS 16384

static unsigned char nonce_key[64];
static size_t nonce_key_len;

/* Nonce counts seen, per nonce (its time and random part). */
struct nc_entry {
	struct nc_entry *next;
	unsigned char id[DIGEST_NONCE_ID_LEN];
	int64_t issued;
	uint32_t nc;
};

static struct {
	pthread_mutex_t lock;
	struct nc_entry *bucket[NC_BUCKETS];
	size_t count;
	/*
	 * Nonces issued at or before this time whose entry was forgotten to
	 * bound the table: they are treated as stale, never as new.
	 */
	int64_t forgotten_before;
} nc_table = { .lock = PTHREAD_MUTEX_INITIALIZER };

int digest_nonce_init(const struct helperd_config *cfg)
{
	if (cfg->digest_key_len) {
		if (cfg->digest_key_len > sizeof(nonce_key))
			return -1;
		memcpy(nonce_key, cfg->digest_key, cfg->digest_key_len);
		nonce_key_len = cfg->digest_key_len;
		return 0;
	}
	/* Nonces then verify on this host only, until it restarts. */
	nonce_key_len = 32;
	if (RAND_bytes(nonce_key, (int)nonce_key_len) != 1)
		return -1;
	log_msg(LOG_INFO_LEVEL,
		"digest: no digest_key_file, using a random key");
	return 0;
}

static bool nonce_mac(const unsigned char id[DIGEST_NONCE_ID_LEN],
		      const char *realm, unsigned char mac[NONCE_MAC_LEN])
{
	unsigned char msg[DIGEST_NONCE_ID_LEN + HTTPSYS_AUTH_MAX_NAME];
	size_t rlen = strnlen(realm, HTTPSYS_AUTH_MAX_NAME);
	unsigned int len = NONCE_MAC_LEN;

	memcpy(msg, id, DIGEST_NONCE_ID_LEN);
	memcpy(msg + DIGEST_NONCE_ID_LEN, realm, rlen);
	return HMAC(EVP_sha256(), nonce_key, (int)nonce_key_len, msg,
		    DIGEST_NONCE_ID_LEN + rlen, mac, &len) &&
	       len == NONCE_MAC_LEN;
}

/* A fresh nonce for @realm issued at @issued, as NUL-terminated text. */
bool digest_nonce_make(const char *realm, int64_t issued,
		       char text[DIGEST_NONCE_TEXT_LEN + 1])
{
	unsigned char raw[NONCE_RAW_LEN];
	uint64_t t = (uint64_t)issued;
	int i;

	for (i = NONCE_TIME_LEN - 1; i >= 0; i--, t >>= 8)
		raw[i] = t & 0xff;
	if (RAND_bytes(raw + NONCE_TIME_LEN, NONCE_RAND_LEN) != 1)
		return false;
	if (!nonce_mac(raw, realm, raw + DIGEST_NONCE_ID_LEN))
		return false;
	return EVP_EncodeBlock((unsigned char *)text, raw, NONCE_RAW_LEN) ==
	       DIGEST_NONCE_TEXT_LEN;
}

static bool is_base64_char(unsigned char c)
{
	return isalnum(c) || c == '+' || c == '/';
}

/*
 * Whether @text is a nonce this key issued for @realm; if so, its id and
 * issue time.
 */
bool digest_nonce_check(const char *text, const char *realm,
			unsigned char id[DIGEST_NONCE_ID_LEN], int64_t *issued)
{
	unsigned char raw[NONCE_RAW_LEN + 2], mac[NONCE_MAC_LEN];
	uint64_t t = 0;
	int i;

	if (strlen(text) != DIGEST_NONCE_TEXT_LEN)
		return false;
	for (i = 0; i < DIGEST_NONCE_TEXT_LEN; i++)
		if (!is_base64_char((unsigned char)text[i]))
			return false;
	if (EVP_DecodeBlock(raw, (const unsigned char *)text,
			    DIGEST_NONCE_TEXT_LEN) != NONCE_RAW_LEN)
		return false;
	if (!nonce_mac(raw, realm, mac) ||
	    CRYPTO_memcmp(mac, raw + DIGEST_NONCE_ID_LEN, NONCE_MAC_LEN))
		return false;
	for (i = 0; i < NONCE_TIME_LEN; i++)
		t = t << 8 | raw[i];
	memcpy(id, raw, DIGEST_NONCE_ID_LEN);
	*issued = (int64_t)t;
	return true;
}

/* The opaque value for @realm: the same on every host with the key. */
bool digest_opaque_make(const char *realm,
			char text[DIGEST_OPAQUE_TEXT_LEN + 1])
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int len = sizeof(mac);
	char msg[sizeof("opaque:") + HTTPSYS_AUTH_MAX_NAME];
	int n;

	n = snprintf(msg, sizeof(msg), "opaque:%s", realm);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return false;
	if (!HMAC(EVP_sha256(), nonce_key, (int)nonce_key_len,
		  (const unsigned char *)msg, (size_t)n, mac, &len))
		return false;
	return EVP_EncodeBlock((unsigned char *)text, mac, OPAQUE_RAW_LEN) ==
	       DIGEST_OPAQUE_TEXT_LEN;
}

static size_t nc_bucket_of(const unsigned char id[DIGEST_NONCE_ID_LEN])
{
	size_t h = 0;
	int i;

	/* The random half is uniform and authenticated. */
	for (i = NONCE_TIME_LEN; i < DIGEST_NONCE_ID_LEN; i++)
		h = h << 8 | id[i];
	return h % NC_BUCKETS;
}

/* Remove every entry that @drop selects; nc_table.lock held. */
static void nc_sweep(bool (*drop)(const struct nc_entry *, int64_t),
		     int64_t arg)
{
	struct nc_entry **pp, *e;
	size_t b;

	for (b = 0; b < NC_BUCKETS; b++) {
		pp = &nc_table.bucket[b];
		while ((e = *pp)) {
			if (drop(e, arg)) {
				*pp = e->next;
				free(e);
				nc_table.count--;
			} else {
				pp = &e->next;
			}
		}
	}
}

static bool nc_issued_before(const struct nc_entry *e, int64_t limit)
{
	return e->issued < limit;
}

static bool nc_issued_at_or_before(const struct nc_entry *e, int64_t limit)
{
	return e->issued <= limit;
}

/* Make room for one entry; nc_table.lock held. */
static void nc_make_room(int64_t now, unsigned int lifetime)
{
	struct nc_entry *e;
	int64_t oldest = INT64_MAX;
	size_t b;

	nc_sweep(nc_issued_before, now - (int64_t)lifetime);
	if (nc_table.count < DIGEST_NC_MAX_ENTRIES)
		return;
	for (b = 0; b < NC_BUCKETS; b++)
		for (e = nc_table.bucket[b]; e; e = e->next)
			if (e->issued < oldest)
				oldest = e->issued;
	nc_sweep(nc_issued_at_or_before, oldest);
	if (oldest > nc_table.forgotten_before)
		nc_table.forgotten_before = oldest;
}

/* Accept @nc for the nonce @id only if it is above every count seen. */
enum digest_nc_verdict
digest_nc_advance(const unsigned char id[DIGEST_NONCE_ID_LEN], int64_t issued,
		  uint32_t nc, int64_t now, unsigned int lifetime)
{
	enum digest_nc_verdict v = DIGEST_NC_OK;
	struct nc_entry *e;
	size_t b = nc_bucket_of(id);

	pthread_mutex_lock(&nc_table.lock);
	for (e = nc_table.bucket[b]; e; e = e->next)
		if (!memcmp(e->id, id, DIGEST_NONCE_ID_LEN))
			break;
	if (e) {
		if (nc <= e->nc)
			v = DIGEST_NC_REPLAY;
		else
			e->nc = nc;
	} else if (issued <= nc_table.forgotten_before) {
		v = DIGEST_NC_FORGOTTEN;
	} else {
		if (nc_table.count >= DIGEST_NC_MAX_ENTRIES)
			nc_make_room(now, lifetime);
		e = malloc(sizeof(*e));
		if (!e) {
			v = DIGEST_NC_NOMEM;
		} else {
			memcpy(e->id, id, DIGEST_NONCE_ID_LEN);
			e->issued = issued;
			e->nc = nc;
			e->next = nc_table.bucket[b];
			nc_table.bucket[b] = e;
			nc_table.count++;
		}
	}
	pthread_mutex_unlock(&nc_table.lock);
	return v;
}
