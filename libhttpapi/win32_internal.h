/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the compat layer's files (win32_*.c) share. */
#ifndef HTTPSYS_LIB_WIN32_INTERNAL_H
#define HTTPSYS_LIB_WIN32_INTERNAL_H

#include <stddef.h>

#include "internal.h"

/* The Windows error for a file call's errno. */
DWORD lib_file_error(int err);

/*
 * Wide file name @in in UTF-8 in @out (@size bytes): 0, or -1 with the
 * last error set (ERROR_FILENAME_EXCED_RANGE, ERROR_INVALID_NAME).
 */
int lib_path_from_wide(LPCWSTR in, char *out, size_t size);

#endif /* HTTPSYS_LIB_WIN32_INTERNAL_H */
