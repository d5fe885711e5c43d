/* Unit tests: decode helpers ($(VAR) expansion, did-you-mean, capability
 * names) and decoding of every workload kind (header canonicalisation is
 * test_hostport.c's). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "podinit/decode.h"
#include "podinit/manifest.h"
#include "podinit/units.h"

struct xcase {
	char	 in[48];
	char	 want[48];
};

ParameterizedTestParameters(decode, expand)
{
	static struct xcase c[] = {
		{ "$(A)", "alpha" }, { "x$(A)y", "xalphay" }, { "$(A)$(B)", "alphabeta" },
		{ "$$(A)", "$(A)" }, { "$$$$", "$$" }, { "$(MISSING)", "$(MISSING)" },
		{ "$(A", "$(A" }, { "$", "$" }, { "a$", "a$" }, { "$5", "$5" },
		{ "$()", "$()" }, { "$$$(A)", "$alpha" }, { "no vars", "no vars" },
		{ "$(B)-$(A)", "beta-alpha" }, { "$(A)$", "alpha$" },
	};
	return cr_make_param_array(struct xcase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct xcase *c, decode, expand)
{
	struct arena a = { 0 };
	struct env_var env[] = { { .name = "A", .value = "alpha" }, { .name = "B", .value = "beta" } };
	char *r = decode_expand(&a, c->in, env, 2);

	cr_assert_not_null(r);
	cr_assert_str_eq(r, c->want, "%s -> %s", c->in, r);
	arena_free(&a);
}

Test(decode, expand_bounded)
{
	struct arena a = { 0 };
	static char big[600000];
	struct env_var env[] = { { .name = "X", .value = big } };

	memset(big, 'x', sizeof big - 1);
	cr_assert_null(decode_expand(&a, "$(X)$(X)", env, 1));
	arena_free(&a);
}

Test(decode, suggest)
{
	static const char *const f[] = { "periodSeconds", "timeoutSeconds", "name", "ports" };

	cr_assert_str_eq(decode_suggest("periodSecond", f, 4), "periodSeconds");
	cr_assert_str_eq(decode_suggest("PeriodSeconds", f, 4), "periodSeconds");
	cr_assert_str_eq(decode_suggest("nmae", f, 4), "name");
	cr_assert_str_eq(decode_suggest("port", f, 4), "ports");
	cr_assert_null(decode_suggest("frobnicate", f, 4));
}

Test(decode, capabilities)
{
	const char *s;

	cr_assert(decode_capability_ok("NET_ADMIN", &s));
	cr_assert(decode_capability_ok("CAP_NET_BIND_SERVICE", &s));
	cr_assert(decode_capability_ok("cap_chown", &s));
	cr_assert(decode_capability_ok("ALL", &s));
	cr_assert_not(decode_capability_ok("NET_ADMN", &s));
	cr_assert_str_eq(s, "NET_ADMIN");
	cr_assert_not(decode_capability_ok("frobnicate", &s));
	cr_assert_null(s);
}

static int
load_str(const char *yaml, struct pod_spec *p, struct diag_list *d, char *const *cli)
{
	struct manifest_opts o = { .path = "t.yaml", .cli_argv = cli };

	diag_init(d);
	return manifest_decode_buffer(yaml, strlen(yaml), &o, p, d);
}

/* A workload's selector is required and must select its template. */
#define SELECTOR "  selector: {matchLabels: {app: c}}\n"
#define TEMPLATE "  template:\n    metadata: {labels: {app: c}}\n    spec:\n" \
	"      restartPolicy: Never\n      containers:\n        - name: c\n          command: [/c]\n"
/* (a controller that keeps pods running takes restartPolicy Always only) */
#define TEMPLATE_ALWAYS "  template:\n    metadata: {labels: {app: c}}\n    spec:\n" \
	"      restartPolicy: Always\n      containers:\n        - name: c\n          command: [/c]\n"

struct kcase {
	char	 yaml[512];
	char	 kind[32];
};

ParameterizedTestParameters(decode, workloads)
{
	static struct kcase c[] = {
		{ "apiVersion: v1\nkind: Pod\nspec:\n  restartPolicy: Never\n  containers:\n"
		  "    - name: c\n      command: [/c]\n", "Pod" },
		{ "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 1\n" SELECTOR TEMPLATE_ALWAYS,
		  "Deployment" },
		{ "apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  serviceName: x\n" SELECTOR TEMPLATE_ALWAYS,
		  "StatefulSet" },
		{ "apiVersion: apps/v1\nkind: DaemonSet\nspec:\n" SELECTOR TEMPLATE_ALWAYS, "DaemonSet" },
		{ "apiVersion: apps/v1\nkind: ReplicaSet\nspec:\n" SELECTOR TEMPLATE_ALWAYS, "ReplicaSet" },
		{ "apiVersion: v1\nkind: ReplicationController\nspec:\n  selector: {app: c}\n" TEMPLATE_ALWAYS,
		  "ReplicationController" },
		{ "apiVersion: batch/v1\nkind: Job\nspec:\n  backoffLimit: 1\n" TEMPLATE, "Job" },
		{ "apiVersion: batch/v1\nkind: CronJob\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n"
		  "    spec:\n      template:\n        spec:\n          restartPolicy: Never\n"
		  "          containers:\n            - name: c\n              command: [/c]\n",
		  "CronJob" },
	};
	return cr_make_param_array(struct kcase, c, sizeof c / sizeof c[0]);
}

ParameterizedTest(struct kcase *c, decode, workloads)
{
	struct pod_spec p;
	struct diag_list d;

	cr_assert_eq(load_str(c->yaml, &p, &d, NULL), 0, "%s", c->kind);
	cr_assert_str_eq(p.kind, c->kind);
	cr_assert_eq(p.n_containers, 1);
	cr_assert_str_eq(p.containers[0].name, "c");
	cr_assert_str_eq(p.containers[0].argv[0], "/c");
	cr_assert_eq(p.restart_policy, strcmp(c->kind, "Pod") == 0 || strstr(c->kind, "Job") ?
	    RESTART_NEVER : RESTART_ALWAYS);
	diag_free(&d);
	spec_free(&p);
}

Test(decode, controller_templates_restart_always)
{
	static const char *const kinds[] = { "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet" };
	char y[512], want[128];
	struct pod_spec p;
	struct diag_list d;

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		snprintf(y, sizeof y, "apiVersion: apps/v1\nkind: %s\nspec:\n" SELECTOR TEMPLATE,
		    kinds[i]);
		cr_assert_eq(load_str(y, &p, &d, NULL), -1, "%s with restartPolicy Never", kinds[i]);
		snprintf(want, sizeof want, "a %s's pod template supports \"Always\"", kinds[i]);
		cr_assert(d.n > 0 && strstr(d.v[0].msg, want), "%s: %s", kinds[i],
		    d.n ? d.v[0].msg : "(none)");
		diag_free(&d);
		spec_free(&p);
	}
}

Test(decode, int_or_string_ports)
{
	struct pod_spec p;
	struct diag_list d;
	const char *y =
	    "kind: Pod\napiVersion: v1\nspec:\n  containers:\n  - name: c\n    command: [/c]\n"
	    "    ports: [{name: web, containerPort: 8080}, {containerPort: 9090}]\n"
	    "    livenessProbe: {httpGet: {port: web}}\n"
	    "    readinessProbe: {tcpSocket: {port: 9090}}\n"
	    "    startupProbe: {grpc: {port: 9090}}\n";

	cr_assert_eq(load_str(y, &p, &d, NULL), 0);
	const struct container_spec *c = &p.containers[0];
	cr_assert_eq(c->probes[PROBE_LIVENESS].handler.port, 8080);
	cr_assert_str_eq(c->probes[PROBE_LIVENESS].handler.port_name, "web");
	cr_assert_str_eq(c->probes[PROBE_LIVENESS].handler.host, "127.0.0.1");
	cr_assert_str_eq(c->probes[PROBE_LIVENESS].handler.path, "/");
	cr_assert_eq(c->probes[PROBE_READINESS].handler.port, 9090);
	cr_assert_null(c->probes[PROBE_READINESS].handler.port_name);
	cr_assert_eq(c->probes[PROBE_STARTUP].handler.kind, HANDLER_GRPC);
	cr_assert_eq(c->probes[PROBE_LIVENESS].period_ns, 10 * NS_PER_SEC);
	cr_assert_eq(c->probes[PROBE_LIVENESS].failure_threshold, 3);
	diag_free(&d);
	spec_free(&p);
}

Test(decode, bad_ports)
{
	struct pod_spec p;
	struct diag_list d;
	const char *y =
	    "kind: Pod\napiVersion: v1\nspec:\n  containers:\n  - name: c\n    command: [/c]\n"
	    "    livenessProbe: {httpGet: {port: nope}}\n"
	    "    readinessProbe: {tcpSocket: {port: \"80\"}}\n"
	    "    startupProbe: {tcpSocket: {port: 0}}\n";

	cr_assert_eq(load_str(y, &p, &d, NULL), -1);
	/* "80" quoted is an invalid name, 0 out of range; the undeclared
	 * name "nope" is the API server's to accept: a warning (issue 14) */
	cr_assert_eq(d.n_errors, 2);
	cr_assert_eq(d.n_warnings, 1);
	diag_free(&d);
	spec_free(&p);
}

Test(decode, argv_from_command_line)
{
	struct pod_spec p;
	struct diag_list d;
	char *cli[] = { "/bin/srv", "$(X)", NULL };
	const char *y =
	    "kind: Pod\napiVersion: v1\nspec:\n  containers:\n  - name: a\n    args: ['$(X)']\n"
	    "    env: [{name: X, value: x1}]\n  - name: b\n    command: [/b, '$(X)']\n";

	cr_assert_eq(load_str(y, &p, &d, cli), 0);
	cr_assert_eq(p.containers[0].argc, 3);
	cr_assert_str_eq(p.containers[0].argv[0], "/bin/srv");
	cr_assert_str_eq(p.containers[0].argv[1], "$(X)");	/* CLI: never expanded */
	cr_assert_str_eq(p.containers[0].argv[2], "x1");
	cr_assert_null(p.containers[0].argv[3]);
	cr_assert_not(p.containers[0].has_command);
	cr_assert(p.containers[1].has_command);
	cr_assert_str_eq(p.containers[1].argv[1], "$(X)");	/* b has no X */
	diag_free(&d);
	spec_free(&p);
}

Test(decode, missing_command_is_error_when_running)
{
	struct pod_spec p;
	struct diag_list d;
	struct manifest_opts o = { .path = "t.yaml" };
	const char *y = "kind: Pod\napiVersion: v1\nspec:\n  containers:\n  - name: a\n";

	diag_init(&d);
	cr_assert_eq(manifest_decode_buffer(y, strlen(y), &o, &p, &d), -1);
	cr_assert_null(p.containers[0].argv);
	spec_free(&p);
	diag_free(&d);
	o.check_only = true;
	diag_init(&d);
	cr_assert_eq(manifest_decode_buffer(y, strlen(y), &o, &p, &d), 0);
	cr_assert_eq(d.n_warnings, 1);
	spec_free(&p);
	diag_free(&d);
}

/* decode_pod runs the schema check itself, so an unknown field is an error,
 * said once: decode says nothing of fields. */
Test(decode, schema_check_without_the_loader)
{
	const char *y = "apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: c, command: [/c]}]\n"
	    "  volumez: []\n";
	struct ydocs docs;
	struct yerror ye;
	struct pod_spec p;
	struct diag_list d;
	const char *pod_path;
	struct decode_opts o = { .source = "t.yaml" };

	cr_assert_eq(ynode_parse(y, strlen(y), &docs, &ye), 0);
	diag_init(&d);
	cr_assert_eq(decode_pod(&docs, &o, &p, &pod_path, &d), -1);
	cr_assert_eq(d.n_errors, 1);
	cr_assert_str_eq(d.v[0].path, "spec.volumez");
	cr_assert(strstr(d.v[0].msg, "did you mean volumes?") != NULL, "%s", d.v[0].msg);
	cr_assert_eq(d.current_doc, 1);
	diag_free(&d);
	spec_free(&p);
	ynode_free(&docs);
}

/* --command NAME='CMD ARG...': the entrypoint of a container without
 * `command` (quoted as exec: handlers, never $(VAR)-expanded), the
 * manifest's args appended and expanded; the manifest's command replaces
 * it; an unknown NAME is an error listing the containers. */
Test(decode, command_option)
{
	static const char yaml[] = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
	    "  containers:\n  - name: app\n    args: [\"$(A)\", b]\n    env: [{name: A, value: x}]\n"
	    "  - name: side\n    command: [/side]\n";
	const char *cmds[] = { "app=/bin/srv 'two words' $(A)", "side=/ignored" };
	const char *unknown[] = { "web=/bin/web" };
	struct manifest_opts o = { .path = "t.yaml", .commands = cmds, .n_commands = 2 };
	struct pod_spec p;
	struct diag_list d;
	bool warned = false;

	diag_init(&d);
	cr_assert_eq(manifest_decode_buffer(yaml, strlen(yaml), &o, &p, &d), 0);
	cr_assert_eq(p.containers[0].argc, 5);
	cr_assert_str_eq(p.containers[0].argv[0], "/bin/srv");
	cr_assert_str_eq(p.containers[0].argv[1], "two words");
	cr_assert_str_eq(p.containers[0].argv[2], "$(A)");
	cr_assert_str_eq(p.containers[0].argv[3], "x");
	cr_assert_str_eq(p.containers[0].argv[4], "b");
	cr_assert_not(p.containers[0].has_command);
	cr_assert_str_eq(p.containers[1].argv[0], "/side");
	for (size_t i = 0; i < d.n; i++)
		warned |= d.v[i].sev == DIAG_WARNING && strstr(d.v[i].msg, "--command side: not used");
	cr_assert(warned);
	diag_free(&d);
	spec_free(&p);

	o.commands = unknown;
	o.n_commands = 1;
	diag_init(&d);
	cr_assert_eq(manifest_decode_buffer(yaml, strlen(yaml), &o, &p, &d), -1);
	cr_assert_str_eq(d.v[d.n - 1].msg, "--command web: no container \"web\" in the pod (its "
	    "containers: app, side)");
	diag_free(&d);
	spec_free(&p);
}

/* SPEC §9: a container's own restartPolicy and restartPolicyRules reach
 * the model (pod_restart_decision runs them), sidecars' rules included. */
Test(decode, restart_rules_model)
{
	struct pod_spec p;
	struct diag_list d;
	const struct container_spec *c;
	const char *y =
	    "kind: Pod\napiVersion: v1\nspec:\n  restartPolicy: Never\n"
	    "  initContainers:\n  - name: side\n    command: [/s]\n    restartPolicy: Always\n"
	    "    restartPolicyRules:\n    - action: RestartAllContainers\n"
	    "      exitCodes: {operator: In, values: [42]}\n"
	    "  containers:\n  - name: c\n    command: [/c]\n    restartPolicy: OnFailure\n"
	    "    restartPolicyRules:\n    - action: Restart\n"
	    "      exitCodes: {operator: NotIn, values: [0, 1, 2147483647]}\n"
	    "    - action: RestartAllContainers\n      exitCodes: {operator: In}\n"
	    "  - name: plain\n    command: [/p]\n";

	cr_assert_eq(load_str(y, &p, &d, NULL), 0, "%s", d.n ? d.v[0].msg : "");
	cr_assert_eq(d.n, 0, "no warning any more: %s", d.n ? d.v[0].msg : "");
	c = &p.containers[0];
	cr_assert(c->is_sidecar && c->has_restart_policy && c->restart_policy == RESTART_ALWAYS);
	cr_assert_eq(c->n_restart_rules, 1);
	cr_assert_eq(c->restart_rules[0].action, RULE_RESTART_ALL_CONTAINERS);
	cr_assert_not(c->restart_rules[0].not_in);
	cr_assert_eq(c->restart_rules[0].n_values, 1);
	cr_assert_eq(c->restart_rules[0].values[0], 42);
	c = &p.containers[1];
	cr_assert(c->has_restart_policy && c->restart_policy == RESTART_ON_FAILURE);
	cr_assert(c->has_restart_rules);
	cr_assert_eq(c->n_restart_rules, 2);
	cr_assert_eq(c->restart_rules[0].action, RULE_RESTART);
	cr_assert(c->restart_rules[0].not_in);
	cr_assert_eq(c->restart_rules[0].n_values, 3);
	cr_assert_eq(c->restart_rules[0].values[2], 2147483647);
	cr_assert_eq(c->restart_rules[1].action, RULE_RESTART_ALL_CONTAINERS);
	cr_assert_eq(c->restart_rules[1].n_values, 0);
	cr_assert_gt(c->restart_rules[1].mark.line, 0);
	c = &p.containers[2];
	cr_assert_not(c->has_restart_policy);
	cr_assert_eq(c->n_restart_rules, 0);
	diag_free(&d);
	spec_free(&p);
}
