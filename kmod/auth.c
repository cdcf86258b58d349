// SPDX-License-Identifier: GPL-2.0
/*
 * The HTTP authentication flow, as http.sys runs it.  A request routed to
 * a URL whose group (else session) enables authentication carries an AUTH
 * record.  With an Authorization header naming an enabled scheme, the
 * connection hands the credentials to helperd as a job and waits in
 * CONN_AUTH; its work item returns, so other connections go on.  The
 * job's @done only kicks the connection; its work then acts under
 * rx_lock: an interim 401 for another leg (the application never sees
 * it), the request delivered with the verdict, or 400/503.
 *
 * Lifetimes: a job holds a reference to its connection until @done; the
 * connection holds the job and the waiting request until it acts on the
 * verdict or closes, which cancels the job.  The job's strings are one
 * buffer that @done frees, the last moment the transport may read them.
 */
#include <linux/cred.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uidgid.h>

#include "core.h"
#include "auth.h"
#include "proto/auth_header.h"
#include "proto/base64.h"
#include "proto/known_headers.h"
#include "proto/marshal.h"

/* HttpServerAuthenticationProperty's Kerberos credential caching. */
#define AUTH_EX_KERBEROS_CACHING	0x1

struct auth_settings *auth_settings_create(const struct httpsys_auth_info *i)
{
	struct auth_settings *a = kmalloc(sizeof(*a), GFP_KERNEL_ACCOUNT);

	if (!a)
		return NULL;
	kref_init(&a->ref);
	a->info = *i;
	return a;
}

static void auth_settings_release(struct kref *ref)
{
	struct auth_settings *a = container_of(ref, struct auth_settings, ref);

	kfree_rcu(a, rcu);	/* routing may still look at it */
}

void auth_settings_put(struct auth_settings *a)
{
	if (a)
		kref_put(&a->ref, auth_settings_release);
}

bool auth_settings_enabled(const struct auth_settings *a)
{
	return a && (a->info.schemes & HTTPSYS_AUTH_SCHEMES);
}

static void identity_release(struct kref *ref)
{
	struct auth_identity *id = container_of(ref, struct auth_identity, ref);

	auth_job_put(id->job);
	kfree(id);
}

static void identity_put(struct auth_identity *id)
{
	if (id)
		kref_put(&id->ref, identity_release);
}

static struct auth_identity *identity_get(struct auth_identity *id)
{
	kref_get(&id->ref);
	return id;
}

void auth_request_release(struct auth_request *ar)
{
	if (ar->charged)
		rx_budget_return(ar->charged);
	identity_put(ar->identity);
	kfree(ar->mutual);
	auth_settings_put(ar->settings);
	memset(ar, 0, sizeof(*ar));
}

static void conn_drop_cached(struct httpsys_conn *c)
{
	identity_put(c->auth.cached);
	c->auth.cached = NULL;
}

/*
 * The job's copy of the credentials goes (zeroed: Basic's is a password),
 * and what it took of the budget.
 */
static void job_buffer_free(struct auth_job *job)
{
	kvfree_sensitive(job->token, job->charged);
	job->token = NULL;
	job->method = job->uri = job->realm = job->domain = NULL;
	rx_budget_return(job->charged);
	job->charged = 0;
}

/* The transport is done with the job's strings; the connection acts. */
static void conn_job_done(struct auth_job *job)
{
	struct httpsys_conn *c = job->owner;

	job_buffer_free(job);
	source_auth_return(&c->remote);
	/* Pairs with auth_conn_resume(): the result is seen with the seq. */
	smp_store_release(&c->auth.done_seq, job->seq);
	conn_kick(c);
	conn_put(c);	/* the job's; the kick holds the connection now */
}

/*
 * Copy what the job sends into one buffer: the token (Base64-decoded
 * unless Digest), the method, the request-target, the realm and domain.
 * Returns 0, or 400 for a malformed or oversized value.
 */
static int job_fill(struct auth_job *job, const struct httpsys_request *req,
		    const struct auth_settings *a, u32 scheme,
		    const char *params, u32 params_len)
{
	const struct httpsys_auth_info *i = &a->info;
	const char *method = req->head;
	const char *uri = req->head + req->parsed.target_off;
	u32 method_len = req->parsed.method_len, uri_len = req->parsed.target_len;
	const char *realm = NULL, *domain = NULL;
	u32 realm_len = 0, domain_len = 0;
	size_t token_max, size;
	long token_len;
	char *buf, *p;

	if (scheme == HTTPSYS_AUTH_SCHEME_DIGEST) {
		realm = i->digest_realm;
		realm_len = i->digest_realm_len;
		domain = i->digest_domain;
		domain_len = i->digest_domain_len;
		token_max = params_len;
	} else {
		if (scheme == HTTPSYS_AUTH_SCHEME_BASIC) {
			realm = i->basic_realm;
			realm_len = i->basic_realm_len;
		}
		token_max = base64_decoded_max(params_len);
	}
	/* The upcall's bounds (uapi/httpsys_auth.h): past them, 400. */
	if (!params_len || token_max > HTTPSYS_AUTH_MAX_TOKEN ||
	    uri_len >= HTTPSYS_AUTH_MAX_URI || method_len >= HTTPSYS_AUTH_MAX_NAME)
		return 400;
	/* Held while helperd decides: counted like a grown receive buffer. */
	size = token_max + method_len + uri_len + realm_len + domain_len;
	if (!rx_budget_take(size))
		return 503;
	buf = kvmalloc(size, GFP_KERNEL);
	if (!buf) {
		rx_budget_return(size);
		return 503;
	}
	job->token = buf;
	job->charged = size;
	if (scheme == HTTPSYS_AUTH_SCHEME_DIGEST) {
		memcpy(buf, params, params_len);
		token_len = params_len;
	} else {
		token_len = base64_decode(params, params_len, buf);
		if (token_len <= 0) {
			job_buffer_free(job);
			return 400;
		}
	}
	job->token_len = token_len;
	p = buf + token_len;
	job->method = memcpy(p, method, method_len);
	job->method_len = method_len;
	p += method_len;
	job->uri = memcpy(p, uri, uri_len);
	job->uri_len = uri_len;
	p += uri_len;
	if (realm_len) {
		job->realm = memcpy(p, realm, realm_len);
		job->realm_len = realm_len;
		p += realm_len;
	}
	if (domain_len) {
		job->domain = memcpy(p, domain, domain_len);
		job->domain_len = domain_len;
	}
	return 0;
}

/* The one Authorization field, or NULL; *@count says how many there are. */
static const struct http_field *authorization_field(const struct httpsys_request *req,
						     int *count)
{
	const struct http_field *found = NULL;
	u16 i;

	*count = 0;
	for (i = 0; i < req->parsed.field_count; i++) {
		if (req->fields[i].id != HDR_AUTHORIZATION)
			continue;
		if (!found)
			found = &req->fields[i];
		++*count;
	}
	return found;
}

static bool package_is(const struct auth_result *r, const char *name)
{
	return r->package && !strcasecmp(r->package, name);
}

/* Whether this sign-in covers the connection's later requests too. */
static bool identity_cacheable(const struct auth_settings *a, u32 scheme,
			       const struct auth_result *r)
{
	bool ntlm = scheme == HTTPSYS_AUTH_SCHEME_NTLM ||
		    (scheme == HTTPSYS_AUTH_SCHEME_NEGOTIATE && package_is(r, "NTLM"));
	bool kerberos = scheme == HTTPSYS_AUTH_SCHEME_KERBEROS ||
			(scheme == HTTPSYS_AUTH_SCHEME_NEGOTIATE &&
			 package_is(r, "Kerberos"));

	if (ntlm)
		return !a->info.disable_ntlm_credential_caching;
	return kerberos && (a->info.ex_flags & AUTH_EX_KERBEROS_CACHING);
}

/*
 * Whether the connection's cached sign-in covers a request routed with
 * @a: its scheme enabled there, caching allowed there too (the first
 * URL's settings decided only the caching for itself), and not expired.
 */
static bool cached_identity_covers(struct httpsys_conn *c,
				   const struct auth_settings *a)
{
	struct auth_identity *id = c->auth.cached;
	const struct auth_result *r;

	if (!id)
		return false;
	r = &id->job->result;
	if (r->expiry && r->expiry <= ktime_get_real_seconds()) {
		conn_drop_cached(c);
		return false;
	}
	return (id->scheme & a->info.schemes) &&
	       identity_cacheable(a, id->scheme, r);
}

int auth_request_begin(struct httpsys_conn *c, struct httpsys_request *req,
		       const char **detail)
{
	struct auth_request *ar = &req->auth;
	struct auth_credentials cred;
	const struct http_field *f;
	struct auth_job *job;
	int count, status;

	lockdep_assert_held(&c->rx_lock);
	if (!ar->settings)
		return 0;
	ar->status = HTTPSYS_AUTH_NOT_AUTHENTICATED;
	ar->type = HTTPSYS_AUTH_TYPE_NONE;
	f = authorization_field(req, &count);
	if (!f) {
		if (cached_identity_covers(c, ar->settings)) {
			ar->status = HTTPSYS_AUTH_SUCCESS;
			ar->flags = HTTPSYS_AUTH_FLAG_CACHED_CRED;
			ar->type = c->auth.cached->type;
			ar->identity = identity_get(c->auth.cached);
		}
		return 0;
	}
	/* A client that signs in again starts from nothing. */
	conn_drop_cached(c);
	*detail = "Invalid Header";
	if (count > 1 ||
	    auth_credentials_parse(req->head + f->value_off, f->value_len, &cred))
		return 400;
	*detail = NULL;
	/* Schemes it does not handle reach the application untouched. */
	if (!(cred.scheme & ar->settings->info.schemes))
		return 0;
	job = auth_job_alloc(GFP_KERNEL);
	if (!job)
		return 503;
	/* A malformed header is the client's fault even with no helper. */
	status = job_fill(job, req, ar->settings, cred.scheme,
			  req->head + f->value_off + cred.params_off,
			  cred.params_len);
	/* No helper, or this client has its share of sign-ins out: 503. */
	if (!status && (!auth_helper_present() ||
			!source_auth_take(&c->remote))) {
		job_buffer_free(job);
		status = 503;
	}
	if (status) {
		auth_job_put(job);
		return status;
	}
	job->op = HTTPSYS_AUTH_OP_AUTHENTICATE;
	job->conn_id = c->id;
	job->scheme = cred.scheme;
	if (ar->settings->info.receive_context_handle)
		job->flags |= HTTPSYS_AUTH_F_EXPORT_CONTEXT;
	job->done = conn_job_done;
	job->owner = c;
	conn_get(c);	/* the job's, given back by @done */
	c->auth.job = job;
	c->auth.req = req;
	c->auth.scheme = cred.scheme;
	c->auth.had_job = true;
	c->state = CONN_AUTH;
	if (auth_upcall_submit(job)) {
		job_buffer_free(job);
		source_auth_return(&c->remote);
		c->auth.job = NULL;
		c->auth.req = NULL;
		c->state = CONN_READ_HEAD;
		auth_job_put(job);
		conn_put(c);
		return 503;
	}
	return AUTH_WAIT;
}

/*
 * The interim 401 carrying the next leg's token.  It never waits: a
 * client that does not read what the kernel sends loses its connection.
 */
static bool send_continue(struct httpsys_conn *c, const struct httpsys_request *req,
			  const struct auth_result *r, bool keep_alive)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	const char *name = auth_scheme_name(c->auth.scheme);
	size_t size = base64_encoded_len(r->out_token_len) + 256;
	char date[64], *buf;
	struct kvec vec;
	int n, sent = -ECONNRESET;

	buf = kvmalloc(size, GFP_KERNEL);
	if (!buf)
		return false;
	n = scnprintf(buf, size, "HTTP/1.1 401 Unauthorized\r\n"
		      WWW_AUTHENTICATE ": %s", name);
	if (r->out_token_len) {
		buf[n++] = ' ';
		n += base64_encode(r->out_token, r->out_token_len, buf + n);
	}
	format_http_date(date, sizeof(date));
	n += scnprintf(buf + n, size - n, "\r\nContent-Length: 0\r\n%s"
		       HTTPSYS_SERVER_LINE "%s\r\n", date,
		       !keep_alive ? "Connection: close\r\n" :
		       req->parsed.version_minor == 0 ?
		       "Connection: keep-alive\r\n" : "");
	vec.iov_base = buf;
	vec.iov_len = n;
	mutex_lock(&c->tx_lock);
	if (!conn_dead(c))
		sent = kernel_sendmsg(c->sock, &msg, &vec, 1, n);
	mutex_unlock(&c->tx_lock);
	kvfree(buf);
	return sent == n;
}

/* Another leg: answer 401, forget the request, drain its body. */
static bool act_continue(struct httpsys_conn *c, struct httpsys_request *req,
			 const struct auth_result *r)
{
	bool keep_alive = req->parsed.keep_alive && !body_prevents_reuse(c);
	bool sent = send_continue(c, req, r, keep_alive);

	request_put(req);
	if (!sent || !keep_alive) {
		conn_close(c);
		return false;
	}
	if (body_finished(c)) {
		c->state = CONN_READ_HEAD;
	} else {
		c->body_read = 0;	/* now counts the bytes drained */
		c->state = CONN_DRAIN;
	}
	return true;
}

/* helperd said OK: the request goes on with who the client is. */
static int take_identity(struct httpsys_conn *c, struct httpsys_request *req,
			 struct auth_job *job)
{
	struct auth_request *ar = &req->auth;
	struct auth_result *r = &job->result;
	struct auth_identity *id;

	if (!r->user)
		return -EPROTO;
	id = kzalloc(sizeof(*id), GFP_KERNEL);
	if (!id)
		return -ENOMEM;
	if (c->auth.scheme == HTTPSYS_AUTH_SCHEME_NEGOTIATE && r->out_token_len) {
		size_t len = 10 + base64_encoded_len(r->out_token_len);

		ar->mutual = kmalloc(len, GFP_KERNEL);
		if (!ar->mutual) {
			kfree(id);
			return -ENOMEM;
		}
		memcpy(ar->mutual, "Negotiate ", 10);
		base64_encode(r->out_token, r->out_token_len, ar->mutual + 10);
		ar->mutual_len = len;
	}
	kref_init(&id->ref);
	id->type = ar->type;
	id->scheme = c->auth.scheme;
	auth_job_get(job);
	id->job = job;
	ar->status = HTTPSYS_AUTH_SUCCESS;
	ar->identity = id;
	if (identity_cacheable(ar->settings, c->auth.scheme, r))
		c->auth.cached = identity_get(id);
	return 0;
}

bool auth_conn_resume(struct httpsys_conn *c)
{
	struct auth_job *job = c->auth.job;
	struct httpsys_request *req = c->auth.req;
	const char *detail = NULL;
	int status = 503;

	lockdep_assert_held(&c->rx_lock);
	/* Pairs with conn_job_done(): the seq, then the result it wrote. */
	if (smp_load_acquire(&c->auth.done_seq) != job->seq)
		return false;
	c->auth.job = NULL;
	c->auth.req = NULL;
	req->auth.type = auth_scheme_type(c->auth.scheme);
	switch (job->result.status) {
	case HTTPSYS_AUTH_STATUS_CONTINUE: {
		bool open = act_continue(c, req, &job->result);

		auth_job_put(job);
		return open;
	}
	case HTTPSYS_AUTH_STATUS_OK:
		if (take_identity(c, req, job))
			goto fail;
		break;
	case HTTPSYS_AUTH_STATUS_FAILED:
		req->auth.status = HTTPSYS_AUTH_FAILURE;
		req->auth.sec_status = job->result.sec_status;
		break;
	case HTTPSYS_AUTH_STATUS_MALFORMED:
		status = 400;
		detail = "Invalid Header";
		goto fail;
	default:
		goto fail;
	}
	auth_job_put(job);
	return conn_deliver(c, req);
fail:
	auth_job_put(job);
	request_put(req);
	error_respond(c, status, detail);
	conn_close(c);
	return false;
}

void auth_conn_retire(struct httpsys_conn *c)
{
	lockdep_assert_held(&c->rx_lock);
	if (c->auth.job) {
		/* Runs @done now, or the delivery under way does. */
		auth_upcall_cancel(c->auth.job);
		auth_job_put(c->auth.job);
		c->auth.job = NULL;
		request_put(c->auth.req);
		c->auth.req = NULL;
	}
	conn_drop_cached(c);
	if (c->auth.had_job) {
		auth_upcall_drop(c->id);
		c->auth.had_job = false;
	}
}

/*
 * helperd's ids are the initial user namespace's.  A receiver in another
 * namespace gets them in its own: an id it has no mapping for makes the
 * identity unmapped (the overflow ids, nothing to impersonate), and such
 * groups are left out.
 */
static int identity_ids_for_receiver(const struct auth_result *r,
				     struct marshal_auth *m, u32 **scratch)
{
	struct user_namespace *ns = current_user_ns();
	kuid_t uid = make_kuid(&init_user_ns, r->uid);
	kgid_t gid = make_kgid(&init_user_ns, r->gid);
	u32 i, n = 0;

	m->mapped = r->mapped;
	m->uid = r->uid;
	m->gid = r->gid;
	m->groups = r->groups;
	m->group_count = r->group_count;
	if (ns == &init_user_ns || !r->mapped)
		return 0;
	m->mapped = kuid_has_mapping(ns, uid) && kgid_has_mapping(ns, gid);
	m->uid = from_kuid_munged(ns, uid);
	m->gid = from_kgid_munged(ns, gid);
	m->group_count = 0;
	if (!r->group_count)
		return 0;
	*scratch = kmalloc_array(r->group_count, sizeof(u32), GFP_KERNEL);
	if (!*scratch)
		return -ENOMEM;
	for (i = 0; i < r->group_count; i++) {
		kgid_t g = make_kgid(&init_user_ns, r->groups[i]);

		if (kgid_has_mapping(ns, g))
			(*scratch)[n++] = from_kgid(ns, g);
	}
	m->groups = *scratch;
	m->group_count = n;
	return 0;
}

int auth_request_describe(const struct httpsys_request *req,
			  struct marshal_auth *m, u32 **scratch)
{
	const struct auth_request *ar = &req->auth;
	const struct auth_result *r;
	const struct httpsys_auth_info *i;

	if (!ar->settings)
		return 0;
	i = &ar->settings->info;
	memset(m, 0, sizeof(*m));
	m->status = ar->status;
	m->sec_status = ar->sec_status;
	m->flags = ar->flags;
	m->type = ar->type;
	if (ar->mutual && i->receive_mutual_auth) {
		m->mutual = ar->mutual;
		m->mutual_len = ar->mutual_len;
	}
	if (!ar->identity)
		return 1;
	r = &ar->identity->job->result;
	m->context_attributes = r->context_attrs;
	if (r->package) {
		m->package = r->package;
		m->package_len = strlen(r->package);
	}
	/* Only to the request that made it, as http.sys does: not from the
	 * cache, which another URL's application may be reading.
	 */
	if (i->receive_context_handle && r->packed_context &&
	    !(ar->flags & HTTPSYS_AUTH_FLAG_CACHED_CRED)) {
		m->packed_context = r->packed_context;
		m->packed_context_len = r->packed_context_len;
	}
	m->user = r->user;
	m->user_len = strlen(r->user);
	m->expiry = r->expiry;
	return identity_ids_for_receiver(r, m, scratch) ?: 1;
}
