/* workload: what main runs once the manifest (or the command line) is
 * loaded: one pod, or a Job's pods one after another as its controller
 * would create them on one node (SPEC §9).  Owns the status API across the
 * pods, the loop's signal handler, the Job's state (core/job_sm), its
 * events and its activeDeadlineSeconds; each pod is a fresh super,
 * decoded again from the same bytes with its own facts (a fresh uid and
 * name, its completion index).  src/app/workload.c. */
#ifndef PODINIT_WORKLOAD_H
#define PODINIT_WORKLOAD_H

#include "podinit/cli.h"
#include "podinit/loop.h"
#include "podinit/manifest.h"
#include "podinit/podfacts.h"
#include "podinit/spec.h"

/* Run pod (and, for a Job, the pods after it: decoded from inputs with
 * mo and fresh facts) until the workload is done; the exit code (125: it
 * could not be set up).  pod and inputs stay the caller's. */
int	workload_run(struct loop *l, const struct options *o, const struct pod_spec *pod,
	    struct manifest_inputs *inputs, const struct manifest_opts *mo,
	    struct podfacts *facts);

#endif /* PODINIT_WORKLOAD_H */
