/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The request parser as it was before its one-pass rewrite (issue 12),
 * frozen in reference/ and built under v1_ names: the oracle the
 * differential checks hold today's parser to.  Test-only.
 */
#ifndef HTTPSYS_PARSER_V1_H
#define HTTPSYS_PARSER_V1_H

#include "http_parse.h"

int v1_http_parse_request(const char *buf, size_t len,
			  struct http_request_head *req,
			  struct http_field *fields, u16 max_fields);
int v1_http_parse_field_line(const char *buf, size_t len,
			     struct http_field *field);
bool v1_http_is_tchar(unsigned char c);
bool v1_http_is_value_char(unsigned char c);
bool v1_http_is_token(const char *s, size_t len);
int v1_httpsys_request_header_id(const char *name, size_t len);
const char *v1_httpsys_request_header_name(int id);

#endif /* HTTPSYS_PARSER_V1_H */
