// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Digest access authentication (RFC 7616) for helperd: a challenge for an
 * application's 401, and the check of a client's answer against the
 * credential file.  Nonces: digest_nonce.c; the syntax: digest_params.c;
 * the hashes: digest_response.c.
 *
 * The credential file holds "user:realm:password" lines: the password in
 * clear, because MD5, SHA-256 and their -sess forms each need their own
 * hash of it.  Challenges offer SHA-256 (one challenge per call: the
 * kernel asks once per Digest line of a 401); answers with MD5, MD5-sess,
 * SHA-256 or SHA-256-sess are accepted, qop=auth only.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/crypto.h>

#include "digest_internal.h"
#include "secstatus.h"

/* A full set only loses hints: those clients ask their user again. */
#define STALE_BUCKETS 1024
#define STALE_MAX_ENTRIES 65536

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

static int64_t now_seconds(void)
{
	return (int64_t)time(NULL);
}

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

int digest_init(const struct helperd_config *cfg)
{
	if (digest_response_init() || digest_nonce_init(cfg))
		return -1;
	if (cfg->digest_file && cred_validate(cfg->digest_file))
		return -1;
	return 0;
}

static void set_status(struct job_out *out, uint32_t status, uint32_t sec)
{
	out->status = status;
	out->sec_status = sec;
}

void digest_challenge(const struct helperd_config *cfg, const struct job_in *in,
		      struct job_out *out)
{
	char nonce[DIGEST_NONCE_TEXT_LEN + 1],
		opaque[DIGEST_OPAQUE_TEXT_LEN + 1];
	size_t cap;
	char *text, *o;
	bool ok;

	(void)cfg;
	set_status(out, HTTPSYS_AUTH_STATUS_ERROR, SEC_E_INTERNAL_ERROR);
	if (!digest_nonce_make(in->realm, now_seconds(), nonce) ||
	    !digest_opaque_make(in->realm, opaque))
		return;
	cap = 2 * strlen(in->realm) + 2 * strlen(in->domain) + 256;
	text = malloc(cap);
	if (!text)
		return;
	o = text;
	o = stpcpy(o, "realm=");
	ok = digest_quote(&o, in->realm);
	if (ok && *in->domain) {
		o = stpcpy(o, ", domain=");
		ok = digest_quote(&o, in->domain);
	}
	if (!ok) {
		log_msg(LOG_ERR_LEVEL,
			"digest: control character in realm or domain");
		free(text);
		return;
	}
	o += sprintf(o, ", nonce=\"%s\", opaque=\"%s\"", nonce, opaque);
	o = stpcpy(o, ", algorithm=SHA-256, qop=\"auth\"");
	if (stale_get(in->conn_id))
		o = stpcpy(o, ", stale=true");
	out->out_token = (unsigned char *)text;
	out->out_token_len = (size_t)(o - text);
	set_status(out, HTTPSYS_AUTH_STATUS_OK, SEC_E_OK);
}

/* An nc value: exactly 8 hex digits, not 0. */
static bool parse_nc(const char *s, uint32_t *nc)
{
	int i;

	for (i = 0; i < 8; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	if (s[8] != '\0')
		return false;
	*nc = (uint32_t)strtoul(s, NULL, 16);
	return *nc != 0;
}

/*
 * The answer's fields; false when one is missing or malformed.  A
 * username* (RFC 8187, for names a quoted-string cannot carry) is decoded
 * into @ext_user.
 */
static bool answer_fill(const struct digest_params *p, struct digest_answer *a,
			char ext_user[HTTPSYS_AUTH_MAX_NAME])
{
	const char *ext = digest_param(p, "username*");

	a->username = digest_param(p, "username");
	a->realm = digest_param(p, "realm");
	a->nonce = digest_param(p, "nonce");
	a->uri = digest_param(p, "uri");
	a->response = digest_param(p, "response");
	a->algorithm = digest_param(p, "algorithm");
	a->cnonce = digest_param(p, "cnonce");
	a->opaque = digest_param(p, "opaque");
	a->qop = digest_param(p, "qop");
	a->nc = digest_param(p, "nc");
	a->userhash = digest_param(p, "userhash");
	if (ext) {
		if (a->username ||
		    !digest_ext_value(ext, ext_user, HTTPSYS_AUTH_MAX_NAME))
			return false;
		a->username = ext_user;
	}
	return a->username && a->realm && a->nonce && a->uri && a->response &&
	       a->cnonce && a->qop && a->nc;
}

/* Whether @response (hex, any case) equals @expected, in constant time. */
static bool response_matches(const char *response, const char *expected)
{
	char lower[DIGEST_HEX_MAX];
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
	char expected[DIGEST_HEX_MAX], opaque[DIGEST_OPAQUE_TEXT_LEN + 1];
	unsigned char id[DIGEST_NONCE_ID_LEN];
	int64_t issued, now = now_seconds();
	const EVP_MD *md;
	char *password;
	bool sess, ok;
	uint32_t nc;

	if (!parse_nc(a->nc, &nc) || strcmp(a->uri, in->uri)) {
		/* RFC 7616 3.4.6: a uri other than the request's is a 400. */
		set_status(out, HTTPSYS_AUTH_STATUS_MALFORMED,
			   SEC_E_INVALID_TOKEN);
		return;
	}
	md = digest_md(a->algorithm, &sess);
	if (!md || strcasecmp(a->qop, "auth") ||
	    (a->userhash && strcasecmp(a->userhash, "false"))) {
		set_status(out, HTTPSYS_AUTH_STATUS_FAILED,
			   SEC_E_UNSUPPORTED_FUNCTION);
		return;
	}
	/* A name longer than the kernel takes back cannot be anyone's. */
	if (strcmp(a->realm, in->realm) ||
	    strlen(a->username) >= HTTPSYS_AUTH_MAX_NAME) {
		set_status(out, HTTPSYS_AUTH_STATUS_FAILED, SEC_E_LOGON_DENIED);
		return;
	}
	if (!digest_nonce_check(a->nonce, in->realm, id, &issued) ||
	    (a->opaque && (!digest_opaque_make(in->realm, opaque) ||
			   strcmp(a->opaque, opaque)))) {
		set_status(out, HTTPSYS_AUTH_STATUS_FAILED,
			   SEC_E_INVALID_TOKEN);
		return;
	}
	password = NULL;
	if (cfg->digest_file)
		password = cred_lookup(cfg->digest_file, a->username, a->realm);
	/* An unknown user costs the same hashing as a known one. */
	ok = digest_response_hex(md, sess, a, in->method,
				 password ? password : "", expected);
	if (password) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
	if (!ok) {
		set_status(out, HTTPSYS_AUTH_STATUS_ERROR,
			   SEC_E_INTERNAL_ERROR);
		return;
	}
	if (!password || !response_matches(a->response, expected)) {
		set_status(out, HTTPSYS_AUTH_STATUS_FAILED, SEC_E_LOGON_DENIED);
		return;
	}
	/* Right password, old nonce: stale=true lets the client retry. */
	if (now - issued > (int64_t)cfg->digest_nonce_lifetime) {
		set_status(out, HTTPSYS_AUTH_STATUS_FAILED,
			   SEC_E_CONTEXT_EXPIRED);
		return;
	}
	switch (digest_nc_advance(id, issued, nc, now,
				  cfg->digest_nonce_lifetime)) {
	case DIGEST_NC_OK:
		set_status(out, HTTPSYS_AUTH_STATUS_OK, SEC_E_OK);
		break;
	case DIGEST_NC_REPLAY:
		set_status(out, HTTPSYS_AUTH_STATUS_FAILED,
			   SEC_E_OUT_OF_SEQUENCE);
		break;
	case DIGEST_NC_FORGOTTEN:
		set_status(out, HTTPSYS_AUTH_STATUS_FAILED,
			   SEC_E_CONTEXT_EXPIRED);
		break;
	case DIGEST_NC_NOMEM:
		set_status(out, HTTPSYS_AUTH_STATUS_ERROR,
			   SEC_E_INSUFFICIENT_MEMORY);
		break;
	}
}

void digest_job(const struct helperd_config *cfg, const struct job_in *in,
		struct job_out *out)
{
	char ext_user[HTTPSYS_AUTH_MAX_NAME];
	struct digest_answer a;
	struct digest_params p = { 0 };

	if (memchr(in->token, '\0', in->token_len) ||
	    !digest_params_parse((const char *)in->token, in->token_len, &p) ||
	    !answer_fill(&p, &a, ext_user)) {
		digest_params_free(&p);
		set_status(out, HTTPSYS_AUTH_STATUS_MALFORMED,
			   SEC_E_INVALID_TOKEN);
		return;
	}
	answer_check(cfg, in, &a, out);
	stale_set_flag(in->conn_id,
		       out->status == HTTPSYS_AUTH_STATUS_FAILED &&
			       out->sec_status == SEC_E_CONTEXT_EXPIRED);
	if (out->status == HTTPSYS_AUTH_STATUS_OK) {
		out->user = strdup(a.username);
		out->package = strdup("Digest");
		if (!out->user || !out->package)
			set_status(out, HTTPSYS_AUTH_STATUS_ERROR,
				   SEC_E_INSUFFICIENT_MEMORY);
		else
			account_fill(out, a.username);
	}
	digest_params_free(&p);
}
