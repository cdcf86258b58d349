// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * HttpSendHttpResponse / HttpSendResponseEntityBody: the response's header
 * lines and data chunks go to the kernel, which frames the message (and
 * keeps it in the response cache when a cache policy asks).  Fragment
 * cache chunks name their fragment in UTF-8, as URLs are passed.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <wchar.h>

#include "httpsys.h"
#include "http_parse.h"
#include "known_headers.h"
#include "internal.h"
#include "logging.h"

static int value_is_clean(const char *v, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (v[i] == '\r' || v[i] == '\n' || v[i] == '\0')
			return 0;
	}
	return 1;
}

/* Append "name: value\r\n"; returns the new length or a negative error. */
static long append_line(char *out, size_t size, long pos, const char *name,
			size_t name_len, const char *value, size_t value_len)
{
	if (!http_is_token(name, name_len) || (value_len && !value) ||
	    !value_is_clean(value, value_len))
		return -1;
	if ((size_t)pos + name_len + value_len + 4 > size)
		return -2;
	memcpy(out + pos, name, name_len);
	pos += name_len;
	memcpy(out + pos, ": ", 2);
	pos += 2;
	if (value_len)
		memcpy(out + pos, value, value_len);
	pos += value_len;
	memcpy(out + pos, "\r\n", 2);
	return pos + 2;
}

long lib_serialize_headers(const HTTP_RESPONSE_HEADERS *h, char *out,
			   size_t size)
{
	long pos = 0;
	int id;
	USHORT i;

	for (id = 0; id < HttpHeaderResponseMaximum && pos >= 0; id++) {
		const HTTP_KNOWN_HEADER *k = &h->KnownHeaders[id];
		const char *name = httpsys_response_header_name(id);

		if (!k->pRawValue)
			continue;
		pos = append_line(out, size, pos, name, strlen(name), k->pRawValue,
				  k->RawValueLength);
	}
	if (h->UnknownHeaderCount && !h->pUnknownHeaders)
		return -1;
	for (i = 0; i < h->UnknownHeaderCount && pos >= 0; i++) {
		const HTTP_UNKNOWN_HEADER *u = &h->pUnknownHeaders[i];

		if (!u->pName)
			return -1;
		pos = append_line(out, size, pos, u->pName, u->NameLength,
				  u->pRawValue, u->RawValueLength);
	}
	return pos;
}

/* One HTTP_MULTIPLE_KNOWN_HEADERS record's lines, appended at @pos. */
static long multiple_known(const HTTP_RESPONSE_INFO *info, char *out,
			  size_t size, long pos, __u32 *flags)
{
	const HTTP_MULTIPLE_KNOWN_HEADERS *m = info->pInfo;
	const char *name;
	USHORT i;

	if (info->Length != sizeof(*m) || !m ||
	    (ULONG)m->HeaderId >= HttpHeaderResponseMaximum ||
	    (m->Flags & ~HTTP_RESPONSE_INFO_FLAGS_PRESERVE_ORDER) ||
	    (m->KnownHeaderCount && !m->KnownHeaders))
		return -1;
	name = httpsys_response_header_name(m->HeaderId);
	for (i = 0; i < m->KnownHeaderCount && pos >= 0; i++) {
		const HTTP_KNOWN_HEADER *k = &m->KnownHeaders[i];

		/* As in HTTP_RESPONSE_HEADERS: no value, no line. */
		if (!k->pRawValue)
			continue;
		pos = append_line(out, size, pos, name, strlen(name),
				  k->pRawValue, k->RawValueLength);
	}
	if (m->HeaderId == HttpHeaderWwwAuthenticate &&
	    (m->Flags & HTTP_RESPONSE_INFO_FLAGS_PRESERVE_ORDER))
		*flags |= HTTPSYS_SEND_AUTH_PRESERVE_ORDER;
	return pos;
}

long lib_serialize_response_info(const HTTP_RESPONSE *resp, char *out,
				 size_t size, long pos, __u32 *flags)
{
	const HTTP_RESPONSE_INFO *info = resp->pResponseInfo;
	USHORT i;

	if (resp->ResponseInfoCount && !info)
		return -1;
	for (i = 0; i < resp->ResponseInfoCount && pos >= 0; i++) {
		switch (info[i].Type) {
		case HttpResponseInfoTypeMultipleKnownHeaders:
			pos = multiple_known(&info[i], out, size, pos, flags);
			break;
		case HttpResponseInfoTypeAuthenticationProperty:
		case HttpResponseInfoTypeQoSProperty:
		case HttpResponseInfoTypeChannelBind:
			return -3;
		default:
			return -1;
		}
	}
	return pos;
}

ULONG lib_chunk_to_kernel(const HTTP_DATA_CHUNK *c, struct httpsys_chunk *k)
{
	const HTTP_BYTE_RANGE *range = &c->FromFileHandle.ByteRange;

	memset(k, 0, sizeof(*k));
	switch (c->DataChunkType) {
	case HttpDataChunkFromMemory:
		if (c->FromMemory.BufferLength && !c->FromMemory.pBuffer)
			return ERROR_INVALID_PARAMETER;
		k->type = HTTPSYS_CHUNK_FROM_MEMORY;
		k->data = (uintptr_t)c->FromMemory.pBuffer;
		k->length = c->FromMemory.BufferLength;
		return NO_ERROR;
	case HttpDataChunkFromFileHandle:
		k->type = HTTPSYS_CHUNK_FROM_FILE;
		k->fd = lib_handle_fd(c->FromFileHandle.FileHandle);
		if (k->fd < 0)
			return ERROR_INVALID_HANDLE;
		k->data = range->StartingOffset.QuadPart;
		k->length = range->Length.QuadPart == HTTP_BYTE_RANGE_TO_EOF ?
			    HTTPSYS_LENGTH_TO_EOF : range->Length.QuadPart;
		return NO_ERROR;
	default:
		/* Fragments are the send's own (below); trailers are HTTP/2's. */
		return ERROR_NOT_SUPPORTED;
	}
}

static int is_fragment(const HTTP_DATA_CHUNK *c)
{
	return c->DataChunkType == HttpDataChunkFromFragmentCache ||
	       c->DataChunkType == HttpDataChunkFromFragmentCacheEx;
}

/*
 * A fragment chunk's name and its length in wide characters (a byte
 * count in FromFragmentCache, NUL-terminated in the Ex form); NO_ERROR,
 * or ERROR_INVALID_PARAMETER with *@count 0.
 */
static ULONG fragment_name(const HTTP_DATA_CHUNK *c, PCWSTR *name,
			   size_t *count)
{
	if (c->DataChunkType == HttpDataChunkFromFragmentCache) {
		*name = c->FromFragmentCache.pFragmentName;
		*count = c->FromFragmentCache.FragmentNameLength / sizeof(WCHAR);
		if (c->FromFragmentCache.FragmentNameLength % sizeof(WCHAR))
			*count = 0;
	} else {
		*name = c->FromFragmentCacheEx.pFragmentName;
		*count = *name ? wcsnlen(*name, HTTPSYS_MAX_URL_LEN + 1) : 0;
	}
	if (!*name || *count > HTTPSYS_MAX_URL_LEN)
		*count = 0;
	return *count ? NO_ERROR : ERROR_INVALID_PARAMETER;
}

/* The UTF-8 bytes a name of @count wide characters may need, and a NUL. */
static size_t name_room(size_t count)
{
	return (count < HTTPSYS_MAX_URL_LEN / 4 ? count * 4 :
		HTTPSYS_MAX_URL_LEN) + 1;
}

/*
 * Room for the fragment chunks of @chunks: a range each, then their names;
 * their number in *@fragments.  Their checks are fragment_to_kernel's.
 */
static size_t fragment_room(const HTTP_DATA_CHUNK *chunks, USHORT count,
			    size_t *fragments)
{
	size_t room = 0, chars;
	PCWSTR name;
	USHORT i;

	*fragments = 0;
	if (!chunks || count > HTTPSYS_MAX_CHUNKS)
		return 0;
	for (i = 0; i < count; i++) {
		if (!is_fragment(&chunks[i]))
			continue;
		fragment_name(&chunks[i], &name, &chars);
		room += sizeof(struct httpsys_fragment_range) + name_room(chars);
		++*fragments;
	}
	return room;
}

/* What a send owns until it ends, since an overlapped one outlives the call. */
struct send_buffers {
	struct httpsys_chunk chunks[HTTPSYS_MAX_CHUNKS];
	char reason[HTTPSYS_MAX_REASON_LEN];
	char headers[HTTPSYS_MAX_RESPONSE_HEADERS_LEN];
	char *names, *end;	/* the fragments' names go here, up to @end */
	struct httpsys_fragment_range ranges[];	/* one per fragment chunk */
};

/* Fragment chunk @c as FROM_FRAGMENT @k naming range @r, name from @b. */
static ULONG fragment_to_kernel(const HTTP_DATA_CHUNK *c,
				struct httpsys_chunk *k,
				struct httpsys_fragment_range *r,
				struct send_buffers *b)
{
	size_t chars, room;
	PCWSTR name;
	int len;

	if (fragment_name(c, &name, &chars))
		return ERROR_INVALID_PARAMETER;
	/* Bounded by what is left too: the caller's name may change meanwhile. */
	room = name_room(chars);
	if (room > (size_t)(b->end - b->names))
		room = b->end - b->names;
	len = lib_prefix_to_utf8_n(name, chars, b->names, room);
	if (len < 0)
		return ERROR_INVALID_PARAMETER;
	*r = (struct httpsys_fragment_range){
		.name = (uintptr_t)b->names,
		.name_len = len,
		.length = HTTPSYS_LENGTH_TO_EOF,
	};
	if (c->DataChunkType == HttpDataChunkFromFragmentCacheEx) {
		r->offset = c->FromFragmentCacheEx.ByteRange.StartingOffset.QuadPart;
		r->length = c->FromFragmentCacheEx.ByteRange.Length.QuadPart;
	}
	b->names += len + 1;
	memset(k, 0, sizeof(*k));
	k->type = HTTPSYS_CHUNK_FROM_FRAGMENT;
	k->data = (uintptr_t)r;
	return NO_ERROR;
}

static ULONG send_run(struct lib_io *io, int fd, ULONG *bytes)
{
	int err = lib_ioctl(fd, io->cmd, &io->send);

	if (err)
		return lib_errno_to_win32(err, LIB_CALL_SEND);
	*bytes = io->send.bytes_sent > UINT32_MAX ? UINT32_MAX :
		 (ULONG)io->send.bytes_sent;
	return NO_ERROR;
}

/* Fill @io's send from the caller's arguments; NO_ERROR or the error. */
static ULONG send_prepare(struct lib_io *io, struct send_buffers *b,
			  HTTP_REQUEST_ID id, ULONG flags,
			  const HTTP_RESPONSE *resp, USHORT chunk_count,
			  const HTTP_DATA_CHUNK *chunks)
{
	static const ULONG supported = HTTP_SEND_RESPONSE_FLAG_DISCONNECT |
				       HTTP_SEND_RESPONSE_FLAG_MORE_DATA |
				       HTTP_SEND_RESPONSE_FLAG_BUFFER_DATA;
	struct httpsys_fragment_range *range = b->ranges;
	struct httpsys_send *s = &io->send;
	ULONG result;
	USHORT i;
	long len;

	if (id == HTTP_NULL_ID)
		return ERROR_CONNECTION_INVALID;
	if ((flags & ~supported) || chunk_count > HTTPSYS_MAX_CHUNKS ||
	    (chunk_count && !chunks))
		return ERROR_INVALID_PARAMETER;
	for (i = 0; i < chunk_count; i++) {
		if (is_fragment(&chunks[i]))
			result = fragment_to_kernel(&chunks[i], &b->chunks[i],
						    range++, b);
		else
			result = lib_chunk_to_kernel(&chunks[i], &b->chunks[i]);
		if (result)
			return result;
	}
	s->request_id = id;
	s->flags = flags;
	s->chunk_count = chunk_count;
	s->chunks = (uintptr_t)b->chunks;
	if (!resp)
		return NO_ERROR;
	if (resp->StatusCode < 100 || resp->StatusCode > 999 ||
	    resp->ReasonLength > HTTPSYS_MAX_REASON_LEN ||
	    (resp->ReasonLength && !resp->pReason) ||
	    !value_is_clean(resp->pReason, resp->ReasonLength))
		return ERROR_INVALID_PARAMETER;
	len = lib_serialize_headers(&resp->Headers, b->headers,
				    sizeof(b->headers));
	if (len >= 0)
		len = lib_serialize_response_info(resp, b->headers,
						  sizeof(b->headers), len,
						  &s->flags);
	if (len == -3)
		return ERROR_NOT_SUPPORTED;
	if (len < 0)
		return ERROR_INVALID_PARAMETER;
	if (resp->ReasonLength)
		memcpy(b->reason, resp->pReason, resp->ReasonLength);
	s->status = resp->StatusCode;
	s->reason = (uintptr_t)b->reason;
	s->reason_len = resp->ReasonLength;
	s->headers = (uintptr_t)b->headers;
	s->headers_len = len;
	return NO_ERROR;
}

static ULONG send_common(HANDLE h, HTTP_REQUEST_ID id, ULONG flags,
			 const HTTP_RESPONSE *resp,
			 const HTTP_CACHE_POLICY *policy, USHORT chunk_count,
			 const HTTP_DATA_CHUNK *chunks, PULONG sent,
			 LPOVERLAPPED overlapped, const HTTP_LOG_DATA *log)
{
	struct lib_io io = {
		.run = send_run,
		/* The kernel's send waits for socket space: never inline. */
		.wait = LIB_WAIT_BLOCKS,
		.cmd = resp ? HTTPSYS_IOC_SEND_RESPONSE : HTTPSYS_IOC_SEND_BODY,
	};
	struct send_buffers *b;
	size_t fragments, room = fragment_room(chunks, chunk_count, &fragments);
	int fd;
	ULONG result = lib_queue_call(h, &fd);

	if (result)
		return result;
	/* The log data, if any, after the fragments' room (8-aligned). */
	room = (room + 7) & ~(size_t)7;
	b = malloc(sizeof(*b) + room + lib_log_data_size(log));
	if (!b)
		return ERROR_NOT_ENOUGH_MEMORY;
	b->names = (char *)(b->ranges + fragments);
	b->end = (char *)b->ranges + room;
	io.owned = b;
	result = send_prepare(&io, b, id, flags, resp, chunk_count, chunks);
	if (!result && policy)
		result = lib_cache_policy_in(policy, &io.send.cache_policy,
					     &io.send.cache_seconds);
	if (!result && log) {
		io.send.log_data = (uintptr_t)b->end;
		result = lib_log_data_build(log, b->end, lib_log_data_size(log),
					    &io.send.log_data_len);
	}
	if (result) {
		free(b);
		return result;
	}
	return lib_io_submit(fd, overlapped, &io, sent);
}

ULONG WINAPI HttpSendHttpResponse(HANDLE ReqQueueHandle,
				  HTTP_REQUEST_ID RequestId, ULONG Flags,
				  PHTTP_RESPONSE pHttpResponse,
				  PHTTP_CACHE_POLICY pCachePolicy,
				  PULONG pBytesSent, PVOID pReserved1,
				  ULONG Reserved2, LPOVERLAPPED pOverlapped,
				  PHTTP_LOG_DATA pLogData)
{
	if (!pHttpResponse || pReserved1 || Reserved2)
		return ERROR_INVALID_PARAMETER;
	return send_common(ReqQueueHandle, RequestId, Flags, pHttpResponse,
			   pCachePolicy, pHttpResponse->EntityChunkCount,
			   pHttpResponse->pEntityChunks, pBytesSent, pOverlapped,
			   pLogData);
}

ULONG WINAPI HttpSendResponseEntityBody(HANDLE ReqQueueHandle,
					HTTP_REQUEST_ID RequestId, ULONG Flags,
					USHORT EntityChunkCount,
					PHTTP_DATA_CHUNK pEntityChunks,
					PULONG pBytesSent, PVOID pReserved1,
					ULONG Reserved2, LPOVERLAPPED pOverlapped,
					PHTTP_LOG_DATA pLogData)
{
	if (pReserved1 || Reserved2)
		return ERROR_INVALID_PARAMETER;
	return send_common(ReqQueueHandle, RequestId, Flags, NULL, NULL,
			   EntityChunkCount, pEntityChunks, pBytesSent,
			   pOverlapped, pLogData);
}
