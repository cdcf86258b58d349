// SPDX-License-Identifier: GPL-2.0
/*
 * The memory benchmark's server (HTTP Server API 2.0, synchronous calls):
 * a request queue bound to http://+:PORT/.
 *
 *     memory_server --port P --mode serve
 *     memory_server --port P --mode hold --queue-length N
 *
 * serve: every request gets 200 with a 12-byte body, so the client's
 *        connections go idle, kept alive.
 * hold:  nothing is received: requests stay queued, up to QueueLength N.
 * Prints "listening" once the URL is added, then runs until killed.
 */
#include <http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

/* Room for the client's short heads, so a receive takes one call. */
#define REQUEST_BUFFER_SIZE (sizeof(HTTP_REQUEST) + 4096)

static const char body[] = "hello world\n";

static ULONG respond(HANDLE queue, HTTP_REQUEST_ID id)
{
	HTTP_RESPONSE response;
	HTTP_DATA_CHUNK chunk;
	ULONG sent;

	memset(&response, 0, sizeof(response));
	response.StatusCode = 200;
	response.pReason = "OK";
	response.ReasonLength = 2;
	memset(&chunk, 0, sizeof(chunk));
	chunk.DataChunkType = HttpDataChunkFromMemory;
	chunk.FromMemory.pBuffer = (PVOID)body;
	chunk.FromMemory.BufferLength = sizeof(body) - 1;
	response.EntityChunkCount = 1;
	response.pEntityChunks = &chunk;
	return HttpSendHttpResponse(queue, id, 0, &response, NULL, &sent,
				    NULL, 0, NULL, NULL);
}

static ULONG serve(HANDLE queue)
{
	PHTTP_REQUEST request = malloc(REQUEST_BUFFER_SIZE);
	HTTP_REQUEST_ID id;
	ULONG got, result;

	if (!request)
		return ERROR_NOT_ENOUGH_MEMORY;
	for (;;) {
		HTTP_SET_NULL_ID(&id);
		result = HttpReceiveHttpRequest(queue, id, 0, request,
						REQUEST_BUFFER_SIZE, &got, NULL);
		/* A client that left early is not the server's failure. */
		if (result == NO_ERROR)
			respond(queue, request->RequestId);
		else if (result != ERROR_CONNECTION_INVALID)
			break;
	}
	free(request);
	return result;
}

/* A queue with the group bound to it and the URL added; 0 or an error. */
static ULONG setup(int port, ULONG queue_length, HANDLE *queue)
{
	HTTP_SERVER_SESSION_ID session;
	HTTP_URL_GROUP_ID group;
	HTTP_BINDING_INFO binding;
	wchar_t url[64];
	ULONG result;

	result = HttpInitialize(HTTPAPI_VERSION_2, HTTP_INITIALIZE_SERVER, NULL);
	if (result == NO_ERROR)
		result = HttpCreateServerSession(HTTPAPI_VERSION_2, &session, 0);
	if (result == NO_ERROR)
		result = HttpCreateUrlGroup(session, &group, 0);
	if (result == NO_ERROR)
		result = HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0,
						queue);
	if (result == NO_ERROR && queue_length)
		result = HttpSetRequestQueueProperty(*queue,
						     HttpServerQueueLengthProperty,
						     &queue_length,
						     sizeof(queue_length), 0, NULL);
	if (result == NO_ERROR) {
		memset(&binding, 0, sizeof(binding));
		binding.Flags.Present = 1;
		binding.RequestQueueHandle = *queue;
		result = HttpSetUrlGroupProperty(group, HttpServerBindingProperty,
						 &binding, sizeof(binding));
	}
	swprintf(url, 64, L"http://+:%d/", port);
	if (result == NO_ERROR)
		result = HttpAddUrlToUrlGroup(group, url, 0, 0);
	return result;
}

static int usage(void)
{
	fprintf(stderr, "usage: memory_server --port P --mode serve|hold "
		"[--queue-length N]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *mode = NULL;
	ULONG queue_length = 0, result;
	HANDLE queue = NULL;
	int port = 0, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port") && i + 1 < argc)
			port = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--mode") && i + 1 < argc)
			mode = argv[++i];
		else if (!strcmp(argv[i], "--queue-length") && i + 1 < argc)
			queue_length = strtoul(argv[++i], NULL, 10);
		else
			return usage();
	}
	if (port <= 0 || port > 65535 || !mode ||
	    (strcmp(mode, "serve") && strcmp(mode, "hold")))
		return usage();

	result = setup(port, queue_length, &queue);
	if (result != NO_ERROR) {
		fprintf(stderr, "memory_server: setup failed with %lu\n",
			(unsigned long)result);
		return 1;
	}
	printf("listening\n");
	fflush(stdout);
	if (!strcmp(mode, "hold")) {
		for (;;)
			pause();
	}
	result = serve(queue);
	fprintf(stderr, "memory_server: receive failed with %lu\n",
		(unsigned long)result);
	return 1;
}
