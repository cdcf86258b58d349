// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Negotiate, Kerberos and NTLM: gss_accept_sec_context with SPNEGO, the
 * krb5 mechanism or gss-ntlmssp.  A handshake's context lives between its
 * legs in a table keyed by (connection, scheme), as NTLM is bound to its
 * connection; the dispatcher never runs two jobs of one connection at
 * once, so a job owns its entry while it runs.  An entry idle longer
 * than context_idle_timeout is dropped, as the kernel's DROP for its
 * connection may have been lost.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>

#include "gss_status.h"
#include "helperd.h"
#include "ntlm_version.h"
#include "secstatus.h"

/* SSPI's ASC_RET_* context attributes. */
#define ASC_RET_DELEGATE		0x00000001u
#define ASC_RET_MUTUAL_AUTH		0x00000002u
#define ASC_RET_REPLAY_DETECT		0x00000004u
#define ASC_RET_SEQUENCE_DETECT		0x00000008u
#define ASC_RET_CONFIDENTIALITY		0x00000010u
#define ASC_RET_CONNECTION		0x00000800u
#define ASC_RET_INTEGRITY		0x00020000u

#define GSS_TABLE_BUCKETS	1024
/* Pending handshakes; the kernel bounds connections, this bounds us. */
#define GSS_TABLE_MAX		65536
/* How often table_put looks for aged entries when the table has room. */
#define GSS_SWEEP_MS		1000

#define ANONYMOUS_NTLM_NAME	"NT AUTHORITY\\ANONYMOUS LOGON"

static gss_OID_desc spnego_oid = { 6, (void *)"\x2b\x06\x01\x05\x05\x02" };
static gss_OID_desc ntlmssp_oid = {
	10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a"
};

/*
 * In its bucket's chain (next, and pprev: the pointer to it), and in the
 * table's age list, oldest first: the order of table_put, which stamps
 * @stored_ms.
 */
struct gss_entry {
	struct gss_entry *next, **pprev;
	struct gss_entry *older, *newer;
	uint64_t stored_ms;
	uint64_t conn_id;
	uint32_t scheme;
	gss_ctx_id_t ctx;
	gss_cred_id_t cred;
};

static struct gss_entry *table[GSS_TABLE_BUCKETS];
static struct gss_entry *oldest, *newest;
static unsigned int table_count;
static uint64_t next_sweep_ms;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned int bucket_of(uint64_t conn_id)
{
	return (conn_id * 0x9E3779B97F4A7C15ull) >> 54;
}

static void entry_free(struct gss_entry *e)
{
	OM_uint32 minor;

	if (e->ctx != GSS_C_NO_CONTEXT)
		gss_delete_sec_context(&minor, &e->ctx, GSS_C_NO_BUFFER);
	if (e->cred != GSS_C_NO_CREDENTIAL)
		gss_release_cred(&minor, &e->cred);
	free(e);
}

/* Free a chain of entries linked by next: outside table_lock. */
static void chain_free(struct gss_entry *e)
{
	struct gss_entry *next;

	for (; e; e = next) {
		next = e->next;
		entry_free(e);
	}
}

/* Under table_lock: out of its bucket and the age list. */
static void table_unlink(struct gss_entry *e)
{
	*e->pprev = e->next;
	if (e->next)
		e->next->pprev = e->pprev;
	if (e->older)
		e->older->newer = e->newer;
	else
		oldest = e->newer;
	if (e->newer)
		e->newer->older = e->older;
	else
		newest = e->older;
	table_count--;
}

static bool aged(const struct gss_entry *e, uint64_t now,
		 const struct helperd_config *cfg)
{
	return now > e->stored_ms + cfg->context_idle_timeout * 1000ull;
}

/*
 * Under table_lock: unlink the aged entries, oldest first, so the work
 * is what is dropped.  They come back as a chain to free.
 */
static struct gss_entry *table_sweep(uint64_t now,
				     const struct helperd_config *cfg,
				     unsigned int *count)
{
	struct gss_entry *e, *chain = NULL;

	*count = 0;
	while (oldest && aged(oldest, now, cfg)) {
		e = oldest;
		table_unlink(e);
		e->next = chain;
		chain = e;
		(*count)++;
	}
	next_sweep_ms = now + GSS_SWEEP_MS;
	return chain;
}

/*
 * Unlink and return the pending entry of (@conn_id, @scheme), if any and
 * not aged: an aged one is freed, and the leg starts afresh.
 */
static struct gss_entry *table_take(uint64_t conn_id, uint32_t scheme,
				    const struct helperd_config *cfg)
{
	uint64_t now = clock_ms();
	struct gss_entry *e;

	pthread_mutex_lock(&table_lock);
	for (e = table[bucket_of(conn_id)]; e; e = e->next)
		if (e->conn_id == conn_id && e->scheme == scheme)
			break;
	if (e)
		table_unlink(e);
	pthread_mutex_unlock(&table_lock);
	if (e && aged(e, now, cfg)) {
		log_msg(LOG_DEBUG_LEVEL, "conn %llu: its pending handshake had aged out",
			(unsigned long long)conn_id);
		entry_free(e);
		e = NULL;
	}
	return e;
}

/*
 * Store @e until its next leg; false when the table is full.  Aged
 * entries are swept first when the table is full, and at most every
 * GSS_SWEEP_MS otherwise.
 */
static bool table_put(struct gss_entry *e, const struct helperd_config *cfg)
{
	struct gss_entry **head = &table[bucket_of(e->conn_id)];
	struct gss_entry *swept = NULL;
	unsigned int n_swept = 0, pending;
	uint64_t now;
	bool ok;

	pthread_mutex_lock(&table_lock);
	/* Read under the lock: the age list stays in time order. */
	now = clock_ms();
	if (table_count >= GSS_TABLE_MAX || now >= next_sweep_ms)
		swept = table_sweep(now, cfg, &n_swept);
	ok = table_count < GSS_TABLE_MAX;
	if (ok) {
		e->stored_ms = now;
		e->next = *head;
		if (*head)
			(*head)->pprev = &e->next;
		*head = e;
		e->pprev = head;
		e->older = newest;
		e->newer = NULL;
		if (newest)
			newest->newer = e;
		else
			oldest = e;
		newest = e;
		table_count++;
	}
	pending = table_count;
	pthread_mutex_unlock(&table_lock);
	if (n_swept)
		log_msg(LOG_INFO_LEVEL, "aged out %u handshakes idle over %u s (%u pending)",
			n_swept, cfg->context_idle_timeout, pending);
	chain_free(swept);
	return ok;
}

void gss_drop(uint64_t conn_id)
{
	struct gss_entry *e, *next, *dropped = NULL;

	pthread_mutex_lock(&table_lock);
	for (e = table[bucket_of(conn_id)]; e; e = next) {
		next = e->next;
		if (e->conn_id == conn_id) {
			table_unlink(e);
			e->next = dropped;
			dropped = e;
		}
	}
	pthread_mutex_unlock(&table_lock);
	chain_free(dropped);
}

unsigned int gss_pending(void)
{
	unsigned int n;

	pthread_mutex_lock(&table_lock);
	n = table_count;
	pthread_mutex_unlock(&table_lock);
	return n;
}

/*
 * Without an acceptor name gss-ntlmssp cannot take its user file from a
 * credential store (it then makes a client credential and refuses every
 * token), so the files go through the environment instead, set before
 * any thread starts.
 */
int gss_init(const struct helperd_config *cfg)
{
	if (cfg->acceptor_name)
		return 0;
	if (cfg->keytab && setenv("KRB5_KTNAME", cfg->keytab, 1))
		return -1;
	if (cfg->ntlm_user_file &&
	    setenv("NTLM_USER_FILE", cfg->ntlm_user_file, 1))
		return -1;
	return 0;
}

static OM_uint32 acquire_cred(const struct helperd_config *cfg,
			      uint32_t scheme, gss_cred_id_t *cred,
			      OM_uint32 *minor)
{
	gss_key_value_element_desc elements[2];
	gss_key_value_set_desc store = { 0, elements };
	gss_OID_desc neg_mechs_oids[2] = { *gss_mech_krb5, ntlmssp_oid };
	gss_OID_set_desc neg_mechs = { 2, neg_mechs_oids };
	gss_OID_set_desc mechs = { 1, NULL };
	gss_name_t name = GSS_C_NO_NAME;
	OM_uint32 major, tmp;

	switch (scheme) {
	case HTTPSYS_AUTH_SCHEME_NEGOTIATE:
		mechs.elements = &spnego_oid;
		break;
	case HTTPSYS_AUTH_SCHEME_KERBEROS:
		mechs.elements = (gss_OID)gss_mech_krb5;
		break;
	default:
		mechs.elements = &ntlmssp_oid;
		break;
	}
	if (cfg->acceptor_name) {
		gss_buffer_desc buf = {
			strlen(cfg->acceptor_name), cfg->acceptor_name
		};

		major = gss_import_name(minor, &buf,
					GSS_C_NT_HOSTBASED_SERVICE, &name);
		if (GSS_ERROR(major))
			return major;
		if (cfg->keytab && scheme != HTTPSYS_AUTH_SCHEME_NTLM)
			elements[store.count++] = (gss_key_value_element_desc){
				"keytab", cfg->keytab };
		if (cfg->ntlm_user_file &&
		    scheme != HTTPSYS_AUTH_SCHEME_KERBEROS)
			elements[store.count++] = (gss_key_value_element_desc){
				"ntlmssp_keyfile", cfg->ntlm_user_file };
	}
	major = gss_acquire_cred_from(minor, name, GSS_C_INDEFINITE, &mechs,
				      GSS_C_ACCEPT,
				      store.count ? &store : GSS_C_NO_CRED_STORE,
				      cred, NULL, NULL);
	gss_release_name(&tmp, &name);
	if (GSS_ERROR(major) || scheme != HTTPSYS_AUTH_SCHEME_NEGOTIATE)
		return major;
	major = gss_set_neg_mechs(minor, *cred, &neg_mechs);
	if (GSS_ERROR(major))
		gss_release_cred(&tmp, cred);
	return major;
}

static bool is_ntlm(const unsigned char *t, size_t len)
{
	return len >= 12 && !memcmp(t, "NTLMSSP", 8);
}

/* A token that opens a handshake: GSS's InitialContextToken or NTLM's
 * NEGOTIATE_MESSAGE.  It replaces whatever the connection had pending.
 */
static bool opens_handshake(const unsigned char *t, size_t len)
{
	if (len >= 1 && t[0] == 0x60)
		return true;
	return is_ntlm(t, len) && t[8] == 1 && !t[9] && !t[10] && !t[11];
}

static uint32_t context_attrs(OM_uint32 flags)
{
	static const struct { OM_uint32 gss; uint32_t asc; } map[] = {
		{ GSS_C_DELEG_FLAG, ASC_RET_DELEGATE },
		{ GSS_C_MUTUAL_FLAG, ASC_RET_MUTUAL_AUTH },
		{ GSS_C_REPLAY_FLAG, ASC_RET_REPLAY_DETECT },
		{ GSS_C_SEQUENCE_FLAG, ASC_RET_SEQUENCE_DETECT },
		{ GSS_C_CONF_FLAG, ASC_RET_CONFIDENTIALITY },
		{ GSS_C_INTEG_FLAG, ASC_RET_INTEGRITY },
	};
	uint32_t asc = ASC_RET_CONNECTION;
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (flags & map[i].gss)
			asc |= map[i].asc;
	return asc;
}

static bool copy_buffer(unsigned char **dst, size_t *len,
			const gss_buffer_desc *src)
{
	*dst = malloc(src->length ? src->length : 1);
	if (!*dst)
		return false;
	memcpy(*dst, src->value, src->length);
	*len = src->length;
	return true;
}

/* The local account: gss_localname, else the name less map_strip_realm. */
static char *local_name(const struct helperd_config *cfg, gss_name_t src,
			gss_OID mech, const char *user)
{
	gss_buffer_desc buf = GSS_C_EMPTY_BUFFER;
	OM_uint32 minor;
	const char *at;
	char *name = NULL;

	if (cfg->map_principal &&
	    !GSS_ERROR(gss_localname(&minor, src, mech, &buf))) {
		name = strndup(buf.value, buf.length);
		gss_release_buffer(&minor, &buf);
		return name;
	}
	at = strrchr(user, '@');
	if (cfg->map_strip_realm && at && !strcmp(at + 1, cfg->map_strip_realm))
		return strndup(user, at - user);
	return NULL;
}

/* The handshake completed: who, with what, and the final token. */
static void complete(const struct helperd_config *cfg,
		     const struct job_in *in, struct job_out *out,
		     struct gss_entry *e, gss_name_t src, gss_OID mech,
		     OM_uint32 flags, OM_uint32 time_rec,
		     const gss_buffer_desc *token)
{
	gss_buffer_desc name = GSS_C_EMPTY_BUFFER, packed = GSS_C_EMPTY_BUFFER;
	OM_uint32 major, minor;
	char *account;

	major = gss_display_name(&minor, src, &name, NULL);
	if (GSS_ERROR(major) || !name.length ||
	    name.length >= HTTPSYS_AUTH_MAX_NAME)
		goto error;
	out->user = strndup(name.value, name.length);
	gss_release_buffer(&minor, &name);
	if (!out->user)
		goto error;
	if ((flags & GSS_C_ANON_FLAG) || !strcmp(out->user, ANONYMOUS_NTLM_NAME)) {
		out->status = HTTPSYS_AUTH_STATUS_FAILED;
		out->sec_status = SEC_E_LOGON_DENIED;
		return;
	}
	if (gss_oid_equal(mech, gss_mech_krb5))
		out->package = strdup("Kerberos");
	else if (gss_oid_equal(mech, &ntlmssp_oid))
		out->package = strdup("NTLM");
	else
		out->package = strdup("Negotiate");
	if (!out->package)
		goto error;
	if (token->length && !copy_buffer(&out->out_token, &out->out_token_len,
					  token))
		goto error;
	out->context_attrs = context_attrs(flags);
	if (time_rec != GSS_C_INDEFINITE)
		out->expiry = (uint64_t)time(NULL) + time_rec;
	account = local_name(cfg, src, mech, out->user);
	if (account) {
		if (!account_fill(out, account))
			log_msg(LOG_DEBUG_LEVEL, "conn %llu: %s has no local account %s",
				(unsigned long long)in->conn_id, out->user,
				account);
		free(account);
	}
	if (in->flags & HTTPSYS_AUTH_F_EXPORT_CONTEXT) {
		major = gss_export_sec_context(&minor, &e->ctx, &packed);
		if (GSS_ERROR(major) || packed.length > HTTPSYS_AUTH_MAX_PACKED ||
		    !copy_buffer(&out->packed, &out->packed_len, &packed)) {
			gss_release_buffer(&minor, &packed);
			goto error;
		}
		gss_release_buffer(&minor, &packed);
	}
	out->status = HTTPSYS_AUTH_STATUS_OK;
	out->sec_status = SEC_E_OK;
	return;
error:
	gss_release_buffer(&minor, &name);
	job_out_free(out);
	out->status = HTTPSYS_AUTH_STATUS_ERROR;
	out->sec_status = SEC_E_INTERNAL_ERROR;
}

static void accept_leg(const struct helperd_config *cfg,
		       const struct job_in *in, struct job_out *out,
		       struct gss_entry *e, gss_buffer_desc *token)
{
	gss_buffer_desc reply = GSS_C_EMPTY_BUFFER;
	gss_name_t src = GSS_C_NO_NAME;
	OM_uint32 major, minor, flags = 0, time_rec = 0;
	gss_OID mech = GSS_C_NO_OID;

	major = gss_accept_sec_context(&minor, &e->ctx, e->cred, token,
				       GSS_C_NO_CHANNEL_BINDINGS, &src, &mech,
				       &reply, &flags, &time_rec, NULL);
	if (GSS_ERROR(major)) {
		gss_map_failure(major, minor, &out->status, &out->sec_status);
		log_msg(LOG_DEBUG_LEVEL, "conn %llu: accept: major 0x%x minor %d",
			(unsigned long long)in->conn_id, major, (int)minor);
	} else if (reply.length > HTTPSYS_AUTH_MAX_OUT_TOKEN) {
		out->status = HTTPSYS_AUTH_STATUS_ERROR;
		out->sec_status = SEC_E_INTERNAL_ERROR;
	} else if (major & GSS_S_CONTINUE_NEEDED) {
		if (copy_buffer(&out->out_token, &out->out_token_len, &reply)) {
			out->status = HTTPSYS_AUTH_STATUS_CONTINUE;
			out->sec_status = SEC_I_CONTINUE_NEEDED;
		} else {
			out->status = HTTPSYS_AUTH_STATUS_ERROR;
			out->sec_status = SEC_E_INSUFFICIENT_MEMORY;
		}
	} else {
		complete(cfg, in, out, e, src, mech, flags, time_rec, &reply);
	}
	gss_release_buffer(&minor, &reply);
	gss_release_name(&minor, &src);
}

void gss_job(const struct helperd_config *cfg, const struct job_in *in,
	     struct job_out *out)
{
	gss_buffer_desc token = { in->token_len, (void *)in->token };
	unsigned char *padded = NULL;
	struct gss_entry *e;
	OM_uint32 major, minor;
	uint32_t mech_scheme;
	size_t padded_len;

	memset(out, 0, sizeof(*out));
	out->status = HTTPSYS_AUTH_STATUS_ERROR;
	out->sec_status = SEC_E_INTERNAL_ERROR;
	e = table_take(in->conn_id, in->scheme, cfg);
	if (e && opens_handshake(in->token, in->token_len)) {
		entry_free(e);
		e = NULL;
	}
	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e)
			return;
		e->conn_id = in->conn_id;
		e->scheme = in->scheme;
		/*
		 * SSPI's Negotiate also takes bare NTLM tokens (clients
		 * without SPNEGO send them), which MIT's SPNEGO refuses.
		 */
		mech_scheme = in->scheme;
		if (mech_scheme == HTTPSYS_AUTH_SCHEME_NEGOTIATE &&
		    is_ntlm(in->token, in->token_len))
			mech_scheme = HTTPSYS_AUTH_SCHEME_NTLM;
		major = acquire_cred(cfg, mech_scheme, &e->cred, &minor);
		if (GSS_ERROR(major)) {
			log_msg(LOG_ERR_LEVEL, "no acceptor credentials for scheme 0x%x: major 0x%x minor %d",
				in->scheme, major, (int)minor);
			entry_free(e);
			return;
		}
	}
	switch (ntlm_add_version(in->token, in->token_len, &padded,
					 &padded_len)) {
	case 1:
		token.value = padded;
		token.length = padded_len;
		break;
	case -1:
		entry_free(e);
		return;
	}
	accept_leg(cfg, in, out, e, &token);
	free(padded);
	if (out->status == HTTPSYS_AUTH_STATUS_CONTINUE && table_put(e, cfg))
		return;
	if (out->status == HTTPSYS_AUTH_STATUS_CONTINUE) {
		job_out_free(out);
		out->status = HTTPSYS_AUTH_STATUS_ERROR;
		out->sec_status = SEC_E_INSUFFICIENT_MEMORY;
	}
	entry_free(e);
}
