// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Digest access authentication (RFC 7616) for helperd: challenges with
 * nonces that need no server state, and the check of a client's answer
 * against the credential file.
 *
 * A nonce is Base64(time || random || HMAC-SHA256(key, time || random ||
 * realm)), time being 8 bytes big-endian Unix seconds: every host holding
 * the same digest key verifies it, so hosts behind a load balancer share
 * nonces.  The nonce-count table is the only per-host state: each host
 * refuses a count it has already seen for a nonce, but not one that only
 * another host has seen (see helperd/README).
 *
 * The credential file holds "user:realm:password" lines: the password in
 * clear, because MD5, SHA-256 and their -sess forms each need their own
 * hash of it.  Challenges offer SHA-256 (one challenge per call: the
 * kernel asks once per Digest line of a 401); answers with MD5, MD5-sess,
 * SHA-256 or SHA-256-sess are accepted, qop=auth only.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "helperd.h"
#include "secstatus.h"

#define NONCE_TIME_LEN		8
#define NONCE_RAND_LEN		8
#define NONCE_ID_LEN		(NONCE_TIME_LEN + NONCE_RAND_LEN)
#define NONCE_MAC_LEN		32
#define NONCE_RAW_LEN		(NONCE_ID_LEN + NONCE_MAC_LEN)
#define NONCE_TEXT_LEN		64	/* Base64 of 48 bytes, no padding */
#define OPAQUE_RAW_LEN		12
#define OPAQUE_TEXT_LEN		16

#define MAX_PARAMS		32
#define HASH_HEX_MAX		(2 * EVP_MAX_MD_SIZE + 1)

/* Per-host state bounds: a full table forgets its oldest entries. */
#define NC_BUCKETS		16384
#define NC_MAX_ENTRIES		65536
#define STALE_BUCKETS		1024
#define STALE_MAX_ENTRIES	65536

static unsigned char nonce_key[64];
static size_t nonce_key_len;
static EVP_MD *md_md5, *md_sha256;

/* Nonce counts seen, per nonce (its time and random part). */
struct nc_entry {
	struct nc_entry *next;
	unsigned char id[NONCE_ID_LEN];
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

/* Connections whose last Digest answer had an expired nonce. */
struct stale_entry {
	struct stale_entry *next;
	uint64_t conn_id;
};

static struct {
	pthread_mutex_t lock;
	struct stale_entry *bucket[STALE_BUCKETS];
	size_t count;
} stale_set = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* The parameters of a Digest Authorization value, unescaped. */
struct digest_params {
	size_t count;
	const char *name[MAX_PARAMS];
	const char *value[MAX_PARAMS];
	char *storage;
};

struct digest_answer {
	const char *username, *realm, *nonce, *uri, *response;
	const char *algorithm, *cnonce, *opaque, *qop, *nc, *userhash;
};

static int64_t now_seconds(void)
{
	return (int64_t)time(NULL);
}

/* ---- credentials ------------------------------------------------------ */

/*
 * Split "user:realm:password" in place (the password may hold colons).
 * NULL when @line is not a credential line, with *why set.
 */
static char *cred_split(char *line, char **realm, const char **why)
{
	char *c1, *c2;

	c1 = strchr(line, ':');
	if (!c1) {
		*why = "expected user:realm:password";
		return NULL;
	}
	c2 = strchr(c1 + 1, ':');
	if (!c2) {
		*why = "expected user:realm:password";
		return NULL;
	}
	if (c1 == line) {
		*why = "empty user name";
		return NULL;
	}
	*c1 = '\0';
	*c2 = '\0';
	*realm = c1 + 1;
	return c2 + 1;
}

static void chomp(char *line)
{
	size_t n = strlen(line);

	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
}

static bool skip_line(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	return *line == '\0' || *line == '#';
}

/*
 * The password of @user in @realm, malloc'd (the caller wipes and frees
 * it); NULL when there is none or the file cannot be read.
 */
static char *cred_lookup(const char *path, const char *user, const char *realm)
{
	char *line = NULL, *found = NULL;
	size_t cap = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		log_msg(LOG_ERR_LEVEL, "digest: %s: %s", path, strerror(errno));
		return NULL;
	}
	while (!found && getline(&line, &cap, f) >= 0) {
		const char *why;
		char *lrealm, *pw;

		chomp(line);
		if (skip_line(line))
			continue;
		pw = cred_split(line, &lrealm, &why);
		if (pw && !strcmp(line, user) && !strcmp(lrealm, realm))
			found = strdup(pw);
	}
	if (line) {
		explicit_bzero(line, cap);
		free(line);
	}
	fclose(f);
	return found;
}

/* Every bad line of the credential file, logged as path:line. */
static int cred_validate(const char *path)
{
	char *line = NULL;
	size_t cap = 0;
	unsigned int lineno = 0;
	int bad = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		log_msg(LOG_ERR_LEVEL, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) >= 0) {
		const char *why;
		char *realm;

		lineno++;
		chomp(line);
		if (skip_line(line))
			continue;
		if (!cred_split(line, &realm, &why)) {
			log_msg(LOG_ERR_LEVEL, "%s:%u: %s", path, lineno, why);
			bad = -1;
		}
	}
	if (line) {
		explicit_bzero(line, cap);
		free(line);
	}
	fclose(f);
	return bad;
}

/* ---- nonces ----------------------------------------------------------- */

static bool nonce_mac(const unsigned char id[NONCE_ID_LEN], const char *realm,
		      unsigned char mac[NONCE_MAC_LEN])
{
	unsigned char msg[NONCE_ID_LEN + HTTPSYS_AUTH_MAX_NAME];
	size_t rlen = strnlen(realm, HTTPSYS_AUTH_MAX_NAME);
	unsigned int len = NONCE_MAC_LEN;

	memcpy(msg, id, NONCE_ID_LEN);
	memcpy(msg + NONCE_ID_LEN, realm, rlen);
	return HMAC(EVP_sha256(), nonce_key, (int)nonce_key_len, msg,
		    NONCE_ID_LEN + rlen, mac, &len) && len == NONCE_MAC_LEN;
}

/* A fresh nonce for @realm issued at @issued, as NUL-terminated text. */
static bool nonce_make(const char *realm, int64_t issued,
		       char text[NONCE_TEXT_LEN + 1])
{
	unsigned char raw[NONCE_RAW_LEN];
	uint64_t t = (uint64_t)issued;
	int i;

	for (i = NONCE_TIME_LEN - 1; i >= 0; i--, t >>= 8)
		raw[i] = t & 0xff;
	if (RAND_bytes(raw + NONCE_TIME_LEN, NONCE_RAND_LEN) != 1)
		return false;
	if (!nonce_mac(raw, realm, raw + NONCE_ID_LEN))
		return false;
	return EVP_EncodeBlock((unsigned char *)text, raw, NONCE_RAW_LEN) ==
	       NONCE_TEXT_LEN;
}

static bool is_base64_char(unsigned char c)
{
	return isalnum(c) || c == '+' || c == '/';
}

/*
 * Whether @text is a nonce this key issued for @realm; if so, its id and
 * issue time.
 */
static bool nonce_check(const char *text, const char *realm,
			unsigned char id[NONCE_ID_LEN], int64_t *issued)
{
	unsigned char raw[NONCE_RAW_LEN + 2], mac[NONCE_MAC_LEN];
	uint64_t t = 0;
	int i;

	if (strlen(text) != NONCE_TEXT_LEN)
		return false;
	for (i = 0; i < NONCE_TEXT_LEN; i++)
		if (!is_base64_char((unsigned char)text[i]))
			return false;
	if (EVP_DecodeBlock(raw, (const unsigned char *)text,
			    NONCE_TEXT_LEN) != NONCE_RAW_LEN)
		return false;
	if (!nonce_mac(raw, realm, mac) ||
	    CRYPTO_memcmp(mac, raw + NONCE_ID_LEN, NONCE_MAC_LEN))
		return false;
	for (i = 0; i < NONCE_TIME_LEN; i++)
		t = t << 8 | raw[i];
	memcpy(id, raw, NONCE_ID_LEN);
	*issued = (int64_t)t;
	return true;
}

/* The opaque value for @realm: the same on every host with the key. */
static bool opaque_make(const char *realm, char text[OPAQUE_TEXT_LEN + 1])
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
	       OPAQUE_TEXT_LEN;
}

/* ---- nonce counts ----------------------------------------------------- */

enum nc_verdict { NC_OK, NC_REPLAY, NC_FORGOTTEN, NC_NOMEM };

static size_t nc_bucket_of(const unsigned char id[NONCE_ID_LEN])
{
	size_t h = 0;
	int i;

	/* The random half is uniform and authenticated. */
	for (i = NONCE_TIME_LEN; i < NONCE_ID_LEN; i++)
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
	if (nc_table.count < NC_MAX_ENTRIES)
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
static enum nc_verdict nc_advance(const unsigned char id[NONCE_ID_LEN],
				  int64_t issued, uint32_t nc, int64_t now,
				  unsigned int lifetime)
{
	enum nc_verdict v = NC_OK;
	struct nc_entry *e;
	size_t b = nc_bucket_of(id);

	pthread_mutex_lock(&nc_table.lock);
	for (e = nc_table.bucket[b]; e; e = e->next)
		if (!memcmp(e->id, id, NONCE_ID_LEN))
			break;
	if (e) {
		if (nc <= e->nc)
			v = NC_REPLAY;
		else
			e->nc = nc;
	} else if (issued <= nc_table.forgotten_before) {
		v = NC_FORGOTTEN;
	} else {
		if (nc_table.count >= NC_MAX_ENTRIES)
			nc_make_room(now, lifetime);
		e = malloc(sizeof(*e));
		if (!e) {
			v = NC_NOMEM;
		} else {
			memcpy(e->id, id, NONCE_ID_LEN);
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

/* ---- stale hints per connection --------------------------------------- */

static void stale_set_flag(uint64_t conn_id, bool stale)
{
	struct stale_entry **pp, *e;

	pthread_mutex_lock(&stale_set.lock);
	pp = &stale_set.bucket[conn_id % STALE_BUCKETS];
	while ((e = *pp) && e->conn_id != conn_id)
		pp = &e->next;
	if (e && !stale) {
		*pp = e->next;
		free(e);
		stale_set.count--;
	} else if (!e && stale && stale_set.count < STALE_MAX_ENTRIES) {
		/* A full set only loses the hint: the client asks its user. */
		e = malloc(sizeof(*e));
		if (e) {
			e->conn_id = conn_id;
			e->next = NULL;
			*pp = e;
			stale_set.count++;
		}
	}
	pthread_mutex_unlock(&stale_set.lock);
}

static bool stale_get(uint64_t conn_id)
{
	struct stale_entry *e;

	pthread_mutex_lock(&stale_set.lock);
	e = stale_set.bucket[conn_id % STALE_BUCKETS];
	while (e && e->conn_id != conn_id)
		e = e->next;
	pthread_mutex_unlock(&stale_set.lock);
	return e != NULL;
}

void digest_drop(uint64_t conn_id)
{
	stale_set_flag(conn_id, false);
}

/* ---- the parameter list ----------------------------------------------- */

static bool is_tchar(unsigned char c)
{
	return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool is_ows(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* qdtext and the octets a quoted-pair may escape (RFC 9110 5.6.4). */
static bool is_qchar(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static void params_free(struct digest_params *p)
{
	free(p->storage);
	p->storage = NULL;
}

/*
 * Parse "name=value, name="quoted", ..." (empty list elements allowed).
 * false when the list is malformed: a name without "=", an unterminated
 * quoted-string, junk after a value, a repeated name, too many names.
 */
static bool params_parse(const char *text, size_t len, struct digest_params *p)
{
	size_t i = 0;
	char *out;

	memset(p, 0, sizeof(*p));
	out = malloc(2 * len + 2);
	if (!out)
		return false;
	p->storage = out;
	for (;;) {
		size_t k;

		while (i < len && (is_ows(text[i]) || text[i] == ','))
			i++;
		if (i == len)
			return p->count > 0;
		if (p->count == MAX_PARAMS)
			return false;
		p->name[p->count] = out;
		if (!is_tchar(text[i]))
			return false;
		while (i < len && is_tchar(text[i]))
			*out++ = text[i++];
		*out++ = '\0';
		while (i < len && is_ows(text[i]))
			i++;
		if (i == len || text[i++] != '=')
			return false;
		while (i < len && is_ows(text[i]))
			i++;
		p->value[p->count] = out;
		if (i < len && text[i] == '"') {
			for (i++; i < len && text[i] != '"'; i++) {
				if (text[i] == '\\' && ++i == len)
					return false;
				if (!is_qchar(text[i]))
					return false;
				*out++ = text[i];
			}
			if (i++ == len)
				return false;
		} else {
			if (i == len || !is_tchar(text[i]))
				return false;
			while (i < len && is_tchar(text[i]))
				*out++ = text[i++];
		}
		*out++ = '\0';
		while (i < len && is_ows(text[i]))
			i++;
		if (i < len && text[i] != ',')
			return false;
		for (k = 0; k < p->count; k++)
			if (!strcasecmp(p->name[k], p->name[p->count]))
				return false;
		p->count++;
	}
}

static const char *param(const struct digest_params *p, const char *name)
{
	size_t k;

	for (k = 0; k < p->count; k++)
		if (!strcasecmp(p->name[k], name))
			return p->value[k];
	return NULL;
}

/* ---- the response ----------------------------------------------------- */

/* Lower-case hex of @md over @n strings joined by ':'. */
static bool hash_hex(const EVP_MD *md, const char *const *parts, size_t n,
		     char hex[HASH_HEX_MAX])
{
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int hlen = 0, i;
	EVP_MD_CTX *ctx;
	bool ok;
	size_t k;

	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return false;
	ok = EVP_DigestInit_ex(ctx, md, NULL) == 1;
	for (k = 0; ok && k < n; k++) {
		if (k)
			ok = EVP_DigestUpdate(ctx, ":", 1) == 1;
		ok = ok && EVP_DigestUpdate(ctx, parts[k], strlen(parts[k])) == 1;
	}
	ok = ok && EVP_DigestFinal_ex(ctx, h, &hlen) == 1;
	EVP_MD_CTX_free(ctx);
	for (i = 0; ok && i < hlen; i++)
		sprintf(hex + 2 * i, "%02x", h[i]);
	explicit_bzero(h, sizeof(h));
	return ok;
}

/* The algorithm an answer names (MD5 when absent); NULL if unsupported. */
static const EVP_MD *answer_md(const char *algorithm, bool *sess)
{
	static const struct {
		const char *name;
		bool sha256, sess;
	} algs[] = {
		{ "MD5", false, false },
		{ "MD5-sess", false, true },
		{ "SHA-256", true, false },
		{ "SHA-256-sess", true, true },
	};
	size_t k;

	if (!algorithm)
		algorithm = "MD5";
	for (k = 0; k < sizeof(algs) / sizeof(algs[0]); k++) {
		if (!strcasecmp(algorithm, algs[k].name)) {
			*sess = algs[k].sess;
			return algs[k].sha256 ? md_sha256 : md_md5;
		}
	}
	return NULL;
}

/* The response a client knowing @password sends for @a (qop=auth). */
static bool response_hex(const EVP_MD *md, bool sess,
			 const struct digest_answer *a, const char *method,
			 const char *password, char hex[HASH_HEX_MAX])
{
	char ha1[HASH_HEX_MAX], ha2[HASH_HEX_MAX];
	const char *a1[] = { a->username, a->realm, password };
	const char *a2[] = { method, a->uri };
	bool ok;

	ok = hash_hex(md, a1, 3, ha1);
	if (ok && sess) {
		const char *s[] = { ha1, a->nonce, a->cnonce };

		ok = hash_hex(md, s, 3, ha1);
	}
	ok = ok && hash_hex(md, a2, 2, ha2);
	if (ok) {
		const char *kd[] = { ha1, a->nonce, a->nc, a->cnonce, a->qop,
				     ha2 };

		ok = hash_hex(md, kd, 6, hex);
	}
	explicit_bzero(ha1, sizeof(ha1));
	return ok;
}

/* ---- jobs ------------------------------------------------------------- */

int digest_init(const struct helperd_config *cfg)
{
	md_md5 = EVP_MD_fetch(NULL, "MD5", NULL);
	md_sha256 = EVP_MD_fetch(NULL, "SHA2-256", NULL);
	if (!md_md5 || !md_sha256) {
		log_msg(LOG_ERR_LEVEL, "digest: OpenSSL lacks MD5 or SHA-256");
		return -1;
	}
	if (cfg->digest_key_len) {
		if (cfg->digest_key_len > sizeof(nonce_key))
			return -1;
		memcpy(nonce_key, cfg->digest_key, cfg->digest_key_len);
		nonce_key_len = cfg->digest_key_len;
	} else {
		/* Nonces then verify on this host only, until it restarts. */
		nonce_key_len = 32;
		if (RAND_bytes(nonce_key, (int)nonce_key_len) != 1)
			return -1;
		log_msg(LOG_INFO_LEVEL,
			"digest: no digest_key_file, using a random key");
	}
	if (cfg->digest_file && cred_validate(cfg->digest_file))
		return -1;
	return 0;
}

static void set_status(struct job_out *out, uint32_t status, uint32_t sec)
{
	out->status = status;
	out->sec_status = sec;
}

/* Append @s as a quoted-string; false if it holds a control character. */
static bool append_quoted(char **pos, const char *s)
{
	char *o = *pos;

	*o++ = '"';
	for (; *s; s++) {
		if (!is_qchar((unsigned char)*s))
			return false;
		if (*s == '"' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '"';
	*pos = o;
	return true;
}

void digest_challenge(const struct helperd_config *cfg, const struct job_in *in,
		      struct job_out *out)
{
	char nonce[NONCE_TEXT_LEN + 1], opaque[OPAQUE_TEXT_LEN + 1];
	size_t cap;
	char *text, *o;
	bool ok;

	(void)cfg;
	set_status(out, HTTPSYS_AUTH_STATUS_ERROR, SEC_E_INTERNAL_ERROR);
	if (!nonce_make(in->realm, now_seconds(), nonce) ||
	    !opaque_make(in->realm, opaque))
		return;
	cap = 2 * strlen(in->realm) + 2 * strlen(in->domain) + 256;
	text = malloc(cap);
	if (!text)
		return;
	o = text;
	o = stpcpy(o, "realm=");
	ok = append_quoted(&o, in->realm);
	if (ok && *in->domain) {
		o = stpcpy(o, ", domain=");
		ok = append_quoted(&o, in->domain);
	}
	if (!ok) {
		log_msg(LOG_ERR_LEVEL,
			"digest: control character in realm or domain");
		free(text);
		return;
	}
	o += sprintf(o, ", nonce=\"%s\", opaque=\"%s\", algorithm=SHA-256, qop=\"auth\"",
		     nonce, opaque);
	if (stale_get(in->conn_id))
		o = stpcpy(o, ", stale=true");
	out->out_token = (unsigned char *)text;
	out->out_token_len = (size_t)(o - text);
	set_status(out, HTTPSYS_AUTH_STATUS_OK, SEC_E_OK);
}

static bool parse_nc(const char *s, uint32_t *nc)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return false;
		v = v << 4 | (uint32_t)(isdigit((unsigned char)s[i]) ?
			s[i] - '0' : tolower((unsigned char)s[i]) - 'a' + 10);
	}
	*nc = v;
	return s[8] == '\0' && v != 0;
}

/* The answer's fields; false when a required one is missing. */
static bool answer_fill(const struct digest_params *p, struct digest_answer *a)
{
	a->username = param(p, "username");
	a->realm = param(p, "realm");
	a->nonce = param(p, "nonce");
	a->uri = param(p, "uri");
	a->response = param(p, "response");
	a->algorithm = param(p, "algorithm");
	a->cnonce = param(p, "cnonce");
	a->opaque = param(p, "opaque");
	a->qop = param(p, "qop");
	a->nc = param(p, "nc");
	a->userhash = param(p, "userhash");
	return a->username && a->realm && a->nonce && a->uri && a->response &&
	       a->cnonce && a->qop && a->nc;
}

/* Whether @response (hex, any case) equals @expected, in constant time. */
static bool response_matches(const char *response, const char *expected)
{
	char lower[HASH_HEX_MAX];
	size_t n = strlen(expected), i;

	if (strlen(response) != n)
		return false;
	for (i = 0; i < n; i++)
		lower[i] = (char)tolower((unsigned char)response[i]);
	return CRYPTO_memcmp(lower, expected, n) == 0;
}

/*
 * Check a parsed answer; sets out's status.  Every verdict that is not
 * about the nonce's age clears the connection's stale hint.
 */
static void answer_check(const struct helperd_config *cfg,
			 const struct job_in *in, const struct digest_answer *a,
			 struct job_out *out)
{
	char expected[HASH_HEX_MAX], opaque[OPAQUE_TEXT_LEN + 1];
	unsigned char id[NONCE_ID_LEN];
	int64_t issued, now = now_seconds();
	const EVP_MD *md;
	char *password;
	bool sess, ok;
	uint32_t nc;

	if (!parse_nc(a->nc, &nc) || strcmp(a->uri, in->uri)) {
		/* RFC 7616 3.4.6: a uri other than the request's is a 400. */
		set_status(out, HTTPSYS_AUTH_STATUS_MALFORMED, SEC_E_INVALID_TOKEN);
		return;
	}
	md = answer_md(a->algorithm, &sess);
	if (!md || strcasecmp(a->qop, "auth") ||
	    (a->userhash && strcasecmp(a->userhash, "false"))) {
		set_status(out, HTTPSYS_AUTH_STATUS_FAILED,
			   SEC_E_UNSUPPORTED_FUNCTION);
		return;
	}
	if (strcmp(a->realm, in->realm)) {
		set_status(out, HTTPSYS_AUTH_STATUS_FAILED, SEC_E_LOGON_DENIED);
		return;
	}
	if (!nonce_check(a->nonce, in->realm, id, &issued) ||
	    (a->opaque && (!opaque_make(in->realm, opaque) ||
			   strcmp(a->opaque, opaque)))) {
		set_status(out, HTTPSYS_AUTH_STATUS_FAILED, SEC_E_INVALID_TOKEN);
		return;
	}
	password = cfg->digest_file ?
		   cred_lookup(cfg->digest_file, a->username, a->realm) : NULL;
	/* An unknown user costs the same hashing as a known one. */
	ok = response_hex(md, sess, a, in->method, password ? password : "",
			  expected);
	if (password) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
	if (!ok) {
		set_status(out, HTTPSYS_AUTH_STATUS_ERROR, SEC_E_INTERNAL_ERROR);
		return;
	}
	if (!password || !response_matches(a->response, expected)) {
		set_status(out, HTTPSYS_AUTH_STATUS_FAILED, SEC_E_LOGON_DENIED);
		return;
	}
	/* Right password, old nonce: stale=true lets the client retry. */
	if (now - issued > (int64_t)cfg->digest_nonce_lifetime) {
		set_status(out, HTTPSYS_AUTH_STATUS_FAILED, SEC_E_CONTEXT_EXPIRED);
		return;
	}
	switch (nc_advance(id, issued, nc, now, cfg->digest_nonce_lifetime)) {
	case NC_OK:
		set_status(out, HTTPSYS_AUTH_STATUS_OK, SEC_E_OK);
		break;
	case NC_REPLAY:
		set_status(out, HTTPSYS_AUTH_STATUS_FAILED, SEC_E_OUT_OF_SEQUENCE);
		break;
	case NC_FORGOTTEN:
		set_status(out, HTTPSYS_AUTH_STATUS_FAILED, SEC_E_CONTEXT_EXPIRED);
		break;
	case NC_NOMEM:
		set_status(out, HTTPSYS_AUTH_STATUS_ERROR,
			   SEC_E_INSUFFICIENT_MEMORY);
		break;
	}
}

void digest_job(const struct helperd_config *cfg, const struct job_in *in,
		struct job_out *out)
{
	struct digest_answer a;
	struct digest_params p = { 0 };

	if (memchr(in->token, '\0', in->token_len) ||
	    !params_parse((const char *)in->token, in->token_len, &p) ||
	    !answer_fill(&p, &a)) {
		params_free(&p);
		set_status(out, HTTPSYS_AUTH_STATUS_MALFORMED, SEC_E_INVALID_TOKEN);
		return;
	}
	answer_check(cfg, in, &a, out);
	stale_set_flag(in->conn_id, out->status == HTTPSYS_AUTH_STATUS_FAILED &&
		       out->sec_status == SEC_E_CONTEXT_EXPIRED);
	if (out->status == HTTPSYS_AUTH_STATUS_OK) {
		out->user = strdup(a.username);
		out->package = strdup("Digest");
		if (!out->user || !out->package)
			set_status(out, HTTPSYS_AUTH_STATUS_ERROR,
				   SEC_E_INSUFFICIENT_MEMORY);
		else
			out->mapped = account_fill(out, a.username);
	}
	params_free(&p);
}
