/* SPDX-License-Identifier: GPL-2.0 */
/*
 * httpsys module internals: the objects and how they refer to each other.
 *
 *   listener  one kernel socket per port, alive while a prefix uses it
 *   conn      an accepted connection; parses one request at a time
 *   request   a parsed request, owned by a queue until its final send
 *   queue     one open /dev/httpsys; holds pending and delivered requests
 *   url       a registered prefix, linking a port to a queue
 *
 * References: a request holds its conn and its queue; a conn holds its
 * current request's queue only through the request.  URL lookup runs
 * under RCU and takes a queue reference with kref_get_unless_zero().
 */
#ifndef HTTPSYS_CORE_H
#define HTTPSYS_CORE_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <net/sock.h>
#include <linux/tcp.h>

#include "proto/chunked.h"
#include "proto/http_parse.h"
#include "proto/url.h"

/* Fixed bounds; the settable limits are in struct httpsys_limits. */
#define HTTPSYS_QUEUE_LENGTH	1000	/* http.sys's default QueueLength */
#define HTTPSYS_MAX_DRAIN	(1 << 20)	/* unread body bytes we discard */
#define HTTPSYS_MAX_REQUEST_BYTES 65536	/* ceiling of max_request_bytes */
#define HTTPSYS_MAX_HEADER_COUNT 1024	/* ceiling of max_header_count */
#define HTTPSYS_RX_INITIAL	2048	/* a connection's first buffer */
#define HTTPSYS_RX_SLACK	4096	/* beyond a full head: body bytes */

/* limits.c: module parameters, read with READ_ONCE(). */
struct httpsys_limits {
	unsigned int max_request_bytes;
	unsigned int max_field_length;
	unsigned int max_header_count;
	unsigned int max_connections;	/* 0: none */
	unsigned long long max_body_bytes;	/* 0: none */
	unsigned int header_wait;	/* seconds; 0: none */
	unsigned int idle_connection;
	unsigned int entity_body;
	unsigned int drain_entity_body;
	unsigned int min_send_rate;	/* bytes per second; 0: none */
};

extern struct httpsys_limits httpsys_limits;

#define LIMIT(name)	READ_ONCE(httpsys_limits.name)

extern struct workqueue_struct *httpsys_wq;

struct httpsys_queue {
	struct kref ref;
	spinlock_t lock;		/* the lists, counts and @closing */
	wait_queue_head_t wait;		/* receivers */
	struct list_head pending;	/* not yet delivered, oldest first */
	struct list_head active;	/* delivered, awaiting the final send */
	u32 pending_count;		/* both queued and ID-assigned */
	u32 queued_count;		/* deliverable to any receiver */
	bool closing;
	struct list_head urls;		/* struct httpsys_url, under url_mutex */
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
	u64 id;
	u64 url_context;
	enum request_state state;	/* under queue->lock */
	bool head_only;			/* HEAD: never send a body */
	bool reply_keep_alive;		/* set by the response's first send */
	bool reply_no_body;		/* HEAD, 1xx, 204, 304 */
	char *head;			/* copy of the request head */
	char *path;			/* decoded path */
	int path_len;
	size_t query_off;		/* into the target */
	const char *host;		/* into head, or the local address text */
	int host_len;
	char local_host[48];
	struct http_request_head parsed;
	struct http_field fields[];
};

enum conn_state {
	CONN_READ_HEAD,		/* waiting for a request head */
	CONN_IN_REQUEST,	/* a request is with the application */
	CONN_DRAIN,		/* discarding the rest of an unread body */
	CONN_CLOSED,
};

#define CONN_FLAG_DEAD	0

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
	struct mutex rx_lock;		/* @rx, @state and the body fields */
	enum conn_state state;
	char *rx;
	u32 rx_len;
	u32 rx_size;			/* grows up to rx_max() */
	u32 rx_seq;			/* bumped when bytes arrive */
	bool body_chunked;
	bool continue_pending;		/* Expect: 100-continue unanswered */
	u32 body_decoded;		/* chunked: data bytes at rx's front */
	u64 body_left;			/* Content-Length: bytes not yet read */
	u64 body_read;			/* by the application, or drained */
	struct chunked_decoder chunks;
	struct httpsys_request *current_req;
	wait_queue_head_t body_wait;
	struct mutex tx_lock;		/* one sender at a time */
	unsigned long flags;		/* CONN_FLAG_* */
	bool peer_eof;			/* the client sent FIN */
	struct http_field *fields;	/* parser scratch, @max_fields long */
	u16 max_fields;
	enum conn_timer_kind timer_kind;	/* under rx_lock */
	unsigned long deadline;		/* jiffies */
	u32 timer_seq;			/* rx_seq when the timer was armed */
	struct timer_list timer;
	struct sockaddr_storage local;
	u32 local_len;
	struct sockaddr_storage remote;
	u32 remote_len;
	void (*saved_data_ready)(struct sock *sk);
	void (*saved_state_change)(struct sock *sk);
};

/* main.c */
u64 httpsys_next_id(void);
u64 httpsys_last_id(void);

/* queue.c */
struct httpsys_queue *queue_create(void);
void queue_get(struct httpsys_queue *q);
void queue_put(struct httpsys_queue *q);
void queue_shutdown(struct httpsys_queue *q);
int queue_enqueue(struct httpsys_queue *q, struct httpsys_request *req);
struct httpsys_request *queue_find_active(struct httpsys_queue *q, u64 id);
bool queue_retire(struct httpsys_queue *q, struct httpsys_request *req);
long queue_receive(struct httpsys_queue *q, void __user *arg, bool nonblock);
__poll_t queue_poll_mask(struct httpsys_queue *q);

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
	u64 data;			/* user pointer, or file offset */
	u64 length;
};

struct httpsys_send;
struct send_chunk *chunks_get(const struct httpsys_send *s, u64 *total);
void chunks_put(struct send_chunk *chunks, u32 count);
int chunks_send(struct httpsys_conn *c, const struct send_chunk *chunks,
		u32 count, bool more, u64 *sent);

/* send.c */
long send_response(struct httpsys_queue *q, void __user *arg, bool body_only);

/* url_registry.c */
int url_add(struct httpsys_queue *q, void __user *arg);
int url_remove(struct httpsys_queue *q, void __user *arg);
void url_remove_all(struct httpsys_queue *q);
int url_route(struct httpsys_request *req, u16 port,
	      struct httpsys_queue **queue);

/* listener.c */
struct httpsys_listener;
struct httpsys_listener *listener_get(u16 port, int *err);
void listener_put(struct httpsys_listener *l);

/* conn.c */
void conn_accept(struct socket *sock);
void conn_get(struct httpsys_conn *c);
void conn_kick(struct httpsys_conn *c);
bool conn_dead(struct httpsys_conn *c);
void conn_put(struct httpsys_conn *c);
void conn_close(struct httpsys_conn *c);
void conn_close_all(void);
long conn_wait_disconnect(void __user *arg);
int conn_send(struct httpsys_conn *c, struct kvec *vec, size_t nvec,
	      size_t len, bool more);
u64 conn_send_deadline(u64 len);
int conn_send_wait_limit(struct httpsys_conn *c, u64 deadline);
void conn_request_done(struct httpsys_conn *c, struct httpsys_request *req,
		       bool keep_alive);

/* body.c (the conn's rx_lock held, except body_read) */
void body_start(struct httpsys_conn *c, const struct http_request_head *head);
long body_ready(struct httpsys_conn *c);
bool body_finished(struct httpsys_conn *c);
bool body_ends_after(struct httpsys_conn *c, u32 n);
bool body_prevents_reuse(struct httpsys_conn *c);
void body_consume(struct httpsys_conn *c, u32 n);
u32 body_rx_room(struct httpsys_conn *c, u32 rx_max);
ssize_t body_read(struct httpsys_conn *c, struct httpsys_request *req,
		  void __user *buf, size_t len, bool fill, bool nonblock);

/* conn_timer.c */
void conn_timer_init(struct httpsys_conn *c);
void conn_timer_update(struct httpsys_conn *c);
bool conn_timer_expired(struct httpsys_conn *c);
void conn_timer_stop(struct httpsys_conn *c);

/* errors.c */
void error_respond(struct httpsys_conn *c, int status, const char *detail);
int error_status_for_parse(int parse_error, const char **detail);
void format_http_date(char *buf, size_t len);

#endif /* HTTPSYS_CORE_H */
