// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Digest response (RFC 7616 3.4.1, qop=auth): KD(H(A1), nonce ":" nc
 * ":" cnonce ":" qop ":" H(A2)) in lower-case hex, with OpenSSL's MD5 or
 * SHA-256, and A1 hashed again with the nonces for the -sess algorithms.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "digest_internal.h"

static EVP_MD *md_md5, *md_sha256;

int digest_response_init(void)
{
	if (!md_md5)
		md_md5 = EVP_MD_fetch(NULL, "MD5", NULL);
	if (!md_sha256)
		md_sha256 = EVP_MD_fetch(NULL, "SHA2-256", NULL);
	if (!md_md5 || !md_sha256) {
		log_msg(LOG_ERR_LEVEL, "digest: OpenSSL lacks MD5 or SHA-256");
		return -1;
	}
	return 0;
}

/* Lower-case hex of @md over @n strings joined by ':'. */
static bool hash_hex(const EVP_MD *md, const char *const *parts, size_t n,
		     char hex[DIGEST_HEX_MAX])
{
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int hlen = 0, i;
	EVP_MD_CTX *ctx;
	bool ok;
	size_t k;

	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return false;
	ok = EVP_DigestInit_ex(ctx, md, NULL) == 1;
	for (k = 0; ok && k < n; k++) {
		if (k)
			ok = EVP_DigestUpdate(ctx, ":", 1) == 1;
		ok = ok &&
		     EVP_DigestUpdate(ctx, parts[k], strlen(parts[k])) == 1;
	}
	ok = ok && EVP_DigestFinal_ex(ctx, h, &hlen) == 1;
	EVP_MD_CTX_free(ctx);
	for (i = 0; ok && i < hlen; i++)
		sprintf(hex + 2 * i, "%02x", h[i]);
	explicit_bzero(h, sizeof(h));
	return ok;
}

/* The algorithm an answer names (MD5 when absent); NULL if unsupported. */
const EVP_MD *digest_md(const char *algorithm, bool *sess)
{
	static const struct {
		const char *name;
		bool sha256, sess;
	} algs[] = {
		{ "MD5", false, false },
		{ "MD5-sess", false, true },
		{ "SHA-256", true, false },
		{ "SHA-256-sess", true, true },
	};
	size_t k;

	if (!algorithm)
		algorithm = "MD5";
	for (k = 0; k < sizeof(algs) / sizeof(algs[0]); k++) {
		if (!strcasecmp(algorithm, algs[k].name)) {
			*sess = algs[k].sess;
			return algs[k].sha256 ? md_sha256 : md_md5;
		}
	}
	return NULL;
}

/* The response a client knowing @password sends for @a (qop=auth). */
bool digest_response_hex(const EVP_MD *md, bool sess,
			 const struct digest_answer *a, const char *method,
			 const char *password, char hex[DIGEST_HEX_MAX])
{
	char ha1[DIGEST_HEX_MAX], ha2[DIGEST_HEX_MAX];
	const char *a1[] = { a->username, a->realm, password };
	const char *a2[] = { method, a->uri };
	bool ok;

	ok = hash_hex(md, a1, 3, ha1);
	if (ok && sess) {
		const char *s[] = { ha1, a->nonce, a->cnonce };

		ok = hash_hex(md, s, 3, ha1);
	}
	ok = ok && hash_hex(md, a2, 2, ha2);
	if (ok) {
		const char *kd[] = { ha1,	a->nonce, a->nc,
				     a->cnonce, a->qop,	  ha2 };

		ok = hash_hex(md, kd, 6, hex);
	}
	explicit_bzero(ha1, sizeof(ha1));
	return ok;
}
