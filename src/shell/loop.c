/* loop: epoll + signalfd + one timerfd, a binary heap of timers, and the
 * pid table of every child podinit forked (the reaper).
 *
 * The loop is the only code that reads clocks: CLOCK_MONOTONIC once at
 * the top of each pass (loop_now), and the realtime clock at most once a
 * pass, when something asks for it (loop_real_now: event and condition
 * times, the status API's ages).  One named exception: loop_refresh_now
 * reads the monotonic clock again within a pass, after work long enough to
 * matter (a spawn), and the realtime is read again after it.
 *
 * Ordering rule within one iteration:
 *   1. fd events in arrival order (signalfd: SIGCHLD only sets need_reap;
 *      other signals go to the signal callback);
 *   2. process exits: waitpid(-1, WNOHANG) until none is left;
 *   3. timers whose deadline <= now, in (deadline, start order); timers
 *      started during this pass wait for the next one;
 *   4. the idle callback (publish views, flush events).
 * So an exit and a timeout in the same tick: the exit wins.
 *
 * An idle loop sleeps in epoll_wait(-1) with the timerfd disarmed: zero
 * wake-ups, unlike tini's one per second. */
#include "podinit/loop.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "podinit/clock.h"
#include "podinit/fdx.h"
#include "podinit/log.h"

#define MAX_EVENTS 64

struct child {
	pid_t	 pid;		/* 0 = empty slot, -1 = tombstone */
	exit_cb	 cb;		/* NULL = abandoned: reap quietly */
	void	*arg;
};

struct loop {
	int	 epfd, sigfd, timerfd;
	struct watcher sigw, timerw;
	int64_t	 now;
	int64_t	 real_now;	/* realtime of this pass, when real_valid */
	bool	 real_valid;
	int64_t	 armed;		/* deadline the timerfd is armed to, -1 = disarmed,
				 * TIMERFD_FIRED = expired and still readable */
	struct timer **heap;
	size_t	 nheap, capheap;
	struct timer **deferred;	/* due, but started during this pass */
	size_t	 ndeferred, capdeferred;
	uint64_t seq;
	struct epoll_event events[MAX_EVENTS];
	int	 nevents, cur_event;
	bool	 need_reap, need_timers;
	struct child *children;
	size_t	 nchildren, capchildren, used_slots;
	uint64_t orphans;
	bool	 warn_orphans;
	signal_cb on_signal;
	void	*on_signal_arg;
	idle_cb	 on_idle;
	void	*on_idle_arg;
	bool	 stopping;
	int	 stop_code;
	uint64_t wakeups;
};

/* ---- signals ---- */

static const int fault_signals[] = {
	SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS,
};

static sigset_t original_mask;
static bool signals_blocked;

void
loop_block_signals_early(void)
{
	sigset_t all;

	if (signals_blocked)
		return;
	sigfillset(&all);
	for (size_t i = 0; i < sizeof fault_signals / sizeof fault_signals[0]; i++)
		sigdelset(&all, fault_signals[i]);
	sigprocmask(SIG_SETMASK, &all, &original_mask);
	signals_blocked = true;
}

const sigset_t *
loop_original_mask(const struct loop *l)
{
	(void)l;
	return &original_mask;
}

/* ---- timer heap ---- */

static bool
timer_before(const struct timer *a, const struct timer *b)
{
	if (a->deadline != b->deadline)
		return a->deadline < b->deadline;
	return a->seq < b->seq;
}

static void
heap_swap(struct loop *l, size_t i, size_t j)
{
	struct timer *t = l->heap[i];

	l->heap[i] = l->heap[j];
	l->heap[j] = t;
	l->heap[i]->heap_index = i;
	l->heap[j]->heap_index = j;
}

static void
heap_up(struct loop *l, size_t i)
{
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!timer_before(l->heap[i], l->heap[parent]))
			break;
		heap_swap(l, i, parent);
		i = parent;
	}
}

static void
heap_down(struct loop *l, size_t i)
{
	for (;;) {
		size_t left = 2 * i + 1, right = left + 1, best = i;
		if (left < l->nheap && timer_before(l->heap[left], l->heap[best]))
			best = left;
		if (right < l->nheap && timer_before(l->heap[right], l->heap[best]))
			best = right;
		if (best == i)
			break;
		heap_swap(l, i, best);
		i = best;
	}
}

static void
heap_remove(struct loop *l, struct timer *t)
{
	size_t i = t->heap_index;

	t->heap_index = SIZE_MAX;
	l->nheap--;
	if (i == l->nheap)
		return;
	l->heap[i] = l->heap[l->nheap];
	l->heap[i]->heap_index = i;
	heap_down(l, i);
	heap_up(l, i);
}

/* heap_index of a timer parked in l->deferred for the rest of a pass. */
#define TIMER_DEFERRED (SIZE_MAX - 1)

void
timer_init(struct timer *t, timer_cb cb, void *arg)
{
	memset(t, 0, sizeof *t);
	t->heap_index = SIZE_MAX;
	t->cb = cb;
	t->arg = arg;
}

bool
timer_active(const struct timer *t)
{
	return t->heap_index != SIZE_MAX;
}

void
timer_stop(struct loop *l, struct timer *t)
{
	if (t->heap_index == TIMER_DEFERRED) {
		for (size_t i = 0; i < l->ndeferred; i++)
			if (l->deferred[i] == t) {
				l->deferred[i] = l->deferred[--l->ndeferred];
				break;
			}
		t->heap_index = SIZE_MAX;
		return;
	}
	if (timer_active(t))
		heap_remove(l, t);
}

/* Put t (deadline and seq already set) into the heap. */
static int
heap_insert(struct loop *l, struct timer *t)
{
	if (l->nheap == l->capheap) {
		size_t cap = l->capheap ? l->capheap * 2 : 64;
		struct timer **h = realloc(l->heap, cap * sizeof *h);
		if (h == NULL)
			return -1;
		l->heap = h;
		l->capheap = cap;
	}
	t->heap_index = l->nheap;
	l->heap[l->nheap++] = t;
	heap_up(l, t->heap_index);
	return 0;
}

void
timer_start(struct loop *l, struct timer *t, int64_t deadline)
{
	timer_stop(l, t);
	t->deadline = deadline;
	t->seq = ++l->seq;
	if (heap_insert(l, t) == -1) {
		/* Out of memory in the running loop: log, and fire at once
		 * instead of losing the timer forever. */
		log_warnx("timer heap: out of memory");
		if (t->cb)
			t->cb(l, t);
	}
}

/* Not a deadline: forces the next timerfd_rearm to call timerfd_settime. */
#define TIMERFD_FIRED	(-2)

static void
timerfd_rearm(struct loop *l)
{
	/* -1 = disarmed; a deadline at or before 0 is long due: 1 ns. */
	int64_t want = l->nheap ? (l->heap[0]->deadline > 0 ? l->heap[0]->deadline : 1) : -1;
	struct itimerspec its;

	if (want == l->armed)
		return;
	memset(&its, 0, sizeof its);
	if (want > 0) {
		its.it_value.tv_sec = want / NS_PER_SEC;
		its.it_value.tv_nsec = want % NS_PER_SEC;
	}
	if (timerfd_settime(l->timerfd, TFD_TIMER_ABSTIME, &its, NULL) == -1)
		log_warn("timerfd_settime");
	l->armed = want;
}

/* Run every timer due at `now` in (deadline, start order).  A timer
 * (re)started by a callback of this pass is parked until the pass ends, so
 * it runs in the next pass even when already due, and the older due timers
 * behind it still run now (redis ae's maxId). */
static void
run_timers(struct loop *l)
{
	uint64_t pass_seq = l->seq;

	while (l->nheap > 0) {
		struct timer *t = l->heap[0];
		if (t->deadline > l->now)
			break;
		heap_remove(l, t);
		if (t->seq > pass_seq) {
			if (l->ndeferred == l->capdeferred) {
				size_t cap = l->capdeferred ? l->capdeferred * 2 : 16;
				struct timer **d = realloc(l->deferred, cap * sizeof *d);
				if (d == NULL) {
					/* Cannot park it: run it now rather than lose it. */
					if (t->cb)
						t->cb(l, t);
					continue;
				}
				l->deferred = d;
				l->capdeferred = cap;
			}
			t->heap_index = TIMER_DEFERRED;
			l->deferred[l->ndeferred++] = t;
			continue;
		}
		if (t->cb)
			t->cb(l, t);
	}
	while (l->ndeferred > 0) {
		struct timer *t = l->deferred[--l->ndeferred];
		t->heap_index = SIZE_MAX;
		if (heap_insert(l, t) == -1 && t->cb)
			t->cb(l, t);
	}
}

/* ---- watchers ---- */

void
watcher_init(struct watcher *w, watcher_cb cb, void *arg)
{
	w->fd = -1;
	w->events = 0;
	w->cb = cb;
	w->arg = arg;
}

bool
watcher_active(const struct watcher *w)
{
	return w->fd >= 0;
}

int
loop_watch(struct loop *l, struct watcher *w, int fd, uint32_t events)
{
	struct epoll_event ev;

	if (watcher_active(w))
		loop_unwatch(l, w);
	memset(&ev, 0, sizeof ev);
	ev.events = events;
	ev.data.ptr = w;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) == -1)
		return -1;
	w->fd = fd;
	w->events = events;
	return 0;
}

int
loop_watch_modify(struct loop *l, struct watcher *w, uint32_t events)
{
	struct epoll_event ev;

	if (!watcher_active(w)) {
		errno = EBADF;
		return -1;
	}
	if (events == w->events)
		return 0;
	memset(&ev, 0, sizeof ev);
	ev.events = events;
	ev.data.ptr = w;
	if (epoll_ctl(l->epfd, EPOLL_CTL_MOD, w->fd, &ev) == -1)
		return -1;
	w->events = events;
	return 0;
}

void
loop_unwatch(struct loop *l, struct watcher *w)
{
	if (!watcher_active(w))
		return;
	(void)epoll_ctl(l->epfd, EPOLL_CTL_DEL, w->fd, NULL);
	w->fd = -1;
	w->events = 0;
	/* Drop events for w still pending in this iteration (libuv's
	 * invalidate_fd): the owner may reuse w for another fd at once. */
	for (int i = l->cur_event + 1; i < l->nevents; i++)
		if (l->events[i].data.ptr == w)
			l->events[i].data.ptr = NULL;
}

/* ---- children ---- */

static size_t
child_slot(const struct loop *l, pid_t pid)
{
	return ((size_t)pid * 2654435761u) & (l->capchildren - 1);
}

static struct child *
child_find(const struct loop *l, pid_t pid)
{
	if (l->capchildren == 0)
		return NULL;
	for (size_t i = child_slot(l, pid), n = 0; n < l->capchildren;
	    i = (i + 1) & (l->capchildren - 1), n++) {
		if (l->children[i].pid == pid)
			return &l->children[i];
		if (l->children[i].pid == 0)
			return NULL;
	}
	return NULL;
}

static int
children_grow(struct loop *l)
{
	size_t cap = l->capchildren ? l->capchildren * 2 : 64;
	struct child *old = l->children;
	size_t oldcap = l->capchildren;
	struct child *c = calloc(cap, sizeof *c);

	if (c == NULL)
		return -1;
	l->children = c;
	l->capchildren = cap;
	l->used_slots = 0;
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i].pid <= 0)
			continue;
		size_t j = child_slot(l, old[i].pid);
		while (l->children[j].pid != 0)
			j = (j + 1) & (cap - 1);
		l->children[j] = old[i];
		l->used_slots++;
	}
	free(old);
	return 0;
}

int
loop_child_add(struct loop *l, pid_t pid, exit_cb cb, void *arg)
{
	struct child *c = child_find(l, pid);

	if (c == NULL) {
		if ((l->used_slots + 1) * 2 > l->capchildren && children_grow(l) == -1)
			return -1;
		size_t i = child_slot(l, pid);
		while (l->children[i].pid > 0)
			i = (i + 1) & (l->capchildren - 1);
		c = &l->children[i];
		if (c->pid == 0)
			l->used_slots++;
		l->nchildren++;
	}
	c->pid = pid;
	c->cb = cb;
	c->arg = arg;
	return 0;
}

void
loop_child_abandon(struct loop *l, pid_t pid)
{
	struct child *c = child_find(l, pid);

	if (c != NULL) {
		c->cb = NULL;
		c->arg = NULL;
	}
}

bool
loop_child_known(const struct loop *l, pid_t pid)
{
	return child_find(l, pid) != NULL;
}

size_t
loop_children(const struct loop *l)
{
	return l->nchildren;
}

uint64_t
loop_orphans_reaped(const struct loop *l)
{
	return l->orphans;
}

void
loop_set_warn_orphans(struct loop *l, bool warn)
{
	l->warn_orphans = warn;
}

void
loop_reap(struct loop *l)
{
	pid_t pid;
	int st;

	l->need_reap = false;
	for (;;) {
		pid = waitpid(-1, &st, WNOHANG);
		if (pid == -1 && errno == EINTR)
			continue;
		if (pid <= 0)
			break;	/* 0: none left; -1/ECHILD: no children */
		struct child *c = child_find(l, pid);
		if (c == NULL) {
			l->orphans++;
			if (l->warn_orphans)
				log_warnx("reaped zombie process %d, not a child of podinit", (int)pid);
			continue;
		}
		exit_cb cb = c->cb;
		void *arg = c->arg;
		/* Drop the pid before anything else runs: from here on it may
		 * be reused, so nobody may signal it (DESIGN §1.5). */
		c->pid = -1;
		c->cb = NULL;
		l->nchildren--;
		if (cb)
			cb(l, pid, st, arg);
	}
}

/* ---- the loop ---- */

static void
on_signalfd(struct loop *l, struct watcher *w, uint32_t events)
{
	struct signalfd_siginfo si[8];
	ssize_t r;

	(void)w;
	(void)events;
	/* Several at a time; a short read means the queue is drained, so
	 * the usual lone signal costs one read, not a second for EAGAIN. */
	do {
		r = read(l->sigfd, si, sizeof si);
		if (r <= 0)
			break;	/* EAGAIN: drained (signals coalesce) */
		for (size_t i = 0; i < (size_t)r / sizeof si[0]; i++) {
			if (si[i].ssi_signo == SIGCHLD) {
				l->need_reap = true;
				continue;
			}
			if (l->on_signal)
				l->on_signal(l, &si[i], l->on_signal_arg);
		}
	} while (r == (ssize_t)sizeof si);
}

static void
on_timerfd(struct loop *l, struct watcher *w, uint32_t events)
{
	(void)w;
	(void)events;
	/* No read(2): the timerfd_settime that timerfd_rearm now always makes
	 * (arming or disarming) resets the expiration count, which is what
	 * makes the fd readable.  One syscall less per timer wake-up. */
	l->armed = TIMERFD_FIRED;
	l->need_timers = true;
}

struct loop *
loop_new(void)
{
	struct loop *l = calloc(1, sizeof *l);
	sigset_t mask;

	if (l == NULL)
		return NULL;
	loop_block_signals_early();
	l->epfd = l->sigfd = l->timerfd = -1;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	sigprocmask(SIG_SETMASK, NULL, &mask);
	l->sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	l->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (l->epfd == -1 || l->sigfd == -1 || l->timerfd == -1) {
		loop_free(l);
		return NULL;
	}
	watcher_init(&l->sigw, on_signalfd, NULL);
	watcher_init(&l->timerw, on_timerfd, NULL);
	if (loop_watch(l, &l->sigw, l->sigfd, EPOLLIN) == -1 ||
	    loop_watch(l, &l->timerw, l->timerfd, EPOLLIN) == -1) {
		loop_free(l);
		return NULL;
	}
	l->now = clock_mono();
	l->cur_event = -1;
	l->armed = -1;
	return l;
}

void
loop_free(struct loop *l)
{
	if (l == NULL)
		return;
	fdx_close(&l->epfd);
	fdx_close(&l->sigfd);
	fdx_close(&l->timerfd);
	free(l->heap);
	free(l->deferred);
	free(l->children);
	free(l);
}

void
loop_on_signal(struct loop *l, signal_cb cb, void *arg)
{
	l->on_signal = cb;
	l->on_signal_arg = arg;
}

void
loop_on_idle(struct loop *l, idle_cb cb, void *arg)
{
	l->on_idle = cb;
	l->on_idle_arg = arg;
}

int64_t
loop_now(const struct loop *l)
{
	return l->now;
}

int64_t
loop_refresh_now(struct loop *l)
{
	int64_t t = clock_mono();

	if (t > l->now)
		l->now = t;
	l->real_valid = false;
	return l->now;
}

int64_t
loop_real_now(struct loop *l)
{
	if (!l->real_valid) {
		l->real_now = clock_real();
		l->real_valid = true;
	}
	return l->real_now;
}

uint64_t
loop_wakeups(const struct loop *l)
{
	return l->wakeups;
}

void
loop_stop(struct loop *l, int code)
{
	if (!l->stopping)
		l->stop_code = code;
	l->stopping = true;
}

bool
loop_stopping(const struct loop *l)
{
	return l->stopping;
}

int
loop_run(struct loop *l)
{
	while (!l->stopping) {
		int timeout = -1;

		/* A timer already due (one a callback of the last pass started
		 * for "now", e.g. a probe's report): only look for I/O, and
		 * leave the timerfd alone.  Arming it for the past would cost a
		 * settime and a timer interrupt to learn what we know. */
		if (l->nheap > 0 && l->heap[0]->deadline <= l->now)
			timeout = 0;
		else
			timerfd_rearm(l);
		l->nevents = epoll_wait(l->epfd, l->events, MAX_EVENTS, timeout);
		l->now = clock_mono();
		l->real_valid = false;
		if (l->nevents == -1) {
			l->nevents = 0;
			if (errno != EINTR)
				log_warn("epoll_wait");
			continue;
		}
		l->wakeups++;
		for (l->cur_event = 0; l->cur_event < l->nevents; l->cur_event++) {
			struct watcher *w = l->events[l->cur_event].data.ptr;
			if (w == NULL || !watcher_active(w) || w->cb == NULL)
				continue;
			w->cb(l, w, l->events[l->cur_event].events);
		}
		l->cur_event = -1;
		l->nevents = 0;
		if (l->need_reap)
			loop_reap(l);
		if (l->need_timers || (l->nheap && l->heap[0]->deadline <= l->now)) {
			l->need_timers = false;
			run_timers(l);
		}
		if (l->on_idle)
			l->on_idle(l, l->on_idle_arg);
	}
	return l->stop_code;
}
