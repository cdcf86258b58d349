// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel's response and fragment caches: HttpFlushResponseCache,
 * HttpAddFragmentToCache and HttpReadFragmentFromCache, and the cache
 * policy HttpSendHttpResponse hands on.  Each call is one ioctl that
 * never waits, so an overlapped one ends on the caller's thread.
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

static_assert(HttpCachePolicyNocache == HTTPSYS_CACHE_NONE &&
	      HttpCachePolicyUserInvalidates == HTTPSYS_CACHE_USER_INVALIDATES &&
	      HttpCachePolicyTimeToLive == HTTPSYS_CACHE_TIME_TO_LIVE,
	      "cache policies");
static_assert(HTTP_FLUSH_RESPONSE_FLAG_RECURSIVE == HTTPSYS_FLUSH_RECURSIVE,
	      "flush flags");

ULONG lib_cache_policy_in(const HTTP_CACHE_POLICY *p, __u32 *policy,
			  __u32 *seconds)
{
	if ((ULONG)p->Policy >= HttpCachePolicyMaximum)
		return ERROR_INVALID_PARAMETER;
	*policy = p->Policy;
	*seconds = p->Policy == HttpCachePolicyTimeToLive ? p->SecondsToLive : 0;
	return NO_ERROR;
}

/*
 * @url in UTF-8 into *@out and *@len, the copy owned by @io (freed when
 * the call ends); NO_ERROR or the error.  Last of a call's checks.
 */
static ULONG cache_url(PCWSTR url, struct lib_io *io, __u64 *out, __u32 *len)
{
	char *utf8;
	int n;

	if (!url)
		return ERROR_INVALID_PARAMETER;
	utf8 = malloc(HTTPSYS_MAX_URL_LEN + 1);
	if (!utf8)
		return ERROR_NOT_ENOUGH_MEMORY;
	n = lib_prefix_to_utf8(url, utf8, HTTPSYS_MAX_URL_LEN + 1);
	if (n < 0) {
		free(utf8);
		return ERROR_INVALID_PARAMETER;
	}
	io->owned = utf8;
	*out = (uintptr_t)utf8;
	*len = n;
	return NO_ERROR;
}

/* FLUSH_CACHE or FRAGMENT_ADD: no bytes to report. */
static ULONG cache_run(struct lib_io *io, int fd, ULONG *bytes)
{
	void *arg = io->cmd == HTTPSYS_IOC_FLUSH_CACHE ? (void *)&io->flush :
		    (void *)&io->fragment_add;

	(void)bytes;
	return lib_errno_to_win32(lib_ioctl(fd, io->cmd, arg), LIB_CALL_FRAGMENT);
}

ULONG WINAPI HttpFlushResponseCache(HANDLE ReqQueueHandle, PCWSTR pUrlPrefix,
				    ULONG Flags, LPOVERLAPPED pOverlapped)
{
	struct lib_io io = {
		.run = cache_run,
		.wait = LIB_WAIT_RETRY,
		.cmd = HTTPSYS_IOC_FLUSH_CACHE,
		.flush.flags = Flags,
	};
	int fd;
	ULONG result = lib_queue_call(ReqQueueHandle, &fd);

	if (result)
		return result;
	if (Flags & ~HTTP_FLUSH_RESPONSE_FLAG_RECURSIVE)
		return ERROR_INVALID_PARAMETER;
	result = cache_url(pUrlPrefix, &io, &io.flush.url, &io.flush.url_len);
	if (result)
		return result;
	return lib_io_submit(fd, pOverlapped, &io, NULL);
}

ULONG WINAPI HttpAddFragmentToCache(HANDLE ReqQueueHandle, PCWSTR pUrlPrefix,
				    PHTTP_DATA_CHUNK pDataChunk,
				    PHTTP_CACHE_POLICY pCachePolicy,
				    LPOVERLAPPED pOverlapped)
{
	struct lib_io io = {
		.run = cache_run,
		.wait = LIB_WAIT_RETRY,
		.cmd = HTTPSYS_IOC_FRAGMENT_ADD,
	};
	struct httpsys_fragment_add *a = &io.fragment_add;
	int fd;
	ULONG result = lib_queue_call(ReqQueueHandle, &fd);

	if (result)
		return result;
	/* A fragment is bytes: from memory or a file, never another fragment. */
	if (!pDataChunk || !pCachePolicy ||
	    (pDataChunk->DataChunkType != HttpDataChunkFromMemory &&
	     pDataChunk->DataChunkType != HttpDataChunkFromFileHandle))
		return ERROR_INVALID_PARAMETER;
	result = lib_chunk_to_kernel(pDataChunk, &a->chunk);
	if (!result)
		result = lib_cache_policy_in(pCachePolicy, &a->cache_policy,
					     &a->cache_seconds);
	if (!result && a->cache_policy == HTTPSYS_CACHE_NONE)
		result = ERROR_INVALID_PARAMETER;
	if (!result)
		result = cache_url(pUrlPrefix, &io, &a->url, &a->url_len);
	if (result)
		return result;
	return lib_io_submit(fd, pOverlapped, &io, NULL);
}

static ULONG read_run(struct lib_io *io, int fd, ULONG *bytes)
{
	int err = lib_ioctl(fd, HTTPSYS_IOC_FRAGMENT_READ, &io->fragment_read);

	if (err && err != EOVERFLOW)
		return lib_errno_to_win32(err, LIB_CALL_FRAGMENT);
	*bytes = io->fragment_read.bytes_read;
	/* Short of room: Microsoft documents this code, with the size needed. */
	return err ? ERROR_INSUFFICIENT_BUFFER : NO_ERROR;
}

ULONG WINAPI HttpReadFragmentFromCache(HANDLE ReqQueueHandle,
				       PCWSTR pUrlPrefix,
				       PHTTP_BYTE_RANGE pByteRange,
				       PVOID pBuffer, ULONG BufferLength,
				       PULONG pBytesRead,
				       LPOVERLAPPED pOverlapped)
{
	struct lib_io io = {
		.run = read_run,
		.wait = LIB_WAIT_RETRY,
		.cmd = HTTPSYS_IOC_FRAGMENT_READ,
		.fragment_read = {
			.buffer = (uintptr_t)pBuffer,
			.buffer_len = BufferLength,
			.length = HTTPSYS_LENGTH_TO_EOF,
		},
	};
	struct httpsys_fragment_read *r = &io.fragment_read;
	int fd;
	ULONG result = lib_queue_call(ReqQueueHandle, &fd);

	if (result)
		return result;
	/* A synchronous call must be able to say how much it read. */
	if ((BufferLength && !pBuffer) || (!pOverlapped && !pBytesRead))
		return ERROR_INVALID_PARAMETER;
	if (pByteRange) {
		r->offset = pByteRange->StartingOffset;
		r->length = pByteRange->Length;
	}
	result = cache_url(pUrlPrefix, &io, &r->url, &r->url_len);
	if (result)
		return result;
	return lib_io_submit(fd, pOverlapped, &io, pBytesRead);
}
