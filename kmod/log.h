/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Request logging: a server session's or URL group's buffer of binary
 * records, filled as requests end and read in batches by libhttpapi,
 * which writes the W3C files (docs/LOGGING.md).
 */
#ifndef HTTPSYS_LOG_H
#define HTTPSYS_LOG_H

#include <linux/types.h>

struct httpsys_log;
struct httpsys_group;
struct httpsys_handle;
struct httpsys_request;
struct httpsys_send;
struct httpsys_settings;

/* A request's part; all zero on a URL without a log. */
struct log_request {
	struct httpsys_log *log;	/* referenced */
	u64 start;			/* ktime_get_ns() when routed */
	u64 bytes_sent;
	u64 bytes_received;
	struct httpsys_log_data *data;	/* the application's, kmalloc'd */
	u32 data_len;
	bool from_cache;		/* the kernel's cache answered it */
	bool complete;			/* its last send went out whole */
};

/* Routing (under RCU): @req takes @g's log, else its session's. */
void log_route(struct httpsys_request *req, const struct httpsys_group *g);
/* A send's log data, copied in: *@data NULL when it has none. */
int log_data_copy(const struct httpsys_send *s,
		  struct httpsys_log_data **data);
/* A send of @bytes for @req; its log data (taken if wanted: *@data NULL). */
void log_sent(struct httpsys_request *req, struct httpsys_log_data **data,
	      u32 data_len, u64 bytes, bool complete);
/* The cache answered @req with @bytes. */
void log_cache_hit(struct httpsys_request *req, u64 bytes, bool complete);
/* @req is going: its record goes to its log if it is to be logged. */
void log_request_end(struct httpsys_request *req);
/* The session or group is closing (httpsys_config_mutex held). */
void log_detach(struct httpsys_settings *s);
long log_ioctl(struct httpsys_handle *h, unsigned int cmd, void __user *arg);

/* log.c, for log_request.c */
struct httpsys_log_record;
struct httpsys_log *log_get_unless_zero(struct httpsys_log *log);
void log_put(struct httpsys_log *log);
/* Append @r (its @size set) and its strings @s; any context, never waits. */
void log_append(struct httpsys_log *log, const struct httpsys_log_record *r,
		const char *const *s);

#endif /* HTTPSYS_LOG_H */
