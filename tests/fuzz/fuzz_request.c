// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the request parser, then everything the module does
 * with a parsed request (target split, path decoding, Host split, and
 * marshalling into a buffer of exactly the computed size), and a chunked
 * body decoded in two pieces split where the input says.
 */
#include <assert.h>
#include <stdlib.h>

#include "chunked.h"
#include "http_parse.h"
#include "marshal.h"
#include "url.h"

#define FIELDS 128

/* Decode @len body bytes in two calls, split at @cut; check the results. */
static void decode_chunked(const char *body, size_t len, size_t cut)
{
	struct chunked_decoder d;
	char *copy = malloc(len ? len : 1);
	size_t n;
	long used;

	memcpy(copy, body, len);
	chunked_init(&d);
	cut = len ? cut % (len + 1) : 0;
	used = chunked_decode(&d, copy, cut, &n);
	assert(used < 0 || ((size_t)used <= cut && n <= (size_t)used));
	if (used == (long)cut && !chunked_done(&d)) {
		used = chunked_decode(&d, copy + cut, len - cut, &n);
		assert(used < 0 || ((size_t)used <= len - cut && n <= (size_t)used));
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http_field fields[FIELDS];
	struct http_request_head req;
	struct marshal_request m = { 0 };
	size_t path_off, path_len, query_off;
	const char *buf = (const char *)data;
	const char *target;
	char *path;
	void *out;
	u16 port;
	int ret;

	ret = http_parse_request(buf, size, &req, fields, FIELDS);
	if (ret <= 0)
		return 0;
	if (req.chunked)
		decode_chunked(buf + req.head_len, size - req.head_len,
			       req.head_len < size ? (u8)buf[req.head_len] : 0);
	target = buf + req.target_off;
	if (url_target_split(target, req.target_len, &path_off, &path_len,
			     &query_off))
		return 0;
	path = malloc(path_len ? path_len : 1);
	ret = url_decode_path(target + path_off, path_len, path);
	if (ret >= 0) {
		m.head = buf;
		m.req = &req;
		m.fields = fields;
		m.port = 80;
		m.host = "h";
		m.host_len = 1;
		if (req.host_field >= 0) {
			const struct http_field *f = &fields[req.host_field];
			int n = url_split_host(buf + f->value_off, f->value_len, &port);

			if (n > 0) {
				m.host = buf + f->value_off;
				m.host_len = n;
			}
		}
		m.path = path;
		m.path_len = ret;
		if (query_off < req.target_len) {
			m.query = target + query_off;
			m.query_len = req.target_len - query_off;
		}
		m.body = buf + req.head_len;
		m.body_len = size - req.head_len;
		size = marshal_request_size(&m);
		/* Exactly the computed size: ASan catches any write past it. */
		out = malloc(size);
		marshal_request_write(&m, out, (u64)(uintptr_t)out);
		free(out);
	}
	free(path);
	return 0;
}
