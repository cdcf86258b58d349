// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The worker threads and their bounded queue, serialised per connection,
 * with Basic held to its share of workers and queue.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pool.h"

#define POOL_MAX_THREADS	64
#define POOL_QUEUE_PER_THREAD	8
#define POOL_QUEUE_MAX		(POOL_MAX_THREADS * POOL_QUEUE_PER_THREAD)

static const struct helperd_config *pool_cfg;
static pthread_t workers[POOL_MAX_THREADS];
static unsigned int worker_count;
static int pool_wake_fd;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work = PTHREAD_COND_INITIALIZER;
static struct job *queue_head, **queue_tail = &queue_head;
static unsigned int queued, queue_max;
static bool stopping;
/* The connection each worker runs a job of, if busy[i]. */
static uint64_t running_conn[POOL_MAX_THREADS];
static bool busy[POOL_MAX_THREADS];
/* Basic jobs running, and queued or running; their bounds. */
static unsigned int basic_running, basic_held;
static unsigned int basic_max_running, basic_max_held;

void job_free(struct job *job)
{
	if (job->in.token_len)
		explicit_bzero((void *)job->in.token, job->in.token_len);
	free(job);
}

static bool is_basic(const struct job *job)
{
	return job->in.op == HTTPSYS_AUTH_OP_AUTHENTICATE &&
	       job->in.scheme == HTTPSYS_AUTH_SCHEME_BASIC;
}

/* The kernel has failed it already; a DROP still has contexts to free. */
static bool job_expired(const struct job *job, uint64_t now)
{
	return job->has_deadline && now >= job->deadline_ms &&
	       job->in.op != HTTPSYS_AUTH_OP_DROP;
}

static bool conn_running(uint64_t conn_id)
{
	unsigned int i;

	for (i = 0; i < worker_count; i++)
		if (busy[i] && running_conn[i] == conn_id)
			return true;
	return false;
}

static bool conn_in(uint64_t conn_id, const uint64_t *conns, unsigned int n)
{
	while (n--)
		if (conns[n] == conn_id)
			return true;
	return false;
}

/*
 * The oldest job whose connection is idle and which may run now; called
 * under lock.  A Basic job waits while Basic has all its workers (one
 * past its deadline is only skipped, so it goes), and so do the later
 * jobs of its connection: a connection's jobs run in the order they
 * came, as an older job of it is always taken first.
 */
static struct job *take_runnable(uint64_t now)
{
	/* Connections of held Basic jobs: pool_submit bounds their count. */
	uint64_t held[POOL_QUEUE_MAX];
	unsigned int n_held = 0;
	struct job **p, *job;

	for (p = &queue_head; *p; p = &(*p)->next) {
		job = *p;
		if (conn_running(job->in.conn_id) ||
		    conn_in(job->in.conn_id, held, n_held))
			continue;
		if (is_basic(job) && basic_running >= basic_max_running &&
		    !job_expired(job, now)) {
			held[n_held++] = job->in.conn_id;
			continue;
		}
		*p = job->next;
		if (queue_tail == &job->next)
			queue_tail = p;
		queued--;
		return job;
	}
	return NULL;
}

static void run(struct job *job)
{
	uint64_t now = clock_ms();

	if (!job_expired(job, now)) {
		dispatch_job(pool_cfg, &job->in);
		return;
	}
	/* A DONE now would only be refused with -ENOENT. */
	log_msg(LOG_DEBUG_LEVEL,
		"conn %llu: job %llu skipped: the kernel gave up on it %llu ms ago",
		(unsigned long long)job->in.conn_id,
		(unsigned long long)job->in.seq,
		(unsigned long long)(now - job->deadline_ms));
}

static void *worker(void *arg)
{
	unsigned int self = (uintptr_t)arg;
	struct job *job;
	bool was_full, basic;

	pthread_mutex_lock(&lock);
	for (;;) {
		job = take_runnable(clock_ms());
		if (!job) {
			if (stopping && !queue_head)
				break;
			pthread_cond_wait(&work, &lock);
			continue;
		}
		was_full = queued + 1 == queue_max;
		basic = is_basic(job);
		if (basic)
			basic_running++;
		busy[self] = true;
		running_conn[self] = job->in.conn_id;
		pthread_mutex_unlock(&lock);

		/* A full pipe means the dispatcher is due to wake anyway. */
		if (was_full && write(pool_wake_fd, "", 1) < 0)
			log_msg(LOG_DEBUG_LEVEL, "wake pipe full");
		run(job);
		job_free(job);

		pthread_mutex_lock(&lock);
		busy[self] = false;
		if (basic) {
			basic_running--;
			basic_held--;
		}
		/* A job of this connection, or a Basic one, may run now. */
		pthread_cond_broadcast(&work);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

int pool_start(const struct helperd_config *cfg, int wake_fd)
{
	unsigned int n = cfg->threads;

	if (n < 1)
		n = 1;
	if (n > POOL_MAX_THREADS)
		n = POOL_MAX_THREADS;
	pool_cfg = cfg;
	pool_wake_fd = wake_fd;
	stopping = false;
	queue_max = n * POOL_QUEUE_PER_THREAD;
	basic_max_running = cfg->basic_workers;
	if (basic_max_running < 1)
		basic_max_running = 1;
	if (basic_max_running > n)
		basic_max_running = n;
	basic_max_held = basic_max_running * POOL_QUEUE_PER_THREAD;
	for (worker_count = 0; worker_count < n; worker_count++)
		if (pthread_create(&workers[worker_count], NULL, worker,
				   (void *)(uintptr_t)worker_count))
			return -1;
	return 0;
}

bool pool_has_room(void)
{
	bool room;

	pthread_mutex_lock(&lock);
	room = queued < queue_max;
	pthread_mutex_unlock(&lock);
	return room;
}

bool pool_submit(struct job *job)
{
	bool basic = is_basic(job);

	job->next = NULL;
	pthread_mutex_lock(&lock);
	if (basic && basic_held >= basic_max_held) {
		pthread_mutex_unlock(&lock);
		return false;
	}
	if (basic)
		basic_held++;
	*queue_tail = job;
	queue_tail = &job->next;
	queued++;
	pthread_cond_broadcast(&work);
	pthread_mutex_unlock(&lock);
	return true;
}

void pool_stop(void)
{
	unsigned int i;

	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_broadcast(&work);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < worker_count; i++)
		pthread_join(workers[i], NULL);
	worker_count = 0;
}
