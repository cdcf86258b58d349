// SPDX-License-Identifier: LGPL-2.1-or-later
/* HttpInitialize / HttpTerminate: per-process, reference-counted. */
#include <pthread.h>

#include "internal.h"
#include "logging.h"

static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int server_refs, config_refs;

int lib_version_ok(HTTPAPI_VERSION v)
{
	return (v.HttpApiMajorVersion == 1 || v.HttpApiMajorVersion == 2) &&
	       v.HttpApiMinorVersion == 0;
}

ULONG WINAPI HttpInitialize(HTTPAPI_VERSION Version, ULONG Flags, PVOID pReserved)
{
	if (!lib_version_ok(Version))
		return ERROR_REVISION_MISMATCH;
	if (pReserved || !Flags ||
	    (Flags & ~(HTTP_INITIALIZE_SERVER | HTTP_INITIALIZE_CONFIG)))
		return ERROR_INVALID_PARAMETER;
	pthread_mutex_lock(&init_lock);
	server_refs += !!(Flags & HTTP_INITIALIZE_SERVER);
	config_refs += !!(Flags & HTTP_INITIALIZE_CONFIG);
	pthread_mutex_unlock(&init_lock);
	return NO_ERROR;
}

ULONG WINAPI HttpTerminate(ULONG Flags, PVOID pReserved)
{
	ULONG err = NO_ERROR;

	if (pReserved || !Flags ||
	    (Flags & ~(HTTP_INITIALIZE_SERVER | HTTP_INITIALIZE_CONFIG)))
		return ERROR_INVALID_PARAMETER;
	pthread_mutex_lock(&init_lock);
	if (((Flags & HTTP_INITIALIZE_SERVER) && !server_refs) ||
	    ((Flags & HTTP_INITIALIZE_CONFIG) && !config_refs)) {
		err = ERROR_DLL_INIT_FAILED;
	} else {
		server_refs -= !!(Flags & HTTP_INITIALIZE_SERVER);
		config_refs -= !!(Flags & HTTP_INITIALIZE_CONFIG);
		/* As on Windows, the process's sessions and groups go with it. */
		if ((Flags & HTTP_INITIALIZE_SERVER) && !server_refs) {
			lib_logging_close_all();
			lib_control_close();
		}
	}
	pthread_mutex_unlock(&init_lock);
	return err;
}

static ULONG check_init(const unsigned int *refs)
{
	unsigned int n;

	pthread_mutex_lock(&init_lock);
	n = *refs;
	pthread_mutex_unlock(&init_lock);
	return n ? NO_ERROR : ERROR_DLL_INIT_FAILED;
}

ULONG lib_check_server_init(void)
{
	return check_init(&server_refs);
}

ULONG lib_check_config_init(void)
{
	return check_init(&config_refs);
}
