// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sspi.h over GSS-API: a PackedContext is what helperd's
 * gss_export_sec_context wrote, so importing it is gss_import_sec_context
 * and its attributes come from gss_inquire_context.  Contexts sit behind
 * a handle table, so a stale or made-up CtxtHandle is
 * SEC_E_INVALID_HANDLE, not a crash.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <gssapi/gssapi.h>

#include "sspi.h"
#include "internal.h"

/* "cx": a context handle's tag. */
#define CONTEXT_TAG		0x6378
/* Seconds from 1601-01-01 (Windows' epoch) to 1970-01-01. */
#define EPOCH_DIFFERENCE	11644473600LL
#define NEVER			0x7fffffffffffffffLL

struct context {
	gss_ctx_id_t gss;
	time_t imported;
};

static struct lib_htable contexts = LIB_HTABLE_INIT(CONTEXT_TAG);

/* Buffers handed out for FreeContextBuffer, so it frees only those. */
struct buffer {
	struct buffer *next;
	void *data;
};

static pthread_mutex_t buffers_lock = PTHREAD_MUTEX_INITIALIZER;
static struct buffer *buffers;

static void *buffer_alloc(size_t size)
{
	struct buffer *b = malloc(sizeof(*b));

	if (!b)
		return NULL;
	b->data = malloc(size);
	if (!b->data) {
		free(b);
		return NULL;
	}
	pthread_mutex_lock(&buffers_lock);
	b->next = buffers;
	buffers = b;
	pthread_mutex_unlock(&buffers_lock);
	return b->data;
}

SECURITY_STATUS SEC_ENTRY FreeContextBuffer(PVOID pvContextBuffer)
{
	struct buffer **p, *found = NULL;

	pthread_mutex_lock(&buffers_lock);
	for (p = &buffers; *p; p = &(*p)->next) {
		if ((*p)->data == pvContextBuffer) {
			found = *p;
			*p = found->next;
			break;
		}
	}
	pthread_mutex_unlock(&buffers_lock);
	if (found) {
		free(found->data);
		free(found);
	}
	return SEC_E_OK;
}

static int package_known(const char *name)
{
	return !name || !strcasecmp(name, "Negotiate") ||
	       !strcasecmp(name, "Kerberos") || !strcasecmp(name, "NTLM");
}

SECURITY_STATUS SEC_ENTRY ImportSecurityContextA(SEC_CHAR *pszPackage,
						 PSecBuffer pPackedContext,
						 VOID *Token,
						 PCtxtHandle phContext)
{
	gss_buffer_desc packed;
	OM_uint32 major, minor;
	struct context *c;
	uint64_t h;

	if (!package_known(pszPackage))
		return SEC_E_SECPKG_NOT_FOUND;
	if (Token || !phContext || !pPackedContext ||
	    !pPackedContext->cbBuffer || !pPackedContext->pvBuffer)
		return SEC_E_INVALID_TOKEN;
	c = calloc(1, sizeof(*c));
	if (!c)
		return SEC_E_INSUFFICIENT_MEMORY;
	packed.length = pPackedContext->cbBuffer;
	packed.value = pPackedContext->pvBuffer;
	major = gss_import_sec_context(&minor, &packed, &c->gss);
	if (GSS_ERROR(major)) {
		free(c);
		return GSS_ROUTINE_ERROR(major) == GSS_S_UNAVAILABLE ?
		       SEC_E_SECPKG_NOT_FOUND : SEC_E_INVALID_TOKEN;
	}
	c->imported = time(NULL);
	h = lib_htable_add(&contexts, c);
	if (!h) {
		gss_delete_sec_context(&minor, &c->gss, GSS_C_NO_BUFFER);
		free(c);
		return SEC_E_INSUFFICIENT_MEMORY;
	}
	phContext->dwLower = h;
	phContext->dwUpper = 0;
	return SEC_E_OK;
}

SECURITY_STATUS SEC_ENTRY ImportSecurityContextW(SEC_WCHAR *pszPackage,
						 PSecBuffer pPackedContext,
						 VOID *Token,
						 PCtxtHandle phContext)
{
	char name[64];

	if (pszPackage && lib_wide_to_utf8(pszPackage, name, sizeof(name)) < 0)
		return SEC_E_SECPKG_NOT_FOUND;
	return ImportSecurityContextA(pszPackage ? name : NULL, pPackedContext,
				      Token, phContext);
}

SECURITY_STATUS SEC_ENTRY DeleteSecurityContext(PCtxtHandle phContext)
{
	struct context *c;
	OM_uint32 minor;

	if (!phContext)
		return SEC_E_INVALID_HANDLE;
	c = lib_htable_remove(&contexts, phContext->dwLower);
	if (!c)
		return SEC_E_INVALID_HANDLE;
	gss_delete_sec_context(&minor, &c->gss, GSS_C_NO_BUFFER);
	free(c);
	return SEC_E_OK;
}

static TimeStamp filetime(long long unix_seconds)
{
	long long t = unix_seconds >= NEVER / 10000000 - EPOCH_DIFFERENCE ?
		      NEVER : (unix_seconds + EPOCH_DIFFERENCE) * 10000000LL;
	TimeStamp ts = { (ULONG)(t & 0xffffffff), (LONG)(t >> 32) };

	return ts;
}

/* One attribute query, run with the context table locked. */
struct query {
	ULONG attribute;
	int wide;
	void *out;
	SECURITY_STATUS status;
};

static SECURITY_STATUS query_names(struct context *c, struct query *q)
{
	gss_buffer_desc shown = GSS_C_EMPTY_BUFFER;
	gss_name_t client = GSS_C_NO_NAME;
	OM_uint32 major, minor;
	SECURITY_STATUS status = SEC_E_INSUFFICIENT_MEMORY;
	long n;
	void *name;

	major = gss_inquire_context(&minor, c->gss, &client, NULL, NULL, NULL,
				    NULL, NULL, NULL);
	if (!GSS_ERROR(major))
		major = gss_display_name(&minor, client, &shown, NULL);
	gss_release_name(&minor, &client);
	if (GSS_ERROR(major))
		return SEC_E_INTERNAL_ERROR;
	/* gss-ntlmssp counts the NUL in the name's length. */
	if (shown.length && !((char *)shown.value)[shown.length - 1])
		shown.length--;
	n = q->wide ? lib_utf8_to_wide(shown.value, shown.length, NULL, 0) :
	    (long)shown.length;
	if (n < 0) {
		status = SEC_E_INTERNAL_ERROR;
	} else {
		name = buffer_alloc((n + 1) * (q->wide ? sizeof(WCHAR) : 1));
		if (name && q->wide) {
			lib_utf8_to_wide(shown.value, shown.length, name, n + 1);
			((SecPkgContext_NamesW *)q->out)->sUserName = name;
			status = SEC_E_OK;
		} else if (name) {
			memcpy(name, shown.value, n);
			((char *)name)[n] = '\0';
			((SecPkgContext_NamesA *)q->out)->sUserName = name;
			status = SEC_E_OK;
		}
	}
	gss_release_buffer(&minor, &shown);
	return status;
}

static int is_ntlmssp(gss_const_OID mech)
{
	static const char ntlmssp[] = "\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a";

	return mech && mech->length == sizeof(ntlmssp) - 1 &&
	       !memcmp(mech->elements, ntlmssp, mech->length);
}

static SECURITY_STATUS query_lifespan(struct context *c, struct query *q)
{
	SecPkgContext_Lifespan *l = q->out;
	OM_uint32 major, minor, left = 0;
	gss_OID mech = GSS_C_NO_OID;

	major = gss_inquire_context(&minor, c->gss, NULL, NULL, &left, &mech,
				    NULL, NULL, NULL);
	if (GSS_ERROR(major))
		return SEC_E_INTERNAL_ERROR;
	l->tsStart = filetime(c->imported);
	/* gss-ntlmssp keeps no end for a context and always says 0 left. */
	if (left == GSS_C_INDEFINITE || (!left && is_ntlmssp(mech)))
		l->tsExpiry = filetime(NEVER);
	else
		l->tsExpiry = filetime((long long)time(NULL) + left);
	return SEC_E_OK;
}

static int query_run(void *item, void *arg)
{
	struct query *q = arg;

	q->status = q->attribute == SECPKG_ATTR_NAMES ?
		    query_names(item, q) : query_lifespan(item, q);
	return 0;
}

static SECURITY_STATUS query(PCtxtHandle h, ULONG attribute, void *out,
			     int wide)
{
	struct query q = { attribute, wide, out, SEC_E_OK };

	if (attribute != SECPKG_ATTR_NAMES && attribute != SECPKG_ATTR_LIFESPAN)
		return SEC_E_UNSUPPORTED_FUNCTION;
	if (!h || !out ||
	    lib_htable_with(&contexts, h->dwLower, query_run, &q))
		return SEC_E_INVALID_HANDLE;
	return q.status;
}

SECURITY_STATUS SEC_ENTRY QueryContextAttributesW(PCtxtHandle phContext,
						  ULONG ulAttribute,
						  void *pBuffer)
{
	return query(phContext, ulAttribute, pBuffer, 1);
}

SECURITY_STATUS SEC_ENTRY QueryContextAttributesA(PCtxtHandle phContext,
						  ULONG ulAttribute,
						  void *pBuffer)
{
	return query(phContext, ulAttribute, pBuffer, 0);
}
