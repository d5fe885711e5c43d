/* loop: the one event loop.  epoll waits on fds only: a signalfd for every
 * signal, a timerfd armed to the earliest timer, and the watchers that
 * modules register.  Watchers and timers are embedded in their owners (no
 * allocation per use).  Within one iteration, fd events are dispatched
 * first, then process exits (reaper), then due timers: so a probe that exits
 * in the same tick as its timeout counts as finished, not timed out. */
#ifndef PODINIT_LOOP_H
#define PODINIT_LOOP_H
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/signalfd.h>
#include <sys/types.h>

struct loop;
struct watcher;
struct timer;

typedef void (*watcher_cb)(struct loop *l, struct watcher *w, uint32_t events);
typedef void (*timer_cb)(struct loop *l, struct timer *t);
typedef void (*signal_cb)(struct loop *l, const struct signalfd_siginfo *si, void *arg);
typedef void (*exit_cb)(struct loop *l, pid_t pid, int wstatus, void *arg);
typedef void (*idle_cb)(struct loop *l, void *arg);

struct watcher {
	int	 fd;		/* -1 when not watched */
	uint32_t events;	/* EPOLLIN, EPOLLOUT, ... */
	watcher_cb cb;
	void	*arg;
};

struct timer {
	int64_t	 deadline;	/* absolute CLOCK_MONOTONIC ns */
	uint64_t seq;		/* start order: ties run in start order */
	size_t	 heap_index;	/* SIZE_MAX when not armed */
	timer_cb cb;
	void	*arg;
};

/* Setup (may fail; caller fatal()s).  Blocks every signal except the
 * synchronous fault signals, saving the original mask for children. */
struct loop *loop_new(void);
/* Block signals now (first thing in main, before parsing arguments, so a
 * signal sent early is queued rather than lost).  loop_new() calls it too. */
void	loop_block_signals_early(void);
void	loop_free(struct loop *l);

/* The mask and ignored set podinit inherited: children get them back. */
const sigset_t *loop_original_mask(const struct loop *l);

void	loop_on_signal(struct loop *l, signal_cb cb, void *arg);
/* Called at the end of every iteration (publish views, flush events). */
void	loop_on_idle(struct loop *l, idle_cb cb, void *arg);

/* Watchers.  loop_watch registers w for fd; loop_watch_modify changes the
 * event mask; loop_unwatch removes it (safe from inside any callback: pending
 * events for w in this iteration are dropped).  The fd is not closed. */
void	watcher_init(struct watcher *w, watcher_cb cb, void *arg);
int	loop_watch(struct loop *l, struct watcher *w, int fd, uint32_t events);
int	loop_watch_modify(struct loop *l, struct watcher *w, uint32_t events);
void	loop_unwatch(struct loop *l, struct watcher *w);
bool	watcher_active(const struct watcher *w);

/* Timers with absolute monotonic deadlines.  Restarting an armed timer
 * moves it.  A timer started from a timer callback with a deadline already
 * due runs in the next iteration, not this one. */
void	timer_init(struct timer *t, timer_cb cb, void *arg);
void	timer_start(struct loop *l, struct timer *t, int64_t deadline);
void	timer_stop(struct loop *l, struct timer *t);
bool	timer_active(const struct timer *t);

/* Child processes.  Every child podinit forks is registered here before the
 * loop can reap it (fork happens with SIGCHLD blocked, which it always is).
 * A registered pid gets its exit callback once; an unregistered pid is an
 * adopted orphan, counted (and warned about with `warn_orphans`). */
int	loop_child_add(struct loop *l, pid_t pid, exit_cb cb, void *arg);
/* Forget the callback but keep reaping quietly (an abandoned probe). */
void	loop_child_abandon(struct loop *l, pid_t pid);
bool	loop_child_known(const struct loop *l, pid_t pid);
size_t	loop_children(const struct loop *l);	/* registered, not yet reaped */
uint64_t loop_orphans_reaped(const struct loop *l);
void	loop_set_warn_orphans(struct loop *l, bool warn);
/* Drain waitpid(-1, WNOHANG) now (also done on every SIGCHLD). */
void	loop_reap(struct loop *l);

/* The time read at the top of this iteration; only the loop reads clocks. */
int64_t	loop_now(const struct loop *l);
/* The realtime (CLOCK_REALTIME ns) of this iteration: read at the first
 * call in a pass (or after loop_refresh_now), the same for the rest of it. */
int64_t	loop_real_now(struct loop *l);
/* Read the clock again for the rest of this pass: after work that took
 * long enough to matter (a spawn), so what follows is timed from when it
 * really happened rather than from the pass's wake-up.  The one exception
 * to "once per pass" (see loop.c). */
int64_t	loop_refresh_now(struct loop *l);
uint64_t loop_wakeups(const struct loop *l);

/* Run until loop_stop(); returns the code given to it. */
int	loop_run(struct loop *l);
void	loop_stop(struct loop *l, int code);
bool	loop_stopping(const struct loop *l);

#endif /* PODINIT_LOOP_H */
