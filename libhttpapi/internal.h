/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libhttpapi internals: shared by the library's files and its unit tests. */
#ifndef HTTPSYS_LIB_INTERNAL_H
#define HTTPSYS_LIB_INTERNAL_H

#include <stddef.h>
#include <http.h>

/* ERROR_DLL_INIT_FAILED unless HttpInitialize(SERVER) is in effect. */
ULONG lib_check_server_init(void);

/*
 * The checks every call on a queue handle starts with (initialised, a
 * valid handle, no OVERLAPPED yet); sets *@fd.  NO_ERROR or the error.
 */
ULONG lib_queue_call(HANDLE h, LPOVERLAPPED overlapped, int *fd);

/* ioctl, restarted when a signal interrupts a wait; 0 or the errno. */
int lib_ioctl(int fd, unsigned long cmd, void *arg);

/* The fd behind a handle, or -1.  Handles are fd + 1, so NULL is invalid. */
int lib_handle_fd(HANDLE h);
HANDLE lib_fd_handle(int fd);

/*
 * Convert a NUL-terminated wide string to UTF-8 in @out (@size bytes,
 * NUL-terminated).  Returns the length, or -1 for an invalid code point
 * or a result that does not fit.
 */
int lib_wide_to_utf8(PCWSTR in, char *out, size_t size);

/* True when @url is a valid http.sys URL prefix. */
int lib_prefix_is_valid(const char *url, size_t len);

/*
 * Serialise a response's headers as "Name: value\r\n" lines into @out.
 * Returns the length, -1 for a header with CR, LF or NUL in it or a bad
 * name, -2 when @size is too small.
 */
long lib_serialize_headers(const HTTP_RESPONSE_HEADERS *h, char *out,
			   size_t size);

/* errno from an ioctl to a Windows error code, per call family. */
enum lib_call {
	LIB_CALL_URL_ADD,
	LIB_CALL_URL_REMOVE,
	LIB_CALL_RECEIVE,
	LIB_CALL_SEND,
};
ULONG lib_errno_to_win32(int err, enum lib_call call);

#endif /* HTTPSYS_LIB_INTERNAL_H */
