// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Memory the library hands to the application, which a Windows program
 * frees with HeapFree(GetProcessHeap(), 0, p): taken from the C library's
 * heap, so free() releases it and the compat layer's HeapFree can too.
 */
#include <stdlib.h>

#include "internal.h"

void *lib_heap_alloc(size_t size)
{
	return malloc(size);
}
