// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * HttpReceiveHttpRequest / HttpReceiveRequestEntityBody.  The kernel writes
 * the HTTP_REQUEST into the caller's buffer itself, pointers included.
 */
#include <assert.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "httpsys.h"
#include "internal.h"
#include "sspi.h"

/* The kernel's blob is Windows' layout: check the two agree. */
static_assert(sizeof(HTTP_REQUEST_V1) == sizeof(struct httpsys_request_v1),
	      "HTTP_REQUEST_V1 layout");
static_assert(sizeof(HTTP_REQUEST_V2) == sizeof(struct httpsys_request_v2),
	      "HTTP_REQUEST_V2 layout");
static_assert(offsetof(HTTP_REQUEST_V1, CookedUrl) ==
	      offsetof(struct httpsys_request_v1, full_url_length), "CookedUrl");
static_assert(offsetof(HTTP_REQUEST_V1, Headers) ==
	      offsetof(struct httpsys_request_v1, unknown_header_count), "Headers");
static_assert(offsetof(HTTP_REQUEST_V1, BytesReceived) ==
	      offsetof(struct httpsys_request_v1, bytes_received), "BytesReceived");
static_assert(offsetof(HTTP_REQUEST_V1, pSslInfo) ==
	      offsetof(struct httpsys_request_v1, ssl_info), "pSslInfo");
static_assert(sizeof(HTTP_DATA_CHUNK) == sizeof(struct httpsys_data_chunk),
	      "HTTP_DATA_CHUNK layout");
static_assert(sizeof(HTTP_RESPONSE_V1) == 552, "HTTP_RESPONSE_V1 layout");
static_assert(sizeof(HTTP_REQUEST_INFO) == sizeof(struct httpsys_request_info),
	      "HTTP_REQUEST_INFO layout");
static_assert(sizeof(HTTP_REQUEST_AUTH_INFO) ==
	      sizeof(struct httpsys_request_auth_info),
	      "HTTP_REQUEST_AUTH_INFO layout");
static_assert(offsetof(HTTP_REQUEST_AUTH_INFO, AccessToken) ==
	      offsetof(struct httpsys_request_auth_info, access_token),
	      "AccessToken");
static_assert(offsetof(HTTP_REQUEST_AUTH_INFO, ContextAttributes) ==
	      offsetof(struct httpsys_request_auth_info, context_attributes),
	      "ContextAttributes");
static_assert(offsetof(HTTP_REQUEST_AUTH_INFO, PackedContext) ==
	      offsetof(struct httpsys_request_auth_info, packed_context),
	      "PackedContext");
static_assert(offsetof(HTTP_REQUEST_AUTH_INFO, pMutualAuthData) ==
	      offsetof(struct httpsys_request_auth_info, mutual_auth_data),
	      "pMutualAuthData");
static_assert(offsetof(HTTP_REQUEST_AUTH_INFO, PackageNameLength) ==
	      offsetof(struct httpsys_request_auth_info, package_name_length),
	      "PackageNameLength");
static_assert(offsetof(HTTP_REQUEST_AUTH_INFO, pPackageName) ==
	      offsetof(struct httpsys_request_auth_info, package_name),
	      "pPackageName");
static_assert(HttpRequestAuthTypeKerberos == HTTPSYS_AUTH_TYPE_KERBEROS &&
	      HttpAuthStatusFailure == HTTPSYS_AUTH_FAILURE &&
	      HttpRequestInfoTypeAuth == HTTPSYS_REQUEST_INFO_AUTH,
	      "auth enums");

/* The AUTH record @info's token from IDENTITY record @id, if it is one. */
static void auth_token(HTTP_REQUEST_INFO *info, const HTTP_REQUEST_INFO *id,
		       const void *buf, size_t len)
{
	HTTP_REQUEST_AUTH_INFO *auth = info->pInfo;

	if (info->InfoType != HttpRequestInfoTypeAuth ||
	    info->InfoLength != sizeof(*auth) ||
	    !lib_in_buffer((uintptr_t)auth, sizeof(*auth), buf, len) ||
	    (uintptr_t)auth % 8 || auth->AuthStatus != HttpAuthStatusSuccess)
		return;
	if (id->InfoLength == sizeof(struct httpsys_auth_identity) &&
	    lib_in_buffer((uintptr_t)id->pInfo, id->InfoLength, buf, len) &&
	    (uintptr_t)id->pInfo % 8 == 0)
		auth->AccessToken = lib_token_create(id->pInfo, buf, len);
	if (!auth->AccessToken) {
		/* Told who the client is and unable to say it: not a success. */
		auth->AuthStatus = HttpAuthStatusFailure;
		auth->SecStatus = SEC_E_INSUFFICIENT_MEMORY;
	}
}

void lib_request_auth_fixup(HTTP_REQUEST_V2 *req, size_t len)
{
	HTTP_REQUEST_INFO *info = req->pRequestInfo;
	USHORT i, kept = 0;

	if (len < sizeof(*req) || !req->RequestInfoCount ||
	    !lib_in_buffer((uintptr_t)info,
			   req->RequestInfoCount * sizeof(*info), req, len))
		return;
	for (i = 0; i < req->RequestInfoCount; i++) {
		if (info[i].InfoType ==
		    (HTTP_REQUEST_INFO_TYPE)HTTPSYS_REQUEST_INFO_IDENTITY) {
			if (kept)
				auth_token(&info[kept - 1], &info[i], req, len);
			continue;
		}
		info[kept++] = info[i];
	}
	req->RequestInfoCount = kept;
}

static ULONG receive_run(struct lib_io *io, int fd, ULONG *bytes)
{
	int err = lib_ioctl(fd, HTTPSYS_IOC_RECEIVE, &io->receive);

	if (err && err != EOVERFLOW)
		return lib_errno_to_win32(err, LIB_CALL_RECEIVE);
	*bytes = io->receive.bytes_needed;
	if (err)
		return ERROR_MORE_DATA;
	/* Here, so a synchronous and an overlapped receive both do it once. */
	lib_request_auth_fixup((HTTP_REQUEST_V2 *)(uintptr_t)io->receive.buffer,
			       io->receive.bytes_needed);
	return NO_ERROR;
}

ULONG WINAPI HttpReceiveHttpRequest(HANDLE ReqQueueHandle,
				    HTTP_REQUEST_ID RequestId, ULONG Flags,
				    PHTTP_REQUEST pRequestBuffer,
				    ULONG RequestBufferLength,
				    PULONG pBytesReturned,
				    LPOVERLAPPED pOverlapped)
{
	struct lib_io io = {
		.run = receive_run,
		/* The next request: one thread per handle waits for them all. */
		.wait = RequestId ? LIB_WAIT_QUEUE : LIB_WAIT_DISPATCH,
		.receive = {
			.request_id = RequestId,
			.buffer = (uintptr_t)pRequestBuffer,
			.buffer_len = RequestBufferLength,
			/* Overlapped: the worker waits where it can be cancelled. */
			.flags = Flags | (pOverlapped ? HTTPSYS_RECEIVE_NONBLOCK : 0),
		},
	};
	int fd;
	ULONG result = lib_queue_call(ReqQueueHandle, &fd);

	if (result)
		return result;
	if (!pRequestBuffer ||
	    (Flags & ~(HTTP_RECEIVE_REQUEST_FLAG_COPY_BODY |
		       HTTP_RECEIVE_REQUEST_FLAG_FLUSH_BODY)))
		return ERROR_INVALID_PARAMETER;
	if (RequestBufferLength < sizeof(HTTP_REQUEST_V1))
		return ERROR_INSUFFICIENT_BUFFER;
	if ((uintptr_t)pRequestBuffer % 8)
		return ERROR_NOACCESS;
	return lib_io_submit(fd, pOverlapped, &io, pBytesReturned);
}

static ULONG body_run(struct lib_io *io, int fd, ULONG *bytes)
{
	struct httpsys_body *b = &io->body;
	const __u32 fill_nonblock = HTTPSYS_BODY_FILL_BUFFER | HTTPSYS_BODY_NONBLOCK;
	int err = lib_ioctl(fd, HTTPSYS_IOC_RECEIVE_BODY, b);

	if (!err) {
		io->done += b->bytes_read;
		b->buffer += b->bytes_read;
		b->buffer_len -= b->bytes_read;
	}
	/* Non-blocking, the kernel hands over what it has: fill the rest later. */
	if (!err && b->buffer_len && (b->flags & fill_nonblock) == fill_nonblock)
		return ERROR_IO_PENDING;
	/* The end of the body, or the client gone, after some of it: that part. */
	if (err && (err == EAGAIN || !io->done))
		return lib_errno_to_win32(err, LIB_CALL_RECEIVE);
	*bytes = io->done;
	return NO_ERROR;
}

ULONG WINAPI HttpReceiveRequestEntityBody(HANDLE ReqQueueHandle,
					  HTTP_REQUEST_ID RequestId, ULONG Flags,
					  PVOID pBuffer, ULONG EntityBufferLength,
					  PULONG pBytesReturned,
					  LPOVERLAPPED pOverlapped)
{
	struct lib_io io = {
		.run = body_run,
		/* Body bytes are not pollable on the queue: look again. */
		.wait = LIB_WAIT_RETRY,
		.body = {
			.request_id = RequestId,
			.buffer = (uintptr_t)pBuffer,
			.buffer_len = EntityBufferLength,
			.flags = Flags | (pOverlapped ? HTTPSYS_BODY_NONBLOCK : 0),
		},
	};
	int fd;
	ULONG result = lib_queue_call(ReqQueueHandle, &fd);

	if (result)
		return result;
	if (RequestId == HTTP_NULL_ID)
		return ERROR_CONNECTION_INVALID;
	if (!pBuffer || !EntityBufferLength ||
	    (Flags & ~HTTP_RECEIVE_REQUEST_ENTITY_BODY_FLAG_FILL_BUFFER))
		return ERROR_INVALID_PARAMETER;
	return lib_io_submit(fd, pOverlapped, &io, pBytesReturned);
}
