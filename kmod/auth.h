/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The HTTP authentication flow (auth.c): what a request to a URL with
 * authentication enabled carries, the connection's wait for helperd's
 * verdict, and the WWW-Authenticate rules of the application's responses.
 */
#ifndef HTTPSYS_AUTH_H
#define HTTPSYS_AUTH_H

#include <linux/kref.h>
#include <linux/rcupdate.h>

#include "auth_upcall.h"
#include "httpsys.h"

/*
 * A session's or group's HttpServerAuthenticationProperty.  Replaced, never
 * changed, under httpsys_config_mutex; routing takes a reference under RCU,
 * so a request keeps the settings it was routed with.
 */
struct auth_settings {
	struct kref ref;
	struct rcu_head rcu;
	struct httpsys_auth_info info;
};

/* Who a client proved to be: helperd's OK, shared by the requests it
 * covers and the connection's credential cache.
 */
struct auth_identity {
	struct kref ref;
	u32 type;			/* HTTPSYS_AUTH_TYPE_* */
	u32 scheme;			/* HTTPSYS_AUTH_SCHEME_* it came by */
	struct auth_job *job;		/* referenced: its result says who */
};

/* A request's part; all zero on a URL without authentication. */
struct auth_request {
	struct auth_settings *settings;	/* referenced; NULL: none enabled */
	u32 status;			/* HTTPSYS_AUTH_SUCCESS .. FAILURE */
	s32 sec_status;
	u32 flags;			/* HTTPSYS_AUTH_FLAG_* */
	u32 type;			/* HTTPSYS_AUTH_TYPE_* */
	struct auth_identity *identity;	/* Success */
	char *mutual;			/* "Negotiate <base64>", or NULL */
	u32 mutual_len;
	u32 charged;			/* max_buffer_bytes its head took */
};

/* A connection's part; under its rx_lock. */
struct auth_conn {
	struct auth_job *job;		/* out to helperd: state CONN_AUTH */
	struct httpsys_request *req;	/* the request it is for */
	u64 done_seq;			/* the job whose @done ran */
	u32 scheme;			/* the job's HTTPSYS_AUTH_SCHEME_* */
	bool had_job;			/* helperd may hold contexts of ours */
	struct auth_identity *cached;	/* a connection-bound sign-in */
};

#define WWW_AUTHENTICATE	"WWW-Authenticate"

struct auth_settings *auth_settings_create(const struct httpsys_auth_info *i);
void auth_settings_put(struct auth_settings *a);
/* Whether @a (may be NULL) enables any scheme. */
bool auth_settings_enabled(const struct auth_settings *a);

struct httpsys_conn;
struct httpsys_request;

/*
 * A routed request to a URL with authentication on: 0 to deliver it now,
 * AUTH_WAIT when a job went to helperd (the connection is in CONN_AUTH
 * and holds the request), or the status to answer and close with.
 */
#define AUTH_WAIT	1
int auth_request_begin(struct httpsys_conn *c, struct httpsys_request *req,
		       const char **detail);

/*
 * In CONN_AUTH, from the receive work: act on helperd's verdict if it
 * came.  False while it has not, or when the connection was closed.
 */
bool auth_conn_resume(struct httpsys_conn *c);

/* A closing connection: its job cancelled, its contexts dropped. */
void auth_conn_retire(struct httpsys_conn *c);

void auth_request_release(struct auth_request *ar);

struct marshal_auth;
/*
 * Describe @req's result for the blob, for the calling receiver: 1, 0 when
 * it has none, or -ENOMEM.  *@scratch (NULL or for kfree()) holds ids
 * translated to the receiver's user namespace.
 */
int auth_request_describe(const struct httpsys_request *req,
			  struct marshal_auth *m, u32 **scratch);

/*
 * send.c: rewrite the application's WWW-Authenticate lines in @headers
 * (@len bytes of "Name: value\r\n") per the request's settings, and add
 * the mutual-auth line to a 2xx.  Returns a new buffer (kfree) in *@out,
 * or NULL when nothing changes; or a negative errno.
 */
int auth_response_headers(const struct httpsys_request *req, u32 status,
			  u32 flags, const char *headers, size_t len,
			  char **out, size_t *out_len);

#endif /* HTTPSYS_AUTH_H */
