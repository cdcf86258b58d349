// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's server on libhttpapi, written as a ported Windows program
 * would be: every request on http://+:PORT/ gets the same 200 response.
 *
 *     bench_server --port P [--threads N] --mode memory
 *     bench_server --port P [--threads N] --mode cached
 *     bench_server --port P [--threads N] --mode file PATH
 *     bench_server --port P [--threads N] --mode iocp
 *
 * memory: a 12-byte body from memory, like nginx's `return 200`.
 * cached: the same, sent with HttpCachePolicyUserInvalidates: the kernel
 *         keeps it and answers later requests for the URL itself.
 * file:   PATH as a FromFileHandle chunk, the whole file.
 * These three are HTTP Server API 1.0 programs with synchronous calls:
 * each of the N threads runs its own receive/send loop on the one queue.
 * iocp:   the 12 bytes from memory, in the shape of an API 2.0 server: a
 *         server session, URL group and request queue bound to a
 *         completion port; each of the N threads keeps IOCP_RECEIVES
 *         overlapped receives outstanding and answers whichever request
 *         the port hands it, then issues that receive again.
 * Prints "listening" once the URL is added, then serves until killed.
 */
#include <http.h>
#include <fcntl.h>
#include <stddef.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

/* Room for wrk's request heads, so receives never need a second call. */
#define REQUEST_BUFFER_SIZE (sizeof(HTTP_REQUEST) + 4096)

/* Overlapped receives each iocp thread keeps outstanding. */
#define IOCP_RECEIVES 16

static const char memory_body[] = "hello world\n";

struct server {
	HANDLE queue;
	HANDLE port;	/* iocp mode only */
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

/* One outstanding receive of the iocp mode: its OVERLAPPED and buffer. */
struct receive {
	OVERLAPPED ov;
	PHTTP_REQUEST request;
};

static ULONG receive_issue(const struct server *s, struct receive *r)
{
	ULONG result;

	memset(&r->ov, 0, sizeof(r->ov));
	result = HttpReceiveHttpRequest(s->queue, HTTP_NULL_ID, 0, r->request,
					REQUEST_BUFFER_SIZE, NULL, &r->ov);
	/* Without FILE_SKIP_COMPLETION_PORT_ON_SUCCESS both end on the port. */
	return result == ERROR_IO_PENDING ? NO_ERROR : result;
}

static void *serve_iocp(void *arg)
{
	const struct server *s = arg;
	struct receive *receives = calloc(IOCP_RECEIVES, sizeof(*receives)), *r;
	LPOVERLAPPED ov;
	ULONG_PTR key;
	DWORD bytes;
	ULONG result = receives ? NO_ERROR : ERROR_NOT_ENOUGH_MEMORY;
	int i;

	for (i = 0; i < IOCP_RECEIVES && result == NO_ERROR; i++) {
		receives[i].request = malloc(REQUEST_BUFFER_SIZE);
		result = receives[i].request ? receive_issue(s, &receives[i]) :
					       ERROR_NOT_ENOUGH_MEMORY;
	}
	while (result == NO_ERROR) {
		if (!GetQueuedCompletionStatus(s->port, &bytes, &key, &ov,
					       INFINITE)) {
			result = GetLastError();
			break;
		}
		r = (struct receive *)((char *)ov - offsetof(struct receive, ov));
		/* A client that left early is not the server's failure. */
		send_response(s, r->request->RequestId);
		result = receive_issue(s, r);
	}
	/* Buffers of receives still outstanding stay: the process ends. */
	fprintf(stderr, "bench_server: iocp receive failed with %lu\n",
		(unsigned long)result);
	return NULL;
}

/* The API 2.0 setup: session, URL group, queue bound to it, a port. */
static ULONG setup_v2(struct server *s, const wchar_t *url)
{
	HTTP_BINDING_INFO binding = { 0 };
	HTTP_SERVER_SESSION_ID session;
	HTTP_URL_GROUP_ID group;
	ULONG result;

	result = HttpInitialize(HTTPAPI_VERSION_2, HTTP_INITIALIZE_SERVER, NULL);
	if (result == NO_ERROR)
		result = HttpCreateServerSession(HTTPAPI_VERSION_2, &session, 0);
	if (result == NO_ERROR)
		result = HttpCreateUrlGroup(session, &group, 0);
	if (result == NO_ERROR)
		result = HttpCreateRequestQueue(HTTPAPI_VERSION_2, NULL, NULL, 0,
						&s->queue);
	binding.Flags.Present = 1;
	binding.RequestQueueHandle = s->queue;
	if (result == NO_ERROR)
		result = HttpSetUrlGroupProperty(group, HttpServerBindingProperty,
						 &binding, sizeof(binding));
	if (result == NO_ERROR)
		result = HttpAddUrlToUrlGroup(group, url, 0, 0);
	if (result == NO_ERROR) {
		s->port = CreateIoCompletionPort(s->queue, NULL, 0, 0);
		if (!s->port)
			result = GetLastError();
	}
	return result;
}

static ULONG setup_v1(struct server *s, const wchar_t *url)
{
	ULONG result;

	result = HttpInitialize(HTTPAPI_VERSION_1, HTTP_INITIALIZE_SERVER, NULL);
	if (result == NO_ERROR)
		result = HttpCreateHttpHandle(&s->queue, 0);
	if (result == NO_ERROR)
		result = HttpAddUrl(s->queue, url, NULL);
	return result;
}

static int usage(void)
{
	fprintf(stderr, "usage: bench_server --port P [--threads N] "
		"--mode memory|cached|file PATH|iocp\n");
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
	     strcmp(mode, "iocp") && !(strcmp(mode, "file") == 0 && path)))
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
	swprintf(url, sizeof(url) / sizeof(url[0]), L"http://+:%d/", port);
	result = strcmp(mode, "iocp") ? setup_v1(&s, url) : setup_v2(&s, url);
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
		if (pthread_create(&tids[i], NULL, s.port ? serve_iocp : serve,
				   &s))
			return 1;
	for (i = 0; i < threads; i++)
		pthread_join(tids[i], NULL);
	return 1;
}
