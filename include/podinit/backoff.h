/* backoff: kubelet's CrashLoopBackOff arithmetic for one container, pure.
 *
 * K8S: client-go util/flowcontrol/backoff.go (IsInBackOffSince, Next) as
 * used by kuberuntime_manager.go doBackOff.  The first restart after a
 * crash is immediate (no entry yet), then initial, 2*initial, ... max.  The
 * entry expires when the container ran longer than reset_after since the
 * last restart (finishedAt - lastUpdate > reset_after); the next restart
 * is then immediate again.  kubelet: 10 s, 300 s, 600 s. */
#ifndef PODINIT_BACKOFF_H
#define PODINIT_BACKOFF_H
#include <stdbool.h>
#include <stdint.h>

struct backoff {
	int64_t	 initial, max, reset_after;	/* ns */
	bool	 has_entry;	/* kubelet: an entry exists for the key */
	int64_t	 cur;		/* entry.backoff */
	int64_t	 last_update;	/* entry.lastUpdate: time of the last restart */
};

void	backoff_init(struct backoff *b, int64_t initial_ns, int64_t max_ns,
	    int64_t reset_after_ns);
/* How long after finished_at the next start must wait: 0 when there is no
 * entry yet or it expired (the container ran > reset_after since the last
 * restart).  Restart at finished_at + backoff_delay(). */
int64_t	backoff_delay(const struct backoff *b, int64_t finished_at);
/* Record a restart (kubelet's Next), called when a container that exited
 * is started again, never for its first start.  No entry or expired
 * (judged at finished_at, as kubelet) → initial; else min(2*cur, max);
 * lastUpdate = now. */
void	backoff_restarted_at(struct backoff *b, int64_t finished_at, int64_t now);
/* The same with finished_at == now (expiry judged at the restart time). */
void	backoff_restarted(struct backoff *b, int64_t now);
/* Forget the entry (kubelet: a changed container spec gets a fresh key). */
void	backoff_forget(struct backoff *b);

#endif /* PODINIT_BACKOFF_H */
