/* decode_job: a Job's spec (SPEC §9), and a CronJob's with its
 * JobTemplateSpec, into pod->job, with the API server's defaults
 * (SetDefaults_Job) and validation in its words (pkg/apis/batch/validation:
 * validateJobSpec, validatePodFailurePolicy and its rules, ValidateJob's
 * Indexed hostname check and generated selector, ValidateCronJobCreate,
 * validateCronJobSpec, ValidateJobTemplateSpec); and what each pod of the
 * Job gets from the API server's Job defaulting (the selector's labels,
 * pkg/registry/batch/job generateSelector) and from the Job controller
 * (pkg/controller/job: the generateName, the completion index's label,
 * annotation, hostname and JOB_COMPLETION_INDEX, the index's failure
 * counts).  A field podinit reads
 * and cannot act on (parallelism above 1, successPolicy, ...) gets a note
 * that says what podinit does instead.
 * Private to src/model/decode*.c (see decode_internal.h). */
#include "decode_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "podinit/apivalidate.h"

#define JOB_NAME_LABEL		"batch.kubernetes.io/job-name"
#define JOB_UID_LABEL		"batch.kubernetes.io/controller-uid"
#define JOB_LEGACY_NAME_LABEL	"job-name"
#define JOB_LEGACY_UID_LABEL	"controller-uid"
#define JOB_INDEX_KEY		"batch.kubernetes.io/job-completion-index"
#define JOB_FAILURES_KEY	"batch.kubernetes.io/job-index-failure-count"
#define JOB_IGNORED_KEY		"batch.kubernetes.io/job-index-ignored-failure-count"
#define JOB_MANAGED_BY_DEFAULT	"kubernetes.io/job-controller"

/* K8S: pkg/apis/batch/validation's limits */
#define MAX_PARALLELISM_INDEXED		100000
#define MAX_FAILED_INDEXES		100000
#define COMPLETIONS_SOFT_LIMIT		100000
#define PARALLELISM_HIGH_COMPLETIONS	10000
#define MAX_FAILED_HIGH_COMPLETIONS	10000
#define MAX_POLICY_RULES		20
#define MAX_EXIT_CODE_VALUES		255
#define MAX_CONDITION_PATTERNS		20
#define MAX_MANAGED_BY			63
#define MAX_SUCCESS_RULES		20
/* names.MaxGeneratedNameLength: generateName is cut to leave room for
 * the 5 random characters within 63 */
#define MAX_GENERATED_NAME		58
/* DNS1035LabelMaxLength - 11: a CronJob's Job adds "-<minutes>" */
#define MAX_CRONJOB_NAME		52

/* What the JobSpec's rows keep for the rules after them: the nodes of
 * fields whose messages another field decides. */
struct job_decode {
	const struct ynode *completions, *parallelism, *backoff_limit, *per_index, *max_failed;
	const struct ynode *selector, *manual, *replacement, *mode;
	const struct ynode *template;	/* the PodTemplateSpec */
	char	 template_path[FIELDPATH_MAX];
	bool	 manual_selector;
	const struct ynode **rule_ctr;	/* per rule: onExitCodes.containerName's value */
	char	*hostname;		/* Indexed: "<job>-<index>" */
	char	*index;			/* Indexed: the index in decimal */
};

/* A string of the pod's arena, printf-style; NULL when out of memory. */
static char * __attribute__((format(printf, 2, 3)))
job_printf(struct dctx *c, const char *fmt, ...)
{
	char s[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s, sizeof s, fmt, ap);
	va_end(ap);
	return arena_strdup(c->a, s);
}

/* A non-negative int32 (K8S: ValidateNonnegativeField's words). */
static bool
d_count(struct dctx *c, const struct field_at *at, int32_t *out)
{
	int64_t x;

	if (!d_int(c, at->value, at->path, 0, INT32_MAX, &x))
		return false;
	*out = (int32_t)x;
	return true;
}

/* ---- the JobSpec's fields (at->object is NULL: c->pod->job, c->job) ---- */

static bool
job_begin(struct dctx *c, const struct field_at *at)
{
	struct job_spec *j = &c->pod->job;

	if ((c->job = arena_alloc(c->a, sizeof *c->job)) == NULL) {
		decode_err(c, at->map, at->path, "out of memory");
		return false;
	}
	j->present = true;
	j->from_cronjob = strcmp(c->kind->kind, "CronJob") == 0;
	j->completion_index = -1;
	j->mark.line = at->map->line;
	j->mark.col = at->map->col;
	return true;
}

static bool
job_completion_mode(struct dctx *c, const struct field_at *at)
{
	char *s;

	/* The schema checked the enum. */
	c->job->mode = at->value;
	if (d_str(c, at->value, at->path, &s) && strcmp(s, "Indexed") == 0)
		c->pod->job.completion_mode = JOB_COMPLETION_INDEXED;
	return true;
}

static bool
job_completions(struct dctx *c, const struct field_at *at)
{
	if (d_count(c, at, &c->pod->job.completions)) {
		c->pod->job.completions_set = true;
		c->job->completions = at->value;
	}
	return true;
}

static bool
job_parallelism(struct dctx *c, const struct field_at *at)
{
	if (d_count(c, at, &c->pod->job.parallelism))
		c->job->parallelism = at->value;
	return true;
}

static bool
job_backoff_limit(struct dctx *c, const struct field_at *at)
{
	if (d_count(c, at, &c->pod->job.backoff_limit))
		c->job->backoff_limit = at->value;
	return true;
}

static bool
job_backoff_limit_per_index(struct dctx *c, const struct field_at *at)
{
	if (d_count(c, at, &c->pod->job.backoff_limit_per_index)) {
		c->pod->job.has_backoff_limit_per_index = true;
		c->job->per_index = at->value;
	}
	return true;
}

static bool
job_max_failed_indexes(struct dctx *c, const struct field_at *at)
{
	if (d_count(c, at, &c->pod->job.max_failed_indexes)) {
		c->pod->job.has_max_failed_indexes = true;
		c->job->max_failed = at->value;
	}
	return true;
}

/* K8S: any non-negative int64 (the pod's own is 1 to MaxInt32); 0 is
 * legal, and the Job controller fails such a Job at once. */
static bool
job_active_deadline(struct dctx *c, const struct field_at *at)
{
	int64_t x;

	if (d_int(c, at->value, at->path, 0, INT64_MAX, &x)) {
		c->pod->job.has_active_deadline = true;
		c->pod->job.active_deadline_ns = spec_seconds_to_ns(x);
	}
	return true;
}

static bool
job_suspend(struct dctx *c, const struct field_at *at)
{
	d_bool(c, at->value, at->path, &c->pod->job.suspend);
	return true;
}

static bool
job_ttl(struct dctx *c, const struct field_at *at)
{
	int32_t x;

	if (d_count(c, at, &x))
		diag_add(c->d, DIAG_NOTE, at->value->line, at->value->col, at->path,
		    "ttlSecondsAfterFinished %d: podinit exits when the Job finishes; there is no "
		    "Job object to delete", (int)x);
	return true;
}

static bool
job_pod_replacement_policy(struct dctx *c, const struct field_at *at)
{
	char *s;

	/* The schema checked the enum; with a podFailurePolicy only
	 * "Failed" is (job_rules). */
	if (d_str(c, at->value, at->path, &s)) {
		c->job->replacement = at->value;
		diag_add(c->d, DIAG_NOTE, at->value->line, at->value->col, at->path,
		    "podReplacementPolicy %s: podinit runs one pod at a time and starts the next "
		    "once the last has terminated (as Failed)", s);
	}
	return true;
}

static bool
job_manual_selector(struct dctx *c, const struct field_at *at)
{
	if (d_bool(c, at->value, at->path, &c->job->manual_selector))
		c->job->manual = at->value;
	return true;
}

static bool
job_selector(struct dctx *c, const struct field_at *at)
{
	if (!want_map(c, at->value, at->path))
		return true;
	c->job->selector = at->value;
	diag_add(c->d, DIAG_NOTE, at->value->line, at->value->col, at->path, "the selector is "
	    "checked against the template's labels; podinit runs the Job's own pods and "
	    "selects no others");
	return true;
}

/* K8S: IsDomainPrefixedPath (the path's own pattern is not checked), at
 * most 63 bytes. */
static bool
job_managed_by(struct dctx *c, const struct field_at *at)
{
	char msg[APIVALIDATE_MSG_SIZE], host[256];
	const char *slash;
	char *s;

	if (!d_str(c, at->value, at->path, &s))
		return true;
	slash = strchr(s, '/');
	if (s[0] == '\0') {
		decode_err(c, at->value, at->path, "required value");
		return true;
	}
	if (slash == NULL || slash == s || slash[1] == '\0') {
		decode_err(c, at->value, at->path, "must be a domain-prefixed path (such as "
		    "\"acme.io/foo\")");
	} else {
		snprintf(host, sizeof host, "%.*s", (int)(slash - s), s);
		if (apivalidate_dns1123_subdomain(host, msg, sizeof msg) != NULL)
			decode_err(c, at->value, at->path, "%s", msg);
	}
	if (strlen(s) > MAX_MANAGED_BY)
		decode_err(c, at->value, at->path, "must have at most %d bytes", MAX_MANAGED_BY);
	if (strcmp(s, JOB_MANAGED_BY_DEFAULT) != 0)
		diag_add(c->d, DIAG_NOTE, at->value->line, at->value->col, at->path,
		    "managedBy \"%s\": podinit runs the Job itself", s);
	return true;
}

/* K8S: validateSuccessPolicy and its rules; succeededIndexes' format is
 * not parsed.  Read, then noted: podinit does not apply it. */
static bool
job_success_policy(struct dctx *c, const struct field_at *at)
{
	const struct job_spec *j = &c->pod->job;
	const struct ynode *rules;
	char p[FIELDPATH_MAX], q[FIELDPATH_MAX], r[FIELDPATH_MAX];

	if (!want_map(c, at->value, at->path))
		return true;
	if (j->completion_mode != JOB_COMPLETION_INDEXED) {
		decode_err(c, at->value, at->path, "requires indexed completion mode");
		return true;
	}
	rules = ynode_get(at->value, "rules");
	fieldpath_field(p, at->path, "rules");
	if (ynode_is_null(rules) || (rules->kind == YNODE_SEQ && rules->n == 0)) {
		decode_err(c, rules && !ynode_is_null(rules) ? rules : at->value, p,
		    "required value: at least one rules must be specified when the successPolicy "
		    "is specified");
		return true;
	}
	if (rules->kind != YNODE_SEQ)
		return true;	/* the schema said so */
	if (rules->n > MAX_SUCCESS_RULES)
		decode_err(c, rules, p, "must have at most %d items (has %u)", MAX_SUCCESS_RULES,
		    rules->n);
	for (size_t i = 0; i < rules->n; i++) {
		const struct ynode *rule = rules->kids[i];
		const struct ynode *count = ynode_get(rule, "succeededCount");
		const struct ynode *ixs = ynode_get(rule, "succeededIndexes");
		int64_t x;

		fieldpath_index(q, p, i);
		if (ynode_is_null(count) && ynode_is_null(ixs)) {
			decode_err(c, rule, q, "required value: at least one of succeededCount or "
			    "succeededIndexes must be specified");
			continue;
		}
		fieldpath_field(r, q, "succeededCount");
		if (!ynode_is_null(count) && d_int(c, count, r, 0, INT32_MAX, &x) &&
		    j->completions_set && x > j->completions)
			decode_err(c, count, r, "must be less than or equal to %d (the number of "
			    "specified completions)", (int)j->completions);
	}
	diag_add(c->d, DIAG_NOTE, at->value->line, at->value->col, at->path, "successPolicy: "
	    "not applied by podinit: the Job succeeds when every index has succeeded");
	return true;
}

/* ---- podFailurePolicy ---- */

/* A rule decodes into a struct rule_decode. */
struct rule_decode {
	struct job_failure_rule *r;
	const struct ynode **ctr;	/* where onExitCodes.containerName's value goes */
	bool	 op_known;		/* operator read */
	bool	 conditions_written;	/* onPodConditions, not empty */
};

static bool
exit_codes_container(struct dctx *c, const struct field_at *at)
{
	struct rule_decode *rd = at->object;

	/* Checked against the template's containers once they are known
	 * (job_containers). */
	if (d_str(c, at->value, at->path, &rd->r->container_name))
		*rd->ctr = at->value;
	return true;
}

static bool
exit_codes_operator(struct dctx *c, const struct field_at *at)
{
	struct rule_decode *rd = at->object;
	char *s;

	/* The schema checked the enum and that it is there. */
	if (at->value == NULL || !d_str(c, at->value, at->path, &s))
		return true;
	if (strcmp(s, "In") == 0 || strcmp(s, "NotIn") == 0) {
		rd->r->op = s[0] == 'I' ? JOB_EXIT_IN : JOB_EXIT_NOT_IN;
		rd->op_known = true;
	}
	return true;
}

/* K8S: validatePodFailurePolicyRuleOnExitCodes: 1 to 255 values,
 * ascending, unique, no 0 for In. */
static bool
exit_codes_values(struct dctx *c, const struct field_at *at)
{
	struct rule_decode *rd = at->object;
	struct job_failure_rule *r = rd->r;
	const struct ynode *v = at->value;
	char q[FIELDPATH_MAX];
	bool ordered = true;
	int64_t x;

	if (!want_seq(c, v, at->path))
		return true;
	if (v->n == 0) {
		decode_err(c, v, at->path, "at least one value is required");
		return true;
	}
	if (v->n > MAX_EXIT_CODE_VALUES)
		decode_err(c, v, at->path, "must have at most %d items (has %u)",
		    MAX_EXIT_CODE_VALUES, v->n);
	if ((r->values = arena_alloc(c->a, v->n * sizeof *r->values)) == NULL) {
		decode_err(c, v, at->path, "out of memory");
		return true;
	}
	for (size_t i = 0; i < v->n; i++) {
		size_t k;

		fieldpath_index(q, at->path, i);
		if (!d_int(c, v->kids[i], q, INT32_MIN, INT32_MAX, &x))
			continue;
		if (rd->op_known && r->op == JOB_EXIT_IN && x == 0)
			decode_err(c, v->kids[i], q, "must not be 0 for the In operator");
		for (k = 0; k < r->n_values; k++)
			if (r->values[k] == x)
				break;
		if (k < r->n_values)
			decode_err(c, v->kids[i], q, "duplicate value %d", (int)x);
		if (r->n_values > 0 && r->values[r->n_values - 1] > x)
			ordered = false;
		r->values[r->n_values++] = (int32_t)x;
	}
	if (!ordered)
		decode_err(c, v, at->path, "must be ordered");
	return true;
}

static const struct field pod_failure_exit_codes_rows[] = {
	F("containerName", exit_codes_container), F_ALWAYS("operator", exit_codes_operator),
	F("values", exit_codes_values),
};
const struct field_table pod_failure_exit_codes_fields =
    TABLE("PodFailurePolicyOnExitCodesRequirement", pod_failure_exit_codes_rows);

static bool
condition_type(struct dctx *c, const struct field_at *at)
{
	struct job_pod_condition *pc = at->object;
	char msg[APIVALIDATE_MSG_SIZE];

	/* The schema said when it is absent. */
	if (at->value == NULL || !d_str(c, at->value, at->path, &pc->type))
		return true;
	if (apivalidate_qualified_name(pc->type, msg, sizeof msg) != NULL)
		decode_err(c, at->value, at->path, "%s", msg);
	return true;
}

/* K8S 1.35: status defaults to "True" (SetDefaults_Job). */
static bool
condition_status(struct dctx *c, const struct field_at *at)
{
	struct job_pod_condition *pc = at->object;
	char *s;

	if (at->value != NULL && d_str(c, at->value, at->path, &s) && s[0] != '\0') {
		if (strcmp(s, "True") == 0 || strcmp(s, "False") == 0 || strcmp(s, "Unknown") == 0)
			pc->status = s;
		else
			decode_err(c, at->value, at->path, "unsupported value \"%s\": supported "
			    "values: \"False\", \"True\", \"Unknown\"", s);
	}
	if (pc->status == NULL)
		pc->status = arena_strdup(c->a, "True");
	return true;
}

static const struct field pod_failure_condition_rows[] = {
	F_ALWAYS("type", condition_type), F_ALWAYS("status", condition_status),
};
const struct field_table pod_failure_condition_fields =
    TABLE("PodFailurePolicyOnPodConditionsPattern", pod_failure_condition_rows);

static bool
rule_action(struct dctx *c, const struct field_at *at)
{
	static const struct {
		const char *name;
		enum job_rule_action action;
	} actions[] = {
		{ "FailJob", JOB_ACTION_FAIL_JOB }, { "Ignore", JOB_ACTION_IGNORE },
		{ "Count", JOB_ACTION_COUNT }, { "FailIndex", JOB_ACTION_FAIL_INDEX },
	};
	struct rule_decode *rd = at->object;
	char *s;

	/* The schema checked the enum and that it is there. */
	if (at->value == NULL || !d_str(c, at->value, at->path, &s))
		return true;
	for (size_t i = 0; i < NELEM(actions); i++)
		if (strcmp(s, actions[i].name) == 0)
			rd->r->action = actions[i].action;
	if (rd->r->action == JOB_ACTION_FAIL_INDEX && !c->pod->job.has_backoff_limit_per_index)
		decode_err(c, at->value, at->path, "requires the backoffLimitPerIndex to be set");
	return true;
}

static bool
rule_on_exit_codes(struct dctx *c, const struct field_at *at)
{
	struct rule_decode *rd = at->object;

	rd->r->has_exit_codes = true;
	decode_object(c, at->value, at->path, &pod_failure_exit_codes_fields, rd);
	return true;
}

static bool
rule_on_pod_conditions(struct dctx *c, const struct field_at *at)
{
	struct rule_decode *rd = at->object;
	struct job_failure_rule *r = rd->r;
	const struct ynode *v = at->value;
	char q[FIELDPATH_MAX];

	if (!want_seq(c, v, at->path) || v->n == 0)
		return true;
	rd->conditions_written = true;
	if (v->n > MAX_CONDITION_PATTERNS)
		decode_err(c, v, at->path, "must have at most %d items (has %u)",
		    MAX_CONDITION_PATTERNS, v->n);
	if ((r->conditions = arena_alloc(c->a, v->n * sizeof *r->conditions)) == NULL) {
		decode_err(c, v, at->path, "out of memory");
		return true;
	}
	for (size_t i = 0; i < v->n; i++)
		if (decode_object(c, v->kids[i], fieldpath_index(q, at->path, i),
		    &pod_failure_condition_fields, &r->conditions[r->n_conditions]))
			r->n_conditions++;
	return true;
}

static bool
rule_one_of(struct dctx *c, const struct field_at *at)
{
	struct rule_decode *rd = at->object;

	if (rd->r->has_exit_codes && rd->conditions_written)
		decode_err(c, at->map, at->path, "specifying both OnExitCodes and OnPodConditions "
		    "is not supported");
	else if (!rd->r->has_exit_codes && !rd->conditions_written)
		decode_err(c, at->map, at->path, "specifying one of OnExitCodes and "
		    "OnPodConditions is required");
	return true;
}

static const struct field pod_failure_rule_rows[] = {
	F_ALWAYS("action", rule_action), F("onExitCodes", rule_on_exit_codes),
	F("onPodConditions", rule_on_pod_conditions), RULE(rule_one_of),
};
const struct field_table pod_failure_rule_fields = TABLE("PodFailurePolicyRule",
    pod_failure_rule_rows);

static bool
policy_rules(struct dctx *c, const struct field_at *at)
{
	struct job_spec *j = &c->pod->job;
	const struct ynode *v = at->value;
	char q[FIELDPATH_MAX];

	if (!want_seq(c, v, at->path))
		return true;
	if (v->n > MAX_POLICY_RULES)
		decode_err(c, v, at->path, "must have at most %d items (has %u)", MAX_POLICY_RULES,
		    v->n);
	if (v->n == 0)
		return true;
	j->rules = arena_alloc(c->a, v->n * sizeof *j->rules);
	c->job->rule_ctr = arena_alloc(c->a, v->n * sizeof *c->job->rule_ctr);
	if (j->rules == NULL || c->job->rule_ctr == NULL) {
		decode_err(c, v, at->path, "out of memory");
		return true;
	}
	for (size_t i = 0; i < v->n; i++) {
		struct rule_decode rd = {
			.r = &j->rules[j->n_rules], .ctr = &c->job->rule_ctr[j->n_rules],
		};

		memset(rd.r, 0, sizeof *rd.r);
		*rd.ctr = NULL;
		rd.r->mark.line = v->kids[i]->line;
		rd.r->mark.col = v->kids[i]->col;
		if (decode_object(c, v->kids[i], fieldpath_index(q, at->path, i),
		    &pod_failure_rule_fields, &rd))
			j->n_rules++;
	}
	return true;
}

static const struct field pod_failure_policy_rows[] = {
	F("rules", policy_rules),
};
const struct field_table pod_failure_policy_fields = TABLE("PodFailurePolicy",
    pod_failure_policy_rows);

static bool
job_pod_failure_policy(struct dctx *c, const struct field_at *at)
{
	c->pod->job.has_failure_policy = true;
	decode_object(c, at->value, at->path, &pod_failure_policy_fields, NULL);
	return true;
}

/* ---- the rules of the JobSpec, and the pod's identity ---- */

static const struct ynode *
meta_name_node(const struct dctx *c)
{
	return ynode_get(ynode_get(c->doc, "metadata"), "name");
}

/* K8S: SetDefaults_Job, before validation (so an Indexed Job with
 * neither completions nor parallelism has completions 1): both unset,
 * both 1; parallelism 1; backoffLimit 6, or MaxInt32 with
 * backoffLimitPerIndex.  completions stays unset when only parallelism
 * is given (completions_set false): the Job is done at its first
 * success; the runtime reads 1. */
static void
job_defaults(struct dctx *c)
{
	struct job_spec *j = &c->pod->job;
	const struct job_decode *jd = c->job;

	if (jd->parallelism == NULL && !j->completions_set) {
		j->completions = 1;
		j->completions_set = true;
	}
	if (jd->parallelism == NULL)
		j->parallelism = 1;
	if (!j->completions_set)
		j->completions = 1;
	if (jd->backoff_limit == NULL)
		j->backoff_limit = j->has_backoff_limit_per_index ? INT32_MAX : 6;
}

/* K8S: validateJobSpec's rules between fields, in its order. */
static void
job_rules(struct dctx *c, const char *path)
{
	const struct job_spec *j = &c->pod->job;
	const struct job_decode *jd = c->job;
	char p[FIELDPATH_MAX];

	if (jd->max_failed != NULL && !j->has_backoff_limit_per_index)
		decode_err(c, jd->max_failed, fieldpath_field(p, path, "backoffLimitPerIndex"),
		    "required value: when maxFailedIndexes is specified");
	if (j->completion_mode == JOB_COMPLETION_INDEXED) {
		if (!j->completions_set)
			decode_err(c, jd->mode, fieldpath_field(p, path, "completions"),
			    "required value: when completion mode is Indexed");
		if (jd->parallelism != NULL && j->parallelism > MAX_PARALLELISM_INDEXED)
			decode_err(c, jd->parallelism, fieldpath_field(p, path, "parallelism"),
			    "must be less than or equal to %d when completion mode is Indexed",
			    MAX_PARALLELISM_INDEXED);
		if (j->completions_set && j->has_max_failed_indexes &&
		    j->max_failed_indexes > j->completions)
			decode_err(c, jd->max_failed, fieldpath_field(p, path, "maxFailedIndexes"),
			    "must be less than or equal to completions");
		if (j->has_max_failed_indexes && j->max_failed_indexes > MAX_FAILED_INDEXES)
			decode_err(c, jd->max_failed, fieldpath_field(p, path, "maxFailedIndexes"),
			    "must be less than or equal to %d", MAX_FAILED_INDEXES);
		if (j->completions_set && j->completions > COMPLETIONS_SOFT_LIMIT &&
		    j->has_backoff_limit_per_index) {
			if (!j->has_max_failed_indexes)
				decode_err(c, jd->completions, fieldpath_field(p, path,
				    "maxFailedIndexes"), "required value: must be specified when "
				    "completions is above %d", COMPLETIONS_SOFT_LIMIT);
			if (jd->parallelism != NULL && j->parallelism > PARALLELISM_HIGH_COMPLETIONS)
				decode_err(c, jd->parallelism, fieldpath_field(p, path,
				    "parallelism"), "must be less than or equal to %d when "
				    "completions are above %d and used with backoff limit per index",
				    PARALLELISM_HIGH_COMPLETIONS, COMPLETIONS_SOFT_LIMIT);
			if (j->has_max_failed_indexes &&
			    j->max_failed_indexes > MAX_FAILED_HIGH_COMPLETIONS)
				decode_err(c, jd->max_failed, fieldpath_field(p, path,
				    "maxFailedIndexes"), "must be less than or equal to %d when "
				    "completions are above %d and used with backoff limit per index",
				    MAX_FAILED_HIGH_COMPLETIONS, COMPLETIONS_SOFT_LIMIT);
		}
	} else {
		if (jd->per_index != NULL)
			decode_err(c, jd->per_index, fieldpath_field(p, path, "backoffLimitPerIndex"),
			    "requires indexed completion mode");
		if (jd->max_failed != NULL)
			decode_err(c, jd->max_failed, fieldpath_field(p, path, "maxFailedIndexes"),
			    "requires indexed completion mode");
	}
	if (j->has_failure_policy && jd->replacement != NULL &&
	    strcmp(jd->replacement->str, "Failed") != 0)
		decode_err(c, jd->replacement, fieldpath_field(p, path, "podReplacementPolicy"),
		    "unsupported value \"%s\": supported values: \"Failed\"", jd->replacement->str);
	/* K8S: ValidateJobTemplateSpec: a CronJob's Job gets its selector */
	if (j->from_cronjob && jd->selector != NULL)
		decode_err(c, jd->selector, fieldpath_field(p, path, "selector"),
		    "`selector` will be auto-generated");
	if (j->from_cronjob && jd->manual_selector)
		decode_err(c, jd->manual, fieldpath_field(p, path, "manualSelector"),
		    "unsupported value true: supported values: \"nil\", \"false\"");
	/* K8S: ValidateJobSpec: a manual selector is required */
	if (!j->from_cronjob && jd->manual_selector && jd->selector == NULL)
		decode_err(c, jd->manual, fieldpath_field(p, path, "selector"), "required value");
	if (jd->parallelism != NULL && j->parallelism > 1)
		diag_add(c->d, DIAG_NOTE, jd->parallelism->line, jd->parallelism->col,
		    fieldpath_field(p, path, "parallelism"), "parallelism %d: podinit runs one pod "
		    "at a time", (int)j->parallelism);
}

/* The Job's name (a CronJob's Job: "<cronjob>-<scheduled minute>", K8S:
 * getJobName), and the checks on names: ValidateCronJobCreate's 52
 * characters, ValidateJob's last Indexed hostname, the Job strategy's
 * DNS-label warning. */
static void
job_names(struct dctx *c, const struct pod_facts *f)
{
	struct job_spec *j = &c->pod->job;
	const struct ynode *nn = meta_name_node(c);
	const char *own = c->pod->name ? c->pod->name : "podinit";
	char msg[APIVALIDATE_MSG_SIZE];
	char *last;

	if (j->from_cronjob) {
		if (strlen(own) > MAX_CRONJOB_NAME)
			decode_err(c, nn, "metadata.name", "must be no more than %d characters",
			    MAX_CRONJOB_NAME);
		j->name = job_printf(c, "%s-%lld", own, (long long)f->scheduled_minutes);
	} else {
		j->name = arena_strdup(c->a, own);
		if (nn != NULL && apivalidate_dns1123_label(own, msg, sizeof msg) != NULL)
			decode_warn(c, nn, "metadata.name", "this is used in Pod names and hostnames, "
			    "which can result in surprising behavior; a DNS label is recommended: "
			    "[%s]", msg);
	}
	if (j->name == NULL)
		return;
	if (j->completion_mode == JOB_COMPLETION_INDEXED && j->completions_set &&
	    j->completions > 0) {
		last = job_printf(c, "%s-%d", j->name, (int)j->completions - 1);
		if (last != NULL && apivalidate_dns1123_label(last, NULL, 0) != NULL)
			decode_err(c, nn, "metadata.name", "will not able to create pod with invalid "
			    "DNS label: %s", last);
	}
}

/* The pod the Job controller creates: generateName "<job>-" (Indexed:
 * podGenerateNameWithIndex's "<job>-<index>-", the job's part cut so
 * that it fits 58) plus the API server's 5 characters (facts), the
 * Indexed hostname. */
static void
job_pod_identity(struct dctx *c, const struct pod_facts *f)
{
	struct job_spec *j = &c->pod->job;
	struct job_decode *jd = c->job;
	const char *suffix = f->name_suffix ? f->name_suffix : "";
	char ix[16];
	size_t jl = strlen(j->name), il;

	j->uid = arena_strdup(c->a, f->job_uid ? f->job_uid : "");
	if (j->completion_mode == JOB_COMPLETION_INDEXED) {
		j->completion_index = f->job_index;
		snprintf(ix, sizeof ix, "-%d-", (int)f->job_index);
		il = strlen(ix);
		if (jl + il > MAX_GENERATED_NAME)
			jl = MAX_GENERATED_NAME - il;
		c->pod->name = job_printf(c, "%.*s%s%s", (int)jl, j->name, ix, suffix);
		jd->hostname = job_printf(c, "%s-%d", j->name, (int)f->job_index);
		jd->index = job_printf(c, "%d", (int)f->job_index);
	} else {
		/* SimpleNameGenerator: the base cut to 58 */
		if (jl + 1 > MAX_GENERATED_NAME)
			c->pod->name = job_printf(c, "%.*s%s", MAX_GENERATED_NAME, j->name, suffix);
		else
			c->pod->name = job_printf(c, "%s-%s", j->name, suffix);
	}
}

/* Before the template: defaults, the rules between the fields, the
 * names, what the pod gets. */
static bool
job_checks(struct dctx *c, const struct field_at *at)
{
	const struct pod_facts *f = d_facts(c);

	job_defaults(c);
	job_rules(c, at->path);
	job_names(c, f);
	if (c->pod->job.name == NULL) {
		decode_err(c, at->map, at->path, "out of memory");
		return false;
	}
	job_pod_identity(c, f);
	return true;
}

static bool
job_template(struct dctx *c, const struct field_at *at)
{
	c->job->template = at->value;
	snprintf(c->job->template_path, sizeof c->job->template_path, "%s", at->path);
	return workload_template(c, at);
}

/* ---- labels and selectors ---- */

/* Set key in the list (replace, or append). */
static void
kv_set(struct dctx *c, struct spec_kv **kv, size_t *n, const char *key, const char *value)
{
	struct spec_kv *nkv;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*kv)[i].key, key) == 0) {
			(*kv)[i].value = arena_strdup(c->a, value);
			return;
		}
	if ((nkv = arena_alloc(c->a, (*n + 1) * sizeof *nkv)) == NULL) {
		decode_err(c, NULL, "", "out of memory");
		return;
	}
	if (*n > 0)
		memcpy(nkv, *kv, *n * sizeof *nkv);
	nkv[*n].key = arena_strdup(c->a, key);
	nkv[*n].value = arena_strdup(c->a, value);
	*kv = nkv;
	(*n)++;
}

/* K8S: the labels generateSelector gives the template, in its order. */
#define JOB_GENERATED_LABELS	4
static void
generated_labels(const struct job_spec *j, struct spec_kv out[JOB_GENERATED_LABELS])
{
	out[0] = (struct spec_kv){ (char *)JOB_LEGACY_NAME_LABEL, j->name };
	out[1] = (struct spec_kv){ (char *)JOB_NAME_LABEL, j->name };
	out[2] = (struct spec_kv){ (char *)JOB_LEGACY_UID_LABEL, j->uid };
	out[3] = (struct spec_kv){ (char *)JOB_UID_LABEL, j->uid };
}

/* "<template>.metadata.labels", with "[key]" when key is given. */
static const char *
labels_path(char out[FIELDPATH_MAX], const char *template_path, const char *key)
{
	char m[FIELDPATH_MAX];
	size_t len, kl;

	fieldpath_field(out, fieldpath_field(m, template_path, "metadata"), "labels");
	len = strlen(out);
	kl = key ? strlen(key) : 0;
	if (key != NULL && len + kl + 3 <= FIELDPATH_MAX) {
		out[len] = '[';
		memcpy(out + len + 1, key, kl);
		out[len + 1 + kl] = ']';
		out[len + 2 + kl] = '\0';
	}
	return out;
}

static const struct ynode *
template_labels(const struct dctx *c)
{
	return ynode_get(ynode_get(c->job->template, "metadata"), "labels");
}

/* Does the label selector sel select the labels kv?  (K8S:
 * LabelSelectorAsSelector then Matches; an operator it does not know
 * makes no selector, and no mismatch is said.) */
static bool
selector_matches(const struct ynode *sel, const struct spec_kv *kv, size_t n)
{
	const struct ynode *ml = ynode_get(sel, "matchLabels");
	const struct ynode *me = ynode_get(sel, "matchExpressions");

	if (ml != NULL && ml->kind == YNODE_MAP)
		for (size_t i = 0; i + 1 < ml->n; i += 2) {
			const struct ynode *k = ml->kids[i], *want = ml->kids[i + 1];
			const char *v;

			if (k->kind != YNODE_SCALAR || want->kind != YNODE_SCALAR)
				return true;	/* no selector: the schema said why */
			v = spec_kv_get(kv, n, k->str);
			if (v == NULL || strcmp(v, want->str) != 0)
				return false;
		}
	if (me == NULL || me->kind != YNODE_SEQ)
		return true;
	for (size_t i = 0; i < me->n; i++) {
		const struct ynode *key = ynode_get(me->kids[i], "key");
		const struct ynode *op = ynode_get(me->kids[i], "operator");
		const struct ynode *vals = ynode_get(me->kids[i], "values");
		const char *v;
		bool in = false;

		if (key == NULL || op == NULL || key->kind != YNODE_SCALAR || op->kind != YNODE_SCALAR)
			return true;
		v = spec_kv_get(kv, n, key->str);
		if (v != NULL && vals != NULL && vals->kind == YNODE_SEQ)
			for (size_t k = 0; k < vals->n; k++)
				if (vals->kids[k]->kind == YNODE_SCALAR && strcmp(vals->kids[k]->str, v) == 0)
					in = true;
		if (strcmp(op->str, "In") == 0 ? !in : strcmp(op->str, "NotIn") == 0 ? in :
		    strcmp(op->str, "Exists") == 0 ? v == NULL :
		    strcmp(op->str, "DoesNotExist") == 0 ? v != NULL : false)
			return false;
	}
	return true;
}

void
d_job_pod_tags(struct dctx *c)
{
	struct pod_spec *pod = c->pod;
	const struct job_spec *j = &pod->job;
	struct job_decode *jd = c->job;
	const struct pod_facts *f = d_facts(c);
	struct spec_kv gen[JOB_GENERATED_LABELS];
	char p[FIELDPATH_MAX], n[16];

	if (jd == NULL || j->name == NULL || j->uid == NULL)
		return;
	generated_labels(j, gen);
	/* K8S: generateSelector adds what is missing; validateGeneratedSelector
	 * (ValidateHasLabel) refuses a template's own other value. */
	for (size_t i = 0; !jd->manual_selector && i < NELEM(gen); i++) {
		const char *have = spec_kv_get(pod->labels, pod->n_labels, gen[i].key);
		if (have == NULL) {
			kv_set(c, &pod->labels, &pod->n_labels, gen[i].key, gen[i].value);
		} else if (strcmp(have, gen[i].value) != 0) {
			decode_err(c, ynode_get(template_labels(c), gen[i].key),
			    labels_path(p, jd->template_path, gen[i].key), "must be '%s'",
			    gen[i].value);
		}
	}
	/* K8S: addCompletionIndexAnnotation, addCompletionIndexLabel
	 * (PodIndexLabel, on since 1.32) */
	if (jd->index == NULL)
		return;
	kv_set(c, &pod->labels, &pod->n_labels, JOB_INDEX_KEY, jd->index);
	kv_set(c, &pod->annotations, &pod->n_annotations, JOB_INDEX_KEY, jd->index);
	/* K8S: addIndexFailureCountAnnotation, with backoffLimitPerIndex */
	if (!j->has_backoff_limit_per_index)
		return;
	snprintf(n, sizeof n, "%d", (int)f->job_index_failures);
	kv_set(c, &pod->annotations, &pod->n_annotations, JOB_FAILURES_KEY, n);
	if (f->job_index_ignored_failures > 0) {
		snprintf(n, sizeof n, "%d", (int)f->job_index_ignored_failures);
		kv_set(c, &pod->annotations, &pod->n_annotations, JOB_IGNORED_KEY, n);
	}
}

const char *
d_job_hostname(struct dctx *c)
{
	return c->pod->job.present && c->job != NULL ? c->job->hostname : NULL;
}

/* K8S 1.35: the label's fieldPath (PodIndexLabel is locked on; before it
 * the annotation's, of the same value). */
const struct env_var *
d_job_index_env(const struct dctx *c)
{
	static const struct env_var v = {
		.name = (char *)"JOB_COMPLETION_INDEX",
		.source = ENV_SOURCE_FIELD,
		.ref = (char *)"metadata.labels['" JOB_INDEX_KEY "']",
	};

	return c->pod->job.present && c->job != NULL && c->job->index != NULL ? &v : NULL;
}

/* After the template: what needs its containers or labels.  K8S:
 * validatePodFailurePolicy's containerName; ValidateJobSpec's and
 * validateGeneratedSelector's selector. */
static bool
job_containers(struct dctx *c, const struct field_at *at)
{
	const struct pod_spec *pod = c->pod;
	const struct job_spec *j = &pod->job;
	const struct job_decode *jd = c->job;
	char p[FIELDPATH_MAX], q[FIELDPATH_MAX];

	for (size_t i = 0; i < j->n_rules; i++) {
		const char *name = j->rules[i].container_name;
		size_t k;

		if (name == NULL || jd->rule_ctr[i] == NULL)
			continue;
		for (k = 0; k < pod->n_containers; k++)
			if (pod->containers[k].name && strcmp(pod->containers[k].name, name) == 0)
				break;
		if (k == pod->n_containers) {
			fieldpath_field(q, fieldpath_index(p, fieldpath_field(q, at->path,
			    "podFailurePolicy.rules"), i), "onExitCodes.containerName");
			decode_err(c, jd->rule_ctr[i], q, "must be one of the container or "
			    "initContainer names in the pod template");
		}
	}
	if (jd->selector == NULL || j->from_cronjob)
		return true;
	if (!jd->manual_selector) {
		struct spec_kv want[JOB_GENERATED_LABELS];

		generated_labels(j, want);
		if (!selector_matches(jd->selector, want, NELEM(want)))
			decode_err(c, jd->selector, fieldpath_field(p, at->path, "selector"),
			    "`selector` not auto-generated");
	}
	if (!selector_matches(jd->selector, pod->labels, pod->n_labels)) {
		decode_err(c, template_labels(c) ? template_labels(c) : jd->template,
		    labels_path(p, jd->template_path, NULL),
		    "`selector` does not match template `labels`");
	}
	return true;
}

/* Row order: everything the rules and the pod need before the template
 * (completionMode first: the fields after it are read against it;
 * backoffLimitPerIndex before podFailurePolicy: FailIndex needs it). */
static const struct field job_rows[] = {
	RULE(job_begin),
	F("completionMode", job_completion_mode), F("completions", job_completions),
	F("parallelism", job_parallelism), F("backoffLimit", job_backoff_limit),
	F("backoffLimitPerIndex", job_backoff_limit_per_index),
	F("maxFailedIndexes", job_max_failed_indexes),
	F("activeDeadlineSeconds", job_active_deadline), F("suspend", job_suspend),
	F("ttlSecondsAfterFinished", job_ttl),
	F("podReplacementPolicy", job_pod_replacement_policy),
	F("manualSelector", job_manual_selector), F("selector", job_selector),
	F("managedBy", job_managed_by), F("podFailurePolicy", job_pod_failure_policy),
	F("successPolicy", job_success_policy), RULE(job_checks),
	F_ALWAYS("template", job_template), RULE(job_containers),
};
const struct field_table job_fields = TABLE("JobSpec", job_rows);

/* ---- a CronJob: its Job's template, run once ---- */

static bool
job_template_metadata(struct dctx *c, const struct field_at *at)
{
	/* The Job's labels and annotations, not the pod's. */
	decode_object(c, at->value, at->path, &meta_fields, NULL);
	return true;
}

static bool
job_template_spec(struct dctx *c, const struct field_at *at)
{
	if (at->value == NULL)
		return required(c, at);
	decode_object(c, at->value, at->path, &job_fields, NULL);
	return true;
}

static const struct field jobtemplate_rows[] = {
	F("metadata", job_template_metadata), F_ALWAYS("spec", job_template_spec),
};
const struct field_table jobtemplate_fields = TABLE("JobTemplateSpec",
    jobtemplate_rows);

static bool
cronjob_job_template(struct dctx *c, const struct field_at *at)
{
	if (at->value == NULL)
		return required(c, at);
	decode_object(c, at->value, at->path, &jobtemplate_fields, NULL);
	return true;
}

/* K8S: validateScheduleFormat: robfig/cron's ParseStandard (five fields
 * or a descriptor; the fields' own ranges are not checked here), and no
 * TZ in it. */
static bool
cronjob_schedule(struct dctx *c, const struct field_at *at)
{
	static const char *const descriptors[] = {
		"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly",
	};
	char *s;
	size_t fields = 0;
	bool ok = false;

	if (!d_str(c, at->value, at->path, &s))
		return true;
	if (s[0] == '\0') {
		decode_err(c, at->value, at->path, "required value");
		return true;
	}
	if (s[0] == '@') {
		for (size_t i = 0; i < NELEM(descriptors); i++)
			if (strcmp(s, descriptors[i]) == 0)
				ok = true;
		if (strncmp(s, "@every ", 6) == 0)
			ok = true;
		if (!ok)
			decode_err(c, at->value, at->path, "unrecognized descriptor: %s", s);
	} else {
		for (const char *q = s; *q; ) {
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '\0')
				break;
			fields++;
			while (*q && *q != ' ' && *q != '\t')
				q++;
		}
		if (strncmp(s, "TZ=", 3) == 0 || strncmp(s, "CRON_TZ=", 8) == 0)
			fields--;
		if (fields != 5)
			decode_err(c, at->value, at->path, "expected exactly 5 fields, found %zu: %s",
			    fields, s);
	}
	if (strstr(s, "TZ") != NULL)
		decode_err(c, at->value, at->path, "cannot use TZ or CRON_TZ in schedule, use "
		    "timeZone field instead");
	diag_add(c->d, DIAG_NOTE, at->value->line, at->value->col, at->path, "schedule \"%s\": "
	    "podinit runs the job template once, now", s);
	return true;
}

/* K8S: validateTimeZone, without the time-zone database. */
static bool
cronjob_time_zone(struct dctx *c, const struct field_at *at)
{
	char *s;

	if (!d_str(c, at->value, at->path, &s))
		return true;
	if (s[0] == '\0') {
		decode_err(c, at->value, at->path, "timeZone must be nil or non-empty string");
		return true;
	}
	for (const char *part = s; ; ) {
		const char *end = strchr(part, '/');
		size_t n = end ? (size_t)(end - part) : strlen(part);
		bool bad = n == 0 || n > 14 || part[0] == '-' || (n == 1 && part[0] == '.') ||
		    (n == 2 && part[0] == '.' && part[1] == '.');

		for (size_t i = 0; i < n && !bad; i++)
			bad = !((part[i] >= 'A' && part[i] <= 'Z') || (part[i] >= 'a' &&
			    part[i] <= 'z') || (part[i] >= '0' && part[i] <= '9') ||
			    strchr(".-_+", part[i]) != NULL);
		if (bad) {
			decode_err(c, at->value, at->path, "unknown time zone %s", s);
			return true;
		}
		if (end == NULL)
			break;
		part = end + 1;
	}
	if (strcasecmp(s, "Local") == 0)
		decode_err(c, at->value, at->path, "timeZone must be an explicit time zone as "
		    "defined in https://www.iana.org/time-zones");
	return true;
}

static bool
cronjob_starting_deadline(struct dctx *c, const struct field_at *at)
{
	int64_t x;

	d_int(c, at->value, at->path, 0, INT64_MAX, &x);
	return true;
}

static bool
cronjob_history_limit(struct dctx *c, const struct field_at *at)
{
	int32_t x;

	d_count(c, at, &x);
	return true;
}

static const struct field cronjob_rows[] = {
	F("schedule", cronjob_schedule), F("timeZone", cronjob_time_zone),
	F("startingDeadlineSeconds", cronjob_starting_deadline),
	F("successfulJobsHistoryLimit", cronjob_history_limit),
	F("failedJobsHistoryLimit", cronjob_history_limit),
	F_ALWAYS("jobTemplate", cronjob_job_template),
};
const struct field_table cronjob_fields = TABLE("CronJobSpec", cronjob_rows);
