/* render_job: the Job a pod runs for (SPEC §9), in the three forms the
 * pod is shown in: under "job" in /status (batch/v1 Job's name, spec
 * and JobStatus), `kubectl describe job`'s text after the pod's in
 * `podinit status`, and the kube-state-metrics-like job families of
 * /metrics.  Pure, over pod_view.job (NULL: nothing is written). */
#ifndef PODINIT_RENDER_JOB_H
#define PODINIT_RENDER_JOB_H
#include <stdint.h>

#include "podinit/buf.h"
#include "podinit/view.h"

struct json;
/* {"name","namespace","uid","spec":{...},"status":{...},"events":[...]} */
void	render_job_json(struct json *j, const struct pod_view *v);
void	render_job_describe(struct buf *b, const struct pod_view *v, int64_t real_now);
void	render_job_metrics(struct buf *b, const struct pod_view *v);

#endif /* PODINIT_RENDER_JOB_H */
