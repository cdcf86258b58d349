// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * An HTTP Server API 2.0 program written as a Windows one is, in the shape
 * of Microsoft's HttpV2Server sample (a server session, a URL group with
 * its binding and timeouts, a named request queue), served the way
 * Windows servers scale: overlapped receives on the queue, a completion
 * port, and several threads taking completions from it.  Built on Linux
 * only through libhttpapi's compat headers (docs/PORTING.md):
 *
 *     httpv2server url-prefix...
 *
 * Every request gets 200 and a line naming the prefix it came through
 * (its URL context); a request too big for its buffer is received again
 * by its ID in a bigger one.  It serves until killed.
 */
#include <windows.h>
#include <stdio.h>
#include <strsafe.h>
#include <http.h>

#define WORKER_THREADS		4
#define RECEIVES		8	/* receives kept pending on the queue */
#define FIRST_BUFFER_SIZE	(sizeof(HTTP_REQUEST) + 1024)

typedef struct _RECEIVE_CONTEXT {
	OVERLAPPED overlapped;
	HTTP_REQUEST_ID requestId;	/* non-null: fetch this one again */
	ULONG bufferSize;
	PHTTP_REQUEST pRequest;
} RECEIVE_CONTEXT, *PRECEIVE_CONTEXT;

static HANDLE g_hReqQueue;
static HANDLE g_hPort;

static DWORD SendHello(PHTTP_REQUEST pRequest)
{
	CHAR body[64];
	HTTP_RESPONSE response;
	HTTP_DATA_CHUNK chunk;
	DWORD sent = 0;

	StringCchPrintfA(body, ARRAYSIZE(body),
			 "Hello from httpv2server (context %llu)\r\n",
			 (unsigned long long)pRequest->UrlContext);
	ZeroMemory(&response, sizeof(response));
	response.StatusCode = 200;
	response.pReason = "OK";
	response.ReasonLength = 2;
	response.Headers.KnownHeaders[HttpHeaderContentType].pRawValue = "text/plain";
	response.Headers.KnownHeaders[HttpHeaderContentType].RawValueLength = 10;
	chunk.DataChunkType = HttpDataChunkFromMemory;
	chunk.FromMemory.pBuffer = body;
	chunk.FromMemory.BufferLength = (ULONG)strlen(body);
	response.EntityChunkCount = 1;
	response.pEntityChunks = &chunk;
	return HttpSendHttpResponse(g_hReqQueue, pRequest->RequestId, 0,
				    &response, NULL, &sent, NULL, 0, NULL, NULL);
}

/*
 * What a receive's result asks for next: NO_ERROR to issue the next
 * receive, or an error that ends the worker.
 */
static DWORD Completed(PRECEIVE_CONTEXT pContext, DWORD result, DWORD bytes)
{
	PHTTP_REQUEST pRequest = pContext->pRequest;

	switch (result) {
	case NO_ERROR:
		result = SendHello(pRequest);
		wprintf(L"thread %u: %ls -> %u\n", GetCurrentThreadId(),
			pRequest->CookedUrl.pFullUrl, result);
		fflush(stdout);
		HTTP_SET_NULL_ID(&pContext->requestId);
		/* A client that left is no reason to stop. */
		return result == ERROR_CONNECTION_INVALID ? NO_ERROR : result;
	case ERROR_MORE_DATA:
		pContext->requestId = pRequest->RequestId;
		HeapFree(GetProcessHeap(), 0, pRequest);
		pContext->bufferSize = bytes;
		pContext->pRequest = HeapAlloc(GetProcessHeap(), 0, bytes);
		return pContext->pRequest ? NO_ERROR : ERROR_NOT_ENOUGH_MEMORY;
	case ERROR_CONNECTION_INVALID:
		if (HTTP_IS_NULL_ID(&pContext->requestId))
			return result;
		HTTP_SET_NULL_ID(&pContext->requestId);
		return NO_ERROR;
	}
	return result;
}

/*
 * Issues the context's next receive.  One that is pending, or done at
 * once with NO_ERROR, ends in a completion packet on the port; one that
 * fails at once posts none, and is handled here.
 */
static DWORD PostReceive(PRECEIVE_CONTEXT pContext)
{
	DWORD bytes = 0, result;

	for (;;) {
		ZeroMemory(&pContext->overlapped, sizeof(pContext->overlapped));
		result = HttpReceiveHttpRequest(g_hReqQueue, pContext->requestId,
						0, pContext->pRequest,
						pContext->bufferSize, &bytes,
						&pContext->overlapped);
		if (result == NO_ERROR || result == ERROR_IO_PENDING)
			return NO_ERROR;
		result = Completed(pContext, result, bytes);
		if (result != NO_ERROR)
			return result;
	}
}

static DWORD WINAPI WorkerThread(LPVOID lpParameter)
{
	PRECEIVE_CONTEXT pContext;
	LPOVERLAPPED pOverlapped;
	ULONG_PTR key;
	DWORD bytes, result;

	(void)lpParameter;
	for (;;) {
		result = NO_ERROR;
		if (!GetQueuedCompletionStatus(g_hPort, &bytes, &key,
					       &pOverlapped, INFINITE)) {
			result = GetLastError();
			if (!pOverlapped)
				return result;	/* the port itself failed */
		}
		pContext = CONTAINING_RECORD(pOverlapped, RECEIVE_CONTEXT,
					     overlapped);
		result = Completed(pContext, result, bytes);
		if (result == NO_ERROR)
			result = PostReceive(pContext);
		if (result != NO_ERROR) {
			wprintf(L"thread %u: error %u, its receive ends\n",
				GetCurrentThreadId(), result);
			fflush(stdout);
		}
	}
}

static DWORD Serve(void)
{
	static RECEIVE_CONTEXT contexts[RECEIVES];
	HANDLE threads[WORKER_THREADS];
	DWORD result, i;

	g_hPort = CreateIoCompletionPort(g_hReqQueue, NULL, 0, WORKER_THREADS);
	if (!g_hPort)
		return GetLastError();
	for (i = 0; i < RECEIVES; i++) {
		HTTP_SET_NULL_ID(&contexts[i].requestId);
		contexts[i].bufferSize = FIRST_BUFFER_SIZE;
		contexts[i].pRequest = HeapAlloc(GetProcessHeap(), 0,
						 FIRST_BUFFER_SIZE);
		if (!contexts[i].pRequest)
			return ERROR_NOT_ENOUGH_MEMORY;
		result = PostReceive(&contexts[i]);
		if (result != NO_ERROR)
			return result;
	}
	for (i = 0; i < WORKER_THREADS; i++) {
		threads[i] = CreateThread(NULL, 0, WorkerThread, NULL, 0, NULL);
		if (!threads[i])
			return GetLastError();
	}
	wprintf(L"serving with %u threads\n", (DWORD)WORKER_THREADS);
	fflush(stdout);
	for (i = 0; i < WORKER_THREADS; i++) {
		WaitForSingleObject(threads[i], INFINITE);
		CloseHandle(threads[i]);
	}
	return NO_ERROR;
}

int __cdecl wmain(int argc, wchar_t *argv[])
{
	HTTP_SERVER_SESSION_ID sessionId = HTTP_NULL_ID;
	HTTP_URL_GROUP_ID urlGroupId = HTTP_NULL_ID;
	HTTP_BINDING_INFO binding;
	HTTP_TIMEOUT_LIMIT_INFO timeouts;
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
	if (result != NO_ERROR) {
		wprintf(L"HttpCreateServerSession: error %u\n", result);
		goto done;
	}
	result = HttpCreateUrlGroup(sessionId, &urlGroupId, 0);
	if (result != NO_ERROR) {
		wprintf(L"HttpCreateUrlGroup: error %u\n", result);
		goto done;
	}
	result = HttpCreateRequestQueue(HTTPAPI_VERSION_2, L"httpv2server",
					NULL, 0, &g_hReqQueue);
	if (result != NO_ERROR) {
		wprintf(L"HttpCreateRequestQueue: error %u\n", result);
		goto done;
	}
	ZeroMemory(&binding, sizeof(binding));
	binding.Flags.Present = 1;
	binding.RequestQueueHandle = g_hReqQueue;
	result = HttpSetUrlGroupProperty(urlGroupId, HttpServerBindingProperty,
					 &binding, sizeof(binding));
	if (result != NO_ERROR) {
		wprintf(L"HttpServerBindingProperty: error %u\n", result);
		goto done;
	}
	/* A client gets 50 seconds to send each request's body. */
	ZeroMemory(&timeouts, sizeof(timeouts));
	timeouts.Flags.Present = 1;
	timeouts.EntityBody = 50;
	result = HttpSetUrlGroupProperty(urlGroupId, HttpServerTimeoutsProperty,
					 &timeouts, sizeof(timeouts));
	if (result != NO_ERROR) {
		wprintf(L"HttpServerTimeoutsProperty: error %u\n", result);
		goto done;
	}
	for (i = 1; i < argc; i++) {
		result = HttpAddUrlToUrlGroup(urlGroupId, argv[i],
					      (HTTP_URL_CONTEXT)i, 0);
		if (result != NO_ERROR) {
			wprintf(L"HttpAddUrlToUrlGroup %ls: error %u\n", argv[i],
				result);
			goto done;
		}
		wprintf(L"listening on %ls (context %d)\n", argv[i], i);
	}
	result = Serve();
done:
	if (!HTTP_IS_NULL_ID(&urlGroupId)) {
		HttpRemoveUrlFromUrlGroup(urlGroupId, NULL,
					  HTTP_URL_FLAG_REMOVE_ALL);
		HttpCloseUrlGroup(urlGroupId);
	}
	if (!HTTP_IS_NULL_ID(&sessionId))
		HttpCloseServerSession(sessionId);
	if (g_hReqQueue)
		HttpCloseRequestQueue(g_hReqQueue);
	if (g_hPort)
		CloseHandle(g_hPort);
	HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
	return result == NO_ERROR ? 0 : 1;
}
