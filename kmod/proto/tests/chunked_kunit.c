// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the chunked decoder: whole bodies, bodies split at every
 * byte, framing errors, bounds, and where the next request starts.
 */
#include <kunit/test.h>
#include <linux/ctype.h>

#include "../chunked.c"

struct decoded {
	char data[256];
	size_t data_len;
	long used;		/* raw bytes the last call took */
	bool done;
};

/* Decode @s in one call; data and end state go to @out. */
static long decode_all(const char *s, struct decoded *out)
{
	struct chunked_decoder d;
	char buf[256];
	size_t len = strlen(s);

	chunked_init(&d);
	memcpy(buf, s, len);
	out->used = chunked_decode(&d, buf, len, &out->data_len);
	if (out->used >= 0)
		memcpy(out->data, buf, out->data_len);
	out->data[out->used >= 0 ? out->data_len : 0] = '\0';
	out->done = chunked_done(&d);
	return out->used;
}

#define DECODES(name, input, body)					\
static void name(struct kunit *test)					\
{									\
	static struct decoded r;					\
									\
	KUNIT_EXPECT_EQ(test, decode_all(input, &r), (long)strlen(input)); \
	KUNIT_EXPECT_TRUE(test, r.done);				\
	KUNIT_EXPECT_STREQ(test, r.data, body);				\
}

#define FAILS(name, input, err)						\
static void name(struct kunit *test)					\
{									\
	static struct decoded r;					\
									\
	KUNIT_EXPECT_EQ(test, decode_all(input, &r), (long)-(err));	\
}

DECODES(decode_one_chunk, "5\r\nhello\r\n0\r\n\r\n", "hello")
DECODES(decode_two_chunks, "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", "abcde")
DECODES(decode_empty_body, "0\r\n\r\n", "")
DECODES(decode_hex_sizes, "a\r\n0123456789\r\nA\r\n0123456789\r\n0\r\n\r\n",
	"01234567890123456789")
DECODES(decode_leading_zeros, "0005\r\nhello\r\n000\r\n\r\n", "hello")
DECODES(decode_extension, "5;name=value\r\nhello\r\n0;x\r\n\r\n", "hello")
DECODES(decode_extension_bws, "5 ;a\r\nhello\r\n0\t;b=\"q\"\r\n\r\n", "hello")
DECODES(decode_trailers, "2\r\nhi\r\n0\r\nX-Sum: 1\r\nY:\r\n\r\n", "hi")
DECODES(decode_crlf_in_data, "4\r\n\r\n\r\n\r\n0\r\n\r\n", "\r\n\r\n")

FAILS(reject_no_digits, "\r\nhello\r\n0\r\n\r\n", CHUNKED_ERR_SYNTAX)
FAILS(reject_non_hex, "g\r\n", CHUNKED_ERR_SYNTAX)
FAILS(reject_negative, "-5\r\n", CHUNKED_ERR_SYNTAX)
FAILS(reject_0x_prefix, "0x5\r\nhello\r\n", CHUNKED_ERR_SYNTAX)
FAILS(reject_space_before_size, " 5\r\nhello\r\n", CHUNKED_ERR_SYNTAX)
FAILS(reject_space_without_ext, "5 \r\nhello\r\n", CHUNKED_ERR_SYNTAX)
FAILS(reject_bare_lf_size, "5\nhello\r\n0\r\n\r\n", CHUNKED_ERR_SYNTAX)
FAILS(reject_bare_cr_size, "5\rhello\r\n", CHUNKED_ERR_SYNTAX)
FAILS(reject_data_too_long, "3\r\nhello\r\n0\r\n\r\n", CHUNKED_ERR_SYNTAX)
FAILS(reject_data_bare_lf, "5\r\nhello\n0\r\n\r\n", CHUNKED_ERR_SYNTAX)
FAILS(reject_overflow_size, "10000000000000000\r\n", CHUNKED_ERR_TOO_BIG)
FAILS(reject_wrapping_size, "ffffffffffffffff1\r\n", CHUNKED_ERR_TOO_BIG)
FAILS(reject_ctl_in_ext, "5;a\x01\r\nhello\r\n", CHUNKED_ERR_SYNTAX)
FAILS(reject_trailer_fold, "0\r\nX: a\r\n b\r\n\r\n", CHUNKED_ERR_SYNTAX)
FAILS(reject_trailer_no_colon, "0\r\nX\r\n\r\n", CHUNKED_ERR_SYNTAX)
FAILS(reject_trailer_space_name, "0\r\nX Y: a\r\n\r\n", CHUNKED_ERR_SYNTAX)
FAILS(reject_trailer_bare_lf, "0\r\nX: a\n\r\n", CHUNKED_ERR_SYNTAX)
FAILS(reject_final_bare_lf, "0\r\n\n", CHUNKED_ERR_SYNTAX)

static void largest_chunk_size(struct kunit *test)
{
	struct chunked_decoder d;
	char buf[] = "4000000000000000\r\n";
	size_t data_len;

	chunked_init(&d);
	KUNIT_EXPECT_EQ(test, chunked_decode(&d, buf, strlen(buf), &data_len),
			(long)strlen(buf));
	KUNIT_EXPECT_EQ(test, d.chunk_left, 1ULL << 62);
	KUNIT_EXPECT_EQ(test, data_len, (size_t)0);
}

/* The body ends mid-buffer: the rest is the next request's, untouched. */
static void stops_at_body_end(struct kunit *test)
{
	static struct decoded r;
	const char *body = "2\r\nok\r\n0\r\n\r\n";
	char input[64];

	scnprintf(input, sizeof(input), "%sGET / HTTP/1.1\r\n", body);
	KUNIT_EXPECT_EQ(test, decode_all(input, &r), (long)strlen(body));
	KUNIT_EXPECT_TRUE(test, r.done);
	KUNIT_EXPECT_STREQ(test, r.data, "ok");
}

/* Split at every point into two calls: the same data, the same end. */
static void every_split_point(struct kunit *test)
{
	const char *s = "7;e=1\r\nchunked\r\n1\r\n!\r\n0\r\nT: v\r\n\r\n";
	size_t len = strlen(s), cut, first, second;
	struct chunked_decoder d;
	char buf[64], data[64];

	for (cut = 0; cut <= len; cut++) {
		chunked_init(&d);
		memcpy(buf, s, len);
		KUNIT_ASSERT_EQ(test, chunked_decode(&d, buf, cut, &first), (long)cut);
		memcpy(data, buf, first);
		KUNIT_ASSERT_EQ(test, chunked_decode(&d, buf + cut, len - cut, &second),
				(long)(len - cut));
		memcpy(data + first, buf + cut, second);
		KUNIT_EXPECT_EQ_MSG(test, first + second, (size_t)8, "cut %zu", cut);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(data, "chunked!", 8), 0, "cut %zu", cut);
		KUNIT_EXPECT_TRUE_MSG(test, chunked_done(&d), "cut %zu", cut);
	}
}

/* One byte per call, as a slow client sends it. */
static void byte_at_a_time(struct kunit *test)
{
	const char *s = "3\r\nabc\r\n0\r\n\r\n";
	struct chunked_decoder d;
	size_t i, n, total = 0;
	char c, data[8];

	chunked_init(&d);
	for (i = 0; i < strlen(s); i++) {
		c = s[i];
		KUNIT_ASSERT_EQ(test, chunked_decode(&d, &c, 1, &n), 1L);
		if (n)
			data[total++] = c;
	}
	KUNIT_EXPECT_EQ(test, total, (size_t)3);
	KUNIT_EXPECT_EQ(test, memcmp(data, "abc", 3), 0);
	KUNIT_EXPECT_TRUE(test, chunked_done(&d));
}

static void extension_bound(struct kunit *test)
{
	struct chunked_decoder d;
	size_t n, len = 2 + CHUNKED_MAX_EXT + 1;
	char *buf = kunit_kmalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, 'x', len);
	buf[0] = '1';
	buf[1] = ';';
	chunked_init(&d);
	KUNIT_EXPECT_EQ(test, chunked_decode(&d, buf, len - 1, &n), (long)(len - 1));
	KUNIT_EXPECT_EQ(test, chunked_decode(&d, buf + len - 1, 1, &n),
			(long)-CHUNKED_ERR_TOO_LONG);
}

static void trailer_bound(struct kunit *test)
{
	struct chunked_decoder d;
	char line[] = "Name: 0123456789012345678901234567890123456789\r\n";
	size_t n, sent = 0;
	long ret = 0;

	chunked_init(&d);
	KUNIT_ASSERT_EQ(test, chunked_decode(&d, "0\r\n", 3, &n), 3L);
	while (sent <= CHUNKED_MAX_TRAILERS && ret >= 0) {
		char copy[sizeof(line)];

		memcpy(copy, line, sizeof(line));
		ret = chunked_decode(&d, copy, strlen(line), &n);
		sent += strlen(line);
	}
	KUNIT_EXPECT_EQ(test, ret, (long)-CHUNKED_ERR_TOO_LONG);
}

/* Every byte value as the first byte of a size line. */
static void every_byte_as_size(struct kunit *test)
{
	struct chunked_decoder d;
	size_t n;
	int c;

	for (c = 0; c < 256; c++) {
		char b = c;
		long ret;

		chunked_init(&d);
		ret = chunked_decode(&d, &b, 1, &n);
		if (isxdigit(c))
			KUNIT_EXPECT_EQ_MSG(test, ret, 1L, "byte 0x%02x", c);
		else
			KUNIT_EXPECT_EQ_MSG(test, ret, (long)-CHUNKED_ERR_SYNTAX,
					    "byte 0x%02x", c);
	}
}

/* Nothing after the end is consumed, even across calls. */
static void done_takes_nothing(struct kunit *test)
{
	struct chunked_decoder d;
	char buf[] = "0\r\n\r\nX";
	size_t n;

	chunked_init(&d);
	KUNIT_EXPECT_EQ(test, chunked_decode(&d, buf, 6, &n), 5L);
	KUNIT_EXPECT_EQ(test, chunked_decode(&d, buf + 5, 1, &n), 0L);
	KUNIT_EXPECT_EQ(test, n, (size_t)0);
}

static struct kunit_case chunked_cases[] = {
	KUNIT_CASE(decode_one_chunk), KUNIT_CASE(decode_two_chunks),
	KUNIT_CASE(decode_empty_body), KUNIT_CASE(decode_hex_sizes),
	KUNIT_CASE(decode_leading_zeros), KUNIT_CASE(decode_extension),
	KUNIT_CASE(decode_extension_bws), KUNIT_CASE(decode_trailers),
	KUNIT_CASE(decode_crlf_in_data),
	KUNIT_CASE(reject_no_digits), KUNIT_CASE(reject_non_hex),
	KUNIT_CASE(reject_negative), KUNIT_CASE(reject_0x_prefix),
	KUNIT_CASE(reject_space_before_size), KUNIT_CASE(reject_space_without_ext),
	KUNIT_CASE(reject_bare_lf_size), KUNIT_CASE(reject_bare_cr_size),
	KUNIT_CASE(reject_data_too_long), KUNIT_CASE(reject_data_bare_lf),
	KUNIT_CASE(reject_overflow_size), KUNIT_CASE(reject_wrapping_size),
	KUNIT_CASE(reject_ctl_in_ext), KUNIT_CASE(reject_trailer_fold),
	KUNIT_CASE(reject_trailer_no_colon), KUNIT_CASE(reject_trailer_space_name),
	KUNIT_CASE(reject_trailer_bare_lf), KUNIT_CASE(reject_final_bare_lf),
	KUNIT_CASE(largest_chunk_size), KUNIT_CASE(stops_at_body_end),
	KUNIT_CASE(every_split_point), KUNIT_CASE(byte_at_a_time),
	KUNIT_CASE(extension_bound), KUNIT_CASE(trailer_bound),
	KUNIT_CASE(every_byte_as_size), KUNIT_CASE(done_takes_nothing),
	{}
};

static struct kunit_suite chunked_suite = {
	.name = "httpsys_chunked",
	.test_cases = chunked_cases,
};

kunit_test_suites(&chunked_suite);
