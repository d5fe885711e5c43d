/* probe: one probe or hook attempt on the loop.  Owns dispatch by handler
 * kind, the deadline timer, completion (probe_finish) and the sleep hook.
 *
 * r->timer does three jobs, one at a time: the attempt's deadline (or the
 * sleep hook's end) while it is in flight, then "report now" once
 * probe_finish has recorded the outcome, so the callback always runs from
 * the loop and never inside probe_run_start.  An attempt is in flight while
 * r->out.duration_ns < 0; probe_finish sets it. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "podinit/fdx.h"
#include "podinit/log.h"
#include "probe_internal.h"

static bool
in_flight(const struct probe_run *r)
{
	return r->busy && r->out.duration_ns < 0;
}

static void
on_timer(struct loop *l, struct timer *t)
{
	struct probe_run *r = t->arg;

	(void)l;
	if (!r->busy)
		return;
	if (!in_flight(r)) {
		/* The outcome is recorded: report it.  The run is idle
		 * before the callback, so the callback may start it again
		 * (copy *out first: a new attempt overwrites it). */
		r->busy = false;
		if (r->cb != NULL)
			r->cb(r->loop, r, &r->out, r->arg);
		return;
	}
	switch (r->h->kind) {
	case HANDLER_EXEC:
		probe_exec_timeout(r);
		break;
	case HANDLER_TCP_SOCKET:
		probe_tcp_timeout(r);
		break;
	case HANDLER_HTTP_GET:
		probe_http_timeout(r);
		break;
	case HANDLER_GRPC:
		probe_grpc_timeout(r);
		break;
	case HANDLER_SLEEP:
		/* The sleep's own end, or a deadline given to a sleep hook. */
		if (r->deadline != 0 && loop_now(r->loop) >= r->deadline &&
		    loop_now(r->loop) < r->started + r->h->sleep_ns)
			probe_finish(r, PROBE_FAILURE, false,
			    "container terminated before sleep hook finished");
		else
			probe_finish(r, PROBE_SUCCESS, false, "%s", "");
		break;
	case HANDLER_NONE:
		probe_finish(r, PROBE_UNKNOWN, false, "missing probe handler");
		break;
	}
}

void
probe_run_init(struct probe_run *r)
{
	memset(r, 0, sizeof *r);
	r->fd = -1;
	r->out.duration_ns = 0;
	timer_init(&r->timer, on_timer, r);
	watcher_init(&r->w, NULL, r);
}

bool
probe_run_busy(const struct probe_run *r)
{
	return r->busy;
}

/* K8S: lifecycle/handlers.go runSleepHandler: wait `seconds`, Success. */
int
probe_sleep_begin(struct probe_run *r)
{
	int64_t end = r->started + r->h->sleep_ns;

	if (r->deadline != 0 && r->deadline < end)
		end = r->deadline;
	timer_start(r->loop, &r->timer, end);
	return 0;
}

int
probe_run_start(struct probe_run *r, struct loop *l, const struct handler_spec *h,
    const struct probe_exec_ctx *ctx, int64_t timeout_ns, enum probe_mode mode,
    probe_done_cb cb, void *arg)
{
	if (r->busy) {
		errno = EBUSY;
		return -1;
	}
	r->loop = l;
	r->h = h;
	r->mode = mode;
	r->cb = cb;
	r->arg = arg;
	r->busy = true;
	r->started = loop_now(l);
	r->deadline = timeout_ns > 0 ? r->started + timeout_ns : 0;
	r->pid = 0;
	r->exit_status = 0;
	r->out.result = PROBE_UNKNOWN;
	r->out.warning = false;
	r->out.http_fallback = false;
	r->out.duration_ns = -1;	/* in flight */
	r->out.message[0] = '\0';
	if (r->timer.cb == NULL)
		timer_init(&r->timer, on_timer, r);
	if (r->deadline != 0)
		timer_start(l, &r->timer, r->deadline);

	/* K8S: prober.runProbe, lifecycle handlers: a named port the
	 * container does not declare cannot be resolved (decode warned and
	 * left port 0); the attempt errors, which counts as a failure. */
	if ((h->kind == HANDLER_HTTP_GET || h->kind == HANDLER_TCP_SOCKET) && h->port == 0) {
		probe_finish(r, PROBE_FAILURE, false, "couldn't resolve port %s: port %s not found "
		    "in the container's ports", h->port_name ? h->port_name : "0",
		    h->port_name ? h->port_name : "0");
		return 0;
	}
	switch (h->kind) {
	case HANDLER_EXEC:
		(void)probe_exec_begin(r, ctx);
		break;
	case HANDLER_HTTP_GET:
		(void)probe_http_begin(r);
		break;
	case HANDLER_TCP_SOCKET:
		/* K8S: lifecycle/handlers.go Run: tcpSocket passes validation
		 * but is refused when the hook runs. */
		if (mode == PROBE_MODE_HOOK)
			probe_finish(r, PROBE_FAILURE, false,
			    "invalid handler: %s", spec_handler_kind_name(h->kind));
		else
			(void)probe_tcp_begin(r);
		break;
	case HANDLER_GRPC:
		if (mode == PROBE_MODE_HOOK)
			probe_finish(r, PROBE_FAILURE, false,
			    "invalid handler: %s", spec_handler_kind_name(h->kind));
		else
			(void)probe_grpc_begin(r);
		break;
	case HANDLER_SLEEP:
		if (mode == PROBE_MODE_HOOK)
			(void)probe_sleep_begin(r);
		else
			probe_finish(r, PROBE_UNKNOWN, false,
			    "missing probe handler");
		break;
	case HANDLER_NONE:
		/* K8S: prober.go: a probe without a handler is an error
		 * (discarded), a hook without one "invalid handler". */
		if (mode == PROBE_MODE_HOOK)
			probe_finish(r, PROBE_FAILURE, false, "invalid handler");
		else
			probe_finish(r, PROBE_UNKNOWN, false, "missing probe handler");
		break;
	}
	return 0;
}

void
probe_finish(struct probe_run *r, enum probe_result res, bool warning, const char *fmt, ...)
{
	va_list ap;

	if (!in_flight(r))
		return;
	timer_stop(r->loop, &r->timer);
	if (watcher_active(&r->w))
		loop_unwatch(r->loop, &r->w);
	fdx_close(&r->fd);
	r->out.result = res;
	r->out.warning = warning;
	va_start(ap, fmt);
	vsnprintf(r->out.message, sizeof r->out.message, fmt, ap);
	va_end(ap);
	r->out.duration_ns = loop_now(r->loop) - r->started;
	if (r->out.duration_ns < 0)
		r->out.duration_ns = 0;
	/* Report from the loop, never from inside the caller's stack. */
	timer_start(r->loop, &r->timer, loop_now(r->loop));
}

/* Per-kind cleanup of an attempt in flight, without a callback. */
static void
abort_attempt(struct probe_run *r)
{
	switch (r->h->kind) {
	case HANDLER_EXEC:
		probe_exec_cancel(r);
		break;
	case HANDLER_HTTP_GET:
	case HANDLER_TCP_SOCKET:
	case HANDLER_GRPC:
	case HANDLER_SLEEP:
	case HANDLER_NONE:
		break;
	}
	if (watcher_active(&r->w))
		loop_unwatch(r->loop, &r->w);
	fdx_close(&r->fd);
}

void
probe_run_cancel(struct probe_run *r)
{
	if (!r->busy)
		return;
	if (in_flight(r))
		abort_attempt(r);
	timer_stop(r->loop, &r->timer);
	r->busy = false;
	r->out.duration_ns = 0;
}

void
probe_run_free(struct probe_run *r)
{
	probe_run_cancel(r);
	if (r->impl != NULL && r->impl_free != NULL)
		r->impl_free(r->impl);
	r->impl = NULL;
	r->impl_free = NULL;
}
