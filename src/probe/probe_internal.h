/* probe_internal: the contract between probe.c (dispatch, deadline,
 * completion) and the per-kind runners.  Not a public surface. */
#ifndef PODINIT_PROBE_INTERNAL_H
#define PODINIT_PROBE_INTERNAL_H
#include "podinit/probe.h"

/* Each *_begin starts an attempt on r (r->loop, r->h, r->mode, r->started,
 * r->deadline already set; the deadline timer is armed by probe.c).  It
 * returns 0, or -1 after calling probe_finish() itself (e.g. Unknown when a
 * spawn failed with EAGAIN). */
int	probe_exec_begin(struct probe_run *r, const struct probe_exec_ctx *ctx);
int	probe_tcp_begin(struct probe_run *r);
int	probe_http_begin(struct probe_run *r);
int	probe_grpc_begin(struct probe_run *r);
int	probe_sleep_begin(struct probe_run *r);

/* Called by probe.c when the deadline passes with the attempt in flight;
 * each must end with probe_finish(). */
void	probe_exec_timeout(struct probe_run *r);
void	probe_tcp_timeout(struct probe_run *r);
void	probe_http_timeout(struct probe_run *r);
void	probe_grpc_timeout(struct probe_run *r);

/* Release kind resources of an attempt in flight without a callback. */
void	probe_exec_cancel(struct probe_run *r);

/* Finish the attempt: stop the timer, unwatch and close r->fd, fill
 * r->out (result, warning, duration = loop_now - started, message) and
 * schedule the callback from the loop (never re-entrant). */
void	probe_finish(struct probe_run *r, enum probe_result res, bool warning,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif /* PODINIT_PROBE_INTERNAL_H */
