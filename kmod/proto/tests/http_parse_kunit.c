// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the request parser and the known-header table.  The
 * sources are included so that static helpers are tested too.
 */
#include <kunit/test.h>

#include "../known_headers.c"
#include "../http_parse.c"

#define MAX_TEST_FIELDS 16

struct parse_result {
	struct http_request_head req;
	struct http_field fields[MAX_TEST_FIELDS];
	int ret;
};

static int parse_into(struct parse_result *r, const char *s)
{
	r->ret = http_parse_request(s, strlen(s), &r->req, r->fields,
				    MAX_TEST_FIELDS);
	return r->ret;
}

/* Parse @len bytes of @s, which may hold NULs or lack a terminator. */
static int parse_len(const char *s, size_t len)
{
	static struct parse_result r;

	return http_parse_request(s, len, &r.req, r.fields, MAX_TEST_FIELDS);
}

static int parse(const char *s)
{
	return parse_len(s, strlen(s));
}

/* One case per malformed input, each naming the error it must give. */
#define REJECT(name, input, err)					\
static void name(struct kunit *test)					\
{									\
	KUNIT_EXPECT_EQ(test, parse(input), -(err));			\
}

/* One case per valid input: complete, head length returned. */
#define ACCEPT(name, input)						\
static void name(struct kunit *test)					\
{									\
	KUNIT_EXPECT_EQ(test, parse(input), (int)strlen(input));	\
}

/* Incomplete inputs: more bytes are needed, no error yet. */
#define INCOMPLETE(name, input)						\
static void name(struct kunit *test)					\
{									\
	KUNIT_EXPECT_EQ(test, parse(input), 0);				\
}

#define H "Host: a\r\n"

ACCEPT(accept_get, "GET / HTTP/1.1\r\n" H "\r\n")
ACCEPT(accept_http10_no_host, "GET / HTTP/1.0\r\n\r\n")
ACCEPT(accept_query, "GET /a?b=c&d HTTP/1.1\r\n" H "\r\n")
ACCEPT(accept_absolute_form, "GET http://a/x HTTP/1.1\r\n" H "\r\n")
ACCEPT(accept_absolute_https, "GET https://a/x HTTP/1.1\r\n" H "\r\n")
ACCEPT(accept_options_star, "OPTIONS * HTTP/1.1\r\n" H "\r\n")
ACCEPT(accept_unknown_method, "BREW /pot HTTP/1.1\r\n" H "\r\n")
ACCEPT(accept_post_length, "POST / HTTP/1.1\r\n" H "Content-Length: 5\r\n\r\n")
ACCEPT(accept_post_zero, "POST / HTTP/1.1\r\n" H "Content-Length: 0\r\n\r\n")
ACCEPT(accept_same_length_twice, "POST / HTTP/1.1\r\n" H
	"Content-Length: 5\r\nContent-Length: 5\r\n\r\n")
ACCEPT(accept_empty_value, "GET / HTTP/1.1\r\n" H "X-Empty:\r\n\r\n")
ACCEPT(accept_tab_in_value, "GET / HTTP/1.1\r\n" H "X: a\tb\r\n\r\n")
ACCEPT(accept_obs_text_value, "GET / HTTP/1.1\r\n" H "X: caf\xc3\xa9\r\n\r\n")
ACCEPT(accept_token_symbols, "GET / HTTP/1.1\r\n" H
	"!#$%&'*+-.^_`|~09azAZ: v\r\n\r\n")
ACCEPT(accept_minor_version_9, "GET / HTTP/1.9\r\n" H "\r\n")
ACCEPT(accept_put_length, "PUT /f HTTP/1.1\r\n" H "Content-Length: 1\r\n\r\n")
ACCEPT(accept_many_headers, "GET / HTTP/1.1\r\n" H "A: 1\r\nB: 2\r\nC: 3\r\n"
	"D: 4\r\nE: 5\r\nF: 6\r\n\r\n")
ACCEPT(accept_te_chunked, "POST / HTTP/1.1\r\n" H
	"Transfer-Encoding: chunked\r\n\r\n")
ACCEPT(accept_te_chunked_case, "POST / HTTP/1.1\r\n" H
	"Transfer-Encoding: ChUnKeD\r\n\r\n")
ACCEPT(accept_te_list_empties, "POST / HTTP/1.1\r\n" H
	"Transfer-Encoding: , chunked ,\r\n\r\n")
ACCEPT(accept_percent_target, "GET /%41%20 HTTP/1.1\r\n" H "\r\n")

REJECT(reject_bare_lf_request_line, "GET / HTTP/1.1\n" H "\r\n", HTTP_ERR_BAD_REQUEST)
REJECT(reject_bare_cr_request_line, "GET / HTTP/1.1\rX\r\n\r\n", HTTP_ERR_BAD_REQUEST)
REJECT(reject_bare_lf_header, "GET / HTTP/1.1\r\nHost: a\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_bare_cr_header, "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_bare_lf_end, "GET / HTTP/1.1\r\n" H "\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_space_before_colon, "GET / HTTP/1.1\r\nHost : a\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_tab_before_colon, "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_obs_fold_space, "GET / HTTP/1.1\r\n" H " more\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_obs_fold_tab, "GET / HTTP/1.1\r\n" H "\tmore\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_no_colon, "GET / HTTP/1.1\r\n" H "NoColon\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_empty_name, "GET / HTTP/1.1\r\n" H ": v\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_name_with_slash, "GET / HTTP/1.1\r\n" H "A/B: v\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_name_with_at, "GET / HTTP/1.1\r\n" H "A@B: v\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_ctl_in_value, "GET / HTTP/1.1\r\n" H "X: a\x01z\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_del_in_value, "GET / HTTP/1.1\r\n" H "X: a\x7fz\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_esc_in_value, "GET / HTTP/1.1\r\n" H "X: \x1b[0m\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_missing_host, "GET / HTTP/1.1\r\n\r\n", HTTP_ERR_NO_HOST)
REJECT(reject_two_hosts, "GET / HTTP/1.1\r\n" H "Host: b\r\n\r\n", HTTP_ERR_NO_HOST)
REJECT(reject_two_hosts_same, "GET / HTTP/1.1\r\n" H H "\r\n", HTTP_ERR_NO_HOST)
REJECT(reject_http2_line, "GET / HTTP/2.0\r\n" H "\r\n", HTTP_ERR_VERSION)
REJECT(reject_http0, "GET / HTTP/0.9\r\n" H "\r\n", HTTP_ERR_VERSION)
REJECT(reject_http09_no_version, "GET /\r\n\r\n", HTTP_ERR_BAD_URL)
REJECT(reject_lower_http, "GET / http/1.1\r\n" H "\r\n", HTTP_ERR_BAD_REQUEST)
REJECT(reject_version_letters, "GET / HTTP/1.x\r\n" H "\r\n", HTTP_ERR_BAD_REQUEST)
REJECT(reject_version_long, "GET / HTTP/1.10\r\n" H "\r\n", HTTP_ERR_BAD_REQUEST)
REJECT(reject_version_trailing_space, "GET / HTTP/1.1 \r\n" H "\r\n", HTTP_ERR_BAD_REQUEST)
REJECT(reject_double_space, "GET  / HTTP/1.1\r\n" H "\r\n", HTTP_ERR_BAD_URL)
REJECT(reject_tab_separator, "GET\t/ HTTP/1.1\r\n" H "\r\n", HTTP_ERR_BAD_VERB)
REJECT(reject_leading_space, " GET / HTTP/1.1\r\n" H "\r\n", HTTP_ERR_BAD_VERB)
REJECT(reject_empty_line_first, "\r\nGET / HTTP/1.1\r\n" H "\r\n", HTTP_ERR_BAD_VERB)
REJECT(reject_method_paren, "G(T / HTTP/1.1\r\n" H "\r\n", HTTP_ERR_BAD_VERB)
REJECT(reject_no_target, "GET HTTP/1.1\r\n" H "\r\n", HTTP_ERR_BAD_URL)
REJECT(reject_relative_target, "GET x HTTP/1.1\r\n" H "\r\n", HTTP_ERR_BAD_URL)
REJECT(reject_star_for_get, "GET * HTTP/1.1\r\n" H "\r\n", HTTP_ERR_BAD_URL)
REJECT(reject_target_ctl, "GET /\x01 HTTP/1.1\r\n" H "\r\n", HTTP_ERR_BAD_URL)
REJECT(reject_target_high_byte, "GET /\xc3\xa9 HTTP/1.1\r\n" H "\r\n", HTTP_ERR_BAD_URL)
REJECT(reject_post_no_length, "POST / HTTP/1.1\r\n" H "\r\n", HTTP_ERR_LENGTH_REQUIRED)
REJECT(reject_put_no_length, "PUT / HTTP/1.1\r\n" H "\r\n", HTTP_ERR_LENGTH_REQUIRED)
REJECT(reject_cl_conflict, "POST / HTTP/1.1\r\n" H
	"Content-Length: 1\r\nContent-Length: 2\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_cl_plus, "POST / HTTP/1.1\r\n" H "Content-Length: +1\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_cl_minus, "POST / HTTP/1.1\r\n" H "Content-Length: -1\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_cl_hex, "POST / HTTP/1.1\r\n" H "Content-Length: 0x10\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_cl_list, "POST / HTTP/1.1\r\n" H "Content-Length: 1, 1\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_cl_inner_space, "POST / HTTP/1.1\r\n" H "Content-Length: 1 2\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_cl_empty, "POST / HTTP/1.1\r\n" H "Content-Length:\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_cl_overflow, "POST / HTTP/1.1\r\n" H
	"Content-Length: 18446744073709551616\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_cl_huge, "POST / HTTP/1.1\r\n" H
	"Content-Length: 9999999999999999999\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_cl_and_te, "POST / HTTP/1.1\r\n" H
	"Content-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", HTTP_ERR_BAD_REQUEST)
REJECT(reject_te_and_cl, "POST / HTTP/1.1\r\n" H
	"Transfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n", HTTP_ERR_BAD_REQUEST)
REJECT(reject_te_http10, "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
	HTTP_ERR_BAD_REQUEST)
REJECT(reject_te_gzip, "POST / HTTP/1.1\r\n" H
	"Transfer-Encoding: gzip, chunked\r\n\r\n", HTTP_ERR_NOT_IMPLEMENTED)
REJECT(reject_te_identity, "POST / HTTP/1.1\r\n" H
	"Transfer-Encoding: identity\r\n\r\n", HTTP_ERR_NOT_IMPLEMENTED)
REJECT(reject_te_chunked_not_last, "POST / HTTP/1.1\r\n" H
	"Transfer-Encoding: chunked, gzip\r\n\r\n", HTTP_ERR_BAD_REQUEST)
REJECT(reject_te_chunked_twice, "POST / HTTP/1.1\r\n" H
	"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
	HTTP_ERR_BAD_REQUEST)
REJECT(reject_te_empty, "POST / HTTP/1.1\r\n" H
	"Transfer-Encoding: \r\n\r\n", HTTP_ERR_BAD_REQUEST)
REJECT(reject_te_obfuscated, "POST / HTTP/1.1\r\n" H
	"Transfer-Encoding: \"chunked\"\r\n\r\n", HTTP_ERR_BAD_REQUEST)
REJECT(reject_te_space_before_colon, "POST / HTTP/1.1\r\n" H
	"Transfer-Encoding : chunked\r\n\r\n", HTTP_ERR_BAD_HEADER)
REJECT(reject_te_xchunked, "POST / HTTP/1.1\r\n" H
	"Transfer-Encoding: xchunked\r\n\r\n", HTTP_ERR_NOT_IMPLEMENTED)
REJECT(reject_te_chunked_param, "POST / HTTP/1.1\r\n" H
	"Transfer-Encoding: chunked;q=1\r\n\r\n", HTTP_ERR_BAD_REQUEST)

INCOMPLETE(incomplete_empty, "")
INCOMPLETE(incomplete_method, "GE")
INCOMPLETE(incomplete_request_line, "GET / HTTP/1.1")
INCOMPLETE(incomplete_cr, "GET / HTTP/1.1\r")
INCOMPLETE(incomplete_no_headers_end, "GET / HTTP/1.1\r\n" H)
INCOMPLETE(incomplete_header_name, "GET / HTTP/1.1\r\nHo")
INCOMPLETE(incomplete_final_cr, "GET / HTTP/1.1\r\n" H "\r")

static void verbs_map_in_windows_order(struct kunit *test)
{
	static const char *const names[] = {
		"OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE",
		"CONNECT", "TRACK", "MOVE", "COPY", "PROPFIND", "PROPPATCH",
		"MKCOL", "LOCK", "UNLOCK", "SEARCH" };
	int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		KUNIT_EXPECT_EQ(test, http_verb_from_method(names[i], strlen(names[i])),
				VERB_OPTIONS + i);
		KUNIT_EXPECT_STREQ(test, http_verb_name(VERB_OPTIONS + i), names[i]);
	}
}

static void verbs_are_case_sensitive(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, http_verb_from_method("get", 3), VERB_UNKNOWN);
	KUNIT_EXPECT_EQ(test, http_verb_from_method("PATCH", 5), VERB_UNKNOWN);
	KUNIT_EXPECT_EQ(test, http_verb_from_method("GETX", 4), VERB_UNKNOWN);
	KUNIT_EXPECT_EQ(test, http_verb_from_method("GE", 2), VERB_UNKNOWN);
	KUNIT_EXPECT_NULL(test, http_verb_name(VERB_UNKNOWN));
	KUNIT_EXPECT_NULL(test, http_verb_name(VERB_MAXIMUM));
}

static void request_fields_recorded(struct kunit *test)
{
	static struct parse_result r;
	const char *s = "POST /p?q HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n"
			"X-Y:  v w \r\n\r\n";

	KUNIT_ASSERT_EQ(test, parse_into(&r, s), (int)strlen(s));
	KUNIT_EXPECT_EQ(test, r.req.verb, VERB_POST);
	KUNIT_EXPECT_EQ(test, r.req.method_len, 4);
	KUNIT_EXPECT_EQ(test, r.req.target_off, 5u);
	KUNIT_EXPECT_EQ(test, r.req.target_len, 4);
	KUNIT_EXPECT_EQ(test, r.req.field_count, 3);
	KUNIT_EXPECT_EQ(test, r.req.host_field, 0);
	KUNIT_EXPECT_EQ(test, r.req.content_length, 3ull);
	KUNIT_EXPECT_TRUE(test, r.req.has_body);
	KUNIT_EXPECT_EQ(test, r.fields[1].id, HDR_CONTENT_LENGTH);
	KUNIT_EXPECT_EQ(test, r.fields[2].id, HDR_UNKNOWN);
	KUNIT_EXPECT_EQ(test, r.fields[2].value_len, 3);
	KUNIT_EXPECT_EQ(test, memcmp(s + r.fields[2].value_off, "v w", 3), 0);
	KUNIT_EXPECT_EQ(test, r.fields[2].name_len, 3);
}

static void keep_alive_defaults(struct kunit *test)
{
	static struct parse_result r;

	parse_into(&r, "GET / HTTP/1.1\r\n" H "\r\n");
	KUNIT_EXPECT_TRUE(test, r.req.keep_alive);
	parse_into(&r, "GET / HTTP/1.0\r\n\r\n");
	KUNIT_EXPECT_FALSE(test, r.req.keep_alive);
}

static void keep_alive_tokens(struct kunit *test)
{
	static struct parse_result r;

	parse_into(&r, "GET / HTTP/1.1\r\n" H "Connection: close\r\n\r\n");
	KUNIT_EXPECT_FALSE(test, r.req.keep_alive);
	parse_into(&r, "GET / HTTP/1.1\r\n" H "Connection: Upgrade, CLOSE\r\n\r\n");
	KUNIT_EXPECT_FALSE(test, r.req.keep_alive);
	parse_into(&r, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
	KUNIT_EXPECT_TRUE(test, r.req.keep_alive);
	parse_into(&r, "GET / HTTP/1.1\r\n" H "Connection: closed\r\n\r\n");
	KUNIT_EXPECT_TRUE(test, r.req.keep_alive);
	parse_into(&r, "GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n");
	KUNIT_EXPECT_FALSE(test, r.req.keep_alive);
}

static void no_body_without_length(struct kunit *test)
{
	static struct parse_result r;

	parse_into(&r, "GET / HTTP/1.1\r\n" H "\r\n");
	KUNIT_EXPECT_FALSE(test, r.req.has_body);
	KUNIT_EXPECT_EQ(test, r.req.content_length, 0ull);
	parse_into(&r, "DELETE / HTTP/1.1\r\n" H "\r\n");
	KUNIT_EXPECT_EQ(test, r.ret, (int)strlen("DELETE / HTTP/1.1\r\n" H "\r\n"));
}

static void body_framing_flags(struct kunit *test)
{
	static struct parse_result r;

	parse_into(&r, "POST / HTTP/1.1\r\n" H "Transfer-Encoding: chunked\r\n"
		   "Expect: 100-Continue\r\n\r\n");
	KUNIT_EXPECT_TRUE(test, r.req.chunked);
	KUNIT_EXPECT_TRUE(test, r.req.has_body);
	KUNIT_EXPECT_TRUE(test, r.req.expect_continue);
	parse_into(&r, "POST / HTTP/1.0\r\nContent-Length: 1\r\n"
		   "Expect: 100-continue\r\n\r\n");
	KUNIT_EXPECT_FALSE(test, r.req.chunked);
	KUNIT_EXPECT_FALSE(test, r.req.expect_continue);
	parse_into(&r, "POST / HTTP/1.1\r\n" H "Content-Length: 1\r\n"
		   "Expect: 100-continuex\r\n\r\n");
	KUNIT_EXPECT_FALSE(test, r.req.expect_continue);
}

static void largest_content_length(struct kunit *test)
{
	static struct parse_result r;

	parse_into(&r, "POST / HTTP/1.1\r\n" H "Content-Length: 4611686018427387904\r\n\r\n");
	KUNIT_EXPECT_GT(test, r.ret, 0);
	KUNIT_EXPECT_EQ(test, r.req.content_length, 1ull << 62);
	parse_into(&r, "POST / HTTP/1.1\r\n" H "Content-Length: 4611686018427387905\r\n\r\n");
	KUNIT_EXPECT_EQ(test, r.ret, -HTTP_ERR_BAD_HEADER);
}

static void header_count_limit(struct kunit *test)
{
	static char buf[1024];
	int i, n;

	n = scnprintf(buf, sizeof(buf), "GET / HTTP/1.1\r\n" H);
	for (i = 0; i < MAX_TEST_FIELDS - 1; i++)
		n += scnprintf(buf + n, sizeof(buf) - n, "X%d: v\r\n", i);
	scnprintf(buf + n, sizeof(buf) - n, "\r\n");
	KUNIT_EXPECT_EQ(test, parse(buf), (int)strlen(buf));
	scnprintf(buf + n, sizeof(buf) - n, "One-More: v\r\n\r\n");
	KUNIT_EXPECT_EQ(test, parse(buf), -HTTP_ERR_TOO_MANY_HEADERS);
}

/* Every byte in a header name: only tchars are accepted. */
static void every_byte_in_name(struct kunit *test)
{
	char buf[64];
	int c, ret;

	for (c = 0; c < 256; c++) {
		if (c == ':' || c == '\r' || c == '\n')
			continue;
		scnprintf(buf, sizeof(buf), "GET / HTTP/1.1\r\n" H "A%cB: v\r\n\r\n", c);
		if (c == 0)
			continue;	/* scnprintf stops at NUL; tested below */
		ret = parse(buf);
		if (http_is_tchar(c))
			KUNIT_EXPECT_GT_MSG(test, ret, 0, "byte 0x%02x", c);
		else
			KUNIT_EXPECT_EQ_MSG(test, ret, -HTTP_ERR_BAD_HEADER, "byte 0x%02x", c);
	}
	memcpy(buf, "GET / HTTP/1.1\r\nA\0B: v\r\n\r\n", 26);
	KUNIT_EXPECT_EQ(test, parse_len(buf, 26),
			-HTTP_ERR_BAD_HEADER);
}

/* Every byte in a header value: controls other than HTAB and DEL refused. */
static void every_byte_in_value(struct kunit *test)
{
	char buf[64];
	size_t len;
	int c, ret;

	for (c = 0; c < 256; c++) {
		len = scnprintf(buf, sizeof(buf), "GET / HTTP/1.1\r\n" H "X: a?b\r\n\r\n");
		buf[len - 6] = c;
		ret = parse_len(buf, len);
		if (c == '\t' || (c >= 0x20 && c != 0x7f))
			KUNIT_EXPECT_EQ_MSG(test, ret, (int)len, "byte 0x%02x", c);
		else
			KUNIT_EXPECT_LT_MSG(test, ret, 0, "byte 0x%02x", c);
	}
}

/* Every byte in the target: only visible ASCII is accepted. */
static void every_byte_in_target(struct kunit *test)
{
	char buf[64];
	size_t len;
	int c, ret;

	for (c = 0; c < 256; c++) {
		len = scnprintf(buf, sizeof(buf), "GET /a?b HTTP/1.1\r\n" H "\r\n");
		buf[6] = c;
		ret = parse_len(buf, len);
		if (c > 0x20 && c < 0x7f)
			KUNIT_EXPECT_EQ_MSG(test, ret, (int)len, "byte 0x%02x", c);
		else
			KUNIT_EXPECT_LT_MSG(test, ret, 0, "byte 0x%02x", c);
	}
}

/* Every prefix of a valid request is incomplete, never an error. */
static void every_prefix_incomplete(struct kunit *test)
{
	const char *s = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n";
	size_t i;

	for (i = 0; i < strlen(s); i++)
		KUNIT_EXPECT_EQ_MSG(test, parse_len(s, i), 0, "prefix %zu", i);
}

static void long_value_boundary(struct kunit *test)
{
	size_t head = strlen("GET / HTTP/1.1\r\n" H "X: ");
	size_t len = head + 0xffff + 4, i;
	char *buf = kunit_kmalloc(test, len + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, "GET / HTTP/1.1\r\n" H "X: ", head);
	for (i = head; i < head + 0xffff; i++)
		buf[i] = 'v';
	memcpy(buf + head + 0xffff, "\r\n\r\n", 4);
	KUNIT_EXPECT_EQ(test, parse_len(buf, len), (int)len);
	buf[head + 0xffff] = 'v';
	memcpy(buf + head + 0x10000, "\r\n\r\n", 4);
	KUNIT_EXPECT_EQ(test, parse_len(buf, len + 1),
			-HTTP_ERR_BAD_HEADER);
}

static void field_line_standalone(struct kunit *test)
{
	struct http_field f;

	KUNIT_EXPECT_EQ(test, http_parse_field_line("Server: x\r\n", 11, &f), 11);
	KUNIT_EXPECT_EQ(test, f.name_len, 6);
	KUNIT_EXPECT_EQ(test, f.value_off, 8u);
	KUNIT_EXPECT_EQ(test, http_parse_field_line("Server: x\r", 10, &f), 0);
	KUNIT_EXPECT_EQ(test, http_parse_field_line("Server: x\n", 10, &f),
			-HTTP_ERR_BAD_HEADER);
	KUNIT_EXPECT_EQ(test, http_parse_field_line("\r\n", 2, &f), -HTTP_ERR_BAD_HEADER);
}

static void token_and_case_helpers(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, http_is_token("Content-Type", 12));
	KUNIT_EXPECT_FALSE(test, http_is_token("", 0));
	KUNIT_EXPECT_FALSE(test, http_is_token("a b", 3));
	KUNIT_EXPECT_TRUE(test, http_ascii_case_equal("HoSt", "hOsT", 4));
	KUNIT_EXPECT_FALSE(test, http_ascii_case_equal("host", "hosT!", 5));
	/* Only ASCII letters fold: 0xC9 and 0xE9 differ. */
	KUNIT_EXPECT_FALSE(test, http_ascii_case_equal("\xc9", "\xe9", 1));
}

static void known_header_every_name(struct kunit *test)
{
	char upper[32];
	int id, i;

	for (id = 0; id < HDR_REQUEST_MAX; id++) {
		const char *name = httpsys_request_header_name(id);

		KUNIT_ASSERT_NOT_NULL(test, name);
		KUNIT_EXPECT_EQ(test, httpsys_request_header_id(name, strlen(name)), id);
		for (i = 0; name[i]; i++)
			upper[i] = name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32 : name[i];
		KUNIT_EXPECT_EQ(test, httpsys_request_header_id(upper, i), id);
	}
}

static void known_header_near_misses(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, httpsys_request_header_id("Hos", 3), HDR_UNKNOWN);
	KUNIT_EXPECT_EQ(test, httpsys_request_header_id("Hosts", 5), HDR_UNKNOWN);
	KUNIT_EXPECT_EQ(test, httpsys_request_header_id("", 0), HDR_UNKNOWN);
	KUNIT_EXPECT_EQ(test, httpsys_request_header_id("Server", 6), HDR_UNKNOWN);
	KUNIT_EXPECT_EQ(test, httpsys_request_header_id("Content_Length", 14), HDR_UNKNOWN);
}

static void known_header_response_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, httpsys_response_header_name(HDR_CACHE_CONTROL),
			   "Cache-Control");
	KUNIT_EXPECT_STREQ(test, httpsys_response_header_name(19), "Last-Modified");
	KUNIT_EXPECT_STREQ(test, httpsys_response_header_name(20), "Accept-Ranges");
	KUNIT_EXPECT_STREQ(test, httpsys_response_header_name(26), "Server");
	KUNIT_EXPECT_STREQ(test, httpsys_response_header_name(29), "WWW-Authenticate");
	KUNIT_EXPECT_NULL(test, httpsys_response_header_name(30));
	KUNIT_EXPECT_NULL(test, httpsys_response_header_name(-1));
	KUNIT_EXPECT_NULL(test, httpsys_request_header_name(41));
	KUNIT_EXPECT_STREQ(test, httpsys_request_header_name(HDR_HOST), "Host");
	KUNIT_EXPECT_STREQ(test, httpsys_request_header_name(HDR_USER_AGENT), "User-Agent");
}

static struct kunit_case http_parse_cases[] = {
	KUNIT_CASE(accept_get), KUNIT_CASE(accept_http10_no_host),
	KUNIT_CASE(accept_query), KUNIT_CASE(accept_absolute_form),
	KUNIT_CASE(accept_absolute_https), KUNIT_CASE(accept_options_star),
	KUNIT_CASE(accept_unknown_method), KUNIT_CASE(accept_post_length),
	KUNIT_CASE(accept_post_zero), KUNIT_CASE(accept_same_length_twice),
	KUNIT_CASE(accept_empty_value), KUNIT_CASE(accept_tab_in_value),
	KUNIT_CASE(accept_obs_text_value), KUNIT_CASE(accept_token_symbols),
	KUNIT_CASE(accept_minor_version_9), KUNIT_CASE(accept_put_length),
	KUNIT_CASE(accept_many_headers), KUNIT_CASE(accept_percent_target),
	KUNIT_CASE(reject_bare_lf_request_line), KUNIT_CASE(reject_bare_cr_request_line),
	KUNIT_CASE(reject_bare_lf_header), KUNIT_CASE(reject_bare_cr_header),
	KUNIT_CASE(reject_bare_lf_end), KUNIT_CASE(reject_space_before_colon),
	KUNIT_CASE(reject_tab_before_colon), KUNIT_CASE(reject_obs_fold_space),
	KUNIT_CASE(reject_obs_fold_tab), KUNIT_CASE(reject_no_colon),
	KUNIT_CASE(reject_empty_name), KUNIT_CASE(reject_name_with_slash),
	KUNIT_CASE(reject_name_with_at), KUNIT_CASE(reject_ctl_in_value),
	KUNIT_CASE(reject_del_in_value), KUNIT_CASE(reject_esc_in_value),
	KUNIT_CASE(reject_missing_host), KUNIT_CASE(reject_two_hosts),
	KUNIT_CASE(reject_two_hosts_same), KUNIT_CASE(reject_http2_line),
	KUNIT_CASE(reject_http0), KUNIT_CASE(reject_http09_no_version),
	KUNIT_CASE(reject_lower_http), KUNIT_CASE(reject_version_letters),
	KUNIT_CASE(reject_version_long), KUNIT_CASE(reject_version_trailing_space),
	KUNIT_CASE(reject_double_space), KUNIT_CASE(reject_tab_separator),
	KUNIT_CASE(reject_leading_space), KUNIT_CASE(reject_empty_line_first),
	KUNIT_CASE(reject_method_paren), KUNIT_CASE(reject_no_target),
	KUNIT_CASE(reject_relative_target), KUNIT_CASE(reject_star_for_get),
	KUNIT_CASE(reject_target_ctl), KUNIT_CASE(reject_target_high_byte),
	KUNIT_CASE(reject_post_no_length), KUNIT_CASE(reject_put_no_length),
	KUNIT_CASE(reject_cl_conflict), KUNIT_CASE(reject_cl_plus),
	KUNIT_CASE(reject_cl_minus), KUNIT_CASE(reject_cl_hex),
	KUNIT_CASE(reject_cl_list), KUNIT_CASE(reject_cl_inner_space),
	KUNIT_CASE(reject_cl_empty), KUNIT_CASE(reject_cl_overflow),
	KUNIT_CASE(reject_cl_huge), KUNIT_CASE(reject_cl_and_te),
	KUNIT_CASE(reject_te_and_cl), KUNIT_CASE(reject_te_http10),
	KUNIT_CASE(reject_te_gzip), KUNIT_CASE(reject_te_identity),
	KUNIT_CASE(reject_te_chunked_not_last), KUNIT_CASE(reject_te_chunked_twice),
	KUNIT_CASE(reject_te_empty), KUNIT_CASE(reject_te_obfuscated),
	KUNIT_CASE(reject_te_space_before_colon), KUNIT_CASE(reject_te_xchunked),
	KUNIT_CASE(reject_te_chunked_param),
	KUNIT_CASE(accept_te_chunked), KUNIT_CASE(accept_te_chunked_case),
	KUNIT_CASE(accept_te_list_empties), KUNIT_CASE(body_framing_flags),
	KUNIT_CASE(incomplete_empty), KUNIT_CASE(incomplete_method),
	KUNIT_CASE(incomplete_request_line), KUNIT_CASE(incomplete_cr),
	KUNIT_CASE(incomplete_no_headers_end), KUNIT_CASE(incomplete_header_name),
	KUNIT_CASE(incomplete_final_cr),
	KUNIT_CASE(verbs_map_in_windows_order), KUNIT_CASE(verbs_are_case_sensitive),
	KUNIT_CASE(request_fields_recorded), KUNIT_CASE(keep_alive_defaults),
	KUNIT_CASE(keep_alive_tokens), KUNIT_CASE(no_body_without_length),
	KUNIT_CASE(largest_content_length), KUNIT_CASE(header_count_limit),
	KUNIT_CASE(every_byte_in_name), KUNIT_CASE(every_byte_in_value),
	KUNIT_CASE(every_byte_in_target), KUNIT_CASE(every_prefix_incomplete),
	KUNIT_CASE(long_value_boundary), KUNIT_CASE(field_line_standalone),
	KUNIT_CASE(token_and_case_helpers),
	{}
};

static struct kunit_case known_header_cases[] = {
	KUNIT_CASE(known_header_every_name),
	KUNIT_CASE(known_header_near_misses),
	KUNIT_CASE(known_header_response_names),
	{}
};

static struct kunit_suite http_parse_suite = {
	.name = "httpsys_http_parse",
	.test_cases = http_parse_cases,
};

static struct kunit_suite known_header_suite = {
	.name = "httpsys_known_headers",
	.test_cases = known_header_cases,
};

kunit_test_suites(&http_parse_suite, &known_header_suite);

MODULE_DESCRIPTION("KUnit suites for httpsys's protocol code");
MODULE_LICENSE("GPL");
