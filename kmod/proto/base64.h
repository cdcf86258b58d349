/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Base64 (RFC 4648, the standard alphabet) for HTTP authentication tokens:
 * Authorization values are decoded, WWW-Authenticate tokens encoded.
 */
#ifndef HTTPSYS_BASE64_H
#define HTTPSYS_BASE64_H

#include "proto_types.h"

/* Characters base64_encode() writes for @len bytes (no NUL). */
static inline size_t base64_encoded_len(size_t len)
{
	return (len + 2) / 3 * 4;
}

/* Bytes base64_decode() may write for @len characters, at most. */
static inline size_t base64_decoded_max(size_t len)
{
	return (len + 3) / 4 * 3;
}

/* Encode with padding; returns the characters written. */
size_t base64_encode(const u8 *in, size_t len, char *out);

/*
 * Decode @len characters into @out (base64_decoded_max(@len) bytes).
 * Padding may be left out, but what is there must be right; any other
 * character, whitespace included, or bits left over make it fail.
 * Returns the bytes written, or -1.
 */
long base64_decode(const char *in, size_t len, u8 *out);

#endif /* HTTPSYS_BASE64_H */
