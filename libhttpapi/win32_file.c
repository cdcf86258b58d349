// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * CreateFile, ReadFile, WriteFile and the other file calls: a file HANDLE
 * is its file descriptor, encoded as a queue handle is (handle.c), so
 * HttpSendResponseEntityBody takes it in a FromFileHandle chunk and
 * CloseHandle closes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "win32_internal.h"

DWORD lib_file_error(int err)
{
	switch (err) {
	case ENOENT:
		return ERROR_FILE_NOT_FOUND;
	case ENOTDIR:
		return ERROR_PATH_NOT_FOUND;
	case EACCES:
	case EPERM:
	case EROFS:
	case EISDIR:
	case ETXTBSY:
		return ERROR_ACCESS_DENIED;
	case EEXIST:
		return ERROR_FILE_EXISTS;
	case EBADF:
		return ERROR_INVALID_HANDLE;
	case EMFILE:
	case ENFILE:
		return ERROR_TOO_MANY_OPEN_FILES;
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
		return ERROR_DISK_FULL;
	case ENAMETOOLONG:
		return ERROR_FILENAME_EXCED_RANGE;
	case ENOMEM:
		return ERROR_NOT_ENOUGH_MEMORY;
	case EINVAL:
		return ERROR_INVALID_PARAMETER;
	case EFAULT:
		return ERROR_NOACCESS;
	}
	return ERROR_GEN_FAILURE;
}

int lib_path_from_wide(LPCWSTR in, char *out, size_t size)
{
	if (!in) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return -1;
	}
	if (wcsnlen(in, size) >= size) {
		SetLastError(ERROR_FILENAME_EXCED_RANGE);
		return -1;
	}
	if (lib_wide_to_utf8(in, out, size) < 0) {
		SetLastError(ERROR_INVALID_NAME);
		return -1;
	}
	return 0;
}

/* The last error for @err, and the value a failing call returns. */
static HANDLE open_failed(int err)
{
	SetLastError(lib_file_error(err));
	return INVALID_HANDLE_VALUE;
}

HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess,
			  DWORD dwShareMode,
			  LPSECURITY_ATTRIBUTES lpSecurityAttributes,
			  DWORD dwCreationDisposition,
			  DWORD dwFlagsAndAttributes, HANDLE hTemplateFile)
{
	int writes = !!(dwDesiredAccess & (GENERIC_WRITE | GENERIC_ALL));
	int reads = !!(dwDesiredAccess & (GENERIC_READ | GENERIC_ALL));
	int flags = writes ? (reads ? O_RDWR : O_WRONLY) : O_RDONLY;
	mode_t mode = dwFlagsAndAttributes & FILE_ATTRIBUTE_READONLY ? 0444 : 0666;
	int fd, existed = 0;

	(void)dwShareMode;
	(void)hTemplateFile;
	if (!lpFileName) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return INVALID_HANDLE_VALUE;
	}
	if (dwFlagsAndAttributes & FILE_FLAG_OVERLAPPED) {
		SetLastError(ERROR_NOT_SUPPORTED);
		return INVALID_HANDLE_VALUE;
	}
	/* Windows handles are not inherited unless asked for. */
	if (!lpSecurityAttributes || !lpSecurityAttributes->bInheritHandle)
		flags |= O_CLOEXEC;
	if (dwFlagsAndAttributes & FILE_FLAG_WRITE_THROUGH)
		flags |= O_DSYNC;
	switch (dwCreationDisposition) {
	case CREATE_NEW:
		fd = open(lpFileName, flags | O_CREAT | O_EXCL, mode);
		break;
	case CREATE_ALWAYS:
	case OPEN_ALWAYS:
		/* Created, or there already: the last error tells which. */
		fd = open(lpFileName, flags | O_CREAT | O_EXCL, mode);
		if (fd < 0 && errno == EEXIST) {
			existed = 1;
			fd = open(lpFileName, flags |
				  (dwCreationDisposition == CREATE_ALWAYS ? O_TRUNC : 0));
		}
		break;
	case OPEN_EXISTING:
		fd = open(lpFileName, flags);
		break;
	case TRUNCATE_EXISTING:
		if (!writes) {
			SetLastError(ERROR_INVALID_PARAMETER);
			return INVALID_HANDLE_VALUE;
		}
		fd = open(lpFileName, flags | O_TRUNC);
		break;
	default:
		SetLastError(ERROR_INVALID_PARAMETER);
		return INVALID_HANDLE_VALUE;
	}
	if (fd < 0) {
		/* Creating, a missing name is a missing directory. */
		if (errno == ENOENT && dwCreationDisposition != OPEN_EXISTING &&
		    dwCreationDisposition != TRUNCATE_EXISTING) {
			SetLastError(ERROR_PATH_NOT_FOUND);
			return INVALID_HANDLE_VALUE;
		}
		return open_failed(errno);
	}
	if (dwFlagsAndAttributes & FILE_FLAG_DELETE_ON_CLOSE)
		unlink(lpFileName);
	SetLastError(existed ? ERROR_ALREADY_EXISTS : NO_ERROR);
	return lib_fd_handle(fd);
}

HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess,
			  DWORD dwShareMode,
			  LPSECURITY_ATTRIBUTES lpSecurityAttributes,
			  DWORD dwCreationDisposition,
			  DWORD dwFlagsAndAttributes, HANDLE hTemplateFile)
{
	char name[PATH_MAX];

	if (lib_path_from_wide(lpFileName, name, sizeof(name)))
		return INVALID_HANDLE_VALUE;
	return CreateFileA(name, dwDesiredAccess, dwShareMode,
			   lpSecurityAttributes, dwCreationDisposition,
			   dwFlagsAndAttributes, hTemplateFile);
}

/* The fd behind @h, or -1 with ERROR_INVALID_HANDLE. */
static int file_fd(HANDLE h)
{
	int fd = lib_handle_fd(h);

	if (fd < 0)
		SetLastError(ERROR_INVALID_HANDLE);
	return fd;
}

static BOOL failed(int err)
{
	SetLastError(lib_file_error(err));
	return FALSE;
}

/* EBADF on an open fd: its access does not allow this (Windows' word). */
static BOOL io_failed(int fd, int err)
{
	if (err == EBADF && fcntl(fd, F_GETFD) >= 0)
		err = EACCES;
	return failed(err);
}

static off_t overlapped_offset(const OVERLAPPED *ov)
{
	return (off_t)((uint64_t)ov->OffsetHigh << 32 | ov->Offset);
}

BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead,
		     LPDWORD lpNumberOfBytesRead, LPOVERLAPPED lpOverlapped)
{
	int fd = file_fd(hFile);
	ssize_t n;

	if (lpNumberOfBytesRead)
		*lpNumberOfBytesRead = 0;
	if (fd < 0)
		return FALSE;
	do {
		n = lpOverlapped ?
		    pread(fd, lpBuffer, nNumberOfBytesToRead,
			  overlapped_offset(lpOverlapped)) :
		    read(fd, lpBuffer, nNumberOfBytesToRead);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return io_failed(fd, errno);
	if (lpNumberOfBytesRead)
		*lpNumberOfBytesRead = (DWORD)n;
	if (lpOverlapped) {
		lpOverlapped->Internal = 0;
		lpOverlapped->InternalHigh = (ULONG_PTR)n;
		/* Windows: an offset at or past the end is an error. */
		if (!n && nNumberOfBytesToRead) {
			SetLastError(ERROR_HANDLE_EOF);
			return FALSE;
		}
	}
	return TRUE;
}

BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer,
		      DWORD nNumberOfBytesToWrite,
		      LPDWORD lpNumberOfBytesWritten,
		      LPOVERLAPPED lpOverlapped)
{
	const char *p = lpBuffer;
	DWORD done = 0;
	int fd = file_fd(hFile);
	ssize_t n;

	if (lpNumberOfBytesWritten)
		*lpNumberOfBytesWritten = 0;
	if (fd < 0)
		return FALSE;
	while (done < nNumberOfBytesToWrite) {
		n = lpOverlapped ?
		    pwrite(fd, p + done, nNumberOfBytesToWrite - done,
			   overlapped_offset(lpOverlapped) + done) :
		    write(fd, p + done, nNumberOfBytesToWrite - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (lpNumberOfBytesWritten)
				*lpNumberOfBytesWritten = done;
			return io_failed(fd, n < 0 ? errno : ENOSPC);
		}
		done += (DWORD)n;
	}
	if (lpNumberOfBytesWritten)
		*lpNumberOfBytesWritten = done;
	if (lpOverlapped) {
		lpOverlapped->Internal = 0;
		lpOverlapped->InternalHigh = done;
	}
	return TRUE;
}

BOOL WINAPI FlushFileBuffers(HANDLE hFile)
{
	int fd = file_fd(hFile);

	if (fd < 0)
		return FALSE;
	return fsync(fd) ? failed(errno) : TRUE;
}

static int seek_whence(DWORD method)
{
	switch (method) {
	case FILE_BEGIN:
		return SEEK_SET;
	case FILE_CURRENT:
		return SEEK_CUR;
	case FILE_END:
		return SEEK_END;
	}
	return -1;
}

/* lseek(2), -1 with the last error set. */
static off_t seek(HANDLE hFile, int64_t distance, DWORD method)
{
	int fd = file_fd(hFile), whence = seek_whence(method);
	off_t pos;

	if (fd < 0)
		return -1;
	if (whence < 0) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return -1;
	}
	pos = lseek(fd, (off_t)distance, whence);
	if (pos < 0)
		SetLastError(errno == EINVAL ? ERROR_NEGATIVE_SEEK :
			     lib_file_error(errno));
	return pos;
}

DWORD WINAPI SetFilePointer(HANDLE hFile, LONG lDistanceToMove,
			    PLONG lpDistanceToMoveHigh, DWORD dwMoveMethod)
{
	int64_t distance = lpDistanceToMoveHigh ?
		(int64_t)((uint64_t)(uint32_t)*lpDistanceToMoveHigh << 32 |
			  (uint32_t)lDistanceToMove) : lDistanceToMove;
	off_t pos = seek(hFile, distance, dwMoveMethod);

	if (pos < 0)
		return INVALID_SET_FILE_POINTER;
	if (lpDistanceToMoveHigh)
		*lpDistanceToMoveHigh = (LONG)((uint64_t)pos >> 32);
	/* A position whose low half is all ones is no error. */
	SetLastError(NO_ERROR);
	return (DWORD)pos;
}

BOOL WINAPI SetFilePointerEx(HANDLE hFile, LARGE_INTEGER liDistanceToMove,
			     PLARGE_INTEGER lpNewFilePointer,
			     DWORD dwMoveMethod)
{
	off_t pos = seek(hFile, liDistanceToMove.QuadPart, dwMoveMethod);

	if (pos < 0)
		return FALSE;
	if (lpNewFilePointer)
		lpNewFilePointer->QuadPart = pos;
	return TRUE;
}

BOOL WINAPI GetFileSizeEx(HANDLE hFile, PLARGE_INTEGER lpFileSize)
{
	int fd = file_fd(hFile);
	struct stat st;

	if (fd < 0)
		return FALSE;
	if (!lpFileSize) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	if (fstat(fd, &st))
		return failed(errno);
	lpFileSize->QuadPart = st.st_size;
	return TRUE;
}

DWORD WINAPI GetFileSize(HANDLE hFile, LPDWORD lpFileSizeHigh)
{
	LARGE_INTEGER size;

	if (!GetFileSizeEx(hFile, &size))
		return INVALID_FILE_SIZE;
	if (lpFileSizeHigh)
		*lpFileSizeHigh = size.HighPart;
	SetLastError(NO_ERROR);
	return size.LowPart;
}

BOOL WINAPI DeleteFileA(LPCSTR lpFileName)
{
	if (!lpFileName) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return FALSE;
	}
	return unlink(lpFileName) ? failed(errno) : TRUE;
}

BOOL WINAPI DeleteFileW(LPCWSTR lpFileName)
{
	char name[PATH_MAX];

	if (lib_path_from_wide(lpFileName, name, sizeof(name)))
		return FALSE;
	return DeleteFileA(name);
}
