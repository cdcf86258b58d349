// SPDX-License-Identifier: GPL-2.0
/*
 * What the log of a request's group (or session) gets when the request
 * ends: the application's log data from its sends (HTTP_LOG_FIELDS_DATA),
 * or for a response from the kernel's cache the values the kernel knows;
 * with the times, addresses and byte counts only the kernel knows.
 */
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "core.h"
#include "proto/known_headers.h"

#define ERROR_NETNAME_DELETED	64	/* Windows': the client went away */

void log_route(struct httpsys_request *req, const struct httpsys_group *g)
{
	struct httpsys_log *log = rcu_dereference(g->settings.log);

	if (!log && g->session)
		log = rcu_dereference(g->session->settings.log);
	req->log.log = log_get_unless_zero(log);
	if (req->log.log)
		req->log.start = ktime_get_ns();
}

int log_data_copy(const struct httpsys_send *s, struct httpsys_log_data **data)
{
	struct httpsys_log_data *d;
	u32 i, len = sizeof(*d);

	*data = NULL;
	if (s->reserved || (!s->log_data && s->log_data_len))
		return -EINVAL;
	if (!s->log_data)
		return 0;
	if (s->log_data_len < sizeof(*d) ||
	    s->log_data_len > HTTPSYS_LOG_MAX_DATA)
		return -EINVAL;
	/* Kept until the request ends: charged to the application. */
	d = kmalloc(s->log_data_len, GFP_KERNEL_ACCOUNT);
	if (!d)
		return -ENOMEM;
	if (copy_from_user(d, u64_to_user_ptr(s->log_data), s->log_data_len)) {
		kfree(d);
		return -EFAULT;
	}
	for (i = 0; i < HTTPSYS_LOG_STRINGS; i++) {
		if (d->string_len[i] > HTTPSYS_LOG_MAX_STRING)
			break;
		len += d->string_len[i];
	}
	if (i < HTTPSYS_LOG_STRINGS || len != s->log_data_len ||
	    d->reserved || d->reserved2) {
		kfree(d);
		return -EINVAL;
	}
	*data = d;
	return 0;
}

static void log_bytes(struct httpsys_request *req, u64 bytes, bool complete)
{
	struct log_request *lr = &req->log;

	lr->bytes_sent += bytes;
	lr->bytes_received = req->parsed.head_len +
			     READ_ONCE(req->conn->body_read);
	lr->complete = complete;
}

void log_sent(struct httpsys_request *req, struct httpsys_log_data **data,
	      u32 data_len, u64 bytes, bool complete)
{
	struct log_request *lr = &req->log;

	if (!lr->log)
		return;
	log_bytes(req, bytes, complete);
	if (*data) {
		kfree(lr->data);
		lr->data = *data;
		lr->data_len = data_len;
		*data = NULL;
	}
}

void log_cache_hit(struct httpsys_request *req, u64 bytes, bool complete)
{
	if (!req->log.log)
		return;
	log_bytes(req, bytes, complete);
	req->log.from_cache = true;
}

/* The first field of header @id, if any. */
static void header_value(const struct httpsys_request *req, int id,
			 const char **s, u16 *len)
{
	u16 i;

	for (i = 0; i < req->parsed.field_count; i++) {
		if (req->fields[i].id == id) {
			*s = req->head + req->fields[i].value_off;
			*len = req->fields[i].value_len;
			return;
		}
	}
}

static void record_address(const union httpsys_sockaddr *a, u8 *addr,
			   u16 *port, char *text, u16 *text_len)
{
	if (a->sa.sa_family == AF_INET6) {
		memcpy(addr, &a->v6.sin6_addr, 16);
		*port = ntohs(a->v6.sin6_port);
		*text_len = sprintf(text, "%pI6c", &a->v6.sin6_addr);
	} else {
		memcpy(addr, &a->v4.sin_addr, 4);
		*port = ntohs(a->v4.sin_port);
		*text_len = sprintf(text, "%pI4", &a->v4.sin_addr);
	}
}

/* A cached response's log data: what the request says. */
static void cache_data(const struct httpsys_request *req,
		       struct httpsys_log_record *r, const char **s)
{
	const char *target = req->head + req->parsed.target_off;
	u16 *len = r->data.string_len;

	r->flags = HTTPSYS_LOG_FROM_CACHE;
	r->data.status = 200;
	r->data.server_port = r->local_port;
	s[HTTPSYS_LOG_METHOD] = req->head;
	len[HTTPSYS_LOG_METHOD] = req->parsed.method_len;
	s[HTTPSYS_LOG_URI_STEM] = req->path;
	len[HTTPSYS_LOG_URI_STEM] = req->path_len;
	if (req->query_off + 1 < req->parsed.target_len) {
		s[HTTPSYS_LOG_URI_QUERY] = target + req->query_off + 1;
		len[HTTPSYS_LOG_URI_QUERY] = req->parsed.target_len -
					     req->query_off - 1;
	}
	header_value(req, HDR_HOST, &s[HTTPSYS_LOG_HOST],
		     &len[HTTPSYS_LOG_HOST]);
	header_value(req, HDR_USER_AGENT, &s[HTTPSYS_LOG_USER_AGENT],
		     &len[HTTPSYS_LOG_USER_AGENT]);
	header_value(req, HDR_COOKIE, &s[HTTPSYS_LOG_COOKIE],
		     &len[HTTPSYS_LOG_COOKIE]);
	header_value(req, HDR_REFERER, &s[HTTPSYS_LOG_REFERRER],
		     &len[HTTPSYS_LOG_REFERRER]);
}

/* The application's log data: its strings follow it. */
static void app_data(const struct log_request *lr,
		     struct httpsys_log_record *r, const char **s)
{
	const char *p = (const char *)(lr->data + 1);
	int i;

	r->data = *lr->data;
	for (i = 0; i < HTTPSYS_LOG_STRINGS; i++) {
		s[i] = p;
		p += r->data.string_len[i];
	}
	if (!lr->complete && !r->data.win32_status)
		r->data.win32_status = ERROR_NETNAME_DELETED;
}

static void log_record(struct httpsys_request *req)
{
	const struct log_request *lr = &req->log;
	const struct httpsys_conn *c = req->conn;
	const char *s[HTTPSYS_LOG_STRINGS];
	struct httpsys_log_record r;
	char local[48], remote[48];
	u16 local_len, remote_len;
	u32 size = sizeof(r);
	int i;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < HTTPSYS_LOG_STRINGS; i++)
		s[i] = "";
	r.version_major = req->parsed.version_major;
	r.version_minor = req->parsed.version_minor;
	r.family = c->remote.sa.sa_family;
	record_address(&c->local, r.local_addr, &r.local_port, local,
		       &local_len);
	record_address(&c->remote, r.remote_addr, &r.remote_port, remote,
		       &remote_len);
	r.time_taken = div_u64(ktime_get_ns() - lr->start, NSEC_PER_MSEC);
	r.time = ktime_get_real_ns();
	r.bytes_sent = lr->bytes_sent;
	r.bytes_received = lr->bytes_received;
	if (lr->data) {
		app_data(lr, &r, s);
	} else {
		cache_data(req, &r, s);
		s[HTTPSYS_LOG_CLIENT_IP] = remote;
		r.data.string_len[HTTPSYS_LOG_CLIENT_IP] = remote_len;
		s[HTTPSYS_LOG_SERVER_IP] = local;
		r.data.string_len[HTTPSYS_LOG_SERVER_IP] = local_len;
	}
	for (i = 0; i < HTTPSYS_LOG_STRINGS; i++) {
		r.data.string_len[i] = min_t(u16, r.data.string_len[i],
					     HTTPSYS_LOG_MAX_STRING);
		size += r.data.string_len[i];
	}
	r.size = ALIGN(size, 8);
	log_append(lr->log, &r, s);
}

void log_request_end(struct httpsys_request *req)
{
	struct log_request *lr = &req->log;

	if (!lr->log)
		return;
	if (lr->data || lr->from_cache)
		log_record(req);
	log_put(lr->log);
	kfree(lr->data);
	lr->log = NULL;
	lr->data = NULL;
}
