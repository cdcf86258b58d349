// SPDX-License-Identifier: GPL-2.0
/*
 * The application's responses on a URL with authentication enabled, as
 * http.sys shapes them.  Its WWW-Authenticate values go out in the order
 * Negotiate, NTLM, Digest, Basic, then the others as given (unless the
 * send asked HTTPSYS_SEND_AUTH_PRESERVE_ORDER); an enabled Basic becomes
 * Basic with the configured realm, an enabled Digest a fresh challenge
 * from helperd (dropped when helperd cannot give one: the other schemes
 * still go out); anything else is copied.  A final 2xx to a request whose
 * Negotiate handshake ended with a token carries it in
 * "WWW-Authenticate: Negotiate <token>" unless ReceiveMutualAuth handed
 * it to the application.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/refcount.h>
#include <linux/completion.h>
#include <linux/sort.h>

#include "core.h"
#include "auth.h"
#include "proto/auth_header.h"

#define NAME_LEN		(sizeof(WWW_AUTHENTICATE) - 1)
/* Belt and braces over the transport's own auth_timeout. */
#define CHALLENGE_WAIT_MAX	(60 * HZ)

struct challenge {
	u32 line_off;		/* of the application's line */
	int rank;
	u32 pos;		/* its place among the lines, for a stable sort */
	const char *value;	/* what goes out after "WWW-Authenticate: " */
	u32 len;
	char *owned;		/* @value when we made it */
};

/* A Digest challenge job's rendezvous; freed by the last of two. */
struct challenge_wait {
	refcount_t ref;
	struct completion done;
	char realm[HTTPSYS_MAX_REALM];
	char domain[HTTPSYS_MAX_REALM];
};

static void challenge_wait_put(struct challenge_wait *w)
{
	if (refcount_dec_and_test(&w->ref))
		kfree(w);
}

static void challenge_done(struct auth_job *job)
{
	struct challenge_wait *w = job->owner;

	complete(&w->done);
	challenge_wait_put(w);
}

static bool text_is_value(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (!http_is_value_char(s[i]))
			return false;
	}
	return true;
}

/* "Digest <helperd's challenge>", or NULL when it has none for us. */
static char *digest_challenge(const struct httpsys_request *req, u32 *len)
{
	const struct httpsys_auth_info *i = &req->auth.settings->info;
	struct challenge_wait *w;
	struct auth_job *job;
	char *text = NULL;

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return NULL;
	refcount_set(&w->ref, 1);
	job = auth_job_alloc(GFP_KERNEL);
	if (!job)
		goto out;
	refcount_inc(&w->ref);	/* the job's, given back by @done */
	init_completion(&w->done);
	memcpy(w->realm, i->digest_realm, i->digest_realm_len);
	memcpy(w->domain, i->digest_domain, i->digest_domain_len);
	job->op = HTTPSYS_AUTH_OP_CHALLENGE;
	job->conn_id = req->conn->id;
	job->scheme = HTTPSYS_AUTH_SCHEME_DIGEST;
	job->realm = w->realm;
	job->realm_len = i->digest_realm_len;
	job->domain = w->domain;
	job->domain_len = i->digest_domain_len;
	job->done = challenge_done;
	job->owner = w;
	if (auth_upcall_submit(job)) {
		refcount_set(&w->ref, 1);
		goto out;
	}
	/* Given up on, the job still has @done run, by us or the answer
	 * arriving at this moment; its result is read only once it has.
	 */
	if (wait_for_completion_interruptible_timeout(&w->done,
						      CHALLENGE_WAIT_MAX) <= 0) {
		auth_upcall_cancel(job);
		if (!try_wait_for_completion(&w->done))
			goto out;
	}
	if (job->result.status != HTTPSYS_AUTH_STATUS_OK ||
	    !job->result.out_token_len ||
	    !text_is_value((const char *)job->result.out_token,
			   job->result.out_token_len))
		goto out;
	*len = 7 + job->result.out_token_len;
	text = kmalloc(*len, GFP_KERNEL);
	if (text) {
		memcpy(text, "Digest ", 7);
		memcpy(text + 7, job->result.out_token, job->result.out_token_len);
	}
out:
	if (job)
		auth_job_put(job);
	challenge_wait_put(w);
	return text;
}

/* Basic realm="<realm>": the configured one, else the request's host. */
static char *basic_challenge(const struct httpsys_request *req, u32 *len)
{
	const struct httpsys_auth_info *i = &req->auth.settings->info;
	const char *realm = i->basic_realm_len ? i->basic_realm : req->host;
	size_t n = i->basic_realm_len ? i->basic_realm_len : req->host_len, k;
	char *text = kmalloc(2 * n + 16, GFP_KERNEL);
	u32 pos;

	if (!text)
		return NULL;
	memcpy(text, "Basic realm=\"", 13);
	pos = 13;
	for (k = 0; k < n; k++) {
		/* A quoted-string: controls left out, quotes escaped. */
		if (!http_is_value_char((unsigned char)realm[k]) ||
		    realm[k] == '\t')
			continue;
		if (realm[k] == '"' || realm[k] == '\\')
			text[pos++] = '\\';
		text[pos++] = realm[k];
	}
	text[pos++] = '"';
	*len = pos;
	return text;
}

/*
 * What one application value becomes; false to leave it out.  An enabled
 * Basic or Digest is the kernel's to write, once (*@written has its
 * bit), as http.sys does: one Digest challenge, so one upcall, however
 * many such lines the application gives.
 */
static bool challenge_value(const struct httpsys_request *req,
			    struct challenge *ch, u32 *written)
{
	u32 enabled = req->auth.settings->info.schemes;
	u32 scheme = auth_challenge_scheme(ch->value, ch->len);

	if (!(scheme & enabled) ||
	    !(scheme & (HTTPSYS_AUTH_SCHEME_BASIC | HTTPSYS_AUTH_SCHEME_DIGEST)))
		return true;
	if (*written & scheme)
		return false;
	*written |= scheme;
	if (scheme == HTTPSYS_AUTH_SCHEME_BASIC)
		ch->owned = basic_challenge(req, &ch->len);
	else
		ch->owned = digest_challenge(req, &ch->len);
	ch->value = ch->owned;
	return ch->owned;
}

static int challenge_cmp(const void *a, const void *b)
{
	const struct challenge *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	return x->pos - y->pos;
}

static bool is_challenge(const char *line, const struct http_field *f)
{
	return f->name_len == NAME_LEN &&
	       http_ascii_case_equal(line + f->name_off, WWW_AUTHENTICATE, NAME_LEN);
}

static size_t put_line(char *out, const char *value, size_t len)
{
	memcpy(out, WWW_AUTHENTICATE ": ", NAME_LEN + 2);
	memcpy(out + NAME_LEN + 2, value, len);
	memcpy(out + NAME_LEN + 2 + len, "\r\n", 2);
	return NAME_LEN + 4 + len;
}

int auth_response_headers(const struct httpsys_request *req, u32 status,
			  u32 flags, const char *headers, size_t len,
			  char **out, size_t *out_len)
{
	const struct auth_request *ar = &req->auth;
	bool mutual = ar->mutual && status >= 200 && status < 300 &&
		      !ar->settings->info.receive_mutual_auth;
	struct challenge *ch = NULL;
	u32 count = 0, kept = 0, written = 0, k;
	size_t pos, size, o = 0;
	struct http_field f;
	char *buf = NULL;
	int n, err = 0;

	*out = NULL;
	for (pos = 0; pos < len; pos += n) {
		n = http_parse_field_line(headers + pos, len - pos, &f);
		if (n <= 0)
			return -EINVAL;
		count += is_challenge(headers + pos, &f);
	}
	if (!count && !mutual)
		return 0;
	if (count) {
		ch = kcalloc(count, sizeof(*ch), GFP_KERNEL);
		if (!ch)
			return -ENOMEM;
	}
	size = len + (mutual ? NAME_LEN + 4 + ar->mutual_len : 0);
	for (pos = 0; pos < len; pos += n) {
		struct challenge *c = &ch[kept];

		n = http_parse_field_line(headers + pos, len - pos, &f);
		if (!is_challenge(headers + pos, &f))
			continue;
		c->line_off = pos;
		c->pos = kept;
		c->value = headers + pos + f.value_off;
		c->len = f.value_len;
		c->rank = auth_challenge_rank(c->value, c->len);
		if (!challenge_value(req, c, &written))
			continue;
		size += c->len + NAME_LEN + 4;
		kept++;
	}
	if (!(flags & HTTPSYS_SEND_AUTH_PRESERVE_ORDER))
		sort(ch, kept, sizeof(*ch), challenge_cmp, NULL);
	buf = kmalloc(size, GFP_KERNEL_ACCOUNT);
	if (!buf) {
		err = -ENOMEM;
		goto out;
	}
	/* The challenges go where the application's first one was. */
	for (pos = 0, k = 0; pos < len; pos += n) {
		n = http_parse_field_line(headers + pos, len - pos, &f);
		if (!is_challenge(headers + pos, &f)) {
			memcpy(buf + o, headers + pos, n);
			o += n;
			continue;
		}
		for (; k < kept; k++)
			o += put_line(buf + o, ch[k].value, ch[k].len);
	}
	if (mutual)
		o += put_line(buf + o, ar->mutual, ar->mutual_len);
	*out = buf;
	*out_len = o;
out:
	for (k = 0; k < count; k++)
		kfree(ch[k].owned);
	kfree(ch);
	return err;
}
