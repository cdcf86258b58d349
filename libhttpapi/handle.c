// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Request queue handles: each is one open of /dev/httpsys, attached to a
 * queue (HTTPSYS_IOC_QUEUE): an anonymous v1 one, or a v2 one, named or
 * not, created or opened.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>
#include <wchar.h>
#include <sys/ioctl.h>

#include "httpsys.h"
#include "internal.h"

int lib_handle_fd(HANDLE h)
{
	intptr_t v = (intptr_t)h;

	return (v > 0 && v <= INT32_MAX) ? (int)(v - 1) : -1;
}

HANDLE lib_fd_handle(int fd)
{
	return (HANDLE)(intptr_t)(fd + 1);
}

ULONG lib_open_device(int *fd)
{
	*fd = open(HTTPSYS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (*fd >= 0)
		return NO_ERROR;
	/* No device: the module is not loaded. */
	return errno == ENOENT || errno == ENODEV || errno == ENXIO ?
	       ERROR_FILE_NOT_FOUND : lib_errno_to_win32(errno, LIB_CALL_QUEUE);
}

/* A new handle attached to a queue: @name (@len bytes, or none), @flags. */
static ULONG queue_open(const char *name, int len, __u32 flags, PHANDLE out)
{
	struct httpsys_queue_attach a = {
		.name = (uintptr_t)name,
		.name_len = len,
		.flags = flags,
	};
	int fd, err;
	ULONG result = lib_open_device(&fd);

	if (result)
		return result;
	err = lib_ioctl(fd, HTTPSYS_IOC_QUEUE, &a);
	if (err) {
		close(fd);
		return lib_errno_to_win32(err, LIB_CALL_QUEUE);
	}
	*out = lib_fd_handle(fd);
	return NO_ERROR;
}

ULONG WINAPI HttpCreateHttpHandle(PHANDLE pReqQueueHandle, ULONG Reserved)
{
	ULONG err = lib_check_server_init();

	if (err)
		return err;
	if (!pReqQueueHandle || Reserved)
		return ERROR_INVALID_PARAMETER;
	return queue_open(NULL, 0, HTTPSYS_QUEUE_V1, pReqQueueHandle);
}

ULONG WINAPI HttpCreateRequestQueue(HTTPAPI_VERSION Version, PCWSTR pName,
				    PSECURITY_ATTRIBUTES pSecurityAttributes,
				    ULONG Flags, PHANDLE pReqQueueHandle)
{
	const ULONG open_existing = HTTP_CREATE_REQUEST_QUEUE_FLAG_OPEN_EXISTING;
	const ULONG controller = HTTP_CREATE_REQUEST_QUEUE_FLAG_CONTROLLER;
	const ULONG delegation = HTTP_CREATE_REQUEST_QUEUE_FLAG_DELEGATION;
	char name[MAX_PATH * 4 + 1];
	int len = 0;
	ULONG err = lib_check_server_init();

	if (err)
		return err;
	if (!lib_version_ok(Version))
		return ERROR_REVISION_MISMATCH;
	if (!pReqQueueHandle ||
	    (Flags & ~(open_existing | controller | delegation)))
		return ERROR_INVALID_PARAMETER;
	/* An opener names the queue, and takes its creator's ACL. */
	if ((Flags & open_existing) && (!pName || !*pName || pSecurityAttributes))
		return ERROR_INVALID_PARAMETER;
	if (pName) {
		if (wcsnlen(pName, MAX_PATH + 1) > MAX_PATH)
			return ERROR_INVALID_PARAMETER;
		len = lib_wide_to_utf8(pName, name, sizeof(name));
		if (len < 0)
			return ERROR_INVALID_PARAMETER;
	}
	/*
	 * The security attributes are not kept: the kernel lets only the
	 * creating user (or CAP_NET_ADMIN) open a named queue.
	 */
	return queue_open(len ? name : NULL, len,
			  (Flags & open_existing ? HTTPSYS_QUEUE_OPEN_EXISTING : 0) |
			  (Flags & controller ? HTTPSYS_QUEUE_CONTROLLER : 0) |
			  (Flags & delegation ? HTTPSYS_QUEUE_DELEGATION : 0),
			  pReqQueueHandle);
}

ULONG WINAPI HttpCloseRequestQueue(HANDLE ReqQueueHandle)
{
	return CloseHandle(ReqQueueHandle) ? NO_ERROR : ERROR_INVALID_HANDLE;
}

ULONG WINAPI HttpShutdownRequestQueue(HANDLE ReqQueueHandle)
{
	int fd;
	ULONG result = lib_queue_call(ReqQueueHandle, &fd);

	if (result)
		return result;
	result = lib_errno_to_win32(lib_ioctl(fd, HTTPSYS_IOC_SHUTDOWN, NULL),
				    LIB_CALL_RECEIVE);
	/* Pending receives wait in poll(), where the kernel cannot fail them. */
	if (!result)
		lib_io_abort(fd, 0);
	return result;
}

ULONG lib_queue_call(HANDLE h, int *fd)
{
	ULONG err = lib_check_server_init();

	if (err)
		return err;
	*fd = lib_handle_fd(h);
	if (*fd < 0)
		return ERROR_INVALID_HANDLE;
	return NO_ERROR;
}

int lib_ioctl(int fd, unsigned long cmd, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, cmd, arg);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? errno : 0;
}

BOOL CloseHandle(HANDLE hObject)
{
	int fd = lib_handle_fd(hObject);

	/* Tokens are not fds: their values lie above every fd + 1. */
	if (lib_token_is_handle(hObject))
		return lib_token_close(hObject);
	if (fd >= 0) {
		/* Its pending I/O ends, its event or port goes, then the fd. */
		lib_io_abort(fd, 1);
		if (!close(fd))
			return TRUE;
	}
	SetLastError(ERROR_INVALID_HANDLE);
	return FALSE;
}

int HttpQueueFd(HANDLE ReqQueueHandle)
{
	return lib_handle_fd(ReqQueueHandle);
}

HANDLE HttpHandleFromFd(int fd)
{
	return fd < 0 ? INVALID_HANDLE_VALUE : lib_fd_handle(fd);
}

static ULONG id_run(struct lib_io *io, int fd, ULONG *bytes)
{
	(void)bytes;
	return lib_errno_to_win32(lib_ioctl(fd, io->cmd, &io->id),
				  LIB_CALL_RECEIVE);
}

/* CANCEL and WAIT_DISCONNECT: one ID, no result but success. */
static ULONG id_call(HANDLE h, unsigned long cmd, ULONGLONG id,
		     LPOVERLAPPED overlapped)
{
	struct lib_io io = {
		.run = id_run,
		/* A disconnection is not pollable: the worker looks again. */
		.wait = LIB_WAIT_RETRY,
		.cmd = cmd,
		.id.id = id,
	};
	int fd;
	ULONG result = lib_queue_call(h, &fd);

	if (result)
		return result;
	if (id == HTTP_NULL_ID)
		return ERROR_INVALID_PARAMETER;
	if (overlapped && cmd == HTTPSYS_IOC_WAIT_DISCONNECT)
		io.id.flags = HTTPSYS_WAIT_NONBLOCK;
	return lib_io_submit(fd, overlapped, &io, NULL);
}

ULONG WINAPI HttpCancelHttpRequest(HANDLE ReqQueueHandle,
				   HTTP_REQUEST_ID RequestId,
				   LPOVERLAPPED pOverlapped)
{
	return id_call(ReqQueueHandle, HTTPSYS_IOC_CANCEL, RequestId, pOverlapped);
}

ULONG WINAPI HttpWaitForDisconnect(HANDLE ReqQueueHandle,
				   HTTP_CONNECTION_ID ConnectionId,
				   LPOVERLAPPED pOverlapped)
{
	return id_call(ReqQueueHandle, HTTPSYS_IOC_WAIT_DISCONNECT, ConnectionId,
		       pOverlapped);
}

ULONG WINAPI HttpWaitForDisconnectEx(HANDLE ReqQueueHandle,
				     HTTP_CONNECTION_ID ConnectionId,
				     ULONG Reserved, LPOVERLAPPED pOverlapped)
{
	ULONG result = lib_check_server_init();

	if (result)
		return result;
	if (Reserved)
		return ERROR_INVALID_PARAMETER;
	return HttpWaitForDisconnect(ReqQueueHandle, ConnectionId, pOverlapped);
}
