// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A sample HTTP Server API application, written the way a Windows program
 * is: it compiles unchanged against Windows' http.h and libhttpapi's.
 *
 *     hello [url-prefix...]          (default http://+:8080/hello/)
 *
 * GET answers with a small HTML page naming the path; POST reads the body
 * and reports its size; anything else gets 501.
 */
#ifdef _WIN32
#include <windows.h>
#endif
#include <http.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#define INITIAL_BUFFER_SIZE (sizeof(HTTP_REQUEST) + 2048)

static DWORD SendTextResponse(HANDLE hReqQueue, PHTTP_REQUEST pRequest,
			      USHORT StatusCode, PCSTR pReason, PCSTR pBody)
{
	HTTP_RESPONSE response;
	HTTP_DATA_CHUNK dataChunk;
	DWORD bytesSent;

	ZeroMemory(&response, sizeof(response));
	response.StatusCode = StatusCode;
	response.pReason = pReason;
	response.ReasonLength = (USHORT)strlen(pReason);
	response.Headers.KnownHeaders[HttpHeaderContentType].pRawValue = "text/html";
	response.Headers.KnownHeaders[HttpHeaderContentType].RawValueLength = 9;

	if (pBody) {
		dataChunk.DataChunkType = HttpDataChunkFromMemory;
		dataChunk.FromMemory.pBuffer = (PVOID)pBody;
		dataChunk.FromMemory.BufferLength = (ULONG)strlen(pBody);
		response.EntityChunkCount = 1;
		response.pEntityChunks = &dataChunk;
	}

	/* One call with the whole body, so http.sys adds Content-Length. */
	return HttpSendHttpResponse(hReqQueue, pRequest->RequestId, 0, &response,
				    NULL, &bytesSent, NULL, 0, NULL, NULL);
}

static DWORD HandleGet(HANDLE hReqQueue, PHTTP_REQUEST pRequest)
{
	char body[1024];

	snprintf(body, sizeof(body),
		 "<html><body><h1>Hello from httpsys</h1><p>You asked for %.*ls</p></body></html>\n",
		 (int)(pRequest->CookedUrl.AbsPathLength / sizeof(WCHAR)),
		 pRequest->CookedUrl.pAbsPath);
	return SendTextResponse(hReqQueue, pRequest, 200, "OK", body);
}

static DWORD HandlePost(HANDLE hReqQueue, PHTTP_REQUEST pRequest)
{
	char buffer[4096], body[128];
	ULONGLONG total = 0;
	ULONG bytesRead;
	DWORD result;

	for (;;) {
		bytesRead = 0;
		result = HttpReceiveRequestEntityBody(hReqQueue, pRequest->RequestId,
						      0, buffer, sizeof(buffer),
						      &bytesRead, NULL);
		if (result == ERROR_HANDLE_EOF)
			break;
		if (result != NO_ERROR)
			return result;
		total += bytesRead;
	}
	snprintf(body, sizeof(body), "received %llu bytes\n",
		 (unsigned long long)total);
	return SendTextResponse(hReqQueue, pRequest, 200, "OK", body);
}

static DWORD ReceiveRequests(HANDLE hReqQueue)
{
	HTTP_REQUEST_ID requestId;
	ULONG requestBufferLength = INITIAL_BUFFER_SIZE;
	PHTTP_REQUEST pRequest = (PHTTP_REQUEST)malloc(requestBufferLength);
	DWORD bytesRead, result;
	USHORT status;

	if (!pRequest)
		return ERROR_NOT_ENOUGH_MEMORY;
	HTTP_SET_NULL_ID(&requestId);

	for (;;) {
		ZeroMemory(pRequest, requestBufferLength);
		result = HttpReceiveHttpRequest(hReqQueue, requestId, 0, pRequest,
						requestBufferLength, &bytesRead, NULL);
		if (result == NO_ERROR) {
			switch (pRequest->Verb) {
			case HttpVerbGET:
				status = 200;
				result = HandleGet(hReqQueue, pRequest);
				break;
			case HttpVerbPOST:
				status = 200;
				result = HandlePost(hReqQueue, pRequest);
				break;
			default:
				status = 501;
				result = SendTextResponse(hReqQueue, pRequest, 501,
							  "Not Implemented", NULL);
				break;
			}
			wprintf(L"%ls %.*ls -> %u\n",
				pRequest->Verb == HttpVerbGET ? L"GET" :
				pRequest->Verb == HttpVerbPOST ? L"POST" : L"other",
				(int)(pRequest->CookedUrl.FullUrlLength / sizeof(WCHAR)),
				pRequest->CookedUrl.pFullUrl, status);
			fflush(stdout);
			HTTP_SET_NULL_ID(&requestId);
		} else if (result == ERROR_MORE_DATA) {
			/* Grow the buffer and ask for this request by its ID. */
			requestId = pRequest->RequestId;
			requestBufferLength = bytesRead;
			free(pRequest);
			pRequest = (PHTTP_REQUEST)malloc(requestBufferLength);
			if (!pRequest)
				return ERROR_NOT_ENOUGH_MEMORY;
		} else if (result == ERROR_CONNECTION_INVALID && !HTTP_IS_NULL_ID(&requestId)) {
			/* The client left while the buffer was being grown. */
			HTTP_SET_NULL_ID(&requestId);
		} else {
			break;
		}
	}
	free(pRequest);
	return result;
}

int main(int argc, char **argv)
{
	HANDLE hReqQueue = NULL;
	wchar_t url[512];
	const char *defaultUrl = "http://+:8080/hello/";
	int i, count = argc > 1 ? argc - 1 : 1;
	DWORD result;

	result = HttpInitialize(HTTPAPI_VERSION_1, HTTP_INITIALIZE_SERVER, NULL);
	if (result != NO_ERROR) {
		wprintf(L"HttpInitialize failed with %lu\n", (unsigned long)result);
		return 1;
	}
	result = HttpCreateHttpHandle(&hReqQueue, 0);
	if (result != NO_ERROR) {
		wprintf(L"HttpCreateHttpHandle failed with %lu\n", (unsigned long)result);
		goto cleanup;
	}
	for (i = 0; i < count; i++) {
		mbstowcs(url, argc > 1 ? argv[i + 1] : defaultUrl, 511);
		url[511] = L'\0';
		wprintf(L"listening for requests on %ls\n", url);
		result = HttpAddUrl(hReqQueue, url, NULL);
		if (result != NO_ERROR) {
			wprintf(L"HttpAddUrl failed with %lu\n", (unsigned long)result);
			goto cleanup;
		}
	}
	fflush(stdout);
	result = ReceiveRequests(hReqQueue);

cleanup:
	if (hReqQueue)
		CloseHandle(hReqQueue);
	HttpTerminate(HTTP_INITIALIZE_SERVER, NULL);
	return result == NO_ERROR ? 0 : 1;
}
