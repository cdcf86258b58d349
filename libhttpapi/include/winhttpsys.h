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
#include <sys/types.h>

#include "sal.h"

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
/* 64-bit integers also seen as two 32-bit halves (little-endian). */
typedef union _LARGE_INTEGER {
	struct {
		DWORD LowPart;
		LONG HighPart;
	};
	struct {
		DWORD LowPart;
		LONG HighPart;
	} u;
	LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;
typedef union _ULARGE_INTEGER {
	struct {
		DWORD LowPart;
		DWORD HighPart;
	};
	struct {
		DWORD LowPart;
		DWORD HighPart;
	} u;
	ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;
typedef char CHAR, *PCHAR, *PSTR;
typedef const char *PCSTR, *LPCSTR;
typedef wchar_t WCHAR, *PWSTR;
typedef const wchar_t *PCWSTR, *LPCWSTR;
typedef struct sockaddr SOCKADDR, *PSOCKADDR;
typedef struct sockaddr_storage SOCKADDR_STORAGE, *PSOCKADDR_STORAGE;
typedef unsigned int ALG_ID;
#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
	ULONG Data1;
	USHORT Data2;
	USHORT Data3;
	UCHAR Data4[8];
} GUID;
#endif
#ifndef ANYSIZE_ARRAY
#define ANYSIZE_ARRAY 1
#endif
typedef PVOID PSECURITY_DESCRIPTOR;
typedef char *LPSTR, *LPCH, *PCH;
typedef wchar_t *LPWSTR, *PWCHAR, *LPWCH, *PWCH;
typedef const void *LPCVOID;
typedef uint8_t *LPBYTE;
typedef int32_t *PLONG, *LPLONG;
typedef int INT, *PINT, *LPINT;
typedef unsigned int UINT, *PUINT;
typedef size_t SIZE_T, *PSIZE_T;
typedef uintptr_t DWORD_PTR, *PDWORD_PTR;
typedef intptr_t LONG_PTR, INT_PTR, *PLONG_PTR;
typedef BOOL *PBOOL, *LPBOOL;
/* COM-style results: S_OK or a negative error (strsafe.h's STRSAFE_E_*). */
typedef LONG HRESULT;
#define S_OK			((HRESULT)0L)
#define S_FALSE			((HRESULT)1L)
#define SUCCEEDED(hr)		(((HRESULT)(hr)) >= 0)
#define FAILED(hr)		(((HRESULT)(hr)) < 0)

/*
 * Generic text: UNICODE (and _UNICODE, which Visual Studio defines with
 * it for a "Unicode" project) selects the W forms of the calls below.
 */
#ifdef UNICODE
typedef WCHAR TCHAR, *PTCHAR, *PTSTR, *LPTSTR;
typedef const WCHAR *PCTSTR, *LPCTSTR;
#define __TEXT(s) L##s
#else
typedef char TCHAR, *PTCHAR, *PTSTR, *LPTSTR;
typedef const char *PCTSTR, *LPCTSTR;
#define __TEXT(s) s
#endif
#define TEXT(s) __TEXT(s)
/* An SSPI result: SEC_E_OK (0) or a negative SEC_E_* code (sspi.h). */
typedef LONG SECURITY_STATUS;

#ifndef TRUE
#define TRUE 1
#define FALSE 0
#endif
#define INVALID_HANDLE_VALUE ((HANDLE)(intptr_t)-1)
#ifndef MAX_PATH
#define MAX_PATH 260
#endif
/* x86-64 has one calling convention: these say nothing here. */
#define WINAPI
#define WINAPIV
#define APIENTRY
#define CALLBACK
#ifndef __cdecl
#define __cdecl
#endif
#ifndef __stdcall
#define __stdcall
#endif
#define ZeroMemory(p, n) memset((p), 0, (n))
#define RtlZeroMemory(p, n) memset((p), 0, (n))
#define CopyMemory(d, s, n) memcpy((d), (s), (n))
#define RtlCopyMemory(d, s, n) memcpy((d), (s), (n))
#define MoveMemory(d, s, n) memmove((d), (s), (n))
#define RtlMoveMemory(d, s, n) memmove((d), (s), (n))
#define FillMemory(p, n, v) memset((p), (v), (n))
#define ARRAYSIZE(a) (sizeof(a) / sizeof((a)[0]))
#define _countof(a) ARRAYSIZE(a)
#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
/* The structure whose @field is at @address (an OVERLAPPED, typically). */
#define CONTAINING_RECORD(address, type, field) \
	((type *)((char *)(address) - offsetof(type, field)))

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
#define ERROR_TOO_MANY_OPEN_FILES	4L
#define ERROR_ACCESS_DENIED		5L
#define ERROR_INVALID_HANDLE		6L
#define ERROR_NOT_ENOUGH_MEMORY		8L
#define ERROR_INVALID_DATA		13L
#define ERROR_BAD_COMMAND		22L
#define ERROR_SHARING_VIOLATION		32L
#define ERROR_HANDLE_EOF		38L
#define ERROR_GEN_FAILURE		31L
#define ERROR_NOT_SUPPORTED		50L
#define ERROR_FILE_EXISTS		80L
#define ERROR_BUFFER_OVERFLOW		111L
#define ERROR_DISK_FULL			112L
#define ERROR_INVALID_PARAMETER		87L
#define ERROR_CALL_NOT_IMPLEMENTED	120L
#define ERROR_INSUFFICIENT_BUFFER	122L
#define ERROR_INVALID_NAME		123L
#define ERROR_NEGATIVE_SEEK		131L
#define ERROR_ALREADY_EXISTS		183L
#define ERROR_FILENAME_EXCED_RANGE	206L
#define ERROR_MORE_DATA			234L
#define WAIT_TIMEOUT			258L
#define ERROR_NO_MORE_ITEMS		259L
#define ERROR_ABANDONED_WAIT_0		735L
#define ERROR_OPERATION_ABORTED		995L
#define ERROR_IO_INCOMPLETE		996L
#define ERROR_IO_PENDING		997L
#define ERROR_NOACCESS			998L
#define ERROR_NO_UNICODE_TRANSLATION	1113L
#define ERROR_DLL_INIT_FAILED		1114L
#define ERROR_NO_TOKEN			1008L
#define ERROR_NOT_FOUND			1168L
#define ERROR_CONNECTION_INVALID	1229L
#define ERROR_PRIVILEGE_NOT_HELD	1314L
#define ERROR_REVISION_MISMATCH		1306L
#define ERROR_NONE_MAPPED		1332L
#define ERROR_INVALID_ID_AUTHORITY	1343L

/* OVERLAPPED.Internal while an operation is pending. */
#define STATUS_PENDING			((DWORD)0x00000103L)
#define HasOverlappedIoCompleted(lpOverlapped) \
	((lpOverlapped)->Internal != STATUS_PENDING)

#define INFINITE			0xFFFFFFFF
#define WAIT_OBJECT_0			((DWORD)0x00000000L)
#define WAIT_FAILED			((DWORD)0xFFFFFFFF)

/*
 * Closes a handle from HttpCreateHttpHandle, HttpCreateRequestQueue,
 * HttpHandleFromFd, CreateEvent or CreateIoCompletionPort, or an access
 * token (HTTP_REQUEST_AUTH_INFO.AccessToken); pending
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

/*
 * Access tokens: HTTP_REQUEST_AUTH_INFO.AccessToken of an authenticated
 * request.  A token handle is its own kind, never a file descriptor: a
 * value above INT32_MAX whose top bits say "token" and whose low bits are
 * a slot and that slot's generation, so a closed (stale) or made-up
 * handle gives ERROR_INVALID_HANDLE in every call below and in
 * CloseHandle, and is never dereferenced.  It stays valid until
 * CloseHandle, even after the request is answered.
 *
 * Windows identifies accounts by SIDs; here the SIDs are those Samba uses
 * for Unix accounts (and HttpSetServiceConfiguration's SDDL takes):
 * S-1-22-1-<uid> for the user, S-1-22-2-<gid> for a group.
 */
#define SECURITY_MAX_SID_SIZE	68
#define SE_GROUP_MANDATORY		0x00000001L
#define SE_GROUP_ENABLED_BY_DEFAULT	0x00000002L
#define SE_GROUP_ENABLED		0x00000004L

typedef struct _SID_IDENTIFIER_AUTHORITY {
	BYTE Value[6];
} SID_IDENTIFIER_AUTHORITY, *PSID_IDENTIFIER_AUTHORITY;

typedef struct _SID {
	BYTE Revision;
	BYTE SubAuthorityCount;
	SID_IDENTIFIER_AUTHORITY IdentifierAuthority;
	DWORD SubAuthority[1];
} SID, *PISID;
typedef PVOID PSID;

typedef struct _SID_AND_ATTRIBUTES {
	PSID Sid;
	DWORD Attributes;
} SID_AND_ATTRIBUTES, *PSID_AND_ATTRIBUTES;

typedef struct _TOKEN_USER {
	SID_AND_ATTRIBUTES User;
} TOKEN_USER, *PTOKEN_USER;

typedef struct _TOKEN_GROUPS {
	DWORD GroupCount;
	SID_AND_ATTRIBUTES Groups[1];
} TOKEN_GROUPS, *PTOKEN_GROUPS;

typedef struct _TOKEN_PRIMARY_GROUP {
	PSID PrimaryGroup;
} TOKEN_PRIMARY_GROUP, *PTOKEN_PRIMARY_GROUP;

/* Only TokenUser, TokenGroups and TokenPrimaryGroup are answered. */
typedef enum _TOKEN_INFORMATION_CLASS {
	TokenUser = 1,
	TokenGroups,
	TokenPrivileges,
	TokenOwner,
	TokenPrimaryGroup,
	TokenDefaultDacl,
	TokenSource,
	TokenType,
	TokenImpersonationLevel,
	TokenStatistics
} TOKEN_INFORMATION_CLASS, *PTOKEN_INFORMATION_CLASS;

/*
 * The SIDs follow the structure in @TokenInformation; *@ReturnLength is
 * the size it takes (ERROR_INSUFFICIENT_BUFFER when @TokenInformationLength
 * is less).  ERROR_NONE_MAPPED for a client mapped to no local account,
 * ERROR_INVALID_PARAMETER for another class.
 */
BOOL GetTokenInformation(HANDLE TokenHandle,
			 TOKEN_INFORMATION_CLASS TokenInformationClass,
			 LPVOID TokenInformation, DWORD TokenInformationLength,
			 PDWORD ReturnLength);

/*
 * Act as the token's local account on the calling thread only: its
 * supplementary groups, effective gid and effective uid (the real and
 * saved ids stay, so RevertToSelf can switch back).  Needs CAP_SETUID and
 * CAP_SETGID (ERROR_PRIVILEGE_NOT_HELD without); ERROR_INVALID_HANDLE for
 * a token mapped to no local account.  RevertToSelf restores the
 * thread's credentials from before the first ImpersonateLoggedOnUser.
 */
BOOL ImpersonateLoggedOnUser(HANDLE hToken);
BOOL RevertToSelf(void);

/*
 * Linux accessors (ours).  HttpsysTokenGetIdentity: the local account's
 * uid and gid, and its supplementary groups in @pGroups (*@pGroupCount:
 * room on entry, the count on return; ERROR_INSUFFICIENT_BUFFER when
 * short; @pGroups may be NULL with 0).  ERROR_NONE_MAPPED when the
 * client maps to no local account.
 */
BOOL HttpsysTokenGetIdentity(HANDLE TokenHandle, uid_t *pUid, gid_t *pGid,
			     gid_t *pGroups, DWORD *pGroupCount);

/*
 * The authenticated name as the mechanism gives it ("user@REALM",
 * "DOMAIN\\user", a Basic or Digest user name), UTF-8, NUL-terminated.
 * *@pSize: bytes in @Buffer on entry, the bytes it takes (with the NUL)
 * on return; ERROR_INSUFFICIENT_BUFFER when short.
 */
BOOL HttpsysTokenGetPrincipal(HANDLE TokenHandle, char *Buffer, DWORD *pSize);

/* When the credential expires (Unix seconds), or 0 when unknown. */
BOOL HttpsysTokenGetExpiry(HANDLE TokenHandle, time_t *pExpiry);

#ifdef __cplusplus
}
#endif

/* The rest of the Win32 calls programs of the HTTP Server API make. */
#include "winbase.h"

#endif /* HTTPSYS_WINHTTPSYS_H */
