/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Files.  A file HANDLE is a file descriptor (the same encoding as a
 * request queue handle, HttpQueueFd), so it can go into a
 * HttpDataChunkFromFileHandle chunk, and CloseHandle closes it.  Names
 * are UTF-8 on Linux: the W calls convert, the A calls pass them on.
 * Every call sets the last error when it fails.
 */
#ifndef HTTPSYS_FILEAPI_H
#define HTTPSYS_FILEAPI_H

#include "winhttpsys.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GENERIC_READ			0x80000000UL
#define GENERIC_WRITE			0x40000000UL
#define GENERIC_EXECUTE			0x20000000UL
#define GENERIC_ALL			0x10000000UL

#define FILE_SHARE_READ			0x00000001
#define FILE_SHARE_WRITE		0x00000002
#define FILE_SHARE_DELETE		0x00000004

#define CREATE_NEW			1
#define CREATE_ALWAYS			2
#define OPEN_EXISTING			3
#define OPEN_ALWAYS			4
#define TRUNCATE_EXISTING		5

#define FILE_ATTRIBUTE_READONLY		0x00000001
#define FILE_ATTRIBUTE_HIDDEN		0x00000002
#define FILE_ATTRIBUTE_ARCHIVE		0x00000020
#define FILE_ATTRIBUTE_NORMAL		0x00000080
#define FILE_ATTRIBUTE_TEMPORARY	0x00000100
#define FILE_FLAG_WRITE_THROUGH		0x80000000UL
#define FILE_FLAG_OVERLAPPED		0x40000000UL
#define FILE_FLAG_NO_BUFFERING		0x20000000UL
#define FILE_FLAG_RANDOM_ACCESS		0x10000000UL
#define FILE_FLAG_SEQUENTIAL_SCAN	0x08000000UL
#define FILE_FLAG_DELETE_ON_CLOSE	0x04000000UL

#define FILE_BEGIN			0
#define FILE_CURRENT			1
#define FILE_END			2
#define INVALID_SET_FILE_POINTER	((DWORD)-1)
#define INVALID_FILE_SIZE		((DWORD)0xFFFFFFFF)

/*
 * open(2).  @dwShareMode is not enforced (Linux has no share modes) and
 * @lpSecurityAttributes and @hTemplateFile are ignored; new files get
 * mode 0666 less the umask (0444 with FILE_ATTRIBUTE_READONLY).
 * CREATE_ALWAYS and OPEN_ALWAYS set ERROR_ALREADY_EXISTS when the file
 * was there, as on Windows.  FILE_FLAG_DELETE_ON_CLOSE unlinks the name
 * at once (the data lives until the handle is closed).
 * FILE_FLAG_OVERLAPPED gives ERROR_NOT_SUPPORTED: file I/O is
 * synchronous here.  INVALID_HANDLE_VALUE on failure.
 */
HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess,
			  DWORD dwShareMode,
			  LPSECURITY_ATTRIBUTES lpSecurityAttributes,
			  DWORD dwCreationDisposition,
			  DWORD dwFlagsAndAttributes, HANDLE hTemplateFile);
HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess,
			  DWORD dwShareMode,
			  LPSECURITY_ATTRIBUTES lpSecurityAttributes,
			  DWORD dwCreationDisposition,
			  DWORD dwFlagsAndAttributes, HANDLE hTemplateFile);

/*
 * read(2) and write(2); WriteFile writes every byte or fails.  With
 * @lpOverlapped, at the offset it gives (pread/pwrite), completing at
 * once: Internal and InternalHigh are set, its event is not signalled.
 * At the end of the file ReadFile succeeds with 0 bytes.
 */
BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead,
		     LPDWORD lpNumberOfBytesRead, LPOVERLAPPED lpOverlapped);
BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer,
		      DWORD nNumberOfBytesToWrite,
		      LPDWORD lpNumberOfBytesWritten,
		      LPOVERLAPPED lpOverlapped);
BOOL WINAPI FlushFileBuffers(HANDLE hFile);

/* lseek(2): the new position's low 32 bits (high ones in *@lpDistanceToMoveHigh). */
DWORD WINAPI SetFilePointer(HANDLE hFile, LONG lDistanceToMove,
			    PLONG lpDistanceToMoveHigh, DWORD dwMoveMethod);
BOOL WINAPI SetFilePointerEx(HANDLE hFile, LARGE_INTEGER liDistanceToMove,
			     PLARGE_INTEGER lpNewFilePointer,
			     DWORD dwMoveMethod);
DWORD WINAPI GetFileSize(HANDLE hFile, LPDWORD lpFileSizeHigh);
BOOL WINAPI GetFileSizeEx(HANDLE hFile, PLARGE_INTEGER lpFileSize);

/* unlink(2). */
BOOL WINAPI DeleteFileW(LPCWSTR lpFileName);
BOOL WINAPI DeleteFileA(LPCSTR lpFileName);

/*
 * $TMPDIR, else /tmp, with a trailing '/': the length without the NUL,
 * or when @nBufferLength is too short the length it takes with it.
 */
DWORD WINAPI GetTempPathW(DWORD nBufferLength, LPWSTR lpBuffer);
DWORD WINAPI GetTempPathA(DWORD nBufferLength, LPSTR lpBuffer);

/*
 * "<path>/<up to 3 chars of prefix><hex number>.TMP" in @lpTempFileName
 * (MAX_PATH characters).  With @uUnique 0 a number is chosen and the
 * file created empty (O_EXCL), so the name is the caller's; otherwise
 * the name is only formed.  The number used, or 0 with the last error
 * (ERROR_BUFFER_OVERFLOW for a path longer than MAX_PATH - 14).
 */
UINT WINAPI GetTempFileNameW(LPCWSTR lpPathName, LPCWSTR lpPrefixString,
			     UINT uUnique, LPWSTR lpTempFileName);
UINT WINAPI GetTempFileNameA(LPCSTR lpPathName, LPCSTR lpPrefixString,
			     UINT uUnique, LPSTR lpTempFileName);

#ifdef UNICODE
#define CreateFile CreateFileW
#define DeleteFile DeleteFileW
#define GetTempPath GetTempPathW
#define GetTempFileName GetTempFileNameW
#else
#define CreateFile CreateFileA
#define DeleteFile DeleteFileA
#define GetTempPath GetTempPathA
#define GetTempFileName GetTempFileNameA
#endif

#ifdef __cplusplus
}
#endif

#endif /* HTTPSYS_FILEAPI_H */
