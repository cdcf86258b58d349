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
	case ENXIO:		/* no such URL group */
		return ERROR_INVALID_PARAMETER;
	case EEXIST:
		return ERROR_ALREADY_EXISTS;
	case EADDRINUSE:
		return ERROR_SHARING_VIOLATION;
	case EPERM:
		/* A queue's properties are its creator's: Windows says "invalid". */
		if (call == LIB_CALL_CONFIG)
			return ERROR_INVALID_PARAMETER;
		return ERROR_ACCESS_DENIED;
	case EACCES:
		return ERROR_ACCESS_DENIED;
	case ENOMEM:
	case ENOSPC:		/* too many sessions, groups or URLs */
	case EFBIG:		/* a fragment larger than the cache takes */
		return ERROR_NOT_ENOUGH_MEMORY;
	case ESTALE:		/* a send's fragment is no longer cached */
		return ERROR_PATH_NOT_FOUND;
	case EOPNOTSUPP:	/* properties of a v1 queue */
		return ERROR_NOT_SUPPORTED;
	case EBADF:
	case EBADFD:		/* no queue behind the handle, or a controller's */
	case ENOTTY:
		return ERROR_INVALID_HANDLE;
	case EAGAIN:		/* non-blocking: the worker waits and retries */
		return ERROR_IO_PENDING;
	case ESHUTDOWN:		/* HttpShutdownRequestQueue cancelled it */
		return ERROR_OPERATION_ABORTED;
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
		/*
		 * An unregistered prefix, an unknown queue name or no such
		 * reservation; an unknown session or group; a request ID that
		 * is stale or unknown; no such fragment.
		 */
		switch (call) {
		case LIB_CALL_FRAGMENT:
			return ERROR_PATH_NOT_FOUND;
		case LIB_CALL_URL_REMOVE:
		case LIB_CALL_QUEUE:
		case LIB_CALL_SERVICE:
			return ERROR_FILE_NOT_FOUND;
		case LIB_CALL_URL_ADD:
		case LIB_CALL_CONFIG:
			return ERROR_INVALID_PARAMETER;
		case LIB_CALL_RECEIVE:
		case LIB_CALL_SEND:
			return ERROR_CONNECTION_INVALID;
		}
	}
	return ERROR_INVALID_FUNCTION;
}
