/* proctree: a container's processes as podinit signals them: its main
 * process, its process group, and the descendants seen below the main
 * process ("escapees": they may have left the group with setsid()), so
 * that they can still be killed when no cgroup holds them.  Descendants
 * are read from /proc/<pid>/task/<tid>/children. */
#ifndef PODINIT_PROCTREE_H
#define PODINIT_PROCTREE_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct cgroup;
struct loop;

#define PROCTREE_MAX_ESCAPEES	64
/* How many levels below the main process descendants are looked for: a
 * bound on the recursion, deeper than any process tree met in practice. */
#define PROCTREE_MAX_DEPTH	16

struct proctree {
	pid_t	 pid;		/* main process, 0 once reaped */
	pid_t	 pgid;		/* its process group, 0 once empty */
	bool	 pid_ns;	/* SPEC §7: the main process is PID 1 of its own PID
				   namespace, whose every process dies with it */
	pid_t	 escapees[PROCTREE_MAX_ESCAPEES];	/* descendants seen at stop time */
	size_t	 n_escapees;
};

/* Note podinit's adopted children that l does not know (orphans, not
 * probes or hooks), with their descendants: the caller knows they came
 * from this container. */
void	proctree_note_orphans(struct proctree *t, const struct loop *l);
/* The stop signal: to the main process only (main_only), or to the whole
 * process group.  The descendants are noted first, also when sig <= 0
 * (dropped: nothing is sent). */
void	proctree_signal(struct proctree *t, int sig, bool main_only);
/* SIGKILL everything: the cgroup (cg may be NULL), the group, the main
 * process and every escapee noted; the escapees are forgotten.  With
 * pid_ns, killing the main process is enough even without a cgroup: the
 * kernel kills the rest of its namespace (no /proc walk). */
void	proctree_kill(struct proctree *t, struct cgroup *cg);

#endif /* PODINIT_PROCTREE_H */
