// SPDX-License-Identifier: LGPL-2.1-or-later
/* Request queue handles: each is one open of /dev/httpsys. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

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

BOOL CloseHandle(HANDLE hObject)
{
	int fd = lib_handle_fd(hObject);

	return fd >= 0 && close(fd) == 0;
}

int HttpQueueFd(HANDLE ReqQueueHandle)
{
	return lib_handle_fd(ReqQueueHandle);
}
