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

#define SHORTEST_NAME	2	/* TE */
#define LONGEST_NAME	19	/* If-Unmodified-Since, Proxy-Authorization */

/*
 * A perfect hash of the request header names: their length and their
 * first and last bytes, lowercased, give each its own slot.  A collision
 * would be an "initialized field overwritten" error in the userspace
 * builds (-Wextra -Werror), so this table cannot silently lose a name.
 */
#define SLOT(len, first, last)	(((len) * 9 + (first) * 4 + (last) * 10) & 127)

static const struct {
	u8 len;		/* 0: an empty slot */
	u8 id;
} slots[128] = {
	[SLOT(13, 'c', 'l')] = { 13, HDR_CACHE_CONTROL },
	[SLOT(10, 'c', 'n')] = { 10, HDR_CONNECTION },
	[SLOT(4, 'd', 'e')] = { 4, HDR_DATE },
	[SLOT(10, 'k', 'e')] = { 10, HDR_KEEP_ALIVE },
	[SLOT(6, 'p', 'a')] = { 6, HDR_PRAGMA },
	[SLOT(7, 't', 'r')] = { 7, HDR_TRAILER },
	[SLOT(17, 't', 'g')] = { 17, HDR_TRANSFER_ENCODING },
	[SLOT(7, 'u', 'e')] = { 7, HDR_UPGRADE },
	[SLOT(3, 'v', 'a')] = { 3, HDR_VIA },
	[SLOT(7, 'w', 'g')] = { 7, HDR_WARNING },
	[SLOT(5, 'a', 'w')] = { 5, HDR_ALLOW },
	[SLOT(14, 'c', 'h')] = { 14, HDR_CONTENT_LENGTH },
	[SLOT(12, 'c', 'e')] = { 12, HDR_CONTENT_TYPE },
	[SLOT(16, 'c', 'g')] = { 16, HDR_CONTENT_ENCODING },
	[SLOT(16, 'c', 'e')] = { 16, HDR_CONTENT_LANGUAGE },
	[SLOT(16, 'c', 'n')] = { 16, HDR_CONTENT_LOCATION },
	[SLOT(11, 'c', '5')] = { 11, HDR_CONTENT_MD5 },
	[SLOT(13, 'c', 'e')] = { 13, HDR_CONTENT_RANGE },
	[SLOT(7, 'e', 's')] = { 7, HDR_EXPIRES },
	[SLOT(13, 'l', 'd')] = { 13, HDR_LAST_MODIFIED },
	[SLOT(6, 'a', 't')] = { 6, HDR_ACCEPT },
	[SLOT(14, 'a', 't')] = { 14, HDR_ACCEPT_CHARSET },
	[SLOT(15, 'a', 'g')] = { 15, HDR_ACCEPT_ENCODING },
	[SLOT(15, 'a', 'e')] = { 15, HDR_ACCEPT_LANGUAGE },
	[SLOT(13, 'a', 'n')] = { 13, HDR_AUTHORIZATION },
	[SLOT(6, 'c', 'e')] = { 6, HDR_COOKIE },
	[SLOT(6, 'e', 't')] = { 6, HDR_EXPECT },
	[SLOT(4, 'f', 'm')] = { 4, HDR_FROM },
	[SLOT(4, 'h', 't')] = { 4, HDR_HOST },
	[SLOT(8, 'i', 'h')] = { 8, HDR_IF_MATCH },
	[SLOT(17, 'i', 'e')] = { 17, HDR_IF_MODIFIED_SINCE },
	[SLOT(13, 'i', 'h')] = { 13, HDR_IF_NONE_MATCH },
	[SLOT(8, 'i', 'e')] = { 8, HDR_IF_RANGE },
	[SLOT(19, 'i', 'e')] = { 19, HDR_IF_UNMODIFIED_SINCE },
	[SLOT(12, 'm', 's')] = { 12, HDR_MAX_FORWARDS },
	[SLOT(19, 'p', 'n')] = { 19, HDR_PROXY_AUTHORIZATION },
	[SLOT(7, 'r', 'r')] = { 7, HDR_REFERER },
	[SLOT(5, 'r', 'e')] = { 5, HDR_RANGE },
	[SLOT(2, 't', 'e')] = { 2, HDR_TE },
	[SLOT(9, 't', 'e')] = { 9, HDR_TRANSLATE },
	[SLOT(10, 'u', 't')] = { 10, HDR_USER_AGENT },
};

static u64 load16(const char *p)
{
	u16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u64 load32(const char *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static u64 load64(const char *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * Bytes of a name against bytes of a known name, ASCII case ignored.
 * Known names hold letters, digits and '-'; of these only letters have
 * bit 6 set, so shifting it down to bit 5 (the case bit) folds case
 * exactly where the known name has a letter.
 */
static bool fold_equal(u64 name, u64 known)
{
	u64 fold = (known >> 1) & 0x2020202020202020ULL;

	return (name | fold) == (known | fold);
}

/* @name against @known, both @len >= 2 bytes, in words that may overlap. */
static bool name_equals(const char *name, const char *known, size_t len)
{
	size_t i;

	if (len >= 8) {
		for (i = 0; i + 8 < len; i += 8) {
			if (!fold_equal(load64(name + i), load64(known + i)))
				return false;
		}
		return fold_equal(load64(name + len - 8), load64(known + len - 8));
	}
	if (len >= 4)
		return fold_equal(load32(name), load32(known)) &&
		       fold_equal(load32(name + len - 4), load32(known + len - 4));
	return fold_equal(load16(name), load16(known)) &&
	       fold_equal(load16(name + len - 2), load16(known + len - 2));
}

int httpsys_request_header_id(const char *name, size_t len)
{
	unsigned char first, last;
	int slot;

	if (len < SHORTEST_NAME || len > LONGEST_NAME)
		return HDR_UNKNOWN;
	first = name[0] | 0x20;
	last = name[len - 1] | 0x20;
	slot = SLOT(len, first, last);
	if (slots[slot].len != len ||
	    !name_equals(name, request_names[slots[slot].id], len))
		return HDR_UNKNOWN;
	return slots[slot].id;
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
