// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The smallest server on an installed libhttpapi: install.sh compiles it
 * in the VM with `pkg-config --cflags --libs libhttpapi` alone, so it finds
 * <http.h> and libhttpapi.so only where `make install` put them.  Answers
 * every request with "installed" until killed.
 *
 *     installed_app URL-PREFIX
 */
#include <http.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

int main(int argc, char **argv)
{
	HTTPAPI_VERSION version = HTTPAPI_VERSION_1;
	char buffer[sizeof(HTTP_REQUEST) + 4096];
	PHTTP_REQUEST request = (PHTTP_REQUEST)buffer;
	HTTP_RESPONSE response = { 0 };
	HTTP_DATA_CHUNK chunk;
	wchar_t url[256];
	HANDLE queue;
	ULONG rc, bytes;

	if (argc != 2 || mbstowcs(url, argv[1], 256) >= 256) {
		fprintf(stderr, "usage: installed_app URL-PREFIX\n");
		return 2;
	}
	rc = HttpInitialize(version, HTTP_INITIALIZE_SERVER, NULL);
	if (rc == NO_ERROR)
		rc = HttpCreateHttpHandle(&queue, 0);
	if (rc == NO_ERROR)
		rc = HttpAddUrl(queue, url, NULL);
	while (rc == NO_ERROR) {
		rc = HttpReceiveHttpRequest(queue, HTTP_NULL_ID, 0, request,
					    sizeof(buffer), &bytes, NULL);
		if (rc != NO_ERROR)
			break;
		chunk.DataChunkType = HttpDataChunkFromMemory;
		chunk.FromMemory.pBuffer = "installed\n";
		chunk.FromMemory.BufferLength = 10;
		response.StatusCode = 200;
		response.pReason = "OK";
		response.ReasonLength = 2;
		response.EntityChunkCount = 1;
		response.pEntityChunks = &chunk;
		rc = HttpSendHttpResponse(queue, request->RequestId, 0,
					  &response, NULL, &bytes, NULL, 0,
					  NULL, NULL);
	}
	fprintf(stderr, "installed_app: error %lu\n", (unsigned long)rc);
	return 1;
}
