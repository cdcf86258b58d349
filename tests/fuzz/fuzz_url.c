// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: URL prefix parsing, and matching the parsed prefix
 * against a request host and path taken from the rest of the input.
 * Input: prefix, a NUL byte, then host, a NUL byte, then path.
 */
#include <string.h>

#include "url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *host = "", *path = "/";
	size_t prefix_len = size, host_len = 0, path_len = 1;
	const char *nul = memchr(s, '\0', size);
	struct url_prefix p, q;
	u16 port;

	if (nul) {
		const char *nul2;

		prefix_len = nul - s;
		host = nul + 1;
		host_len = size - prefix_len - 1;
		nul2 = memchr(host, '\0', host_len);
		if (nul2) {
			path = nul2 + 1;
			path_len = host_len - (nul2 - host) - 1;
			host_len = nul2 - host;
		}
	}
	if (url_prefix_parse(s, prefix_len, &p))
		return 0;
	url_prefix_same(s, &p, s, &p);
	if (!url_prefix_parse(host, host_len, &q)) {
		url_prefix_same(s, &p, host, &q);
		url_prefix_same_site(s, &p, host, &q);
		url_prefix_match_path(s, &p, host + q.path_off, q.path_len);
		url_prefix_match_path(host, &q, s + p.path_off, p.path_len);
	}
	url_split_host(host, host_len, &port);
	url_prefix_match_host(s, &p, host, host_len);
	url_prefix_match_path(s, &p, path, path_len);
	return 0;
}
