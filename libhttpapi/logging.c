// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * HttpServerLoggingProperty: each session or group with logging on has a
 * log in the kernel (LOG_SET) that fills with binary records as its
 * requests end.  One thread per process reads them in batches (LOG_READ,
 * waiting in the kernel for a batch) and writes the W3C files with their
 * rollover; the application's request path makes no call for logging.
 * Turning logging off, or closing the session or group, writes out what
 * the kernel holds first.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logging.h"

#define BATCH_BYTES	HTTPSYS_LOG_DEFAULT_BUFFER
#define OUT_BYTES	(64 << 10)	/* lines gathered for one write */
#define WAIT_MS		200		/* the longest a record waits */
#define THREAD_STACK	(256 << 10)

struct lib_log {
	struct lib_log *next;
	__u32 object;
	__u64 id;
	struct w3c_config config;
	char dir[PATH_MAX];
	pthread_mutex_t io;	/* all below, and reads of the kernel's log */
	int fd;			/* the file being written, or -1 */
	uint64_t size;		/* its bytes */
	long period;		/* a time rollover's, of that file */
	unsigned int seq;	/* a size rollover's file number */
	unsigned int users;	/* references (logs_lock) */
	int listed;		/* on the list: changed under @io and logs_lock */
	size_t out_len;
	char out[OUT_BYTES];
	char batch[BATCH_BYTES];
};

static pthread_mutex_t logs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t thread_gone = PTHREAD_COND_INITIALIZER;
static struct lib_log *logs;
static unsigned int log_count;
static int thread_running;

static ULONG log_set(__u32 object, __u64 id, __u32 flags)
{
	struct httpsys_log_set a = { .id = id, .object = object, .flags = flags };

	return lib_control_call(HTTPSYS_IOC_LOG_SET, &a, LIB_CALL_CONFIG);
}

/* Write out the gathered lines; a failed write loses them, as IIS does. */
static void out_flush(struct lib_log *e)
{
	size_t done = 0;
	ssize_t n;

	while (e->fd >= 0 && done < e->out_len) {
		n = write(e->fd, e->out + done, e->out_len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += n;
	}
	e->out_len = 0;
}

static void out_add(struct lib_log *e, const char *s, size_t len)
{
	if (e->out_len + len > sizeof(e->out))
		out_flush(e);
	memcpy(e->out + e->out_len, s, len);
	e->out_len += len;
	e->size += len;
}

static void file_close(struct lib_log *e)
{
	out_flush(e);
	if (e->fd >= 0)
		close(e->fd);
	e->fd = -1;
}

static int file_path(const struct lib_log *e, time_t t, unsigned int seq,
		     char *path)
{
	char name[W3C_MAX_NAME];

	w3c_file_name(&e->config, t, seq, name);
	return snprintf(path, PATH_MAX, "%s/%s", e->dir, name) < PATH_MAX;
}

/* A size rollover's first file: the last one there, unless it is full. */
static unsigned int first_seq(const struct lib_log *e)
{
	char path[PATH_MAX];
	unsigned int seq = 1;
	struct stat st;

	while (file_path(e, 0, seq + 1, path) && !stat(path, &st))
		seq++;
	if (file_path(e, 0, seq, path) && !stat(path, &st) &&
	    (uint64_t)st.st_size >= e->config.rollover_size)
		seq++;
	return seq;
}

/* Open (appending) the file for a record of time @t; its directives first. */
static void file_open(struct lib_log *e, time_t t)
{
	char path[PATH_MAX], header[W3C_MAX_HEADER];
	struct stat st;
	size_t n;

	if (!file_path(e, t, e->seq, path))
		return;
	e->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (e->fd < 0)
		return;
	e->size = fstat(e->fd, &st) ? 0 : st.st_size;
	e->period = w3c_period(&e->config, t);
	n = w3c_header(&e->config, t, header, sizeof(header));
	out_add(e, header, n);
}

/* The file a record of time @t goes to, rolled over if its time is up. */
static void file_for(struct lib_log *e, time_t t)
{
	if (e->config.rollover == HttpLoggingRolloverSize) {
		if (!e->seq)
			e->seq = first_seq(e);
		if (e->fd >= 0 && e->size >= e->config.rollover_size) {
			file_close(e);
			e->seq++;
		}
	} else if (e->fd >= 0 && w3c_period(&e->config, t) != e->period) {
		file_close(e);
	}
	if (e->fd < 0)
		file_open(e, t);
}

static void write_records(struct lib_log *e, __u32 bytes, __u32 dropped)
{
	char line[W3C_MAX_LINE], remark[96];
	__u32 off = 0;
	size_t n;

	while (off + sizeof(struct httpsys_log_record) <= bytes) {
		const struct httpsys_log_record *r =
			(const void *)(e->batch + off);
		time_t t = r->time / 1000000000ULL;

		if (r->size < sizeof(*r) || off + r->size > bytes)
			break;
		off += r->size;
		n = w3c_line(&e->config, r, line);
		if (!n)
			continue;
		file_for(e, t);
		out_add(e, line, n);
	}
	/* The kernel's buffer was full: say how many went unlogged. */
	if (dropped && e->fd >= 0) {
		n = snprintf(remark, sizeof(remark),
			     "#Remark: %u requests not logged (buffer full)\r\n",
			     dropped);
		out_add(e, remark, n);
	}
	out_flush(e);
}

/*
 * Take a batch from the kernel and write it: through the thread's own
 * handle @fd when waiting up to @wait_ms, else through the control
 * handle.  The bytes taken, or -1 when the kernel has no log there now.
 */
static long log_pump(struct lib_log *e, int fd, unsigned int wait_ms)
{
	struct httpsys_log_read a = {
		.id = e->id, .object = e->object, .timeout_ms = wait_ms,
		.buf = (uintptr_t)e->batch, .buf_len = sizeof(e->batch),
	};

	if (fd >= 0 ? ioctl(fd, HTTPSYS_IOC_LOG_READ, &a) != 0 :
	    lib_control_call(HTTPSYS_IOC_LOG_READ, &a, LIB_CALL_CONFIG) != 0)
		return fd >= 0 && errno != ENOENT ? 0 : -1;
	write_records(e, a.bytes, a.dropped);
	return a.bytes;
}

/* Write out all the kernel holds for @e (@e->io held). */
static void log_drain(struct lib_log *e)
{
	/* Bounded: the kernel's buffer is at most 16 batches. */
	int i;

	for (i = 0; i < 2 * HTTPSYS_LOG_MAX_BUFFER / BATCH_BYTES; i++) {
		if (log_pump(e, -1, 0) <= 0)
			break;
	}
}

/* With logs_lock held: @e stays until log_put(). */
static struct lib_log *log_get(struct lib_log *e)
{
	if (e)
		e->users++;
	return e;
}

static void log_put(struct lib_log *e)
{
	int last;

	pthread_mutex_lock(&logs_lock);
	last = !--e->users && !e->listed;
	pthread_mutex_unlock(&logs_lock);
	if (last) {
		pthread_mutex_destroy(&e->io);
		free(e);
	}
}

/* Take @e off the list; zero when another caller did first. */
static int log_unlist(struct lib_log *e)
{
	struct lib_log **p;
	int was;

	pthread_mutex_lock(&logs_lock);
	was = e->listed;
	if (was) {
		for (p = &logs; *p != e; p = &(*p)->next)
			;
		*p = e->next;
		e->listed = 0;
		log_count--;
	}
	pthread_mutex_unlock(&logs_lock);
	return was;
}

static struct lib_log *log_find(__u32 object, __u64 id)
{
	struct lib_log *e;

	pthread_mutex_lock(&logs_lock);
	for (e = logs; e; e = e->next) {
		if (e->object == object && e->id == id)
			break;
	}
	log_get(e);
	pthread_mutex_unlock(&logs_lock);
	return e;
}

/* The thread: each log in turn, a batch at a time, while there are logs. */
static void *logging_main(void *arg)
{
	int fd = (int)(intptr_t)arg;
	unsigned int turn = 0, i, wait;
	struct lib_log *e;

	pthread_mutex_lock(&logs_lock);
	while (logs) {
		e = logs;
		for (i = turn++ % log_count; i; i--)
			e = e->next;
		log_get(e);
		wait = WAIT_MS / log_count;
		pthread_mutex_unlock(&logs_lock);

		pthread_mutex_lock(&e->io);
		/* Its session or group went away with it. */
		if (e->listed && log_pump(e, fd, wait ? wait : 1) < 0 &&
		    log_unlist(e))
			file_close(e);
		pthread_mutex_unlock(&e->io);
		log_put(e);
		pthread_mutex_lock(&logs_lock);
	}
	thread_running = 0;
	pthread_cond_broadcast(&thread_gone);
	pthread_mutex_unlock(&logs_lock);
	close(fd);
	return NULL;
}

/* With logs_lock held: a thread runs while there is a log. */
static ULONG thread_ensure(void)
{
	int fd;

	if (thread_running)
		return NO_ERROR;
	fd = lib_control_dup();
	if (fd < 0)
		return ERROR_NOT_ENOUGH_MEMORY;
	if (lib_thread_start(logging_main, (void *)(intptr_t)fd, THREAD_STACK)) {
		close(fd);
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	thread_running = 1;
	return NO_ERROR;
}

/* @e (referenced) off the list, what it has written out, and put. */
static void log_remove(struct lib_log *e, int kernel_off)
{
	pthread_mutex_lock(&e->io);
	if (log_unlist(e)) {
		log_drain(e);
		if (kernel_off)
			log_set(e->object, e->id, 0);
		file_close(e);
	}
	pthread_mutex_unlock(&e->io);
	log_put(e);
}

/* The directory: absolute, an existing directory, and ours to write. */
static ULONG dir_in(const HTTP_LOGGING_INFO *info, char *dir)
{
	struct stat st;

	if (lib_wide_to_utf8_n(info->DirectoryName,
			       info->DirectoryNameLength / sizeof(WCHAR), dir,
			       PATH_MAX) <= 0 || dir[0] != '/')
		return ERROR_INVALID_PARAMETER;
	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		return errno == EACCES ? ERROR_ACCESS_DENIED : ERROR_PATH_NOT_FOUND;
	if (access(dir, W_OK | X_OK))
		return ERROR_ACCESS_DENIED;
	return NO_ERROR;
}

static ULONG config_in(__u32 object, const HTTP_LOGGING_INFO *info,
		       struct w3c_config *c, char *dir)
{
	/* IIS and NCSA are a group's formats, Raw a session's (http.h). */
	if ((object == HTTPSYS_OBJECT_SESSION &&
	     (info->Format == HttpLoggingTypeIIS ||
	      info->Format == HttpLoggingTypeNCSA)) ||
	    (object == HTTPSYS_OBJECT_GROUP &&
	     info->Format == HttpLoggingTypeRaw))
		return ERROR_INVALID_PARAMETER;
	if (info->Format != HttpLoggingTypeW3C)
		return ERROR_NOT_SUPPORTED;
	memset(c, 0, sizeof(*c));
	c->fields = info->Fields;
	c->flags = info->LoggingFlags;
	c->rollover = info->RolloverType;
	c->rollover_size = info->RolloverSize == HTTP_LIMIT_INFINITE ?
			   UINT64_MAX : info->RolloverSize;
	if (info->SoftwareName &&
	    lib_wide_to_utf8_n(info->SoftwareName,
			       info->SoftwareNameLength / sizeof(WCHAR),
			       c->software, sizeof(c->software)) < 0)
		return ERROR_INVALID_PARAMETER;
	if (gethostname(c->computer, sizeof(c->computer) - 1))
		c->computer[0] = '\0';
	return dir_in(info, dir);
}

static struct lib_log *log_new(__u32 object, __u64 id,
			       const struct w3c_config *c, const char *dir)
{
	struct lib_log *e = malloc(sizeof(*e));

	if (!e)
		return NULL;
	e->next = NULL;
	e->object = object;
	e->id = id;
	e->config = *c;
	strcpy(e->dir, dir);
	pthread_mutex_init(&e->io, NULL);
	e->fd = -1;
	e->size = 0;
	e->period = 0;
	e->seq = 0;
	e->users = 0;
	e->listed = 0;
	e->out_len = 0;
	return e;
}

/* A new configuration for a log: from its next record on. */
static void log_update(struct lib_log *e, const struct w3c_config *c,
		       const char *dir)
{
	pthread_mutex_lock(&e->io);
	log_drain(e);
	file_close(e);
	e->config = *c;
	strcpy(e->dir, dir);
	e->seq = 0;
	pthread_mutex_unlock(&e->io);
}

ULONG lib_logging_set(__u32 object, __u64 id, const HTTP_LOGGING_INFO *info)
{
	static pthread_mutex_t set_lock = PTHREAD_MUTEX_INITIALIZER;
	struct lib_log *e, *fresh = NULL;
	struct w3c_config c;
	char dir[PATH_MAX];
	ULONG result;

	if (info->Flags.Present) {
		result = config_in(object, info, &c, dir);
		if (result)
			return result;
	}
	/* One change at a time: the kernel's log and ours agree. */
	pthread_mutex_lock(&set_lock);
	e = log_find(object, id);
	if (!info->Flags.Present) {
		result = e ? NO_ERROR : log_set(object, id, 0);
		if (e)
			log_remove(e, 1);
	} else if (e) {
		log_update(e, &c, dir);
		log_put(e);
		result = NO_ERROR;
	} else {
		fresh = log_new(object, id, &c, dir);
		result = fresh ? log_set(object, id, HTTPSYS_LOG_ON) :
				 ERROR_NOT_ENOUGH_MEMORY;
	}
	if (fresh && !result) {
		pthread_mutex_lock(&logs_lock);
		result = thread_ensure();
		if (!result) {
			fresh->next = logs;
			fresh->listed = 1;
			logs = fresh;
			log_count++;
			fresh = NULL;
		}
		pthread_mutex_unlock(&logs_lock);
		if (result)
			log_set(object, id, 0);
	}
	free(fresh);
	pthread_mutex_unlock(&set_lock);
	return result;
}

void lib_logging_close(__u32 object, __u64 id)
{
	struct lib_log *e = log_find(object, id);

	if (e)
		log_remove(e, 0);
}

void lib_logging_flush_all(void)
{
	struct lib_log *e;
	unsigned int i, k, n;

	pthread_mutex_lock(&logs_lock);
	n = log_count;
	pthread_mutex_unlock(&logs_lock);
	for (i = 0; i < n; i++) {
		pthread_mutex_lock(&logs_lock);
		for (e = logs, k = i; e && k; e = e->next)
			k--;
		log_get(e);
		pthread_mutex_unlock(&logs_lock);
		if (!e)
			break;
		pthread_mutex_lock(&e->io);
		if (e->listed)
			log_drain(e);
		pthread_mutex_unlock(&e->io);
		log_put(e);
	}
}

void lib_logging_close_all(void)
{
	struct lib_log *e;

	for (;;) {
		pthread_mutex_lock(&logs_lock);
		e = log_get(logs);
		pthread_mutex_unlock(&logs_lock);
		if (!e)
			break;
		log_remove(e, 0);
	}
	/* Its handle keeps the sessions open: wait for the thread to go. */
	pthread_mutex_lock(&logs_lock);
	while (thread_running)
		pthread_cond_wait(&thread_gone, &logs_lock);
	pthread_mutex_unlock(&logs_lock);
}
