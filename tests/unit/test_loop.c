/* Unit tests of the event loop through a real struct loop: timer heap
 * ordering (deadline, then start order), deletion and restart, timers
 * started from a callback wait for the next pass, process exits before
 * timers in one iteration, reaping of registered and unregistered
 * children, watchers and signals, and no wake-up without a reason. */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "podinit/clock.h"
#include "podinit/loop.h"

#define MAXREC 4096

static struct loop *L;
static int rec[MAXREC];		/* ids in callback order */
static uint64_t rec_wake[MAXREC];	/* loop_wakeups() at each callback */
static size_t nrec;

static void
record(int id)
{
	cr_assert_lt(nrec, MAXREC);
	rec_wake[nrec] = loop_wakeups(L);
	rec[nrec++] = id;
}

static void
setup(void)
{
	L = loop_new();
	cr_assert_not_null(L, "loop_new");
	nrec = 0;
}

static void
teardown(void)
{
	loop_free(L);
}

TestSuite(loop, .init = setup, .fini = teardown);

static void
rec_cb(struct loop *l, struct timer *t)
{
	(void)l;
	record((int)(intptr_t)t->arg);
}

static void
stop_cb(struct loop *l, struct timer *t)
{
	record((int)(intptr_t)t->arg);
	loop_stop(l, 42);
}

static void
assert_order(const int *want, size_t n)
{
	cr_assert_eq(nrec, n, "%zu callbacks, want %zu", nrec, n);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(rec[i], want[i], "callback %zu: %d, want %d", i, rec[i], want[i]);
}

Test(loop, timers_by_deadline_then_start_order)
{
	struct timer t[6];
	int64_t now = clock_mono();
	static const int64_t off_ms[] = { 30, 10, 20, 10, 0, 60 };
	static const int want[] = { 4, 1, 3, 2, 0, 5 };

	for (int i = 0; i < 6; i++) {
		timer_init(&t[i], i == 5 ? stop_cb : rec_cb, (void *)(intptr_t)i);
		timer_start(L, &t[i], now + off_ms[i] * NS_PER_MS);
		cr_assert(timer_active(&t[i]));
	}
	cr_assert_eq(loop_run(L), 42);
	assert_order(want, 6);
	for (int i = 0; i < 6; i++)
		cr_assert(!timer_active(&t[i]), "timer %d still armed after firing", i);
	/* Never early. */
	cr_assert_geq(clock_mono(), now + 60 * NS_PER_MS);
}

Test(loop, timer_stop_and_restart)
{
	struct timer a, b, c, d, end;
	int64_t now = clock_mono();
	static const int want[] = { 1, 2, 4, 9 };

	timer_init(&a, rec_cb, (void *)1);
	timer_init(&b, rec_cb, (void *)2);
	timer_init(&c, rec_cb, (void *)3);
	timer_init(&d, rec_cb, (void *)4);
	timer_init(&end, stop_cb, (void *)9);
	timer_start(L, &a, now + 50 * NS_PER_MS);
	timer_start(L, &b, now + 10 * NS_PER_MS);
	timer_start(L, &c, now + 20 * NS_PER_MS);
	timer_start(L, &d, now + 5 * NS_PER_MS);
	timer_start(L, &end, now + 80 * NS_PER_MS);
	/* Delete c; move a before b; move d after b; stopping twice is fine. */
	timer_stop(L, &c);
	timer_stop(L, &c);
	cr_assert(!timer_active(&c));
	timer_start(L, &a, now + 1 * NS_PER_MS);
	timer_start(L, &d, now + 30 * NS_PER_MS);
	cr_assert_eq(loop_run(L), 42);
	assert_order(want, 4);
}

/* The earliest timer removed: the timerfd must not wake for it. */
Test(loop, stopping_the_earliest_timer)
{
	struct timer early, late;
	int64_t now = clock_mono();
	static const int want[] = { 2 };

	timer_init(&early, rec_cb, (void *)1);
	timer_init(&late, stop_cb, (void *)2);
	timer_start(L, &early, now + 5 * NS_PER_MS);
	timer_start(L, &late, now + 40 * NS_PER_MS);
	timer_stop(L, &early);
	cr_assert_eq(loop_run(L), 42);
	assert_order(want, 1);
	cr_assert_eq(loop_wakeups(L), 1, "woke %llu times for one timer",
	    (unsigned long long)loop_wakeups(L));
}

/* Heap stress: many timers, some stopped, some restarted, all due at
 * once: they must run in (deadline, start order) order. */
#define NSTRESS 3000
static struct timer st[NSTRESS];
static int64_t st_deadline[NSTRESS];
static uint64_t st_order[NSTRESS];	/* restart order, for ties */
static bool st_live[NSTRESS];

static int
cmp_stress(const void *a, const void *b)
{
	int i = *(const int *)a, j = *(const int *)b;

	if (st_deadline[i] != st_deadline[j])
		return st_deadline[i] < st_deadline[j] ? -1 : 1;
	return st_order[i] < st_order[j] ? -1 : 1;
}

Test(loop, heap_stress)
{
	int64_t base = clock_mono() - NS_PER_SEC;
	uint64_t order = 0;
	unsigned seed = 12345;
	struct timer end;
	static int want[NSTRESS];
	size_t nwant = 0;

	for (int i = 0; i < NSTRESS; i++) {
		timer_init(&st[i], rec_cb, (void *)(intptr_t)i);
		st_deadline[i] = base + (int64_t)(rand_r(&seed) % 500) * NS_PER_MS / 10;
		st_order[i] = ++order;
		timer_start(L, &st[i], st_deadline[i]);
		st_live[i] = true;
	}
	for (int k = 0; k < NSTRESS; k++) {
		int i = (int)(rand_r(&seed) % NSTRESS);
		switch (rand_r(&seed) % 3) {
		case 0:
			timer_stop(L, &st[i]);
			st_live[i] = false;
			break;
		case 1:
			st_deadline[i] = base + (int64_t)(rand_r(&seed) % 500) * NS_PER_MS / 10;
			st_order[i] = ++order;
			timer_start(L, &st[i], st_deadline[i]);
			st_live[i] = true;
			break;
		default:
			break;
		}
	}
	for (int i = 0; i < NSTRESS; i++) {
		cr_assert_eq(timer_active(&st[i]), st_live[i], "timer %d", i);
		if (st_live[i])
			want[nwant++] = i;
	}
	qsort(want, nwant, sizeof want[0], cmp_stress);
	timer_init(&end, stop_cb, (void *)-1);
	timer_start(L, &end, clock_mono() + 20 * NS_PER_MS);
	cr_assert_eq(loop_run(L), 42);
	cr_assert_eq(nrec, nwant + 1);
	for (size_t i = 0; i < nwant; i++)
		cr_assert_eq(rec[i], want[i], "position %zu: timer %d, want %d", i, rec[i], want[i]);
	cr_assert_eq(rec[nwant], -1);
}

/* A timer (re)started from a callback with a deadline already due runs in
 * the next pass, after the ones already due in this pass. */
static struct timer chain_a, chain_b, chain_c, chain_end;

static void
chain_a_cb(struct loop *l, struct timer *t)
{
	(void)t;
	record(1);
	timer_start(l, &chain_c, clock_mono() - NS_PER_SEC);
}

static void
chain_c_cb(struct loop *l, struct timer *t)
{
	(void)t;
	record(3);
	timer_start(l, &chain_end, clock_mono());
}

Test(loop, timer_started_in_callback_waits_for_next_pass)
{
	int64_t past = clock_mono() - NS_PER_MS;
	static const int want[] = { 1, 2, 3, 9 };

	timer_init(&chain_a, chain_a_cb, NULL);
	timer_init(&chain_b, rec_cb, (void *)2);
	timer_init(&chain_c, chain_c_cb, NULL);
	timer_init(&chain_end, stop_cb, (void *)9);
	timer_start(L, &chain_a, past);
	timer_start(L, &chain_b, past + 1);
	cr_assert_eq(loop_run(L), 42);
	assert_order(want, 4);
	cr_assert_eq(rec_wake[0], rec_wake[1], "a and b in one pass");
	cr_assert_gt(rec_wake[2], rec_wake[1], "c ran in the same pass that started it");
}

/* A timer stopped by an earlier callback of the same pass does not run. */
static struct timer kill_victim;

static void
killer_cb(struct loop *l, struct timer *t)
{
	(void)t;
	record(1);
	timer_stop(l, &kill_victim);
}

Test(loop, timer_stopped_by_earlier_callback)
{
	struct timer killer, end;
	int64_t past = clock_mono() - NS_PER_MS;
	static const int want[] = { 1, 9 };

	timer_init(&killer, killer_cb, NULL);
	timer_init(&kill_victim, rec_cb, (void *)2);
	timer_init(&end, stop_cb, (void *)9);
	timer_start(L, &killer, past);
	timer_start(L, &kill_victim, past + 1);
	timer_start(L, &end, clock_mono() + 10 * NS_PER_MS);
	cr_assert_eq(loop_run(L), 42);
	assert_order(want, 2);
}

/* ---- children ---- */

static void
exit_rec(struct loop *l, pid_t pid, int wstatus, void *arg)
{
	(void)l;
	(void)pid;
	cr_assert(WIFEXITED(wstatus));
	record(100 + WEXITSTATUS(wstatus));
	(void)arg;
}

static pid_t
fork_exit(int code)
{
	pid_t p = fork();

	cr_assert_neq(p, -1);
	if (p == 0)
		_exit(code);
	return p;
}

/* Wait (without reaping) until pid is a zombie, so its SIGCHLD is pending. */
static void
await_zombie(pid_t p)
{
	siginfo_t si;

	memset(&si, 0, sizeof si);
	while (waitid(P_PID, (id_t)p, &si, WEXITED | WNOWAIT) == -1 && errno == EINTR)
		;
	cr_assert_eq(si.si_pid, p);
}

/* Exit and timeout in the same tick: the exit is handled first. */
Test(loop, exit_before_timer_in_one_iteration)
{
	struct timer t;
	pid_t p = fork_exit(5);
	static const int want[] = { 105, 9 };

	cr_assert_eq(loop_child_add(L, p, exit_rec, NULL), 0);
	await_zombie(p);
	timer_init(&t, stop_cb, (void *)9);
	timer_start(L, &t, clock_mono() - NS_PER_MS);
	cr_assert_eq(loop_run(L), 42);
	assert_order(want, 2);
	cr_assert_eq(rec_wake[0], rec_wake[1], "not in one iteration");
	cr_assert_eq(loop_children(L), 0);
	cr_assert(!loop_child_known(L, p));
}

static int n_exited;

static void
count_exit(struct loop *l, pid_t pid, int wstatus, void *arg)
{
	(void)pid;
	(void)arg;
	cr_assert(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 7);
	if (++n_exited == 300)
		loop_stop(l, 0);
}

/* Many registered children (table growth, tombstones): one callback each. */
Test(loop, many_children)
{
	n_exited = 0;
	for (int i = 0; i < 300; i++) {
		pid_t p = fork_exit(7);
		cr_assert_eq(loop_child_add(L, p, count_exit, NULL), 0);
		cr_assert(loop_child_known(L, p));
	}
	cr_assert_eq(loop_run(L), 0);
	cr_assert_eq(n_exited, 300);
	cr_assert_eq(loop_children(L), 0);
	cr_assert_eq(loop_orphans_reaped(L), 0);
}

Test(loop, unregistered_and_abandoned)
{
	pid_t orphan = fork_exit(1);
	pid_t quiet = fork_exit(2);
	pid_t known = fork_exit(3);
	static const int want[] = { 103 };

	cr_assert_eq(loop_child_add(L, quiet, exit_rec, NULL), 0);
	cr_assert_eq(loop_child_add(L, known, exit_rec, NULL), 0);
	loop_child_abandon(L, quiet);
	cr_assert_eq(loop_children(L), 2);
	await_zombie(orphan);
	await_zombie(quiet);
	await_zombie(known);
	loop_reap(L);
	assert_order(want, 1);
	cr_assert_eq(loop_orphans_reaped(L), 1, "the unregistered one counts as an orphan");
	cr_assert_eq(loop_children(L), 0);
	cr_assert_eq(waitpid(-1, NULL, WNOHANG), -1, "left a zombie");
}

/* ---- watchers and signals ---- */

static int pipes[2][2];
static struct watcher pw[2];

static void
pipe_cb(struct loop *l, struct watcher *w, uint32_t events)
{
	int me = w == &pw[0] ? 0 : 1;

	cr_assert(events & EPOLLIN);
	record(me);
	/* Unwatching the other one drops its pending event. */
	loop_unwatch(l, &pw[1 - me]);
	loop_unwatch(l, w);
	loop_stop(l, 0);
}

Test(loop, unwatch_drops_pending_event)
{
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(pipe2(pipes[i], O_CLOEXEC), 0);
		watcher_init(&pw[i], pipe_cb, NULL);
		cr_assert(!watcher_active(&pw[i]));
		cr_assert_eq(loop_watch(L, &pw[i], pipes[i][0], EPOLLIN), 0);
		cr_assert(watcher_active(&pw[i]));
		cr_assert_eq(write(pipes[i][1], "x", 1), 1);
	}
	cr_assert_eq(loop_run(L), 0);
	cr_assert_eq(nrec, 1, "both callbacks ran");
	cr_assert(!watcher_active(&pw[0]) && !watcher_active(&pw[1]));
}

static void
sig_cb(struct loop *l, const struct signalfd_siginfo *si, void *arg)
{
	(void)arg;
	record((int)si->ssi_signo);
	if (si->ssi_signo == SIGUSR2)
		loop_stop(l, 0);
}

Test(loop, signals_arrive_via_signalfd)
{
	sigset_t cur;

	/* Blocked (so queued for the signalfd), fault signals excepted. */
	sigprocmask(SIG_SETMASK, NULL, &cur);
	cr_assert(sigismember(&cur, SIGTERM) && sigismember(&cur, SIGUSR1));
	cr_assert(sigismember(&cur, SIGCHLD) && sigismember(&cur, SIGHUP));
	cr_assert(!sigismember(&cur, SIGSEGV) && !sigismember(&cur, SIGBUS));
	cr_assert(!sigismember(&cur, SIGFPE) && !sigismember(&cur, SIGILL));
	cr_assert(!sigismember(&cur, SIGABRT) && !sigismember(&cur, SIGSYS));
	cr_assert(!sigismember(&cur, SIGTRAP));
	/* Criterion's worker had an empty mask: that is what children get back. */
	cr_assert(!sigismember(loop_original_mask(L), SIGTERM));
	loop_on_signal(L, sig_cb, NULL);
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR2);
	cr_assert_eq(loop_run(L), 0);
	cr_assert_eq(nrec, 2);
	cr_assert_eq(rec[0], SIGUSR1);
	cr_assert_eq(rec[1], SIGUSR2);
}

/* No timers, no fds: a timer far away must not cause wake-ups before it.
 * 300 ms of idling, then one wake-up for the timer itself. */
Test(loop, no_spurious_wakeups)
{
	struct timer t;

	timer_init(&t, stop_cb, (void *)1);
	timer_start(L, &t, clock_mono() + 300 * NS_PER_MS);
	cr_assert_eq(loop_run(L), 42);
	cr_assert_eq(loop_wakeups(L), 1, "%llu wake-ups", (unsigned long long)loop_wakeups(L));
}

static void
alarm_stop_cb(struct loop *l, const struct signalfd_siginfo *si, void *arg)
{
	(void)arg;
	if (si->ssi_signo == SIGALRM)
		loop_stop(l, 7);
}

/* The timerfd is never read: after it fired with no timer left, the loop
 * must still disarm it (which clears its readiness) or it would spin.
 * One wake-up for the timer, one for the signal that ends the test. */
Test(loop, fired_timerfd_is_disarmed_without_a_read)
{
	struct timer t;
	struct itimerval it = { .it_value = { .tv_sec = 0, .tv_usec = 60000 } };
	static const int want[] = { 1 };

	timer_init(&t, rec_cb, (void *)1);
	timer_start(L, &t, clock_mono() + 5 * NS_PER_MS);
	loop_on_signal(L, alarm_stop_cb, NULL);
	cr_assert(setitimer(ITIMER_REAL, &it, NULL) == 0);
	cr_assert_eq(loop_run(L), 7);
	assert_order(want, 1);
	cr_assert_eq(loop_wakeups(L), 2, "%llu wake-ups", (unsigned long long)loop_wakeups(L));
}

static int idle_calls;

static void
idle_cb_fn(struct loop *l, void *arg)
{
	(void)arg;
	idle_calls++;
	if (nrec > 0)
		loop_stop(l, 0);
}

Test(loop, idle_after_each_iteration)
{
	struct timer t;

	idle_calls = 0;
	loop_on_idle(L, idle_cb_fn, NULL);
	timer_init(&t, rec_cb, (void *)1);
	timer_start(L, &t, clock_mono());
	cr_assert_eq(loop_run(L), 0);
	cr_assert_eq(idle_calls, (int)loop_wakeups(L));
}

/* loop_stop keeps the first code. */
Test(loop, stop_code_first_wins)
{
	loop_stop(L, 3);
	loop_stop(L, 4);
	cr_assert(loop_stopping(L));
	cr_assert_eq(loop_run(L), 3);
}

/* A deadline long past (CLOCK_MONOTONIC 0 here) is simply due: it must
 * fire at once, not be mistaken for "disarmed" and sleep until something
 * else wakes the loop.  A watchdog child writes to a pipe after 1 s so a
 * failure shows as lateness instead of a hang. */
static void
watchdog_cb(struct loop *l, struct watcher *w, uint32_t events)
{
	(void)events;
	record(2);
	loop_unwatch(l, w);
}

Test(loop, deadline_zero_is_due)
{
	struct timer t;
	struct watcher w;
	int p[2];
	pid_t dog;
	int64_t t0 = clock_mono(), took;

	cr_assert_eq(pipe2(p, O_CLOEXEC), 0);
	dog = fork();
	if (dog == 0) {
		usleep(1000000);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		_exit(0);
	}
	cr_assert_eq(loop_child_add(L, dog, NULL, NULL), 0);
	watcher_init(&w, watchdog_cb, NULL);
	cr_assert_eq(loop_watch(L, &w, p[0], EPOLLIN), 0);
	timer_init(&t, stop_cb, (void *)1);
	timer_start(L, &t, 0);
	cr_assert_eq(loop_run(L), 42);
	took = clock_mono() - t0;
	kill(dog, SIGKILL);
	cr_assert_eq(rec[0], 1, "the watchdog woke the loop first");
	cr_assert_lt(took, 500 * NS_PER_MS, "a due timer fired after %lld ms", (long long)(took / NS_PER_MS));
}

/* loop_now is the time the pass woke; loop_refresh_now moves it to the
 * clock (after a spawn) for the rest of the pass, never backwards. */
Test(loop, refresh_now_reads_the_clock_again)
{
	struct timespec ms = { 0, 2 * 1000 * 1000 };
	int64_t woke = loop_now(L), refreshed;

	nanosleep(&ms, NULL);
	cr_assert_eq(loop_now(L), woke, "loop_now is cached");
	refreshed = loop_refresh_now(L);
	cr_assert_geq(refreshed - woke, 2 * NS_PER_MS);
	cr_assert_eq(loop_now(L), refreshed);
	cr_assert_geq(loop_refresh_now(L), refreshed);
}

/* loop_real_now is read once per pass (the first call), then the same for
 * the rest of it; the next pass or a loop_refresh_now reads it again. */
static int64_t real_in_pass[2];
static size_t n_real;

static void
real_cb(struct loop *l, struct timer *t)
{
	(void)t;
	if (n_real < 2)
		real_in_pass[n_real++] = loop_real_now(l);
	if (n_real == 2)
		loop_stop(l, 0);
}

Test(loop, real_now_once_per_pass)
{
	struct timespec ms = { 0, 2 * 1000 * 1000 };
	struct timer t1, t2;
	int64_t first = loop_real_now(L), again;

	nanosleep(&ms, NULL);
	cr_assert_eq(loop_real_now(L), first, "read once in a pass");
	loop_refresh_now(L);
	again = loop_real_now(L);
	cr_assert_geq(again - first, 2 * NS_PER_MS, "read again after loop_refresh_now");

	timer_init(&t1, real_cb, NULL);
	timer_init(&t2, real_cb, NULL);
	timer_start(L, &t1, loop_now(L));
	timer_start(L, &t2, loop_now(L) + 5 * NS_PER_MS);
	loop_run(L);
	cr_assert_eq(n_real, 2);
	cr_assert_geq(real_in_pass[0], again);
	cr_assert_geq(real_in_pass[1] - real_in_pass[0], 4 * NS_PER_MS, "a later pass reads it again");
}
