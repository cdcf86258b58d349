// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's server on libhttpapi, written as a ported Windows program
 * would be (HTTP Server API 1.0, synchronous calls): every request on
 * http://+:PORT/ gets the same 200 response.
 *
 *     bench_server --port P [--threads N] --mode memory
 *     bench_server --port P [--threads N] --mode cached
 *     bench_server --port P [--threads N] --mode file PATH
 *
 * memory: a 12-byte body from memory, like nginx's `return 200`.
 * cached: the same, sent with HttpCachePolicyUserInvalidates: the kernel
 *         keeps it and answers later requests for the URL itself.
 * file:   PATH as a FromFileHandle chunk, the whole file.
 * Each of the N threads runs its own receive/send loop on the one queue.
 * Prints "listening" once the URL is added, then serves until killed.
 */
#include <http.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

/* Room for wrk's request heads, so receives never need a second call. */
#define REQUEST_BUFFER_SIZE (sizeof(HTTP_REQUEST) + 4096)

static const char memory_body[] = "hello world\n";

struct server {
	HANDLE queue;
	HANDLE file;	/* NULL in memory and cached modes */
	PHTTP_CACHE_POLICY policy;	/* NULL unless cached */
};

static ULONG send_response(const struct server *s, HTTP_REQUEST_ID id)
{
	HTTP_RESPONSE response;
	HTTP_DATA_CHUNK chunk;
	ULONG sent;

	memset(&response, 0, sizeof(response));
	response.StatusCode = 200;
	response.pReason = "OK";
	response.ReasonLength = 2;
	response.Headers.KnownHeaders[HttpHeaderContentType].pRawValue = "text/plain";
	response.Headers.KnownHeaders[HttpHeaderContentType].RawValueLength = 10;

	memset(&chunk, 0, sizeof(chunk));
	if (s->file) {
		chunk.DataChunkType = HttpDataChunkFromFileHandle;
		chunk.FromFileHandle.ByteRange.StartingOffset = 0;
		chunk.FromFileHandle.ByteRange.Length = HTTP_BYTE_RANGE_TO_EOF;
		chunk.FromFileHandle.FileHandle = s->file;
	} else {
		chunk.DataChunkType = HttpDataChunkFromMemory;
		chunk.FromMemory.pBuffer = (PVOID)memory_body;
		chunk.FromMemory.BufferLength = sizeof(memory_body) - 1;
	}
	response.EntityChunkCount = 1;
	response.pEntityChunks = &chunk;

	/* The whole body in one call, so Content-Length is added for us. */
	return HttpSendHttpResponse(s->queue, id, 0, &response, s->policy, &sent,
				    NULL, 0, NULL, NULL);
}

static void *serve(void *arg)
{
	const struct server *s = arg;
	ULONG size = REQUEST_BUFFER_SIZE, got, result;
	PHTTP_REQUEST request = malloc(size);
	HTTP_REQUEST_ID id;

	HTTP_SET_NULL_ID(&id);
	while (request) {
		result = HttpReceiveHttpRequest(s->queue, id, 0, request, size,
						&got, NULL);
		if (result == NO_ERROR) {
			/* A client that left early is not the server's failure. */
			send_response(s, request->RequestId);
			HTTP_SET_NULL_ID(&id);
		} else if (result == ERROR_MORE_DATA) {
			id = request->RequestId;
			size = got;
			free(request);
			request = malloc(size);
		} else if (result == ERROR_CONNECTION_INVALID && !HTTP_IS_NULL_ID(&id)) {
			HTTP_SET_NULL_ID(&id);
		} else {
			fprintf(stderr, "bench_server: receive failed with %lu\n",
				(unsigned long)result);
			break;
		}
	}
	free(request);
	return NULL;
}

static int usage(void)
{
	fprintf(stderr, "usage: bench_server --port P [--threads N] "
		"--mode memory|cached|file [PATH]\n");
	return 2;
}

int main(int argc, char **argv)
{
	HTTP_CACHE_POLICY cache = { HttpCachePolicyUserInvalidates, 0 };
	struct server s = { 0 };
	const char *mode = NULL, *path = NULL;
	int port = 0, threads = 1, i, fd;
	wchar_t url[64];
	pthread_t *tids;
	ULONG result;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port") && i + 1 < argc)
			port = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			threads = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--mode") && i + 1 < argc) {
			mode = argv[++i];
			if (!strcmp(mode, "file") && i + 1 < argc)
				path = argv[++i];
		} else
			return usage();
	}
	if (port <= 0 || port > 65535 || threads < 1 || !mode ||
	    (strcmp(mode, "memory") && strcmp(mode, "cached") &&
	     !(strcmp(mode, "file") == 0 && path)))
		return usage();
	if (!strcmp(mode, "cached"))
		s.policy = &cache;

	if (path) {
		fd = open(path, O_RDONLY);
		if (fd < 0) {
			perror(path);
			return 1;
		}
		s.file = HttpHandleFromFd(fd);
	}
	result = HttpInitialize(HTTPAPI_VERSION_1, HTTP_INITIALIZE_SERVER, NULL);
	if (result == NO_ERROR)
		result = HttpCreateHttpHandle(&s.queue, 0);
	swprintf(url, sizeof(url) / sizeof(url[0]), L"http://+:%d/", port);
	if (result == NO_ERROR)
		result = HttpAddUrl(s.queue, url, NULL);
	if (result != NO_ERROR) {
		fprintf(stderr, "bench_server: setup failed with %lu\n",
			(unsigned long)result);
		return 1;
	}
	printf("listening\n");
	fflush(stdout);

	tids = calloc(threads, sizeof(*tids));
	if (!tids)
		return 1;
	for (i = 0; i < threads; i++)
		if (pthread_create(&tids[i], NULL, serve, &s))
			return 1;
	for (i = 0; i < threads; i++)
		pthread_join(tids[i], NULL);
	return 1;
}
