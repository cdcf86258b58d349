/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HTTP/1.x request-head parser: pure, allocation-free, shared by the module
 * and the userspace tests.  It records offsets into the caller's buffer.
 */
#ifndef HTTPSYS_HTTP_PARSE_H
#define HTTPSYS_HTTP_PARSE_H

#include "proto_types.h"

/* HTTP_VERB values, in Windows' order. */
enum http_verb {
	VERB_UNPARSED, VERB_UNKNOWN, VERB_INVALID, VERB_OPTIONS, VERB_GET,
	VERB_HEAD, VERB_POST, VERB_PUT, VERB_DELETE, VERB_TRACE, VERB_CONNECT,
	VERB_TRACK, VERB_MOVE, VERB_COPY, VERB_PROPFIND, VERB_PROPPATCH,
	VERB_MKCOL, VERB_LOCK, VERB_UNLOCK, VERB_SEARCH, VERB_MAXIMUM,
};

/* Why a request head was refused; each maps to one kernel response. */
enum http_parse_error {
	HTTP_ERR_BAD_REQUEST = 1,	/* 400 */
	HTTP_ERR_BAD_HEADER,		/* 400 Invalid Header */
	HTTP_ERR_BAD_VERB,		/* 400 Invalid Verb */
	HTTP_ERR_BAD_URL,		/* 400 Invalid URL */
	HTTP_ERR_NO_HOST,		/* 400 Invalid Hostname */
	HTTP_ERR_TOO_MANY_HEADERS,	/* 400 Request Header Too Long */
	HTTP_ERR_LENGTH_REQUIRED,	/* 411 */
	HTTP_ERR_NOT_IMPLEMENTED,	/* 501 */
	HTTP_ERR_VERSION,		/* 505 */
};

/* A header field: offsets into the parsed buffer. */
struct http_field {
	u32 name_off;
	u32 value_off;
	u16 name_len;
	u16 value_len;
	s16 id;				/* enum httpsys_header_id */
};

struct http_request_head {
	u32 head_len;			/* bytes up to and including CRLF CRLF */
	u16 method_len;			/* the method starts at offset 0 */
	u16 target_len;
	u32 target_off;
	u8 verb;			/* enum http_verb */
	u8 version_major;
	u8 version_minor;
	bool keep_alive;
	bool has_body;
	bool chunked;			/* Transfer-Encoding: chunked */
	bool expect_continue;		/* Expect: 100-continue */
	u16 field_count;
	s16 host_field;			/* index into fields, or -1 */
	u64 content_length;
};

/*
 * Parse the request head in @buf[0..@len).
 * Returns the head length (> 0) when complete, 0 when more bytes are
 * needed, or -enum http_parse_error.  At most @max_fields fields are
 * stored in @fields; more is HTTP_ERR_TOO_MANY_HEADERS.
 */
int http_parse_request(const char *buf, size_t len, struct http_request_head *req,
		       struct http_field *fields, u16 max_fields);

/*
 * Parse one "Name: value" line ended by CRLF at @buf.  Returns the line
 * length including CRLF, 0 if no complete line is in @len bytes, or
 * -HTTP_ERR_BAD_HEADER.  Offsets in @field are relative to @buf.
 */
int http_parse_field_line(const char *buf, size_t len, struct http_field *field);

/* The HTTP_VERB for a method token; VERB_UNKNOWN for other tokens. */
enum http_verb http_verb_from_method(const char *m, size_t len);

/* Method name for a known HTTP_VERB, else NULL. */
const char *http_verb_name(enum http_verb verb);

/* RFC 9110 tchar: a byte allowed in a token. */
bool http_is_tchar(unsigned char c);

/* field-vchar, SP or HTAB: every byte but controls and DEL. */
bool http_is_value_char(unsigned char c);

/* True when the bytes are a token (RFC 9110 tchar+). */
bool http_is_token(const char *s, size_t len);

/* Case-insensitive ASCII compare of two byte strings of equal length. */
bool http_ascii_case_equal(const char *a, const char *b, size_t len);

#endif /* HTTPSYS_HTTP_PARSE_H */
