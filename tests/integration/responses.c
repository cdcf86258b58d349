// SPDX-License-Identifier: GPL-2.0
/*
 * Integration tests of responses, run in the test VM: framing the kernel
 * adds or leaves alone, streaming with MORE_DATA, bodyless statuses and
 * HEAD, file-handle chunks (a 100 MB file checked end to end), and
 * HttpCancelHttpRequest / HttpWaitForDisconnect.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/inotify.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <http.h>

#include "tap.h"
#include "app.h"
#include "client.h"

#define PORT		8087
#define BIG_FILE	"/tmp/httpsys-100m"
#define BIG_SIZE	(100 << 20)

static HANDLE q;

/* Send a response with extra headers (NUL-separated name, value pairs). */
static ULONG send_with(HTTP_REQUEST_ID id, USHORT status, ULONG flags,
		       const char *const *headers, int count,
		       HTTP_DATA_CHUNK *chunks, USHORT chunk_count)
{
	HTTP_UNKNOWN_HEADER unknown[8];
	HTTP_RESPONSE resp;
	int i;

	memset(&resp, 0, sizeof(resp));
	resp.StatusCode = status;
	resp.pReason = "Status";
	resp.ReasonLength = 6;
	for (i = 0; i < count && i < 8; i++) {
		unknown[i].pName = headers[2 * i];
		unknown[i].NameLength = strlen(headers[2 * i]);
		unknown[i].pRawValue = headers[2 * i + 1];
		unknown[i].RawValueLength = strlen(headers[2 * i + 1]);
	}
	resp.Headers.UnknownHeaderCount = count;
	resp.Headers.pUnknownHeaders = unknown;
	resp.EntityChunkCount = chunk_count;
	resp.pEntityChunks = chunks;
	return HttpSendHttpResponse(q, id, flags, &resp, NULL, NULL, NULL, 0,
				    NULL, NULL);
}

static HTTP_DATA_CHUNK memory_chunk(const char *s)
{
	HTTP_DATA_CHUNK c = { .DataChunkType = HttpDataChunkFromMemory };

	c.FromMemory.pBuffer = (PVOID)s;
	c.FromMemory.BufferLength = strlen(s);
	return c;
}

static ULONG send_body(HTTP_REQUEST_ID id, ULONG flags, const char *s)
{
	HTTP_DATA_CHUNK c = memory_chunk(s);

	return HttpSendResponseEntityBody(q, id, flags, 1, &c, NULL, NULL, 0,
					  NULL, NULL);
}

/* Read from @fd until the server closes it; returns the bytes read. */
static size_t read_to_close(int fd, char *buf, size_t size)
{
	size_t got = 0;
	ssize_t n;

	while (got + 1 < size && (n = read(fd, buf + got, size - 1 - got)) > 0)
		got += n;
	buf[got] = '\0';
	return got;
}

static void test_framing(void)
{
	static const char *const app_length[] = { "Content-Length", "3" };
	static const char *const app_length_10[] = { "Content-Length", "10" };
	static const char *const app_date[] = { "Date", "yesterday" };
	HTTP_DATA_CHUNK hello = memory_chunk("hello"), hel = memory_chunk("hel");
	ULONG err = 1, again = 1;
	int fd, status;
	time_t start;

	/*
	 * A body longer than the application's Content-Length would be read
	 * as the next response: the send is refused before a byte goes out,
	 * and a corrected one still can be made.
	 */
	fd = raw_request(PORT, "GET /cl HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q, 0)) {
		err = send_with(req->RequestId, 200, 0, app_length, 1, &hello, 1);
		again = send_with(req->RequestId, 200, 0, app_length, 1, &hel, 1);
	}
	status = client_read_response(fd, out, sizeof(out));
	CHECK(err == ERROR_INVALID_PARAMETER && again == NO_ERROR && status == 200 &&
	      strstr(out, "Content-Length: 3\r\n") && strstr(out, "\r\n\r\nhel") &&
	      !strstr(out, "hello"),
	      "framing: a body over the application's Content-Length is refused "
	      "(%lu), nothing sent; the corrected send goes out as given",
	      (unsigned long)err);
	close(fd);

	/* One shorter than it would leave the client waiting: closed after. */
	fd = raw_request(PORT, "GET /short HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q, 0))
		err = send_with(req->RequestId, 200, 0, app_length_10, 1, &hello, 1);
	start = time(NULL);
	read_to_close(fd, out, sizeof(out));
	CHECK(err == NO_ERROR && strstr(out, "Content-Length: 10\r\n") &&
	      strstr(out, "\r\n\r\nhello") && time(NULL) - start < 10,
	      "framing: a final body shorter than the application's "
	      "Content-Length closes the connection after it");
	close(fd);

	fd = raw_request(PORT, "GET /date HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q, 0))
		send_with(req->RequestId, 200, 0, app_date, 1, &hello, 1);
	CHECK(client_read_response(fd, out, sizeof(out)) == 200 &&
	      !strstr(out, "yesterday") && strstr(out, "Date: ") &&
	      strstr(out, " GMT\r\n"), "framing: the server's Date replaces the application's");
	close(fd);

	fd = raw_request(PORT, "HEAD /head HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
	if (receive(q, 0))
		send_with(req->RequestId, 200, 0, NULL, 0, &hello, 1);
	read_to_close(fd, out, sizeof(out));
	CHECK(strstr(out, "Content-Length: 5\r\n") && !strstr(out, "hello"),
	      "framing: HEAD gets the length of the body but not the body");
	close(fd);

	fd = raw_request(PORT, "GET /nocontent HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q, 0))
		send_with(req->RequestId, 204, 0, NULL, 0, &hello, 1);
	client_send(fd, "GET /notmodified HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q, 0))
		send_with(req->RequestId, 304, 0, NULL, 0, &hello, 1);
	CHECK(client_read_response(fd, out, sizeof(out)) == 204 &&
	      !strstr(out, "hello") && !strstr(out, "Content-Length"),
	      "framing: 204 goes without a body or a length");
	CHECK(client_read_response(fd, out, sizeof(out)) == 304 &&
	      !strstr(out, "hello"),
	      "framing: 304 goes without a body, on the same connection");
	close(fd);
}

static void test_streaming(void)
{
	static const char *const chunked[] = { "Transfer-Encoding", "chunked" };
	FILE *curl;
	int fd;

	curl = curl_start("curl -sv --max-time 60 http://127.0.0.1:%d/s1 "
			  "http://127.0.0.1:%d/s2 2>&1", PORT, PORT);
	if (receive(q, 0)) {
		send_with(req->RequestId, 200, HTTP_SEND_RESPONSE_FLAG_MORE_DATA,
			  chunked, 1, NULL, 0);
		send_body(req->RequestId, HTTP_SEND_RESPONSE_FLAG_MORE_DATA,
			  "6\r\nstream\r\n");
		send_body(req->RequestId, HTTP_SEND_RESPONSE_FLAG_MORE_DATA |
			  HTTP_SEND_RESPONSE_FLAG_BUFFER_DATA, "2\r\ned\r\n");
		send_body(req->RequestId, 0, "0\r\n\r\n");
	}
	if (receive(q, 0))
		respond(q, req->RequestId, 200, "OK", "second", 0);
	curl_finish(curl, out, sizeof(out));
	CHECK(strstr(out, "streamed") && strstr(out, "second") &&
	      strstr(out, "Re-using existing connection") &&
	      !strstr(out, "< Connection: close"),
	      "streaming: chunk framing written by the application keeps the "
	      "connection reusable");

	fd = raw_request(PORT, "GET /unframed HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q, 0)) {
		send_with(req->RequestId, 200, HTTP_SEND_RESPONSE_FLAG_MORE_DATA,
			  NULL, 0, NULL, 0);
		send_body(req->RequestId, HTTP_SEND_RESPONSE_FLAG_MORE_DATA, "part one, ");
		send_body(req->RequestId, 0, "part two");
	}
	read_to_close(fd, out, sizeof(out));
	CHECK(strstr(out, "Connection: close\r\n") && !strstr(out, "Content-Length") &&
	      strstr(out, "\r\n\r\npart one, part two"),
	      "streaming: with no framing the response says Connection: close and "
	      "ends with the connection");
	close(fd);
}

static int make_big_file(void)
{
	static char block[1 << 20];
	int fd, i;
	size_t j;

	for (j = 0; j < sizeof(block); j++)
		block[j] = (char)(j * 131 + j / 4096);
	fd = open(BIG_FILE, O_RDWR | O_CREAT | O_TRUNC, 0644);
	for (i = 0; i < BIG_SIZE / (int)sizeof(block); i++) {
		block[0] = (char)i;	/* each megabyte differs */
		if (write(fd, block, sizeof(block)) != sizeof(block))
			return -1;
	}
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static void test_file_chunks(void)
{
	union {
		struct inotify_event ev;
		char buf[sizeof(struct inotify_event) + 256];
	} event;
	HTTP_DATA_CHUNK chunks[3];
	HANDLE file;
	FILE *curl;
	int fd, status, watch;

	fd = make_big_file();
	if (!CHECK(fd >= 0, "file: a 100 MB file written"))
		return;
	file = HttpHandleFromFd(fd);
	curl = curl_start("curl -s --max-time 120 -o /tmp/httpsys-100m.out "
			  "-w '%%{http_code} %%{size_download}' http://127.0.0.1:%d/big",
			  PORT);
	if (receive(q, 0)) {
		memset(chunks, 0, sizeof(chunks));
		chunks[0].DataChunkType = HttpDataChunkFromFileHandle;
		chunks[0].FromFileHandle.FileHandle = file;
		chunks[0].FromFileHandle.ByteRange.StartingOffset.QuadPart = 0;
		chunks[0].FromFileHandle.ByteRange.Length.QuadPart = HTTP_BYTE_RANGE_TO_EOF;
		CHECK(send_with(req->RequestId, 200, 0, NULL, 0, chunks, 1) == NO_ERROR,
		      "file: HttpSendHttpResponse with a whole-file chunk");
	}
	curl_finish(curl, out, sizeof(out));
	status = system("cmp -s " BIG_FILE " /tmp/httpsys-100m.out");
	CHECK(!strcmp(out, "200 104857600") && status == 0,
	      "file: curl downloads all 104857600 bytes, identical (%s)", out);
	unlink("/tmp/httpsys-100m.out");

	/* Sent like sendfile(2): through the read checks, seen by fsnotify. */
	watch = inotify_init1(IN_NONBLOCK);
	if (watch >= 0)
		inotify_add_watch(watch, BIG_FILE, IN_ACCESS);
	fd = raw_request(PORT, "GET /ranges HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q, 0)) {
		chunks[0].FromFileHandle.ByteRange.StartingOffset.QuadPart = 4096;
		chunks[0].FromFileHandle.ByteRange.Length.QuadPart = 3;
		chunks[1] = memory_chunk("|");
		chunks[2] = chunks[0];
		chunks[2].FromFileHandle.ByteRange.StartingOffset.QuadPart = BIG_SIZE - 2;
		chunks[2].FromFileHandle.ByteRange.Length.QuadPart = HTTP_BYTE_RANGE_TO_EOF;
		send_with(req->RequestId, 200, 0, NULL, 0, chunks, 3);
	}
	CHECK(client_read_response(fd, out, sizeof(out)) == 200 &&
	      strstr(out, "Content-Length: 6\r\n"),
	      "file: byte ranges and memory mixed, Content-Length their sum");
	CHECK(watch >= 0 && read(watch, &event, sizeof(event)) > 0 &&
	      (event.ev.mask & IN_ACCESS),
	      "file: sending a file chunk is an access inotify sees, as sendfile is");
	if (watch >= 0)
		close(watch);
	close(fd);

	fd = raw_request(PORT, "GET /past HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q, 0)) {
		chunks[0].FromFileHandle.ByteRange.StartingOffset.QuadPart = BIG_SIZE - 1;
		chunks[0].FromFileHandle.ByteRange.Length.QuadPart = 2;
		CHECK(send_with(req->RequestId, 200, 0, NULL, 0, chunks, 1) ==
		      ERROR_INVALID_PARAMETER,
		      "file: a range past the end is refused before anything is sent");
		chunks[0].FromFileHandle.FileHandle = HttpHandleFromFd(999);
		CHECK(send_with(req->RequestId, 200, 0, NULL, 0, chunks, 1) ==
		      ERROR_INVALID_HANDLE, "file: a closed file handle is refused");
		CHECK(respond(q, req->RequestId, 200, "OK", "after", 0) == NO_ERROR &&
		      client_read_response(fd, out, sizeof(out)) == 200,
		      "file: the request can still be answered after a refusal");
	}
	close(fd);
	CloseHandle(file);
	unlink(BIG_FILE);
}

static void test_cancel_and_disconnect(void)
{
	HTTP_CONNECTION_ID conn;
	int fd;

	fd = raw_request(PORT, "GET /cancel HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q, 0)) {
		CHECK(HttpCancelHttpRequest(q, req->RequestId, NULL) == NO_ERROR,
		      "cancel: HttpCancelHttpRequest");
		CHECK(client_closed(fd), "cancel: the client's connection is closed");
		CHECK(respond(q, req->RequestId, 200, "OK", "late", 0) ==
		      ERROR_CONNECTION_INVALID &&
		      HttpCancelHttpRequest(q, req->RequestId, NULL) ==
		      ERROR_CONNECTION_INVALID,
		      "cancel: the request ID is stale afterwards");
	}
	close(fd);

	fd = raw_request(PORT, "GET /wait HTTP/1.1\r\nHost: a\r\n\r\n");
	if (receive(q, 0)) {
		conn = req->ConnectionId;
		close(fd);
		CHECK(HttpWaitForDisconnect(q, conn, NULL) == NO_ERROR,
		      "disconnect: HttpWaitForDisconnect returns when the client goes");
		respond(q, req->RequestId, 200, "OK", "gone", 0);
	}
	CHECK(HttpWaitForDisconnect(q, 0x7fffffffffffULL, NULL) ==
	      ERROR_CONNECTION_INVALID,
	      "disconnect: an ID never issued is refused");
}

int main(void)
{
	alarm(600);	/* the harness bounds the run too */
	q = app_start(L"http://+:8087/");
	if (!q)
		return 1;
	test_framing();
	test_streaming();
	test_file_chunks();
	test_cancel_and_disconnect();
	app_finish(q);
	return tap_exit_status();
}
