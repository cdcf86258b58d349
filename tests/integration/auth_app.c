// SPDX-License-Identifier: GPL-2.0
/*
 * The auth tests' server (tests/auth/): an HTTP Server API 2.0 program
 * that enables authentication as told, logs what each request's
 * HttpRequestInfoTypeAuth record says, and answers the way Microsoft's
 * authentication sample does.
 *
 *   auth_app --url URL --log FILE [--session SCHEMES] [--group SCHEMES]
 *            [--mutual] [--forward-mutual] [--context] [--no-ntlm-cache]
 *            [--kerberos-cache] [--basic-realm R] [--digest-realm R]
 *            [--digest-domain D] [--challenge VALUE]... [--preserve-order]
 *
 * SCHEMES: a comma list of negotiate, ntlm, kerberos, digest, basic; set
 * with HttpServerAuthenticationProperty on the server session or on the
 * URL group (a group without its own inherits the session's).  --mutual
 * sets ReceiveMutualAuth; --forward-mutual then sends the MutualAuthData
 * in the 200, as the documentation asks of such an application.
 *
 * A request authenticated (Success) gets 200 "hello <user>"; any other
 * gets 401 with each --challenge value as a WWW-Authenticate line, all in
 * one HTTP_MULTIPLE_KNOWN_HEADERS record.  Each request is one line of
 * the log, tab-separated key=value fields.  "listening" on stdout when
 * the URL is added.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <http.h>
#include "httpsys_auth.h"

#define MAX_CHALLENGES	8
#define FIRST_BUFFER	(128 * 1024)
#define MAX_USER	1024

struct options {
	const char *url, *log;
	ULONG session_schemes, group_schemes;
	BOOLEAN mutual, forward_mutual, context, no_ntlm_cache;
	UCHAR ex_flags;
	const char *basic_realm, *digest_realm, *digest_domain;
	const char *challenges[MAX_CHALLENGES];
	USHORT challenge_count;
	BOOLEAN preserve_order;
};

static ULONG parse_schemes(const char *list)
{
	static const struct {
		const char *name;
		ULONG bit;
	} names[] = {
		{ "negotiate", HTTP_AUTH_ENABLE_NEGOTIATE },
		{ "ntlm", HTTP_AUTH_ENABLE_NTLM },
		{ "kerberos", HTTP_AUTH_ENABLE_KERBEROS },
		{ "digest", HTTP_AUTH_ENABLE_DIGEST },
		{ "basic", HTTP_AUTH_ENABLE_BASIC },
	};
	char *copy = strdup(list), *save = NULL, *tok;
	ULONG schemes = 0;
	size_t i;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strcmp(tok, names[i].name))
				schemes |= names[i].bit;
	}
	free(copy);
	return schemes;
}

/* A realm as the structure wants it: wide, length in bytes, no NUL. */
static void set_wide(const char *s, PWSTR *out, USHORT *len)
{
	size_t n = strlen(s);

	*out = calloc(n + 1, sizeof(WCHAR));
	mbstowcs(*out, s, n + 1);
	*len = (USHORT)(wcslen(*out) * sizeof(WCHAR));
}

static void auth_property(const struct options *o, ULONG schemes,
			  HTTP_SERVER_AUTHENTICATION_INFO *info)
{
	ZeroMemory(info, sizeof(*info));
	info->Flags.Present = 1;
	info->AuthSchemes = schemes;
	info->ReceiveMutualAuth = o->mutual;
	info->ReceiveContextHandle = o->context;
	info->DisableNTLMCredentialCaching = o->no_ntlm_cache;
	info->ExFlags = o->ex_flags;
	if (o->basic_realm)
		set_wide(o->basic_realm, &info->BasicParams.Realm,
			 &info->BasicParams.RealmLength);
	if (o->digest_realm)
		set_wide(o->digest_realm, &info->DigestParams.Realm,
			 &info->DigestParams.RealmLength);
	if (o->digest_domain)
		set_wide(o->digest_domain, &info->DigestParams.DomainName,
			 &info->DigestParams.DomainNameLength);
}

static const char *status_name(HTTP_AUTH_STATUS s)
{
	switch (s) {
	case HttpAuthStatusSuccess: return "Success";
	case HttpAuthStatusNotAuthenticated: return "NotAuthenticated";
	case HttpAuthStatusFailure: return "Failure";
	}
	return "?";
}

static const char *type_name(HTTP_REQUEST_AUTH_TYPE t)
{
	static const char *const names[] = {
		"None", "Basic", "Digest", "NTLM", "Negotiate", "Kerberos"
	};

	return (unsigned int)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

static PHTTP_REQUEST_AUTH_INFO find_auth(PHTTP_REQUEST r)
{
	USHORT i;

	for (i = 0; i < r->RequestInfoCount; i++)
		if (r->pRequestInfo[i].InfoType == HttpRequestInfoTypeAuth)
			return r->pRequestInfo[i].pInfo;
	return NULL;
}

/* The token's principal and local account, as the log shows them. */
static void describe_token(HANDLE token, char *user, long *uid)
{
	DWORD size = MAX_USER;
	gid_t g, groups[HTTPSYS_AUTH_MAX_GROUPS];
	DWORD count = HTTPSYS_AUTH_MAX_GROUPS;
	uid_t u;

	if (!HttpsysTokenGetPrincipal(token, user, &size))
		snprintf(user, MAX_USER, "?error%lu", (unsigned long)GetLastError());
	*uid = -1;
	if (HttpsysTokenGetIdentity(token, &u, &g, groups, &count))
		*uid = (long)u;
}

/* Printable: the log is one line per request, fields split on tabs. */
static void put_field(FILE *f, const char *key, const char *s, size_t n)
{
	size_t i;

	fprintf(f, "\t%s=", key);
	for (i = 0; i < n && s[i]; i++)
		fputc(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i], f);
}

static void log_request(FILE *f, unsigned long n, PHTTP_REQUEST r,
			PHTTP_REQUEST_AUTH_INFO a, const char *user, long uid)
{
	PHTTP_KNOWN_HEADER authz = &r->Headers.KnownHeaders[HttpHeaderAuthorization];
	char package[128] = "";

	fprintf(f, "n=%lu", n);
	put_field(f, "path", r->pRawUrl, r->RawUrlLength);
	fprintf(f, "\tconn=%llx", (unsigned long long)r->ConnectionId);
	if (!a) {
		fprintf(f, "\tstatus=none");
	} else {
		if (a->pPackageName)
			wcstombs(package, a->pPackageName, sizeof(package) - 1);
		fprintf(f, "\tstatus=%s\tsec=0x%08x\ttype=%s\tflags=0x%lx",
			status_name(a->AuthStatus), (unsigned int)a->SecStatus,
			type_name(a->AuthType), (unsigned long)a->Flags);
		fprintf(f, "\tuser=%s\tuid=%ld\tpackage=%s", user, uid, package);
		put_field(f, "mutual", a->pMutualAuthData ? a->pMutualAuthData : "",
			  a->MutualAuthDataLength);
		fprintf(f, "\tpacked=%lu\tattrs=0x%lx\ttoken=%s",
			(unsigned long)a->PackedContextLength,
			(unsigned long)a->ContextAttributes,
			a->AccessToken ? "yes" : "no");
	}
	fprintf(f, "\tauthz_len=%u", authz->RawValueLength);
	/* The scheme and the start of the token are enough to tell them apart. */
	put_field(f, "authz", authz->pRawValue ? authz->pRawValue : "",
		  authz->RawValueLength < 80 ? authz->RawValueLength : 80);
	fputc('\n', f);
	fflush(f);
}

static ULONG answer(HANDLE q, PHTTP_REQUEST r, PHTTP_REQUEST_AUTH_INFO a,
		    const char *user, const struct options *o)
{
	HTTP_KNOWN_HEADER values[MAX_CHALLENGES];
	HTTP_MULTIPLE_KNOWN_HEADERS multiple;
	HTTP_RESPONSE_INFO info;
	HTTP_RESPONSE response;
	HTTP_DATA_CHUNK chunk;
	char body[MAX_USER + 16];
	ULONG sent;
	USHORT i;
	BOOLEAN ok = a && a->AuthStatus == HttpAuthStatusSuccess;

	ZeroMemory(&response, sizeof(response));
	if (ok) {
		response.StatusCode = 200;
		response.pReason = "OK";
		snprintf(body, sizeof(body), "hello %s\n", user);
		if (o->forward_mutual && a->pMutualAuthData) {
			PHTTP_KNOWN_HEADER h =
				&response.Headers.KnownHeaders[HttpHeaderWwwAuthenticate];

			h->pRawValue = a->pMutualAuthData;
			h->RawValueLength = (USHORT)a->MutualAuthDataLength;
		}
	} else {
		response.StatusCode = 401;
		response.pReason = "Unauthorized";
		snprintf(body, sizeof(body), "denied\n");
		for (i = 0; i < o->challenge_count; i++) {
			values[i].pRawValue = o->challenges[i];
			values[i].RawValueLength = (USHORT)strlen(o->challenges[i]);
		}
		multiple.HeaderId = HttpHeaderWwwAuthenticate;
		multiple.Flags = o->preserve_order ?
				 HTTP_RESPONSE_INFO_FLAGS_PRESERVE_ORDER : 0;
		multiple.KnownHeaderCount = o->challenge_count;
		multiple.KnownHeaders = values;
		info.Type = HttpResponseInfoTypeMultipleKnownHeaders;
		info.Length = sizeof(multiple);
		info.pInfo = &multiple;
		if (o->challenge_count) {
			response.ResponseInfoCount = 1;
			response.pResponseInfo = &info;
		}
	}
	response.ReasonLength = (USHORT)strlen(response.pReason);
	chunk.DataChunkType = HttpDataChunkFromMemory;
	chunk.FromMemory.pBuffer = body;
	chunk.FromMemory.BufferLength = (ULONG)strlen(body);
	response.EntityChunkCount = 1;
	response.pEntityChunks = &chunk;
	return HttpSendHttpResponse(q, r->RequestId, 0, &response, NULL, &sent,
				    NULL, 0, NULL, NULL);
}

static ULONG serve(HANDLE q, FILE *log, const struct options *o)
{
	ULONG len = FIRST_BUFFER, got, result;
	PHTTP_REQUEST r = malloc(len);
	HTTP_REQUEST_ID id = HTTP_NULL_ID;
	unsigned long n = 0;

	for (;;) {
		result = HttpReceiveHttpRequest(q, id, 0, r, len, &got, NULL);
		if (result == ERROR_MORE_DATA) {
			id = r->RequestId;
			len = got;
			free(r);
			r = malloc(len);
			continue;
		}
		id = HTTP_NULL_ID;
		if (result == ERROR_CONNECTION_INVALID)
			continue;
		if (result != NO_ERROR)
			break;

		PHTTP_REQUEST_AUTH_INFO a = find_auth(r);
		char user[MAX_USER] = "";
		long uid = -1;

		if (a && a->AuthStatus == HttpAuthStatusSuccess && a->AccessToken)
			describe_token(a->AccessToken, user, &uid);
		log_request(log, ++n, r, a, user, uid);
		result = answer(q, r, a, user, o);
		if (result != NO_ERROR)
			fprintf(stderr, "send: %lu\n", (unsigned long)result);
		/* Ours to close, as on Windows, once the response is sent. */
		if (a && a->AccessToken)
			CloseHandle(a->AccessToken);
	}
	free(r);
	return result;
}

static int parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "log", required_argument, NULL, 'l' },
		{ "session", required_argument, NULL, 's' },
		{ "group", required_argument, NULL, 'g' },
		{ "mutual", no_argument, NULL, 'm' },
		{ "forward-mutual", no_argument, NULL, 'f' },
		{ "context", no_argument, NULL, 'c' },
		{ "no-ntlm-cache", no_argument, NULL, 'n' },
		{ "kerberos-cache", no_argument, NULL, 'k' },
		{ "basic-realm", required_argument, NULL, 'B' },
		{ "digest-realm", required_argument, NULL, 'D' },
		{ "digest-domain", required_argument, NULL, 'd' },
		{ "challenge", required_argument, NULL, 'C' },
		{ "preserve-order", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	ZeroMemory(o, sizeof(*o));
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'u': o->url = optarg; break;
		case 'l': o->log = optarg; break;
		case 's': o->session_schemes = parse_schemes(optarg); break;
		case 'g': o->group_schemes = parse_schemes(optarg); break;
		case 'm': o->mutual = TRUE; break;
		case 'f': o->forward_mutual = TRUE; break;
		case 'c': o->context = TRUE; break;
		case 'n': o->no_ntlm_cache = TRUE; break;
		case 'k':
			o->ex_flags |= HTTP_AUTH_EX_FLAG_ENABLE_KERBEROS_CREDENTIAL_CACHING;
			break;
		case 'B': o->basic_realm = optarg; break;
		case 'D': o->digest_realm = optarg; break;
		case 'd': o->digest_domain = optarg; break;
		case 'C':
			if (o->challenge_count == MAX_CHALLENGES)
				return -1;
			o->challenges[o->challenge_count++] = optarg;
			break;
		case 'p': o->preserve_order = TRUE; break;
		default: return -1;
		}
	}
	return o->url && o->log ? 0 : -1;
}

int main(int argc, char **argv)
{
	HTTP_SERVER_SESSION_ID session = HTTP_NULL_ID;
	HTTP_URL_GROUP_ID group = HTTP_NULL_ID;
	HTTP_SERVER_AUTHENTICATION_INFO info;
	HTTP_BINDING_INFO binding;
	HANDLE q = NULL;
	struct options o;
	wchar_t url[512];
	FILE *log;
	ULONG r;

	if (parse(argc, argv, &o)) {
		fprintf(stderr, "usage: see the comment at the top of auth_app.c\n");
		return 2;
	}
	log = fopen(o.log, "a");
	if (!log) {
		perror(o.log);
		return 1;
	}
	r = HttpInitialize(HTTPAPI_VERSION_2, HTTP_INITIALIZE_SERVER, NULL);
	if (r == NO_ERROR)
		r = HttpCreateServerSession(HTTPAPI_VERSION_2, &session, 0);
	if (r == NO_ERROR && o.session_schemes) {
		auth_property(&o, o.session_schemes, &info);
		r = HttpSetServerSessionProperty(session, HttpServerAuthenticationProperty,
						 &info, sizeof(info));
	}
	if (r == NO_ERROR)
		r = HttpCreateUrlGroup(session, &group, 0);
	if (r == NO_ERROR && o.group_schemes) {
		auth_property(&o, o.group_schemes, &info);
		r = HttpSetUrlGroupProperty(group, HttpServerAuthenticationProperty,
					    &info, sizeof(info));
	}
	if (r == NO_ERROR)
		r = HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0, &q);
	if (r == NO_ERROR) {
		ZeroMemory(&binding, sizeof(binding));
		binding.Flags.Present = 1;
		binding.RequestQueueHandle = q;
		r = HttpSetUrlGroupProperty(group, HttpServerBindingProperty,
					    &binding, sizeof(binding));
	}
	if (r == NO_ERROR) {
		mbstowcs(url, o.url, 511);
		url[511] = L'\0';
		r = HttpAddUrlToUrlGroup(group, url, 1, 0);
	}
	if (r != NO_ERROR) {
		fprintf(stderr, "setup failed: %lu\n", (unsigned long)r);
		return 1;
	}
	printf("listening\n");
	fflush(stdout);
	r = serve(q, log, &o);
	fprintf(stderr, "receive: %lu\n", (unsigned long)r);
	return 1;
}
