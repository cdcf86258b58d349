// SPDX-License-Identifier: GPL-2.0
/*
 * Builds reference/ (kmod/proto's http_parse.c and known_headers.c as of
 * commit 48fad04, unchanged) with every global renamed v1_*, so it links
 * beside today's parser.
 */
#define http_parse_request		v1_http_parse_request
#define http_parse_field_line		v1_http_parse_field_line
#define http_verb_from_method		v1_http_verb_from_method
#define http_verb_name			v1_http_verb_name
#define http_is_tchar			v1_http_is_tchar
#define http_is_value_char		v1_http_is_value_char
#define http_is_token			v1_http_is_token
#define http_ascii_case_equal		v1_http_ascii_case_equal
#define httpsys_request_header_id	v1_httpsys_request_header_id
#define httpsys_request_header_name	v1_httpsys_request_header_name
#define httpsys_response_header_name	v1_httpsys_response_header_name

#include "parser_v1.h"
#include "reference/http_parse.c"
#include "reference/known_headers.c"
