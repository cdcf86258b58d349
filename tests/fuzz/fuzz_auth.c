// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: an Authorization value split into scheme and
 * parameters, the parameters Base64-decoded and the result encoded back
 * (it must round-trip), and the value ranked as a WWW-Authenticate one.
 */
#include <stdlib.h>
#include <string.h>

#include "auth_header.h"
#include "base64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *v = (const char *)data;
	struct auth_credentials c;
	u8 *raw;
	char *again;
	long n;

	auth_challenge_rank(v, size);
	if (auth_credentials_parse(v, size, &c))
		return 0;
	if (c.params_off + c.params_len != size)
		abort();
	raw = malloc(base64_decoded_max(c.params_len) + 1);
	n = base64_decode(v + c.params_off, c.params_len, raw);
	if (n >= 0) {
		again = malloc(base64_encoded_len(n) + 1);
		/* Canonical input comes back the same, padding aside. */
		if (base64_encode(raw, n, again) < c.params_len ||
		    memcmp(again, v + c.params_off, c.params_len))
			abort();
		free(again);
	}
	free(raw);
	return 0;
}
