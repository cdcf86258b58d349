// SPDX-License-Identifier: GPL-2.0
/* KUnit suite for URL prefixes, host and target splitting, path decoding. */
#include <kunit/test.h>

#include "../url.c"

static int prefix(const char *s, struct url_prefix *p)
{
	return url_prefix_parse(s, strlen(s), p);
}

#define PREFIX_OK(name, s, kind)					\
static void name(struct kunit *test)					\
{									\
	struct url_prefix p;						\
									\
	KUNIT_ASSERT_EQ(test, prefix(s, &p), 0);			\
	KUNIT_EXPECT_EQ(test, p.host_kind, kind);			\
}

#define PREFIX_BAD(name, s)						\
static void name(struct kunit *test)					\
{									\
	struct url_prefix p;						\
									\
	KUNIT_EXPECT_EQ(test, prefix(s, &p), -1);			\
}

PREFIX_OK(prefix_strong, "http://+:80/", URL_HOST_STRONG)
PREFIX_OK(prefix_weak, "http://*:80/", URL_HOST_WEAK)
PREFIX_OK(prefix_name, "http://www.example.com:80/", URL_HOST_EXPLICIT)
PREFIX_OK(prefix_name_underscore, "http://my_host:80/", URL_HOST_EXPLICIT)
PREFIX_OK(prefix_idn_utf8, "http://b\xc3\xbc" "cher.example:80/", URL_HOST_EXPLICIT)
PREFIX_OK(prefix_ipv4, "http://10.0.0.1:8080/app/", URL_HOST_IP)
PREFIX_OK(prefix_ipv6, "http://[::1]:80/", URL_HOST_IP)
PREFIX_OK(prefix_ipv6_full, "http://[2001:db8::a:b]:80/", URL_HOST_IP)
PREFIX_OK(prefix_ipv4_like_name, "http://1.2.3:80/", URL_HOST_EXPLICIT)
PREFIX_OK(prefix_https, "https://+:443/", URL_HOST_STRONG)
PREFIX_OK(prefix_max_port, "http://+:65535/", URL_HOST_STRONG)
PREFIX_OK(prefix_no_trailing_slash, "http://+:80/app", URL_HOST_STRONG)
PREFIX_OK(prefix_deep_path, "http://+:80/a/b/c/d/", URL_HOST_STRONG)

PREFIX_BAD(prefix_no_port, "http://+/")
PREFIX_BAD(prefix_empty_port, "http://+:/")
PREFIX_BAD(prefix_port_zero, "http://+:0/")
PREFIX_BAD(prefix_port_leading_zero, "http://+:080/")
PREFIX_BAD(prefix_port_too_big, "http://+:65536/")
PREFIX_BAD(prefix_port_six_digits, "http://+:100000/")
PREFIX_BAD(prefix_port_letters, "http://+:8o/")
PREFIX_BAD(prefix_port_wildcard, "http://+:*/")
PREFIX_BAD(prefix_no_path, "http://+:80")
PREFIX_BAD(prefix_query, "http://+:80/a?b/")
PREFIX_BAD(prefix_fragment, "http://+:80/a#b/")
PREFIX_BAD(prefix_space_in_path, "http://+:80/a b/")
PREFIX_BAD(prefix_ctl_in_path, "http://+:80/a\x01/")
PREFIX_BAD(prefix_upper_scheme, "HTTP://+:80/")
PREFIX_BAD(prefix_other_scheme, "ftp://+:80/")
PREFIX_BAD(prefix_no_scheme, "+:80/")
PREFIX_BAD(prefix_empty_host, "http://:80/")
PREFIX_BAD(prefix_bad_host_char, "http://a@b:80/")
PREFIX_BAD(prefix_two_wildcards, "http://++:80/")
PREFIX_BAD(prefix_unclosed_ipv6, "http://[::1:80/")
PREFIX_BAD(prefix_bad_ipv6_char, "http://[::g]:80/")
PREFIX_BAD(prefix_empty, "")

static void prefix_offsets(struct kunit *test)
{
	const char *s = "https://Host.Example:8443/a/b/";
	struct url_prefix p;

	KUNIT_ASSERT_EQ(test, prefix(s, &p), 0);
	KUNIT_EXPECT_TRUE(test, p.https);
	KUNIT_EXPECT_EQ(test, p.port, 8443);
	KUNIT_EXPECT_EQ(test, p.host_off, 8);
	KUNIT_EXPECT_EQ(test, p.host_len, 12);
	KUNIT_EXPECT_EQ(test, p.path_off, 25);
	KUNIT_EXPECT_EQ(test, p.path_len, 5);
}

static void prefix_host_length_limit(struct kunit *test)
{
	char s[300];
	struct url_prefix p;
	int n;

	n = scnprintf(s, sizeof(s), "http://");
	memset(s + n, 'a', 255);
	scnprintf(s + n + 255, sizeof(s) - n - 255, ":80/");
	KUNIT_EXPECT_EQ(test, prefix(s, &p), 0);
	memset(s + n, 'a', 256);
	scnprintf(s + n + 256, sizeof(s) - n - 256, ":80/");
	KUNIT_EXPECT_EQ(test, prefix(s, &p), -1);
}

static bool same(const char *a, const char *b)
{
	struct url_prefix pa, pb;

	if (prefix(a, &pa) || prefix(b, &pb))
		return false;
	return url_prefix_same(a, &pa, b, &pb);
}

static void same_ignores_trailing_slash_and_case(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, same("http://+:80/app/", "http://+:80/app"));
	KUNIT_EXPECT_TRUE(test, same("http://+:80/App/", "http://+:80/aPP/"));
	KUNIT_EXPECT_TRUE(test, same("http://Host:80/", "http://hOST:80/"));
}

static void same_distinguishes(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, same("http://+:80/", "http://*:80/"));
	KUNIT_EXPECT_FALSE(test, same("http://+:80/", "http://+:81/"));
	KUNIT_EXPECT_FALSE(test, same("http://+:80/", "https://+:80/"));
	KUNIT_EXPECT_FALSE(test, same("http://+:80/a/", "http://+:80/b/"));
	KUNIT_EXPECT_FALSE(test, same("http://+:80/a/", "http://+:80/a/b/"));
	KUNIT_EXPECT_FALSE(test, same("http://a:80/", "http://b:80/"));
}

/* A reservation @r's hold on prefix @u, as the URL ACL check takes it. */
static int covers(const char *r, const char *u)
{
	struct url_prefix pr, pu;

	if (prefix(r, &pr) || prefix(u, &pu))
		return -2;
	if (!url_prefix_same_site(r, &pr, u, &pu))
		return -1;
	return url_prefix_match_path(r, &pr, u + pu.path_off, pu.path_len);
}

static void covers_same_site_only(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, covers("http://+:80/", "http://+:80/app/"), 1);
	KUNIT_EXPECT_EQ(test, covers("http://+:80/", "http://*:80/app/"), -1);
	KUNIT_EXPECT_EQ(test, covers("http://+:80/", "http://+:81/app/"), -1);
	KUNIT_EXPECT_EQ(test, covers("http://+:80/", "https://+:80/app/"), -1);
	KUNIT_EXPECT_EQ(test, covers("http://a:80/", "http://b:80/"), -1);
	KUNIT_EXPECT_EQ(test, covers("http://A:80/", "http://a:80/x/"), 1);
}

static void covers_path_segments(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, covers("http://+:80/app/", "http://+:80/app/"), 4);
	KUNIT_EXPECT_EQ(test, covers("http://+:80/app/", "http://+:80/APP/x/"), 4);
	KUNIT_EXPECT_EQ(test, covers("http://+:80/app", "http://+:80/app/x/"), 4);
	KUNIT_EXPECT_EQ(test, covers("http://+:80/app/", "http://+:80/apple/"), -1);
	KUNIT_EXPECT_EQ(test, covers("http://+:80/app/x/", "http://+:80/app/"), -1);
}

static int match(const char *pfx, const char *path)
{
	struct url_prefix p;

	if (prefix(pfx, &p))
		return -2;
	return url_prefix_match_path(pfx, &p, path, strlen(path));
}

static void match_root(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, match("http://+:80/", "/"), 1);
	KUNIT_EXPECT_EQ(test, match("http://+:80/", "/anything/at/all"), 1);
}

static void match_segment_boundary(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, match("http://+:80/dir/sna/", "/dir/sna/x"), 8);
	KUNIT_EXPECT_EQ(test, match("http://+:80/dir/sna/", "/dir/snake"), -1);
	KUNIT_EXPECT_EQ(test, match("http://+:80/dir/sna/", "/dir/app.htm"), -1);
	KUNIT_EXPECT_EQ(test, match("http://+:80/dir/sna", "/dir/snap"), -1);
}

static void match_without_trailing_slash(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, match("http://+:80/foobar/foo/", "/foobar/foo"), 11);
	KUNIT_EXPECT_EQ(test, match("http://+:80/foobar/foo/", "/foobar/fo"), -1);
}

static void match_case_insensitive(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, match("http://+:80/App/", "/aPP/x"), 4);
	KUNIT_EXPECT_EQ(test, match("http://+:80/app/", "/APP"), 4);
}

static void match_shorter_path(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, match("http://+:80/a/b/", "/a"), -1);
	KUNIT_EXPECT_EQ(test, match("http://+:80/a/b/", "/"), -1);
}

static void match_host(struct kunit *test)
{
	const char *s = "http://Example.com:80/";
	const char *w = "http://*:80/";
	struct url_prefix p, pw;

	prefix(s, &p);
	prefix(w, &pw);
	KUNIT_EXPECT_TRUE(test, url_prefix_match_host(s, &p, "example.COM", 11));
	KUNIT_EXPECT_FALSE(test, url_prefix_match_host(s, &p, "example.co", 10));
	KUNIT_EXPECT_FALSE(test, url_prefix_match_host(s, &p, "www.example.com", 15));
	KUNIT_EXPECT_TRUE(test, url_prefix_match_host(w, &pw, "anything", 8));
}

static bool prefers(const char *cand, int len, const char *best, int best_len)
{
	struct url_prefix c, b;

	prefix(cand, &c);
	if (!best)
		return url_route_prefers(&c, len, NULL, 0);
	prefix(best, &b);
	return url_route_prefers(&c, len, &b, best_len);
}

static void precedence_classes(struct kunit *test)
{
	/* strong beats explicit beats IP literal beats weak, whatever the path */
	KUNIT_EXPECT_TRUE(test, prefers("http://+:80/", 1, "http://h:80/a/b/", 5));
	KUNIT_EXPECT_TRUE(test, prefers("http://h:80/", 1, "http://[::1]:80/a/", 3));
	KUNIT_EXPECT_TRUE(test, prefers("http://10.0.0.1:80/", 1, "http://*:80/a/", 3));
	KUNIT_EXPECT_FALSE(test, prefers("http://*:80/a/b/", 5, "http://+:80/", 1));
	KUNIT_EXPECT_FALSE(test, prefers("http://[::1]:80/a/", 3, "http://h:80/", 1));
}

static void precedence_longest_path(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, prefers("http://+:80/a/b/", 4, "http://+:80/a/", 2));
	KUNIT_EXPECT_FALSE(test, prefers("http://+:80/a/", 2, "http://+:80/a/b/", 4));
	KUNIT_EXPECT_FALSE(test, prefers("http://+:80/a/", 2, "http://+:80/b/", 2));
	KUNIT_EXPECT_TRUE(test, prefers("http://*:80/", 1, NULL, 0));
}

static int split(const char *v, u16 *port)
{
	return url_split_host(v, strlen(v), port);
}

static void split_host_forms(struct kunit *test)
{
	u16 port;

	KUNIT_EXPECT_EQ(test, split("example.com", &port), 11);
	KUNIT_EXPECT_EQ(test, port, 0);
	KUNIT_EXPECT_EQ(test, split("example.com:8080", &port), 11);
	KUNIT_EXPECT_EQ(test, port, 8080);
	KUNIT_EXPECT_EQ(test, split("[::1]", &port), 5);
	KUNIT_EXPECT_EQ(test, split("[fe80::1]:443", &port), 9);
	KUNIT_EXPECT_EQ(test, port, 443);
	KUNIT_EXPECT_EQ(test, split("10.1.2.3:1", &port), 8);
	KUNIT_EXPECT_EQ(test, port, 1);
}

static void split_host_errors(struct kunit *test)
{
	u16 port;

	KUNIT_EXPECT_EQ(test, split("", &port), -1);
	KUNIT_EXPECT_EQ(test, split(":80", &port), -1);
	KUNIT_EXPECT_EQ(test, split("a:", &port), -1);
	KUNIT_EXPECT_EQ(test, split("a:0", &port), -1);
	KUNIT_EXPECT_EQ(test, split("a:65536", &port), -1);
	KUNIT_EXPECT_EQ(test, split("a b", &port), -1);
	KUNIT_EXPECT_EQ(test, split("a/b", &port), -1);
	KUNIT_EXPECT_EQ(test, split("[::1", &port), -1);
	KUNIT_EXPECT_EQ(test, split("[::1]x", &port), -1);
	KUNIT_EXPECT_EQ(test, split("[zz]", &port), -1);
	KUNIT_EXPECT_EQ(test, split("a:1:2", &port), -1);
}

static void target_origin_form(struct kunit *test)
{
	size_t off, len, q;

	KUNIT_ASSERT_EQ(test, url_target_split("/a/b?x=1", 8, &off, &len, &q), 0);
	KUNIT_EXPECT_EQ(test, off, 0ul);
	KUNIT_EXPECT_EQ(test, len, 4ul);
	KUNIT_EXPECT_EQ(test, q, 4ul);
	KUNIT_ASSERT_EQ(test, url_target_split("/a", 2, &off, &len, &q), 0);
	KUNIT_EXPECT_EQ(test, q, 2ul);
}

static void target_absolute_form(struct kunit *test)
{
	size_t off, len, q;
	const char *t = "http://host:80/p?q";

	KUNIT_ASSERT_EQ(test, url_target_split(t, strlen(t), &off, &len, &q), 0);
	KUNIT_EXPECT_EQ(test, off, 14ul);
	KUNIT_EXPECT_EQ(test, len, 2ul);
	KUNIT_EXPECT_EQ(test, q, 16ul);
}

static void target_authority(struct kunit *test)
{
	const char *t = "http://host:80/p?q";
	size_t off, len, q, a_off = 99;

	KUNIT_ASSERT_EQ(test, url_target_split(t, strlen(t), &off, &len, &q), 0);
	KUNIT_EXPECT_EQ(test, url_target_authority(t, off, &a_off), 7ul);
	KUNIT_EXPECT_EQ(test, a_off, 7ul);
	KUNIT_ASSERT_EQ(test, url_target_split("/p", 2, &off, &len, &q), 0);
	KUNIT_EXPECT_EQ(test, url_target_authority("/p", off, &a_off), 0ul);
}

static void target_errors(struct kunit *test)
{
	size_t off, len, q;

	KUNIT_EXPECT_EQ(test, url_target_split("http://host", 11, &off, &len, &q), -1);
	KUNIT_EXPECT_EQ(test, url_target_split("http://host?q", 13, &off, &len, &q), -1);
	KUNIT_EXPECT_EQ(test, url_target_split("http:/x", 7, &off, &len, &q), -1);
	KUNIT_EXPECT_EQ(test, url_target_split("*", 1, &off, &len, &q), -1);
	KUNIT_EXPECT_EQ(test, url_target_split("", 0, &off, &len, &q), -1);
}

#define DECODE(name, in, out)						\
static void name(struct kunit *test)					\
{									\
	char buf[64];							\
	int n = url_decode_path(in, strlen(in), buf);			\
									\
	KUNIT_ASSERT_EQ(test, n, (int)strlen(out));			\
	KUNIT_EXPECT_EQ(test, memcmp(buf, out, n), 0);			\
}

#define DECODE_BAD(name, in)						\
static void name(struct kunit *test)					\
{									\
	char buf[64];							\
									\
	KUNIT_EXPECT_EQ(test, url_decode_path(in, strlen(in), buf), -1); \
}

DECODE_BAD(decode_escaped_lf, "/a%0Ab")
DECODE_BAD(decode_escaped_cr, "/a%0d")
DECODE_BAD(decode_escaped_c0, "/%1f")
DECODE_BAD(decode_escaped_del, "/%7F")
DECODE(decode_plain, "/a/b", "/a/b")
DECODE(decode_root, "/", "/")
DECODE(decode_percent, "/a%20b", "/a b")
DECODE(decode_percent_case, "/%4a%4A", "/JJ")
DECODE(decode_utf8, "/%C3%A9", "/\xc3\xa9")
DECODE(decode_dot, "/a/./b", "/a/b")
DECODE(decode_dot_end, "/a/.", "/a/")
DECODE(decode_dotdot, "/a/b/../c", "/a/c")
DECODE(decode_dotdot_end, "/a/b/..", "/a/")
DECODE(decode_dotdot_to_root, "/a/..", "/")
DECODE(decode_encoded_dot, "/a/%2e%2e/b", "/b")
DECODE(decode_dots_in_name, "/a/..b/.c", "/a/..b/.c")
DECODE(decode_double_slash, "/a//b", "/a//b")
DECODE_BAD(decode_nul, "/a%00")
DECODE_BAD(decode_short_escape, "/a%4")
DECODE_BAD(decode_bad_hex, "/a%zz")
DECODE_BAD(decode_above_root, "/..")
DECODE_BAD(decode_above_root_deep, "/a/../../b")
DECODE_BAD(decode_relative, "a/b")
DECODE_BAD(decode_empty, "")

static struct kunit_case url_cases[] = {
	KUNIT_CASE(prefix_strong), KUNIT_CASE(prefix_weak), KUNIT_CASE(prefix_name),
	KUNIT_CASE(prefix_name_underscore), KUNIT_CASE(prefix_idn_utf8),
	KUNIT_CASE(prefix_ipv4), KUNIT_CASE(prefix_ipv6), KUNIT_CASE(prefix_ipv6_full),
	KUNIT_CASE(prefix_ipv4_like_name), KUNIT_CASE(prefix_https),
	KUNIT_CASE(prefix_max_port), KUNIT_CASE(prefix_no_trailing_slash),
	KUNIT_CASE(prefix_deep_path),
	KUNIT_CASE(prefix_no_port), KUNIT_CASE(prefix_empty_port),
	KUNIT_CASE(prefix_port_zero), KUNIT_CASE(prefix_port_leading_zero),
	KUNIT_CASE(prefix_port_too_big), KUNIT_CASE(prefix_port_six_digits),
	KUNIT_CASE(prefix_port_letters), KUNIT_CASE(prefix_port_wildcard),
	KUNIT_CASE(prefix_no_path), KUNIT_CASE(prefix_query),
	KUNIT_CASE(prefix_fragment), KUNIT_CASE(prefix_space_in_path),
	KUNIT_CASE(prefix_ctl_in_path), KUNIT_CASE(prefix_upper_scheme),
	KUNIT_CASE(prefix_other_scheme), KUNIT_CASE(prefix_no_scheme),
	KUNIT_CASE(prefix_empty_host), KUNIT_CASE(prefix_bad_host_char),
	KUNIT_CASE(prefix_two_wildcards), KUNIT_CASE(prefix_unclosed_ipv6),
	KUNIT_CASE(prefix_bad_ipv6_char), KUNIT_CASE(prefix_empty),
	KUNIT_CASE(prefix_offsets), KUNIT_CASE(prefix_host_length_limit),
	KUNIT_CASE(same_ignores_trailing_slash_and_case),
	KUNIT_CASE(covers_same_site_only), KUNIT_CASE(covers_path_segments),
	KUNIT_CASE(same_distinguishes),
	KUNIT_CASE(match_root), KUNIT_CASE(match_segment_boundary),
	KUNIT_CASE(match_without_trailing_slash), KUNIT_CASE(match_case_insensitive),
	KUNIT_CASE(match_shorter_path), KUNIT_CASE(match_host),
	KUNIT_CASE(precedence_classes), KUNIT_CASE(precedence_longest_path),
	KUNIT_CASE(split_host_forms), KUNIT_CASE(split_host_errors),
	KUNIT_CASE(target_origin_form), KUNIT_CASE(target_absolute_form),
	KUNIT_CASE(target_authority),
	KUNIT_CASE(target_errors),
	KUNIT_CASE(decode_plain), KUNIT_CASE(decode_root), KUNIT_CASE(decode_percent),
	KUNIT_CASE(decode_percent_case), KUNIT_CASE(decode_utf8), KUNIT_CASE(decode_dot),
	KUNIT_CASE(decode_dot_end), KUNIT_CASE(decode_dotdot),
	KUNIT_CASE(decode_dotdot_end), KUNIT_CASE(decode_dotdot_to_root),
	KUNIT_CASE(decode_encoded_dot), KUNIT_CASE(decode_dots_in_name),
	KUNIT_CASE(decode_double_slash), KUNIT_CASE(decode_nul),
	KUNIT_CASE(decode_escaped_lf), KUNIT_CASE(decode_escaped_cr),
	KUNIT_CASE(decode_escaped_c0), KUNIT_CASE(decode_escaped_del),
	KUNIT_CASE(decode_short_escape), KUNIT_CASE(decode_bad_hex),
	KUNIT_CASE(decode_above_root), KUNIT_CASE(decode_above_root_deep),
	KUNIT_CASE(decode_relative), KUNIT_CASE(decode_empty),
	{}
};

static struct kunit_suite url_suite = {
	.name = "httpsys_url",
	.test_cases = url_cases,
};

kunit_test_suites(&url_suite);
