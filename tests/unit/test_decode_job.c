/* Unit tests: decode_job (SPEC §9): the JobSpec's defaults
 * (SetDefaults_Job), each of the API server's batch validation messages,
 * what the Job controller gives each pod (its name, labels, the
 * completion index's label, annotation, env var and hostname) for
 * NonIndexed and Indexed Jobs, a CronJob's Job name, and the notes for
 * what podinit reads and cannot do. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/envresolve.h"
#include "podinit/manifest.h"
#include "podinit/units.h"

#define HEAD "apiVersion: batch/v1\nkind: Job\nmetadata: {name: pi}\nspec:\n"
#define TEMPLATE "  template:\n    spec:\n      restartPolicy: Never\n" \
	"      containers: [{name: c, command: [c]}]\n"

/* One load: the model and every diagnostic as text ("path: message",
 * one a line, notes too). */
struct load {
	struct pod_spec pod;
	char	*diags;
	int	 rc;
};

static void
load(struct load *l, const char *yaml, const struct pod_facts *f)
{
	struct manifest_opts o = { .path = "t.yaml", .facts = f };
	struct diag_list d;
	size_t len = 0;
	FILE *m = open_memstream(&l->diags, &len);

	cr_assert_not_null(m);
	diag_init(&d);
	d.keep_notes = true;
	l->rc = manifest_decode_buffer(yaml, strlen(yaml), &o, &l->pod, &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(m, "%s: %s: %s\n", diag_severity_name(d.v[i].sev), d.v[i].path,
		    d.v[i].msg);
	fclose(m);
	diag_free(&d);
}

static void
unload(struct load *l)
{
	spec_free(&l->pod);
	free(l->diags);
}

static const char *
label(const struct pod_spec *p, const char *key)
{
	for (size_t i = 0; i < p->n_labels; i++)
		if (strcmp(p->labels[i].key, key) == 0)
			return p->labels[i].value;
	return NULL;
}

static const char *
annotation(const struct pod_spec *p, const char *key)
{
	for (size_t i = 0; i < p->n_annotations; i++)
		if (strcmp(p->annotations[i].key, key) == 0)
			return p->annotations[i].value;
	return NULL;
}

static const struct env_var *
env(const struct container_spec *c, const char *name)
{
	for (size_t i = 0; i < c->n_env; i++)
		if (strcmp(c->env[i].name, name) == 0)
			return &c->env[i];
	return NULL;
}

/* ---- defaults ---- */

struct dcase {
	char	 spec[160];	/* the JobSpec's lines before the template */
	int	 completions, parallelism, backoff_limit;
	bool	 completions_set, indexed;
};

ParameterizedTestParameters(decode_job, defaults)
{
	static struct dcase c[] = {
		{ "", 1, 1, 6, true, false },
		{ "  parallelism: 3\n", 1, 3, 6, false, false },
		{ "  completions: 4\n", 4, 1, 6, true, false },
		{ "  completions: 0\n  parallelism: 0\n", 0, 0, 6, true, false },
		{ "  backoffLimit: 0\n", 1, 1, 0, true, false },
		{ "  completionMode: Indexed\n", 1, 1, 6, true, true },
		{ "  completionMode: Indexed\n  completions: 5\n  backoffLimitPerIndex: 1\n",
		    5, 1, INT32_MAX, true, true },
		{ "  completionMode: Indexed\n  completions: 5\n  backoffLimitPerIndex: 1\n"
		    "  backoffLimit: 2\n", 5, 1, 2, true, true },
	};
	return cr_make_param_array(struct dcase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct dcase *c, decode_job, defaults)
{
	char yaml[1024];
	struct load l;

	snprintf(yaml, sizeof yaml, HEAD "%s" TEMPLATE, c->spec);
	load(&l, yaml, NULL);
	cr_assert_eq(l.rc, 0, "%s\n%s", c->spec, l.diags);
	cr_expect(l.pod.job.present);
	cr_expect_not(l.pod.job.from_cronjob);
	cr_expect_eq(l.pod.job.completions, c->completions, "%s", c->spec);
	cr_expect_eq(l.pod.job.completions_set, c->completions_set, "%s", c->spec);
	cr_expect_eq(l.pod.job.parallelism, c->parallelism, "%s", c->spec);
	cr_expect_eq(l.pod.job.backoff_limit, c->backoff_limit, "%s", c->spec);
	cr_expect_eq(l.pod.job.completion_mode == JOB_COMPLETION_INDEXED, c->indexed);
	cr_expect_eq(l.pod.job.completion_index, c->indexed ? 0 : -1);
	unload(&l);
}

Test(decode_job, fields)
{
	struct load l;
	const struct job_failure_rule *r;

	load(&l, HEAD "  activeDeadlineSeconds: 0\n  suspend: true\n  podFailurePolicy:\n"
	    "    rules:\n    - action: FailJob\n      onExitCodes: {containerName: c, "
	    "operator: NotIn, values: [0, 3]}\n    - action: Ignore\n      onPodConditions:\n"
	    "      - type: DisruptionTarget\n      - {type: Ready, status: \"False\"}\n"
	    "    - action: Count\n      onExitCodes: {operator: In, values: [1]}\n" TEMPLATE, NULL);
	cr_assert_eq(l.rc, 0, "%s", l.diags);
	cr_expect(l.pod.job.has_active_deadline);
	cr_expect_eq(l.pod.job.active_deadline_ns, 0);
	cr_expect(l.pod.job.suspend);
	cr_assert(l.pod.job.has_failure_policy);
	cr_assert_eq(l.pod.job.n_rules, 3);
	r = &l.pod.job.rules[0];
	cr_expect_eq(r->action, JOB_ACTION_FAIL_JOB);
	cr_expect(r->has_exit_codes);
	cr_expect_str_eq(r->container_name, "c");
	cr_expect_eq(r->op, JOB_EXIT_NOT_IN);
	cr_assert_eq(r->n_values, 2);
	cr_expect_eq(r->values[1], 3);
	r = &l.pod.job.rules[1];
	cr_expect_eq(r->action, JOB_ACTION_IGNORE);
	cr_expect_not(r->has_exit_codes);
	cr_assert_eq(r->n_conditions, 2);
	cr_expect_str_eq(r->conditions[0].type, "DisruptionTarget");
	cr_expect_str_eq(r->conditions[0].status, "True");
	cr_expect_str_eq(r->conditions[1].status, "False");
	r = &l.pod.job.rules[2];
	cr_expect_eq(r->action, JOB_ACTION_COUNT);
	cr_expect_null(r->container_name);
	cr_expect_eq(r->op, JOB_EXIT_IN);
	unload(&l);

	load(&l, HEAD "  activeDeadlineSeconds: 90\n" TEMPLATE, NULL);
	cr_expect_eq(l.pod.job.active_deadline_ns, 90 * NS_PER_SEC);
	unload(&l);
	load(&l, HEAD TEMPLATE, NULL);
	cr_expect_not(l.pod.job.has_active_deadline);
	cr_expect_not(l.pod.job.has_failure_policy);
	unload(&l);
}

/* ---- validation: each message, at its field ---- */

struct vcase {
	char	 doc[600];	/* the whole manifest after HEAD, template included */
	char	 want[200];	/* "path: message" */
};

#define T_NEVER TEMPLATE
#define T_ONFAILURE "  template:\n    spec:\n      restartPolicy: OnFailure\n" \
	"      containers: [{name: c, command: [c]}]\n"
#define RULES "  podFailurePolicy:\n    rules:\n"

ParameterizedTestParameters(decode_job, messages)
{
	static struct vcase c[] = {
		{ "  parallelism: -1\n" T_NEVER, "spec.parallelism: must be greater than or equal to 0" },
		{ "  completions: -1\n" T_NEVER, "spec.completions: must be greater than or equal to 0" },
		{ "  backoffLimit: -1\n" T_NEVER,
		    "spec.backoffLimit: must be greater than or equal to 0" },
		{ "  activeDeadlineSeconds: -5\n" T_NEVER,
		    "spec.activeDeadlineSeconds: must be greater than or equal to 0" },
		{ "  ttlSecondsAfterFinished: -1\n" T_NEVER,
		    "spec.ttlSecondsAfterFinished: must be greater than or equal to 0" },
		{ "  completionMode: Indexed\n  completions: 2\n  backoffLimitPerIndex: -1\n" T_NEVER,
		    "spec.backoffLimitPerIndex: must be greater than or equal to 0" },
		{ "  completionMode: Indexed\n  completions: 2\n  backoffLimitPerIndex: 1\n"
		    "  maxFailedIndexes: -1\n" T_NEVER,
		    "spec.maxFailedIndexes: must be greater than or equal to 0" },
		{ "  completionMode: Indexed\n  completions: 2\n  maxFailedIndexes: 1\n" T_NEVER,
		    "spec.backoffLimitPerIndex: required value: when maxFailedIndexes is specified" },
		{ "  completionMode: Indexed\n  parallelism: 2\n" T_NEVER,
		    "spec.completions: required value: when completion mode is Indexed" },
		{ "  completionMode: Indexed\n  completions: 2\n  parallelism: 100001\n" T_NEVER,
		    "spec.parallelism: must be less than or equal to 100000 when completion mode is "
		    "Indexed" },
		{ "  completionMode: Indexed\n  completions: 2\n  backoffLimitPerIndex: 1\n"
		    "  maxFailedIndexes: 3\n" T_NEVER,
		    "spec.maxFailedIndexes: must be less than or equal to completions" },
		{ "  completionMode: Indexed\n  completions: 200000\n  backoffLimitPerIndex: 1\n"
		    "  maxFailedIndexes: 100001\n" T_NEVER,
		    "spec.maxFailedIndexes: must be less than or equal to 100000" },
		{ "  completionMode: Indexed\n  completions: 200000\n  backoffLimitPerIndex: 1\n"
		    T_NEVER, "spec.maxFailedIndexes: required value: must be specified when "
		    "completions is above 100000" },
		{ "  completionMode: Indexed\n  completions: 200000\n  backoffLimitPerIndex: 1\n"
		    "  maxFailedIndexes: 1\n  parallelism: 10001\n" T_NEVER,
		    "spec.parallelism: must be less than or equal to 10000 when completions are "
		    "above 100000 and used with backoff limit per index" },
		{ "  completionMode: Indexed\n  completions: 200000\n  backoffLimitPerIndex: 1\n"
		    "  maxFailedIndexes: 10001\n" T_NEVER,
		    "spec.maxFailedIndexes: must be less than or equal to 10000 when completions are "
		    "above 100000 and used with backoff limit per index" },
		{ "  backoffLimitPerIndex: 1\n" T_NEVER,
		    "spec.backoffLimitPerIndex: requires indexed completion mode" },
		{ "  completionMode: NonIndexed\n  maxFailedIndexes: 1\n" T_NEVER,
		    "spec.maxFailedIndexes: requires indexed completion mode" },
		{ "  managedBy: foo\n" T_NEVER, "spec.managedBy: must be a domain-prefixed path "
		    "(such as \"acme.io/foo\")" },
		{ "  managedBy: example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "\n" T_NEVER, "spec.managedBy: must have at most 63 bytes" },
		{ "  successPolicy: {rules: [{succeededCount: 1}]}\n" T_NEVER,
		    "spec.successPolicy: requires indexed completion mode" },
		{ "  completionMode: Indexed\n  completions: 2\n  successPolicy: {rules: []}\n"
		    T_NEVER, "spec.successPolicy.rules: required value: at least one rules must be "
		    "specified when the successPolicy is specified" },
		{ "  completionMode: Indexed\n  completions: 2\n  successPolicy: {rules: [{}]}\n"
		    T_NEVER, "spec.successPolicy.rules[0]: required value: at least one of "
		    "succeededCount or succeededIndexes must be specified" },
		{ "  completionMode: Indexed\n  completions: 2\n  successPolicy: {rules: "
		    "[{succeededCount: 3}]}\n" T_NEVER, "spec.successPolicy.rules[0].succeededCount: "
		    "must be less than or equal to 2 (the number of specified completions)" },
		{ RULES "    - {action: FailJob, onExitCodes: {operator: In, values: [1]}}\n"
		    "  podReplacementPolicy: TerminatingOrFailed\n" T_NEVER,
		    "spec.podReplacementPolicy: unsupported value \"TerminatingOrFailed\": supported "
		    "values: \"Failed\"" },
		{ RULES "    - {action: FailJob, onExitCodes: {operator: In, values: [1]}}\n"
		    T_ONFAILURE, "spec.template.spec.restartPolicy: only \"Never\" is supported when "
		    "podFailurePolicy is specified" },
		{ RULES "    - {action: FailIndex, onExitCodes: {operator: In, values: [1]}}\n" T_NEVER,
		    "spec.podFailurePolicy.rules[0].action: requires the backoffLimitPerIndex to be "
		    "set" },
		{ RULES "    - {action: FailJob, onExitCodes: {operator: In, values: [1]}, "
		    "onPodConditions: [{type: Ready}]}\n" T_NEVER, "spec.podFailurePolicy.rules[0]: "
		    "specifying both OnExitCodes and OnPodConditions is not supported" },
		{ RULES "    - {action: FailJob, onPodConditions: []}\n" T_NEVER,
		    "spec.podFailurePolicy.rules[0]: specifying one of OnExitCodes and "
		    "OnPodConditions is required" },
		{ RULES "    - {action: FailJob, onExitCodes: {operator: In, values: []}}\n" T_NEVER,
		    "spec.podFailurePolicy.rules[0].onExitCodes.values: at least one value is "
		    "required" },
		{ RULES "    - {action: FailJob, onExitCodes: {operator: In, values: [0, 1]}}\n"
		    T_NEVER, "spec.podFailurePolicy.rules[0].onExitCodes.values[0]: must not be 0 for "
		    "the In operator" },
		{ RULES "    - {action: FailJob, onExitCodes: {operator: NotIn, values: [1, 1]}}\n"
		    T_NEVER, "spec.podFailurePolicy.rules[0].onExitCodes.values[1]: duplicate value 1" },
		{ RULES "    - {action: FailJob, onExitCodes: {operator: NotIn, values: [2, 1]}}\n"
		    T_NEVER, "spec.podFailurePolicy.rules[0].onExitCodes.values: must be ordered" },
		{ RULES "    - {action: FailJob, onExitCodes: {containerName: x, operator: In, "
		    "values: [1]}}\n" T_NEVER, "spec.podFailurePolicy.rules[0].onExitCodes."
		    "containerName: must be one of the container or initContainer names in the pod "
		    "template" },
		{ RULES "    - {action: Ignore, onPodConditions: [{type: Ready, status: Maybe}]}\n"
		    T_NEVER, "spec.podFailurePolicy.rules[0].onPodConditions[0].status: unsupported "
		    "value \"Maybe\": supported values: \"False\", \"True\", \"Unknown\"" },
		{ RULES "    - {action: Ignore, onPodConditions: [{type: \"a b\"}]}\n" T_NEVER,
		    "spec.podFailurePolicy.rules[0].onPodConditions[0].type: name part must consist "
		    "of alphanumeric characters" },
		{ "  manualSelector: true\n" T_NEVER, "spec.selector: required value" },
		{ "  selector: {matchLabels: {app: x}}\n" T_NEVER,
		    "spec.selector: `selector` not auto-generated" },
		{ "  manualSelector: true\n  selector: {matchLabels: {app: x}}\n" T_NEVER,
		    "spec.template.metadata.labels: `selector` does not match template `labels`" },
		{ "  template:\n    metadata: {labels: {job-name: other}}\n    spec:\n"
		    "      restartPolicy: Never\n      containers: [{name: c, command: [c]}]\n",
		    "spec.template.metadata.labels[job-name]: must be 'pi'" },
	};
	return cr_make_param_array(struct vcase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct vcase *c, decode_job, messages)
{
	char yaml[1024];
	struct load l;

	snprintf(yaml, sizeof yaml, HEAD "%s", c->doc);
	load(&l, yaml, NULL);
	cr_expect_neq(l.rc, 0, "%s: accepted", c->want);
	cr_expect(strstr(l.diags, c->want) != NULL, "want \"%s\" in:\n%s", c->want, l.diags);
	unload(&l);
}

/* Valid manifests a rule must not refuse. */
ParameterizedTestParameters(decode_job, accepted)
{
	static struct vcase c[] = {
		{ "  manualSelector: true\n  selector: {matchLabels: {app: x}}\n"
		    "  template:\n    metadata: {labels: {app: x}}\n    spec:\n"
		    "      restartPolicy: Never\n      containers: [{name: c, command: [c]}]\n", "" },
		{ "  selector: {matchLabels: {job-name: pi}}\n" T_NEVER, "" },
		{ "  selector: {matchExpressions: [{key: batch.kubernetes.io/job-name, operator: In, "
		    "values: [pi]}]}\n" T_NEVER, "" },
		{ RULES "    - {action: FailJob, onExitCodes: {containerName: i, operator: NotIn, "
		    "values: [0]}}\n  template:\n    spec:\n      restartPolicy: Never\n"
		    "      initContainers: [{name: i, command: [i]}]\n"
		    "      containers: [{name: c, command: [c]}]\n", "" },
		{ "  completionMode: Indexed\n  completions: 3\n  backoffLimitPerIndex: 0\n"
		    "  maxFailedIndexes: 3\n" RULES "    - {action: FailIndex, onExitCodes: "
		    "{operator: In, values: [1, 2, 255]}}\n" T_NEVER, "" },
		{ "  managedBy: kubernetes.io/job-controller\n" T_NEVER, "" },
		{ "  completionMode: Indexed\n  completions: 2\n  successPolicy: {rules: "
		    "[{succeededIndexes: \"0-1\", succeededCount: 1}]}\n" T_NEVER, "" },
	};
	return cr_make_param_array(struct vcase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct vcase *c, decode_job, accepted)
{
	char yaml[1024];
	struct load l;

	snprintf(yaml, sizeof yaml, HEAD "%s", c->doc);
	load(&l, yaml, NULL);
	cr_expect_eq(l.rc, 0, "%s\n%s", c->doc, l.diags);
	unload(&l);
}

/* Notes: what podinit does instead. */
Test(decode_job, notes)
{
	struct load l;

	load(&l, HEAD "  parallelism: 3\n  ttlSecondsAfterFinished: 5\n  managedBy: example.com/x\n"
	    "  podReplacementPolicy: Failed\n" TEMPLATE, NULL);
	cr_assert_eq(l.rc, 0, "%s", l.diags);
	cr_expect(strstr(l.diags, "note: spec.parallelism: parallelism 3: podinit runs one pod at "
	    "a time") != NULL, "%s", l.diags);
	cr_expect(strstr(l.diags, "note: spec.ttlSecondsAfterFinished: ") != NULL, "%s", l.diags);
	cr_expect(strstr(l.diags, "note: spec.managedBy: managedBy \"example.com/x\": podinit runs "
	    "the Job itself") != NULL, "%s", l.diags);
	cr_expect(strstr(l.diags, "note: spec.podReplacementPolicy: ") != NULL, "%s", l.diags);
	unload(&l);
}

/* ---- what each pod gets ---- */

static const struct pod_facts *
facts(int32_t index, const char *suffix)
{
	static struct pod_facts f;

	f = *envresolve_placeholder_facts();
	f.job_uid = "11111111-2222-4333-8444-555555555555";
	f.name_suffix = suffix;
	f.job_index = index;
	f.scheduled_minutes = 29412345;
	return &f;
}

#define UID "11111111-2222-4333-8444-555555555555"
#define INDEX_KEY "batch.kubernetes.io/job-completion-index"
#define INDEX_PATH "metadata.labels['" INDEX_KEY "']"

Test(decode_job, non_indexed_pod)
{
	struct load l;

	load(&l, HEAD "  template:\n    metadata: {labels: {app: pi}}\n    spec:\n"
	    "      restartPolicy: Never\n      containers:\n      - name: c\n        command: [c]\n"
	    "        env: [{name: NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]\n",
	    facts(7, "ab1cd"));
	cr_assert_eq(l.rc, 0, "%s", l.diags);
	cr_expect_str_eq(l.pod.name, "pi-ab1cd");
	cr_expect_str_eq(l.pod.hostname, "pi-ab1cd");
	cr_expect_str_eq(l.pod.job.name, "pi");
	cr_expect_str_eq(l.pod.job.uid, UID);
	cr_expect_eq(l.pod.job.completion_index, -1);
	cr_expect_str_eq(label(&l.pod, "app"), "pi");
	cr_expect_str_eq(label(&l.pod, "job-name"), "pi");
	cr_expect_str_eq(label(&l.pod, "batch.kubernetes.io/job-name"), "pi");
	cr_expect_str_eq(label(&l.pod, "controller-uid"), UID);
	cr_expect_str_eq(label(&l.pod, "batch.kubernetes.io/controller-uid"), UID);
	cr_expect_null(label(&l.pod, INDEX_KEY));
	cr_expect_null(annotation(&l.pod, INDEX_KEY));
	cr_expect_null(env(&l.pod.containers[0], "JOB_COMPLETION_INDEX"));
	cr_expect_str_eq(env(&l.pod.containers[0], "NAME")->value, "pi-ab1cd");
	unload(&l);
}

Test(decode_job, indexed_pod)
{
	struct load l;
	const struct env_var *e;

	load(&l, HEAD "  completionMode: Indexed\n  completions: 10\n  template:\n    spec:\n"
	    "      hostname: mine\n      restartPolicy: Never\n"
	    "      initContainers: [{name: i, command: [i]}]\n"
	    "      containers:\n      - name: c\n        command: [c]\n"
	    "      - name: d\n        command: [d]\n"
	    "        env: [{name: JOB_COMPLETION_INDEX, value: mine}]\n", facts(7, "ab1cd"));
	cr_assert_eq(l.rc, 0, "%s", l.diags);
	cr_expect_str_eq(l.pod.name, "pi-7-ab1cd");
	/* K8S: the controller sets spec.hostname, over the template's */
	cr_expect_str_eq(l.pod.hostname, "pi-7");
	cr_expect_eq(l.pod.job.completion_index, 7);
	cr_expect_str_eq(label(&l.pod, INDEX_KEY), "7");
	cr_expect_str_eq(annotation(&l.pod, INDEX_KEY), "7");
	cr_assert_eq(l.pod.n_containers, 3);
	for (size_t i = 0; i < 2; i++) {
		e = env(&l.pod.containers[i], "JOB_COMPLETION_INDEX");
		cr_assert_not_null(e, "%s", l.pod.containers[i].name);
		cr_expect_str_eq(e->value, "7");
		cr_expect_eq(e->source, ENV_SOURCE_FIELD);
		cr_expect_str_eq(e->ref, INDEX_PATH);
	}
	cr_expect_null(annotation(&l.pod, "batch.kubernetes.io/job-index-failure-count"));
	/* declared: the container's own */
	e = env(&l.pod.containers[2], "JOB_COMPLETION_INDEX");
	cr_expect_str_eq(e->value, "mine");
	cr_expect_eq(l.pod.containers[2].n_env, 1);
	unload(&l);
}

/* K8S: addIndexFailureCountAnnotation: with backoffLimitPerIndex, the
 * index's failures so far (the runner's facts), the ignored ones when
 * there are. */
Test(decode_job, index_failure_counts)
{
	struct pod_facts f = *facts(2, "ab1cd");
	struct load l;

	f.job_index_failures = 3;
	load(&l, HEAD "  completionMode: Indexed\n  completions: 4\n  backoffLimitPerIndex: 5\n"
	    TEMPLATE, &f);
	cr_assert_eq(l.rc, 0, "%s", l.diags);
	cr_expect_str_eq(annotation(&l.pod, "batch.kubernetes.io/job-index-failure-count"), "3");
	cr_expect_null(annotation(&l.pod, "batch.kubernetes.io/job-index-ignored-failure-count"));
	unload(&l);
	f.job_index_ignored_failures = 1;
	load(&l, HEAD "  completionMode: Indexed\n  completions: 4\n  backoffLimitPerIndex: 5\n"
	    TEMPLATE, &f);
	cr_expect_str_eq(annotation(&l.pod, "batch.kubernetes.io/job-index-ignored-failure-count"),
	    "1");
	unload(&l);
}

/* podGenerateNameWithIndex and SimpleNameGenerator: 58 before the
 * suffix. */
struct ncase {
	char	 job[80];
	bool	 indexed;
	int	 index;
	char	 want[80];
};

ParameterizedTestParameters(decode_job, pod_names)
{
	static struct ncase c[] = {
		{ "pi", false, 0, "pi-xyz12" },
		{ "pi", true, 0, "pi-0-xyz12" },
		{ "pi", true, 12345, "pi-12345-xyz12" },
		/* 57 characters: "<job>-" is 58 */
		{ "a23456789b123456789c123456789d123456789e123456789f1234567", false, 0,
		    "a23456789b123456789c123456789d123456789e123456789f1234567-xyz12" },
		/* 58: the '-' is cut */
		{ "a23456789b123456789c123456789d123456789e123456789f12345678", false, 0,
		    "a23456789b123456789c123456789d123456789e123456789f12345678xyz12" },
		{ "a23456789b123456789c123456789d123456789e123456789f12345678", true, 3,
		    "a23456789b123456789c123456789d123456789e123456789f12345-3-xyz12" },
	};
	return cr_make_param_array(struct ncase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct ncase *c, decode_job, pod_names)
{
	char yaml[1024];
	struct load l;

	snprintf(yaml, sizeof yaml, "apiVersion: batch/v1\nkind: Job\nmetadata: {name: %s}\n"
	    "spec:\n%s" TEMPLATE, c->job, c->indexed ? "  completionMode: Indexed\n"
	    "  completions: 1\n" : "");
	load(&l, yaml, facts(c->index, "xyz12"));
	cr_expect_str_eq(l.pod.name, c->want, "%s", l.diags);
	cr_expect_leq(strlen(l.pod.name), 63);
	unload(&l);
}

Test(decode_job, names_checked)
{
	struct load l;

	/* the last index's hostname must be a DNS label */
	load(&l, "apiVersion: batch/v1\nkind: Job\nmetadata: {name: a23456789b123456789c123456789d"
	    "123456789e123456789f123456789g12}\nspec:\n  completionMode: Indexed\n"
	    "  completions: 100\n" TEMPLATE, NULL);
	cr_expect(strstr(l.diags, "error: metadata.name: will not able to create pod with "
	    "invalid DNS label: a23456789b123456789c123456789d123456789e123456789f123456789g12-99")
	    != NULL, "%s", l.diags);
	unload(&l);
	load(&l, "apiVersion: batch/v1\nkind: Job\nmetadata: {name: my.job}\nspec:\n" TEMPLATE,
	    NULL);
	cr_expect_eq(l.rc, 0, "%s", l.diags);
	cr_expect(strstr(l.diags, "warning: metadata.name: this is used in Pod names and "
	    "hostnames") != NULL, "%s", l.diags);
	unload(&l);
}

#define CRON "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n" \
	"  schedule: \"0 3 * * *\"\n"
#define JT "  jobTemplate:\n    spec:\n      template:\n        spec:\n" \
	"          restartPolicy: Never\n          containers: [{name: c, command: [c]}]\n"

Test(decode_job, cronjob)
{
	struct load l;

	load(&l, CRON JT, facts(0, "q1w2e"));
	cr_assert_eq(l.rc, 0, "%s", l.diags);
	cr_expect(l.pod.job.present);
	cr_expect(l.pod.job.from_cronjob);
	/* K8S: getJobName: "<cronjob>-<scheduled time in minutes>" */
	cr_expect_str_eq(l.pod.job.name, "nightly-29412345");
	cr_expect_str_eq(l.pod.name, "nightly-29412345-q1w2e");
	cr_expect_str_eq(label(&l.pod, "job-name"), "nightly-29412345");
	cr_expect(strstr(l.diags, "note: spec.schedule: schedule \"0 3 * * *\": podinit runs "
	    "the job template once, now") != NULL, "%s", l.diags);
	unload(&l);
	/* check: the placeholders */
	load(&l, CRON JT, NULL);
	cr_expect_str_eq(l.pod.name, "nightly-0-xxxxx");
	unload(&l);
}

ParameterizedTestParameters(decode_job, cronjob_messages)
{
	static struct vcase c[] = {
		{ "  schedule: \"0 3 * *\"\n" JT,
		    "spec.schedule: expected exactly 5 fields, found 4: 0 3 * *" },
		{ "  schedule: \"@sometimes\"\n" JT, "spec.schedule: unrecognized descriptor: "
		    "@sometimes" },
		{ "  schedule: \"TZ=UTC 0 3 * * *\"\n" JT, "spec.schedule: cannot use TZ or "
		    "CRON_TZ in schedule, use timeZone field instead" },
		{ "  schedule: \"@daily\"\n  timeZone: \"\"\n" JT,
		    "spec.timeZone: timeZone must be nil or non-empty string" },
		{ "  schedule: \"@daily\"\n  timeZone: \"Europe/../x\"\n" JT,
		    "spec.timeZone: unknown time zone Europe/../x" },
		{ "  schedule: \"@daily\"\n  timeZone: Local\n" JT, "spec.timeZone: timeZone must "
		    "be an explicit time zone as defined in https://www.iana.org/time-zones" },
		{ "  schedule: \"@daily\"\n  startingDeadlineSeconds: -1\n" JT,
		    "spec.startingDeadlineSeconds: must be greater than or equal to 0" },
		{ "  schedule: \"@daily\"\n  successfulJobsHistoryLimit: -1\n" JT,
		    "spec.successfulJobsHistoryLimit: must be greater than or equal to 0" },
		{ "  schedule: \"@daily\"\n  failedJobsHistoryLimit: -1\n" JT,
		    "spec.failedJobsHistoryLimit: must be greater than or equal to 0" },
		{ "  schedule: \"@daily\"\n  jobTemplate:\n    spec:\n      selector: {}\n"
		    "      template:\n        spec:\n          restartPolicy: Never\n"
		    "          containers: [{name: c, command: [c]}]\n",
		    "spec.jobTemplate.spec.selector: `selector` will be auto-generated" },
		{ "  schedule: \"@daily\"\n  jobTemplate:\n    spec:\n      manualSelector: true\n"
		    "      template:\n        spec:\n          restartPolicy: Never\n"
		    "          containers: [{name: c, command: [c]}]\n",
		    "spec.jobTemplate.spec.manualSelector: unsupported value true: supported values: "
		    "\"nil\", \"false\"" },
	};
	return cr_make_param_array(struct vcase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct vcase *c, decode_job, cronjob_messages)
{
	char yaml[1024];
	struct load l;

	snprintf(yaml, sizeof yaml, "apiVersion: batch/v1\nkind: CronJob\nmetadata: "
	    "{name: nightly}\nspec:\n%s", c->doc);
	load(&l, yaml, NULL);
	cr_expect_neq(l.rc, 0, "%s: accepted", c->want);
	cr_expect(strstr(l.diags, c->want) != NULL, "want \"%s\" in:\n%s", c->want, l.diags);
	unload(&l);
}

Test(decode_job, cronjob_name_length)
{
	struct load l;

	load(&l, "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: a23456789b123456789c1234567"
	    "89d123456789e123456789f123}\nspec:\n  schedule: \"@daily\"\n" JT, NULL);
	cr_expect(strstr(l.diags, "error: metadata.name: must be no more than 52 characters")
	    != NULL, "%s", l.diags);
	unload(&l);
}

/* A Pod is no Job. */
Test(decode_job, pod_has_no_job)
{
	struct load l;

	load(&l, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
	    "  containers: [{name: c, command: [c]}]\n", NULL);
	cr_assert_eq(l.rc, 0, "%s", l.diags);
	cr_expect_not(l.pod.job.present);
	cr_expect_eq(l.pod.job.completion_index, -1);
	cr_expect_eq(l.pod.n_labels, 0);
	unload(&l);
}
