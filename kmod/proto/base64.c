// SPDX-License-Identifier: GPL-2.0
#include "base64.h"

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t base64_encode(const u8 *in, size_t len, char *out)
{
	size_t i, o = 0;

	for (i = 0; i + 2 < len; i += 3) {
		u32 v = in[i] << 16 | in[i + 1] << 8 | in[i + 2];

		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = alphabet[(v >> 6) & 63];
		out[o++] = alphabet[v & 63];
	}
	if (i < len) {
		u32 v = in[i] << 16 | (i + 1 < len ? in[i + 1] << 8 : 0);

		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
		out[o++] = '=';
	}
	return o;
}

static int sextet(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

long base64_decode(const char *in, size_t len, u8 *out)
{
	size_t i, data = len, o = 0;
	u32 acc = 0;
	int bits = 0;

	/* At most two '=', and only where they complete a quantum. */
	while (data && in[data - 1] == '=' && len - data < 2)
		data--;
	if (data != len && len % 4)
		return -1;
	if (data % 4 == 1)
		return -1;
	for (i = 0; i < data; i++) {
		int v = sextet(in[i]);

		if (v < 0)
			return -1;
		acc = acc << 6 | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = acc >> bits;
			acc &= (1u << bits) - 1;
		}
	}
	/* The bits that do not make a byte must be zero (canonical form). */
	if (acc)
		return -1;
	return o;
}
