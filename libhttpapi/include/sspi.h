/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The SSPI pieces a ported HTTP Server API program needs for
 * HTTP_REQUEST_AUTH_INFO: import the PackedContext (ReceiveContextHandle)
 * and ask it for the client's name and the context's lifetime.  The
 * packed context is a GSS-API exported security context, so these are
 * gss_import_sec_context and gss_inquire_context underneath; programs
 * that call them link with -lgssapi_krb5 as well as libhttpapi.
 */
#ifndef HTTPSYS_SSPI_H
#define HTTPSYS_SSPI_H

#include "winhttpsys.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SEC_ENTRY

typedef WCHAR SEC_WCHAR;
typedef CHAR SEC_CHAR;

/* SECURITY_STATUS values, as Windows defines them. */
#define SEC_E_OK			((SECURITY_STATUS)0x00000000L)
#define SEC_I_CONTINUE_NEEDED		((SECURITY_STATUS)0x00090312L)
#define SEC_E_INSUFFICIENT_MEMORY	((SECURITY_STATUS)0x80090300L)
#define SEC_E_INVALID_HANDLE		((SECURITY_STATUS)0x80090301L)
#define SEC_E_UNSUPPORTED_FUNCTION	((SECURITY_STATUS)0x80090302L)
#define SEC_E_TARGET_UNKNOWN		((SECURITY_STATUS)0x80090303L)
#define SEC_E_INTERNAL_ERROR		((SECURITY_STATUS)0x80090304L)
#define SEC_E_SECPKG_NOT_FOUND		((SECURITY_STATUS)0x80090305L)
#define SEC_E_NOT_OWNER			((SECURITY_STATUS)0x80090306L)
#define SEC_E_CANNOT_INSTALL		((SECURITY_STATUS)0x80090307L)
#define SEC_E_INVALID_TOKEN		((SECURITY_STATUS)0x80090308L)
#define SEC_E_CANNOT_PACK		((SECURITY_STATUS)0x80090309L)
#define SEC_E_QOP_NOT_SUPPORTED		((SECURITY_STATUS)0x8009030AL)
#define SEC_E_NO_IMPERSONATION		((SECURITY_STATUS)0x8009030BL)
#define SEC_E_LOGON_DENIED		((SECURITY_STATUS)0x8009030CL)
#define SEC_E_UNKNOWN_CREDENTIALS	((SECURITY_STATUS)0x8009030DL)
#define SEC_E_NO_CREDENTIALS		((SECURITY_STATUS)0x8009030EL)
#define SEC_E_MESSAGE_ALTERED		((SECURITY_STATUS)0x8009030FL)
#define SEC_E_OUT_OF_SEQUENCE		((SECURITY_STATUS)0x80090310L)
#define SEC_E_NO_AUTHENTICATING_AUTHORITY ((SECURITY_STATUS)0x80090311L)
#define SEC_E_BAD_PKGID			((SECURITY_STATUS)0x80090316L)
#define SEC_E_CONTEXT_EXPIRED		((SECURITY_STATUS)0x80090317L)
#define SEC_E_INCOMPLETE_MESSAGE	((SECURITY_STATUS)0x80090318L)
#define SEC_E_WRONG_PRINCIPAL		((SECURITY_STATUS)0x80090322L)
#define SEC_E_TIME_SKEW			((SECURITY_STATUS)0x80090324L)
#define SEC_E_BAD_BINDINGS		((SECURITY_STATUS)0x80090346L)

/* HTTP_REQUEST_AUTH_INFO.ContextAttributes: AcceptSecurityContext's. */
#define ASC_RET_DELEGATE		0x00000001
#define ASC_RET_MUTUAL_AUTH		0x00000002
#define ASC_RET_REPLAY_DETECT		0x00000004
#define ASC_RET_SEQUENCE_DETECT		0x00000008
#define ASC_RET_CONFIDENTIALITY		0x00000010
#define ASC_RET_USE_SESSION_KEY		0x00000020
#define ASC_RET_ALLOCATED_MEMORY	0x00000100
#define ASC_RET_CONNECTION		0x00000800
#define ASC_RET_INTEGRITY		0x00020000
#define ASC_RET_ANONYMOUS		0x01000000

/* A handle: here a number the library issues, never a pointer. */
typedef struct _SecHandle {
	ULONG_PTR dwLower;
	ULONG_PTR dwUpper;
} SecHandle, *PSecHandle;
typedef SecHandle CredHandle, *PCredHandle;
typedef SecHandle CtxtHandle, *PCtxtHandle;
/* Both words all ones: no handle, which every call refuses. */
#define SecInvalidateHandle(h) \
	((h)->dwLower = (h)->dwUpper = (ULONG_PTR)(INT_PTR)-1)
#define SecIsValidHandle(h) \
	((h)->dwLower != (ULONG_PTR)(INT_PTR)-1 && \
	 (h)->dwUpper != (ULONG_PTR)(INT_PTR)-1)

/* Times: 100-nanosecond intervals since 1601-01-01 (UTC here). */
typedef struct _SECURITY_INTEGER {
	ULONG LowPart;
	LONG HighPart;
} SECURITY_INTEGER, *PSECURITY_INTEGER;
typedef SECURITY_INTEGER TimeStamp, *PTimeStamp;

#define SECBUFFER_EMPTY		0
#define SECBUFFER_DATA		1
#define SECBUFFER_TOKEN		2

typedef struct _SecBuffer {
	ULONG cbBuffer;
	ULONG BufferType;
	PVOID pvBuffer;
} SecBuffer, *PSecBuffer;

#define SECPKG_ATTR_NAMES	1
#define SECPKG_ATTR_LIFESPAN	2

typedef struct _SecPkgContext_NamesW {
	SEC_WCHAR *sUserName;
} SecPkgContext_NamesW, *PSecPkgContext_NamesW;

typedef struct _SecPkgContext_NamesA {
	SEC_CHAR *sUserName;
} SecPkgContext_NamesA, *PSecPkgContext_NamesA;

/*
 * GSS-API gives a context's end, not its start: tsStart is when it was
 * imported.  tsExpiry is the far future for a context that does not
 * expire (NTLM).
 */
typedef struct _SecPkgContext_Lifespan {
	TimeStamp tsStart;
	TimeStamp tsExpiry;
} SecPkgContext_Lifespan, *PSecPkgContext_Lifespan;

/*
 * Import HTTP_REQUEST_AUTH_INFO.PackedContext (@pPackedContext's
 * cbBuffer and pvBuffer) into a context handle.  @pszPackage names the
 * package (HTTP_REQUEST_AUTH_INFO.pPackageName: "Negotiate", "Kerberos",
 * "NTLM") or is NULL; the packed context itself says its mechanism.
 * @Token must be NULL.  SEC_E_INVALID_TOKEN for bytes that are no
 * exported context, SEC_E_SECPKG_NOT_FOUND for an unknown package.
 */
SECURITY_STATUS SEC_ENTRY ImportSecurityContextW(SEC_WCHAR *pszPackage,
						 PSecBuffer pPackedContext,
						 VOID *Token,
						 PCtxtHandle phContext);
SECURITY_STATUS SEC_ENTRY ImportSecurityContextA(SEC_CHAR *pszPackage,
						 PSecBuffer pPackedContext,
						 VOID *Token,
						 PCtxtHandle phContext);

/*
 * SECPKG_ATTR_NAMES: the client's name, in a buffer for
 * FreeContextBuffer; SECPKG_ATTR_LIFESPAN.  Others:
 * SEC_E_UNSUPPORTED_FUNCTION.
 */
SECURITY_STATUS SEC_ENTRY QueryContextAttributesW(PCtxtHandle phContext,
						  ULONG ulAttribute,
						  void *pBuffer);
SECURITY_STATUS SEC_ENTRY QueryContextAttributesA(PCtxtHandle phContext,
						  ULONG ulAttribute,
						  void *pBuffer);

SECURITY_STATUS SEC_ENTRY DeleteSecurityContext(PCtxtHandle phContext);

/*
 * Free what QueryContextAttributes allocated.  Anything else (the
 * PackedContext, which lies inside the request buffer) is left alone:
 * SEC_E_OK, so a Windows program's call is harmless.
 */
SECURITY_STATUS SEC_ENTRY FreeContextBuffer(PVOID pvContextBuffer);

#ifdef UNICODE
#define ImportSecurityContext ImportSecurityContextW
#define QueryContextAttributes QueryContextAttributesW
#define SecPkgContext_Names SecPkgContext_NamesW
#define PSecPkgContext_Names PSecPkgContext_NamesW
#else
#define ImportSecurityContext ImportSecurityContextA
#define QueryContextAttributes QueryContextAttributesA
#define SecPkgContext_Names SecPkgContext_NamesA
#define PSecPkgContext_Names PSecPkgContext_NamesA
#endif

#ifdef __cplusplus
}
#endif

#endif /* HTTPSYS_SSPI_H */
