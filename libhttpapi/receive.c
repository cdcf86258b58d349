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

static ULONG receive_run(struct lib_io *io, int fd, ULONG *bytes)
{
	int err = lib_ioctl(fd, HTTPSYS_IOC_RECEIVE, &io->receive);

	if (err && err != EOVERFLOW)
		return lib_errno_to_win32(err, LIB_CALL_RECEIVE);
	*bytes = io->receive.bytes_needed;
	return err ? ERROR_MORE_DATA : NO_ERROR;
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
		.wait = LIB_WAIT_QUEUE,
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
