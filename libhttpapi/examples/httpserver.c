// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * An HTTP Server API 1.0 program written as a Windows one is, in the shape
 * of Microsoft's "HTTP Server" sample (netds/http/server), and built on
 * Linux only through libhttpapi's compat headers (docs/PORTING.md):
 *
 *     httpserver url-prefix...        (for example http://+:8080/echo/)
 *
 * Each prefix is added to one queue with HttpAddUrl.  GET gets a short
 * page; POST gets its entity body back, gathered in a temporary file and
 * sent from it as a FromFileHandle chunk; other verbs get 503.  A request
 * too big for the receive buffer is fetched again by its ID in a bigger
 * one (ERROR_MORE_DATA).  It serves until killed.
 */
#include <windows.h>
#include <stdio.h>
#include <strsafe.h>
#include <http.h>

#define FIRST_BUFFER_SIZE	(sizeof(HTTP_REQUEST) + 2048)
#define BODY_BUFFER_SIZE	2048

static void PrepareResponse(PHTTP_RESPONSE pResponse, USHORT status,
			    PCSTR reason)
{
	RtlZeroMemory(pResponse, sizeof(*pResponse));
	pResponse->StatusCode = status;
	pResponse->pReason = reason;
	pResponse->ReasonLength = (USHORT)strlen(reason);
}

static void SetKnownHeader(PHTTP_RESPONSE pResponse, HTTP_HEADER_ID id,
			   PCSTR value)
{
	pResponse->Headers.KnownHeaders[id].pRawValue = value;
	pResponse->Headers.KnownHeaders[id].RawValueLength = (USHORT)strlen(value);
}

/* A whole response in one call: the length is the chunk's. */
static DWORD SendSimpleResponse(HANDLE hReqQueue, PHTTP_REQUEST pRequest,
				USHORT status, PCSTR reason, PCSTR body)
{
	HTTP_RESPONSE response;
	HTTP_DATA_CHUNK chunk;
	DWORD sent = 0, result;

	PrepareResponse(&response, status, reason);
	SetKnownHeader(&response, HttpHeaderContentType, "text/plain");
	if (body) {
		chunk.DataChunkType = HttpDataChunkFromMemory;
		chunk.FromMemory.pBuffer = (PVOID)body;
		chunk.FromMemory.BufferLength = (ULONG)strlen(body);
		response.EntityChunkCount = 1;
		response.pEntityChunks = &chunk;
	}
	result = HttpSendHttpResponse(hReqQueue, pRequest->RequestId, 0,
				      &response, NULL, &sent, NULL, 0, NULL,
				      NULL);
	if (result != NO_ERROR)
		wprintf(L"HttpSendHttpResponse: error %u\n", result);
	return result;
}

/* The body, in the file, back to the client: head first, then the file. */
static DWORD EchoFromFile(HANDLE hReqQueue, PHTTP_REQUEST pRequest,
			  HANDLE hFile, ULONG total)
{
	CHAR contentLength[16];
	HTTP_RESPONSE response;
	HTTP_DATA_CHUNK chunk;
	DWORD sent = 0, result;

	PrepareResponse(&response, 200, "OK");
	SetKnownHeader(&response, HttpHeaderContentType,
		       "application/octet-stream");
	StringCchPrintfA(contentLength, ARRAYSIZE(contentLength), "%u", total);
	SetKnownHeader(&response, HttpHeaderContentLength, contentLength);
	result = HttpSendHttpResponse(hReqQueue, pRequest->RequestId,
				      HTTP_SEND_RESPONSE_FLAG_MORE_DATA,
				      &response, NULL, &sent, NULL, 0, NULL,
				      NULL);
	if (result != NO_ERROR) {
		wprintf(L"HttpSendHttpResponse: error %u\n", result);
		return result;
	}
	chunk.DataChunkType = HttpDataChunkFromFileHandle;
	chunk.FromFileHandle.ByteRange.StartingOffset.QuadPart = 0;
	chunk.FromFileHandle.ByteRange.Length.QuadPart = HTTP_BYTE_RANGE_TO_EOF;
	chunk.FromFileHandle.FileHandle = hFile;
	result = HttpSendResponseEntityBody(hReqQueue, pRequest->RequestId, 0,
					    1, &chunk, NULL, NULL, 0, NULL,
					    NULL);
	if (result != NO_ERROR)
		wprintf(L"HttpSendResponseEntityBody: error %u\n", result);
	return result;
}

/* Reads the body into @hFile: NO_ERROR and its size, or the error. */
static DWORD SaveBody(HANDLE hReqQueue, PHTTP_REQUEST pRequest, HANDLE hFile,
		      PULONG pTotal)
{
	PUCHAR buffer = HeapAlloc(GetProcessHeap(), 0, BODY_BUFFER_SIZE);
	DWORD result, written;
	ULONG got;

	if (!buffer)
		return ERROR_NOT_ENOUGH_MEMORY;
	*pTotal = 0;
	do {
		got = 0;
		result = HttpReceiveRequestEntityBody(hReqQueue,
						      pRequest->RequestId, 0,
						      buffer, BODY_BUFFER_SIZE,
						      &got, NULL);
		if (result != NO_ERROR && result != ERROR_HANDLE_EOF)
			break;
		if (got && !WriteFile(hFile, buffer, got, &written, NULL)) {
			result = GetLastError();
			break;
		}
		*pTotal += got;
	} while (result == NO_ERROR);
	HeapFree(GetProcessHeap(), 0, buffer);
	return result == ERROR_HANDLE_EOF ? NO_ERROR : result;
}

static DWORD AnswerPost(HANDLE hReqQueue, PHTTP_REQUEST pRequest)
{
	WCHAR tempName[MAX_PATH + 1];
	HANDLE hFile;
	ULONG total = 0;
	DWORD result;

	/* No body: an empty echo. */
	if (!(pRequest->Flags & HTTP_REQUEST_FLAG_MORE_ENTITY_BODY_EXISTS))
		return SendSimpleResponse(hReqQueue, pRequest, 200, "OK", "");
	if (!GetTempFileName(L".", L"Pst", 0, tempName)) {
		result = GetLastError();
		wprintf(L"GetTempFileName: error %u\n", result);
		return result;
	}
	hFile = CreateFile(tempName, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			   CREATE_ALWAYS, FILE_ATTRIBUTE_TEMPORARY, NULL);
	if (hFile == INVALID_HANDLE_VALUE) {
		result = GetLastError();
		wprintf(L"CreateFile %ls: error %u\n", tempName, result);
		DeleteFile(tempName);
		return result;
	}
	result = SaveBody(hReqQueue, pRequest, hFile, &total);
	if (result == NO_ERROR)
		result = EchoFromFile(hReqQueue, pRequest, hFile, total);
	else
		wprintf(L"HttpReceiveRequestEntityBody: error %u\n", result);
	CloseHandle(hFile);
	DeleteFile(tempName);
	return result;
}

static DWORD AnswerRequest(HANDLE hReqQueue, PHTTP_REQUEST pRequest)
{
	switch (pRequest->Verb) {
	case HttpVerbGET:
		wprintf(L"GET %ls\n", pRequest->CookedUrl.pFullUrl);
		return SendSimpleResponse(hReqQueue, pRequest, 200, "OK",
					  "Hello from httpserver\r\n");
	case HttpVerbPOST:
		wprintf(L"POST %ls\n", pRequest->CookedUrl.pFullUrl);
		return AnswerPost(hReqQueue, pRequest);
	default:
		wprintf(L"verb %d for %ls: 503\n", (int)pRequest->Verb,
			pRequest->CookedUrl.pFullUrl);
		return SendSimpleResponse(hReqQueue, pRequest, 503,
					  "Not Implemented", NULL);
	}
}

static DWORD ServeRequests(HANDLE hReqQueue)
{
	ULONG size = FIRST_BUFFER_SIZE;
	PHTTP_REQUEST pRequest = HeapAlloc(GetProcessHeap(), 0, size);
	HTTP_REQUEST_ID requestId;
	DWORD needed, result = NO_ERROR;

	if (!pRequest)
		return ERROR_NOT_ENOUGH_MEMORY;
	HTTP_SET_NULL_ID(&requestId);
	for (;;) {
		RtlZeroMemory(pRequest, size);
		result = HttpReceiveHttpRequest(hReqQueue, requestId, 0, pRequest,
						size, &needed, NULL);
		if (result == NO_ERROR) {
			result = AnswerRequest(hReqQueue, pRequest);
			/* A client that left is no reason to stop. */
			if (result != NO_ERROR && result != ERROR_CONNECTION_INVALID)
				break;
			fflush(stdout);
			HTTP_SET_NULL_ID(&requestId);
		} else if (result == ERROR_MORE_DATA) {
			/* Ask again for this request, in a buffer that fits. */
			requestId = pRequest->RequestId;
			HeapFree(GetProcessHeap(), 0, pRequest);
			size = needed;
			pRequest = HeapAlloc(GetProcessHeap(), 0, size);
			if (!pRequest)
				return ERROR_NOT_ENOUGH_MEMORY;
			wprintf(L"request head of %u bytes: receiving it again\n",
				size);
		} else if (result == ERROR_CONNECTION_INVALID &&
			   !HTTP_IS_NULL_ID(&requestId)) {
			/* It went while the buffer grew: on to the next one. */
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
	HANDLE hReqQueue = NULL;
	int added = 0, i;
	ULONG result;

	if (argc < 2) {
		wprintf(L"usage: %ls url-prefix...\n", argv[0]);
		return 2;
	}
	result = HttpInitialize(HTTPAPI_VERSION_1, HTTP_INITIALIZE_SERVER, NULL);
	if (result != NO_ERROR) {
		wprintf(L"HttpInitialize: error %u\n", result);
		return 1;
	}
	result = HttpCreateHttpHandle(&hReqQueue, 0);
	if (result != NO_ERROR) {
		wprintf(L"HttpCreateHttpHandle: error %u\n", result);
		goto done;
	}
	for (i = 1; i < argc; i++) {
		result = HttpAddUrl(hReqQueue, argv[i], NULL);
		if (result != NO_ERROR) {
			wprintf(L"HttpAddUrl %ls: error %u\n", argv[i], result);
			goto done;
		}
		wprintf(L"listening on %ls\n", argv[i]);
		added++;
	}
	fflush(stdout);
	result = ServeRequests(hReqQueue);
done:
	for (i = 1; i <= added; i++)
		HttpRemoveUrl(hReqQueue, argv[i]);
	if (hReqQueue)
		CloseHandle(hReqQueue);
	HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
	return result == NO_ERROR ? 0 : 1;
}
