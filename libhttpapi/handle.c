// SPDX-License-Identifier: LGPL-2.1-or-later
/* Request queue handles: each is one open of /dev/httpsys. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>
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

ULONG WINAPI HttpCreateHttpHandle(PHANDLE pReqQueueHandle, ULONG Reserved)
{
	ULONG err = lib_check_server_init();
	int fd;

	if (err)
		return err;
	if (!pReqQueueHandle || Reserved)
		return ERROR_INVALID_PARAMETER;
	fd = open(HTTPSYS_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		/* No device: the module is not loaded. */
		return errno == ENOENT || errno == ENODEV || errno == ENXIO ?
		       ERROR_FILE_NOT_FOUND : lib_errno_to_win32(errno, LIB_CALL_RECEIVE);
	}
	*pReqQueueHandle = lib_fd_handle(fd);
	return NO_ERROR;
}

ULONG lib_queue_call(HANDLE h, LPOVERLAPPED overlapped, int *fd)
{
	ULONG err = lib_check_server_init();

	if (err)
		return err;
	*fd = lib_handle_fd(h);
	if (*fd < 0)
		return ERROR_INVALID_HANDLE;
	/* Asynchronous I/O comes with the v2 API work. */
	if (overlapped)
		return ERROR_NOT_SUPPORTED;
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

	return fd >= 0 && close(fd) == 0;
}

int HttpQueueFd(HANDLE ReqQueueHandle)
{
	return lib_handle_fd(ReqQueueHandle);
}

HANDLE HttpHandleFromFd(int fd)
{
	return fd < 0 ? INVALID_HANDLE_VALUE : lib_fd_handle(fd);
}

/* CANCEL and WAIT_DISCONNECT: one ID, no result but success. */
static ULONG id_call(HANDLE h, unsigned long cmd, ULONGLONG id,
		     LPOVERLAPPED overlapped)
{
	struct httpsys_id_op op = { .id = id };
	int fd;
	ULONG result = lib_queue_call(h, overlapped, &fd);

	if (result)
		return result;
	if (id == HTTP_NULL_ID)
		return ERROR_INVALID_PARAMETER;
	return lib_errno_to_win32(lib_ioctl(fd, cmd, &op), LIB_CALL_RECEIVE);
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
