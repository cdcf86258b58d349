// SPDX-License-Identifier: LGPL-2.1-or-later
/* What a program may ask the library about itself: features, extensions. */
#include "internal.h"

/*
 * None of Windows' optional features exists here yet: response trailers
 * (HttpDataChunkTrailers is refused), API timings, HttpDelegateRequestEx,
 * automatic chunked responses, fast-forward responses and the request
 * properties; HTTP/3, TLS and DSCP have no transport.  A feature answers
 * TRUE once it exists and is tested.
 */
BOOL WINAPI HttpIsFeatureSupported(HTTP_FEATURE_ID FeatureId)
{
	(void)FeatureId;
	return FALSE;
}

/* Windows documents no extension; this library has none to hand out. */
ULONG WINAPI HttpGetExtension(HTTPAPI_VERSION Version, ULONG Extension,
			      PVOID Buffer, ULONG BufferSize)
{
	(void)Extension;
	if (!lib_version_ok(Version))
		return ERROR_REVISION_MISMATCH;
	if (!Buffer || !BufferSize)
		return ERROR_INVALID_PARAMETER;
	return ERROR_NOT_SUPPORTED;
}
