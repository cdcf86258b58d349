// SPDX-License-Identifier: LGPL-2.1-or-later
/* What a program may ask the library about itself: features, extensions. */
#include "internal.h"

/*
 * HttpDelegateRequestEx exists.  None of Windows' other optional features
 * does yet: response trailers (HttpDataChunkTrailers is refused), API
 * timings, automatic chunked responses, fast-forward responses and the
 * request properties; HTTP/3, TLS and DSCP have no transport.  A feature
 * answers TRUE once it exists and is tested.
 */
BOOL WINAPI HttpIsFeatureSupported(HTTP_FEATURE_ID FeatureId)
{
	return FeatureId == HttpFeatureDelegateEx;
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
