// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A sample HTTP Server API 2.0 application, written the way a Windows
 * program is: a server session, a URL group bound to a request queue, and
 * a synchronous receive loop.  It compiles unchanged against Windows'
 * http.h and libhttpapi's.
 *
 *     v2hello url-prefix...          (for example http://+:8080/v2/)
 *
 * Every request gets 200 "Hello from the v2 API".  It serves until killed.
 */
#ifdef _WIN32
#include <windows.h>
#endif
#include <http.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#define INITIAL_BUFFER_SIZE (sizeof(HTTP_REQUEST) + 2048)

static DWORD SendHello(HANDLE hReqQueue, PHTTP_REQUEST pRequest)
{
	static const char body[] = "Hello from the v2 API\n";
	HTTP_RESPONSE response;
	HTTP_DATA_CHUNK dataChunk;
	ULONG bytesSent;

	ZeroMemory(&response, sizeof(response));
	response.StatusCode = 200;
	response.pReason = "OK";
	response.ReasonLength = 2;
	response.Headers.KnownHeaders[HttpHeaderContentType].pRawValue = "text/plain";
	response.Headers.KnownHeaders[HttpHeaderContentType].RawValueLength = 10;

	dataChunk.DataChunkType = HttpDataChunkFromMemory;
	dataChunk.FromMemory.pBuffer = (PVOID)body;
	dataChunk.FromMemory.BufferLength = (ULONG)(sizeof(body) - 1);
	response.EntityChunkCount = 1;
	response.pEntityChunks = &dataChunk;

	return HttpSendHttpResponse(hReqQueue, pRequest->RequestId, 0, &response,
				    NULL, &bytesSent, NULL, 0, NULL, NULL);
}

/* The one receive kept outstanding on the queue. */
typedef struct _RECEIVE_CONTEXT {
	OVERLAPPED overlapped;
	HTTP_REQUEST_ID requestId;	/* a request to fetch again, bigger */
	ULONG bufferLength;
	PHTTP_REQUEST pRequest;
} RECEIVE_CONTEXT;

static DWORD PostReceive(HANDLE hReqQueue, RECEIVE_CONTEXT *pContext,
			 PULONG pBytes)
{
	ZeroMemory(&pContext->overlapped, sizeof(pContext->overlapped));
	return HttpReceiveHttpRequest(hReqQueue, pContext->requestId, 0,
				      pContext->pRequest, pContext->bufferLength,
				      pBytes, &pContext->overlapped);
}

static DWORD ReceiveRequests(HANDLE hReqQueue)
{
	HANDLE hPort = CreateIoCompletionPort(hReqQueue, NULL, 0, 0);
	RECEIVE_CONTEXT context;
	LPOVERLAPPED pOverlapped;
	ULONG_PTR key;
	DWORD bytes = 0, result;

	if (!hPort)
		return GetLastError();
	ZeroMemory(&context, sizeof(context));
	HTTP_SET_NULL_ID(&context.requestId);
	context.bufferLength = INITIAL_BUFFER_SIZE;
	context.pRequest = (PHTTP_REQUEST)malloc(context.bufferLength);
	result = context.pRequest ? PostReceive(hReqQueue, &context, &bytes) :
		 ERROR_NOT_ENOUGH_MEMORY;
	for (;;) {
		/*
		 * Completed at once (NO_ERROR) or not, the result comes
		 * through the port; a receive that failed at once, even with
		 * ERROR_MORE_DATA, posts nothing and is handled as it is.
		 */
		if (result == NO_ERROR || result == ERROR_IO_PENDING) {
			result = NO_ERROR;
			if (!GetQueuedCompletionStatus(hPort, &bytes, &key,
						       &pOverlapped, INFINITE)) {
				result = GetLastError();
				if (!pOverlapped)
					break;	/* the port itself failed */
			}
		}
		if (result == NO_ERROR) {
			PHTTP_REQUEST pRequest = context.pRequest;

			result = SendHello(hReqQueue, pRequest);
			wprintf(L"%.*ls (context %llu) -> %lu\n",
				(int)(pRequest->CookedUrl.FullUrlLength / sizeof(WCHAR)),
				pRequest->CookedUrl.pFullUrl,
				(unsigned long long)pRequest->UrlContext,
				(unsigned long)result);
			fflush(stdout);
			HTTP_SET_NULL_ID(&context.requestId);
		} else if (result == ERROR_MORE_DATA) {
			/* Grow the buffer and ask for this request by its ID. */
			context.requestId = context.pRequest->RequestId;
			context.bufferLength = bytes;
			free(context.pRequest);
			context.pRequest = (PHTTP_REQUEST)malloc(bytes);
			if (!context.pRequest) {
				result = ERROR_NOT_ENOUGH_MEMORY;
				break;
			}
		} else if (result == ERROR_CONNECTION_INVALID &&
			   !HTTP_IS_NULL_ID(&context.requestId)) {
			/* The client left while the buffer was being grown. */
			HTTP_SET_NULL_ID(&context.requestId);
		} else {
			break;
		}
		result = PostReceive(hReqQueue, &context, &bytes);
	}
	free(context.pRequest);
	CloseHandle(hPort);
	return result;
}

int main(int argc, char **argv)
{
	HTTP_SERVER_SESSION_ID sessionId = HTTP_NULL_ID;
	HTTP_URL_GROUP_ID urlGroupId = HTTP_NULL_ID;
	HANDLE hReqQueue = NULL;
	HTTP_BINDING_INFO bindingInfo;
	wchar_t url[512];
	ULONG result;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s url-prefix...\n", argv[0]);
		return 2;
	}

	result = HttpInitialize(HTTPAPI_VERSION_2, HTTP_INITIALIZE_SERVER, NULL);
	if (result != NO_ERROR) {
		wprintf(L"HttpInitialize failed with %lu\n", (unsigned long)result);
		return 1;
	}
	result = HttpCreateServerSession(HTTPAPI_VERSION_2, &sessionId, 0);
	if (result != NO_ERROR) {
		wprintf(L"HttpCreateServerSession failed with %lu\n", (unsigned long)result);
		goto cleanup;
	}
	result = HttpCreateUrlGroup(sessionId, &urlGroupId, 0);
	if (result != NO_ERROR) {
		wprintf(L"HttpCreateUrlGroup failed with %lu\n", (unsigned long)result);
		goto cleanup;
	}
	result = HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0, &hReqQueue);
	if (result != NO_ERROR) {
		wprintf(L"HttpCreateRequestQueue failed with %lu\n", (unsigned long)result);
		goto cleanup;
	}

	/* Requests for the group's URLs go to this queue. */
	ZeroMemory(&bindingInfo, sizeof(bindingInfo));
	bindingInfo.Flags.Present = 1;
	bindingInfo.RequestQueueHandle = hReqQueue;
	result = HttpSetUrlGroupProperty(urlGroupId, HttpServerBindingProperty,
					 &bindingInfo, sizeof(bindingInfo));
	if (result != NO_ERROR) {
		wprintf(L"HttpSetUrlGroupProperty failed with %lu\n", (unsigned long)result);
		goto cleanup;
	}

	for (i = 1; i < argc; i++) {
		mbstowcs(url, argv[i], 511);
		url[511] = L'\0';
		wprintf(L"listening for requests on %ls\n", url);
		/* The context comes back in each request's UrlContext. */
		result = HttpAddUrlToUrlGroup(urlGroupId, url, (HTTP_URL_CONTEXT)i, 0);
		if (result != NO_ERROR) {
			wprintf(L"HttpAddUrlToUrlGroup failed with %lu\n", (unsigned long)result);
			goto cleanup;
		}
	}
	fflush(stdout);
	result = ReceiveRequests(hReqQueue);

cleanup:
	/* In reverse order: URLs, queue, group, session. */
	if (urlGroupId != HTTP_NULL_ID)
		HttpRemoveUrlFromUrlGroup(urlGroupId, NULL, HTTP_URL_FLAG_REMOVE_ALL);
	if (hReqQueue)
		HttpCloseRequestQueue(hReqQueue);
	if (urlGroupId != HTTP_NULL_ID)
		HttpCloseUrlGroup(urlGroupId);
	if (sessionId != HTTP_NULL_ID)
		HttpCloseServerSession(sessionId);
	HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
	return result == NO_ERROR ? 0 : 1;
}
