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

ULONG WINAPI HttpReceiveHttpRequest(HANDLE ReqQueueHandle,
				    HTTP_REQUEST_ID RequestId, ULONG Flags,
				    PHTTP_REQUEST pRequestBuffer,
				    ULONG RequestBufferLength,
				    PULONG pBytesReturned,
				    LPOVERLAPPED pOverlapped)
{
	struct httpsys_receive r = { 0 };
	int fd, err;
	ULONG result = lib_queue_call(ReqQueueHandle, pOverlapped, &fd);

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
	r.request_id = RequestId;
	r.buffer = (uintptr_t)pRequestBuffer;
	r.buffer_len = RequestBufferLength;
	r.flags = Flags;
	err = lib_ioctl(fd, HTTPSYS_IOC_RECEIVE, &r);
	if (err && err != EOVERFLOW)
		return lib_errno_to_win32(err, LIB_CALL_RECEIVE);
	if (pBytesReturned)
		*pBytesReturned = r.bytes_needed;
	return err ? ERROR_MORE_DATA : NO_ERROR;
}

ULONG WINAPI HttpReceiveRequestEntityBody(HANDLE ReqQueueHandle,
					  HTTP_REQUEST_ID RequestId, ULONG Flags,
					  PVOID pBuffer, ULONG EntityBufferLength,
					  PULONG pBytesReturned,
					  LPOVERLAPPED pOverlapped)
{
	struct httpsys_body b = { 0 };
	int fd, err;
	ULONG result = lib_queue_call(ReqQueueHandle, pOverlapped, &fd);

	if (result)
		return result;
	if (RequestId == HTTP_NULL_ID)
		return ERROR_CONNECTION_INVALID;
	if (!pBuffer || !EntityBufferLength ||
	    (Flags & ~HTTP_RECEIVE_REQUEST_ENTITY_BODY_FLAG_FILL_BUFFER))
		return ERROR_INVALID_PARAMETER;
	b.request_id = RequestId;
	b.buffer = (uintptr_t)pBuffer;
	b.buffer_len = EntityBufferLength;
	b.flags = Flags;
	err = lib_ioctl(fd, HTTPSYS_IOC_RECEIVE_BODY, &b);
	if (err)
		return lib_errno_to_win32(err, LIB_CALL_RECEIVE);
	if (pBytesReturned)
		*pBytesReturned = b.bytes_read;
	return NO_ERROR;
}
