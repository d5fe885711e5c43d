/* Unit tests for job_sm (SPEC §9; K8S: pkg/controller/job
 * job_controller.go syncJob, pastBackoffLimitOnFailure, pod_failure_policy.go
 * matchPodFailurePolicy, indexed_job_utils.go): a table of Jobs, each
 * driven through a script of pod outcomes, with the verdict, the reason,
 * the counts, the pods created and the exit code it must end with; then
 * the pieces on their own (the back-off, the rules' matching, the index
 * text, the conditions' order). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/job_sm.h"
#include "podinit/json.h"
#include "podinit/render_job.h"
#include "podinit/units.h"

#define S	NS_PER_SEC
#define MS	NS_PER_MS

/* A script: space-separated steps, each for the pod the Job creates next
 * (created as the Job asks; a step that needs a pod and gets none fails):
 *   S      the pod succeeded
 *   F<n>   the pod failed, container "main" terminated with code n
 *   I<n>   the init container "init" terminated with n, the pod failed
 *   R<n>   the running pod's containers restarted n times in all
 *   D      the Job's activeDeadlineSeconds passed
 *   E<n>   the pod the Job deleted ended: with code n (S: succeeded) */
struct job_case {
	char	 name[96];
	int32_t	 backoff_limit, completions;
	bool	 indexed, on_failure;
	int32_t	 per_index;		/* -1: no backoffLimitPerIndex */
	int32_t	 max_failed;		/* -1: no maxFailedIndexes */
	int	 rules;			/* which failure policy: 0 none, see policy() */
	char	 script[96];
	enum job_verdict want_verdict;
	char	 want_reason[40];
	int32_t	 want_succeeded, want_failed, want_created;
	int	 want_code;
	char	 want_completed[16], want_failed_ix[16];
};

static int32_t values_42[] = { 42 };
static int32_t values_1_2[] = { 1, 2 };
static int32_t values_0_3[] = { 3, 7 };
static struct job_pod_condition ready_false[] = { { "Ready", "False" } };

/* 1: FailJob on 42 in main, Ignore 1,2 in any; 2: Count NotIn 3,7, then
 * FailJob anything; 3: FailIndex on 42; 4: FailJob on the pod's Ready False;
 * 5: FailJob on 42 in a container "other" only */
static void
policy(int which, struct job_spec *js, struct job_failure_rule *r)
{
	memset(r, 0, 3 * sizeof *r);
	js->rules = r;
	js->has_failure_policy = which != 0;
	switch (which) {
	case 1:
		r[0] = (struct job_failure_rule){ .action = JOB_ACTION_FAIL_JOB, .has_exit_codes = true,
			.container_name = "main", .op = JOB_EXIT_IN, .values = values_42, .n_values = 1 };
		r[1] = (struct job_failure_rule){ .action = JOB_ACTION_IGNORE, .has_exit_codes = true,
			.op = JOB_EXIT_IN, .values = values_1_2, .n_values = 2 };
		js->n_rules = 2;
		break;
	case 2:
		r[0] = (struct job_failure_rule){ .action = JOB_ACTION_COUNT, .has_exit_codes = true,
			.op = JOB_EXIT_NOT_IN, .values = values_0_3, .n_values = 2 };
		r[1] = (struct job_failure_rule){ .action = JOB_ACTION_FAIL_JOB, .has_exit_codes = true,
			.op = JOB_EXIT_NOT_IN, .values = values_42, .n_values = 1 };
		js->n_rules = 2;
		break;
	case 3:
		r[0] = (struct job_failure_rule){ .action = JOB_ACTION_FAIL_INDEX,
			.has_exit_codes = true, .op = JOB_EXIT_IN, .values = values_42, .n_values = 1 };
		js->n_rules = 1;
		break;
	case 4:
		r[0] = (struct job_failure_rule){ .action = JOB_ACTION_FAIL_JOB,
			.conditions = ready_false, .n_conditions = 1 };
		js->n_rules = 1;
		break;
	case 5:
		r[0] = (struct job_failure_rule){ .action = JOB_ACTION_FAIL_JOB, .has_exit_codes = true,
			.container_name = "other", .op = JOB_EXIT_IN, .values = values_42, .n_values = 1 };
		js->n_rules = 1;
		break;
	default:
		js->n_rules = 0;
	}
}

#define NORULE	0
ParameterizedTestParameters(job_sm, scripts)
{
	static struct job_case c[] = {
		/* K8S: exceedsBackoffLimit := failed > backoffLimit */
		{ "Never, backoffLimit 2: three pods, then BackoffLimitExceeded", 2, 1, false, false,
		  -1, -1, NORULE, "F3 F3 F3", JOB_FAILED, "BackoffLimitExceeded", 0, 3, 3, 3, "", "" },
		{ "backoffLimit 0: the first failure ends it", 0, 1, false, false, -1, -1, NORULE,
		  "F5", JOB_FAILED, "BackoffLimitExceeded", 0, 1, 1, 5, "", "" },
		{ "default 6: seven pods", 6, 1, false, false, -1, -1, NORULE,
		  "F1 F1 F1 F1 F1 F1 F1", JOB_FAILED, "BackoffLimitExceeded", 0, 7, 7, 1, "", "" },
		{ "a failure, then success: Complete, exit 0", 2, 1, false, false, -1, -1, NORULE,
		  "F1 S", JOB_COMPLETE, "CompletionsReached", 1, 1, 2, 0, "", "" },
		{ "completions 3, one after another", 6, 3, false, false, -1, -1, NORULE,
		  "S S S", JOB_COMPLETE, "CompletionsReached", 3, 0, 3, 0, "", "" },
		{ "completions 3, failures in between", 6, 3, false, false, -1, -1, NORULE,
		  "S F2 S F2 S", JOB_COMPLETE, "CompletionsReached", 3, 2, 5, 0, "", "" },
		{ "completions 3, limit reached after 2 successes", 1, 3, false, false, -1, -1, NORULE,
		  "S F9 S F9", JOB_FAILED, "BackoffLimitExceeded", 2, 2, 4, 9, "", "" },
		/* K8S: pastBackoffLimitOnFailure: restarts >= backoffLimit */
		{ "OnFailure, backoffLimit 2: two restarts delete the pod", 2, 1, false, true, -1, -1,
		  NORULE, "R1 R2 E137", JOB_FAILED, "BackoffLimitExceeded", 0, 1, 1, 137, "", "" },
		{ "OnFailure, backoffLimit 0: the first restart", 0, 1, false, true, -1, -1, NORULE,
		  "R1 E1", JOB_FAILED, "BackoffLimitExceeded", 0, 1, 1, 1, "", "" },
		{ "OnFailure, one restart under the limit, then success", 3, 1, false, true, -1, -1,
		  NORULE, "R1 R2 S", JOB_COMPLETE, "CompletionsReached", 1, 0, 1, 0, "", "" },
		{ "OnFailure: a deleted pod that exits 0 still fails the Job", 1, 1, false, true, -1,
		  -1, NORULE, "R1 ES", JOB_FAILED, "BackoffLimitExceeded", 1, 0, 1, 1, "", "" },
		{ "Never: restarts are not counted", 1, 1, false, false, -1, -1, NORULE,
		  "R5 S", JOB_COMPLETE, "CompletionsReached", 1, 0, 1, 0, "", "" },
		{ "deadline with a pod running: it is deleted and counts", 6, 1, false, false, -1, -1,
		  NORULE, "R0 D E143", JOB_FAILED, "DeadlineExceeded", 0, 1, 1, 143, "", "" },
		{ "deadline between pods: Failed at once, the last pod's code", 6, 1, false, false,
		  -1, -1, NORULE, "F4 D", JOB_FAILED, "DeadlineExceeded", 0, 1, 1, 4, "", "" },
		/* podFailurePolicy */
		{ "FailJob on 42 in main: at once", 6, 1, false, false, -1, -1, 1,
		  "F42", JOB_FAILED, "PodFailurePolicy", 0, 1, 1, 42, "", "" },
		{ "Ignore 1 and 2: not counted, created again", 0, 1, false, false, -1, -1, 1,
		  "F1 F2 F1 S", JOB_COMPLETE, "CompletionsReached", 1, 0, 4, 0, "", "" },
		{ "no rule matches 5: counted", 0, 1, false, false, -1, -1, 1,
		  "F5", JOB_FAILED, "BackoffLimitExceeded", 0, 1, 1, 5, "", "" },
		{ "Count NotIn 3,7 counts 9; 3 falls to FailJob NotIn 42", 6, 1, false, false, -1, -1,
		  2, "F9 F3", JOB_FAILED, "PodFailurePolicy", 0, 2, 2, 3, "", "" },
		{ "an init container's code matches too", 6, 1, false, false, -1, -1, 1,
		  "I1 I1 S", JOB_COMPLETE, "CompletionsReached", 1, 0, 3, 0, "", "" },
		{ "onPodConditions Ready False: FailJob", 6, 1, false, false, -1, -1, 4,
		  "F1", JOB_FAILED, "PodFailurePolicy", 0, 1, 1, 1, "", "" },
		{ "a rule for another container does not match", 0, 1, false, false, -1, -1, 5,
		  "F42", JOB_FAILED, "BackoffLimitExceeded", 0, 1, 1, 42, "", "" },
		/* Indexed */
		{ "Indexed, 3 completions", 6, 3, true, false, -1, -1, NORULE,
		  "S S S", JOB_COMPLETE, "CompletionsReached", 3, 0, 3, 0, "0-2", "" },
		{ "Indexed: a failed index is run again", 6, 3, true, false, -1, -1, NORULE,
		  "S F1 S S", JOB_COMPLETE, "CompletionsReached", 3, 1, 4, 0, "0-2", "" },
		{ "Indexed, backoffLimitPerIndex 1: index 1 fails twice, skipped", 2147483647, 3,
		  true, false, 1, -1, NORULE, "S F1 F1 S", JOB_FAILED, "FailedIndexes", 2, 2, 4, 1,
		  "0,2", "1" },
		{ "Indexed, maxFailedIndexes 0: the first failed index ends it", 2147483647, 3, true,
		  false, 0, 0, NORULE, "F1", JOB_FAILED, "MaxFailedIndexesExceeded", 0, 1, 1, 1, "",
		  "0" },
		{ "Indexed, FailIndex on 42", 2147483647, 2, true, false, 3, -1, 3,
		  "F42 S", JOB_FAILED, "FailedIndexes", 1, 1, 2, 42, "1", "0" },
	};

	return cr_make_param_array(struct job_case, c, sizeof c / sizeof c[0]);
}

static void
pod_end(struct job_sm *j, enum pod_phase phase, int code, bool init, int64_t now,
    struct job_step *st)
{
	struct job_pod_container ctrs[2] = {
		{ .name = "init", .terminated = true, .exit_code = init ? code : 0 },
		{ .name = "main", .terminated = !init, .exit_code = init ? 0 : code },
	};
	struct job_pod_condition_state conds[2] = {
		{ "Ready", "False" }, { "PodScheduled", "True" },
	};
	struct job_pod_result r = { .phase = phase, .exit_code = code, .ctrs = ctrs,
		.n_ctrs = 2, .conds = conds, .n_conds = 2 };

	*st = job_sm_pod_ended(j, &r, now, now);
}

ParameterizedTest(struct job_case *c, job_sm, scripts)
{
	struct job_spec js = { .present = true, .name = "pi", .backoff_limit = c->backoff_limit,
		.completions = c->completions, .completions_set = true, .parallelism = 1,
		.completion_mode = c->indexed ? JOB_COMPLETION_INDEXED : JOB_COMPLETION_NON_INDEXED,
		.active_deadline_ns = 100 * S,
		.has_backoff_limit_per_index = c->per_index >= 0,
		.backoff_limit_per_index = c->per_index,
		.has_max_failed_indexes = c->max_failed >= 0, .max_failed_indexes = c->max_failed };
	struct job_failure_rule rules[3];
	struct job_sm_cfg cfg = { .spec = &js, .namespace_name = "default",
		.restart_policy = c->on_failure ? RESTART_ON_FAILURE : RESTART_NEVER,
		.backoff_initial_ns = 100 * MS, .backoff_max_ns = 1 * S };
	struct job_sm *j = calloc(1, sizeof *j);
	char script[96], ix[64];
	int64_t now = 1 * S;
	bool pod = false;

	policy(c->rules, &js, rules);
	job_sm_init(j, &cfg, now, now);
	snprintf(script, sizeof script, "%s", c->script);
	for (char *tok = strtok(script, " "); tok != NULL; tok = strtok(NULL, " ")) {
		struct job_step st = { 0 };

		if (!pod && tok[0] != 'D' && tok[0] != 'E') {
			struct job_next n = job_sm_next(j, now);
			if (n.kind == JOB_NEXT_WAIT) {
				cr_assert_gt(n.at, now, "%s: a wait is in the future", c->name);
				now = n.at;
				n = job_sm_next(j, now);
			}
			cr_assert_eq(n.kind, JOB_NEXT_RUN, "%s: %s needs a pod, got %d", c->name, tok,
			    n.kind);
			job_sm_pod_started(j, "pi-abcde", now);
			pod = true;
		}
		switch (tok[0]) {
		case 'S':
			pod_end(j, PHASE_SUCCEEDED, 0, false, now, &st);
			pod = false;
			break;
		case 'F':
		case 'I':
			pod_end(j, PHASE_FAILED, atoi(tok + 1), tok[0] == 'I', now, &st);
			pod = false;
			break;
		case 'R':
			st = job_sm_pod_restarts(j, atoi(tok + 1), now);
			break;
		case 'D':
			st = job_sm_deadline_passed(j, now);
			cr_assert_eq(st.stop_pod, pod, "%s: the deadline deletes the pod that runs",
			    c->name);
			break;
		case 'E':
			cr_assert(pod, "%s: E ends a deleted pod", c->name);
			if (tok[1] == 'S')
				pod_end(j, PHASE_SUCCEEDED, 0, false, now, &st);
			else
				pod_end(j, PHASE_FAILED, atoi(tok + 1), false, now, &st);
			pod = false;
			break;
		}
		now += 10 * MS;
	}
	cr_assert_eq(j->verdict, c->want_verdict, "%s: verdict %d, want %d", c->name, j->verdict,
	    c->want_verdict);
	cr_assert_eq(job_sm_next(j, now).kind, JOB_NEXT_DONE, "%s: nothing runs after", c->name);
	cr_assert_eq(j->status.succeeded, c->want_succeeded, "%s: succeeded %d", c->name,
	    j->status.succeeded);
	cr_assert_eq(j->status.failed, c->want_failed, "%s: failed %d", c->name, j->status.failed);
	cr_assert_eq(j->status.pods_created, c->want_created, "%s: created %d", c->name,
	    j->status.pods_created);
	cr_assert_eq(j->status.active, 0, "%s: no pod active", c->name);
	cr_assert_eq(job_sm_exit_code(j), c->want_code, "%s: exit %d", c->name,
	    job_sm_exit_code(j));
	/* The interim condition, then the terminal one, same reason. */
	cr_assert_eq(j->status.n_conditions, 2, "%s: %zu conditions", c->name,
	    j->status.n_conditions);
	cr_assert_eq(j->status.conditions[0].type, c->want_verdict == JOB_COMPLETE ?
	    JOB_COND_SUCCESS_CRITERIA_MET : JOB_COND_FAILURE_TARGET, "%s", c->name);
	cr_assert_eq(j->status.conditions[1].type, c->want_verdict == JOB_COMPLETE ?
	    JOB_COND_COMPLETE : JOB_COND_FAILED, "%s", c->name);
	cr_assert_str_eq(j->status.conditions[1].reason, c->want_reason, "%s", c->name);
	cr_assert_str_eq(j->status.conditions[0].message, j->status.conditions[1].message, "%s",
	    c->name);
	cr_assert_eq(j->status.completion_time != 0, c->want_verdict == JOB_COMPLETE, "%s",
	    c->name);
	if (c->indexed) {
		job_indexes_format(j->succeeded_bits, c->completions, ix, sizeof ix);
		cr_assert_str_eq(ix, c->want_completed, "%s: completed %s", c->name, ix);
		job_indexes_format(j->failed_bits, c->completions, ix, sizeof ix);
		cr_assert_str_eq(ix, c->want_failed_ix, "%s: failed %s", c->name, ix);
	}
	free(j);
}

/* The pod after a failure waits initial * 2^(n-1), capped; a success
 * resets it. */
Test(job_sm, backoff)
{
	struct job_spec js = { .present = true, .backoff_limit = 10, .completions = 2 };
	struct job_sm_cfg cfg = { .spec = &js, .restart_policy = RESTART_NEVER,
		.backoff_initial_ns = 100 * MS, .backoff_max_ns = 350 * MS };
	struct job_sm *j = calloc(1, sizeof *j);
	static const int64_t want[] = { 100 * MS, 200 * MS, 350 * MS, 350 * MS };
	struct job_step st;
	int64_t now = 5 * S;

	job_sm_init(j, &cfg, now, now);
	cr_assert_eq(job_sm_next(j, now).kind, JOB_NEXT_RUN, "the first pod at once");
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct job_next n;

		job_sm_pod_started(j, "p", now);
		cr_assert_eq(job_sm_next(j, now).kind, JOB_NEXT_BUSY);
		pod_end(j, PHASE_FAILED, 1, false, now, &st);
		n = job_sm_next(j, now);
		cr_assert_eq(n.kind, JOB_NEXT_WAIT, "failure %zu waits", i + 1);
		cr_assert_eq(n.at - now, want[i], "failure %zu: %lld", i + 1, (long long)(n.at - now));
		cr_assert_eq(job_sm_next(j, n.at - 1).kind, JOB_NEXT_WAIT);
		now = n.at;
		cr_assert_eq(job_sm_next(j, now).kind, JOB_NEXT_RUN);
	}
	job_sm_pod_started(j, "p", now);
	pod_end(j, PHASE_SUCCEEDED, 0, false, now, &st);
	cr_assert_eq(job_sm_next(j, now).kind, JOB_NEXT_RUN, "a success resets the back-off");
	free(j);
}

Test(job_sm, deadline_at)
{
	struct job_spec js = { .present = true, .backoff_limit = 6, .completions = 1,
		.active_deadline_ns = 30 * S };
	struct job_sm_cfg cfg = { .spec = &js };
	struct job_sm *j = calloc(1, sizeof *j);

	job_sm_init(j, &cfg, 7 * S, 1000 * S);
	cr_assert_eq(job_sm_deadline_at(j), 37 * S, "from the Job's start");
	cr_assert_eq(j->status.start_time, 1000 * S);
	js.active_deadline_ns = 0;
	cr_assert_eq(job_sm_deadline_at(j), INT64_MAX, "none");
	js.has_active_deadline = true;
	cr_assert_eq(job_sm_deadline_at(j), 7 * S, "0 given: at once (legal for a Job)");
	js.has_active_deadline = false;
	js.active_deadline_ns = 30 * S;
	js.suspend = true;
	cr_assert_eq(job_sm_deadline_at(j), INT64_MAX, "suspended: not counted");
	free(j);
}

Test(job_sm, suspended)
{
	struct job_spec js = { .present = true, .backoff_limit = 6, .completions = 1,
		.suspend = true };
	struct job_sm_cfg cfg = { .spec = &js };
	struct job_sm *j = calloc(1, sizeof *j);

	job_sm_init(j, &cfg, 1, 1);
	cr_assert_eq(job_sm_next(j, 1).kind, JOB_NEXT_SUSPENDED);
	cr_assert_eq(j->status.n_conditions, 1);
	cr_assert_eq(j->status.conditions[0].type, JOB_COND_SUSPENDED);
	cr_assert_str_eq(j->status.conditions[0].reason, "JobSuspended");
	cr_assert_eq(j->status.start_time, 0, "K8S: no startTime while suspended");
	free(j);
}

/* The controller's FailJob messages, word for word. */
Test(job_sm, failure_messages)
{
	struct job_spec js = { 0 };
	struct job_failure_rule rules[3];
	struct job_pod_container ctrs[] = { { "main", true, 42 } };
	struct job_pod_condition_state conds[] = { { "Ready", "False" } };
	struct job_pod_result r = { .phase = PHASE_FAILED, .exit_code = 42, .ctrs = ctrs,
		.n_ctrs = 1, .conds = conds, .n_conds = 1 };
	char msg[256];

	policy(1, &js, rules);
	cr_assert_eq(job_failure_rule_match(&js, "ns", "pi-x", &r, msg, sizeof msg), 0);
	cr_assert_str_eq(msg, "Container main for pod ns/pi-x failed with exit code 42 matching "
	    "FailJob rule at index 0");
	policy(4, &js, rules);
	cr_assert_eq(job_failure_rule_match(&js, "ns", "pi-x", &r, msg, sizeof msg), 0);
	cr_assert_str_eq(msg, "Pod ns/pi-x has condition Ready matching FailJob rule at index 0");
	/* K8S: exit code 0 never matches, whatever the operator. */
	ctrs[0].exit_code = 0;
	policy(2, &js, rules);
	cr_assert_eq(job_failure_rule_match(&js, "ns", "pi-x", &r, msg, sizeof msg), -1);
	/* a container still running does not match */
	ctrs[0].exit_code = 9;
	ctrs[0].terminated = false;
	cr_assert_eq(job_failure_rule_match(&js, "ns", "pi-x", &r, msg, sizeof msg), -1);
	policy(0, &js, rules);
	ctrs[0].terminated = true;
	cr_assert_eq(job_failure_rule_match(&js, "ns", "pi-x", &r, msg, sizeof msg), -1,
	    "no policy: no rule");
}

struct ix_case {
	char	 set[32];	/* the indexes in the set, as a string of 0/1 */
	char	 want[32];
};

ParameterizedTestParameters(job_sm, indexes_format)
{
	static struct ix_case c[] = {
		{ "", "" }, { "0", "" }, { "1", "0" }, { "111", "0-2" }, { "101", "0,2" },
		{ "0110111", "1-2,4-6" }, { "11", "0-1" }, { "0001", "3" },
	};

	return cr_make_param_array(struct ix_case, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct ix_case *c, job_sm, indexes_format)
{
	uint8_t bits[8] = { 0 };
	char out[64];
	int32_t n = (int32_t)strlen(c->set);

	for (int32_t i = 0; i < n; i++)
		if (c->set[i] == '1')
			bits[i / 8] |= (uint8_t)(1u << (i % 8));
	job_indexes_format(bits, n, out, sizeof out);
	cr_assert_str_eq(out, c->want, "%s: %s", c->set, out);
}

/* render_job: a Job that failed by its backoffLimit, as /status,
 * describe and /metrics show it. */
Test(job_sm, rendered)
{
	struct job_spec js = { .present = true, .name = "pi", .uid = "u-1", .backoff_limit = 0,
		.completions = 1, .parallelism = 1 };
	struct job_sm_cfg cfg = { .spec = &js, .namespace_name = "ns",
		.restart_policy = RESTART_NEVER, .backoff_initial_ns = MS, .backoff_max_ns = MS };
	struct job_sm *j = calloc(1, sizeof *j);
	struct pod_view v = { 0 };
	static char mem[65536];
	struct buf b;
	struct json jw;
	struct job_step st;

	job_sm_init(j, &cfg, S, 1700000000LL * S);
	job_sm_pod_started(j, "pi-abcde", 1700000000LL * S);
	pod_end(j, PHASE_FAILED, 3, false, 1700000001LL * S, &st);
	v.job = j;
	buf_init(&b, mem, sizeof mem - 1);
	json_init(&jw, &b);
	render_job_json(&jw, &v);
	mem[b.len] = '\0';
	cr_assert(strstr(mem, "\"kind\":\"Job\",\"name\":\"pi\",\"namespace\":\"ns\",\"uid\":\"u-1\""),
	    "%s", mem);
	cr_assert(strstr(mem, "{\"type\":\"FailureTarget\",\"status\":\"True\""), "%s", mem);
	cr_assert(strstr(mem, "{\"type\":\"Failed\",\"status\":\"True\""), "%s", mem);
	cr_assert(strstr(mem, "\"reason\":\"BackoffLimitExceeded\",\"message\":\"Job has reached "
	    "the specified backoff limit\""), "%s", mem);
	cr_assert(strstr(mem, "\"active\":0,\"succeeded\":0,\"failed\":1"), "%s", mem);
	cr_assert_null(strstr(mem, "completionTime"), "only a Complete Job has one");
	buf_init(&b, mem, sizeof mem - 1);
	render_job_describe(&b, &v, 1700000005LL * S);
	mem[b.len] = '\0';
	cr_assert(strstr(mem, "Pods Statuses:    0 Active (0 Ready) / 0 Succeeded / 1 Failed\n"),
	    "%s", mem);
	cr_assert(strstr(mem, "Condition:        Failed (BackoffLimitExceeded)"), "%s", mem);
	cr_assert(strstr(mem, "Duration:         5s\n"), "%s", mem);
	buf_init(&b, mem, sizeof mem - 1);
	render_job_metrics(&b, &v);
	mem[b.len] = '\0';
	cr_assert(strstr(mem, "podinit_job_status_failed{namespace=\"ns\",job_name=\"pi\"} 1\n"),
	    "%s", mem);
	cr_assert(strstr(mem, "podinit_job_failed{namespace=\"ns\",job_name=\"pi\",condition=\"true\"} 1\n"),
	    "%s", mem);
	cr_assert(strstr(mem, "podinit_job_complete{namespace=\"ns\",job_name=\"pi\",condition=\"true\"} 0\n"),
	    "%s", mem);
	free(j);
}
