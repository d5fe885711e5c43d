/* render_job: the Job of a pod (SPEC §9) in /status, `podinit status` and
 * /metrics.  The JSON follows batch/v1 Job (spec's fields as defaulted,
 * JobStatus with its condition fields in the API's order); the counts
 * are always written, where the API omits a zero, so a script reads
 * `.job.status.failed` without a default.  The text follows kubectl's
 * describeJob; the metrics follow kube-state-metrics' job families. */
#include "podinit/render_job.h"

#include <stdio.h>
#include <string.h>

#include "podinit/json.h"
#include "podinit/metrics.h"
#include "podinit/render.h"
#include "podinit/units.h"


static const char *
completion_mode_name(enum job_completion_mode m)
{
	return m == JOB_COMPLETION_INDEXED ? "Indexed" : "NonIndexed";
}

static void
indexes(const struct job_sm *j, const uint8_t *bits, char *out, size_t outsz)
{
	job_indexes_format(bits, j->cfg.spec->completions, out, outsz);
}

static void
job_spec_json(struct json *j, const struct job_spec *js)
{
	json_object_begin(j);
	json_kv_int(j, "parallelism", js->parallelism);
	if (js->completions_set || js->completion_mode == JOB_COMPLETION_INDEXED)
		json_kv_int(j, "completions", js->completions);
	if (js->active_deadline_ns > 0)
		json_kv_int(j, "activeDeadlineSeconds", js->active_deadline_ns / NS_PER_SEC);
	json_kv_int(j, "backoffLimit", js->backoff_limit);
	if (js->has_backoff_limit_per_index)
		json_kv_int(j, "backoffLimitPerIndex", js->backoff_limit_per_index);
	if (js->has_max_failed_indexes)
		json_kv_int(j, "maxFailedIndexes", js->max_failed_indexes);
	json_kv_string(j, "completionMode", completion_mode_name(js->completion_mode));
	json_kv_bool(j, "suspend", js->suspend);
	json_object_end(j);
}

static void
job_status_json(struct json *j, const struct job_sm *sm)
{
	const struct job_status *st = &sm->status;
	char ix[1024];

	json_object_begin(j);
	if (st->n_conditions > 0) {
		json_key(j, "conditions");
		json_array_begin(j);
		for (size_t i = 0; i < st->n_conditions; i++) {
			const struct job_condition *c = &st->conditions[i];

			json_object_begin(j);
			json_kv_string(j, "type", job_cond_type_name(c->type));
			json_kv_string(j, "status", c->status ? "True" : "False");
			render_json_time(j, "lastProbeTime", c->transition);
			render_json_time(j, "lastTransitionTime", c->transition);
			if (c->reason[0])
				json_kv_string(j, "reason", c->reason);
			if (c->message[0])
				json_kv_string(j, "message", c->message);
			json_object_end(j);
		}
		json_array_end(j);
	}
	if (st->start_time)
		render_json_time(j, "startTime", st->start_time);
	if (st->completion_time)
		render_json_time(j, "completionTime", st->completion_time);
	json_kv_int(j, "active", st->active);
	json_kv_int(j, "succeeded", st->succeeded);
	json_kv_int(j, "failed", st->failed);
	if (sm->cfg.spec->completion_mode == JOB_COMPLETION_INDEXED) {
		indexes(sm, sm->succeeded_bits, ix, sizeof ix);
		if (ix[0])
			json_kv_string(j, "completedIndexes", ix);
		if (sm->cfg.spec->has_backoff_limit_per_index) {
			indexes(sm, sm->failed_bits, ix, sizeof ix);
			json_kv_string(j, "failedIndexes", ix);
		}
	}
	json_kv_int(j, "terminating", st->terminating);
	json_kv_int(j, "ready", st->ready);
	json_object_end(j);
}

void
render_job_json(struct json *j, const struct pod_view *v)
{
	const struct job_sm *sm = v->job;
	const struct job_spec *js;

	if (sm == NULL) {
		json_null(j);
		return;
	}
	js = sm->cfg.spec;
	json_object_begin(j);
	json_kv_string(j, "kind", js->from_cronjob ? "CronJob" : "Job");
	json_kv_string(j, "name", js->name ? js->name : "");
	json_kv_string(j, "namespace", sm->cfg.namespace_name ? sm->cfg.namespace_name : "default");
	json_kv_string(j, "uid", js->uid ? js->uid : "");
	json_key(j, "spec");
	job_spec_json(j, js);
	json_key(j, "status");
	job_status_json(j, sm);
	json_key(j, "events");
	render_events_array(j, v->job_events);
	json_object_end(j);
}

static const struct job_condition *
terminal_condition(const struct job_sm *sm)
{
	for (size_t i = 0; i < sm->status.n_conditions; i++)
		if (sm->status.conditions[i].type == JOB_COND_COMPLETE ||
		    sm->status.conditions[i].type == JOB_COND_FAILED)
			return &sm->status.conditions[i];
	return NULL;
}

void
render_job_describe(struct buf *b, const struct pod_view *v, int64_t real_now)
{
	const struct job_sm *sm = v->job;
	const struct job_spec *js;
	const struct job_condition *fin;
	char ts[64], ix[1024];

	if (sm == NULL)
		return;
	js = sm->cfg.spec;
	/* K8S: kubectl describe.go describeJob: its order and words. */
	render_kv_begin(b, 0, RENDER_TOP_COL, "Job");
	buf_printf(b, "%s\n", js->name ? js->name : "");
	render_kv_begin(b, 0, RENDER_TOP_COL, "Parallelism");
	buf_printf(b, "%d\n", (int)js->parallelism);
	render_kv_begin(b, 0, RENDER_TOP_COL, "Completions");
	if (js->completions_set || js->completion_mode == JOB_COMPLETION_INDEXED)
		buf_printf(b, "%d\n", (int)js->completions);
	else
		buf_adds(b, "<unset>\n");
	render_kv_begin(b, 0, RENDER_TOP_COL, "Completion Mode");
	buf_printf(b, "%s\n", completion_mode_name(js->completion_mode));
	render_kv_begin(b, 0, RENDER_TOP_COL, "Suspend");
	buf_printf(b, "%s\n", js->suspend ? "true" : "false");
	render_kv_begin(b, 0, RENDER_TOP_COL, "Backoff Limit");
	buf_printf(b, "%d\n", (int)js->backoff_limit);
	if (sm->status.start_time) {
		render_rfc1123z(sm->status.start_time, ts, sizeof ts);
		render_kv_begin(b, 0, RENDER_TOP_COL, "Start Time");
		buf_printf(b, "%s\n", ts);
	}
	if (sm->status.completion_time) {
		render_rfc1123z(sm->status.completion_time, ts, sizeof ts);
		render_kv_begin(b, 0, RENDER_TOP_COL, "Completed At");
		buf_printf(b, "%s\n", ts);
	}
	if (sm->status.start_time) {
		int64_t end = sm->status.completion_time ? sm->status.completion_time : real_now;
		render_human_duration(end - sm->status.start_time, ts, sizeof ts);
		render_kv_begin(b, 0, RENDER_TOP_COL, "Duration");
		buf_printf(b, "%s\n", ts);
	}
	if (js->active_deadline_ns > 0) {
		render_kv_begin(b, 0, RENDER_TOP_COL, "Active Deadline Seconds");
		buf_printf(b, "%llds\n", (long long)(js->active_deadline_ns / NS_PER_SEC));
	}
	render_kv_begin(b, 0, RENDER_TOP_COL, "Pods Statuses");
	buf_printf(b, "%d Active (%d Ready) / %d Succeeded / %d Failed\n", (int)sm->status.active,
	    (int)sm->status.ready, (int)sm->status.succeeded, (int)sm->status.failed);
	if (js->completion_mode == JOB_COMPLETION_INDEXED) {
		indexes(sm, sm->succeeded_bits, ix, sizeof ix);
		render_kv_begin(b, 0, RENDER_TOP_COL, "Completed Indexes");
		buf_printf(b, "%s\n", ix[0] ? ix : "<none>");
		if (js->has_backoff_limit_per_index) {
			indexes(sm, sm->failed_bits, ix, sizeof ix);
			render_kv_begin(b, 0, RENDER_TOP_COL, "Failed Indexes");
			buf_printf(b, "%s\n", ix[0] ? ix : "<none>");
		}
	}
	/* Not in kubectl's describe (it shows them only with -o yaml), but
	 * the verdict is what a local run is for. */
	if ((fin = terminal_condition(sm)) != NULL) {
		render_kv_begin(b, 0, RENDER_TOP_COL, "Condition");
		buf_printf(b, "%s", job_cond_type_name(fin->type));
		if (fin->reason[0])
			buf_printf(b, " (%s)", fin->reason);
		if (fin->message[0])
			buf_printf(b, ": %s", fin->message);
		buf_addc(b, '\n');
	}
	render_events_table_from(b, v->job_events, real_now, "job-controller");
}

/* One gauge with the job's name and namespace as its labels. */
static void
job_gauge(struct buf *b, const struct job_sm *sm, const char *name, const char *help,
    const char *extra_label, const char *extra_value, double value)
{
	if (help != NULL)
		metrics_family(b, name, help, "gauge");
	buf_adds(b, name);
	buf_adds(b, "{namespace=\"");
	metrics_label_value(b, sm->cfg.namespace_name ? sm->cfg.namespace_name : "default");
	buf_adds(b, "\",job_name=\"");
	metrics_label_value(b, sm->cfg.spec->name ? sm->cfg.spec->name : "");
	if (extra_label != NULL) {
		buf_printf(b, "\",%s=\"", extra_label);
		metrics_label_value(b, extra_value);
	}
	buf_adds(b, "\"} ");
	metrics_value(b, value);
	buf_addc(b, '\n');
}

void
render_job_metrics(struct buf *b, const struct pod_view *v)
{
	const struct job_sm *sm = v->job;
	static const char *const states[] = { "true", "false", "unknown" };

	if (sm == NULL)
		return;
	job_gauge(b, sm, "podinit_job_status_active", "The number of actively running pods of "
	    "the Job.", NULL, NULL, sm->status.active);
	job_gauge(b, sm, "podinit_job_status_succeeded", "The number of pods of the Job that "
	    "reached phase Succeeded.", NULL, NULL, sm->status.succeeded);
	job_gauge(b, sm, "podinit_job_status_failed", "The number of pods of the Job that "
	    "reached phase Failed (not counting those a podFailurePolicy ignores).", NULL, NULL,
	    sm->status.failed);
	job_gauge(b, sm, "podinit_job_pods_created_total", "The pods created for the Job.",
	    NULL, NULL, sm->status.pods_created);
	/* kube-state-metrics: kube_job_complete / kube_job_failed
	 * {condition="true|false|unknown"}, one sample each. */
	for (int f = 0; f < 2; f++) {
		const char *name = f ? "podinit_job_failed" : "podinit_job_complete";
		bool on = f ? sm->verdict == JOB_FAILED : sm->verdict == JOB_COMPLETE;

		metrics_family(b, name, f ? "The Job has failed: 1 for its condition's status."
		    : "The Job is complete: 1 for its condition's status.", "gauge");
		for (int s = 0; s < 3; s++)
			job_gauge(b, sm, name, NULL, "condition", states[s],
			    s == 0 ? on : s == 1 ? !on : 0);
	}
}
