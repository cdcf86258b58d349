/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Marshalling a parsed request into the HTTP_REQUEST blob user space
 * receives (struct httpsys_request_v2 followed by its strings), with every
 * pointer an address inside the caller's buffer.  Pure, so the size
 * computation is tested in user space too.
 */
#ifndef HTTPSYS_MARSHAL_H
#define HTTPSYS_MARSHAL_H

#include "proto_types.h"
#include "http_parse.h"

/*
 * A request's authentication result: an AUTH record, and with @user an
 * IDENTITY record after it.
 */
struct marshal_auth {
	u32 status;			/* HTTPSYS_AUTH_SUCCESS .. FAILURE */
	s32 sec_status;
	u32 flags;			/* HTTPSYS_AUTH_FLAG_* */
	u32 type;			/* HTTPSYS_AUTH_TYPE_* */
	u32 context_attributes;
	const u8 *packed_context;	/* NULL: none */
	u32 packed_context_len;
	const char *mutual;		/* "Negotiate <base64>", or NULL */
	u32 mutual_len;
	const char *package;		/* UTF-8, or NULL */
	size_t package_len;
	const char *user;		/* NULL: no IDENTITY record */
	size_t user_len;
	bool mapped;
	u32 uid;
	u32 gid;
	const u32 *groups;
	u32 group_count;
	u64 expiry;
};

struct marshal_request {
	const char *head;		/* the raw request head */
	const struct http_request_head *req;
	const struct http_field *fields;
	bool https;
	u16 port;			/* local port */
	const char *host;		/* cooked host, without port */
	size_t host_len;
	const char *path;		/* decoded, dot segments removed */
	size_t path_len;
	const char *query;		/* raw, starting at '?', or NULL */
	size_t query_len;
	u64 connection_id;
	u64 request_id;
	u64 url_context;
	u32 flags;			/* HTTPSYS_REQUEST_* */
	const void *remote_addr;	/* struct sockaddr_in or _in6 */
	u32 remote_addr_len;
	const void *local_addr;
	u32 local_addr_len;
	const char *body;		/* entity bytes copied with the request */
	u32 body_len;
	u64 bytes_received;
	const struct marshal_auth *auth;	/* NULL: no auth enabled */
};

/* Bytes the blob for @m needs. */
size_t marshal_request_size(const struct marshal_request *m);

/*
 * Write the blob for @m into @out (marshal_request_size() bytes, 8-byte
 * aligned), with pointers computed as if @out were at @user_base.
 */
void marshal_request_write(const struct marshal_request *m, void *out,
			   u64 user_base);

#endif /* HTTPSYS_MARSHAL_H */
