// SPDX-License-Identifier: GPL-2.0
/* Today's request parser against the frozen one: see parser_compare.h. */
#include <stdio.h>

#include "known_headers.h"
#include "parser_compare.h"
#include "parser_v1.h"

/* The module's default max_header_count, and a small one to reach the cap. */
static const u16 field_caps[] = { 128, 3 };
#define MAX_FIELDS 128

#define DIFFER(...) (snprintf(why, why_size, __VA_ARGS__), false)

static bool same_field(const struct http_field *a, const struct http_field *b)
{
	return a->name_off == b->name_off && a->value_off == b->value_off &&
	       a->name_len == b->name_len && a->value_len == b->value_len &&
	       a->id == b->id;
}

static bool same_head(const struct http_request_head *a,
		      const struct http_request_head *b)
{
	return a->head_len == b->head_len && a->method_len == b->method_len &&
	       a->target_len == b->target_len && a->target_off == b->target_off &&
	       a->verb == b->verb && a->version_major == b->version_major &&
	       a->version_minor == b->version_minor &&
	       a->keep_alive == b->keep_alive && a->has_body == b->has_body &&
	       a->chunked == b->chunked &&
	       a->expect_continue == b->expect_continue &&
	       a->field_count == b->field_count &&
	       a->host_field == b->host_field &&
	       a->content_length == b->content_length;
}

static bool compare_request(const char *buf, size_t len, u16 cap,
			    char *why, size_t why_size)
{
	static struct http_field now_fields[MAX_FIELDS], v1_fields[MAX_FIELDS];
	struct http_request_head now, v1;
	int now_ret, v1_ret;
	u16 i;

	now_ret = http_parse_request(buf, len, &now, now_fields, cap);
	v1_ret = v1_http_parse_request(buf, len, &v1, v1_fields, cap);
	if (now_ret != v1_ret)
		return DIFFER("request (cap %u): returned %d, v1 %d",
			      cap, now_ret, v1_ret);
	if (now_ret <= 0)
		return true;	/* callers read nothing else then */
	if (!same_head(&now, &v1))
		return DIFFER("request (cap %u): heads differ", cap);
	for (i = 0; i < now.field_count; i++) {
		if (!same_field(&now_fields[i], &v1_fields[i]))
			return DIFFER("request (cap %u): field %u differs", cap, i);
	}
	return true;
}

/* The entry points a field line reaches, on the bytes from @line on. */
static bool compare_line(const char *line, size_t len, char *why, size_t why_size)
{
	struct http_field now_f = { 0 }, v1_f = { 0 };
	int now_ret, v1_ret, now_id, v1_id;
	size_t i, n;

	now_ret = http_parse_field_line(line, len, &now_f);
	v1_ret = v1_http_parse_field_line(line, len, &v1_f);
	if (now_ret != v1_ret)
		return DIFFER("field line: returned %d, v1 %d", now_ret, v1_ret);
	if (now_ret > 0 && !same_field(&now_f, &v1_f))
		return DIFFER("field line: fields differ");
	/* The name up to the colon (or any byte), one byte shorter and longer. */
	for (n = 0; n < len && line[n] != ':'; n++)
		;
	for (i = n ? n - 1 : 0; i <= n + 1 && i <= len; i++) {
		now_id = httpsys_request_header_id(line, i);
		v1_id = v1_httpsys_request_header_id(line, i);
		if (now_id != v1_id)
			return DIFFER("header id of %zu bytes: %d, v1 %d",
				      i, now_id, v1_id);
	}
	return true;
}

bool parser_compare(const char *buf, size_t len, char *why, size_t why_size)
{
	size_t i;

	for (i = 0; i < sizeof(field_caps) / sizeof(field_caps[0]); i++) {
		if (!compare_request(buf, len, field_caps[i], why, why_size))
			return false;
	}
	if (http_is_token(buf, len) != v1_http_is_token(buf, len))
		return DIFFER("token: differs");
	/* Every line start: after the first line, these are field lines. */
	for (i = 0; i < len; i++) {
		if ((i == 0 || buf[i - 1] == '\n') &&
		    !compare_line(buf + i, len - i, why, why_size))
			return false;
	}
	return true;
}

bool parser_compare_classes(char *why, size_t why_size)
{
	int c;

	for (c = 0; c < 256; c++) {
		if (http_is_tchar(c) != v1_http_is_tchar(c) ||
		    http_is_value_char(c) != v1_http_is_value_char(c))
			return DIFFER("byte 0x%02x: classes differ", c);
	}
	return true;
}
