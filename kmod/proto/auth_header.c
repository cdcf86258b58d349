// SPDX-License-Identifier: GPL-2.0
#include "auth_header.h"
#include "http_parse.h"
#include "httpsys.h"
#include "httpsys_auth.h"

static const struct {
	u32 scheme;
	u32 type;
	const char *name;
} schemes[] = {
	{ HTTPSYS_AUTH_SCHEME_NEGOTIATE, HTTPSYS_AUTH_TYPE_NEGOTIATE, "Negotiate" },
	{ HTTPSYS_AUTH_SCHEME_NTLM, HTTPSYS_AUTH_TYPE_NTLM, "NTLM" },
	{ HTTPSYS_AUTH_SCHEME_DIGEST, HTTPSYS_AUTH_TYPE_DIGEST, "Digest" },
	{ HTTPSYS_AUTH_SCHEME_BASIC, HTTPSYS_AUTH_TYPE_BASIC, "Basic" },
	{ HTTPSYS_AUTH_SCHEME_KERBEROS, HTTPSYS_AUTH_TYPE_KERBEROS, "Kerberos" },
};

#define SCHEME_COUNT	(sizeof(schemes) / sizeof(schemes[0]))
#define RANK_OTHER	4

u32 auth_scheme_from_name(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < SCHEME_COUNT; i++) {
		if (strlen(schemes[i].name) == len &&
		    http_ascii_case_equal(name, schemes[i].name, len))
			return schemes[i].scheme;
	}
	return 0;
}

const char *auth_scheme_name(u32 scheme)
{
	size_t i;

	for (i = 0; i < SCHEME_COUNT; i++) {
		if (schemes[i].scheme == scheme)
			return schemes[i].name;
	}
	return NULL;
}

u32 auth_scheme_type(u32 scheme)
{
	size_t i;

	for (i = 0; i < SCHEME_COUNT; i++) {
		if (schemes[i].scheme == scheme)
			return schemes[i].type;
	}
	return HTTPSYS_AUTH_TYPE_NONE;
}

static size_t token_len(const char *v, size_t len)
{
	size_t i = 0;

	while (i < len && http_is_tchar(v[i]))
		i++;
	return i;
}

int auth_credentials_parse(const char *v, size_t len,
			   struct auth_credentials *out)
{
	size_t n = token_len(v, len), p;

	if (!n || (n < len && v[n] != ' '))
		return -1;
	p = n;
	while (p < len && v[p] == ' ')
		p++;
	out->scheme = auth_scheme_from_name(v, n);
	out->scheme_len = n;
	out->params_off = p;
	out->params_len = len - p;
	return 0;
}

u32 auth_challenge_scheme(const char *v, size_t len)
{
	size_t i = 0;

	while (i < len && (v[i] == ' ' || v[i] == '\t'))
		i++;
	return auth_scheme_from_name(v + i, token_len(v + i, len - i));
}

int auth_challenge_rank(const char *v, size_t len)
{
	/* Kerberos is not among http.sys's four: it goes with the others. */
	u32 scheme = auth_challenge_scheme(v, len);
	size_t i;

	for (i = 0; i < 4; i++) {
		if (schemes[i].scheme == scheme)
			return i;
	}
	return RANK_OTHER;
}
