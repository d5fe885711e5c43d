/* super_usage: the containers' resource use for the status API: CPU and
 * memory from each container's cgroup, or, for containers without one,
 * from one /proc pass over their process groups; podinit's own RSS and
 * open fds.  Sampled at most once a second, not per request. */
#include <stdbool.h>
#include <string.h>
#include <sys/types.h>

#include "podinit/cgroup.h"
#include "podinit/units.h"
#include "podinit/usage.h"

#include "super_internal.h"

void
super_usage_sample(struct super *s)
{
	int64_t now = loop_now(s->loop);
	pid_t pgids[s->n ? s->n : 1];
	double pcpu[s->n ? s->n : 1];
	int64_t pmem[s->n ? s->n : 1];
	bool found[s->n ? s->n : 1];
	bool any = false;

	if (now - s->last_usage_sample < NS_PER_SEC)
		return;
	s->last_usage_sample = now;
	(void)usage_self(&s->view.rss_bytes, &s->view.open_fds);
	/* Containers without a cgroup: one /proc pass for all. */
	for (size_t i = 0; i < s->n; i++) {
		pgids[i] = s->c[i].cg == NULL ? s->c[i].procs.pgid : 0;
		any |= pgids[i] > 0;
	}
	memset(pcpu, 0, sizeof pcpu);
	memset(pmem, 0, sizeof pmem);
	memset(found, 0, sizeof found);
	if (any)
		(void)usage_process_groups(pgids, s->n, pcpu, pmem, found);
	for (size_t i = 0; i < s->n; i++) {
		struct ctr_rt *c = &s->c[i];
		struct ctr_view *v = c->view;
		int r = -1;
		double cpu = 0;
		if (c->cg != NULL) {
			r = cgroup_usage(c->cg, &cpu, &v->memory_bytes);
		} else if (found[i]) {
			/* /proc sums lose what exited processes used:
			 * add the ended instances' share. */
			cpu = pcpu[i] + c->cpu_base;
			v->memory_bytes = pmem[i];
			r = 0;
		}
		if (r == 0) {
			v->has_usage = true;
			if (cpu > c->cpu_last)
				c->cpu_last = cpu;
			v->cpu_seconds = c->cpu_last;
		}
	}
}
