/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The HTTP Server API (http.h) for Linux: Windows' names, types, values
 * and structure layouts, implemented by libhttpapi over httpsys.ko.
 */
#ifndef HTTPSYS_HTTP_H
#define HTTPSYS_HTTP_H

#include "winhttpsys.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HTTP_INITIALIZE_SERVER	0x00000001
#define HTTP_INITIALIZE_CONFIG	0x00000002

typedef struct _HTTPAPI_VERSION {
	USHORT HttpApiMajorVersion;
	USHORT HttpApiMinorVersion;
} HTTPAPI_VERSION, *PHTTPAPI_VERSION;

#define HTTPAPI_VERSION_1 { 1, 0 }
#define HTTPAPI_VERSION_2 { 2, 0 }
#ifndef __cplusplus
#undef HTTPAPI_VERSION_1
#undef HTTPAPI_VERSION_2
#define HTTPAPI_VERSION_1 ((HTTPAPI_VERSION){ 1, 0 })
#define HTTPAPI_VERSION_2 ((HTTPAPI_VERSION){ 2, 0 })
#endif

typedef struct _HTTP_VERSION {
	USHORT MajorVersion;
	USHORT MinorVersion;
} HTTP_VERSION, *PHTTP_VERSION;

#define HTTP_VERSION_UNKNOWN	{ 0, 0 }
#define HTTP_VERSION_0_9	{ 0, 9 }
#define HTTP_VERSION_1_0	{ 1, 0 }
#define HTTP_VERSION_1_1	{ 1, 1 }
#define HTTP_VERSION_2_0	{ 2, 0 }
#define HTTP_SET_VERSION(v, maj, min) \
	do { (v).MajorVersion = (maj); (v).MinorVersion = (min); } while (0)
#define HTTP_EQUAL_VERSION(v, maj, min) \
	((v).MajorVersion == (maj) && (v).MinorVersion == (min))
#define HTTP_GREATER_VERSION(v, maj, min) \
	((v).MajorVersion > (maj) || \
	 ((v).MajorVersion == (maj) && (v).MinorVersion > (min)))
#define HTTP_LESS_VERSION(v, maj, min) \
	((v).MajorVersion < (maj) || \
	 ((v).MajorVersion == (maj) && (v).MinorVersion < (min)))
#define HTTP_NOT_EQUAL_VERSION(v, maj, min) (!HTTP_EQUAL_VERSION(v, maj, min))
#define HTTP_GREATER_EQUAL_VERSION(v, maj, min) (!HTTP_LESS_VERSION(v, maj, min))
#define HTTP_LESS_EQUAL_VERSION(v, maj, min) (!HTTP_GREATER_VERSION(v, maj, min))

typedef ULONGLONG HTTP_OPAQUE_ID, *PHTTP_OPAQUE_ID;
typedef HTTP_OPAQUE_ID HTTP_REQUEST_ID, *PHTTP_REQUEST_ID;
typedef HTTP_OPAQUE_ID HTTP_CONNECTION_ID, *PHTTP_CONNECTION_ID;
typedef HTTP_OPAQUE_ID HTTP_RAW_CONNECTION_ID, *PHTTP_RAW_CONNECTION_ID;
typedef HTTP_OPAQUE_ID HTTP_SERVER_SESSION_ID, *PHTTP_SERVER_SESSION_ID;
typedef HTTP_OPAQUE_ID HTTP_URL_GROUP_ID, *PHTTP_URL_GROUP_ID;
typedef ULONGLONG HTTP_URL_CONTEXT;

#define HTTP_NULL_ID		(0ULL)
#define HTTP_IS_NULL_ID(pid)	(HTTP_NULL_ID == *(pid))
#define HTTP_SET_NULL_ID(pid)	(*(pid) = HTTP_NULL_ID)
#define HTTP_BYTE_RANGE_TO_EOF	((ULONGLONG)-1)

#define HTTP_RECEIVE_REQUEST_FLAG_COPY_BODY			0x00000001
#define HTTP_RECEIVE_REQUEST_FLAG_FLUSH_BODY			0x00000002
#define HTTP_RECEIVE_REQUEST_ENTITY_BODY_FLAG_FILL_BUFFER	0x00000001

#define HTTP_SEND_RESPONSE_FLAG_DISCONNECT	0x00000001
#define HTTP_SEND_RESPONSE_FLAG_MORE_DATA	0x00000002
#define HTTP_SEND_RESPONSE_FLAG_BUFFER_DATA	0x00000004
#define HTTP_SEND_RESPONSE_FLAG_ENABLE_NAGLING	0x00000008
#define HTTP_SEND_RESPONSE_FLAG_PROCESS_RANGES	0x00000020
#define HTTP_SEND_RESPONSE_FLAG_OPAQUE		0x00000040

#define HTTP_REQUEST_FLAG_MORE_ENTITY_BODY_EXISTS	0x00000001
#define HTTP_REQUEST_FLAG_IP_ROUTED			0x00000002
#define HTTP_REQUEST_FLAG_HTTP2				0x00000004

#define HTTP_RESPONSE_FLAG_MULTIPLE_ENCODINGS_AVAILABLE	0x00000001
#define HTTP_RESPONSE_FLAG_MORE_ENTITY_BODY_EXISTS	0x00000002

typedef enum _HTTP_VERB {
	HttpVerbUnparsed,
	HttpVerbUnknown,
	HttpVerbInvalid,
	HttpVerbOPTIONS,
	HttpVerbGET,
	HttpVerbHEAD,
	HttpVerbPOST,
	HttpVerbPUT,
	HttpVerbDELETE,
	HttpVerbTRACE,
	HttpVerbCONNECT,
	HttpVerbTRACK,
	HttpVerbMOVE,
	HttpVerbCOPY,
	HttpVerbPROPFIND,
	HttpVerbPROPPATCH,
	HttpVerbMKCOL,
	HttpVerbLOCK,
	HttpVerbUNLOCK,
	HttpVerbSEARCH,
	HttpVerbMaximum
} HTTP_VERB, *PHTTP_VERB;

typedef enum _HTTP_HEADER_ID {
	HttpHeaderCacheControl = 0,
	HttpHeaderConnection = 1,
	HttpHeaderDate = 2,
	HttpHeaderKeepAlive = 3,
	HttpHeaderPragma = 4,
	HttpHeaderTrailer = 5,
	HttpHeaderTransferEncoding = 6,
	HttpHeaderUpgrade = 7,
	HttpHeaderVia = 8,
	HttpHeaderWarning = 9,
	HttpHeaderAllow = 10,
	HttpHeaderContentLength = 11,
	HttpHeaderContentType = 12,
	HttpHeaderContentEncoding = 13,
	HttpHeaderContentLanguage = 14,
	HttpHeaderContentLocation = 15,
	HttpHeaderContentMd5 = 16,
	HttpHeaderContentRange = 17,
	HttpHeaderExpires = 18,
	HttpHeaderLastModified = 19,

	HttpHeaderAccept = 20,
	HttpHeaderAcceptCharset = 21,
	HttpHeaderAcceptEncoding = 22,
	HttpHeaderAcceptLanguage = 23,
	HttpHeaderAuthorization = 24,
	HttpHeaderCookie = 25,
	HttpHeaderExpect = 26,
	HttpHeaderFrom = 27,
	HttpHeaderHost = 28,
	HttpHeaderIfMatch = 29,
	HttpHeaderIfModifiedSince = 30,
	HttpHeaderIfNoneMatch = 31,
	HttpHeaderIfRange = 32,
	HttpHeaderIfUnmodifiedSince = 33,
	HttpHeaderMaxForwards = 34,
	HttpHeaderProxyAuthorization = 35,
	HttpHeaderReferer = 36,
	HttpHeaderRange = 37,
	HttpHeaderTe = 38,
	HttpHeaderTranslate = 39,
	HttpHeaderUserAgent = 40,
	HttpHeaderRequestMaximum = 41,

	HttpHeaderAcceptRanges = 20,
	HttpHeaderAge = 21,
	HttpHeaderEtag = 22,
	HttpHeaderLocation = 23,
	HttpHeaderProxyAuthenticate = 24,
	HttpHeaderRetryAfter = 25,
	HttpHeaderServer = 26,
	HttpHeaderSetCookie = 27,
	HttpHeaderVary = 28,
	HttpHeaderWwwAuthenticate = 29,
	HttpHeaderResponseMaximum = 30,

	HttpHeaderMaximum = 41
} HTTP_HEADER_ID, *PHTTP_HEADER_ID;

typedef struct _HTTP_KNOWN_HEADER {
	USHORT RawValueLength;
	PCSTR pRawValue;
} HTTP_KNOWN_HEADER, *PHTTP_KNOWN_HEADER;

typedef struct _HTTP_UNKNOWN_HEADER {
	USHORT NameLength;
	USHORT RawValueLength;
	PCSTR pName;
	PCSTR pRawValue;
} HTTP_UNKNOWN_HEADER, *PHTTP_UNKNOWN_HEADER;

typedef struct _HTTP_REQUEST_HEADERS {
	USHORT UnknownHeaderCount;
	PHTTP_UNKNOWN_HEADER pUnknownHeaders;
	USHORT TrailerCount;
	PHTTP_UNKNOWN_HEADER pTrailers;
	HTTP_KNOWN_HEADER KnownHeaders[HttpHeaderRequestMaximum];
} HTTP_REQUEST_HEADERS, *PHTTP_REQUEST_HEADERS;

typedef struct _HTTP_RESPONSE_HEADERS {
	USHORT UnknownHeaderCount;
	PHTTP_UNKNOWN_HEADER pUnknownHeaders;
	USHORT TrailerCount;
	PHTTP_UNKNOWN_HEADER pTrailers;
	HTTP_KNOWN_HEADER KnownHeaders[HttpHeaderResponseMaximum];
} HTTP_RESPONSE_HEADERS, *PHTTP_RESPONSE_HEADERS;

typedef struct _HTTP_COOKED_URL {
	USHORT FullUrlLength;
	USHORT HostLength;
	USHORT AbsPathLength;
	USHORT QueryStringLength;
	PCWSTR pFullUrl;
	PCWSTR pHost;
	PCWSTR pAbsPath;
	PCWSTR pQueryString;
} HTTP_COOKED_URL, *PHTTP_COOKED_URL;

typedef struct _HTTP_TRANSPORT_ADDRESS {
	PSOCKADDR pRemoteAddress;
	PSOCKADDR pLocalAddress;
} HTTP_TRANSPORT_ADDRESS, *PHTTP_TRANSPORT_ADDRESS;

typedef struct _HTTP_BYTE_RANGE {
	ULONGLONG StartingOffset;
	ULONGLONG Length;
} HTTP_BYTE_RANGE, *PHTTP_BYTE_RANGE;

typedef enum _HTTP_DATA_CHUNK_TYPE {
	HttpDataChunkFromMemory,
	HttpDataChunkFromFileHandle,
	HttpDataChunkFromFragmentCache,
	HttpDataChunkFromFragmentCacheEx,
	HttpDataChunkTrailers,
	HttpDataChunkMaximum
} HTTP_DATA_CHUNK_TYPE, *PHTTP_DATA_CHUNK_TYPE;

typedef struct _HTTP_DATA_CHUNK {
	HTTP_DATA_CHUNK_TYPE DataChunkType;
	union {
		struct {
			PVOID pBuffer;
			ULONG BufferLength;
		} FromMemory;
		struct {
			HTTP_BYTE_RANGE ByteRange;
			HANDLE FileHandle;
		} FromFileHandle;
		struct {
			USHORT FragmentNameLength;
			PCWSTR pFragmentName;
		} FromFragmentCache;
		struct {
			HTTP_BYTE_RANGE ByteRange;
			PCWSTR pFragmentName;
		} FromFragmentCacheEx;
		struct {
			USHORT TrailerCount;
			PHTTP_UNKNOWN_HEADER pTrailers;
		} Trailers;
	};
} HTTP_DATA_CHUNK, *PHTTP_DATA_CHUNK;

typedef struct _HTTP_SSL_CLIENT_CERT_INFO *PHTTP_SSL_CLIENT_CERT_INFO;

typedef struct _HTTP_SSL_INFO {
	USHORT ServerCertKeySize;
	USHORT ConnectionKeySize;
	ULONG ServerCertIssuerSize;
	ULONG ServerCertSubjectSize;
	PCSTR pServerCertIssuer;
	PCSTR pServerCertSubject;
	PHTTP_SSL_CLIENT_CERT_INFO pClientCertInfo;
	ULONG SslClientCertNegotiated;
} HTTP_SSL_INFO, *PHTTP_SSL_INFO;

typedef enum _HTTP_REQUEST_INFO_TYPE {
	HttpRequestInfoTypeAuth,
	HttpRequestInfoTypeChannelBind,
	HttpRequestInfoTypeSslProtocol,
	HttpRequestInfoTypeSslTokenBindingDraft,
	HttpRequestInfoTypeSslTokenBinding,
	HttpRequestInfoTypeRequestTiming,
	HttpRequestInfoTypeTcpInfoV0,
	HttpRequestInfoTypeRequestSizing,
	HttpRequestInfoTypeQuicStats,
	HttpRequestInfoTypeTcpInfoV1
} HTTP_REQUEST_INFO_TYPE, *PHTTP_REQUEST_INFO_TYPE;

typedef struct _HTTP_REQUEST_INFO {
	HTTP_REQUEST_INFO_TYPE InfoType;
	ULONG InfoLength;
	PVOID pInfo;
} HTTP_REQUEST_INFO, *PHTTP_REQUEST_INFO;

/* V2 extends V1; C has no inheritance, so both list V1's fields. */
#define HTTP_REQUEST_V1_FIELDS \
	ULONG Flags; \
	HTTP_CONNECTION_ID ConnectionId; \
	HTTP_REQUEST_ID RequestId; \
	HTTP_URL_CONTEXT UrlContext; \
	HTTP_VERSION Version; \
	HTTP_VERB Verb; \
	USHORT UnknownVerbLength; \
	USHORT RawUrlLength; \
	PCSTR pUnknownVerb; \
	PCSTR pRawUrl; \
	HTTP_COOKED_URL CookedUrl; \
	HTTP_TRANSPORT_ADDRESS Address; \
	HTTP_REQUEST_HEADERS Headers; \
	ULONGLONG BytesReceived; \
	USHORT EntityChunkCount; \
	PHTTP_DATA_CHUNK pEntityChunks; \
	HTTP_RAW_CONNECTION_ID RawConnectionId; \
	PHTTP_SSL_INFO pSslInfo;

typedef struct _HTTP_REQUEST_V1 {
	HTTP_REQUEST_V1_FIELDS
} HTTP_REQUEST_V1, *PHTTP_REQUEST_V1;

typedef struct _HTTP_REQUEST_V2 {
	HTTP_REQUEST_V1_FIELDS
	USHORT RequestInfoCount;
	PHTTP_REQUEST_INFO pRequestInfo;
} HTTP_REQUEST_V2, *PHTTP_REQUEST_V2;

typedef HTTP_REQUEST_V2 HTTP_REQUEST, *PHTTP_REQUEST;

#define HTTP_RESPONSE_V1_FIELDS \
	ULONG Flags; \
	HTTP_VERSION Version; \
	USHORT StatusCode; \
	USHORT ReasonLength; \
	PCSTR pReason; \
	HTTP_RESPONSE_HEADERS Headers; \
	USHORT EntityChunkCount; \
	PHTTP_DATA_CHUNK pEntityChunks;

typedef struct _HTTP_RESPONSE_V1 {
	HTTP_RESPONSE_V1_FIELDS
} HTTP_RESPONSE_V1, *PHTTP_RESPONSE_V1;

typedef enum _HTTP_RESPONSE_INFO_TYPE {
	HttpResponseInfoTypeMultipleKnownHeaders,
	HttpResponseInfoTypeAuthenticationProperty,
	HttpResponseInfoTypeQoSProperty,
	HttpResponseInfoTypeChannelBind
} HTTP_RESPONSE_INFO_TYPE, *PHTTP_RESPONSE_INFO_TYPE;

typedef struct _HTTP_RESPONSE_INFO {
	HTTP_RESPONSE_INFO_TYPE Type;
	ULONG Length;
	PVOID pInfo;
} HTTP_RESPONSE_INFO, *PHTTP_RESPONSE_INFO;

typedef struct _HTTP_RESPONSE_V2 {
	HTTP_RESPONSE_V1_FIELDS
	USHORT ResponseInfoCount;
	PHTTP_RESPONSE_INFO pResponseInfo;
} HTTP_RESPONSE_V2, *PHTTP_RESPONSE_V2;

typedef HTTP_RESPONSE_V2 HTTP_RESPONSE, *PHTTP_RESPONSE;

typedef enum _HTTP_CACHE_POLICY_TYPE {
	HttpCachePolicyNocache,
	HttpCachePolicyUserInvalidates,
	HttpCachePolicyTimeToLive,
	HttpCachePolicyMaximum
} HTTP_CACHE_POLICY_TYPE, *PHTTP_CACHE_POLICY_TYPE;

typedef struct _HTTP_CACHE_POLICY {
	HTTP_CACHE_POLICY_TYPE Policy;
	ULONG SecondsToLive;
} HTTP_CACHE_POLICY, *PHTTP_CACHE_POLICY;

typedef struct _HTTP_LOG_DATA *PHTTP_LOG_DATA;

ULONG WINAPI HttpInitialize(HTTPAPI_VERSION Version, ULONG Flags,
			    PVOID pReserved);
ULONG WINAPI HttpTerminate(ULONG Flags, PVOID pReserved);
ULONG WINAPI HttpCreateHttpHandle(PHANDLE pReqQueueHandle, ULONG Reserved);
ULONG WINAPI HttpAddUrl(HANDLE ReqQueueHandle, PCWSTR pFullyQualifiedUrl,
			PVOID pReserved);
ULONG WINAPI HttpRemoveUrl(HANDLE ReqQueueHandle, PCWSTR pFullyQualifiedUrl);
ULONG WINAPI HttpReceiveHttpRequest(HANDLE ReqQueueHandle,
				    HTTP_REQUEST_ID RequestId, ULONG Flags,
				    PHTTP_REQUEST pRequestBuffer,
				    ULONG RequestBufferLength,
				    PULONG pBytesReturned,
				    LPOVERLAPPED pOverlapped);
ULONG WINAPI HttpReceiveRequestEntityBody(HANDLE ReqQueueHandle,
					  HTTP_REQUEST_ID RequestId, ULONG Flags,
					  PVOID pBuffer, ULONG EntityBufferLength,
					  PULONG pBytesReturned,
					  LPOVERLAPPED pOverlapped);
ULONG WINAPI HttpSendHttpResponse(HANDLE ReqQueueHandle,
				  HTTP_REQUEST_ID RequestId, ULONG Flags,
				  PHTTP_RESPONSE pHttpResponse,
				  PHTTP_CACHE_POLICY pCachePolicy,
				  PULONG pBytesSent, PVOID pReserved1,
				  ULONG Reserved2, LPOVERLAPPED pOverlapped,
				  PHTTP_LOG_DATA pLogData);
ULONG WINAPI HttpSendResponseEntityBody(HANDLE ReqQueueHandle,
					HTTP_REQUEST_ID RequestId, ULONG Flags,
					USHORT EntityChunkCount,
					PHTTP_DATA_CHUNK pEntityChunks,
					PULONG pBytesSent, PVOID pReserved1,
					ULONG Reserved2, LPOVERLAPPED pOverlapped,
					PHTTP_LOG_DATA pLogData);

ULONG WINAPI HttpCancelHttpRequest(HANDLE ReqQueueHandle,
				   HTTP_REQUEST_ID RequestId,
				   LPOVERLAPPED pOverlapped);

ULONG WINAPI HttpWaitForDisconnect(HANDLE ReqQueueHandle,
				   HTTP_CONNECTION_ID ConnectionId,
				   LPOVERLAPPED pOverlapped);

/*
 * Linux extension: the file descriptor behind a request queue handle, for
 * poll/epoll (readable when a request is waiting).  -1 for a bad handle.
 */
int HttpQueueFd(HANDLE ReqQueueHandle);

/*
 * Linux extension: a HANDLE for an open file descriptor, where Windows
 * code passes a CreateFile handle (HttpDataChunkFromFileHandle).
 * CloseHandle() on it closes the descriptor.
 */
HANDLE HttpHandleFromFd(int fd);

#ifdef __cplusplus
}
#endif

#endif /* HTTPSYS_HTTP_H */
