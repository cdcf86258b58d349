/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The known-header table: HTTP_HEADER_ID values and their names, in
 * Windows' order (the order is ABI: KnownHeaders[] is indexed by it).
 */
#ifndef HTTPSYS_KNOWN_HEADERS_H
#define HTTPSYS_KNOWN_HEADERS_H

#include "proto_types.h"

enum httpsys_header_id {
	HDR_CACHE_CONTROL = 0,
	HDR_CONNECTION = 1,
	HDR_DATE = 2,
	HDR_KEEP_ALIVE = 3,
	HDR_PRAGMA = 4,
	HDR_TRAILER = 5,
	HDR_TRANSFER_ENCODING = 6,
	HDR_UPGRADE = 7,
	HDR_VIA = 8,
	HDR_WARNING = 9,
	HDR_ALLOW = 10,
	HDR_CONTENT_LENGTH = 11,
	HDR_CONTENT_TYPE = 12,
	HDR_CONTENT_ENCODING = 13,
	HDR_CONTENT_LANGUAGE = 14,
	HDR_CONTENT_LOCATION = 15,
	HDR_CONTENT_MD5 = 16,
	HDR_CONTENT_RANGE = 17,
	HDR_EXPIRES = 18,
	HDR_LAST_MODIFIED = 19,
	HDR_ACCEPT = 20,
	HDR_ACCEPT_CHARSET = 21,
	HDR_ACCEPT_ENCODING = 22,
	HDR_ACCEPT_LANGUAGE = 23,
	HDR_AUTHORIZATION = 24,
	HDR_COOKIE = 25,
	HDR_EXPECT = 26,
	HDR_FROM = 27,
	HDR_HOST = 28,
	HDR_IF_MATCH = 29,
	HDR_IF_MODIFIED_SINCE = 30,
	HDR_IF_NONE_MATCH = 31,
	HDR_IF_RANGE = 32,
	HDR_IF_UNMODIFIED_SINCE = 33,
	HDR_MAX_FORWARDS = 34,
	HDR_PROXY_AUTHORIZATION = 35,
	HDR_REFERER = 36,
	HDR_RANGE = 37,
	HDR_TE = 38,
	HDR_TRANSLATE = 39,
	HDR_USER_AGENT = 40,
	HDR_REQUEST_MAX = 41,
	HDR_RESPONSE_MAX = 30,
	HDR_UNKNOWN = -1,
};

/* Request header ID for a name (case-insensitive), or HDR_UNKNOWN. */
int httpsys_request_header_id(const char *name, size_t len);

/* Canonical name of request header @id (0..HDR_REQUEST_MAX-1), else NULL. */
const char *httpsys_request_header_name(int id);

/* Canonical name of response header @id (0..HDR_RESPONSE_MAX-1), else NULL. */
const char *httpsys_response_header_name(int id);

#endif /* HTTPSYS_KNOWN_HEADERS_H */
