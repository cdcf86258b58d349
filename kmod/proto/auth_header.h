/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HTTP authentication header values (RFC 9110 section 11): the scheme of
 * an Authorization value and what follows it, and the scheme and sending
 * rank of a WWW-Authenticate value.
 */
#ifndef HTTPSYS_AUTH_HEADER_H
#define HTTPSYS_AUTH_HEADER_H

#include "proto_types.h"

/* What an Authorization value says; offsets into the value. */
struct auth_credentials {
	u32 scheme;		/* HTTPSYS_AUTH_SCHEME_*, 0 for another one */
	u32 scheme_len;
	u32 params_off;		/* token68 or auth-params, as sent */
	u32 params_len;
};

/*
 * Split an Authorization value (already trimmed by the parser).  Returns
 * 0, or -1 when it has no scheme: empty, or not starting with a token
 * followed by the end or a space.
 */
int auth_credentials_parse(const char *v, size_t len,
			   struct auth_credentials *out);

/* The HTTPSYS_AUTH_SCHEME_* bit named by @name (any case), else 0. */
u32 auth_scheme_from_name(const char *name, size_t len);

/* The canonical name of one HTTPSYS_AUTH_SCHEME_* bit, else NULL. */
const char *auth_scheme_name(u32 scheme);

/* The HTTPSYS_AUTH_TYPE_* of one HTTPSYS_AUTH_SCHEME_* bit. */
u32 auth_scheme_type(u32 scheme);

/*
 * A WWW-Authenticate value's scheme (its first token) and its place in
 * the order http.sys sends challenges in: Negotiate 0, NTLM 1, Digest 2,
 * Basic 3, any other 4.
 */
u32 auth_challenge_scheme(const char *v, size_t len);
int auth_challenge_rank(const char *v, size_t len);

#endif /* HTTPSYS_AUTH_HEADER_H */
