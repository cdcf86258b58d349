// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The calls for HTTP/2 streams and TLS, which this implementation does
 * not have: every connection is HTTP/1.x over plain TCP.  Each checks its
 * arguments as Windows does, then gives the answer Windows gives where
 * the feature does not apply.
 */
#include "internal.h"

/* Server push needs an HTTP/2 stream: no request here has one. */
ULONG WINAPI HttpDeclarePush(HANDLE RequestQueueHandle,
			     HTTP_REQUEST_ID RequestId, HTTP_VERB Verb,
			     PCWSTR Path, PCSTR Query,
			     PHTTP_REQUEST_HEADERS Headers)
{
	int fd;
	ULONG result = lib_queue_call(RequestQueueHandle, &fd);

	(void)Query;
	(void)Headers;
	if (result)
		return result;
	/* Only a GET or HEAD can be pushed. */
	if (RequestId == HTTP_NULL_ID || !Path ||
	    (Verb != HttpVerbGET && Verb != HttpVerbHEAD))
		return ERROR_INVALID_PARAMETER;
	return ERROR_NOT_SUPPORTED;
}

/* The one settable property resets an HTTP/2 or HTTP/3 stream. */
ULONG WINAPI HttpSetRequestProperty(HANDLE RequestQueueHandle,
				    HTTP_OPAQUE_ID Id,
				    HTTP_REQUEST_PROPERTY PropertyId,
				    PVOID Input, ULONG InputPropertySize,
				    LPOVERLAPPED Overlapped)
{
	int fd;
	ULONG result = lib_queue_call(RequestQueueHandle, &fd);

	(void)Overlapped;
	if (result)
		return result;
	if (Id == HTTP_NULL_ID || PropertyId != HttpRequestPropertyStreamError ||
	    !Input ||
	    InputPropertySize != sizeof(HTTP_REQUEST_PROPERTY_STREAM_ERROR))
		return ERROR_INVALID_PARAMETER;
	return ERROR_NOT_SUPPORTED;
}

/* Without TLS no client certificate or channel binding token exists. */
ULONG WINAPI HttpReceiveClientCertificate(HANDLE RequestQueueHandle,
					  HTTP_CONNECTION_ID ConnectionId,
					  ULONG Flags,
					  PHTTP_SSL_CLIENT_CERT_INFO SslClientCertInfo,
					  ULONG SslClientCertInfoSize,
					  PULONG BytesReceived,
					  LPOVERLAPPED Overlapped)
{
	int fd;
	ULONG result = lib_queue_call(RequestQueueHandle, &fd);

	if (result)
		return result;
	/* A synchronous call must have somewhere to put the size. */
	if (ConnectionId == HTTP_NULL_ID ||
	    (Flags & ~HTTP_RECEIVE_SECURE_CHANNEL_TOKEN) ||
	    !SslClientCertInfo || !SslClientCertInfoSize ||
	    (!Overlapped && !BytesReceived))
		return ERROR_INVALID_PARAMETER;
	return ERROR_NOT_FOUND;
}

/*
 * Only TLS certificate records can be updated, and none can be set here
 * (HttpSetServiceConfiguration refuses them), so none exists.
 */
ULONG WINAPI HttpUpdateServiceConfiguration(HANDLE Handle,
					    HTTP_SERVICE_CONFIG_ID ConfigId,
					    PVOID ConfigInfo,
					    ULONG ConfigInfoLength,
					    LPOVERLAPPED Overlapped)
{
	ULONG result = lib_check_config_init();

	if (result)
		return result;
	if (Handle)
		return ERROR_INVALID_HANDLE;
	if (Overlapped || !ConfigInfo || !ConfigInfoLength)
		return ERROR_INVALID_PARAMETER;
	switch (ConfigId) {
	case HttpServiceConfigSSLCertInfo:
	case HttpServiceConfigSslSniCertInfo:
	case HttpServiceConfigSslCcsCertInfo:
		return ERROR_FILE_NOT_FOUND;
	default:
		return ERROR_INVALID_PARAMETER;
	}
}
