/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * httpsys authentication upcall: the Generic Netlink family between
 * httpsys.ko and helperd, the daemon that plays SSPI's part.
 *
 * The kernel never blocks on the helper.  It keeps a bounded list of jobs
 * and announces new ones with READY on the multicast group
 * HTTPSYS_AUTH_GENL_MCGRP; the helper pulls the oldest job with ACCEPT
 * (the reply carries it) and answers with DONE.  The helper chooses its
 * own concurrency: each worker ACCEPTs until -ENOENT, then waits for the
 * next READY.  READY may be lost (a full socket buffer): a helper that
 * sees ENOBUFS on its multicast socket ACCEPTs until -ENOENT again.
 *
 * Only one helper is registered at a time: REGISTER from a process with
 * CAP_NET_ADMIN in the initial user namespace (GENL_ADMIN_PERM) makes the
 * sender's port the helper's; ACCEPT and DONE are refused (-EPERM) from
 * any other port.  When that socket closes, every job it accepted and
 * every queued one fails (the client gets 503) until a helper registers
 * again.  The family exists in the initial network namespace only.
 *
 * Each message is untrusted by the other side: the kernel checks every
 * attribute of DONE (policy, lengths, counts) and matches it to a live job
 * by HTTPSYS_AUTH_A_SEQ and operation; a DONE for a job that timed out, was
 * cancelled or never existed fails with -ENOENT and changes nothing.
 */
#ifndef _UAPI_HTTPSYS_AUTH_H
#define _UAPI_HTTPSYS_AUTH_H

#include <linux/types.h>

#define HTTPSYS_AUTH_GENL_NAME		"httpsys_auth"
#define HTTPSYS_AUTH_GENL_VERSION	1
#define HTTPSYS_AUTH_GENL_MCGRP		"jobs"

/*
 * Size limits.  A client token is the Authorization header's Base64
 * decoded: a header value is at most 65535 bytes (HTTP_KNOWN_HEADER's
 * USHORT length), so a token is at most 49149 bytes, which holds Active
 * Directory's 48 KB Kerberos tickets.  Digest's and Basic's text, and a
 * Digest request's URI, must fit the same bound (else the kernel answers
 * 400).  A netlink attribute holds at most 65531 bytes, and one message
 * of the kernel's at most about 100 KiB: a helper's receive buffer must
 * take 128 KiB.
 */
#define HTTPSYS_AUTH_MAX_TOKEN		49152
#define HTTPSYS_AUTH_MAX_OUT_TOKEN	49152	/* raw; Base64'd by the kernel */
#define HTTPSYS_AUTH_MAX_PACKED		49152	/* an exported context */
#define HTTPSYS_AUTH_MAX_NAME		1024	/* user, package, method, realm */
#define HTTPSYS_AUTH_MAX_URI		49152
#define HTTPSYS_AUTH_MAX_GROUPS		256
#define HTTPSYS_AUTH_RCVBUF		(128 * 1024)

enum httpsys_auth_cmd {
	HTTPSYS_AUTH_CMD_UNSPEC,
	HTTPSYS_AUTH_CMD_REGISTER,	/* helper: I am the helper; no attributes */
	HTTPSYS_AUTH_CMD_READY,		/* kernel, multicast: jobs are waiting */
	HTTPSYS_AUTH_CMD_ACCEPT,	/* helper: the oldest job, in the reply
					 * (same command); -ENOENT none */
	HTTPSYS_AUTH_CMD_DONE,		/* helper: a job's answer */
	__HTTPSYS_AUTH_CMD_MAX,
};
#define HTTPSYS_AUTH_CMD_MAX	(__HTTPSYS_AUTH_CMD_MAX - 1)

/* What a job asks (HTTPSYS_AUTH_A_OP). */
enum httpsys_auth_op {
	/*
	 * One leg of a handshake: SEQ, CONN_ID, SCHEME, TOKEN, METHOD, URI,
	 * REALM (Basic's or Digest's), DOMAIN (Digest), FLAGS.  DONE answers
	 * with a STATUS and what it needs (below).
	 */
	HTTPSYS_AUTH_OP_AUTHENTICATE = 1,
	/*
	 * A Digest challenge for an application's 401: SEQ, CONN_ID, SCHEME
	 * (DIGEST), REALM, DOMAIN.  DONE: STATUS OK and OUT_TOKEN, the text
	 * after "Digest " (realm, nonce, algorithm, qop, ...).
	 */
	HTTPSYS_AUTH_OP_CHALLENGE = 2,
	/* The connection CONN_ID closed: drop its contexts.  No DONE. */
	HTTPSYS_AUTH_OP_DROP = 3,
};

/* The scheme (HTTPSYS_AUTH_A_SCHEME): the HTTP_AUTH_ENABLE_* bit. */
#define HTTPSYS_AUTH_SCHEME_BASIC	0x01
#define HTTPSYS_AUTH_SCHEME_DIGEST	0x02
#define HTTPSYS_AUTH_SCHEME_NTLM	0x04
#define HTTPSYS_AUTH_SCHEME_NEGOTIATE	0x08	/* SPNEGO: Kerberos or NTLM */
#define HTTPSYS_AUTH_SCHEME_KERBEROS	0x10	/* Kerberos alone */

/* Job flags (HTTPSYS_AUTH_A_FLAGS). */
#define HTTPSYS_AUTH_F_EXPORT_CONTEXT	0x1	/* ReceiveContextHandle */

/* DONE's verdict (HTTPSYS_AUTH_A_STATUS). */
enum httpsys_auth_status {
	/* Authenticated: USER, PACKAGE; optionally UID and GID (the local
	 * account; both or neither), GROUPS, CONTEXT_ATTRS, EXPIRY,
	 * OUT_TOKEN (the final leg: Negotiate's mutual authentication),
	 * PACKED_CONTEXT (when EXPORT_CONTEXT was asked).
	 */
	HTTPSYS_AUTH_STATUS_OK = 1,
	/* Another leg: OUT_TOKEN goes to the client in a 401. */
	HTTPSYS_AUTH_STATUS_CONTINUE = 2,
	/* Bad credentials: SEC_STATUS; the application decides. */
	HTTPSYS_AUTH_STATUS_FAILED = 3,
	/* The client's header is malformed: the kernel answers 400. */
	HTTPSYS_AUTH_STATUS_MALFORMED = 4,
	/* The helper could not do it: the kernel answers 503. */
	HTTPSYS_AUTH_STATUS_ERROR = 5,
};

enum httpsys_auth_attr {
	HTTPSYS_AUTH_A_UNSPEC,
	HTTPSYS_AUTH_A_SEQ,		/* u64: the job's number, never 0 */
	HTTPSYS_AUTH_A_OP,		/* u32: enum httpsys_auth_op */
	HTTPSYS_AUTH_A_CONN_ID,		/* u64: the connection */
	HTTPSYS_AUTH_A_SCHEME,		/* u32: HTTPSYS_AUTH_SCHEME_* */
	/*
	 * binary: Negotiate, Kerberos, NTLM: the decoded token; Basic: the
	 * decoded "user:password"; Digest: the parameters as sent.
	 */
	HTTPSYS_AUTH_A_TOKEN,
	HTTPSYS_AUTH_A_METHOD,		/* string: the request's method */
	HTTPSYS_AUTH_A_URI,		/* string: its request-target as sent */
	HTTPSYS_AUTH_A_REALM,		/* string: Basic's or Digest's realm */
	HTTPSYS_AUTH_A_DOMAIN,		/* string: Digest's domain */
	HTTPSYS_AUTH_A_FLAGS,		/* u32: HTTPSYS_AUTH_F_* */
	HTTPSYS_AUTH_A_STATUS,		/* u32: enum httpsys_auth_status */
	HTTPSYS_AUTH_A_SEC_STATUS,	/* u32: a SECURITY_STATUS */
	HTTPSYS_AUTH_A_OUT_TOKEN,	/* binary: raw, the kernel Base64s it */
	HTTPSYS_AUTH_A_USER,		/* string: "alice@REALM", "DOM\\user" */
	HTTPSYS_AUTH_A_UID,		/* u32: the local account */
	HTTPSYS_AUTH_A_GID,		/* u32: its primary group */
	HTTPSYS_AUTH_A_GROUPS,		/* binary: u32 gids, native order */
	HTTPSYS_AUTH_A_CONTEXT_ATTRS,	/* u32: ASC_RET_* */
	HTTPSYS_AUTH_A_PACKAGE,		/* string: "Kerberos", "NTLM", ... */
	HTTPSYS_AUTH_A_PACKED_CONTEXT,	/* binary: gss_export_sec_context's */
	HTTPSYS_AUTH_A_EXPIRY,		/* u64: context end, Unix seconds */
	HTTPSYS_AUTH_A_PAD,
	/*
	 * u32, in ACCEPT: milliseconds left before the kernel gives up on the
	 * job; a helper need not start a job whose time has run out.
	 */
	HTTPSYS_AUTH_A_TIME_LEFT_MS,
	__HTTPSYS_AUTH_A_MAX,
};
#define HTTPSYS_AUTH_A_MAX	(__HTTPSYS_AUTH_A_MAX - 1)

#endif /* _UAPI_HTTPSYS_AUTH_H */
