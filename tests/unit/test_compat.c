// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests of the Win32 compat layer (windows.h, strsafe.h and their
 * parts): each call's result, its errors and the last error it leaves,
 * in a scratch directory.  A file handle must be the real descriptor
 * (HttpQueueFd), since FromFileHandle chunks hand it to the kernel.
 */
#define _GNU_SOURCE
#define UNICODE
#define _UNICODE
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include <windows.h>
#include <strsafe.h>
#include <http.h>
#include "win32_internal.h"

/* SAL annotations and calling conventions compile away. */
static int __cdecl annotated(IN int a, OUT int *b, _In_opt_ const char *c,
			     _Out_writes_(n) char *d, __in_ecount(n) int n,
			     OPTIONAL __inout_opt void *e);

static int __cdecl annotated(IN int a, OUT int *b, _In_opt_ const char *c,
			     _Out_writes_(n) char *d, __in_ecount(n) int n,
			     OPTIONAL __inout_opt void *e)
{
	(void)c;
	(void)d;
	(void)e;
	*b = a + n;
	return *b;
}

_Static_assert(sizeof(TCHAR) == sizeof(wchar_t), "TCHAR is WCHAR with UNICODE");
_Static_assert(sizeof(DWORD) == 4 && sizeof(LONG) == 4 && sizeof(UINT) == 4,
	       "32-bit DWORD, LONG and UINT as on Windows");
_Static_assert(sizeof(SIZE_T) == 8 && sizeof(ULONG_PTR) == 8, "pointer-sized");
_Static_assert(STRSAFE_E_INSUFFICIENT_BUFFER == (HRESULT)0x8007007A &&
	       STRSAFE_E_INVALID_PARAMETER == (HRESULT)0x80070057,
	       "strsafe's errors");
_Static_assert(GENERIC_READ == 0x80000000UL && CREATE_ALWAYS == 2 &&
	       OPEN_EXISTING == 3 && FILE_ATTRIBUTE_NORMAL == 0x80,
	       "CreateFile's constants");
_Static_assert(ERROR_FILE_EXISTS == 80 && ERROR_BUFFER_OVERFLOW == 111 &&
	       ERROR_NEGATIVE_SEEK == 131 && ERROR_DISK_FULL == 112,
	       "error codes");

static char dir[64];
static WCHAR wdir[64];

static void test_types(void)
{
	int out = 0;
	TCHAR t[] = TEXT("wide");
	struct {
		int a;
		OVERLAPPED ov;
	} rec;

	CHECK(annotated(2, &out, NULL, NULL, 3, NULL) == 5 && out == 5,
	      "types: SAL-annotated __cdecl functions compile and run");
	CHECK(wcscmp(t, L"wide") == 0, "types: TEXT() is L\"\" with UNICODE");
	CHECK(CONTAINING_RECORD(&rec.ov, typeof(rec), ov) == &rec &&
	      ARRAYSIZE(t) == 5, "types: CONTAINING_RECORD and ARRAYSIZE");
}

static void test_heap(void)
{
	HANDLE heap = GetProcessHeap();
	unsigned char *p, *q;
	PWSTR url = NULL;
	size_t i;
	int zero = 1;

	CHECK(heap && heap == GetProcessHeap(), "heap: GetProcessHeap is one handle");
	p = HeapAlloc(heap, HEAP_ZERO_MEMORY, 100);
	for (i = 0; p && i < 100; i++)
		zero &= !p[i];
	CHECK(p && zero, "heap: HEAP_ZERO_MEMORY gives zeroed bytes");
	memset(p, 0xab, 100);
	q = HeapReAlloc(heap, HEAP_ZERO_MEMORY, p, 5000);
	for (i = 100; q && i < 5000; i++)
		zero &= !q[i];
	CHECK(q && q[0] == 0xab && q[99] == 0xab && zero,
	      "heap: HeapReAlloc keeps the bytes and zeroes the new ones");
	CHECK(!HeapReAlloc(heap, HEAP_REALLOC_IN_PLACE_ONLY, q, 1 << 24) &&
	      q[0] == 0xab, "heap: HEAP_REALLOC_IN_PLACE_ONLY fails rather than move");
	CHECK(HeapReAlloc(heap, HEAP_REALLOC_IN_PLACE_ONLY, q, 10) == q,
	      "heap: and shrinks in place");
	SetLastError(0);
	CHECK(!HeapAlloc((HANDLE)&zero, 0, 10) && GetLastError() == 0,
	      "heap: another heap's handle gives NULL, no last error (as Windows)");
	CHECK(!HeapFree((HANDLE)&zero, 0, q) && GetLastError() == ERROR_INVALID_HANDLE,
	      "heap: HeapFree of another heap: ERROR_INVALID_HANDLE");
	CHECK(HeapFree(heap, 0, q) && HeapFree(heap, 0, NULL), "heap: HeapFree");
	/* One heap: the library's results go to HeapFree (ASan checks it). */
	CHECK(HttpPrepareUrl(NULL, 0, L"http://Example.com/a", &url) == NO_ERROR &&
	      url && HeapFree(heap, 0, url),
	      "heap: HttpPrepareUrl's result is freed with HeapFree");
}

static void test_temp_names(void)
{
	WCHAR path[MAX_PATH + 1], name[MAX_PATH + 1], other[MAX_PATH + 1];
	WCHAR expect[MAX_PATH + 1], longpath[MAX_PATH];
	char narrow[MAX_PATH + 1];
	struct stat st;
	UINT n;

	setenv("TMPDIR", dir, 1);
	CHECK(GetTempPath(ARRAYSIZE(path), path) == wcslen(wdir) + 1 &&
	      wcsncmp(path, wdir, wcslen(wdir)) == 0 &&
	      path[wcslen(wdir)] == L'/', "temp: GetTempPath is $TMPDIR with a '/'");
	CHECK(GetTempPath(3, path) == wcslen(wdir) + 2,
	      "temp: too short a buffer: the size it takes, with the NUL");
	CHECK(GetTempPathA(sizeof(narrow), narrow) == strlen(dir) + 1 &&
	      strncmp(narrow, dir, strlen(dir)) == 0, "temp: GetTempPathA");

	n = GetTempFileName(wdir, L"Tst", 0, name);
	StringCchPrintf(expect, ARRAYSIZE(expect), L"%ls/Tst%X.TMP", wdir, n);
	lib_path_from_wide(name, narrow, sizeof(narrow));
	CHECK(n > 0 && n <= 0xffff && wcscmp(name, expect) == 0 &&
	      stat(narrow, &st) == 0 && st.st_size == 0,
	      "temp: GetTempFileName(0) names <dir>/<pfx><hex>.TMP and creates it empty");
	CHECK(GetTempFileName(wdir, L"Tst", 0, other) && wcscmp(other, name),
	      "temp: a second call gets another name");
	CHECK(GetTempFileName(wdir, L"Longer", 0x1234, other) == 0x1234 &&
	      wcslen(other) == wcslen(wdir) + 12 &&
	      wcscmp(other + wcslen(wdir), L"/Lon1234.TMP") == 0,
	      "temp: with uUnique, three prefix characters and that number");
	lib_path_from_wide(other, narrow, sizeof(narrow));
	CHECK(stat(narrow, &st) && errno == ENOENT,
	      "temp: and then nothing is created");
	wmemset(longpath, L'a', MAX_PATH - 1);
	longpath[MAX_PATH - 1] = L'\0';
	CHECK(!GetTempFileName(longpath, L"x", 0, other) &&
	      GetLastError() == ERROR_BUFFER_OVERFLOW,
	      "temp: a path longer than MAX_PATH - 14: ERROR_BUFFER_OVERFLOW");
	CHECK(!GetTempFileName(L"/nonexistent-dir", L"x", 0, other) &&
	      GetLastError() == ERROR_PATH_NOT_FOUND,
	      "temp: a missing directory: ERROR_PATH_NOT_FOUND");
	CHECK(DeleteFile(name), "temp: DeleteFile removes it");
}

static void test_files(void)
{
	static char data[10000], back[10000];
	WCHAR name[MAX_PATH + 1], missing[MAX_PATH + 1];
	char narrow[MAX_PATH + 1];
	OVERLAPPED ov;
	LARGE_INTEGER size, to, pos;
	DWORD n = 0, high = 0;
	LONG hi;
	HANDLE h, r;
	int fd;
	size_t i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 7);
	GetTempFileName(wdir, L"Fil", 0, name);
	lib_path_from_wide(name, narrow, sizeof(narrow));
	h = CreateFile(name, GENERIC_READ | GENERIC_WRITE, 0, NULL,
		       CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
	CHECK(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS,
	      "file: CREATE_ALWAYS on an existing file: ERROR_ALREADY_EXISTS, success");
	fd = HttpQueueFd(h);
	CHECK(fd >= 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC,
	      "file: the handle is a real descriptor, close-on-exec");
	CHECK(WriteFile(h, data, sizeof(data), &n, NULL) && n == sizeof(data),
	      "file: WriteFile writes every byte");
	CHECK(lseek(fd, 0, SEEK_CUR) == (off_t)sizeof(data),
	      "file: through the descriptor itself");
	CHECK(GetFileSize(h, &high) == sizeof(data) && high == 0 &&
	      GetFileSizeEx(h, &size) && size.QuadPart == sizeof(data),
	      "file: GetFileSize and GetFileSizeEx");
	CHECK(SetFilePointer(h, 0, NULL, FILE_BEGIN) == 0 &&
	      ReadFile(h, back, sizeof(back), &n, NULL) && n == sizeof(back) &&
	      !memcmp(back, data, sizeof(data)), "file: SetFilePointer, ReadFile");
	CHECK(ReadFile(h, back, sizeof(back), &n, NULL) && n == 0,
	      "file: at the end ReadFile succeeds with 0 bytes");
	ZeroMemory(&ov, sizeof(ov));
	ov.Offset = 9000;
	CHECK(ReadFile(h, back, 4000, &n, &ov) && n == 1000 &&
	      ov.InternalHigh == 1000 && !memcmp(back, data + 9000, 1000),
	      "file: with an OVERLAPPED, at its offset");
	ov.Offset = 20000;
	CHECK(!ReadFile(h, back, 10, &n, &ov) && GetLastError() == ERROR_HANDLE_EOF,
	      "file: past the end: ERROR_HANDLE_EOF");
	/* With the high half given, the distance is high:low (-1:-5 is -5). */
	hi = -1;
	CHECK(SetFilePointer(h, -5, &hi, FILE_END) == sizeof(data) - 5 && hi == 0 &&
	      GetLastError() == NO_ERROR, "file: SetFilePointer from the end, 64-bit");
	CHECK(SetFilePointer(h, -1, NULL, FILE_BEGIN) == INVALID_SET_FILE_POINTER &&
	      GetLastError() == ERROR_NEGATIVE_SEEK, "file: before the start: ERROR_NEGATIVE_SEEK");
	CHECK(SetFilePointer(h, 0, NULL, 7) == INVALID_SET_FILE_POINTER &&
	      GetLastError() == ERROR_INVALID_PARAMETER, "file: a bad method: ERROR_INVALID_PARAMETER");
	to.QuadPart = 3;
	CHECK(SetFilePointerEx(h, to, &pos, FILE_BEGIN) && pos.QuadPart == 3,
	      "file: SetFilePointerEx");
	CHECK(FlushFileBuffers(h), "file: FlushFileBuffers");
	CHECK(CloseHandle(h) && fcntl(fd, F_GETFD) < 0 && errno == EBADF,
	      "file: CloseHandle closes the descriptor");
	CHECK(!CloseHandle(h) && GetLastError() == ERROR_INVALID_HANDLE,
	      "file: a second CloseHandle: ERROR_INVALID_HANDLE");
	CHECK(!ReadFile(h, back, 1, &n, NULL) && GetLastError() == ERROR_INVALID_HANDLE &&
	      !WriteFile(INVALID_HANDLE_VALUE, data, 1, &n, NULL) &&
	      GetLastError() == ERROR_INVALID_HANDLE,
	      "file: I/O on a closed or invalid handle: ERROR_INVALID_HANDLE");

	r = CreateFileA(narrow, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
			FILE_ATTRIBUTE_NORMAL, NULL);
	CHECK(r != INVALID_HANDLE_VALUE && GetLastError() == NO_ERROR,
	      "file: CreateFileA opens it again");
	CHECK(!WriteFile(r, data, 1, &n, NULL) && GetLastError() == ERROR_ACCESS_DENIED,
	      "file: writing a read-only handle: ERROR_ACCESS_DENIED");
	CloseHandle(r);
	CHECK(CreateFile(name, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL) ==
	      INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_EXISTS,
	      "file: CREATE_NEW on an existing file: ERROR_FILE_EXISTS");
	CHECK(CreateFile(name, GENERIC_READ, 0, NULL, TRUNCATE_EXISTING, 0, NULL) ==
	      INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER,
	      "file: TRUNCATE_EXISTING without GENERIC_WRITE: ERROR_INVALID_PARAMETER");
	CHECK(CreateFile(name, GENERIC_READ, 0, NULL, 99, 0, NULL) ==
	      INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER,
	      "file: an unknown disposition: ERROR_INVALID_PARAMETER");
	CHECK(CreateFile(name, GENERIC_READ, 0, NULL, OPEN_EXISTING,
			 FILE_FLAG_OVERLAPPED, NULL) == INVALID_HANDLE_VALUE &&
	      GetLastError() == ERROR_NOT_SUPPORTED,
	      "file: FILE_FLAG_OVERLAPPED: ERROR_NOT_SUPPORTED");
	h = CreateFile(name, GENERIC_WRITE, 0, NULL, TRUNCATE_EXISTING, 0, NULL);
	CHECK(h != INVALID_HANDLE_VALUE && GetFileSize(h, NULL) == 0,
	      "file: TRUNCATE_EXISTING empties it");
	CloseHandle(h);
	CHECK(DeleteFile(name) && access(narrow, F_OK) && errno == ENOENT,
	      "file: DeleteFile");
	CHECK(!DeleteFile(name) && GetLastError() == ERROR_FILE_NOT_FOUND,
	      "file: DeleteFile of a missing file: ERROR_FILE_NOT_FOUND");
	CHECK(CreateFile(name, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) ==
	      INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND,
	      "file: OPEN_EXISTING of a missing file: ERROR_FILE_NOT_FOUND");
	StringCchPrintf(missing, ARRAYSIZE(missing), L"%ls/no/such", wdir);
	CHECK(CreateFile(missing, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL) ==
	      INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND,
	      "file: creating in a missing directory: ERROR_PATH_NOT_FOUND");
	h = CreateFile(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_ALWAYS,
		       FILE_FLAG_DELETE_ON_CLOSE, NULL);
	CHECK(h != INVALID_HANDLE_VALUE && GetLastError() == NO_ERROR &&
	      access(narrow, F_OK) && WriteFile(h, data, 10, &n, NULL),
	      "file: OPEN_ALWAYS creates; FILE_FLAG_DELETE_ON_CLOSE unlinks the name, the handle works");
	CloseHandle(h);
	CHECK(lib_file_error(EACCES) == ERROR_ACCESS_DENIED &&
	      lib_file_error(ENOSPC) == ERROR_DISK_FULL &&
	      lib_file_error(EMFILE) == ERROR_TOO_MANY_OPEN_FILES &&
	      lib_file_error(ENAMETOOLONG) == ERROR_FILENAME_EXCED_RANGE,
	      "file: errno values map to Windows' errors");
}

static void test_strings(void)
{
	char a[8];
	WCHAR w[8];
	size_t len = 99;

	CHECK(StringCchPrintfA(a, sizeof(a), "%d-%s", 42, "ab") == S_OK &&
	      !strcmp(a, "42-ab"), "strsafe: StringCchPrintfA");
	CHECK(StringCchPrintfA(a, sizeof(a), "%s", "0123456789") ==
	      STRSAFE_E_INSUFFICIENT_BUFFER && !strcmp(a, "0123456"),
	      "strsafe: truncated to fit: STRSAFE_E_INSUFFICIENT_BUFFER");
	CHECK(StringCchPrintfA(a, 0, "x") == STRSAFE_E_INVALID_PARAMETER,
	      "strsafe: size 0: STRSAFE_E_INVALID_PARAMETER");
	CHECK(StringCchPrintfW(w, ARRAYSIZE(w), L"%ls+%s", L"wi", "na") == S_OK &&
	      !wcscmp(w, L"wi+na"), "strsafe: StringCchPrintfW, %%ls wide and %%s narrow");
	CHECK(StringCchPrintf(w, ARRAYSIZE(w), L"%d", 123456789) ==
	      STRSAFE_E_INSUFFICIENT_BUFFER && !wcscmp(w, L"1234567"),
	      "strsafe: StringCchPrintfW truncates");
	CHECK(StringCchCopyA(a, sizeof(a), "abc") == S_OK &&
	      StringCchCatA(a, sizeof(a), "defgh") == STRSAFE_E_INSUFFICIENT_BUFFER &&
	      !strcmp(a, "abcdefg"), "strsafe: StringCchCopyA, StringCchCatA");
	CHECK(StringCchCopyW(w, ARRAYSIZE(w), L"0123456789") ==
	      STRSAFE_E_INSUFFICIENT_BUFFER && !wcscmp(w, L"0123456") &&
	      StringCchCatW(w, ARRAYSIZE(w), L"x") == STRSAFE_E_INSUFFICIENT_BUFFER,
	      "strsafe: StringCchCopyW, StringCchCatW");
	CHECK(StringCchLengthA("abc", 10, &len) == S_OK && len == 3 &&
	      StringCchLengthA("abc", 3, &len) == STRSAFE_E_INVALID_PARAMETER &&
	      StringCchLengthW(L"ab", 3, &len) == S_OK && len == 2 &&
	      StringCchLengthW(NULL, 3, &len) == STRSAFE_E_INVALID_PARAMETER,
	      "strsafe: StringCchLength, no NUL within the limit");
}

static void test_user(void)
{
	struct passwd *pw = getpwuid(geteuid());
	char a[64];
	WCHAR w[64], expect[64];
	DWORD n = 0;

	CHECK(!GetUserNameA(a, &n) && GetLastError() == ERROR_INSUFFICIENT_BUFFER &&
	      pw && n == strlen(pw->pw_name) + 1,
	      "user: too small: ERROR_INSUFFICIENT_BUFFER and the size it takes");
	n = sizeof(a);
	CHECK(GetUserNameA(a, &n) && pw && !strcmp(a, pw->pw_name) &&
	      n == strlen(a) + 1, "user: GetUserNameA is the effective user's name");
	n = ARRAYSIZE(w);
	mbstowcs(expect, pw ? pw->pw_name : "", ARRAYSIZE(expect));
	CHECK(GetUserName(w, &n) && !wcscmp(w, expect), "user: GetUserNameW");
}

static DWORD WINAPI record_thread(LPVOID p)
{
	DWORD *id = p;

	Sleep(20);
	*id = GetCurrentThreadId();
	return 0;
}

static void test_threads(void)
{
	DWORD seen = 0, id = 0;
	struct timespec t0, t1;
	HANDLE t;

	t = CreateThread(NULL, 0, record_thread, &seen, 0, &id);
	CHECK(t && WaitForSingleObject(t, 0) == WAIT_TIMEOUT,
	      "thread: CreateThread; its handle is unsignalled while it runs");
	CHECK(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0 && seen == id && id,
	      "thread: WaitForSingleObject waits for its end; the ID is its own");
	CHECK(WaitForSingleObject(t, 0) == WAIT_OBJECT_0 && CloseHandle(t),
	      "thread: it stays signalled; CloseHandle");
	t = CreateThread(NULL, 0, record_thread, &seen, 0, NULL);
	CHECK(t && CloseHandle(t), "thread: its handle may be closed while it runs");
	Sleep(50);
	CHECK(!CreateThread(NULL, 0, record_thread, &seen, CREATE_SUSPENDED, NULL) &&
	      GetLastError() == ERROR_NOT_SUPPORTED,
	      "thread: CREATE_SUSPENDED: ERROR_NOT_SUPPORTED");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	Sleep(30);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 >= 30,
	      "thread: Sleep");
}

int main(void)
{
	char cmd[96];

	strcpy(dir, "/tmp/test_compat.XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	mbstowcs(wdir, dir, ARRAYSIZE(wdir));
	test_types();
	test_heap();
	test_temp_names();
	test_files();
	test_strings();
	test_user();
	test_threads();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		return 1;
	return tap_exit_status();
}
