/* probe: run one probe or hook action asynchronously on the loop.
 *
 * A probe_run is embedded in its owner and reused for every attempt; the
 * kind-specific state (TLS session, HTTP/2 session, parser) is allocated on
 * the first attempt and kept.  probe_run_start() never calls the callback
 * itself: even an immediate failure is reported from the loop, so callers
 * never re-enter.  After the callback (or probe_run_cancel) the run is idle
 * and may be started again. */
#ifndef PODINIT_PROBE_H
#define PODINIT_PROBE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "podinit/loop.h"
#include "podinit/spec.h"

/* PROBE_MODE_HOOK applies lifecycle-hook semantics: exec has no timeout
 * unless one is given, httpGet fails only on transport errors (status
 * ignored) and sends User-Agent kube-lifecycle/<v>. */
enum probe_mode {
	PROBE_MODE_PROBE = 0,
	PROBE_MODE_HOOK,
};

#define PROBE_MESSAGE_MAX 1024
#define PROBE_OUTPUT_MAX  (10 * 1024)	/* kubelet's maxReadLength / maxRespBodyLength */
#define PROBE_K8S_VERSION "1.33"	/* User-Agent: kube-probe/1.33 */

struct probe_outcome {
	enum probe_result result;
	bool	 warning;	/* Success that kubelet reports as ProbeWarning (HTTP 3xx) */
	/* A hook whose HTTPS request got a plain-HTTP answer and whose retry
	 * over HTTP succeeded (K8S: LifecycleHTTPFallback); message is then
	 * the HTTPS request's host:port. */
	bool	 http_fallback;
	int64_t	 duration_ns;
	char	 message[PROBE_MESSAGE_MAX];	/* kubelet's output or error text */
};

struct sec_plan;
struct spawn_join;

/* What an exec action inherits from its container. */
struct probe_exec_ctx {
	char *const *envp;		/* container environment */
	const char *cwd;		/* NULL = "/" as kubelet */
	const struct sec_plan *sec;	/* NULL = podinit's own identity */
	int	 cgroup_procs_fd;	/* -1 = none */
	const sigset_t *sigmask;	/* restored in the child */
	const struct spawn_join *join;	/* SPEC §7: the container's namespaces, NULL = podinit's */
};

struct probe_run;
typedef void (*probe_done_cb)(struct loop *l, struct probe_run *r,
    const struct probe_outcome *out, void *arg);

struct probe_run {
	struct loop *loop;
	const struct handler_spec *h;
	enum probe_mode mode;
	probe_done_cb cb;
	void	*arg;
	bool	 busy;
	int64_t	 started;	/* loop_now() at start */
	int64_t	 deadline;	/* 0 = none */
	struct timer timer;	/* deadline, or "report now" for immediate results */
	struct watcher w;
	int	 fd;		/* socket or exec output pipe, -1 */
	pid_t	 pid;		/* exec child, 0 */
	int	 exit_status;	/* exec: wait status once reaped */
	struct probe_outcome out;
	void	*impl;		/* per-kind state, owned, reused */
	void	(*impl_free)(void *);
};

void	probe_run_init(struct probe_run *r);
/* timeout_ns 0 = no deadline (hooks). */
int	probe_run_start(struct probe_run *r, struct loop *l, const struct handler_spec *h,
	    const struct probe_exec_ctx *ctx, int64_t timeout_ns, enum probe_mode mode,
	    probe_done_cb cb, void *arg);
/* Abort the attempt in flight (no callback).  An exec child is killed and
 * left to the reaper. */
void	probe_run_cancel(struct probe_run *r);
bool	probe_run_busy(const struct probe_run *r);
void	probe_run_free(struct probe_run *r);

#endif /* PODINIT_PROBE_H */
