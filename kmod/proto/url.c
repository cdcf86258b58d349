// SPDX-License-Identifier: GPL-2.0
/*
 * URL prefix syntax and matching, following http.sys: hosts and paths
 * compare case-insensitively, a trailing '/' is not significant, and a
 * path prefix matches only at a segment boundary.
 */
#include "url.h"
#include "http_parse.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool is_ipv4_literal(const char *h, size_t len)
{
	unsigned int parts = 0, value = 0, digits = 0;
	size_t i;

	for (i = 0; i <= len; i++) {
		if (i == len || h[i] == '.') {
			if (digits == 0 || value > 255)
				return false;
			parts++;
			value = 0;
			digits = 0;
		} else if (is_digit(h[i]) && digits < 3) {
			value = value * 10 + (h[i] - '0');
			digits++;
		} else {
			return false;
		}
	}
	return parts == 4;
}

static bool is_ipv6_literal(const char *h, size_t len)
{
	size_t i;

	if (len < 4 || h[0] != '[' || h[len - 1] != ']')
		return false;
	for (i = 1; i < len - 1; i++) {
		if (hex_value(h[i]) < 0 && h[i] != ':' && h[i] != '.')
			return false;
	}
	return true;
}

/* A host name: letters, digits, '-', '.', '_' and non-ASCII (IDN) bytes. */
static bool is_host_name(const char *h, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = h[i];

		if (!(c >= 0x80 || is_digit(c) || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || c == '-' || c == '.' || c == '_'))
			return false;
	}
	return len > 0;
}

/* Parse "digits" as a port 1-65535 with no leading zero; 0 if invalid. */
static u16 parse_port(const char *s, size_t len)
{
	unsigned int port = 0;
	size_t i;

	if (len == 0 || len > 5 || s[0] == '0')
		return 0;
	for (i = 0; i < len; i++) {
		if (!is_digit(s[i]))
			return 0;
		port = port * 10 + (s[i] - '0');
	}
	return port <= 65535 ? port : 0;
}

int url_prefix_parse(const char *s, size_t len, struct url_prefix *p)
{
	size_t i, host_end, port_start;

	memset(p, 0, sizeof(*p));
	if (len > 0xffff)
		return -1;
	if (len >= 7 && !memcmp(s, "http://", 7)) {
		i = 7;
	} else if (len >= 8 && !memcmp(s, "https://", 8)) {
		p->https = true;
		i = 8;
	} else {
		return -1;
	}
	p->host_off = i;
	if (i < len && s[i] == '[') {
		while (i < len && s[i] != ']')
			i++;
		if (i < len)
			i++;
	} else {
		while (i < len && s[i] != ':' && s[i] != '/')
			i++;
	}
	host_end = i;
	p->host_len = host_end - p->host_off;
	if (p->host_len == 0 || p->host_len > URL_MAX_HOST_LEN)
		return -1;
	if (p->host_len == 1 && s[p->host_off] == '+')
		p->host_kind = URL_HOST_STRONG;
	else if (p->host_len == 1 && s[p->host_off] == '*')
		p->host_kind = URL_HOST_WEAK;
	else if (is_ipv4_literal(s + p->host_off, p->host_len) ||
		 is_ipv6_literal(s + p->host_off, p->host_len))
		p->host_kind = URL_HOST_IP;
	else if (is_host_name(s + p->host_off, p->host_len))
		p->host_kind = URL_HOST_EXPLICIT;
	else
		return -1;
	if (i == len || s[i] != ':')
		return -1;
	port_start = ++i;
	while (i < len && s[i] != '/')
		i++;
	p->port = parse_port(s + port_start, i - port_start);
	if (!p->port || i == len)
		return -1;
	p->path_off = i;
	p->path_len = len - i;
	for (; i < len; i++) {
		unsigned char c = s[i];

		if (c == '?' || c == '#' || c < 0x21 || c == 0x7f)
			return -1;
	}
	return 0;
}

/* Path length without a trailing '/', except for the root "/". */
static size_t path_core_len(const char *path, size_t len)
{
	return (len > 1 && path[len - 1] == '/') ? len - 1 : len;
}

bool url_prefix_same_site(const char *a, const struct url_prefix *pa,
			  const char *b, const struct url_prefix *pb)
{
	return pa->https == pb->https && pa->port == pb->port &&
	       pa->host_kind == pb->host_kind && pa->host_len == pb->host_len &&
	       http_ascii_case_equal(a + pa->host_off, b + pb->host_off,
				     pa->host_len);
}

bool url_prefix_same(const char *a, const struct url_prefix *pa,
		     const char *b, const struct url_prefix *pb)
{
	size_t la = path_core_len(a + pa->path_off, pa->path_len);
	size_t lb = path_core_len(b + pb->path_off, pb->path_len);

	return url_prefix_same_site(a, pa, b, pb) && la == lb &&
	       http_ascii_case_equal(a + pa->path_off, b + pb->path_off, la);
}

int url_prefix_match_path(const char *s, const struct url_prefix *p,
			  const char *path, size_t path_len)
{
	const char *prefix = s + p->path_off;
	size_t core = path_core_len(prefix, p->path_len);

	if (path_len < core || !http_ascii_case_equal(prefix, path, core))
		return -1;
	/* The root, an exact match, or a match ending at a '/'. */
	if (core == 1 || path_len == core || path[core] == '/')
		return core;
	return -1;
}

bool url_prefix_match_host(const char *s, const struct url_prefix *p,
			   const char *host, size_t host_len)
{
	if (p->host_kind == URL_HOST_STRONG || p->host_kind == URL_HOST_WEAK)
		return true;
	return host_len == p->host_len &&
	       http_ascii_case_equal(s + p->host_off, host, host_len);
}

bool url_route_prefers(const struct url_prefix *cand, int len,
		       const struct url_prefix *best, int best_len)
{
	if (!best || cand->host_kind != best->host_kind)
		return !best || cand->host_kind < best->host_kind;
	return len > best_len;
}

int url_split_host(const char *v, size_t len, u16 *port)
{
	size_t host_len;

	*port = 0;
	if (len > 0 && v[0] == '[') {
		for (host_len = 1; host_len < len && v[host_len] != ']'; host_len++)
			;
		if (host_len == len || !is_ipv6_literal(v, host_len + 1))
			return -1;
		host_len++;
	} else {
		for (host_len = 0; host_len < len && v[host_len] != ':'; host_len++)
			;
		if (!is_host_name(v, host_len))
			return -1;
	}
	if (host_len > URL_MAX_HOST_LEN)
		return -1;
	if (host_len < len) {
		if (v[host_len] != ':')
			return -1;
		*port = parse_port(v + host_len + 1, len - host_len - 1);
		if (!*port)
			return -1;
	}
	return host_len;
}

int url_target_split(const char *t, size_t len, size_t *path_off,
		     size_t *path_len, size_t *query_off)
{
	size_t i = 0;

	if (len > 0 && t[0] != '/') {
		/* absolute-form: skip "scheme://authority" */
		while (i < len && t[i] != ':')
			i++;
		if (len - i < 3 || t[i + 1] != '/' || t[i + 2] != '/')
			return -1;
		i += 3;
		while (i < len && t[i] != '/' && t[i] != '?')
			i++;
		if (i == len || t[i] != '/')
			return -1;
	}
	if (i == len)
		return -1;
	*path_off = i;
	while (i < len && t[i] != '?')
		i++;
	*path_len = i - *path_off;
	*query_off = i;
	return 0;
}

size_t url_target_authority(const char *t, size_t path_off, size_t *off)
{
	size_t i = 0;

	if (!path_off)
		return 0;
	while (t[i] != ':')
		i++;
	*off = i + 3;
	return path_off - *off;
}

/* Remove "." and ".." segments from a decoded path in place (RFC 3986 5.2.4). */
static int remove_dot_segments(char *p, size_t len)
{
	size_t in = 0, out = 0;

	while (in < len) {
		size_t seg_end = in + 1;

		while (seg_end < len && p[seg_end] != '/')
			seg_end++;
		/* p[in] is '/'; the segment is p[in + 1 .. seg_end) */
		if (seg_end - in == 2 && p[in + 1] == '.') {
			if (seg_end == len)
				p[out++] = '/';
		} else if (seg_end - in == 3 && p[in + 1] == '.' && p[in + 2] == '.') {
			if (out == 0)
				return -1;
			while (out > 0 && p[out - 1] != '/')
				out--;
			if (out > 0)
				out--;
			if (seg_end == len)
				p[out++] = '/';
		} else {
			memmove(p + out, p + in, seg_end - in);
			out += seg_end - in;
		}
		in = seg_end;
	}
	if (out == 0)
		p[out++] = '/';
	return out;
}

int url_decode_path(const char *src, size_t len, char *dst)
{
	size_t i, n = 0;

	if (len == 0 || src[0] != '/')
		return -1;
	for (i = 0; i < len; i++) {
		if (src[i] == '%') {
			int hi, lo;

			if (len - i < 3)
				return -1;
			hi = hex_value(src[i + 1]);
			lo = hex_value(src[i + 2]);
			/* Escaped control bytes would reach logs and headers. */
			if (hi < 0 || lo < 0 || hi < 2 || (hi == 7 && lo == 15))
				return -1;
			dst[n++] = hi << 4 | lo;
			i += 2;
		} else {
			dst[n++] = src[i];
		}
	}
	return remove_dot_segments(dst, n);
}
