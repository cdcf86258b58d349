// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * An HTTP Server API 2.0 program with authentication, written as a
 * Windows one is, in the shape of Microsoft's httpauth sample: NTLM and
 * Negotiate enabled on the URL group (HttpServerAuthenticationProperty,
 * with the packed context delivered), each request's
 * HTTP_REQUEST_AUTH_INFO read from pRequestInfo.  Built on Linux only
 * through libhttpapi's compat headers (docs/PORTING.md):
 *
 *     httpauthserver url-prefix...
 *
 * An authenticated request: its security context is imported
 * (ImportSecurityContext) and its name printed, the client impersonated
 * while GetUserName asks who we are, and the answer is 200 with that
 * name.  Otherwise, 401 offering both schemes.  It serves until killed;
 * impersonation needs CAP_SETUID and CAP_SETGID.
 */
#define SECURITY_WIN32
#include <windows.h>
#include <stdio.h>
#include <strsafe.h>
#include <http.h>
#include <sspi.h>

#define FIRST_BUFFER_SIZE	(sizeof(HTTP_REQUEST) + 4096)
#define NAME_LENGTH		128

static PCSTR SecurityStatusName(SECURITY_STATUS status)
{
	static const struct {
		SECURITY_STATUS status;
		PCSTR name;
	} names[] = {
		{ SEC_E_OK, "SEC_E_OK" },
		{ SEC_E_INVALID_HANDLE, "SEC_E_INVALID_HANDLE" },
		{ SEC_E_INVALID_TOKEN, "SEC_E_INVALID_TOKEN" },
		{ SEC_E_LOGON_DENIED, "SEC_E_LOGON_DENIED" },
		{ SEC_E_UNKNOWN_CREDENTIALS, "SEC_E_UNKNOWN_CREDENTIALS" },
		{ SEC_E_NO_CREDENTIALS, "SEC_E_NO_CREDENTIALS" },
		{ SEC_E_NO_AUTHENTICATING_AUTHORITY,
		  "SEC_E_NO_AUTHENTICATING_AUTHORITY" },
		{ SEC_E_TIME_SKEW, "SEC_E_TIME_SKEW" },
		{ SEC_E_CONTEXT_EXPIRED, "SEC_E_CONTEXT_EXPIRED" },
		{ SEC_E_INTERNAL_ERROR, "SEC_E_INTERNAL_ERROR" },
	};
	size_t i;

	for (i = 0; i < ARRAYSIZE(names); i++)
		if (names[i].status == status)
			return names[i].name;
	return "another SEC_E_ code";
}

static DWORD SendAnswer(HANDLE hReqQueue, PHTTP_REQUEST pRequest,
			USHORT status, PCSTR reason, PCSTR body,
			PHTTP_RESPONSE_INFO pInfo)
{
	HTTP_RESPONSE response;
	HTTP_DATA_CHUNK chunk;
	DWORD sent = 0;

	ZeroMemory(&response, sizeof(response));
	response.StatusCode = status;
	response.pReason = reason;
	response.ReasonLength = (USHORT)strlen(reason);
	response.Headers.KnownHeaders[HttpHeaderContentType].pRawValue = "text/plain";
	response.Headers.KnownHeaders[HttpHeaderContentType].RawValueLength = 10;
	chunk.DataChunkType = HttpDataChunkFromMemory;
	chunk.FromMemory.pBuffer = (PVOID)body;
	chunk.FromMemory.BufferLength = (ULONG)strlen(body);
	response.EntityChunkCount = 1;
	response.pEntityChunks = &chunk;
	if (pInfo) {
		response.ResponseInfoCount = 1;
		response.pResponseInfo = pInfo;
	}
	return HttpSendHttpResponse(hReqQueue, pRequest->RequestId, 0,
				    &response, NULL, &sent, NULL, 0, NULL, NULL);
}

/* 401, with one WWW-Authenticate header per scheme. */
static DWORD SendChallenge(HANDLE hReqQueue, PHTTP_REQUEST pRequest)
{
	HTTP_KNOWN_HEADER schemes[2];
	HTTP_MULTIPLE_KNOWN_HEADERS headers;
	HTTP_RESPONSE_INFO info;

	schemes[0].pRawValue = "NTLM";
	schemes[0].RawValueLength = 4;
	schemes[1].pRawValue = "Negotiate";
	schemes[1].RawValueLength = 9;
	ZeroMemory(&headers, sizeof(headers));
	headers.HeaderId = HttpHeaderWwwAuthenticate;
	headers.KnownHeaderCount = ARRAYSIZE(schemes);
	headers.KnownHeaders = schemes;
	info.Type = HttpResponseInfoTypeMultipleKnownHeaders;
	info.Length = sizeof(headers);
	info.pInfo = &headers;
	return SendAnswer(hReqQueue, pRequest, 401, "Unauthorized",
			  "Credentials, please\r\n", &info);
}

static PHTTP_REQUEST_AUTH_INFO AuthInfoOf(PHTTP_REQUEST pRequest)
{
	USHORT i;

	for (i = 0; i < pRequest->RequestInfoCount; i++) {
		if (pRequest->pRequestInfo[i].InfoType == HttpRequestInfoTypeAuth)
			return (PHTTP_REQUEST_AUTH_INFO)pRequest->pRequestInfo[i].pInfo;
	}
	return NULL;
}

/* The packed context, imported: the client's name as the package says it. */
static void ShowContext(PHTTP_REQUEST_AUTH_INFO pAuth)
{
	SecBuffer packed;
	CtxtHandle context;
	SecPkgContext_Names names;
	SECURITY_STATUS status;

	packed.BufferType = pAuth->PackedContextType;
	packed.cbBuffer = pAuth->PackedContextLength;
	packed.pvBuffer = pAuth->PackedContext;
	SecInvalidateHandle(&context);
	status = ImportSecurityContext(pAuth->pPackageName, &packed, NULL,
				       &context);
	if (status != SEC_E_OK) {
		wprintf(L"ImportSecurityContext: %s\n", SecurityStatusName(status));
		return;
	}
	status = QueryContextAttributes(&context, SECPKG_ATTR_NAMES, &names);
	if (status == SEC_E_OK) {
		wprintf(L"context: %ls, package %ls\n", names.sUserName,
			pAuth->pPackageName);
		FreeContextBuffer(names.sUserName);
	}
	DeleteSecurityContext(&context);
}

/* Who we are while impersonating the client, in @name (ANSI). */
static DWORD NameWhileImpersonating(HANDLE hToken, LPSTR name, DWORD size)
{
	WCHAR wide[NAME_LENGTH];
	DWORD length = ARRAYSIZE(wide), result = NO_ERROR;

	if (!ImpersonateLoggedOnUser(hToken))
		return GetLastError();
	if (!GetUserName(wide, &length))
		result = GetLastError();
	if (!RevertToSelf()) {
		/* Never serve the next request as this client. */
		wprintf(L"RevertToSelf: error %u\n", GetLastError());
		ExitProcess(1);
	}
	if (result == NO_ERROR)
		StringCchPrintfA(name, size, "%ls", wide);
	return result;
}

static DWORD Answer(HANDLE hReqQueue, PHTTP_REQUEST pRequest)
{
	PHTTP_REQUEST_AUTH_INFO pAuth = AuthInfoOf(pRequest);
	CHAR name[NAME_LENGTH * 4], body[NAME_LENGTH * 4 + 32];
	DWORD result;

	if (!pAuth) {
		wprintf(L"no auth record: is authentication enabled?\n");
		return SendAnswer(hReqQueue, pRequest, 500, "Server Error",
				  "No authentication record\r\n", NULL);
	}
	switch (pAuth->AuthStatus) {
	case HttpAuthStatusSuccess:
		ShowContext(pAuth);
		result = NameWhileImpersonating(pAuth->AccessToken, name,
						sizeof(name));
		CloseHandle(pAuth->AccessToken);
		if (result != NO_ERROR) {
			wprintf(L"impersonation: error %u\n", result);
			return SendAnswer(hReqQueue, pRequest, 500,
					  "Server Error",
					  "Impersonation failed\r\n", NULL);
		}
		wprintf(L"authenticated (type %d): impersonating %s\n",
			(int)pAuth->AuthType, name);
		StringCchPrintfA(body, ARRAYSIZE(body), "Hello, %s\r\n", name);
		return SendAnswer(hReqQueue, pRequest, 200, "OK", body, NULL);
	case HttpAuthStatusFailure:
		wprintf(L"authentication failed: %s\n",
			SecurityStatusName(pAuth->SecStatus));
		return SendChallenge(hReqQueue, pRequest);
	case HttpAuthStatusNotAuthenticated:
		wprintf(L"not authenticated: 401\n");
		return SendChallenge(hReqQueue, pRequest);
	}
	return ERROR_INVALID_DATA;
}

static DWORD ServeRequests(HANDLE hReqQueue)
{
	ULONG size = FIRST_BUFFER_SIZE;
	PHTTP_REQUEST pRequest = HeapAlloc(GetProcessHeap(), 0, size);
	HTTP_REQUEST_ID requestId;
	DWORD needed, result;

	if (!pRequest)
		return ERROR_NOT_ENOUGH_MEMORY;
	HTTP_SET_NULL_ID(&requestId);
	for (;;) {
		RtlZeroMemory(pRequest, size);
		result = HttpReceiveHttpRequest(hReqQueue, requestId, 0, pRequest,
						size, &needed, NULL);
		if (result == NO_ERROR) {
			result = Answer(hReqQueue, pRequest);
			if (result != NO_ERROR)
				wprintf(L"answering: error %u\n", result);
			fflush(stdout);
			HTTP_SET_NULL_ID(&requestId);
		} else if (result == ERROR_MORE_DATA) {
			requestId = pRequest->RequestId;
			HeapFree(GetProcessHeap(), 0, pRequest);
			size = needed;
			pRequest = HeapAlloc(GetProcessHeap(), 0, size);
			if (!pRequest)
				return ERROR_NOT_ENOUGH_MEMORY;
		} else if (result == ERROR_CONNECTION_INVALID &&
			   !HTTP_IS_NULL_ID(&requestId)) {
			HTTP_SET_NULL_ID(&requestId);
		} else {
			wprintf(L"HttpReceiveHttpRequest: error %u\n", result);
			break;
		}
	}
	HeapFree(GetProcessHeap(), 0, pRequest);
	return result;
}

int __cdecl wmain(int argc, wchar_t *argv[])
{
	HTTP_SERVER_SESSION_ID sessionId = HTTP_NULL_ID;
	HTTP_URL_GROUP_ID urlGroupId = HTTP_NULL_ID;
	HANDLE hReqQueue = NULL;
	HTTP_BINDING_INFO binding;
	HTTP_SERVER_AUTHENTICATION_INFO auth;
	ULONG result;
	int i;

	if (argc < 2) {
		wprintf(L"usage: %ls url-prefix...\n", argv[0]);
		return 2;
	}
	result = HttpInitialize(HTTPAPI_VERSION_2, HTTP_INITIALIZE_SERVER, NULL);
	if (result != NO_ERROR) {
		wprintf(L"HttpInitialize: error %u\n", result);
		return 1;
	}
	result = HttpCreateServerSession(HTTPAPI_VERSION_2, &sessionId, 0);
	if (result == NO_ERROR)
		result = HttpCreateUrlGroup(sessionId, &urlGroupId, 0);
	if (result == NO_ERROR)
		result = HttpCreateRequestQueue(HTTPAPI_VERSION_2,
						L"httpauthserver", NULL, 0,
						&hReqQueue);
	if (result != NO_ERROR) {
		wprintf(L"session, group or queue: error %u\n", result);
		goto done;
	}
	ZeroMemory(&binding, sizeof(binding));
	binding.Flags.Present = 1;
	binding.RequestQueueHandle = hReqQueue;
	result = HttpSetUrlGroupProperty(urlGroupId, HttpServerBindingProperty,
					 &binding, sizeof(binding));
	if (result != NO_ERROR) {
		wprintf(L"HttpServerBindingProperty: error %u\n", result);
		goto done;
	}
	ZeroMemory(&auth, sizeof(auth));
	auth.Flags.Present = 1;
	auth.AuthSchemes = HTTP_AUTH_ENABLE_NTLM | HTTP_AUTH_ENABLE_NEGOTIATE;
	auth.ReceiveMutualAuth = FALSE;
	auth.ReceiveContextHandle = TRUE;
	auth.DisableNTLMCredentialCaching = TRUE;
	result = HttpSetUrlGroupProperty(urlGroupId,
					 HttpServerAuthenticationProperty,
					 &auth, sizeof(auth));
	if (result != NO_ERROR) {
		wprintf(L"HttpServerAuthenticationProperty: error %u\n", result);
		goto done;
	}
	for (i = 1; i < argc; i++) {
		result = HttpAddUrlToUrlGroup(urlGroupId, argv[i], 0, 0);
		if (result != NO_ERROR) {
			wprintf(L"HttpAddUrlToUrlGroup %ls: error %u\n", argv[i],
				result);
			goto done;
		}
		wprintf(L"listening on %ls\n", argv[i]);
	}
	fflush(stdout);
	result = ServeRequests(hReqQueue);
done:
	if (!HTTP_IS_NULL_ID(&urlGroupId)) {
		HttpRemoveUrlFromUrlGroup(urlGroupId, NULL,
					  HTTP_URL_FLAG_REMOVE_ALL);
		HttpCloseUrlGroup(urlGroupId);
	}
	if (!HTTP_IS_NULL_ID(&sessionId))
		HttpCloseServerSession(sessionId);
	if (hReqQueue)
		HttpCloseRequestQueue(hReqQueue);
	HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
	return result == NO_ERROR ? 0 : 1;
}
