// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A sample HTTP Server API 2.0 application in the shape of Microsoft's
 * authentication sample: NTLM and Negotiate enabled on a URL group, and
 * each request's HttpRequestInfoTypeAuth record read.  A client that is
 * not (or not correctly) authenticated gets a 401 offering both schemes
 * through HTTP_MULTIPLE_KNOWN_HEADERS; the kernel then runs the handshake
 * and hands over only the authenticated request.  For that one it prints
 * who the client is and opens a file while impersonating the client.
 *
 *     authserver url-prefix file [count]
 *
 * It serves @count requests (all of them when absent or 0), or until
 * SIGINT or SIGTERM.  Impersonation needs CAP_SETUID and CAP_SETGID.
 */
#include <http.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INITIAL_BUFFER_SIZE (sizeof(HTTP_REQUEST) + 4096)

static DWORD SendResponse(HANDLE hReqQueue, PHTTP_REQUEST pRequest,
			  USHORT status, PCSTR reason, PCSTR body,
			  PHTTP_RESPONSE_INFO pInfo)
{
	HTTP_RESPONSE response;
	HTTP_DATA_CHUNK dataChunk;
	ULONG bytesSent;

	ZeroMemory(&response, sizeof(response));
	response.StatusCode = status;
	response.pReason = reason;
	response.ReasonLength = (USHORT)strlen(reason);
	response.Headers.KnownHeaders[HttpHeaderContentType].pRawValue = "text/plain";
	response.Headers.KnownHeaders[HttpHeaderContentType].RawValueLength = 10;
	dataChunk.DataChunkType = HttpDataChunkFromMemory;
	dataChunk.FromMemory.pBuffer = (PVOID)body;
	dataChunk.FromMemory.BufferLength = (ULONG)strlen(body);
	response.EntityChunkCount = 1;
	response.pEntityChunks = &dataChunk;
	if (pInfo) {
		response.ResponseInfoCount = 1;
		response.pResponseInfo = pInfo;
	}
	return HttpSendHttpResponse(hReqQueue, pRequest->RequestId, 0, &response,
				    NULL, &bytesSent, NULL, 0, NULL, NULL);
}

/* 401 with "WWW-Authenticate: Negotiate" and "WWW-Authenticate: NTLM". */
static DWORD SendChallenge(HANDLE hReqQueue, PHTTP_REQUEST pRequest)
{
	HTTP_KNOWN_HEADER schemes[2];
	HTTP_MULTIPLE_KNOWN_HEADERS multiple;
	HTTP_RESPONSE_INFO info;

	schemes[0].pRawValue = "Negotiate";
	schemes[0].RawValueLength = 9;
	schemes[1].pRawValue = "NTLM";
	schemes[1].RawValueLength = 4;
	multiple.HeaderId = HttpHeaderWwwAuthenticate;
	multiple.Flags = 0;
	multiple.KnownHeaderCount = 2;
	multiple.KnownHeaders = schemes;
	info.Type = HttpResponseInfoTypeMultipleKnownHeaders;
	info.Length = sizeof(multiple);
	info.pInfo = &multiple;
	return SendResponse(hReqQueue, pRequest, 401, "Unauthorized",
			    "Authentication required\n", &info);
}

static PHTTP_REQUEST_AUTH_INFO FindAuthInfo(PHTTP_REQUEST pRequest)
{
	USHORT i;

	for (i = 0; i < pRequest->RequestInfoCount; i++) {
		if (pRequest->pRequestInfo[i].InfoType == HttpRequestInfoTypeAuth)
			return (PHTTP_REQUEST_AUTH_INFO)pRequest->pRequestInfo[i].pInfo;
	}
	return NULL;
}

/* Open @file as the client; a line saying how it went in @out. */
static void OpenAsClient(HANDLE hToken, const char *file, char *out, size_t size)
{
	int fd, err;

	if (!ImpersonateLoggedOnUser(hToken)) {
		snprintf(out, size, "impersonation failed: error %lu\n",
			 (unsigned long)GetLastError());
		return;
	}
	fd = open(file, O_RDONLY | O_CLOEXEC);
	err = errno;
	if (!RevertToSelf()) {
		/* Never serve another request as this client. */
		fprintf(stderr, "RevertToSelf failed: %lu\n",
			(unsigned long)GetLastError());
		abort();
	}
	if (fd >= 0) {
		close(fd);
		snprintf(out, size, "open %s: ok\n", file);
	} else {
		snprintf(out, size, "open %s: failed: %s\n", file, strerror(err));
	}
}

static DWORD HandleRequest(HANDLE hReqQueue, PHTTP_REQUEST pRequest,
			   const char *file)
{
	PHTTP_REQUEST_AUTH_INFO pAuth = FindAuthInfo(pRequest);
	char body[1200], user[512], opened[600];
	DWORD userSize = sizeof(user), groupCount = 0;
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;
	DWORD result;

	if (!pAuth) {
		printf("no auth record: authentication is not enabled here\n");
		return SendResponse(hReqQueue, pRequest, 500, "Internal Server Error",
				    "No auth record\n", NULL);
	}
	if (pAuth->AuthStatus != HttpAuthStatusSuccess) {
		printf("auth status %d (SecStatus 0x%08lx, type %d): challenging\n",
		       (int)pAuth->AuthStatus, (unsigned long)pAuth->SecStatus,
		       (int)pAuth->AuthType);
		return SendChallenge(hReqQueue, pRequest);
	}
	if (!HttpsysTokenGetPrincipal(pAuth->AccessToken, user, &userSize))
		snprintf(user, sizeof(user), "(unknown: error %lu)",
			 (unsigned long)GetLastError());
	/* No room for groups: ERROR_INSUFFICIENT_BUFFER, with the ids set. */
	HttpsysTokenGetIdentity(pAuth->AccessToken, &uid, &gid, NULL,
			&groupCount);
	OpenAsClient(pAuth->AccessToken, file, opened, sizeof(opened));
	printf("authenticated: type %d user %s uid %ld%s; %s",
	       (int)pAuth->AuthType, user, uid == (uid_t)-1 ? -1L : (long)uid,
	       pAuth->Flags & HTTP_REQUEST_AUTH_FLAG_TOKEN_FOR_CACHED_CRED ?
	       " (cached)" : "", opened);
	snprintf(body, sizeof(body), "Hello %s (uid %ld)\n%s", user,
		 uid == (uid_t)-1 ? -1L : (long)uid, opened);
	result = SendResponse(hReqQueue, pRequest, 200, "OK", body, NULL);
	CloseHandle(pAuth->AccessToken);
	return result;
}

static DWORD ReceiveRequests(HANDLE hReqQueue, const char *file,
			     unsigned long count)
{
	ULONG bufferLength = INITIAL_BUFFER_SIZE, bytesRead;
	PHTTP_REQUEST pRequest = malloc(bufferLength);
	HTTP_REQUEST_ID requestId;
	unsigned long served = 0;
	DWORD result = pRequest ? NO_ERROR : ERROR_NOT_ENOUGH_MEMORY;

	HTTP_SET_NULL_ID(&requestId);
	while (result == NO_ERROR && (!count || served < count)) {
		result = HttpReceiveHttpRequest(hReqQueue, requestId, 0, pRequest,
						bufferLength, &bytesRead, NULL);
		if (result == NO_ERROR) {
			result = HandleRequest(hReqQueue, pRequest, file);
			fflush(stdout);
			/* A client that left is no reason to stop. */
			if (result == ERROR_CONNECTION_INVALID)
				result = NO_ERROR;
			HTTP_SET_NULL_ID(&requestId);
			served++;
		} else if (result == ERROR_MORE_DATA) {
			requestId = pRequest->RequestId;
			bufferLength = bytesRead;
			free(pRequest);
			pRequest = malloc(bufferLength);
			result = pRequest ? NO_ERROR : ERROR_NOT_ENOUGH_MEMORY;
		} else if (result == ERROR_CONNECTION_INVALID &&
			   !HTTP_IS_NULL_ID(&requestId)) {
			HTTP_SET_NULL_ID(&requestId);
			result = NO_ERROR;
		}
	}
	free(pRequest);
	return result;
}

/* SIGINT or SIGTERM: shut the queue down, which ends the receive. */
static void *WaitForSignal(void *queue)
{
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (!sigwait(&set, &sig))
		HttpShutdownRequestQueue((HANDLE)queue);
	return NULL;
}

int main(int argc, char **argv)
{
	HTTP_SERVER_SESSION_ID sessionId = HTTP_NULL_ID;
	HTTP_URL_GROUP_ID urlGroupId = HTTP_NULL_ID;
	HTTP_SERVER_AUTHENTICATION_INFO authInfo;
	HTTP_BINDING_INFO bindingInfo;
	HANDLE hReqQueue = NULL;
	unsigned long count = argc > 3 ? strtoul(argv[3], NULL, 10) : 0;
	wchar_t url[512];
	pthread_t waiter;
	sigset_t set;
	ULONG result;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: %s url-prefix file [count]\n", argv[0]);
		return 2;
	}
	/* Every thread blocks them; the waiter takes them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	result = HttpInitialize(HTTPAPI_VERSION_2, HTTP_INITIALIZE_SERVER, NULL);
	if (result != NO_ERROR) {
		printf("HttpInitialize failed with %lu\n", (unsigned long)result);
		return 1;
	}
	result = HttpCreateServerSession(HTTPAPI_VERSION_2, &sessionId, 0);
	if (result == NO_ERROR)
		result = HttpCreateUrlGroup(sessionId, &urlGroupId, 0);
	if (result == NO_ERROR)
		result = HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0,
						&hReqQueue);
	if (result != NO_ERROR) {
		printf("creating the session, group or queue failed with %lu\n",
		       (unsigned long)result);
		goto cleanup;
	}

	ZeroMemory(&bindingInfo, sizeof(bindingInfo));
	bindingInfo.Flags.Present = 1;
	bindingInfo.RequestQueueHandle = hReqQueue;
	result = HttpSetUrlGroupProperty(urlGroupId, HttpServerBindingProperty,
					 &bindingInfo, sizeof(bindingInfo));
	if (result != NO_ERROR) {
		printf("binding the queue failed with %lu\n", (unsigned long)result);
		goto cleanup;
	}

	/* The kernel authenticates NTLM and Negotiate for this group's URLs. */
	ZeroMemory(&authInfo, sizeof(authInfo));
	authInfo.Flags.Present = 1;
	authInfo.AuthSchemes = HTTP_AUTH_ENABLE_NTLM | HTTP_AUTH_ENABLE_NEGOTIATE;
	result = HttpSetUrlGroupProperty(urlGroupId, HttpServerAuthenticationProperty,
					 &authInfo, sizeof(authInfo));
	if (result != NO_ERROR) {
		printf("enabling authentication failed with %lu\n",
		       (unsigned long)result);
		goto cleanup;
	}

	mbstowcs(url, argv[1], 511);
	url[511] = L'\0';
	result = HttpAddUrlToUrlGroup(urlGroupId, url, 0, 0);
	if (result != NO_ERROR) {
		printf("HttpAddUrlToUrlGroup failed with %lu\n", (unsigned long)result);
		goto cleanup;
	}
	printf("listening for requests on %s\n", argv[1]);
	fflush(stdout);
	if (pthread_create(&waiter, NULL, WaitForSignal, hReqQueue) == 0)
		pthread_detach(waiter);
	result = ReceiveRequests(hReqQueue, argv[2], count);
	if (result == ERROR_OPERATION_ABORTED)
		result = NO_ERROR;	/* stopped by a signal */

cleanup:
	if (urlGroupId != HTTP_NULL_ID)
		HttpRemoveUrlFromUrlGroup(urlGroupId, NULL, HTTP_URL_FLAG_REMOVE_ALL);
	if (hReqQueue)
		HttpCloseRequestQueue(hReqQueue);
	if (urlGroupId != HTTP_NULL_ID)
		HttpCloseUrlGroup(urlGroupId);
	if (sessionId != HTTP_NULL_ID)
		HttpCloseServerSession(sessionId);
	HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
	printf("stopped: %lu\n", (unsigned long)result);
	return result == NO_ERROR ? 0 : 1;
}
