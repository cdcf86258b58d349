// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * HttpWaitForDemandStart: a controller process waits until a request is
 * queued on its queue, to start a worker for it.  A handle's queue is
 * readable (poll) while a request waits in it, controllers' included.
 * As on Windows, a queue has one such wait outstanding at a time; the
 * process keeps the set of queues (by ID) it waits on.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>

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

struct demand_wait {
	struct demand_wait *next;
	__u64 queue;
};

static pthread_mutex_t waits_lock = PTHREAD_MUTEX_INITIALIZER;
static struct demand_wait *waits;

/* Record a wait on @fd's queue, in *@queue: ERROR_ALREADY_EXISTS if one is. */
static ULONG wait_register(int fd, __u64 *queue)
{
	struct httpsys_queue_id id;
	struct demand_wait *w;
	ULONG result = lib_errno_to_win32(lib_ioctl(fd, HTTPSYS_IOC_QUEUE_ID,
						    &id), LIB_CALL_RECEIVE);

	if (result)
		return result;
	pthread_mutex_lock(&waits_lock);
	for (w = waits; w && w->queue != id.id; w = w->next)
		;
	if (w) {
		result = ERROR_ALREADY_EXISTS;
	} else if ((w = malloc(sizeof(*w)))) {
		w->queue = *queue = id.id;
		w->next = waits;
		waits = w;
	} else {
		result = ERROR_NOT_ENOUGH_MEMORY;
	}
	pthread_mutex_unlock(&waits_lock);
	return result;
}

static void wait_unregister(__u64 queue)
{
	struct demand_wait **p, *w;

	pthread_mutex_lock(&waits_lock);
	for (p = &waits; (w = *p); p = &w->next) {
		if (w->queue == queue) {
			*p = w->next;
			free(w);
			break;
		}
	}
	pthread_mutex_unlock(&waits_lock);
}

/* The OVERLAPPED wait ended: its queue may be waited on again. */
static void demand_end(struct lib_io *io)
{
	wait_unregister(io->id.id);
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
	struct lib_io io = { .run = demand_try, .wait = LIB_WAIT_QUEUE,
			     .end = demand_end };
	__u64 queue = 0;
	int fd;
	ULONG result = lib_queue_call(RequestQueueHandle, &fd);

	/* Windows calls a handle that is no queue an invalid parameter. */
	if (result == ERROR_INVALID_HANDLE)
		return ERROR_INVALID_PARAMETER;
	if (!result)
		result = controller_check(fd);
	if (!result)
		result = wait_register(fd, &queue);
	if (result)
		return result;
	if (!Overlapped) {
		result = demand_poll(fd, -1);
		wait_unregister(queue);
		return result;
	}
	io.id.id = queue;
	return lib_io_submit(fd, Overlapped, &io, NULL);
}
