/* Helpers for the probe component tests: start a python test server from
 * tests/servers/ (it prints its port, and exits when its stdin closes), and
 * run one probe attempt on a real loop while a 20 ms ticker measures how
 * responsive the loop stays. */
#ifndef PODINIT_TESTS_PROBE_HELPERS_H
#define PODINIT_TESTS_PROBE_HELPERS_H
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "podinit/clock.h"
#include "podinit/loop.h"
#include "podinit/probe.h"
#include "podinit/spec.h"

struct tserver {
	pid_t	 pid;
	int	 port;
	int	 in_fd;		/* its stdin: closing it stops the server */
};

static inline void
tserver_start(struct tserver *s, char *const argv[])
{
	int in[2], out[2];
	char line[32] = "";
	size_t n = 0;
	struct pollfd pfd;

	cr_assert(pipe2(in, O_CLOEXEC) == 0 && pipe2(out, O_CLOEXEC) == 0);
	s->pid = fork();
	cr_assert(s->pid >= 0);
	if (s->pid == 0) {
		sigset_t all;

		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		dup2(in[0], 0);
		dup2(out[1], 1);
		execv(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	s->in_fd = in[1];
	pfd.fd = out[0];
	pfd.events = POLLIN;
	while (n < sizeof line - 1 && strchr(line, '\n') == NULL) {
		ssize_t k;

		cr_assert(poll(&pfd, 1, 10000) == 1, "test server did not start");
		k = read(out[0], line + n, sizeof line - 1 - n);
		cr_assert(k > 0, "test server exited");
		n += (size_t)k;
		line[n] = '\0';
	}
	close(out[0]);
	s->port = atoi(line);
	cr_assert(s->port > 0);
}

static inline void
tserver_stop(struct tserver *s)
{
	if (s->pid > 0) {
		close(s->in_fd);
		kill(s->pid, SIGKILL);
		(void)waitpid(s->pid, NULL, 0);
		s->pid = 0;
	}
}

struct tprobe {
	struct probe_outcome out;
	bool	 done;
	int64_t	 started, ended;
	int64_t	 last_tick, max_gap;
	struct timer tick, guard;
};

static void
tprobe_done(struct loop *l, struct probe_run *r, const struct probe_outcome *out, void *arg)
{
	struct tprobe *t = arg;

	(void)r;
	t->out = *out;
	t->done = true;
	t->ended = loop_now(l);
	loop_stop(l, 0);
}

static void
tprobe_tick(struct loop *l, struct timer *tm)
{
	struct tprobe *t = tm->arg;
	int64_t now = loop_now(l);

	if (now - t->last_tick > t->max_gap)
		t->max_gap = now - t->last_tick;
	t->last_tick = now;
	timer_start(l, tm, now + 20 * NS_PER_MS);
}

static void
tprobe_guard(struct loop *l, struct timer *tm)
{
	(void)tm;
	loop_stop(l, 1);
}

/* Run one attempt; fails the test if it does not end by timeout + 3 s. */
static inline void
tprobe_run(struct tprobe *t, const struct handler_spec *h, int64_t timeout_ns,
    enum probe_mode mode)
{
	struct loop *l = loop_new();
	struct probe_run r;

	cr_assert(l != NULL);
	memset(t, 0, sizeof *t);
	probe_run_init(&r);
	t->started = t->last_tick = loop_now(l);
	timer_init(&t->tick, tprobe_tick, t);
	timer_init(&t->guard, tprobe_guard, t);
	timer_start(l, &t->tick, t->started + 20 * NS_PER_MS);
	timer_start(l, &t->guard, t->started + (timeout_ns ? timeout_ns : 5 * NS_PER_SEC) +
	    3 * NS_PER_SEC);
	cr_assert(probe_run_start(&r, l, h, NULL, timeout_ns, mode, tprobe_done, t) == 0);
	cr_assert(probe_run_busy(&r));
	(void)loop_run(l);
	cr_assert(t->done, "probe did not finish");
	cr_assert(!probe_run_busy(&r));
	probe_run_free(&r);
	timer_stop(l, &t->tick);
	timer_stop(l, &t->guard);
	loop_free(l);
}

static inline const char *
tprobe_result(const struct tprobe *t)
{
	static const char *const n[] = { "Success", "Failure", "Unknown" };

	return n[t->out.result];
}

#endif /* PODINIT_TESTS_PROBE_HELPERS_H */
