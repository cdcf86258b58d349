// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Server sessions and URL groups.  They live in the kernel, owned by one
 * open of /dev/httpsys per process with no queue attached, the control
 * handle: opened by the first HttpCreateServerSession, closed (freeing
 * them all) by the HttpTerminate that ends HTTP_INITIALIZE_SERVER.
 */
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include "internal.h"
#include "logging.h"

/* Taken after init.c's lock, never before it. */
static pthread_mutex_t control_lock = PTHREAD_MUTEX_INITIALIZER;
static int control_fd = -1;

/*
 * The lock is held across the ioctl, so HttpTerminate cannot close the
 * descriptor (and another open reuse its number) under a call.
 */
static ULONG control_call(unsigned long cmd, void *arg, enum lib_call call,
			  int create)
{
	ULONG result = NO_ERROR;

	pthread_mutex_lock(&control_lock);
	if (control_fd < 0)
		result = create ? lib_open_device(&control_fd) :
			 ERROR_INVALID_PARAMETER;
	if (!result)
		result = lib_errno_to_win32(lib_ioctl(control_fd, cmd, arg), call);
	pthread_mutex_unlock(&control_lock);
	return result;
}

ULONG lib_control_call(unsigned long cmd, void *arg, enum lib_call call)
{
	return control_call(cmd, arg, call, 0);
}

void lib_control_close(void)
{
	pthread_mutex_lock(&control_lock);
	if (control_fd >= 0)
		close(control_fd);
	control_fd = -1;
	pthread_mutex_unlock(&control_lock);
}

int lib_control_dup(void)
{
	int fd;

	pthread_mutex_lock(&control_lock);
	fd = control_fd < 0 ? -1 : fcntl(control_fd, F_DUPFD_CLOEXEC, 0);
	pthread_mutex_unlock(&control_lock);
	return fd;
}

ULONG WINAPI HttpCreateServerSession(HTTPAPI_VERSION Version,
				     PHTTP_SERVER_SESSION_ID pServerSessionId,
				     ULONG Reserved)
{
	struct httpsys_object o = { 0 };
	ULONG result = lib_check_server_init();

	if (result)
		return result;
	if (!lib_version_ok(Version))
		return ERROR_REVISION_MISMATCH;
	if (!pServerSessionId || Reserved)
		return ERROR_INVALID_PARAMETER;
	result = control_call(HTTPSYS_IOC_CREATE_SESSION, &o, LIB_CALL_CONFIG, 1);
	if (!result)
		*pServerSessionId = o.id;
	return result;
}

/* CLOSE_SESSION and CLOSE_GROUP: one ID, no result but success. */
static ULONG close_object(unsigned long cmd, HTTP_OPAQUE_ID id)
{
	struct httpsys_object o = { .id = id };
	ULONG result = lib_check_server_init();

	return result ? result : lib_control_call(cmd, &o, LIB_CALL_CONFIG);
}

ULONG WINAPI HttpCloseServerSession(HTTP_SERVER_SESSION_ID ServerSessionId)
{
	lib_logging_close(HTTPSYS_OBJECT_SESSION, ServerSessionId);
	lib_logging_flush_all();	/* its groups' logs close with it */
	return close_object(HTTPSYS_IOC_CLOSE_SESSION, ServerSessionId);
}

ULONG WINAPI HttpCreateUrlGroup(HTTP_SERVER_SESSION_ID ServerSessionId,
				PHTTP_URL_GROUP_ID pUrlGroupId, ULONG Reserved)
{
	struct httpsys_object o = { .parent = ServerSessionId };
	ULONG result = lib_check_server_init();

	if (result)
		return result;
	if (!pUrlGroupId || Reserved)
		return ERROR_INVALID_PARAMETER;
	result = lib_control_call(HTTPSYS_IOC_CREATE_GROUP, &o, LIB_CALL_CONFIG);
	if (!result)
		*pUrlGroupId = o.id;
	return result;
}

ULONG WINAPI HttpCloseUrlGroup(HTTP_URL_GROUP_ID UrlGroupId)
{
	lib_logging_close(HTTPSYS_OBJECT_GROUP, UrlGroupId);
	return close_object(HTTPSYS_IOC_CLOSE_GROUP, UrlGroupId);
}
