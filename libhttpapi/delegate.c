// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * HttpDelegateRequestEx: a received request moves, with its connection, to
 * another queue, which receives and answers it as a new request.  The
 * kernel checks the rights; the property set is checked here.
 */
#include <errno.h>

#include "internal.h"

_Static_assert(sizeof(HTTP_DELEGATE_REQUEST_PROPERTY_INFO) == 16 &&
	       offsetof(HTTP_DELEGATE_REQUEST_PROPERTY_INFO, PropertyInfo) == 8,
	       "HTTP_DELEGATE_REQUEST_PROPERTY_INFO as on x64 Windows");

/*
 * Reserved properties are ignored.  A delegate URL (which Windows
 * documents no further) would rewrite the request: not supported.
 */
static ULONG properties_check(ULONG count,
			      const HTTP_DELEGATE_REQUEST_PROPERTY_INFO *set)
{
	if (count && !set)
		return ERROR_INVALID_PARAMETER;
	for (ULONG i = 0; i < count; i++) {
		if (set[i].PropertyInfoLength && !set[i].PropertyInfo)
			return ERROR_INVALID_PARAMETER;
		if (set[i].PropertyId == DelegateRequestDelegateUrlProperty)
			return ERROR_NOT_SUPPORTED;
		if (set[i].PropertyId != DelegateRequestReservedProperty)
			return ERROR_INVALID_PARAMETER;
	}
	return NO_ERROR;
}

/*
 * Beyond the usual mapping: a request that cannot move in its state (its
 * response begun, or some body read) gets ERROR_BAD_COMMAND, Windows'
 * error for STATUS_INVALID_DEVICE_STATE; a target queue that cannot take
 * it now (full, disabled, closing), ERROR_NOT_ENOUGH_MEMORY.
 */
static ULONG delegate_error(int err)
{
	switch (err) {
	case EALREADY:
	case EBUSY:
		return ERROR_BAD_COMMAND;
	case EAGAIN:
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	return lib_errno_to_win32(err, LIB_CALL_SEND);
}

ULONG WINAPI HttpDelegateRequestEx(HANDLE RequestQueueHandle,
				   HANDLE DelegateQueueHandle,
				   HTTP_REQUEST_ID RequestId,
				   HTTP_URL_GROUP_ID DelegateUrlGroupId,
				   ULONG PropertyInfoSetSize,
				   PHTTP_DELEGATE_REQUEST_PROPERTY_INFO PropertyInfoSet)
{
	struct httpsys_delegate d = { .request_id = RequestId,
				      .group_id = DelegateUrlGroupId };
	int fd;
	ULONG result = lib_queue_call(RequestQueueHandle, &fd);

	if (result)
		return result;
	d.target_fd = lib_handle_fd(DelegateQueueHandle);
	if (d.target_fd < 0)
		return ERROR_INVALID_HANDLE;
	if (RequestId == HTTP_NULL_ID || DelegateUrlGroupId == 0)
		return ERROR_INVALID_PARAMETER;
	result = properties_check(PropertyInfoSetSize, PropertyInfoSet);
	if (result)
		return result;
	return delegate_error(lib_ioctl(fd, HTTPSYS_IOC_DELEGATE, &d));
}
