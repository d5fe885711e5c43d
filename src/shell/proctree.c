/* proctree: finding and signalling a container's processes (see
 * proctree.h). */
#include "podinit/proctree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "podinit/cgroup.h"
#include "podinit/loop.h"

/* The direct children of pid, from /proc/<pid>/task/<tid>/children (every
 * thread's list).  Returns how many were stored in out[]. */
static size_t
proc_children(pid_t pid, pid_t *out, size_t max)
{
	char path[64], line[4096];
	DIR *d;
	struct dirent *de;
	size_t n = 0;

	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL && n < max) {
		int fd;
		ssize_t r;
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "/proc/%d/task/%.16s/children", (int)pid, de->d_name);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			continue;
		r = read(fd, line, sizeof line - 1);
		close(fd);
		if (r <= 0)
			continue;
		line[r] = '\0';
		for (char *p = line, *end; *p && n < max; p = end) {
			long child = strtol(p, &end, 10);
			if (end == p)
				break;
			out[n++] = (pid_t)child;
		}
	}
	closedir(d);
	return n;
}

static bool
escapee_known(const struct proctree *t, pid_t pid)
{
	for (size_t i = 0; i < t->n_escapees; i++)
		if (t->escapees[i] == pid)
			return true;
	return false;
}

/* Remember every descendant of pid, so processes that left the process
 * group with setsid() can still be killed when no cgroup holds them. */
static void
collect_descendants(struct proctree *t, pid_t pid, int depth)
{
	pid_t kids[PROCTREE_MAX_ESCAPEES];
	size_t n;

	if (depth > PROCTREE_MAX_DEPTH || t->n_escapees >= PROCTREE_MAX_ESCAPEES)
		return;
	n = proc_children(pid, kids, PROCTREE_MAX_ESCAPEES);
	for (size_t i = 0; i < n && t->n_escapees < PROCTREE_MAX_ESCAPEES; i++) {
		if (escapee_known(t, kids[i]))
			continue;
		t->escapees[t->n_escapees++] = kids[i];
		collect_descendants(t, kids[i], depth + 1);
	}
}

/* Note the main process's descendants (while it lives: afterwards they are
 * podinit's adopted children and no longer below it). */
static void
proctree_note_descendants(struct proctree *t)
{
	/* In its own PID namespace nothing escapes the main process: when
	 * it dies the kernel kills every process of the namespace
	 * (zap_pid_ns_processes), setsid or not. */
	if (t->pid > 0 && !t->pid_ns)
		collect_descendants(t, t->pid, 0);
}

void
proctree_note_orphans(struct proctree *t, const struct loop *l)
{
	pid_t kids[PROCTREE_MAX_ESCAPEES];
	size_t n = proc_children(getpid(), kids, PROCTREE_MAX_ESCAPEES);

	for (size_t i = 0; i < n && t->n_escapees < PROCTREE_MAX_ESCAPEES; i++) {
		/* registered: probe and hook processes, reaped by their owners */
		if (loop_child_known(l, kids[i]) || escapee_known(t, kids[i]))
			continue;
		t->escapees[t->n_escapees++] = kids[i];
		collect_descendants(t, kids[i], 1);
	}
}

void
proctree_signal(struct proctree *t, int sig, bool main_only)
{
	proctree_note_descendants(t);
	if (sig <= 0)
		return;	/* rewritten to 0: dropped, the deadline does the rest */
	if (main_only) {
		if (t->pid > 0)
			(void)kill(t->pid, sig);
	} else if (t->pgid > 0) {
		if (kill(-t->pgid, sig) == -1 && errno == ESRCH)
			t->pgid = 0;
	}
}

void
proctree_kill(struct proctree *t, struct cgroup *cg)
{
	proctree_note_descendants(t);
	if (cg != NULL)
		(void)cgroup_kill(cg);
	if (t->pgid > 0 && kill(-t->pgid, SIGKILL) == -1 && errno == ESRCH)
		t->pgid = 0;
	if (t->pid > 0)
		(void)kill(t->pid, SIGKILL);
	/* Descendants that escaped with setsid: they were seen as our
	 * descendants while the main process lived; now they are podinit's
	 * adopted children (PID 1 or subreaper) until reaped, so their pids
	 * cannot have been reused unless they were already reaped. */
	for (size_t i = 0; i < t->n_escapees; i++)
		(void)kill(t->escapees[i], SIGKILL);
	t->n_escapees = 0;
}
