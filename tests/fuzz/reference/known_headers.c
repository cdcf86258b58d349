// SPDX-License-Identifier: GPL-2.0
/*
 * Known-header names.  Requests and responses share IDs 0-19; 20 and up
 * differ between the two directions.
 */
#include "known_headers.h"

static const char *const request_names[HDR_REQUEST_MAX] = {
	"Cache-Control", "Connection", "Date", "Keep-Alive", "Pragma",
	"Trailer", "Transfer-Encoding", "Upgrade", "Via", "Warning",
	"Allow", "Content-Length", "Content-Type", "Content-Encoding",
	"Content-Language", "Content-Location", "Content-MD5",
	"Content-Range", "Expires", "Last-Modified",
	"Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language",
	"Authorization", "Cookie", "Expect", "From", "Host", "If-Match",
	"If-Modified-Since", "If-None-Match", "If-Range",
	"If-Unmodified-Since", "Max-Forwards", "Proxy-Authorization",
	"Referer", "Range", "TE", "Translate", "User-Agent",
};

static const char *const response_only_names[HDR_RESPONSE_MAX - 20] = {
	"Accept-Ranges", "Age", "ETag", "Location", "Proxy-Authenticate",
	"Retry-After", "Server", "Set-Cookie", "Vary", "WWW-Authenticate",
};

static inline char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static bool name_equals(const char *known, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (known[i] == '\0' || ascii_lower(known[i]) != ascii_lower(name[i]))
			return false;
	}
	return known[len] == '\0';
}

int httpsys_request_header_id(const char *name, size_t len)
{
	int id;

	/* 41 short compares; a perfect hash is not worth its code here yet. */
	for (id = 0; id < HDR_REQUEST_MAX; id++) {
		if (name_equals(request_names[id], name, len))
			return id;
	}
	return HDR_UNKNOWN;
}

const char *httpsys_request_header_name(int id)
{
	if (id < 0 || id >= HDR_REQUEST_MAX)
		return NULL;
	return request_names[id];
}

const char *httpsys_response_header_name(int id)
{
	if (id < 0 || id >= HDR_RESPONSE_MAX)
		return NULL;
	if (id < 20)
		return request_names[id];
	return response_only_names[id - 20];
}
