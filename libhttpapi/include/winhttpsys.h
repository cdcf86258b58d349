/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The Win32 base types and calls that programs using http.h expect,
 * defined for Linux.  ULONG is 32 bits here as on Windows, so structures
 * keep their Windows (LLP64) layout on LP64 Linux.
 */
#ifndef HTTPSYS_WINHTTPSYS_H
#define HTTPSYS_WINHTTPSYS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>
#include <sys/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef VOID
#define VOID void
#endif
typedef void *PVOID, *LPVOID, *HANDLE, **PHANDLE;
typedef uint8_t UCHAR, *PUCHAR, BYTE, *PBYTE;
typedef uint8_t BOOLEAN;
typedef uint16_t USHORT, *PUSHORT, WORD;
typedef uint32_t ULONG, *PULONG, DWORD, *PDWORD, *LPDWORD;
typedef int32_t LONG, BOOL;
typedef uint64_t ULONGLONG, *PULONGLONG;
typedef int64_t LONGLONG;
typedef uintptr_t ULONG_PTR, *PULONG_PTR;
typedef char CHAR, *PSTR;
typedef const char *PCSTR, *LPCSTR;
typedef wchar_t WCHAR, *PWSTR;
typedef const wchar_t *PCWSTR, *LPCWSTR;
typedef struct sockaddr SOCKADDR, *PSOCKADDR;
typedef PVOID PSECURITY_DESCRIPTOR;

#ifndef TRUE
#define TRUE 1
#define FALSE 0
#endif
#define INVALID_HANDLE_VALUE ((HANDLE)(intptr_t)-1)
#ifndef MAX_PATH
#define MAX_PATH 260
#endif
#define WINAPI
#define ZeroMemory(p, n) memset((p), 0, (n))
#define RtlZeroMemory(p, n) memset((p), 0, (n))
#define CopyMemory(d, s, n) memcpy((d), (s), (n))

typedef struct _OVERLAPPED {
	ULONG_PTR Internal;
	ULONG_PTR InternalHigh;
	union {
		struct {
			DWORD Offset;
			DWORD OffsetHigh;
		};
		PVOID Pointer;
	};
	HANDLE hEvent;
} OVERLAPPED, *LPOVERLAPPED;

typedef struct _SECURITY_ATTRIBUTES {
	DWORD nLength;
	LPVOID lpSecurityDescriptor;
	BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

/* Windows error codes, with Windows' values. */
#define NO_ERROR			0L
#define ERROR_SUCCESS			0L
#define ERROR_INVALID_FUNCTION		1L
#define ERROR_FILE_NOT_FOUND		2L
#define ERROR_PATH_NOT_FOUND		3L
#define ERROR_ACCESS_DENIED		5L
#define ERROR_INVALID_HANDLE		6L
#define ERROR_NOT_ENOUGH_MEMORY		8L
#define ERROR_INVALID_DATA		13L
#define ERROR_BAD_COMMAND		22L
#define ERROR_SHARING_VIOLATION		32L
#define ERROR_HANDLE_EOF		38L
#define ERROR_NOT_SUPPORTED		50L
#define ERROR_INVALID_PARAMETER		87L
#define ERROR_CALL_NOT_IMPLEMENTED	120L
#define ERROR_INSUFFICIENT_BUFFER	122L
#define ERROR_ALREADY_EXISTS		183L
#define ERROR_MORE_DATA			234L
#define WAIT_TIMEOUT			258L
#define ERROR_NO_MORE_ITEMS		259L
#define ERROR_ABANDONED_WAIT_0		735L
#define ERROR_OPERATION_ABORTED		995L
#define ERROR_IO_INCOMPLETE		996L
#define ERROR_IO_PENDING		997L
#define ERROR_NOACCESS			998L
#define ERROR_DLL_INIT_FAILED		1114L
#define ERROR_NOT_FOUND			1168L
#define ERROR_CONNECTION_INVALID	1229L
#define ERROR_REVISION_MISMATCH		1306L

/* OVERLAPPED.Internal while an operation is pending. */
#define STATUS_PENDING			((DWORD)0x00000103L)
#define HasOverlappedIoCompleted(lpOverlapped) \
	((lpOverlapped)->Internal != STATUS_PENDING)

#define INFINITE			0xFFFFFFFF
#define WAIT_OBJECT_0			((DWORD)0x00000000L)
#define WAIT_FAILED			((DWORD)0xFFFFFFFF)

/*
 * Closes a handle from HttpCreateHttpHandle, HttpCreateRequestQueue,
 * HttpHandleFromFd, CreateEvent or CreateIoCompletionPort; pending
 * overlapped operations on a queue handle end with ERROR_OPERATION_ABORTED.
 */
BOOL CloseHandle(HANDLE hObject);

/* The calling thread's last error, set by the calls below that fail. */
DWORD GetLastError(void);
void SetLastError(DWORD dwErrCode);

/* Events: unnamed only (@lpName NULL). */
HANDLE CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
		    BOOL bInitialState, LPCWSTR lpName);
HANDLE CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset,
		    BOOL bInitialState, LPCSTR lpName);
#ifdef UNICODE
#define CreateEvent CreateEventW
#else
#define CreateEvent CreateEventA
#endif
BOOL SetEvent(HANDLE hEvent);
BOOL ResetEvent(HANDLE hEvent);

/* Events only: WAIT_OBJECT_0, WAIT_TIMEOUT or WAIT_FAILED. */
DWORD WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);

/* Completion ports, and the request queue handles associated with them. */
HANDLE CreateIoCompletionPort(HANDLE FileHandle, HANDLE ExistingCompletionPort,
			      ULONG_PTR CompletionKey,
			      DWORD NumberOfConcurrentThreads);
BOOL GetQueuedCompletionStatus(HANDLE CompletionPort,
			       LPDWORD lpNumberOfBytesTransferred,
			       PULONG_PTR lpCompletionKey,
			       LPOVERLAPPED *lpOverlapped, DWORD dwMilliseconds);
BOOL PostQueuedCompletionStatus(HANDLE CompletionPort,
				DWORD dwNumberOfBytesTransferred,
				ULONG_PTR dwCompletionKey,
				LPOVERLAPPED lpOverlapped);

/*
 * On a queue handle, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: an overlapped
 * call that succeeds at once (NO_ERROR) queues no packet to the port.
 * FILE_SKIP_SET_EVENT_ON_HANDLE is accepted and does nothing: the handle
 * itself is never signalled here (an OVERLAPPED's hEvent still is).
 */
#define FILE_SKIP_COMPLETION_PORT_ON_SUCCESS	0x1
#define FILE_SKIP_SET_EVENT_ON_HANDLE		0x2
BOOL SetFileCompletionNotificationModes(HANDLE FileHandle, UCHAR Flags);

/* Overlapped operations on a request queue handle. */
BOOL GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped,
			 LPDWORD lpNumberOfBytesTransferred, BOOL bWait);
BOOL CancelIo(HANDLE hFile);
BOOL CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped);

#ifdef __cplusplus
}
#endif

#endif /* HTTPSYS_WINHTTPSYS_H */
