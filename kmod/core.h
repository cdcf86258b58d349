/* SPDX-License-Identifier: GPL-2.0 */
/*
 * httpsys module internals: the objects and how they refer to each other.
 *
 *   handle    one open /dev/httpsys: owns sessions, attaches to a queue
 *   queue     pending and delivered requests; named ones are shared
 *   session   a server session: settings and URL groups
 *   group     a URL group: registrations, settings, a bound queue
 *   url       a registered prefix in a group, linking a port to it
 *   listener  one kernel socket per port, alive while a prefix uses it
 *   conn      an accepted connection; parses one request at a time
 *   request   a parsed request, owned by a queue until its final send
 *
 * References: a request holds its conn and its queue; a conn holds its
 * current request's queue only through the request; a group holds its
 * bound queue; each attached handle holds its queue.  A v1 queue's
 * prefixes live in its own group.  URL lookup runs under RCU and takes a
 * queue reference with kref_get_unless_zero().
 *
 * What a handle creates (sessions, groups, URLs, queues) is bounded per
 * handle and charged to its creator's memory cgroup (GFP_KERNEL_ACCOUNT).
 */
#ifndef HTTPSYS_CORE_H
#define HTTPSYS_CORE_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/net.h>
#include <linux/poll.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <net/sock.h>
#include <linux/tcp.h>

#include "proto/chunked.h"
#include "proto/http_parse.h"
#include "proto/url.h"
#include "httpsys.h"
#include "auth.h"
#include "log.h"

/* Fixed bounds; the settable limits are in struct httpsys_limits. */
#define HTTPSYS_QUEUE_LENGTH	1000	/* http.sys's default QueueLength */
#define HTTPSYS_MAX_USER_URLS	4096	/* registrations per user but root */
#define HTTPSYS_DEFAULT_TIMEOUT	120	/* seconds, each of http.sys's timers */
#define HTTPSYS_TIMEOUT_OFF	0xffff	/* an application's "no timeout" */
#define HTTPSYS_RATE_OFF	0xffffffffU	/* and its "no MinSendRate" */
#define HTTPSYS_MAX_DRAIN	(1 << 20)	/* unread body bytes we discard */
#define HTTPSYS_MAX_REQUEST_BYTES 65536	/* ceiling of max_request_bytes */
#define HTTPSYS_MAX_HEADER_COUNT 1024	/* ceiling of max_header_count */
#define HTTPSYS_RX_INITIAL	2048	/* a connection's first buffer */
/* The Server line of every response the kernel writes or completes. */
#define HTTPSYS_SERVER_LINE	"Server: Microsoft-HTTPAPI/2.0\r\n"
#define HTTPSYS_RX_SLACK	4096	/* beyond a full head: body bytes */
/* Authorization lines a head may hold beyond MaxRequestBytes, on a URL
 * with authentication enabled: a 65535-byte value and its name.
 */
#define HTTPSYS_AUTH_LINE_MAX	(65535 + 64)

/* limits.c: module parameters, read with READ_ONCE(). */
struct httpsys_limits {
	unsigned int max_request_bytes;
	unsigned int max_field_length;
	unsigned int max_header_count;
	unsigned int max_connections;	/* 0: none */
	unsigned int max_connections_per_source;	/* 0: none */
	unsigned int auth_jobs_per_source;	/* 0: none */
	unsigned int max_buffer_bytes;	/* all receive buffers' growth */
	unsigned long long max_body_bytes;	/* 0: none */
	unsigned int header_wait;	/* seconds; 0: none */
	unsigned int idle_connection;
	unsigned int entity_body;
	unsigned int drain_entity_body;
	unsigned int min_send_rate;	/* bytes per second; 0: none */
	unsigned int cache_max_bytes;	/* all cache entries together */
	unsigned int cache_max_entry_bytes;	/* one response or fragment */
};

extern struct httpsys_limits httpsys_limits;

#define LIMIT(name)	READ_ONCE(httpsys_limits.name)

extern struct workqueue_struct *httpsys_wq;

/*
 * Configuration (handles' sessions and groups, URL registrations,
 * bindings, queue names and properties) changes rarely and only under
 * this mutex; routing reads it under RCU.
 */
extern struct mutex httpsys_config_mutex;
extern struct list_head httpsys_handles;	/* every open handle */
extern struct list_head httpsys_queues;	/* every queue with a handle */

/* Settings a session or URL group holds; unset ones are inherited. */
struct httpsys_settings {
	struct httpsys_timeouts timeouts;	/* .present: set */
	struct httpsys_qos bandwidth;		/* .present: set */
	struct httpsys_qos connections;
	struct auth_settings __rcu *auth;	/* NULL: unset */
	struct httpsys_log __rcu *log;		/* NULL: not logging */
};

struct httpsys_session {
	struct list_head node;		/* in handle->sessions */
	u64 id;
	u32 state;			/* HTTP_ENABLED_STATE; RCU readers */
	struct httpsys_settings settings;
	struct list_head groups;
	struct rcu_head rcu;
};

struct httpsys_group {
	struct kref ref;		/* its session's, and QoS connections' */
	struct list_head node;		/* in session->groups */
	u64 id;
	struct httpsys_session *session; /* NULL: a queue's own (v1) group */
	struct httpsys_queue __rcu *queue; /* bound and referenced */
	u32 state;			/* RCU readers */
	struct httpsys_settings settings;
	struct list_head urls;		/* its registrations */
	u32 url_count;
	atomic_t qos_conns;		/* connections counted against it */
	spinlock_t bandwidth_lock;
	u64 bandwidth_next;		/* ns: when its next bytes may go */
	struct rcu_head rcu;
};

/* One open of /dev/httpsys. */
struct httpsys_handle {
	struct list_head node;		/* in httpsys_handles */
	struct pid *pid;		/* the opener's process */
	kuid_t uid;			/* and its effective user */
	struct httpsys_queue *queue;	/* set once by QUEUE, then constant */
	u32 queue_flags;		/* HTTPSYS_QUEUE_* it attached with */
	bool shut_down;			/* SHUTDOWN: no more I/O */
	struct list_head sessions;
	u32 session_count;
	u32 group_count;
};

struct httpsys_queue {
	struct kref ref;
	u64 id;
	spinlock_t lock;		/* the lists, counts and @closing */
	wait_queue_head_t wait;		/* receivers */
	struct list_head pending;	/* not yet delivered, oldest first */
	struct list_head active;	/* delivered, awaiting the final send */
	u32 pending_count;		/* both queued and ID-assigned */
	u32 queued_count;		/* deliverable to any receiver */
	u32 draining;			/* its receivers in a ready-list pass */
	bool closing;
	bool v1;			/* HttpCreateHttpHandle's: no properties */
	u32 max_length;			/* QueueLength */
	u32 state;			/* HTTP_ENABLED_STATE */
	u32 verbosity;			/* HTTP_503_RESPONSE_VERBOSITY */
	/* Under httpsys_config_mutex: */
	u32 handles;			/* attached handles */
	struct httpsys_group *own_group;	/* HttpAddUrl's URLs */
	const char *name;		/* NULL: unnamed */
	struct list_head node;		/* in httpsys_queues while attached */
	kuid_t owner;
	struct rcu_head rcu;
};

enum request_state {
	REQ_QUEUED,		/* waiting for any receiver */
	REQ_ID_ASSIGNED,	/* a receive failed for size: only by ID now */
	REQ_DELIVERED,		/* the application has it */
	REQ_RESPONDING,		/* a MORE_DATA send went out */
	REQ_DONE,		/* final send done, or abandoned */
};

struct httpsys_request {
	struct kref ref;
	struct list_head node;		/* in queue->pending or queue->active */
	struct httpsys_conn *conn;
	struct httpsys_queue *queue;
	const struct httpsys_handle *receiver;	/* compared, never followed */
	u64 id;
	u64 url_context;
	enum request_state state;	/* under queue->lock */
	bool head_only;			/* HEAD: never send a body */
	bool reply_keep_alive;		/* set by the response's first send */
	/* The reply_* and body_* fields: under the conn's tx_lock. */
	bool reply_no_body;		/* HEAD, 1xx, 204, 304 */
	u16 reply_status;		/* the response's status code */
	u64 body_declared;		/* response Content-Length; U64_MAX none */
	u64 body_sent;			/* response body bytes sent so far */
	char *head;			/* copy of the request head */
	char *path;			/* decoded path */
	int path_len;
	size_t query_off;		/* into the target */
	const char *host;		/* into head, or the local address text */
	int host_len;
	char local_host[48];
	struct auth_request auth;	/* on a URL with authentication */
	struct log_request log;		/* on a URL with logging on */
	struct http_request_head parsed;
	struct http_field fields[];
};

/* A connection's address: IPv4 (a v4-mapped IPv6 one too) or IPv6. */
union httpsys_sockaddr {
	struct sockaddr sa;
	struct sockaddr_in v4;
	struct sockaddr_in6 v6;
};

enum conn_state {
	CONN_READ_HEAD,		/* waiting for a request head */
	CONN_IN_REQUEST,	/* a request is with the application */
	CONN_DRAIN,		/* discarding the rest of an unread body */
	CONN_AUTH,		/* waiting for helperd's verdict on a request */
	CONN_CLOSED,
};

#define CONN_FLAG_DEAD		0
#define CONN_FLAG_INDEXED	1	/* in the index by ID, or going in */
#define CONN_FLAG_READY		2	/* on the ready list */

/* Which timeout the connection's timer measures (http.sys's names). */
enum conn_timer_kind {
	TIMER_NONE,
	TIMER_IDLE,		/* IdleConnection: no request under way */
	TIMER_HEADER,		/* HeaderWait: from a head's first byte */
	TIMER_BODY,		/* EntityBody: between pieces of a body */
	TIMER_DRAIN,		/* DrainEntityBody: discarding a body */
};

struct httpsys_conn {
	struct kref ref;
	struct socket *sock;
	u64 id;
	u16 local_port;
	struct list_head node;		/* in the global connection list */
	struct work_struct rx_work;
	struct llist_node ready_node;	/* on the ready list */
	struct mutex rx_lock;		/* @rx, @state and the body fields */
	enum conn_state state;
	char *rx;			/* NULL while idle: see conn_rx_idle() */
	u32 rx_len;
	u32 rx_size;			/* grows up to rx_max() */
	u32 rx_seq;			/* bumped when bytes arrive */
	u32 head_scanned;		/* head bytes looked at so far */
	u32 line_start;			/* of the head line being scanned */
	u32 head_auth_bytes;		/* in its complete Authorization lines */
	bool head_line_seen;		/* the request line's end is in */
	bool empty_line_skipped;	/* before this head (RFC 9112 2.2) */
	bool body_chunked;
	bool continue_pending;		/* Expect: 100-continue unanswered */
	u32 body_decoded;		/* chunked: data bytes at rx's front */
	u64 body_left;			/* Content-Length: bytes not yet read */
	u64 body_read;			/* by the application, or drained */
	u64 body_framing;		/* chunked: framing bytes, counted
					 * against the body limits too */
	struct chunked_decoder chunks;
	struct httpsys_request *current_req;
	struct auth_conn auth;		/* under rx_lock */
	wait_queue_head_t body_wait;
	struct mutex tx_lock;		/* one sender at a time */
	unsigned long flags;		/* CONN_FLAG_* */
	bool peer_eof;			/* the client sent FIN */
	struct http_field *fields;	/* parser scratch, @max_fields long,
					 * there while @rx is */
	u16 max_fields;
	enum conn_timer_kind timer_kind;	/* under rx_lock */
	unsigned long deadline;		/* jiffies */
	u32 timer_seq;			/* rx_seq when the timer was armed */
	bool queue_timed;		/* RequestQueue runs, until: */
	unsigned long queue_deadline;	/* jiffies */
	u64 queue_timed_id;		/* the request it was started for */
	struct timer_list timer;
	struct mutex body_read_lock;	/* one body reader, across copy-out */
	u64 queue_id;			/* of the last request delivered */
	struct rcu_head rcu;		/* ID lookups run under RCU */
	/*
	 * The timeouts of the group its last request went to, field by field
	 * (0: the machine's); so, as in http.sys, an application's HeaderWait
	 * and IdleConnection apply from a connection's second request.
	 */
	struct httpsys_timeouts timeouts;
	struct httpsys_group *qos_group;	/* counted in its qos_conns */
	u32 bandwidth;			/* the group's MaxBandwidth; 0 none */
	union httpsys_sockaddr local;
	u32 local_len;
	union httpsys_sockaddr remote;
	u32 remote_len;
	void (*saved_data_ready)(struct sock *sk);
	void (*saved_state_change)(struct sock *sk);
};

/* main.c */
u64 httpsys_next_id(void);
u64 httpsys_last_id(void);

/* handle.c */
struct httpsys_handle *handle_create(void);
void handle_release(struct httpsys_handle *h);
long handle_attach(struct httpsys_handle *h, void __user *arg);
struct httpsys_queue *handle_queue(struct httpsys_handle *h);
struct httpsys_queue *handle_io_queue(struct httpsys_handle *h, int *err);
void handle_shutdown(struct httpsys_handle *h);
struct httpsys_queue *handle_queue_from_fd(int fd);
struct httpsys_queue *handle_delegation_target(int fd);
long handle_queue_id(struct httpsys_handle *h, void __user *arg);

/* queue.c */
struct httpsys_queue *queue_create(bool v1);
void queue_get(struct httpsys_queue *q);
void queue_put(struct httpsys_queue *q);
void queue_abandon(struct httpsys_queue *q, const struct httpsys_handle *h);
void queue_shutdown(struct httpsys_queue *q);
int queue_enqueue(struct httpsys_queue *q, struct httpsys_request *req);
int queue_refusal(const struct httpsys_queue *q, const char *why,
		  const char **detail);
struct httpsys_request *queue_find_active(struct httpsys_queue *q, u64 id);
int queue_begin_send(struct httpsys_queue *q, struct httpsys_request *req,
		     bool body_only, bool final, bool *retired);
bool queue_retire(struct httpsys_queue *q, struct httpsys_request *req);
bool request_waiting(const struct httpsys_request *req);
bool queue_withdraw(struct httpsys_request *req);
long queue_receive(struct httpsys_queue *q, struct httpsys_handle *h,
		   void __user *arg, bool nonblock);
long queue_receive_many(struct httpsys_queue *q, struct httpsys_handle *h,
			void __user *arg, bool nonblock);
__poll_t queue_poll_mask(struct httpsys_queue *q, struct httpsys_handle *h);

/* service.c: machine-wide settings and the service-state snapshot */
long service_ioctl(unsigned int cmd, void __user *arg);

struct state_buf;
struct httpsys_state_entry *state_add(struct state_buf *b, u32 type,
				      const char *text, u32 text_len);
bool state_shows(const struct state_buf *b, kuid_t uid);

/* stats.c: the service counters, per CPU */
void stats_request(void);
void stats_response(u16 status);
void stats_error(int status, int sent);
void stats_cache_sent(const char *head, size_t head_len, int sent);
void stats_connection(bool accepted);
void stats_bytes_in(u64 n);
void stats_bytes_out(u64 n);
void stats_state(struct state_buf *b);

/* session.c */
long session_ioctl(struct httpsys_handle *h, unsigned int cmd,
		   void __user *arg);
struct httpsys_group *group_create(struct httpsys_session *s);
void group_close(struct httpsys_group *g);
void group_bind(struct httpsys_group *g, struct httpsys_queue *q);
void group_put(struct httpsys_group *g);
struct httpsys_session *session_find(struct httpsys_handle *h, u64 id);
struct httpsys_group *group_find(struct httpsys_handle *h, u64 id);
void sessions_close_all(struct httpsys_handle *h);

/* urlacl.c */
int urlacl_check(const struct cred *holder, const char *text,
		 const struct url_prefix *p);
bool urlacl_holds(const struct cred *holder, const char *text,
		  const struct url_prefix *p, const char *path, size_t path_len);
long urlacl_ioctl(unsigned int cmd, void __user *arg);
void urlacl_clear(void);

/* qos.c: an application's settings applied to its connections */
int qos_apply(struct httpsys_conn *c, struct httpsys_group *g);
void qos_release(struct httpsys_conn *c);
int qos_throttle(struct httpsys_conn *c, size_t *len, u64 *deadline);

/* property.c */
long property_ioctl(struct httpsys_handle *h, void __user *arg, bool set);
void settings_free(struct httpsys_settings *s);

/* request.c */
void request_put(struct httpsys_request *req);
void request_get(struct httpsys_request *req);
long request_receive_body(struct httpsys_queue *q, void __user *arg,
			  bool nonblock);
long request_cancel(struct httpsys_queue *q, void __user *arg);
int request_marshal(struct httpsys_request *req, u32 flags, void __user *buf,
		    u32 buf_len, u32 *needed);

/* chunks.c: a response's entity chunks, copied in and resolved */
struct send_chunk {
	u32 type;			/* HTTPSYS_CHUNK_* */
	struct file *file;		/* FROM_FILE, referenced */
	struct cache_entry *fragment;	/* FROM_FRAGMENT, referenced */
	u64 data;			/* user pointer, file or fragment offset */
	u64 length;
};

struct httpsys_send;
int chunk_resolve(struct send_chunk *k, const struct httpsys_chunk *u,
		  u64 queue_id);
struct send_chunk *chunks_get(const struct httpsys_send *s, u64 queue_id,
			      u64 *total);
void chunks_put(struct send_chunk *chunks, u32 count);
int chunks_send(struct httpsys_conn *c, const struct send_chunk *chunks,
		u32 count, bool more, u64 *sent);
int chunks_copy(const struct send_chunk *chunks, u32 count, char *dst);

/* send.c */
long send_response(struct httpsys_queue *q, void __user *arg, bool body_only);

/* delegate.c: HttpDelegateRequestEx */
long request_delegate(struct httpsys_queue *q, void __user *arg);

/* url_registry.c */
int url_add(struct httpsys_handle *h, void __user *arg);
int url_remove(struct httpsys_handle *h, void __user *arg);
void url_remove_all(struct httpsys_group *g);
void url_state(struct httpsys_group *g, struct state_buf *b);
int url_prefix_copy_in(u64 uaddr, u32 len, char *text, struct url_prefix *p);
int url_route(struct httpsys_request *req, u16 port,
	      struct httpsys_queue **queue, const char **detail);
bool url_routes_to(const struct httpsys_queue *q, u16 port, const char *host,
		   size_t host_len, const char *path, size_t path_len);
int url_group_match(const struct httpsys_group *g,
		    const struct httpsys_request *req, u16 port, u64 *context);

/* listener.c */
struct httpsys_listener;
struct httpsys_listener *listener_get(u16 port, int *err);
void listener_put(struct httpsys_listener *l);
u32 listener_count(void);

/* conn_limits.c */
bool source_admit(const union httpsys_sockaddr *addr);
bool source_auth_take(const union httpsys_sockaddr *addr);
void source_auth_return(const union httpsys_sockaddr *addr);
void conn_limits_release(struct httpsys_conn *c);
bool rx_budget_take(u32 bytes);
void rx_budget_return(u32 bytes);

/* conn.c */
int conn_cache_init(void);
void conn_cache_exit(void);
void conn_accept(struct socket *sock, void (*data_ready)(struct sock *sk));
void conn_get(struct httpsys_conn *c);
void conn_kick(struct httpsys_conn *c);
bool conn_dead(struct httpsys_conn *c);
void conn_put(struct httpsys_conn *c);
void conn_close(struct httpsys_conn *c);
void conn_close_all(void);
u32 conn_open_count(void);
long conn_wait_disconnect(struct httpsys_queue *q, void __user *arg);
void conn_mark_delivered(struct httpsys_conn *c, u64 queue_id);
int conn_send(struct httpsys_conn *c, struct kvec *vec, size_t nvec,
	      size_t len, bool more);
u64 conn_send_deadline(struct httpsys_conn *c, u64 len);
int conn_send_wait_limit(struct httpsys_conn *c, size_t *len, u64 *deadline);
/*
 * @req's response is finished.  Process context, no lock held: with
 * @keep_alive the connection's next request is read, and dispatched, in
 * the caller's context.
 */
void conn_request_done(struct httpsys_conn *c, struct httpsys_request *req,
		       bool keep_alive);
bool conn_deliver(struct httpsys_conn *c, struct httpsys_request *req);
/* Read and parse what @c has, in the caller's context; puts a reference. */
void conn_run(struct httpsys_conn *c);

/* conn_ready.c: connections with a head to read, for receivers to drain */
#define CONN_READY_BATCH	8	/* at most, per pass of a receiver */

void conn_ready_add(struct httpsys_conn *c);
bool conn_ready_pending(void);
unsigned int conn_ready_pass(void);
void conn_ready_prepare_wait(struct wait_queue_entry *wait);
void conn_ready_finish_wait(struct wait_queue_entry *wait);
void conn_ready_poll_wait(struct file *file, poll_table *pt);
void conn_ready_flush(void);

/* body.c (the conn's rx_lock held, except body_read) */
void body_start(struct httpsys_conn *c, const struct http_request_head *head);
long body_ready(struct httpsys_conn *c);
u64 body_received(struct httpsys_conn *c);
bool body_finished(struct httpsys_conn *c);
bool body_ends_after(struct httpsys_conn *c, u32 n);
bool body_prevents_reuse(struct httpsys_conn *c);
void body_consume(struct httpsys_conn *c, u32 n);
u32 body_rx_room(struct httpsys_conn *c, u32 rx_max);
ssize_t body_read(struct httpsys_queue *q, struct httpsys_request *req,
		  void __user *buf, size_t len, bool fill, bool nonblock);

/* conn_timer.c */
void conn_timer_init(struct httpsys_conn *c);
void conn_timer_update(struct httpsys_conn *c);
bool conn_timer_expired(struct httpsys_conn *c);
void conn_withdraw_request(struct httpsys_conn *c);
void conn_timer_stop(struct httpsys_conn *c);

/* errors.c; HTTPSYS_STATUS_RESET: close the connection, answer nothing */
#define HTTPSYS_STATUS_RESET	1

void error_respond(struct httpsys_conn *c, int status, const char *detail);
int error_status_for_parse(int parse_error, const char **detail);
void format_http_date(char *buf, size_t len);

#endif /* HTTPSYS_CORE_H */
