// SPDX-License-Identifier: GPL-2.0
/*
 * One layout routine serves both the size computation and the write: it
 * runs with a NULL output buffer to measure, so the two cannot disagree.
 */
#include "marshal.h"
#include "known_headers.h"
#include "httpsys.h"

struct blob {
	u8 *out;		/* NULL when only measuring */
	u64 base;
	size_t pos;
};

static size_t blob_reserve(struct blob *b, size_t align, size_t size)
{
	size_t off = (b->pos + align - 1) & ~(align - 1);

	if (b->out)
		memset(b->out + b->pos, 0, off - b->pos);
	b->pos = off + size;
	return off;
}

/* Copy @len bytes plus a NUL; returns the user address of the copy. */
static u64 blob_string(struct blob *b, const char *s, size_t len)
{
	size_t off = blob_reserve(b, 1, len + 1);

	if (b->out) {
		memcpy(b->out + off, s, len);
		b->out[off + len] = '\0';
	}
	return b->base + off;
}

/* Decode one UTF-8 sequence; an invalid byte stands for itself (Latin-1). */
static u32 utf8_next(const u8 *s, size_t len, size_t *used)
{
	u32 cp, min;
	size_t n, i;

	if (s[0] < 0x80) {
		*used = 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2; cp = s[0] & 0x1f; min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3; cp = s[0] & 0x0f; min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4; cp = s[0] & 0x07; min = 0x10000;
	} else {
		goto invalid;
	}
	if (n > len)
		goto invalid;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto invalid;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		goto invalid;
	*used = n;
	return cp;
invalid:
	*used = 1;
	return s[0];
}

/* Append UTF-8 @s as wide characters at *@pos; returns the count. */
static size_t wide_append(struct blob *b, size_t *pos, const char *s, size_t len)
{
	size_t i = 0, count = 0, used;

	while (i < len) {
		u32 cp = utf8_next((const u8 *)s + i, len - i, &used);

		if (b->out)
			memcpy(b->out + *pos + count * 4, &cp, 4);
		count++;
		i += used;
	}
	*pos += count * 4;
	return count;
}

static void put_cooked_url(struct blob *b, const struct marshal_request *m,
			   struct httpsys_request_v1 *r)
{
	size_t start, pos, host_start, path_start, query_start, end;
	char port[8];
	int n = 0;
	u16 p = m->port;
	const char *scheme = m->https ? "https://" : "http://";

	do {
		port[sizeof(port) - 1 - n++] = '0' + p % 10;
		p /= 10;
	} while (p);
	port[sizeof(port) - 1 - n] = ':';

	/* Reserve after measuring: count first into a scratch position. */
	start = blob_reserve(b, 4, 0);
	pos = start;
	wide_append(b, &pos, scheme, strlen(scheme));
	host_start = pos;
	wide_append(b, &pos, m->host, m->host_len);
	wide_append(b, &pos, port + sizeof(port) - 1 - n, n + 1);
	path_start = pos;
	wide_append(b, &pos, m->path, m->path_len);
	query_start = pos;
	wide_append(b, &pos, m->query ? m->query : "", m->query_len);
	end = pos;
	if (b->out)
		memset(b->out + end, 0, 4);
	b->pos = end + 4;
	if (!r)
		return;
	/* USHORT byte counts: a URL longer than 16383 characters is clamped. */
	r->full_url_length = min_t(size_t, end - start, 0xfffc);
	r->host_length = min_t(size_t, path_start - host_start, 0xfffc);
	r->abs_path_length = min_t(size_t, query_start - path_start, 0xfffc);
	r->query_string_length = min_t(size_t, end - query_start, 0xfffc);
	r->full_url = b->base + start;
	r->host = b->base + host_start;
	r->abs_path = b->base + path_start;
	r->query_string = m->query ? b->base + query_start : 0;
}

static void put_known_header(struct blob *b, const struct marshal_request *m,
			     int id, struct httpsys_known_header *kh)
{
	size_t total = 0, off, pos;
	int count = 0;
	u16 i;

	for (i = 0; i < m->req->field_count; i++) {
		if (m->fields[i].id == id) {
			total += m->fields[i].value_len + (count ? 2 : 0);
			count++;
		}
	}
	if (!count)
		return;
	/* Repeated fields are combined into one comma-separated value. */
	off = blob_reserve(b, 1, total + 1);
	if (!b->out)
		return;
	pos = off;
	count = 0;
	for (i = 0; i < m->req->field_count; i++) {
		const struct http_field *f = &m->fields[i];

		if (f->id != id)
			continue;
		if (count++) {
			memcpy(b->out + pos, ", ", 2);
			pos += 2;
		}
		memcpy(b->out + pos, m->head + f->value_off, f->value_len);
		pos += f->value_len;
	}
	b->out[pos] = '\0';
	kh->raw_value_length = min_t(size_t, total, 0xffff);
	kh->raw_value = b->base + off;
}

static void put_unknown_headers(struct blob *b, const struct marshal_request *m,
				struct httpsys_request_v1 *r)
{
	struct httpsys_unknown_header *uh = NULL;
	size_t off, n = 0;
	u16 i, count = 0;

	for (i = 0; i < m->req->field_count; i++)
		count += m->fields[i].id == HDR_UNKNOWN;
	if (!count)
		return;
	off = blob_reserve(b, 8, count * sizeof(*uh));
	if (r) {
		r->unknown_header_count = count;
		r->unknown_headers = b->base + off;
		uh = (struct httpsys_unknown_header *)(b->out + off);
	}
	for (i = 0; i < m->req->field_count; i++) {
		const struct http_field *f = &m->fields[i];
		u64 name, value = 0;

		if (f->id != HDR_UNKNOWN)
			continue;
		name = blob_string(b, m->head + f->name_off, f->name_len);
		if (f->value_len)
			value = blob_string(b, m->head + f->value_off, f->value_len);
		if (uh) {
			uh[n].name_length = f->name_len;
			uh[n].raw_value_length = f->value_len;
			uh[n].name = name;
			uh[n].raw_value = value;
		}
		n++;
	}
}

static u64 put_address(struct blob *b, const void *addr, u32 len)
{
	size_t off;

	if (!addr)
		return 0;
	off = blob_reserve(b, 8, len);
	if (b->out)
		memcpy(b->out + off, addr, len);
	return b->base + off;
}

static void put_body(struct blob *b, const struct marshal_request *m,
		     struct httpsys_request_v1 *r)
{
	struct httpsys_data_chunk *chunk;
	size_t chunk_off, data_off;

	if (!m->body_len)
		return;
	chunk_off = blob_reserve(b, 8, sizeof(*chunk));
	data_off = blob_reserve(b, 1, m->body_len);
	if (!r)
		return;
	memcpy(b->out + data_off, m->body, m->body_len);
	chunk = (struct httpsys_data_chunk *)(b->out + chunk_off);
	chunk->type = HTTPSYS_CHUNK_FROM_MEMORY;
	chunk->buffer = b->base + data_off;
	chunk->buffer_length = m->body_len;
	r->entity_chunk_count = 1;
	r->entity_chunks = b->base + chunk_off;
}

static u64 put_bytes(struct blob *b, size_t align, const void *p, size_t len)
{
	size_t off = blob_reserve(b, align, len);

	if (b->out)
		memcpy(b->out + off, p, len);
	return b->base + off;
}

static void put_identity(struct blob *b, const struct marshal_auth *a,
			 struct httpsys_request_info *info)
{
	struct httpsys_auth_identity id = {
		.uid = a->uid, .gid = a->gid, .mapped = a->mapped,
		.group_count = a->group_count, .expiry = a->expiry,
		.user_length = a->user_len,
	};
	size_t off = blob_reserve(b, 8, sizeof(id));

	if (a->group_count)
		id.groups = put_bytes(b, 4, a->groups,
				      a->group_count * sizeof(u32));
	id.user = blob_string(b, a->user, a->user_len);
	if (!b->out)
		return;
	memcpy(b->out + off, &id, sizeof(id));
	info->type = HTTPSYS_REQUEST_INFO_IDENTITY;
	info->length = sizeof(id);
	info->info = b->base + off;
}

/* The request-info array: AUTH, then IDENTITY when someone signed in. */
static void put_auth(struct blob *b, const struct marshal_auth *a,
		     struct httpsys_request_v2 *r2)
{
	struct httpsys_request_info *info = NULL;
	struct httpsys_request_auth_info ai = {
		.auth_status = a->status, .sec_status = a->sec_status,
		.flags = a->flags, .auth_type = a->type,
		.context_attributes = a->context_attributes,
	};
	u16 count = a->user ? 2 : 1;
	size_t info_off = blob_reserve(b, 8, count * sizeof(*info));
	size_t ai_off = blob_reserve(b, 8, sizeof(ai));

	if (a->packed_context) {
		ai.packed_context_length = a->packed_context_len;
		ai.packed_context_type = a->type;
		ai.packed_context = put_bytes(b, 8, a->packed_context,
					      a->packed_context_len);
	}
	if (a->mutual) {
		ai.mutual_auth_data_length = a->mutual_len;
		ai.mutual_auth_data = put_bytes(b, 1, a->mutual, a->mutual_len);
	}
	if (a->package) {
		size_t start = blob_reserve(b, 4, 0), pos = start;

		wide_append(b, &pos, a->package, a->package_len);
		if (b->out)
			memset(b->out + pos, 0, 4);
		b->pos = pos + 4;
		ai.package_name_length = min_t(size_t, pos - start, 0xfffc);
		ai.package_name = b->base + start;
	}
	if (b->out) {
		info = (struct httpsys_request_info *)(b->out + info_off);
		memcpy(b->out + ai_off, &ai, sizeof(ai));
		info[0].type = HTTPSYS_REQUEST_INFO_AUTH;
		info[0].length = sizeof(ai);
		info[0].info = b->base + ai_off;
		r2->request_info_count = count;
		r2->request_info = b->base + info_off;
	}
	if (a->user)
		put_identity(b, a, info ? &info[1] : NULL);
}

static size_t layout(const struct marshal_request *m, struct blob *b)
{
	struct httpsys_request_v1 *r = NULL;
	const struct http_request_head *req = m->req;
	u64 remote, local;
	int id;

	blob_reserve(b, 8, sizeof(struct httpsys_request_v2));
	if (b->out) {
		memset(b->out, 0, sizeof(struct httpsys_request_v2));
		r = (struct httpsys_request_v1 *)b->out;
		r->flags = m->flags;
		r->connection_id = m->connection_id;
		r->raw_connection_id = m->connection_id;
		r->request_id = m->request_id;
		r->url_context = m->url_context;
		r->version_major = req->version_major;
		r->version_minor = req->version_minor;
		r->verb = req->verb;
		r->raw_url_length = req->target_len;
		r->bytes_received = m->bytes_received;
	}
	remote = put_address(b, m->remote_addr, m->remote_addr_len);
	local = put_address(b, m->local_addr, m->local_addr_len);
	put_unknown_headers(b, m, r);
	put_cooked_url(b, m, r);
	if (req->verb == VERB_UNKNOWN) {
		u64 verb = blob_string(b, m->head, req->method_len);

		if (r) {
			r->unknown_verb_length = req->method_len;
			r->unknown_verb = verb;
		}
	}
	{
		u64 raw = blob_string(b, m->head + req->target_off, req->target_len);

		if (r)
			r->raw_url = raw;
	}
	for (id = 0; id < HDR_REQUEST_MAX; id++)
		put_known_header(b, m, id, r ? &r->known_headers[id] : NULL);
	if (m->auth)
		put_auth(b, m->auth, (struct httpsys_request_v2 *)b->out);
	put_body(b, m, r);
	if (r) {
		r->remote_address = remote;
		r->local_address = local;
	}
	return blob_reserve(b, 8, 0);
}

size_t marshal_request_size(const struct marshal_request *m)
{
	struct blob b = { .out = NULL };

	return layout(m, &b);
}

void marshal_request_write(const struct marshal_request *m, void *out,
			   u64 user_base)
{
	struct blob b = { .out = out, .base = user_base };

	layout(m, &b);
}
