// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for request marshalling: the size computation must match
 * what is written, and every pointer must land inside the buffer.
 */
#include <kunit/test.h>
#include <linux/in.h>
#include <linux/in6.h>

#include "../marshal.c"

#define FIELDS 16

struct fixture {
	struct http_request_head req;
	struct http_field fields[FIELDS];
	struct marshal_request m;
	struct sockaddr_in6 remote;
	struct sockaddr_in local;
	u8 *buf;
	size_t size;
};

/* Parse @head and describe it the way the module does. */
static struct fixture *make(struct kunit *test, const char *head)
{
	struct fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_GT(test, http_parse_request(head, strlen(head), &f->req,
						 f->fields, FIELDS), 0);
	f->remote.sin6_family = AF_INET6;
	f->local.sin_family = AF_INET;
	f->m.head = head;
	f->m.req = &f->req;
	f->m.fields = f->fields;
	f->m.port = 80;
	f->m.host = "h";
	f->m.host_len = 1;
	f->m.path = "/";
	f->m.path_len = 1;
	f->m.request_id = 42;
	f->m.connection_id = 7;
	f->m.remote_addr = &f->remote;
	f->m.remote_addr_len = sizeof(f->remote);
	f->m.local_addr = &f->local;
	f->m.local_addr_len = sizeof(f->local);
	return f;
}

/* Write the blob into a buffer with a guard zone, at user base 0x10000. */
static struct httpsys_request_v1 *write(struct kunit *test, struct fixture *f)
{
	size_t i;

	f->size = marshal_request_size(&f->m);
	f->buf = kunit_kmalloc(test, f->size + 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->buf);
	memset(f->buf, 0xa5, f->size + 64);
	marshal_request_write(&f->m, f->buf, 0x10000);
	for (i = f->size; i < f->size + 64; i++)
		KUNIT_ASSERT_EQ_MSG(test, f->buf[i], 0xa5, "write past size at %zu", i);
	return (struct httpsys_request_v1 *)f->buf;
}

static bool inside(struct fixture *f, u64 p)
{
	return p >= 0x10000 && p < 0x10000 + f->size;
}

static const char *str(struct fixture *f, u64 p)
{
	return (const char *)f->buf + (p - 0x10000);
}

static void size_is_aligned_and_covers_fixed_part(struct kunit *test)
{
	struct fixture *f = make(test, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");

	write(test, f);
	KUNIT_EXPECT_EQ(test, f->size % 8, 0ul);
	KUNIT_EXPECT_GT(test, f->size, sizeof(struct httpsys_request_v2));
}

static void ids_and_version(struct kunit *test)
{
	struct fixture *f = make(test, "GET / HTTP/1.0\r\n\r\n");
	struct httpsys_request_v1 *r = write(test, f);

	KUNIT_EXPECT_EQ(test, r->request_id, 42ull);
	KUNIT_EXPECT_EQ(test, r->connection_id, 7ull);
	KUNIT_EXPECT_EQ(test, r->raw_connection_id, 7ull);
	KUNIT_EXPECT_EQ(test, r->version_major, 1);
	KUNIT_EXPECT_EQ(test, r->version_minor, 0);
	KUNIT_EXPECT_EQ(test, r->verb, (u32)VERB_GET);
	KUNIT_EXPECT_EQ(test, r->unknown_verb, 0ull);
	KUNIT_EXPECT_EQ(test, r->ssl_info, 0ull);
}

static void v2_tail_zeroed(struct kunit *test)
{
	struct fixture *f = make(test, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
	struct httpsys_request_v2 *r2 = (struct httpsys_request_v2 *)write(test, f);

	KUNIT_EXPECT_EQ(test, r2->request_info_count, 0);
	KUNIT_EXPECT_EQ(test, r2->request_info, 0ull);
}

static void unknown_verb_text(struct kunit *test)
{
	struct fixture *f = make(test, "PATCH / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
	struct httpsys_request_v1 *r = write(test, f);

	KUNIT_EXPECT_EQ(test, r->verb, (u32)VERB_UNKNOWN);
	KUNIT_EXPECT_EQ(test, r->unknown_verb_length, 5);
	KUNIT_ASSERT_TRUE(test, inside(f, r->unknown_verb));
	KUNIT_EXPECT_STREQ(test, str(f, r->unknown_verb), "PATCH");
}

static void raw_url_copied(struct kunit *test)
{
	struct fixture *f = make(test, "GET /a%20b?c HTTP/1.1\r\nHost: h\r\n\r\n");
	struct httpsys_request_v1 *r = write(test, f);

	KUNIT_EXPECT_EQ(test, r->raw_url_length, 8);
	KUNIT_ASSERT_TRUE(test, inside(f, r->raw_url));
	KUNIT_EXPECT_STREQ(test, str(f, r->raw_url), "/a%20b?c");
}

static void cooked_url_pieces(struct kunit *test)
{
	struct fixture *f = make(test, "GET /p?q=1 HTTP/1.1\r\nHost: h\r\n\r\n");
	struct httpsys_request_v1 *r;
	const u32 *w;

	f->m.path = "/p";
	f->m.path_len = 2;
	f->m.query = "?q=1";
	f->m.query_len = 4;
	f->m.port = 8080;
	r = write(test, f);
	/* "http://h:8080/p?q=1" */
	KUNIT_EXPECT_EQ(test, r->full_url_length, 19 * 4);
	KUNIT_EXPECT_EQ(test, r->host_length, 6 * 4);
	KUNIT_EXPECT_EQ(test, r->abs_path_length, 2 * 4);
	KUNIT_EXPECT_EQ(test, r->query_string_length, 4 * 4);
	KUNIT_EXPECT_EQ(test, r->host, r->full_url + 7 * 4);
	KUNIT_EXPECT_EQ(test, r->abs_path, r->full_url + 13 * 4);
	KUNIT_EXPECT_EQ(test, r->query_string, r->full_url + 15 * 4);
	KUNIT_ASSERT_TRUE(test, inside(f, r->full_url + 19 * 4));
	w = (const u32 *)str(f, r->full_url);
	KUNIT_EXPECT_EQ(test, w[0], (u32)'h');
	KUNIT_EXPECT_EQ(test, w[8], (u32)':');
	KUNIT_EXPECT_EQ(test, w[18], (u32)'1');
	KUNIT_EXPECT_EQ(test, w[19], 0u);
	KUNIT_EXPECT_EQ(test, r->full_url % 4, 0ull);
}

static void cooked_url_without_query(struct kunit *test)
{
	struct fixture *f = make(test, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
	struct httpsys_request_v1 *r = write(test, f);

	KUNIT_EXPECT_EQ(test, r->query_string, 0ull);
	KUNIT_EXPECT_EQ(test, r->query_string_length, 0);
	KUNIT_EXPECT_EQ(test, r->full_url_length, 12 * 4);	/* http://h:80/ */
}

static void cooked_url_https_scheme(struct kunit *test)
{
	struct fixture *f = make(test, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
	struct httpsys_request_v1 *r;

	f->m.https = true;
	f->m.port = 443;
	r = write(test, f);
	KUNIT_EXPECT_EQ(test, r->full_url_length, 14 * 4);
	KUNIT_EXPECT_EQ(test, ((const u32 *)str(f, r->full_url))[4], (u32)'s');
}

static void cooked_url_utf8_decoded(struct kunit *test)
{
	struct fixture *f = make(test, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
	struct httpsys_request_v1 *r;
	const u32 *path;

	f->m.path = "/\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
	f->m.path_len = 10;
	r = write(test, f);
	KUNIT_EXPECT_EQ(test, r->abs_path_length, 4 * 4);
	path = (const u32 *)str(f, r->abs_path);
	KUNIT_EXPECT_EQ(test, path[1], 0xe9u);
	KUNIT_EXPECT_EQ(test, path[2], 0x20acu);
	KUNIT_EXPECT_EQ(test, path[3], 0x1f600u);
}

static void cooked_url_invalid_utf8_is_latin1(struct kunit *test)
{
	struct fixture *f = make(test, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
	struct httpsys_request_v1 *r;
	const u32 *path;

	/* A lone continuation byte, a truncated sequence, an overlong form. */
	f->m.path = "/\x80\xe2\x82\xc0\xaf";
	f->m.path_len = 6;
	r = write(test, f);
	KUNIT_EXPECT_EQ(test, r->abs_path_length, 6 * 4);
	path = (const u32 *)str(f, r->abs_path);
	KUNIT_EXPECT_EQ(test, path[1], 0x80u);
	KUNIT_EXPECT_EQ(test, path[2], 0xe2u);
	KUNIT_EXPECT_EQ(test, path[4], 0xc0u);
}

static void known_headers_present_and_absent(struct kunit *test)
{
	struct fixture *f = make(test, "GET / HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n"
				 "Cookie:\r\n\r\n");
	struct httpsys_request_v1 *r = write(test, f);
	const struct httpsys_known_header *k = r->known_headers;

	KUNIT_EXPECT_EQ(test, k[HDR_HOST].raw_value_length, 1);
	KUNIT_EXPECT_STREQ(test, str(f, k[HDR_HOST].raw_value), "h");
	KUNIT_EXPECT_STREQ(test, str(f, k[HDR_ACCEPT].raw_value), "*/*");
	/* Empty: a pointer to an empty string.  Absent: NULL. */
	KUNIT_EXPECT_EQ(test, k[HDR_COOKIE].raw_value_length, 0);
	KUNIT_ASSERT_TRUE(test, inside(f, k[HDR_COOKIE].raw_value));
	KUNIT_EXPECT_STREQ(test, str(f, k[HDR_COOKIE].raw_value), "");
	KUNIT_EXPECT_EQ(test, k[HDR_USER_AGENT].raw_value, 0ull);
}

static void known_headers_combined(struct kunit *test)
{
	struct fixture *f = make(test, "GET / HTTP/1.1\r\nHost: h\r\nAccept: a\r\n"
				 "X: y\r\nAccept: b\r\nAccept: c\r\n\r\n");
	struct httpsys_request_v1 *r = write(test, f);

	KUNIT_EXPECT_EQ(test, r->known_headers[HDR_ACCEPT].raw_value_length, 7);
	KUNIT_EXPECT_STREQ(test, str(f, r->known_headers[HDR_ACCEPT].raw_value),
			   "a, b, c");
}

static void unknown_headers_listed(struct kunit *test)
{
	struct fixture *f = make(test, "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n"
				 "X-B:\r\nX-A: 2\r\n\r\n");
	struct httpsys_request_v1 *r = write(test, f);
	const struct httpsys_unknown_header *u;

	KUNIT_ASSERT_EQ(test, r->unknown_header_count, 3);
	KUNIT_ASSERT_TRUE(test, inside(f, r->unknown_headers));
	KUNIT_EXPECT_EQ(test, r->unknown_headers % 8, 0ull);
	u = (const struct httpsys_unknown_header *)str(f, r->unknown_headers);
	KUNIT_EXPECT_STREQ(test, str(f, u[0].name), "X-A");
	KUNIT_EXPECT_STREQ(test, str(f, u[0].raw_value), "1");
	KUNIT_EXPECT_EQ(test, u[1].raw_value, 0ull);	/* empty value: NULL */
	KUNIT_EXPECT_EQ(test, u[1].raw_value_length, 0);
	KUNIT_EXPECT_STREQ(test, str(f, u[2].raw_value), "2");
}

static void addresses_copied(struct kunit *test)
{
	struct fixture *f = make(test, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
	struct httpsys_request_v1 *r;

	f->remote.sin6_port = htons(1234);
	f->local.sin_port = htons(80);
	r = write(test, f);
	KUNIT_ASSERT_TRUE(test, inside(f, r->remote_address));
	KUNIT_ASSERT_TRUE(test, inside(f, r->local_address));
	KUNIT_EXPECT_EQ(test, r->remote_address % 8, 0ull);
	KUNIT_EXPECT_EQ(test, memcmp(str(f, r->remote_address), &f->remote,
				     sizeof(f->remote)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(str(f, r->local_address), &f->local,
				     sizeof(f->local)), 0);
}

static void no_addresses(struct kunit *test)
{
	struct fixture *f = make(test, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
	struct httpsys_request_v1 *r;

	f->m.remote_addr = NULL;
	f->m.local_addr = NULL;
	r = write(test, f);
	KUNIT_EXPECT_EQ(test, r->remote_address, 0ull);
	KUNIT_EXPECT_EQ(test, r->local_address, 0ull);
}

static void body_chunk(struct kunit *test)
{
	struct fixture *f = make(test, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n");
	struct httpsys_request_v1 *r;
	const struct httpsys_data_chunk *c;
	size_t without;

	without = marshal_request_size(&f->m);
	f->m.body = "hello";
	f->m.body_len = 5;
	r = write(test, f);
	KUNIT_EXPECT_GE(test, f->size, without + sizeof(*c) + 5);
	KUNIT_ASSERT_EQ(test, r->entity_chunk_count, 1);
	c = (const struct httpsys_data_chunk *)str(f, r->entity_chunks);
	KUNIT_EXPECT_EQ(test, r->entity_chunks % 8, 0ull);
	KUNIT_EXPECT_EQ(test, c->type, 0u);
	KUNIT_EXPECT_EQ(test, c->buffer_length, 5u);
	KUNIT_EXPECT_EQ(test, memcmp(str(f, c->buffer), "hello", 5), 0);
}

static void no_body_no_chunk(struct kunit *test)
{
	struct fixture *f = make(test, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
	struct httpsys_request_v1 *r = write(test, f);

	KUNIT_EXPECT_EQ(test, r->entity_chunk_count, 0);
	KUNIT_EXPECT_EQ(test, r->entity_chunks, 0ull);
}

static void size_grows_with_content(struct kunit *test)
{
	struct fixture *a = make(test, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
	struct fixture *b = make(test, "GET / HTTP/1.1\r\nHost: h\r\nX-Long: "
				 "0123456789012345678901234567890123456789\r\n\r\n");

	KUNIT_EXPECT_GT(test, marshal_request_size(&b->m),
			marshal_request_size(&a->m) + 40);
}

static void size_is_deterministic(struct kunit *test)
{
	struct fixture *f = make(test, "GET /x HTTP/1.1\r\nHost: h\r\nA: b\r\n\r\n");

	KUNIT_EXPECT_EQ(test, marshal_request_size(&f->m), marshal_request_size(&f->m));
}

static void flags_and_counters(struct kunit *test)
{
	struct fixture *f = make(test, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
	struct httpsys_request_v1 *r;

	f->m.flags = HTTPSYS_REQUEST_MORE_ENTITY_BODY;
	f->m.bytes_received = 1234;
	f->m.url_context = 0xfeedull;
	r = write(test, f);
	KUNIT_EXPECT_EQ(test, r->flags, (u32)HTTPSYS_REQUEST_MORE_ENTITY_BODY);
	KUNIT_EXPECT_EQ(test, r->bytes_received, 1234ull);
	KUNIT_EXPECT_EQ(test, r->url_context, 0xfeedull);
}

static void every_pointer_inside(struct kunit *test)
{
	struct fixture *f = make(test, "LOCK /a?b HTTP/1.1\r\nHost: h\r\nAccept: x\r\n"
				 "Y: z\r\nAccept: w\r\n\r\n");
	struct httpsys_request_v1 *r;
	int id;

	f->m.query = "?b";
	f->m.query_len = 2;
	f->m.body = "z";
	f->m.body_len = 1;
	r = write(test, f);
	KUNIT_EXPECT_TRUE(test, inside(f, r->raw_url));
	KUNIT_EXPECT_TRUE(test, inside(f, r->full_url));
	KUNIT_EXPECT_TRUE(test, inside(f, r->query_string));
	KUNIT_EXPECT_TRUE(test, inside(f, r->unknown_headers));
	KUNIT_EXPECT_TRUE(test, inside(f, r->entity_chunks));
	for (id = 0; id < HDR_REQUEST_MAX; id++) {
		u64 p = r->known_headers[id].raw_value;

		if (p)
			KUNIT_EXPECT_TRUE(test, inside(f, p + r->known_headers[id].raw_value_length));
	}
}

/* AUTH and IDENTITY records: within the size, every pointer inside. */
static void auth_records(struct kunit *test)
{
	static const u32 groups[] = { 10, 20, 30 };
	struct marshal_auth a = {
		.status = HTTPSYS_AUTH_SUCCESS, .type = HTTPSYS_AUTH_TYPE_NEGOTIATE,
		.package = "Kerberos", .package_len = 8,
		.mutual = "Negotiate oQ==", .mutual_len = 14,
		.packed_context = (const u8 *)"\1\2\3\4\5", .packed_context_len = 5,
		.user = "alice@R", .user_len = 7, .groups = groups, .group_count = 3,
	};
	struct fixture *f = make(test, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
	struct httpsys_request_v2 *r2;
	struct httpsys_request_info *info;
	struct httpsys_request_auth_info *ai;
	struct httpsys_auth_identity *id;

	f->m.auth = &a;
	r2 = (struct httpsys_request_v2 *)write(test, f);
	KUNIT_ASSERT_EQ(test, r2->request_info_count, 2);
	KUNIT_ASSERT_TRUE(test, inside(f, r2->request_info));
	info = (struct httpsys_request_info *)str(f, r2->request_info);
	KUNIT_ASSERT_TRUE(test, inside(f, info[0].info + sizeof(*ai) - 1));
	KUNIT_ASSERT_TRUE(test, inside(f, info[1].info + sizeof(*id) - 1));
	ai = (struct httpsys_request_auth_info *)str(f, info[0].info);
	id = (struct httpsys_auth_identity *)str(f, info[1].info);
	KUNIT_EXPECT_EQ(test, ai->auth_type, (u32)HTTPSYS_AUTH_TYPE_NEGOTIATE);
	KUNIT_EXPECT_TRUE(test, inside(f, ai->package_name + 9 * 4 - 1));
	KUNIT_EXPECT_TRUE(test, inside(f, ai->mutual_auth_data + 13));
	KUNIT_EXPECT_TRUE(test, inside(f, ai->packed_context + 4));
	KUNIT_EXPECT_EQ(test, ai->package_name_length, 32);
	KUNIT_EXPECT_EQ(test, id->group_count, 3u);
	KUNIT_EXPECT_TRUE(test, inside(f, id->groups + 11));
	KUNIT_EXPECT_STREQ(test, str(f, id->user), "alice@R");
}

static struct kunit_case marshal_cases[] = {
	KUNIT_CASE(size_is_aligned_and_covers_fixed_part),
	KUNIT_CASE(ids_and_version),
	KUNIT_CASE(v2_tail_zeroed),
	KUNIT_CASE(unknown_verb_text),
	KUNIT_CASE(raw_url_copied),
	KUNIT_CASE(cooked_url_pieces),
	KUNIT_CASE(cooked_url_without_query),
	KUNIT_CASE(cooked_url_https_scheme),
	KUNIT_CASE(cooked_url_utf8_decoded),
	KUNIT_CASE(cooked_url_invalid_utf8_is_latin1),
	KUNIT_CASE(known_headers_present_and_absent),
	KUNIT_CASE(known_headers_combined),
	KUNIT_CASE(unknown_headers_listed),
	KUNIT_CASE(addresses_copied),
	KUNIT_CASE(no_addresses),
	KUNIT_CASE(body_chunk),
	KUNIT_CASE(no_body_no_chunk),
	KUNIT_CASE(size_grows_with_content),
	KUNIT_CASE(size_is_deterministic),
	KUNIT_CASE(flags_and_counters),
	KUNIT_CASE(every_pointer_inside),
	KUNIT_CASE(auth_records),
	{}
};

static struct kunit_suite marshal_suite = {
	.name = "httpsys_marshal",
	.test_cases = marshal_cases,
};

kunit_test_suites(&marshal_suite);
