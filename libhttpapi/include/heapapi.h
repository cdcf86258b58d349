/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The process heap.  There is one heap, the C library's: GetProcessHeap
 * names it, HeapAlloc is malloc (calloc with HEAP_ZERO_MEMORY), HeapFree
 * is free.  So memory the library hands out (HttpPrepareUrl's URL) and
 * memory from malloc can both go to HeapFree.  HeapCreate and private
 * heaps are not provided, nor HeapSize (malloc keeps no requested size).
 */
#ifndef HTTPSYS_HEAPAPI_H
#define HTTPSYS_HEAPAPI_H

#include "winhttpsys.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HEAP_NO_SERIALIZE		0x00000001
#define HEAP_GENERATE_EXCEPTIONS	0x00000004
#define HEAP_ZERO_MEMORY		0x00000008
#define HEAP_REALLOC_IN_PLACE_ONLY	0x00000010

/* The one heap's handle: never NULL, and CloseHandle does not take it. */
HANDLE WINAPI GetProcessHeap(void);

/*
 * NULL when out of memory or for another heap's handle; as on Windows,
 * a failed HeapAlloc or HeapReAlloc does not set the last error.
 * HEAP_GENERATE_EXCEPTIONS is ignored (there are no SEH exceptions).
 */
LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes);

/*
 * With HEAP_ZERO_MEMORY the bytes past the old size are zeroed.  With
 * HEAP_REALLOC_IN_PLACE_ONLY it fails (NULL) unless the block does not
 * have to move.
 */
LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem,
			  SIZE_T dwBytes);

/* FALSE with ERROR_INVALID_HANDLE for another heap's handle. */
BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem);

#ifdef __cplusplus
}
#endif

#endif /* HTTPSYS_HEAPAPI_H */
