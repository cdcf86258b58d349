// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the protocol code shared with the kernel module: the
 * request parser, URL prefixes and routing pieces, the marshaller, Base64
 * and the authentication header pieces.
 */
#include <stdlib.h>
#include <arpa/inet.h>

#include "tap.h"
#include "http_parse.h"
#include "known_headers.h"
#include "url.h"
#include "marshal.h"
#include "base64.h"
#include "auth_header.h"
#include "httpsys_auth.h"
#include "httpsys.h"

static struct http_field fields[32];
static struct http_request_head req;

static int parse(const char *s)
{
	return http_parse_request(s, strlen(s), &req, fields, 32);
}

static void test_parser(void)
{
	const char *get = "GET /a/b?x=1 HTTP/1.1\r\nHost: example.com\r\n"
			  "User-Agent: t\r\nX-Custom:  v  \r\n\r\n";
	int n = parse(get);

	CHECK(n == (int)strlen(get), "parser: complete GET returns head length");
	CHECK(req.verb == VERB_GET, "parser: GET maps to HttpVerbGET");
	CHECK(req.target_len == 8 && !memcmp(get + req.target_off, "/a/b?x=1", 8),
	      "parser: request target recorded");
	CHECK(req.version_major == 1 && req.version_minor == 1, "parser: version 1.1");
	CHECK(req.keep_alive, "parser: HTTP/1.1 defaults to keep-alive");
	CHECK(req.field_count == 3 && fields[0].id == HDR_HOST &&
	      fields[1].id == HDR_USER_AGENT && fields[2].id == HDR_UNKNOWN,
	      "parser: known and unknown header IDs");
	CHECK(fields[2].value_len == 1 && get[fields[2].value_off] == 'v',
	      "parser: surrounding whitespace trimmed from values");
	CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\n") == 0,
	      "parser: head without the empty line is incomplete");
	CHECK(parse("GET / HTTP/1.1\r") == 0, "parser: trailing CR is incomplete");
	CHECK(parse("GET / HTTP/1.1\nHost: a\n\n") == -HTTP_ERR_BAD_REQUEST,
	      "parser: bare LF in the request line is refused");
	CHECK(parse("GET / HTTP/1.1\r\nHost: a\n\r\n") == -HTTP_ERR_BAD_HEADER,
	      "parser: bare LF in a header is refused");
	CHECK(parse("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n") == -HTTP_ERR_BAD_HEADER,
	      "parser: bare CR in a header is refused");
	CHECK(parse("GET / HTTP/1.1\r\nHost : a\r\n\r\n") == -HTTP_ERR_BAD_HEADER,
	      "parser: whitespace before the colon is refused");
	CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n") == -HTTP_ERR_BAD_HEADER,
	      "parser: obs-fold is refused");
	CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\nX: a\001b\r\n\r\n") == -HTTP_ERR_BAD_HEADER,
	      "parser: control character in a value is refused");
	CHECK(parse("GET / HTTP/1.1\r\n\r\n") == -HTTP_ERR_NO_HOST,
	      "parser: HTTP/1.1 without Host is refused");
	CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") == -HTTP_ERR_NO_HOST,
	      "parser: two Host headers are refused");
	CHECK(parse("GET / HTTP/1.0\r\n\r\n") > 0 && !req.keep_alive,
	      "parser: HTTP/1.0 without Host is accepted, not kept alive");
	CHECK(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") > 0 &&
	      req.keep_alive, "parser: HTTP/1.0 keep-alive token honoured");
	CHECK(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: x, close\r\n\r\n") > 0 &&
	      !req.keep_alive, "parser: Connection close token honoured");
	CHECK(parse("GET / HTTP/2.0\r\nHost: a\r\n\r\n") == -HTTP_ERR_VERSION,
	      "parser: HTTP/2.0 request line gets 505");
	CHECK(parse("GET / HTTX/1.1\r\nHost: a\r\n\r\n") == -HTTP_ERR_BAD_REQUEST,
	      "parser: bad protocol name refused");
	CHECK(parse("GET  / HTTP/1.1\r\nHost: a\r\n\r\n") == -HTTP_ERR_BAD_URL,
	      "parser: double space refused");
	CHECK(parse("G(T / HTTP/1.1\r\nHost: a\r\n\r\n") == -HTTP_ERR_BAD_VERB,
	      "parser: non-token method refused");
	CHECK(parse("PATCH / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n") > 0 &&
	      req.verb == VERB_UNKNOWN, "parser: PATCH is HttpVerbUnknown");
	CHECK(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n") > 0 &&
	      req.content_length == 12 && req.has_body, "parser: Content-Length read");
	CHECK(parse("POST / HTTP/1.1\r\nHost: a\r\n\r\n") == -HTTP_ERR_LENGTH_REQUIRED,
	      "parser: POST without a length gets 411");
	CHECK(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
		    "Content-Length: 2\r\n\r\n") == -HTTP_ERR_BAD_HEADER,
	      "parser: conflicting Content-Length refused");
	CHECK(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\n") ==
	      -HTTP_ERR_BAD_HEADER, "parser: signed Content-Length refused");
	CHECK(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n") ==
	      -HTTP_ERR_BAD_HEADER, "parser: overflowing Content-Length refused");
	CHECK(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
		    "Transfer-Encoding: chunked\r\n\r\n") == -HTTP_ERR_BAD_REQUEST,
	      "parser: Content-Length with Transfer-Encoding refused");
	CHECK(parse("GET http://a/x HTTP/1.1\r\nHost: a\r\n\r\n") > 0,
	      "parser: absolute-form target accepted");
	CHECK(parse("GET x HTTP/1.1\r\nHost: a\r\n\r\n") == -HTTP_ERR_BAD_URL,
	      "parser: relative target refused");
	CHECK(parse("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n") < 0,
	      "parser: empty request line refused");
}

static int field_line(const char *s, struct http_field *f)
{
	return http_parse_field_line(s, strlen(s), f);
}

/* Where the one pass over a field line stops, and what each stop means. */
static void test_field_line(void)
{
	struct http_field f;

	CHECK(field_line("Host:\t a b \t\r\nX", &f) == 14 && f.name_len == 4 &&
	      f.value_off == 7 && f.value_len == 3 && f.id == HDR_HOST,
	      "field line: whitespace around the value trimmed");
	CHECK(field_line("X:\r\n", &f) == 4 && f.value_off == 2 &&
	      f.value_len == 0 && f.id == HDR_UNKNOWN,
	      "field line: an empty value");
	CHECK(field_line("Host: a\x01", &f) == 0 && field_line("Ho st", &f) == 0 &&
	      field_line("Host: a\r", &f) == 0,
	      "field line: a bad byte waits for the line's CRLF");
	CHECK(field_line("Host: a\x01\r\n", &f) == -HTTP_ERR_BAD_HEADER &&
	      field_line("Ho st: a\r\n", &f) == -HTTP_ERR_BAD_HEADER &&
	      field_line("Host: a\x7f\r\n", &f) == -HTTP_ERR_BAD_HEADER,
	      "field line: a bad byte in a whole line is refused");
	CHECK(field_line("Host: a\rb\r\n", &f) == -HTTP_ERR_BAD_HEADER &&
	      field_line("Host: a\nb", &f) == -HTTP_ERR_BAD_HEADER &&
	      field_line("Host\r\n", &f) == -HTTP_ERR_BAD_HEADER &&
	      field_line(": a\r\n", &f) == -HTTP_ERR_BAD_HEADER,
	      "field line: bare CR, bare LF, no colon, no name refused");
	CHECK(field_line("X: \xc3\xa9\x80\xff\r\n", &f) == 9 && f.value_len == 4,
	      "field line: bytes above 0x7f are value bytes");
}

/* Every known name, in three cases and with one byte changed, each place. */
static void test_header_lookup_all(void)
{
	int id, wrong = 0;
	size_t i, len;
	char name[32];

	for (id = 0; id < HDR_REQUEST_MAX; id++) {
		const char *known = httpsys_request_header_name(id);

		len = strlen(known);
		wrong += httpsys_request_header_id(known, len) != id;
		for (i = 0; i < len; i++)
			name[i] = known[i] | ((known[i] >= 'A' && known[i] <= 'Z') ? 0x20 : 0);
		wrong += httpsys_request_header_id(name, len) != id;
		for (i = 0; i < len; i++)
			name[i] &= (name[i] >= 'a' && name[i] <= 'z') ? ~0x20 : ~0;
		wrong += httpsys_request_header_id(name, len) != id;
		wrong += httpsys_request_header_id(known, len - 1) != HDR_UNKNOWN;
		for (i = 0; i < len; i++) {
			memcpy(name, known, len);
			name[i] = name[i] == 'x' ? 'y' : 'x';
			wrong += httpsys_request_header_id(name, len) != HDR_UNKNOWN;
		}
	}
	CHECK(wrong == 0, "headers: all 41 names in any case, none with a byte "
	      "changed or cut (%d wrong)", wrong);
}

static void test_headers(void)
{
	CHECK(httpsys_request_header_id("content-length", 14) == HDR_CONTENT_LENGTH,
	      "headers: lookup is case-insensitive");
	CHECK(httpsys_request_header_id("Content-Lengt", 13) == HDR_UNKNOWN,
	      "headers: a prefix of a name is unknown");
	CHECK(httpsys_request_header_id("CONTENT-MD5", 11) == HDR_CONTENT_MD5 &&
	      httpsys_request_header_id("te", 2) == HDR_TE &&
	      httpsys_request_header_id("proxy-AUTHORIZATION", 19) ==
	      HDR_PROXY_AUTHORIZATION,
	      "headers: the shortest, the longest and digits in names");
	/* Case folds letters only: 0x0d | 0x20 is '-', 0x15 | 0x20 is '5'. */
	CHECK(httpsys_request_header_id("Content\rLength", 14) == HDR_UNKNOWN &&
	      httpsys_request_header_id("Content-MD\x15", 11) == HDR_UNKNOWN &&
	      httpsys_request_header_id("User-Agent\0", 11) == HDR_UNKNOWN,
	      "headers: only letters compare case-insensitively");
	CHECK(!strcmp(httpsys_response_header_name(29), "WWW-Authenticate") &&
	      !strcmp(httpsys_response_header_name(11), "Content-Length"),
	      "headers: response names by ID");
	CHECK(httpsys_response_header_name(30) == NULL &&
	      httpsys_request_header_name(41) == NULL,
	      "headers: out-of-range IDs have no name");
}

static int prefix_ok(const char *s)
{
	struct url_prefix p;

	return url_prefix_parse(s, strlen(s), &p) == 0;
}

static void test_url(void)
{
	struct url_prefix a, b, p;
	const char *s1 = "http://+:80/app/", *s2 = "http://+:80/APP";
	char buf[64];
	u16 port;
	int n;

	CHECK(prefix_ok("http://+:80/") && prefix_ok("http://*:8080/a/b/") &&
	      prefix_ok("http://[::1]:80/") && prefix_ok("https://host:443/x"),
	      "url: valid prefixes accepted");
	CHECK(!prefix_ok("http://+/") && !prefix_ok("http://+:0/") &&
	      !prefix_ok("http://+:65536/") && !prefix_ok("http://+:080/"),
	      "url: missing, zero, large and zero-led ports refused");
	CHECK(!prefix_ok("http://+:80") && !prefix_ok("http://+:80/a?b") &&
	      !prefix_ok("HTTP://+:80/") && !prefix_ok("ftp://+:80/"),
	      "url: no path, query, upper-case or foreign scheme refused");
	url_prefix_parse("http://127.0.0.1:1/", 19, &p);
	CHECK(p.host_kind == URL_HOST_IP, "url: IPv4 literal is the IP class");
	url_prefix_parse("http://Example.COM:1/", 21, &p);
	CHECK(p.host_kind == URL_HOST_EXPLICIT, "url: name is the explicit class");
	url_prefix_parse(s1, strlen(s1), &a);
	url_prefix_parse(s2, strlen(s2), &b);
	CHECK(url_prefix_same(s1, &a, s2, &b),
	      "url: trailing slash and case do not distinguish prefixes");
	CHECK(url_prefix_match_path(s1, &a, "/app/x", 6) == 4 &&
	      url_prefix_match_path(s1, &a, "/app", 4) == 4 &&
	      url_prefix_match_path(s1, &a, "/application", 12) < 0,
	      "url: path matching stops at segment boundaries");
	n = url_split_host("[::1]:8080", 10, &port);
	CHECK(n == 5 && port == 8080, "url: IPv6 Host header split");
	n = url_split_host("example.com", 11, &port);
	CHECK(n == 11 && port == 0, "url: Host without port");
	CHECK(url_split_host("a b", 3, &port) < 0 && url_split_host("a:x", 3, &port) < 0,
	      "url: malformed Host refused");
	n = url_decode_path("/a/%41/./b/../c", 15, buf);
	CHECK(n == 6 && !memcmp(buf, "/a/A/c", 6),
	      "url: percent-decoding and dot segments");
	CHECK(url_decode_path("/%00", 4, buf) < 0 && url_decode_path("/%4", 3, buf) < 0 &&
	      url_decode_path("/..", 3, buf) < 0, "url: bad escapes and escaping the root refused");
	CHECK(url_decode_path("/a%0Ab", 6, buf) < 0 && url_decode_path("/%0d", 4, buf) < 0 &&
	      url_decode_path("/%7f", 4, buf) < 0 && url_decode_path("/%1F", 4, buf) < 0 &&
	      url_decode_path("/%20", 4, buf) == 2,
	      "url: escaped control bytes (CR, LF, C0, DEL) refused, an escaped space kept");
}

static void test_marshal(void)
{
	const char *head = "PATCH /p%20q?k=v HTTP/1.1\r\nHost: h\r\nAccept: a\r\n"
			   "Accept: b\r\nX-E:\r\nContent-Length: 0\r\n\r\n";
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(9) };
	struct marshal_request m = { 0 };
	struct httpsys_request_v1 *r;
	size_t size;
	u64 *buf;

	CHECK(parse(head) > 0, "marshal: test request parses");
	m.head = head;
	m.req = &req;
	m.fields = fields;
	m.port = 8080;
	m.host = "h";
	m.host_len = 1;
	m.path = "/p q";
	m.path_len = 4;
	m.query = "?k=v";
	m.query_len = 4;
	m.request_id = 7;
	m.remote_addr = &sin;
	m.remote_addr_len = sizeof(sin);
	size = marshal_request_size(&m);
	CHECK(size > sizeof(struct httpsys_request_v2) && size % 8 == 0,
	      "marshal: size covers the fixed part and is aligned");
	buf = calloc(1, size);
	marshal_request_write(&m, buf, (u64)(uintptr_t)buf);
	r = (struct httpsys_request_v1 *)buf;
	CHECK(r->request_id == 7 && r->verb == VERB_UNKNOWN &&
	      r->unknown_verb_length == 5 &&
	      !strcmp((char *)(uintptr_t)r->unknown_verb, "PATCH"),
	      "marshal: unknown verb text");
	CHECK(r->full_url_length == 21 * 4 && r->host_length == 6 * 4 &&
	      r->abs_path_length == 4 * 4 && r->query_string_length == 4 * 4,
	      "marshal: cooked URL lengths in bytes of wide characters");
	CHECK(((u32 *)(uintptr_t)r->abs_path)[2] == ' ',
	      "marshal: cooked path is decoded");
	CHECK(!strcmp((char *)(uintptr_t)r->known_headers[HDR_ACCEPT].raw_value, "a, b"),
	      "marshal: repeated known headers combined");
	CHECK(r->unknown_header_count == 1 &&
	      ((struct httpsys_unknown_header *)(uintptr_t)r->unknown_headers)->raw_value == 0,
	      "marshal: empty unknown header value has a NULL pointer");
	CHECK(r->known_headers[HDR_CONTENT_LENGTH].raw_value_length == 1 &&
	      r->known_headers[HDR_COOKIE].raw_value == 0,
	      "marshal: present and absent known headers");
	CHECK(r->remote_address >= (u64)(uintptr_t)buf &&
	      r->remote_address < (u64)(uintptr_t)buf + size && r->local_address == 0,
	      "marshal: addresses point inside the buffer");
	free(buf);
}

static bool decodes(const char *in, const char *want)
{
	u8 out[64];
	long n = base64_decode(in, strlen(in), out);

	return n == (long)strlen(want) && !memcmp(out, want, n);
}

static void test_base64(void)
{
	char out[64];
	u8 buf[64];

	CHECK(base64_encode((const u8 *)"Aladdin:open sesame", 19, out) == 28 &&
	      !memcmp(out, "QWxhZGRpbjpvcGVuIHNlc2FtZQ==", 28),
	      "base64: RFC 7617's example encodes");
	CHECK(decodes("QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "Aladdin:open sesame") &&
	      decodes("dGVzdDoxMjPCow==", "test:123\xc2\xa3"),
	      "base64: RFC 7617's examples decode");
	CHECK(decodes("Zm9vYg", "foob") && decodes("Zm9vYmE", "fooba") &&
	      decodes("", ""), "base64: padding may be left out");
	CHECK(base64_decode("Zm9vYg=", 7, buf) < 0 &&
	      base64_decode("Zm9v=", 5, buf) < 0 &&
	      base64_decode("Z===", 4, buf) < 0 &&
	      base64_decode("Zm9vY", 5, buf) < 0,
	      "base64: wrong padding and a lone character refused");
	CHECK(base64_decode("Zm9v YmFy", 9, buf) < 0 &&
	      base64_decode("Zm9v!mFy", 8, buf) < 0 &&
	      base64_decode("Zm9vYh==", 8, buf) < 0,
	      "base64: whitespace, foreign characters, stray bits refused");
	CHECK(base64_encoded_len(1) == 4 && base64_encoded_len(3) == 4 &&
	      base64_decoded_max(4) == 3 && base64_decoded_max(6) == 6,
	      "base64: size helpers");
}

static void test_auth_header(void)
{
	struct auth_credentials a;
	const char *v = "Negotiate  YIIx==";

	CHECK(!auth_credentials_parse(v, strlen(v), &a) &&
	      a.scheme == HTTPSYS_AUTH_SCHEME_NEGOTIATE && a.scheme_len == 9 &&
	      a.params_off == 11 && a.params_len == 6,
	      "auth header: scheme and token68 split");
	CHECK(!auth_credentials_parse("basic", 5, &a) &&
	      a.scheme == HTTPSYS_AUTH_SCHEME_BASIC && a.params_len == 0,
	      "auth header: scheme names are case-insensitive; no parameters");
	CHECK(!auth_credentials_parse("Custom abc", 10, &a) && a.scheme == 0 &&
	      a.scheme_len == 6, "auth header: an unknown scheme is scheme 0");
	CHECK(auth_credentials_parse("", 0, &a) < 0 &&
	      auth_credentials_parse("=abc", 4, &a) < 0 &&
	      auth_credentials_parse("Basic,x", 7, &a) < 0,
	      "auth header: no scheme is malformed");
	CHECK(!auth_credentials_parse("Digest username=\"a\", nc=1", 25, &a) &&
	      a.scheme == HTTPSYS_AUTH_SCHEME_DIGEST && a.params_off == 7,
	      "auth header: Digest parameters kept as sent");
	CHECK(auth_challenge_rank("Negotiate", 9) == 0 &&
	      auth_challenge_rank("NTLM abc", 8) == 1 &&
	      auth_challenge_rank("digest realm=\"r\"", 16) == 2 &&
	      auth_challenge_rank("Basic realm=x", 13) == 3 &&
	      auth_challenge_rank("Kerberos", 8) == 4 &&
	      auth_challenge_rank("Bearer", 6) == 4,
	      "auth header: challenge ranks Negotiate, NTLM, Digest, Basic, others");
	CHECK(auth_scheme_type(HTTPSYS_AUTH_SCHEME_KERBEROS) == HTTPSYS_AUTH_TYPE_KERBEROS &&
	      !strcmp(auth_scheme_name(HTTPSYS_AUTH_SCHEME_NTLM), "NTLM"),
	      "auth header: scheme types and names");
}

static void test_marshal_auth(void)
{
	const char *head = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
	static const u32 groups[] = { 100, 200 };
	struct marshal_auth a = {
		.status = HTTPSYS_AUTH_SUCCESS, .type = HTTPSYS_AUTH_TYPE_NTLM,
		.flags = HTTPSYS_AUTH_FLAG_CACHED_CRED, .context_attributes = 5,
		.package = "NTLM", .package_len = 4,
		.mutual = "Negotiate oYG=", .mutual_len = 14,
		.packed_context = (const u8 *)"ctx", .packed_context_len = 3,
		.user = "DOM\\alice", .user_len = 9, .mapped = true,
		.uid = 1000, .gid = 1001, .groups = groups, .group_count = 2,
	};
	struct marshal_request m = { 0 };
	struct httpsys_request_v2 *r;
	struct httpsys_request_info *info;
	struct httpsys_request_auth_info *ai;
	struct httpsys_auth_identity *id;
	size_t size, plain;
	u64 *buf;

	CHECK(parse(head) > 0, "marshal auth: test request parses");
	m.head = head;
	m.req = &req;
	m.fields = fields;
	m.host = "h";
	m.host_len = 1;
	m.path = "/";
	m.path_len = 1;
	plain = marshal_request_size(&m);
	m.auth = &a;
	size = marshal_request_size(&m);
	CHECK(size > plain && size % 8 == 0, "marshal auth: records are counted");
	buf = calloc(1, size);
	marshal_request_write(&m, buf, (u64)(uintptr_t)buf);
	r = (struct httpsys_request_v2 *)buf;
	info = (struct httpsys_request_info *)(uintptr_t)r->request_info;
	CHECK(r->request_info_count == 2 && info[0].type == HTTPSYS_REQUEST_INFO_AUTH &&
	      info[0].length == sizeof(*ai) &&
	      info[1].type == HTTPSYS_REQUEST_INFO_IDENTITY,
	      "marshal auth: AUTH then IDENTITY");
	ai = (struct httpsys_request_auth_info *)(uintptr_t)info[0].info;
	CHECK(ai->auth_status == HTTPSYS_AUTH_SUCCESS &&
	      ai->auth_type == HTTPSYS_AUTH_TYPE_NTLM &&
	      ai->flags == HTTPSYS_AUTH_FLAG_CACHED_CRED &&
	      ai->context_attributes == 5 && ai->access_token == 0,
	      "marshal auth: status, type, flags, attributes");
	CHECK(ai->package_name_length == 16 &&
	      ((u32 *)(uintptr_t)ai->package_name)[3] == 'M' &&
	      ((u32 *)(uintptr_t)ai->package_name)[4] == 0,
	      "marshal auth: package name in wide characters");
	CHECK(ai->mutual_auth_data_length == 14 &&
	      !memcmp((char *)(uintptr_t)ai->mutual_auth_data, "Negotiate oYG=", 14) &&
	      ai->packed_context_length == 3 &&
	      ai->packed_context_type == HTTPSYS_AUTH_TYPE_NTLM &&
	      !memcmp((char *)(uintptr_t)ai->packed_context, "ctx", 3),
	      "marshal auth: mutual auth data and packed context");
	id = (struct httpsys_auth_identity *)(uintptr_t)info[1].info;
	CHECK(id->uid == 1000 && id->gid == 1001 && id->mapped == 1 &&
	      id->group_count == 2 &&
	      ((u32 *)(uintptr_t)id->groups)[1] == 200 && id->user_length == 9 &&
	      !strcmp((char *)(uintptr_t)id->user, "DOM\\alice"),
	      "marshal auth: identity");
	CHECK((u64)(uintptr_t)id->groups + 8 <= (u64)(uintptr_t)buf + size &&
	      (u64)(uintptr_t)id->user + 10 <= (u64)(uintptr_t)buf + size,
	      "marshal auth: pointers inside the buffer");
	free(buf);

	a = (struct marshal_auth){ .status = HTTPSYS_AUTH_NOT_AUTHENTICATED };
	size = marshal_request_size(&m);
	buf = calloc(1, size);
	marshal_request_write(&m, buf, (u64)(uintptr_t)buf);
	r = (struct httpsys_request_v2 *)buf;
	info = (struct httpsys_request_info *)(uintptr_t)r->request_info;
	ai = (struct httpsys_request_auth_info *)(uintptr_t)info[0].info;
	CHECK(r->request_info_count == 1 &&
	      ai->auth_status == HTTPSYS_AUTH_NOT_AUTHENTICATED &&
	      ai->auth_type == HTTPSYS_AUTH_TYPE_NONE && !ai->package_name &&
	      !ai->mutual_auth_data && !ai->packed_context,
	      "marshal auth: NotAuthenticated alone");
	free(buf);
}

int main(void)
{
	test_parser();
	test_field_line();
	test_headers();
	test_header_lookup_all();
	test_url();
	test_marshal();
	test_base64();
	test_auth_header();
	test_marshal_auth();
	return tap_exit_status();
}
