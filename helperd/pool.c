// SPDX-License-Identifier: GPL-2.0-or-later
/* The worker threads and their bounded queue, serialised per connection. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "pool.h"

#define POOL_MAX_THREADS	64
#define POOL_QUEUE_PER_THREAD	8

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

static bool conn_running(uint64_t conn_id)
{
	unsigned int i;

	for (i = 0; i < worker_count; i++)
		if (busy[i] && running_conn[i] == conn_id)
			return true;
	return false;
}

/*
 * The oldest job whose connection is idle; called under lock.  An older
 * job of the same connection would have been taken before it, so a
 * connection's jobs run in the order they came.
 */
static struct job *take_runnable(void)
{
	struct job **p, *job;

	for (p = &queue_head; *p; p = &(*p)->next) {
		job = *p;
		if (conn_running(job->in.conn_id))
			continue;
		*p = job->next;
		if (queue_tail == &job->next)
			queue_tail = p;
		queued--;
		return job;
	}
	return NULL;
}

static void *worker(void *arg)
{
	unsigned int self = (uintptr_t)arg;
	struct job *job;
	bool was_full;

	pthread_mutex_lock(&lock);
	for (;;) {
		job = take_runnable();
		if (!job) {
			if (stopping && !queue_head)
				break;
			pthread_cond_wait(&work, &lock);
			continue;
		}
		was_full = queued + 1 == queue_max;
		busy[self] = true;
		running_conn[self] = job->in.conn_id;
		pthread_mutex_unlock(&lock);

		/* A full pipe means the dispatcher is due to wake anyway. */
		if (was_full && write(pool_wake_fd, "", 1) < 0)
			log_msg(LOG_DEBUG_LEVEL, "wake pipe full");
		dispatch_job(pool_cfg, &job->in);
		free(job);

		pthread_mutex_lock(&lock);
		busy[self] = false;
		/* A job of this connection may be runnable now. */
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

void pool_submit(struct job *job)
{
	job->next = NULL;
	pthread_mutex_lock(&lock);
	*queue_tail = job;
	queue_tail = &job->next;
	queued++;
	pthread_cond_broadcast(&work);
	pthread_mutex_unlock(&lock);
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
