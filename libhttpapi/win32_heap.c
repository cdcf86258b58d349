// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * HeapAlloc and friends over the C library's heap, the one lib_heap_alloc
 * (heap.c) takes the library's own results from.  Slack bytes past the
 * size asked for are zeroed as blocks are handed out, so that
 * HeapReAlloc's HEAP_ZERO_MEMORY can zero from the usable size on.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static char process_heap;

HANDLE WINAPI GetProcessHeap(void)
{
	return &process_heap;
}

static void *zero_slack(void *p, size_t from)
{
	size_t usable = malloc_usable_size(p);

	if (usable > from)
		memset((char *)p + from, 0, usable - from);
	return p;
}

LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes)
{
	void *p;

	if (hHeap != &process_heap)
		return NULL;
	p = (dwFlags & HEAP_ZERO_MEMORY) ? calloc(1, dwBytes ? dwBytes : 1) :
					    malloc(dwBytes ? dwBytes : 1);
	return p ? zero_slack(p, dwBytes) : NULL;
}

LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem,
			  SIZE_T dwBytes)
{
	size_t old;
	void *p;

	if (hHeap != &process_heap || !lpMem)
		return NULL;
	old = malloc_usable_size(lpMem);
	if (dwFlags & HEAP_REALLOC_IN_PLACE_ONLY)
		return dwBytes <= old ? zero_slack(lpMem, dwBytes) : NULL;
	p = realloc(lpMem, dwBytes ? dwBytes : 1);
	if (!p)
		return NULL;
	if ((dwFlags & HEAP_ZERO_MEMORY) && dwBytes > old)
		memset((char *)p + old, 0, dwBytes - old);
	return zero_slack(p, dwBytes);
}

BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem)
{
	(void)dwFlags;
	if (hHeap != &process_heap) {
		SetLastError(ERROR_INVALID_HANDLE);
		return FALSE;
	}
	free(lpMem);
	return TRUE;
}
