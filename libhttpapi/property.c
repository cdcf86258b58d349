// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * HttpSet/Query{ServerSession,UrlGroup,RequestQueue}Property.  Each
 * property's Windows struct is checked and translated to its uapi form
 * here, where pointers, lengths and wide strings can be seen; the kernel
 * validates the values and keeps them.  Sessions and groups are reached
 * through the control handle, a queue through its own fd.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "logging.h"

#define ON(object)	(1U << (object))
#define SESSION_GROUP	(ON(HTTPSYS_OBJECT_SESSION) | ON(HTTPSYS_OBJECT_GROUP))

struct prop {
	HTTP_SERVER_PROPERTY property;
	unsigned int objects;	/* ON() each object Windows takes it on */
	__u32 id;		/* HTTPSYS_PROP_* */
	ULONG size;		/* the Windows struct's */
	__u32 ksize;		/* the uapi value's; 0: kept out of the kernel */
	/* Set: check and translate.  NULL: not implemented here. */
	ULONG (*in)(const void *info, struct lib_property *kp);
	/* Query: what the kernel must be told first (optional). */
	ULONG (*prepare)(const void *info, ULONG len, struct lib_property *kp,
			 ULONG *needed);
	/* Query: write the answer.  NULL: Windows cannot query it. */
	ULONG (*out)(const struct lib_property *kp, void *info, ULONG len,
		     ULONG *needed);
};

/* *@needed is @size; ERROR_MORE_DATA unless @len holds it. */
static ULONG fits(ULONG len, ULONG size, ULONG *needed)
{
	*needed = size;
	return len < size ? ERROR_MORE_DATA : NO_ERROR;
}

/* A queue's values are bare ULONGs and enums. */
static ULONG word_in(const void *info, struct lib_property *kp)
{
	memcpy(&kp->value.word, info, sizeof(kp->value.word));
	return NO_ERROR;
}

static ULONG word_out(const struct lib_property *kp, void *info, ULONG len,
		      ULONG *needed)
{
	ULONG result = fits(len, sizeof(kp->value.word), needed);

	if (!result)
		memcpy(info, &kp->value.word, sizeof(kp->value.word));
	return result;
}

static ULONG state_in(const void *info, struct lib_property *kp)
{
	const HTTP_STATE_INFO *w = info;

	/* The kernel keeps a bare state: there is no unset one to go back to. */
	if (!w->Flags.Present)
		return ERROR_INVALID_PARAMETER;
	kp->value.word = w->State;
	return NO_ERROR;
}

static ULONG state_out(const struct lib_property *kp, void *info, ULONG len,
		       ULONG *needed)
{
	HTTP_STATE_INFO *w = info;
	ULONG result = fits(len, sizeof(*w), needed);

	if (result)
		return result;
	memset(w, 0, sizeof(*w));
	w->Flags.Present = 1;
	w->State = kp->value.word;
	return NO_ERROR;
}

static ULONG timeouts_in(const void *info, struct lib_property *kp)
{
	const HTTP_TIMEOUT_LIMIT_INFO *w = info;
	struct httpsys_timeouts *k = &kp->value.timeouts;

	k->present = w->Flags.Present;
	k->entity_body = w->EntityBody;
	k->drain_entity_body = w->DrainEntityBody;
	k->request_queue = w->RequestQueue;
	k->idle_connection = w->IdleConnection;
	k->header_wait = w->HeaderWait;
	k->min_send_rate = w->MinSendRate;
	return NO_ERROR;
}

static ULONG timeouts_out(const struct lib_property *kp, void *info,
			  ULONG len, ULONG *needed)
{
	const struct httpsys_timeouts *k = &kp->value.timeouts;
	HTTP_TIMEOUT_LIMIT_INFO *w = info;
	ULONG result = fits(len, sizeof(*w), needed);

	if (result)
		return result;
	memset(w, 0, sizeof(*w));
	w->Flags.Present = !!k->present;
	w->EntityBody = k->entity_body;
	w->DrainEntityBody = k->drain_entity_body;
	w->RequestQueue = k->request_queue;
	w->IdleConnection = k->idle_connection;
	w->HeaderWait = k->header_wait;
	w->MinSendRate = k->min_send_rate;
	return NO_ERROR;
}

/*
 * Both QoS limits are { Flags, ULONG }.  A query's answer is the
 * HTTP_QOS_SETTING_INFO with the limit right after it, QosSetting
 * pointing there.
 */
static_assert(sizeof(HTTP_BANDWIDTH_LIMIT_INFO) ==
	      sizeof(HTTP_CONNECTION_LIMIT_INFO), "QoS limit layouts");
#define QOS_QUERY_SIZE \
	(sizeof(HTTP_QOS_SETTING_INFO) + sizeof(HTTP_BANDWIDTH_LIMIT_INFO))

static ULONG qos_type(HTTP_QOS_SETTING_TYPE type, __u32 *k)
{
	switch (type) {
	case HttpQosSettingTypeBandwidth:
		*k = HTTPSYS_QOS_BANDWIDTH;
		return NO_ERROR;
	case HttpQosSettingTypeConnectionLimit:
		*k = HTTPSYS_QOS_CONNECTIONS;
		return NO_ERROR;
	case HttpQosSettingTypeFlowRate:
		return ERROR_NOT_SUPPORTED;
	}
	return ERROR_INVALID_PARAMETER;
}

static ULONG qos_in(const void *info, struct lib_property *kp)
{
	const HTTP_QOS_SETTING_INFO *w = info;
	struct httpsys_qos *k = &kp->value.qos;
	ULONG result = qos_type(w->QosType, &k->type);

	if (result)
		return result;
	if (!w->QosSetting)
		return ERROR_INVALID_PARAMETER;
	if (k->type == HTTPSYS_QOS_BANDWIDTH) {
		const HTTP_BANDWIDTH_LIMIT_INFO *b = w->QosSetting;

		k->present = b->Flags.Present;
		k->limit = b->MaxBandwidth;
	} else {
		const HTTP_CONNECTION_LIMIT_INFO *c = w->QosSetting;

		k->present = c->Flags.Present;
		k->limit = c->MaxConnections;
	}
	return NO_ERROR;
}

/* A query names the limit it wants in QosType. */
static ULONG qos_prepare(const void *info, ULONG len, struct lib_property *kp,
			 ULONG *needed)
{
	const HTTP_QOS_SETTING_INFO *w = info;
	ULONG result = fits(len, QOS_QUERY_SIZE, needed);

	return result ? result : qos_type(w->QosType, &kp->value.qos.type);
}

static ULONG qos_out(const struct lib_property *kp, void *info, ULONG len,
		     ULONG *needed)
{
	const struct httpsys_qos *k = &kp->value.qos;
	HTTP_QOS_SETTING_INFO *w = info;
	ULONG result = fits(len, QOS_QUERY_SIZE, needed);

	if (result)
		return result;
	memset(w, 0, QOS_QUERY_SIZE);
	w->QosSetting = w + 1;
	if (k->type == HTTPSYS_QOS_BANDWIDTH) {
		HTTP_BANDWIDTH_LIMIT_INFO *b = w->QosSetting;

		w->QosType = HttpQosSettingTypeBandwidth;
		b->Flags.Present = !!k->present;
		b->MaxBandwidth = k->limit;
	} else {
		HTTP_CONNECTION_LIMIT_INFO *c = w->QosSetting;

		w->QosType = HttpQosSettingTypeConnectionLimit;
		c->Flags.Present = !!k->present;
		c->MaxConnections = k->limit;
	}
	return NO_ERROR;
}

static ULONG binding_in(const void *info, struct lib_property *kp)
{
	const HTTP_BINDING_INFO *w = info;

	kp->value.binding.present = w->Flags.Present;
	/* Unbinding names no queue. */
	kp->value.binding.queue_fd = w->Flags.Present ?
				     lib_handle_fd(w->RequestQueueHandle) : -1;
	return NO_ERROR;
}

/*
 * Windows' limits on these lengths (MAX_PATH for the software name, 424
 * for the directory) are bytes of UTF-16; a WCHAR is wider here, so allow
 * the same number of characters.
 */
static int log_name_ok(PCWSTR name, USHORT bytes, size_t utf16_limit)
{
	return (name || !bytes) && bytes % sizeof(WCHAR) == 0 &&
	       bytes <= utf16_limit / 2 * sizeof(WCHAR);
}

/* Logging's shape; logging.c does the rest, outside the property ioctl. */
static ULONG logging_in(const void *info, struct lib_property *kp)
{
	const ULONG one_kind = HTTP_LOGGING_FLAG_LOG_ERRORS_ONLY |
			       HTTP_LOGGING_FLAG_LOG_SUCCESS_ONLY;
	const ULONG flags = HTTP_LOGGING_FLAG_LOCAL_TIME_ROLLOVER |
			    HTTP_LOGGING_FLAG_USE_UTF8_CONVERSION | one_kind;
	const HTTP_LOGGING_INFO *w = info;

	(void)kp;
	if (!w->Flags.Present)
		return NO_ERROR;
	if ((w->LoggingFlags & ~flags) || (w->LoggingFlags & one_kind) == one_kind ||
	    (unsigned int)w->Format > HttpLoggingTypeRaw ||
	    (unsigned int)w->RolloverType > HttpLoggingRolloverHourly ||
	    (w->RolloverType == HttpLoggingRolloverSize &&
	     w->RolloverSize < HTTP_MIN_ALLOWED_LOG_FILE_ROLLOVER_SIZE) ||
	    !log_name_ok(w->SoftwareName, w->SoftwareNameLength, MAX_PATH) ||
	    !log_name_ok(w->DirectoryName, w->DirectoryNameLength, 424))
		return ERROR_INVALID_PARAMETER;
	return NO_ERROR;
}

/* A realm or domain, @bytes of wide characters, into a kernel field. */
static ULONG realm_in(PCWSTR s, USHORT bytes, char *out, __u16 *out_len)
{
	char utf8[HTTPSYS_MAX_REALM + 1];
	int n;

	if (bytes % sizeof(WCHAR) || (bytes && !s))
		return ERROR_INVALID_PARAMETER;
	n = lib_wide_to_utf8_n(s, bytes / sizeof(WCHAR), utf8, sizeof(utf8));
	if (n < 0)
		return ERROR_INVALID_PARAMETER;
	memcpy(out, utf8, n);
	*out_len = n;
	return NO_ERROR;
}

static ULONG auth_in(const void *info, struct lib_property *kp)
{
	const HTTP_SERVER_AUTHENTICATION_INFO *w = info;
	struct httpsys_auth_info *k = &kp->value.auth;
	ULONG result;

	k->present = w->Flags.Present;
	/* Not present, the rest is not looked at: it may be stale. */
	if (!k->present)
		return NO_ERROR;
	k->schemes = w->AuthSchemes;
	k->receive_mutual_auth = w->ReceiveMutualAuth;
	k->receive_context_handle = w->ReceiveContextHandle;
	k->disable_ntlm_credential_caching = w->DisableNTLMCredentialCaching;
	k->ex_flags = w->ExFlags;
	result = realm_in(w->DigestParams.DomainName,
			  w->DigestParams.DomainNameLength, k->digest_domain,
			  &k->digest_domain_len);
	if (!result)
		result = realm_in(w->DigestParams.Realm, w->DigestParams.RealmLength,
				  k->digest_realm, &k->digest_realm_len);
	if (!result)
		result = realm_in(w->BasicParams.Realm, w->BasicParams.RealmLength,
				  k->basic_realm, &k->basic_realm_len);
	return result;
}

/*
 * HttpServerExtendedAuthenticationProperty takes the same struct, for its
 * ExFlags: Kerberos credential caching needs Kerberos or Negotiate.
 */
static ULONG ext_auth_in(const void *info, struct lib_property *kp)
{
	const struct httpsys_auth_info *k = &kp->value.auth;
	ULONG result = auth_in(info, kp);

	if (!result && k->present &&
	    (k->ex_flags & HTTP_AUTH_EX_FLAG_ENABLE_KERBEROS_CREDENTIAL_CACHING) &&
	    !(k->schemes & (HTTP_AUTH_ENABLE_KERBEROS | HTTP_AUTH_ENABLE_NEGOTIATE)))
		return ERROR_INVALID_PARAMETER;
	return result;
}

/* The realms follow the struct as NUL-terminated wide strings. */
static ULONG auth_out(const struct lib_property *kp, void *info, ULONG len,
		      ULONG *needed)
{
	const struct httpsys_auth_info *k = &kp->value.auth;
	HTTP_SERVER_AUTHENTICATION_INFO *w = info;
	const char *src[3] = { k->digest_domain, k->digest_realm,
			       k->basic_realm };
	const __u16 src_len[3] = { k->digest_domain_len, k->digest_realm_len,
				   k->basic_realm_len };
	PWSTR *str[3] = { &w->DigestParams.DomainName, &w->DigestParams.Realm,
			  &w->BasicParams.Realm };
	USHORT *str_len[3] = { &w->DigestParams.DomainNameLength,
			       &w->DigestParams.RealmLength,
			       &w->BasicParams.RealmLength };
	long n[3];
	PWSTR pos;
	int i;

	*needed = sizeof(*w);
	for (i = 0; i < 3; i++) {
		n[i] = src_len[i] > HTTPSYS_MAX_REALM ? -1 :
		       lib_utf8_to_wide(src[i], src_len[i], NULL, 0);
		if (n[i] < 0)
			return ERROR_INVALID_DATA;
		if (n[i])
			*needed += (n[i] + 1) * sizeof(WCHAR);
	}
	if (len < *needed)
		return ERROR_MORE_DATA;
	memset(w, 0, sizeof(*w));
	w->Flags.Present = !!k->present;
	w->AuthSchemes = k->schemes;
	w->ReceiveMutualAuth = k->receive_mutual_auth;
	w->ReceiveContextHandle = k->receive_context_handle;
	w->DisableNTLMCredentialCaching = k->disable_ntlm_credential_caching;
	w->ExFlags = k->ex_flags;
	pos = (PWSTR)(w + 1);
	for (i = 0; i < 3; i++) {
		if (!n[i])
			continue;
		lib_utf8_to_wide(src[i], src_len[i], pos, n[i] + 1);
		*str[i] = pos;
		*str_len[i] = n[i] * sizeof(WCHAR);
		pos += n[i] + 1;
	}
	return NO_ERROR;
}

static const struct prop props[] = {
	{
		.property = HttpServerAuthenticationProperty,
		.objects = SESSION_GROUP,
		.id = HTTPSYS_PROP_AUTHENTICATION,
		.size = sizeof(HTTP_SERVER_AUTHENTICATION_INFO),
		.ksize = sizeof(struct httpsys_auth_info),
		.in = auth_in,
		.out = auth_out,
	}, {
		.property = HttpServerLoggingProperty,
		.objects = SESSION_GROUP,
		.size = sizeof(HTTP_LOGGING_INFO),
		.in = logging_in,
	}, {
		.property = HttpServerQosProperty,
		.objects = SESSION_GROUP,
		.id = HTTPSYS_PROP_QOS,
		.size = sizeof(HTTP_QOS_SETTING_INFO),
		.ksize = sizeof(struct httpsys_qos),
		.in = qos_in,
		.prepare = qos_prepare,
		.out = qos_out,
	}, {
		.property = HttpServerTimeoutsProperty,
		.objects = SESSION_GROUP,
		.id = HTTPSYS_PROP_TIMEOUTS,
		.size = sizeof(HTTP_TIMEOUT_LIMIT_INFO),
		.ksize = sizeof(struct httpsys_timeouts),
		.in = timeouts_in,
		.out = timeouts_out,
	}, {
		.property = HttpServerStateProperty,
		.objects = SESSION_GROUP,
		.id = HTTPSYS_PROP_STATE,
		.size = sizeof(HTTP_STATE_INFO),
		.ksize = sizeof(__u32),
		.in = state_in,
		.out = state_out,
	}, {
		/* A queue's state is a bare HTTP_ENABLED_STATE. */
		.property = HttpServerStateProperty,
		.objects = ON(HTTPSYS_OBJECT_QUEUE),
		.id = HTTPSYS_PROP_STATE,
		.size = sizeof(HTTP_ENABLED_STATE),
		.ksize = sizeof(__u32),
		.in = word_in,
		.out = word_out,
	}, {
		.property = HttpServerQueueLengthProperty,
		.objects = ON(HTTPSYS_OBJECT_QUEUE),
		.id = HTTPSYS_PROP_QUEUE_LENGTH,
		.size = sizeof(ULONG),
		.ksize = sizeof(__u32),
		.in = word_in,
		.out = word_out,
	}, {
		.property = HttpServer503VerbosityProperty,
		.objects = ON(HTTPSYS_OBJECT_QUEUE),
		.id = HTTPSYS_PROP_503_VERBOSITY,
		.size = sizeof(HTTP_503_RESPONSE_VERBOSITY),
		.ksize = sizeof(__u32),
		.in = word_in,
		.out = word_out,
	}, {
		.property = HttpServerBindingProperty,
		.objects = ON(HTTPSYS_OBJECT_GROUP),
		.id = HTTPSYS_PROP_BINDING,
		.size = sizeof(HTTP_BINDING_INFO),
		.ksize = sizeof(struct httpsys_binding),
		.in = binding_in,
	},
	{
		/* The Authentication property's value, ExFlags and all. */
		.property = HttpServerExtendedAuthenticationProperty,
		.objects = SESSION_GROUP,
		.id = HTTPSYS_PROP_AUTHENTICATION,
		.size = sizeof(HTTP_SERVER_AUTHENTICATION_INFO),
		.ksize = sizeof(struct httpsys_auth_info),
		.in = ext_auth_in,
		.out = auth_out,
	},
	/* Valid there on Windows, not implemented here: ERROR_NOT_SUPPORTED. */
	{ .property = HttpServerChannelBindProperty, .objects = SESSION_GROUP },
	{ .property = HttpServerDelegationProperty,
	  .objects = ON(HTTPSYS_OBJECT_QUEUE) },
};

static const struct prop *prop_find(__u32 object, HTTP_SERVER_PROPERTY property)
{
	size_t i;

	for (i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		if (props[i].property == property &&
		    (props[i].objects & ON(object)))
			return &props[i];
	}
	return NULL;
}

ULONG lib_property_in(__u32 object, HTTP_SERVER_PROPERTY property,
		      const void *info, ULONG len, struct lib_property *kp)
{
	const struct prop *p = prop_find(object, property);

	if (!p)
		return ERROR_INVALID_PARAMETER;
	if (!p->in)
		return ERROR_NOT_SUPPORTED;
	if (!info || len != p->size)
		return ERROR_INVALID_PARAMETER;
	memset(kp, 0, sizeof(*kp));
	kp->id = p->id;
	kp->len = p->ksize;
	return p->in(info, kp);
}

ULONG lib_property_out(__u32 object, HTTP_SERVER_PROPERTY property,
		       const struct lib_property *kp, void *info, ULONG len,
		       ULONG *needed)
{
	const struct prop *p = prop_find(object, property);

	*needed = 0;
	if (!p || !p->out || !info || !len)
		return ERROR_INVALID_PARAMETER;
	return p->out(kp, info, len, needed);
}

/* What a property call is on: a session or group by ID, or a queue's fd. */
struct target {
	__u32 object;
	__u64 id;
	int fd;
};

static ULONG prop_ioctl(const struct target *t, unsigned long cmd,
			struct lib_property *kp)
{
	struct httpsys_property arg = {
		.id = t->id,
		.object = t->object,
		.property = kp->id,
		.value = (uintptr_t)&kp->value,
		.value_len = kp->len,
	};

	if (t->object == HTTPSYS_OBJECT_QUEUE)
		return lib_errno_to_win32(lib_ioctl(t->fd, cmd, &arg),
					  LIB_CALL_CONFIG);
	return lib_control_call(cmd, &arg, LIB_CALL_CONFIG);
}

static ULONG prop_set(const struct target *t, HTTP_SERVER_PROPERTY property,
		      const void *info, ULONG len)
{
	struct lib_property kp;
	ULONG result = lib_property_in(t->object, property, info, len, &kp);

	if (!result && property == HttpServerLoggingProperty)
		return lib_logging_set(t->object, t->id, info);
	if (result || !kp.len)
		return result;
	return prop_ioctl(t, HTTPSYS_IOC_SET_PROPERTY, &kp);
}

static ULONG prop_query(const struct target *t, HTTP_SERVER_PROPERTY property,
			void *info, ULONG len, PULONG ret_len)
{
	const struct prop *p = prop_find(t->object, property);
	struct lib_property kp;
	ULONG needed = 0, result;

	if (p && !p->in)
		return ERROR_NOT_SUPPORTED;
	if (!p || !p->out || !info || !len)
		return ERROR_INVALID_PARAMETER;
	memset(&kp, 0, sizeof(kp));
	kp.id = p->id;
	kp.len = p->ksize;
	result = p->prepare ? p->prepare(info, len, &kp, &needed) : NO_ERROR;
	if (!result)
		result = prop_ioctl(t, HTTPSYS_IOC_QUERY_PROPERTY, &kp);
	if (!result)
		result = lib_property_out(t->object, property, &kp, info, len,
					  &needed);
	if (ret_len && needed && (!result || result == ERROR_MORE_DATA))
		*ret_len = needed;
	return result;
}

ULONG WINAPI HttpSetServerSessionProperty(HTTP_SERVER_SESSION_ID ServerSessionId,
					  HTTP_SERVER_PROPERTY Property,
					  PVOID pPropertyInformation,
					  ULONG PropertyInformationLength)
{
	const struct target t = { HTTPSYS_OBJECT_SESSION, ServerSessionId, -1 };
	ULONG result = lib_check_server_init();

	return result ? result : prop_set(&t, Property, pPropertyInformation,
					  PropertyInformationLength);
}

ULONG WINAPI HttpQueryServerSessionProperty(HTTP_SERVER_SESSION_ID ServerSessionId,
					    HTTP_SERVER_PROPERTY Property,
					    PVOID pPropertyInformation,
					    ULONG PropertyInformationLength,
					    PULONG pReturnLength)
{
	const struct target t = { HTTPSYS_OBJECT_SESSION, ServerSessionId, -1 };
	ULONG result = lib_check_server_init();

	return result ? result : prop_query(&t, Property, pPropertyInformation,
					    PropertyInformationLength,
					    pReturnLength);
}

ULONG WINAPI HttpSetUrlGroupProperty(HTTP_URL_GROUP_ID UrlGroupId,
				     HTTP_SERVER_PROPERTY Property,
				     PVOID pPropertyInformation,
				     ULONG PropertyInformationLength)
{
	const struct target t = { HTTPSYS_OBJECT_GROUP, UrlGroupId, -1 };
	ULONG result = lib_check_server_init();

	return result ? result : prop_set(&t, Property, pPropertyInformation,
					  PropertyInformationLength);
}

ULONG WINAPI HttpQueryUrlGroupProperty(HTTP_URL_GROUP_ID UrlGroupId,
				       HTTP_SERVER_PROPERTY Property,
				       PVOID pPropertyInformation,
				       ULONG PropertyInformationLength,
				       PULONG pReturnLength)
{
	const struct target t = { HTTPSYS_OBJECT_GROUP, UrlGroupId, -1 };
	ULONG result = lib_check_server_init();

	return result ? result : prop_query(&t, Property, pPropertyInformation,
					    PropertyInformationLength,
					    pReturnLength);
}

/* The checks of a call on a queue's properties; fills in @t. */
static ULONG queue_target(HANDLE h, ULONG reserved, PVOID preserved,
			  struct target *t)
{
	ULONG result = lib_queue_call(h, &t->fd);

	t->object = HTTPSYS_OBJECT_QUEUE;
	t->id = 0;
	if (!result && (reserved || preserved))
		result = ERROR_INVALID_PARAMETER;
	return result;
}

ULONG WINAPI HttpSetRequestQueueProperty(HANDLE Handle,
					 HTTP_SERVER_PROPERTY Property,
					 PVOID pPropertyInformation,
					 ULONG PropertyInformationLength,
					 ULONG Reserved, PVOID pReserved)
{
	struct target t;
	ULONG result = queue_target(Handle, Reserved, pReserved, &t);

	return result ? result : prop_set(&t, Property, pPropertyInformation,
					  PropertyInformationLength);
}

ULONG WINAPI HttpQueryRequestQueueProperty(HANDLE Handle,
					   HTTP_SERVER_PROPERTY Property,
					   PVOID pPropertyInformation,
					   ULONG PropertyInformationLength,
					   ULONG Reserved, PULONG pReturnLength,
					   PVOID pReserved)
{
	struct target t;
	ULONG result = queue_target(Handle, Reserved, pReserved, &t);

	return result ? result : prop_query(&t, Property, pPropertyInformation,
					    PropertyInformationLength,
					    pReturnLength);
}
