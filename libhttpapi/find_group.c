// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * HttpFindUrlGroupId: of the URL groups bound to a queue, the one whose
 * registration a URL routes to.  The kernel's service-state snapshot
 * lists each group with the ID of the queue it is bound to and its URLs;
 * QUEUE_ID tells the handle's queue's ID.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"
#include "url.h"

/* A URL split as a request's: host, port and decoded path. */
struct target {
	char url[HTTPSYS_MAX_URL_LEN + 8];
	char path[HTTPSYS_MAX_URL_LEN + 8];
	struct url_prefix p;
	int path_len;
};

static ULONG target_parse(PCWSTR url, struct target *t)
{
	char utf8[HTTPSYS_MAX_URL_LEN + 1];
	int len = lib_wide_to_utf8(url, utf8, sizeof(utf8));

	if (len < 0)
		return ERROR_INVALID_PARAMETER;
	len = lib_prefix_canonical(utf8, len, t->url, sizeof(t->url));
	if (len < 0 || url_prefix_parse(t->url, len, &t->p))
		return ERROR_INVALID_PARAMETER;
	t->path_len = url_decode_path(t->url + t->p.path_off, t->p.path_len,
				      t->path);
	return t->path_len < 0 ? ERROR_INVALID_PARAMETER : NO_ERROR;
}

/* The snapshot in *@buf (free it), *@len bytes; grown while too short. */
static ULONG snapshot(void **buf, __u32 *len)
{
	struct httpsys_state_query q = { .length = 16384 };
	int fd, err;
	ULONG result = lib_open_device(&fd);

	*buf = NULL;
	if (result)
		return result;
	do {
		free(*buf);
		*buf = malloc(q.length);
		if (!*buf) {
			close(fd);
			return ERROR_NOT_ENOUGH_MEMORY;
		}
		q.buffer = (uintptr_t)*buf;
		err = lib_ioctl(fd, HTTPSYS_IOC_SERVICE_STATE, &q);
		/* Room for entries that appear before the next try. */
		if (err == EOVERFLOW)
			q.length += 4096;
	} while (err == EOVERFLOW);
	close(fd);
	*len = q.length;
	return lib_errno_to_win32(err, LIB_CALL_SERVICE);
}

/* The entry at @at of @len bytes, or NULL at the end or when malformed. */
static const struct httpsys_state_entry *entry_at(const char *buf, __u32 len,
						  __u32 at)
{
	const struct httpsys_state_entry *e = (const void *)(buf + at);

	if (len - at < sizeof(*e) || e->size % 8 || e->size > len - at ||
	    e->size < sizeof(*e) || e->text_len > e->size - sizeof(*e))
		return NULL;
	return e;
}

/*
 * Search @buf, among the v2 groups bound to @queue, for the URL that @t
 * routes to by http.sys's precedence: its group.
 */
static ULONG search(const char *buf, __u32 len, __u64 queue,
		    const struct target *t, HTTP_URL_GROUP_ID *found)
{
	const struct httpsys_state_entry *e, *group = NULL;
	struct url_prefix best, p;
	int best_len = -1, n;
	__u32 at;

	/* Groups come each before its URLs; parent 0 is a v1 queue's own. */
	for (at = 0; (e = entry_at(buf, len, at)); at += e->size) {
		const char *text = (const char *)(e + 1);

		if (e->type == HTTPSYS_STATE_GROUP)
			group = e->queue == queue && e->parent ? e : NULL;
		if (e->type != HTTPSYS_STATE_URL || !group ||
		    e->parent != group->id ||
		    url_prefix_parse(text, e->text_len, &p) ||
		    p.https != t->p.https || p.port != t->p.port ||
		    !url_prefix_match_host(text, &p, t->url + t->p.host_off,
					   t->p.host_len))
			continue;
		n = url_prefix_match_path(text, &p, t->path, t->path_len);
		if (n >= 0 && url_route_prefers(&p, n, best_len < 0 ? NULL : &best,
						best_len)) {
			best = p;
			best_len = n;
			*found = group->id;
		}
	}
	return best_len < 0 ? ERROR_NOT_FOUND : NO_ERROR;
}

ULONG WINAPI HttpFindUrlGroupId(PCWSTR FullyQualifiedUrl,
				HANDLE RequestQueueHandle,
				PHTTP_URL_GROUP_ID UrlGroupId)
{
	struct httpsys_queue_id queue;
	struct target *t;
	void *buf = NULL;
	__u32 len = 0;
	int fd;
	ULONG result = lib_queue_call(RequestQueueHandle, &fd);

	if (result)
		return result;
	if (!FullyQualifiedUrl || !UrlGroupId)
		return ERROR_INVALID_PARAMETER;
	t = malloc(sizeof(*t));
	if (!t)
		return ERROR_NOT_ENOUGH_MEMORY;
	result = target_parse(FullyQualifiedUrl, t);
	if (!result)
		result = lib_errno_to_win32(lib_ioctl(fd, HTTPSYS_IOC_QUEUE_ID,
						      &queue), LIB_CALL_CONFIG);
	if (!result)
		result = snapshot(&buf, &len);
	if (!result)
		result = search(buf, len, queue.id, t, UrlGroupId);
	free(buf);
	free(t);
	return result;
}
