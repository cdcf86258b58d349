// SPDX-License-Identifier: GPL-2.0
/*
 * Strict HTTP/1.x request-head parser (RFC 9112).  It re-parses from the
 * start on each call; heads are bounded by the caller, so that is cheap
 * and keeps the parser stateless.  Anything ambiguous is an error, which
 * is what makes request smuggling through us impossible.
 */
#include "http_parse.h"
#include "known_headers.h"

#define MAX_CONTENT_LENGTH	(1ULL << 62)

static const char *const verb_names[VERB_MAXIMUM] = {
	[VERB_OPTIONS] = "OPTIONS", [VERB_GET] = "GET", [VERB_HEAD] = "HEAD",
	[VERB_POST] = "POST", [VERB_PUT] = "PUT", [VERB_DELETE] = "DELETE",
	[VERB_TRACE] = "TRACE", [VERB_CONNECT] = "CONNECT",
	[VERB_TRACK] = "TRACK", [VERB_MOVE] = "MOVE", [VERB_COPY] = "COPY",
	[VERB_PROPFIND] = "PROPFIND", [VERB_PROPPATCH] = "PROPPATCH",
	[VERB_MKCOL] = "MKCOL", [VERB_LOCK] = "LOCK", [VERB_UNLOCK] = "UNLOCK",
	[VERB_SEARCH] = "SEARCH",
};

/* What a byte may be: in a token, in a field value, or both. */
#define TCHAR	1
#define VCHAR	2
#define TV	(TCHAR | VCHAR)

/* RFC 9110's tchar and field-vchar (with SP and HTAB); other bytes are 0. */
static const u8 char_class[256] = {
	['\t'] = VCHAR, [' '] = VCHAR, ['!'] = TV, ['"'] = VCHAR,
	['#' ... '\''] = TV, ['('] = VCHAR, [')'] = VCHAR, ['*'] = TV,
	['+'] = TV, [','] = VCHAR, ['-'] = TV, ['.'] = TV, ['/'] = VCHAR,
	['0' ... '9'] = TV, [':' ... '@'] = VCHAR, ['A' ... 'Z'] = TV,
	['[' ... ']'] = VCHAR, ['^' ... 'z'] = TV, ['{'] = VCHAR, ['|'] = TV,
	['}'] = VCHAR, ['~'] = TV, [0x80 ... 0xff] = VCHAR,
};

bool http_is_tchar(unsigned char c)
{
	return char_class[c] & TCHAR;
}

bool http_is_value_char(unsigned char c)
{
	return char_class[c] & VCHAR;
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

bool http_ascii_case_equal(const char *a, const char *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (lower(a[i]) != lower(b[i]))
			return false;
	}
	return true;
}

bool http_is_token(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++) {
		if (!http_is_tchar((unsigned char)s[i]))
			return false;
	}
	return true;
}

enum http_verb http_verb_from_method(const char *m, size_t len)
{
	int v;

	for (v = VERB_OPTIONS; v < VERB_MAXIMUM; v++) {
		if (strlen(verb_names[v]) == len && !memcmp(verb_names[v], m, len))
			return v;
	}
	return VERB_UNKNOWN;
}

const char *http_verb_name(enum http_verb verb)
{
	if (verb < VERB_OPTIONS || verb >= VERB_MAXIMUM)
		return NULL;
	return verb_names[verb];
}

/*
 * Length of the line at @buf up to (not including) CRLF; -1 when the line
 * is incomplete, -2 on a bare CR or bare LF.
 */
static long line_length(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			return -2;
		if (buf[i] == '\r') {
			if (i + 1 == len)
				return -1;
			return buf[i + 1] == '\n' ? (long)i : -2;
		}
	}
	return -1;
}

/*
 * A field line holding a byte it may not: 0 while its CRLF has not
 * arrived (the caller waits for more bytes first), else refused.
 */
static int refuse_field_line(const char *buf, size_t len)
{
	return line_length(buf, len) == -1 ? 0 : -HTTP_ERR_BAD_HEADER;
}

/*
 * One pass: the name's token bytes up to the colon, then value bytes up
 * to the CR, which must start the line's CRLF.  Any other stop (a byte
 * out of place, a bare CR or LF, the end of the bytes) is refused or
 * waited for by refuse_field_line(), exactly as for a line checked in
 * separate passes.
 */
int http_parse_field_line(const char *buf, size_t len, struct http_field *field)
{
	size_t colon = 0, start, end, i;

	while (colon < len && (char_class[(u8)buf[colon]] & TCHAR))
		colon++;
	/* Also refuses whitespace before the colon and obs-fold lines. */
	if (colon == 0 || colon == len || buf[colon] != ':' || colon > 0xffff)
		return refuse_field_line(buf, len);
	i = colon + 1;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	start = i;
	while (i < len && (char_class[(u8)buf[i]] & VCHAR))
		i++;
	if (i + 1 >= len || buf[i] != '\r' || buf[i + 1] != '\n')
		return refuse_field_line(buf, len);
	end = i;
	while (end > start && (buf[end - 1] == ' ' || buf[end - 1] == '\t'))
		end--;
	if (end - start > 0xffff)
		return -HTTP_ERR_BAD_HEADER;
	field->name_off = 0;
	field->name_len = colon;
	field->value_off = start;
	field->value_len = end - start;
	field->id = httpsys_request_header_id(buf, colon);
	return i + 2;
}

static int parse_request_line(const char *buf, long line,
			      struct http_request_head *req)
{
	const char *version;
	size_t i = 0;

	while (i < (size_t)line && buf[i] != ' ')
		i++;
	if (i == (size_t)line || !http_is_token(buf, i) || i > 0xffff)
		return -HTTP_ERR_BAD_VERB;
	req->method_len = i;
	req->verb = http_verb_from_method(buf, i);
	req->target_off = ++i;
	while (i < (size_t)line && buf[i] > 0x20 && buf[i] < 0x7f)
		i++;
	if (i == req->target_off || i == (size_t)line || buf[i] != ' ' ||
	    i - req->target_off > 0xffff)
		return -HTTP_ERR_BAD_URL;
	req->target_len = i - req->target_off;
	i++;
	if ((size_t)line - i != 8 || memcmp(buf + i, "HTTP/", 5))
		return -HTTP_ERR_BAD_REQUEST;
	version = buf + i + 5;
	if (version[0] < '0' || version[0] > '9' || version[1] != '.' ||
	    version[2] < '0' || version[2] > '9')
		return -HTTP_ERR_BAD_REQUEST;
	req->version_major = version[0] - '0';
	req->version_minor = version[2] - '0';
	if (req->version_major != 1)
		return -HTTP_ERR_VERSION;
	/* Targets are origin-form ("/...") or absolute-form; '*' is OPTIONS-only. */
	if (buf[req->target_off] != '/' &&
	    !(req->target_len == 1 && buf[req->target_off] == '*' &&
	      req->verb == VERB_OPTIONS) &&
	    !(req->target_len > 7 &&
	      (http_ascii_case_equal(buf + req->target_off, "http://", 7) ||
	       http_ascii_case_equal(buf + req->target_off, "https://", 8))))
		return -HTTP_ERR_BAD_URL;
	return 0;
}

static int parse_content_length(const char *v, size_t len, u64 *out)
{
	u64 n = 0;
	size_t i;

	if (len == 0)
		return -HTTP_ERR_BAD_HEADER;
	for (i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -HTTP_ERR_BAD_HEADER;
		/* Checked before multiplying, so the value can never wrap. */
		if (n > (MAX_CONTENT_LENGTH - (v[i] - '0')) / 10)
			return -HTTP_ERR_BAD_HEADER;
		n = n * 10 + (v[i] - '0');
	}
	*out = n;
	return 0;
}

/* Apply the Connection header's tokens ("close", "keep-alive") to @req. */
static void apply_connection_tokens(const char *v, size_t len,
				    struct http_request_head *req)
{
	size_t i = 0, start, end;

	while (i < len) {
		while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		start = i;
		while (i < len && v[i] != ',')
			i++;
		end = i;
		while (end > start && (v[end - 1] == ' ' || v[end - 1] == '\t'))
			end--;
		if (end - start == 5 && http_ascii_case_equal(v + start, "close", 5))
			req->keep_alive = false;
		else if (end - start == 10 &&
			 http_ascii_case_equal(v + start, "keep-alive", 10) &&
			 req->version_minor == 0)
			req->keep_alive = true;
	}
}

/*
 * The Transfer-Encoding list, over every such field: "chunked" must be the
 * last coding and appear once; any other coding is one we do not decode.
 */
static int check_transfer_codings(const char *v, size_t len,
				  struct http_request_head *req)
{
	size_t i = 0, start, end;

	while (i < len) {
		while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && v[i] != ',')
			i++;
		end = i;
		while (end > start && (v[end - 1] == ' ' || v[end - 1] == '\t'))
			end--;
		if (req->chunked)	/* a coding after chunked */
			return -HTTP_ERR_BAD_REQUEST;
		if (end - start == 7 && http_ascii_case_equal(v + start, "chunked", 7))
			req->chunked = true;
		else if (http_is_token(v + start, end - start))
			return -HTTP_ERR_NOT_IMPLEMENTED;
		else
			return -HTTP_ERR_BAD_REQUEST;
	}
	return 0;
}

/* Framing and routing rules that need the whole field section. */
static int check_semantics(const char *buf, struct http_request_head *req,
			   const struct http_field *fields)
{
	bool has_length = false, has_te = false;
	int hosts = 0, te_err = 0;
	u16 i;

	req->host_field = -1;
	req->keep_alive = req->version_minor >= 1;
	for (i = 0; i < req->field_count; i++) {
		const struct http_field *f = &fields[i];
		const char *v = buf + f->value_off;
		u64 length;
		int err;

		switch (f->id) {
		case HDR_HOST:
			hosts++;
			req->host_field = i;
			break;
		case HDR_CONTENT_LENGTH:
			err = parse_content_length(v, f->value_len, &length);
			if (err)
				return err;
			if (has_length && length != req->content_length)
				return -HTTP_ERR_BAD_HEADER;
			has_length = true;
			req->content_length = length;
			break;
		case HDR_TRANSFER_ENCODING:
			has_te = true;
			/* The first error wins; a later field cannot repair it. */
			if (!te_err)
				te_err = check_transfer_codings(v, f->value_len, req);
			break;
		case HDR_CONNECTION:
			apply_connection_tokens(v, f->value_len, req);
			break;
		case HDR_EXPECT:
			if (f->value_len == 12 &&
			    http_ascii_case_equal(v, "100-continue", 12))
				req->expect_continue = req->version_minor >= 1;
			break;
		}
	}
	if (hosts > 1 || (hosts == 0 && req->version_minor >= 1))
		return -HTTP_ERR_NO_HOST;
	/* Both framings, or chunked in HTTP/1.0: the smuggling shapes. */
	if (has_te && (has_length || req->version_minor == 0))
		return -HTTP_ERR_BAD_REQUEST;
	if (te_err)
		return te_err;
	if (has_te && !req->chunked)	/* only empty list elements */
		return -HTTP_ERR_BAD_REQUEST;
	if (!has_te && !has_length &&
	    (req->verb == VERB_POST || req->verb == VERB_PUT))
		return -HTTP_ERR_LENGTH_REQUIRED;
	req->has_body = req->chunked || req->content_length > 0;
	return 0;
}

int http_parse_request(const char *buf, size_t len, struct http_request_head *req,
		       struct http_field *fields, u16 max_fields)
{
	size_t pos;
	long line;
	int err;

	memset(req, 0, sizeof(*req));
	line = line_length(buf, len);
	if (line == -1)
		return 0;
	if (line < 0)
		return -HTTP_ERR_BAD_REQUEST;
	err = parse_request_line(buf, line, req);
	if (err)
		return err;
	pos = line + 2;
	for (;;) {
		struct http_field *f;

		if (len - pos < 2)
			return (len > pos && buf[pos] == '\n') ?
				-HTTP_ERR_BAD_HEADER : 0;
		if (buf[pos] == '\r' && buf[pos + 1] == '\n')
			break;
		if (req->field_count == max_fields)
			return -HTTP_ERR_TOO_MANY_HEADERS;
		f = &fields[req->field_count];
		err = http_parse_field_line(buf + pos, len - pos, f);
		if (err <= 0)
			return err;
		f->name_off += pos;
		f->value_off += pos;
		req->field_count++;
		pos += err;
	}
	pos += 2;
	if (pos > 0xffffffffUL)
		return -HTTP_ERR_BAD_REQUEST;
	req->head_len = pos;
	err = check_semantics(buf, req, fields);
	return err ? err : (int)pos;
}
