// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * HttpWaitForDemandStart: a controller process waits until a request is
 * queued on its queue, to start a worker for it.  A handle's queue is
 * readable (poll) while a request waits in it, controllers' included.
 */
#include <errno.h>
#include <poll.h>

#include "internal.h"

/*
 * Whether @fd is a controller's handle, asked without side effects: a
 * CANCEL with a nonzero reserved field fails before it looks at requests,
 * with -EBADFD on a controller (which handles no requests) or on a handle
 * without a queue, which alone polls as an error.
 */
static ULONG controller_check(int fd)
{
	struct httpsys_id_op probe = { .reserved = 1 };
	struct pollfd p = { .fd = fd };

	switch (lib_ioctl(fd, HTTPSYS_IOC_CANCEL, &probe)) {
	case EINVAL:
		return ERROR_INVALID_ID_AUTHORITY;
	case ESHUTDOWN:
		return ERROR_INVALID_HANDLE;
	case EBADFD:
		if (poll(&p, 1, 0) == 1 && (p.revents & POLLERR))
			return ERROR_INVALID_PARAMETER;
		return p.revents & POLLHUP ? ERROR_INVALID_HANDLE : NO_ERROR;
	default:
		/* Not an httpsys handle. */
		return ERROR_INVALID_PARAMETER;
	}
}

/* Wait up to @timeout ms (-1: no limit) for a request queued on @fd. */
static ULONG demand_poll(int fd, int timeout)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n;

	do {
		n = poll(&p, 1, timeout);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return ERROR_NOT_ENOUGH_MEMORY;
	if (!n)
		return ERROR_IO_PENDING;
	/* A hang-up: the handle was shut down or its queue is closing. */
	return p.revents & POLLIN ? NO_ERROR : ERROR_OPERATION_ABORTED;
}

/* One look, as an OVERLAPPED call's worker runs it between its waits. */
static ULONG demand_try(struct lib_io *io, int fd, ULONG *bytes)
{
	(void)io;
	(void)bytes;
	return demand_poll(fd, 0);
}

ULONG WINAPI HttpWaitForDemandStart(HANDLE RequestQueueHandle,
				    LPOVERLAPPED Overlapped)
{
	struct lib_io io = { .run = demand_try, .wait = LIB_WAIT_QUEUE };
	int fd;
	ULONG result = lib_queue_call(RequestQueueHandle, &fd);

	/* Windows calls a handle that is no queue an invalid parameter. */
	if (result == ERROR_INVALID_HANDLE)
		return ERROR_INVALID_PARAMETER;
	if (!result)
		result = controller_check(fd);
	if (result)
		return result;
	if (!Overlapped)
		return demand_poll(fd, -1);
	return lib_io_submit(fd, Overlapped, &io, NULL);
}
