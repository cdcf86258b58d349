// SPDX-License-Identifier: LGPL-2.1-or-later
/* Mapping the kernel's errno values to the codes Windows returns. */
#include <errno.h>

#include "internal.h"

ULONG lib_errno_to_win32(int err, enum lib_call call)
{
	switch (err) {
	case 0:
		return NO_ERROR;
	case EINVAL:
		return ERROR_INVALID_PARAMETER;
	case EEXIST:
		return ERROR_ALREADY_EXISTS;
	case EADDRINUSE:
		return ERROR_SHARING_VIOLATION;
	case EACCES:
	case EPERM:
		return ERROR_ACCESS_DENIED;
	case ENOMEM:
		return ERROR_NOT_ENOUGH_MEMORY;
	case EBADF:
	case ENOTTY:
	case ESHUTDOWN:
		return ERROR_INVALID_HANDLE;
	case EFAULT:
		return ERROR_NOACCESS;
	case EOVERFLOW:
		return ERROR_MORE_DATA;
	case ENODATA:
		return ERROR_HANDLE_EOF;
	case EALREADY:
		/* A second response to one request: Windows says the ID is done. */
	case ECONNRESET:
	case EPIPE:
	case ETIMEDOUT:		/* MinSendRate: the client stopped reading */
		return ERROR_CONNECTION_INVALID;
	case ENOENT:
		/* An unknown prefix, or a request ID that is stale or unknown. */
		return call == LIB_CALL_URL_REMOVE ? ERROR_FILE_NOT_FOUND :
		       call == LIB_CALL_URL_ADD ? ERROR_INVALID_PARAMETER :
		       ERROR_CONNECTION_INVALID;
	}
	return ERROR_INVALID_FUNCTION;
}
