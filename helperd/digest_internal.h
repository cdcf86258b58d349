/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Digest's parts, shared by digest.c, its helpers and their unit test:
 * nonces (digest_nonce.c), the parameter syntax (digest_params.c) and the
 * response (digest_response.c).
 */
#ifndef HELPERD_DIGEST_INTERNAL_H
#define HELPERD_DIGEST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "helperd.h"

#define DIGEST_NONCE_ID_LEN 16 /* time and random part */
#define DIGEST_NONCE_TEXT_LEN 64 /* Base64 of 48 bytes, no padding */
#define DIGEST_OPAQUE_TEXT_LEN 16
#define DIGEST_HEX_MAX (2 * EVP_MAX_MD_SIZE + 1)
#define DIGEST_MAX_PARAMS 32
/* The nonce-count table's bound: when full it forgets its oldest. */
#define DIGEST_NC_MAX_ENTRIES 65536

/* digest_nonce.c: nonces, the opaque value and the nonce counts. */
int digest_nonce_init(const struct helperd_config *cfg);
bool digest_nonce_make(const char *realm, int64_t issued,
		       char text[DIGEST_NONCE_TEXT_LEN + 1]);
bool digest_nonce_check(const char *text, const char *realm,
			unsigned char id[DIGEST_NONCE_ID_LEN], int64_t *issued);
bool digest_opaque_make(const char *realm,
			char text[DIGEST_OPAQUE_TEXT_LEN + 1]);

enum digest_nc_verdict {
	DIGEST_NC_OK,
	DIGEST_NC_REPLAY, /* not above a count already seen */
	DIGEST_NC_FORGOTTEN, /* its entry was dropped to bound the table */
	DIGEST_NC_NOMEM,
};
enum digest_nc_verdict
digest_nc_advance(const unsigned char id[DIGEST_NONCE_ID_LEN], int64_t issued,
		  uint32_t nc, int64_t now, unsigned int lifetime);

/* digest_params.c: the parameters of a Digest value, unescaped. */
struct digest_params {
	size_t count;
	const char *name[DIGEST_MAX_PARAMS];
	const char *value[DIGEST_MAX_PARAMS];
	char *storage;
};

bool digest_params_parse(const char *text, size_t len, struct digest_params *p);
const char *digest_param(const struct digest_params *p, const char *name);
void digest_params_free(struct digest_params *p);
bool digest_quote(char **pos, const char *s);
bool digest_ext_value(const char *v, char *out, size_t cap);

/* digest_response.c: the answer's fields and its expected response. */
struct digest_answer {
	const char *username, *realm, *nonce, *uri, *response;
	const char *algorithm, *cnonce, *opaque, *qop, *nc, *userhash;
};

int digest_response_init(void);
const EVP_MD *digest_md(const char *algorithm, bool *sess);
bool digest_response_hex(const EVP_MD *md, bool sess,
			 const struct digest_answer *a, const char *method,
			 const char *password, char hex[DIGEST_HEX_MAX]);

#endif /* HELPERD_DIGEST_INTERNAL_H */
