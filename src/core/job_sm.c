/* job_sm: the Job controller's verdicts for one node, one pod at a time
 * (see job_sm.h for the rules and their source).  Pure. */
#include "podinit/job_sm.h"

#include <stdio.h>
#include <string.h>

static const char *const cond_names[] = {
	[JOB_COND_SUSPENDED] = "Suspended",
	[JOB_COND_FAILURE_TARGET] = "FailureTarget",
	[JOB_COND_SUCCESS_CRITERIA_MET] = "SuccessCriteriaMet",
	[JOB_COND_FAILED] = "Failed",
	[JOB_COND_COMPLETE] = "Complete",
};

const char *
job_cond_type_name(enum job_cond_type t)
{
	return (size_t)t < sizeof cond_names / sizeof cond_names[0] ? cond_names[t] : "Unknown";
}

const char *
job_action_name(enum job_rule_action a)
{
	switch (a) {
	case JOB_ACTION_FAIL_JOB:
		return "FailJob";
	case JOB_ACTION_IGNORE:
		return "Ignore";
	case JOB_ACTION_COUNT:
		return "Count";
	case JOB_ACTION_FAIL_INDEX:
		return "FailIndex";
	}
	return "Unknown";
}

static bool
bit_get(const uint8_t *bits, int32_t i)
{
	return i >= 0 && i < JOB_INDEX_MAX && (bits[i / 8] & (1u << (i % 8))) != 0;
}

static void
bit_set(uint8_t *bits, int32_t i)
{
	if (i >= 0 && i < JOB_INDEX_MAX)
		bits[i / 8] |= (uint8_t)(1u << (i % 8));
}

bool
job_index_succeeded(const struct job_sm *j, int32_t index)
{
	return bit_get(j->succeeded_bits, index);
}

/* K8S: orderedIntervals.String(): "1,3-5" ("a-b" for 2 or more). */
void
job_indexes_format(const uint8_t *bits, int32_t n, char *out, size_t outsz)
{
	size_t used = 0;

	if (outsz == 0)
		return;
	out[0] = '\0';
	if (n > JOB_INDEX_MAX)
		n = JOB_INDEX_MAX;
	for (int32_t i = 0; i < n && used < outsz; i++) {
		int32_t first = i;
		int w;

		if (!bit_get(bits, i))
			continue;
		while (i + 1 < n && bit_get(bits, i + 1))
			i++;
		if (first == i)
			w = snprintf(out + used, outsz - used, "%s%d", used ? "," : "", (int)first);
		else
			w = snprintf(out + used, outsz - used, "%s%d-%d", used ? "," : "", (int)first,
			    (int)i);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static int32_t
completions(const struct job_sm *j)
{
	return j->cfg.spec->completions > 0 ? j->cfg.spec->completions : 1;
}

static bool
indexed(const struct job_sm *j)
{
	return j->cfg.spec->completion_mode == JOB_COMPLETION_INDEXED;
}

static bool
per_index(const struct job_sm *j)
{
	return indexed(j) && j->cfg.spec->has_backoff_limit_per_index;
}

static const struct job_condition *
add_condition(struct job_sm *j, enum job_cond_type type, bool status, const char *reason,
    const char *message, int64_t real_now)
{
	struct job_condition *c = NULL;

	/* One condition per type: a second one updates it (the API's
	 * ensureJobConditionStatus). */
	for (size_t i = 0; i < j->status.n_conditions; i++)
		if (j->status.conditions[i].type == type)
			c = &j->status.conditions[i];
	if (c == NULL) {
		if (j->status.n_conditions == JOB_CONDS_MAX)
			return NULL;	/* cannot happen: one per type, four types in use */
		c = &j->status.conditions[j->status.n_conditions++];
		c->type = type;
		c->transition = real_now;
	} else if (c->status != status) {
		c->transition = real_now;
	}
	c->status = status;
	snprintf(c->reason, sizeof c->reason, "%s", reason ? reason : "");
	snprintf(c->message, sizeof c->message, "%s", message ? message : "");
	return c;
}

void
job_sm_init(struct job_sm *j, const struct job_sm_cfg *cfg, int64_t now, int64_t real_now)
{
	memset(j, 0, sizeof *j);
	j->cfg = *cfg;
	j->exit_code = 1;
	if (cfg->spec->suspend) {
		add_condition(j, JOB_COND_SUSPENDED, true, "JobSuspended", "Job suspended", real_now);
		return;
	}
	/* K8S: StartTime is set at the first sync of a Job not suspended. */
	j->status.start_time = real_now;
	j->start_mono = now;
}

struct job_next
job_sm_next(const struct job_sm *j, int64_t now)
{
	struct job_next n = { .kind = JOB_NEXT_RUN, .index = j->index };

	if (j->verdict != JOB_ACTIVE)
		n.kind = JOB_NEXT_DONE;
	else if (j->status.active > 0)
		n.kind = JOB_NEXT_BUSY;
	else if (j->cfg.spec->suspend)
		n.kind = JOB_NEXT_SUSPENDED;
	else if (now < j->not_before) {
		n.kind = JOB_NEXT_WAIT;
		n.at = j->not_before;
	}
	if (!indexed(j))
		n.index = 0;
	return n;
}

void
job_sm_pod_started(struct job_sm *j, const char *name, int64_t real_now)
{
	(void)real_now;
	j->status.active = 1;
	j->status.ready = 0;
	j->status.pods_created++;
	snprintf(j->pod_name, sizeof j->pod_name, "%s", name ? name : "");
}

void
job_sm_pod_ready(struct job_sm *j, bool ready)
{
	j->status.ready = j->status.active > 0 && ready ? 1 : 0;
}

/* An interim condition and the deletion of the active pod: the terminal
 * condition follows when it has ended (job_sm_pod_ended). */
static struct job_step
fail_interim(struct job_sm *j, const char *reason, const char *message, int64_t real_now)
{
	struct job_step st = { 0 };

	if (j->verdict != JOB_ACTIVE || j->finishing)
		return st;
	j->finishing = true;
	j->interim_success = false;
	st.cond = add_condition(j, JOB_COND_FAILURE_TARGET, true, reason, message, real_now);
	st.interim = true;
	st.stop_pod = j->status.active > 0;
	return st;
}

/* The terminal condition from the interim one, now that no pod is left. */
static struct job_step
finish(struct job_sm *j, int64_t real_now)
{
	struct job_step st = { .finished = true };
	const struct job_condition *interim = NULL;
	enum job_cond_type want = j->interim_success ? JOB_COND_SUCCESS_CRITERIA_MET
	    : JOB_COND_FAILURE_TARGET;

	for (size_t i = 0; i < j->status.n_conditions; i++)
		if (j->status.conditions[i].type == want)
			interim = &j->status.conditions[i];
	j->finishing = false;
	if (j->interim_success) {
		j->verdict = JOB_COMPLETE;
		j->status.completion_time = real_now;
		j->exit_code = 0;
		st.cond = add_condition(j, JOB_COND_COMPLETE, true,
		    interim ? interim->reason : JOB_REASON_COMPLETIONS,
		    interim ? interim->message : JOB_MESSAGE_COMPLETIONS, real_now);
	} else {
		j->verdict = JOB_FAILED;
		st.cond = add_condition(j, JOB_COND_FAILED, true, interim ? interim->reason : "",
		    interim ? interim->message : "", real_now);
	}
	return st;
}

/* A finishing step with no pod active ends at once (the controller's next
 * sync, with nothing left to delete). */
static struct job_step
fail_now(struct job_sm *j, const char *reason, const char *message, int64_t real_now)
{
	struct job_step st = fail_interim(j, reason, message, real_now);

	if (st.interim && !st.stop_pod) {
		struct job_step fin = finish(j, real_now);
		fin.interim = true;
		return fin;
	}
	return st;
}

struct job_step
job_sm_pod_restarts(struct job_sm *j, int32_t restarts, int64_t real_now)
{
	struct job_step st = { 0 };
	int32_t limit = j->cfg.spec->backoff_limit;

	/* K8S: pastBackoffLimitOnFailure: the running pod's restarts. */
	if (j->cfg.restart_policy != RESTART_ON_FAILURE || j->status.active == 0)
		return st;
	if (limit == 0 ? restarts > 0 : restarts >= limit)
		return fail_interim(j, JOB_REASON_BACKOFF_LIMIT, JOB_MESSAGE_BACKOFF_LIMIT, real_now);
	return st;
}

/* K8S: matchOnExitCodes / getMatchingContainerFromList: the first
 * container (init containers first) terminated with a non-zero code the
 * rule's operator accepts. */
static const struct job_pod_container *
match_exit_codes(const struct job_failure_rule *rule, const struct job_pod_result *r)
{
	for (size_t i = 0; i < r->n_ctrs; i++) {
		const struct job_pod_container *c = &r->ctrs[i];
		bool in = false;

		if (!c->terminated || c->exit_code == 0)
			continue;
		if (rule->container_name != NULL && (c->name == NULL ||
		    strcmp(rule->container_name, c->name) != 0))
			continue;
		for (size_t v = 0; v < rule->n_values; v++)
			in |= rule->values[v] == c->exit_code;
		if (in == (rule->op == JOB_EXIT_IN))
			return c;
	}
	return NULL;
}

/* K8S: matchOnPodConditions: a pattern matches a condition of the same
 * type and status. */
static const struct job_pod_condition_state *
match_conditions(const struct job_failure_rule *rule, const struct job_pod_result *r)
{
	for (size_t p = 0; p < rule->n_conditions; p++) {
		const struct job_pod_condition *pat = &rule->conditions[p];
		const char *want = pat->status ? pat->status : "True";

		for (size_t i = 0; i < r->n_conds; i++)
			if (pat->type != NULL && r->conds[i].type != NULL &&
			    strcmp(pat->type, r->conds[i].type) == 0 &&
			    strcmp(want, r->conds[i].status) == 0)
				return &r->conds[i];
	}
	return NULL;
}

int
job_failure_rule_match(const struct job_spec *js, const char *namespace, const char *pod_name,
    const struct job_pod_result *r, char *msg, size_t msgsz)
{
	if (msgsz > 0)
		msg[0] = '\0';
	for (size_t i = 0; js->has_failure_policy && i < js->n_rules; i++) {
		const struct job_failure_rule *rule = &js->rules[i];

		if (rule->has_exit_codes) {
			const struct job_pod_container *c = match_exit_codes(rule, r);
			if (c == NULL)
				continue;
			/* K8S: matchPodFailurePolicy's FailJob message */
			snprintf(msg, msgsz, "Container %s for pod %s/%s failed with exit code %d "
			    "matching %s rule at index %zu", c->name ? c->name : "", namespace,
			    pod_name, c->exit_code, job_action_name(rule->action), i);
			return (int)i;
		}
		const struct job_pod_condition_state *pc = match_conditions(rule, r);
		if (pc == NULL)
			continue;
		snprintf(msg, msgsz, "Pod %s/%s has condition %s matching %s rule at index %zu",
		    namespace, pod_name, pc->type, job_action_name(rule->action), i);
		return (int)i;
	}
	return -1;
}

/* The next pod after a failure waits initial * 2^(n-1), at most max. */
static void
back_off(struct job_sm *j, int64_t now)
{
	int64_t d = j->cfg.backoff_initial_ns;

	if (j->consecutive_failures < 62)
		j->consecutive_failures++;
	for (int32_t i = 1; i < j->consecutive_failures && d < j->cfg.backoff_max_ns; i++)
		d = d > INT64_MAX / 2 ? INT64_MAX : d * 2;
	if (d > j->cfg.backoff_max_ns)
		d = j->cfg.backoff_max_ns;
	if (d < 0)
		d = 0;
	j->not_before = now > INT64_MAX - d ? INT64_MAX : now + d;
}

static void
index_failed(struct job_sm *j)
{
	bit_set(j->failed_bits, j->index);
	j->failed_indexes++;
	j->index_failures = 0;
	j->index_ignored = 0;
}

/* The next index not yet succeeded nor failed, from the current one. */
static void
advance_index(struct job_sm *j)
{
	int32_t n = completions(j);

	while (j->index < n && (bit_get(j->succeeded_bits, j->index) ||
	    bit_get(j->failed_bits, j->index)))
		j->index++;
}

/* After a counted success or failure with no pod active: Complete, one of
 * the per-index verdicts, or more to run. */
static struct job_step
settle(struct job_sm *j, int64_t real_now)
{
	int32_t n = completions(j);
	struct job_step st = { 0 };

	if (per_index(j)) {
		if (j->cfg.spec->has_max_failed_indexes &&
		    j->failed_indexes > j->cfg.spec->max_failed_indexes)
			return fail_now(j, JOB_REASON_MAX_FAILED_INDEXES,
			    JOB_MESSAGE_MAX_FAILED_INDEXES, real_now);
		if (j->failed_indexes > 0 && j->failed_indexes + j->status.succeeded >= n)
			return fail_now(j, JOB_REASON_FAILED_INDEXES, JOB_MESSAGE_FAILED_INDEXES,
			    real_now);
	}
	if (j->status.succeeded >= n) {
		j->finishing = true;
		j->interim_success = true;
		add_condition(j, JOB_COND_SUCCESS_CRITERIA_MET, true, JOB_REASON_COMPLETIONS,
		    JOB_MESSAGE_COMPLETIONS, real_now);
		st = finish(j, real_now);
		st.interim = true;
	}
	return st;
}

struct job_step
job_sm_pod_ended(struct job_sm *j, const struct job_pod_result *r, int64_t now, int64_t real_now)
{
	struct job_step st = { 0 };
	char msg[JOB_COND_MESSAGE_MAX];
	int rule;
	bool counted = true;

	if (j->status.active == 0)
		return st;
	j->status.active = 0;
	j->status.ready = 0;
	if (r->phase == PHASE_SUCCEEDED) {
		j->consecutive_failures = 0;
		j->index_failures = 0;
		j->index_ignored = 0;
		if (indexed(j)) {
			if (!bit_get(j->succeeded_bits, j->index)) {
				bit_set(j->succeeded_bits, j->index);
				j->status.succeeded++;
			}
			advance_index(j);
		} else {
			j->status.succeeded++;
		}
		/* A Job that was failing stays failed: the pod's success came
		 * too late (it was deleted, or ended in its grace). */
		if (j->finishing && !j->interim_success)
			return finish(j, real_now);
		return settle(j, real_now);
	}
	j->exit_code = r->exit_code != 0 ? r->exit_code : 1;
	/* K8S: "When the job is considered finished, every non-terminated
	 * pod is considered failed": the deleted pod counts. */
	if (j->finishing) {
		j->status.failed++;
		return finish(j, real_now);
	}
	rule = job_failure_rule_match(j->cfg.spec, j->cfg.namespace_name ? j->cfg.namespace_name
	    : "default", j->pod_name, r, msg, sizeof msg);
	if (rule >= 0) {
		switch (j->cfg.spec->rules[rule].action) {
		case JOB_ACTION_IGNORE:
			counted = false;
			break;
		case JOB_ACTION_FAIL_JOB:
			j->status.failed++;
			return fail_now(j, JOB_REASON_POD_FAILURE_POLICY, msg, real_now);
		case JOB_ACTION_FAIL_INDEX:
			j->status.failed++;
			if (per_index(j)) {
				index_failed(j);
				advance_index(j);
			}
			back_off(j, now);
			return settle(j, real_now);
		case JOB_ACTION_COUNT:
			break;
		}
	}
	if (!counted) {
		/* K8S: an ignored failure is not counted and the pod is
		 * created again (the back-off record counts it all the same). */
		j->index_ignored++;
		back_off(j, now);
		return st;
	}
	j->status.failed++;
	back_off(j, now);
	if (per_index(j)) {
		if (++j->index_failures > j->cfg.spec->backoff_limit_per_index) {
			index_failed(j);
			advance_index(j);
		}
		st = settle(j, real_now);
		if (st.interim || st.finished)
			return st;
	}
	if (j->status.failed > j->cfg.spec->backoff_limit)
		return fail_now(j, JOB_REASON_BACKOFF_LIMIT, JOB_MESSAGE_BACKOFF_LIMIT, real_now);
	return st;
}

int64_t
job_sm_deadline_at(const struct job_sm *j)
{
	int64_t d = j->cfg.spec->active_deadline_ns;

	/* 0 is legal: the Job fails at once (K8S: pastActiveDeadline). */
	if ((!j->cfg.spec->has_active_deadline && d <= 0) || j->cfg.spec->suspend ||
	    j->verdict != JOB_ACTIVE)
		return INT64_MAX;
	return j->start_mono > INT64_MAX - d ? INT64_MAX : j->start_mono + d;
}

struct job_step
job_sm_deadline_passed(struct job_sm *j, int64_t real_now)
{
	return fail_now(j, JOB_REASON_DEADLINE, JOB_MESSAGE_DEADLINE, real_now);
}

int
job_sm_exit_code(const struct job_sm *j)
{
	if (j->verdict == JOB_COMPLETE)
		return 0;
	return j->exit_code != 0 ? j->exit_code : 1;
}
