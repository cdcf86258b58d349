/* SPDX-License-Identifier: GPL-2.0 */
/*
 * URL prefixes ("http://host:port/path/") and the request-side pieces they
 * are matched against.  Pure: offsets into caller-owned strings.
 */
#ifndef HTTPSYS_URL_H
#define HTTPSYS_URL_H

#include "proto_types.h"

/* Host kinds, in the order http.sys searches them. */
enum url_host_kind {
	URL_HOST_STRONG,	/* "+" */
	URL_HOST_EXPLICIT,	/* a name */
	URL_HOST_IP,		/* an IPv4 or bracketed IPv6 literal */
	URL_HOST_WEAK,		/* "*" */
};

#define URL_MAX_HOST_LEN	255

struct url_prefix {
	bool https;
	u8 host_kind;		/* enum url_host_kind */
	u16 port;
	u16 host_off;
	u16 host_len;
	u16 path_off;
	u16 path_len;		/* includes the trailing '/', if present */
};

/*
 * Parse a prefix.  Returns 0, or -1 when it is not a valid http.sys
 * prefix: scheme http/https in lower case, a host, an explicit port
 * 1-65535 without leading zeros, and a path beginning with '/' that holds
 * no '?', '#' or control characters.
 */
int url_prefix_parse(const char *s, size_t len, struct url_prefix *p);

/* True when two parsed prefixes name the same registration. */
bool url_prefix_same(const char *a, const struct url_prefix *pa,
		     const char *b, const struct url_prefix *pb);

/*
 * Length of the prefix path that @path (decoded, no query) matches, or -1.
 * Case-insensitive; matches whole segments only, and the prefix's path
 * without its trailing '/' matches too.
 */
int url_prefix_match_path(const char *s, const struct url_prefix *p,
			  const char *path, size_t path_len);

/* Same scheme, host class, host and port: the same bucket. */
bool url_prefix_same_site(const char *a, const struct url_prefix *pa,
			  const char *b, const struct url_prefix *pb);

/* True when the prefix's host accepts the request host @host. */
bool url_prefix_match_host(const char *s, const struct url_prefix *p,
			   const char *host, size_t host_len);

/*
 * Routing precedence: true when a candidate prefix whose path matched
 * @len bytes beats the best so far (@best NULL: none yet).  The host class
 * decides first (strong, explicit, IP, weak), then the longer path.
 */
bool url_route_prefers(const struct url_prefix *cand, int len,
		       const struct url_prefix *best, int best_len);

/*
 * Split a Host header value into host and port.  Returns the host's length
 * (an IPv6 literal keeps its brackets) or -1 when malformed; *@port is 0
 * when no port is given.
 */
int url_split_host(const char *v, size_t len, u16 *port);

/*
 * Find the path and query in a request target (origin- or absolute-form).
 * Sets @path_off, @path_len and @query_off (== target length when there
 * is no '?').  Returns 0, or -1 when the target has no path.
 */
int url_target_split(const char *t, size_t len, size_t *path_off,
		     size_t *path_len, size_t *query_off);

/*
 * The authority ("host:port") of a target url_target_split() accepted,
 * given its @path_off: the length, with its offset in *@off; 0 for an
 * origin-form target.
 */
size_t url_target_authority(const char *t, size_t path_off, size_t *off);

/*
 * Percent-decode @len bytes of a path into @dst (at least @len bytes) and
 * remove "." and ".." segments.  Returns the decoded length, or -1 on a
 * malformed escape, an escaped control byte (NUL, CR, LF, DEL...), or ".."
 * above the root.
 */
int url_decode_path(const char *src, size_t len, char *dst);

#endif /* HTTPSYS_URL_H */
