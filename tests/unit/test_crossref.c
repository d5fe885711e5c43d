/* Unit tests: crossref_check, table-driven.  Each case is a set of
 * documents (a pod template and Services, sometimes across two files); the
 * expected outcome is the diagnostics' severities, positions and paths in
 * order, and a piece of each message that names the other end. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "podinit/crossref.h"
#include "podinit/decode.h"

#define DEPLOY \
	"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n" \
	"  selector: {matchLabels: {app: web}}\n" \
	"  template:\n    metadata:\n      labels: {app: web, tier: front}\n" \
	"    spec:\n      containers:\n      - name: app\n        ports:\n" \
	"        - {name: http, containerPort: 8080}\n" \
	"        - {name: dns, containerPort: 53, protocol: UDP}\n" \
	"      initContainers:\n      - name: proxy\n        restartPolicy: Always\n" \
	"        ports: [{name: metrics, containerPort: 9090}]\n" \
	"      - name: setup\n        ports: [{name: setup, containerPort: 7000}]\n"
/* In DEPLOY the template's labels are at 8:15; after it and "---", a
 * SVC's selector is at 26:13 and its first port's targetPort at 27:34. */

#define SVC(sel, ports) \
	"apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: " sel "\n" \
	"  ports: " ports "\n"

struct xcase {
	const char *name;
	const char *file1;	/* documents of a.yaml */
	const char *file2;	/* documents of b.yaml, or NULL */
	const char *want;	/* "SEV LINE:COL PATH|..." per diagnostic, in order */
	const char *text;	/* in the first diagnostic's message, or NULL */
};

static const struct xcase cases[] = {
	{ "named port found", DEPLOY "---\n" SVC("{app: web}", "[{port: 80, targetPort: http}]"),
	    NULL, "", NULL },
	{ "sidecar's named port found", DEPLOY "---\n" SVC("{app: web}",
	    "[{port: 80, targetPort: metrics}]"), NULL, "", NULL },
	{ "plain init container's port is no endpoint", DEPLOY "---\n" SVC("{app: web}",
	    "[{port: 80, targetPort: setup}]"), NULL, "W 27:34 spec.ports[0].targetPort|",
	    "the Deployment \"web\" at a.yaml:8:15 declares 8080/TCP \"http\", 53/UDP \"dns\", "
	    "9090/TCP \"metrics\")" },
	{ "named port misspelt", DEPLOY "---\n" SVC("{app: web}",
	    "[{port: 80, targetPort: htp}]"), NULL, "W 27:34 spec.ports[0].targetPort|",
	    "did you mean \"http\"?" },
	{ "protocol differs", DEPLOY "---\n" SVC("{app: web}",
	    "[{port: 53, targetPort: dns}]"), NULL, "W 27:34 spec.ports[0].targetPort|",
	    "at a.yaml:14:11 declares it as 53/UDP: the protocols must match" },
	{ "protocol given and matching", DEPLOY "---\n" SVC("{app: web}",
	    "[{port: 53, targetPort: dns, protocol: UDP}]"), NULL, "", NULL },
	{ "number declared", DEPLOY "---\n" SVC("{app: web}",
	    "[{port: 80, targetPort: 8080}]"), NULL, "", NULL },
	{ "number not declared", DEPLOY "---\n" SVC("{app: web}",
	    "[{port: 80, targetPort: 8081}]"), NULL, "W 27:34 spec.ports[0].targetPort|",
	    "targets port 8081, which no container" },
	{ "targetPort unset is the port", DEPLOY "---\n" SVC("{app: web}", "[{port: 8081}]"),
	    NULL, "W 27:18 spec.ports[0].port|", "(targetPort is unset, so it is the port)" },
	{ "targetPort unset, port declared", DEPLOY "---\n" SVC("{app: web}", "[{port: 8080}]"),
	    NULL, "", NULL },
	{ "selector matches nothing", DEPLOY "---\n" SVC("{app: web, tier: back}",
	    "[{port: 80}]"), NULL, "W 26:13 spec.selector|",
	    "Service \"s\" selects app=web,tier=back, which no pod template in the files "
	    "carries: the Service cannot find its endpoints (the Deployment \"web\" at "
	    "a.yaml:8:15 has labels app=web,tier=front)" },
	{ "other namespace", DEPLOY "---\n"
	    "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: prod}\nspec:\n"
	    "  selector: {app: web}\n", NULL, "W 26:13 spec.selector|",
	    "has these labels but is in namespace \"default\", not \"prod\")" },
	{ "template without labels", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
	    "spec: {containers: [{name: c}]}\n---\n" SVC("{app: web}", "[{port: 80}]"), NULL,
	    "W 10:13 spec.selector|", "the Pod \"p\" at a.yaml:3:11 has no labels)" },
	{ "no pod template in the files: a note", SVC("{app: web}", "[{port: 80}]"), NULL,
	    "N 5:13 spec.selector|", "the files hold no pod template" },
	{ "no selector: not checked", DEPLOY "---\n"
	    "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 1}]}\n",
	    NULL, "", NULL },
	{ "no container ports declared: a note", "apiVersion: v1\nkind: Pod\n"
	    "metadata: {name: p, labels: {app: web}}\nspec: {containers: [{name: c}]}\n---\n"
	    SVC("{app: web}", "[{port: 80, targetPort: 8080}]"), NULL,
	    "N 11:34 spec.ports[0].targetPort|", "declares no container ports, so it is not "
	    "checked" },
	{ "CronJob's template", "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\n"
	    "spec:\n  jobTemplate:\n    spec:\n      template:\n        metadata:\n"
	    "          labels: {app: job}\n        spec:\n          containers: [{name: c}]\n"
	    "---\n" SVC("{app: web}", "[{port: 80}]"), NULL, "W 17:13 spec.selector|",
	    "the CronJob \"cj\" at a.yaml:9:19 has labels app=job)" },
	{ "across two files", DEPLOY, SVC("{app: api}", "[{port: 80}]"),
	    "W 5:13 spec.selector|", "(the Deployment \"web\" at a.yaml:8:15 has labels" },
	{ "the closest miss holds the most pairs", "apiVersion: v1\nkind: Pod\n"
	    "metadata: {name: a, labels: {app: web}}\nspec: {containers: [{name: c}]}\n---\n"
	    "apiVersion: v1\nkind: Pod\n"
	    "metadata: {name: b, labels: {app: web, tier: back, x: x1}}\n"
	    "spec: {containers: [{name: c}]}\n---\n"
	    SVC("{app: web, tier: back, x: x2}", "[{port: 80}]"), NULL, "W 15:13 spec.selector|",
	    "(the Pod \"b\" at a.yaml:8:29 has labels app=web,tier=back,x=x1)" },
	{ "no template holds any pair: the first is named", "apiVersion: v1\nkind: Pod\n"
	    "metadata: {name: a, labels: {app: api}}\nspec: {containers: [{name: c}]}\n---\n"
	    SVC("{app: web}", "[{port: 80}]"), NULL, "W 10:13 spec.selector|",
	    "(the Pod \"a\" at a.yaml:3:29 has labels app=api)" },
	{ "one of two templates serves the port", DEPLOY "---\n"
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: web}}\n"
	    "spec: {containers: [{name: c, ports: [{name: grpc, containerPort: 50051}]}]}\n"
	    "---\n" SVC("{app: web}", "[{port: 80, targetPort: grpc}]"), NULL, "", NULL },
};

static void
run_case(const struct xcase *c)
{
	struct ydocs a = { 0 }, b = { 0 };
	struct yerror e;
	struct diag_list d;
	struct crossref_doc docs[16];
	size_t n = 0;
	char got[2048] = "";
	size_t len = 0;

	cr_assert_eq(ynode_parse(c->file1, strlen(c->file1), &a, &e), 0, "%s: %s", c->name, e.msg);
	if (c->file2)
		cr_assert_eq(ynode_parse(c->file2, strlen(c->file2), &b, &e), 0, "%s: %s", c->name,
		    e.msg);
	for (size_t i = 0; i < a.n_docs; i++)
		docs[n++] = (struct crossref_doc){ a.docs[i], "a.yaml", 0, (int)i + 1 };
	for (size_t i = 0; i < b.n_docs; i++)
		docs[n++] = (struct crossref_doc){ b.docs[i], "b.yaml", 1, (int)i + 1 };
	diag_init(&d);
	d.keep_notes = true;
	d.current_doc = 7;
	d.current_file = 5;
	crossref_check(docs, n, &d);
	cr_assert_eq(d.current_doc, 7, "%s: current_doc restored", c->name);
	cr_assert_eq(d.current_file, 5, "%s: current_file restored", c->name);
	/* Each is about a Service: the last document of the last file. */
	for (size_t i = 0; i < d.n; i++)
		cr_expect(d.v[i].file == (c->file2 ? 1 : 0), "%s: file %d", c->name, d.v[i].file);
	for (size_t i = 0; i < d.n; i++)
		len += (size_t)snprintf(got + len, sizeof got - len, "%c %d:%d %s|",
		    d.v[i].sev == DIAG_ERROR ? 'E' : d.v[i].sev == DIAG_WARNING ? 'W' : 'N',
		    d.v[i].line, d.v[i].col, d.v[i].path);
	cr_expect_str_eq(got, c->want, "%s: got %s want %s (%s)", c->name, got, c->want,
	    d.n ? d.v[0].msg : "");
	if (c->text && d.n)
		cr_expect(strstr(d.v[0].msg, c->text) != NULL, "%s: %s\nlacks: %s", c->name,
		    d.v[0].msg, c->text);
	diag_free(&d);
	ynode_free(&a);
	ynode_free(&b);
}

Test(crossref, table)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		run_case(&cases[i]);
}

Test(crossref, service_document_is_stamped)
{
	const char *y = DEPLOY "---\n" SVC("{app: nope}", "[{port: 80}]");
	const char *y2 = SVC("{app: web, tier: front}", "[{port: 80, targetPort: dns}]");
	struct ydocs a = { 0 }, b = { 0 };
	struct decode_file files[2] = { { "-", ".", &a }, { "svc.yaml", ".", &b } };
	struct yerror e;
	struct diag_list d;

	cr_assert_eq(ynode_parse(y, strlen(y), &a, &e), 0);
	cr_assert_eq(ynode_parse(y2, strlen(y2), &b, &e), 0);
	diag_init(&d);
	crossref_check_files(files, 2, &d);
	cr_assert_eq(d.n, 2);
	cr_expect_eq(d.v[0].file, 0);
	cr_expect_eq(d.v[0].doc, 2);
	cr_expect(strstr(d.v[0].msg, "at <stdin>:8:15") != NULL, "%s", d.v[0].msg);
	cr_expect_eq(d.v[1].file, 1);
	cr_expect_eq(d.v[1].doc, 1);
	cr_expect(strstr(d.v[1].msg, "the Deployment \"web\" at <stdin>:14:11 declares it as "
	    "53/UDP") != NULL, "%s", d.v[1].msg);
	diag_free(&d);
	ynode_free(&a);
	ynode_free(&b);
}

/* All Services selecting all templates is quadratic: past its work limit
 * the check stops with one note instead of taking seconds. */
Test(crossref, work_limit)
{
	static char y[3000 * 200];
	size_t len = 0;
	struct ydocs a = { 0 };
	struct yerror e;
	struct diag_list d;
	struct decode_file f = { "big.yaml", ".", &a };

	for (int i = 0; i < 3000; i++)
		len += (size_t)snprintf(y + len, sizeof y - len, i % 2 ?
		    "apiVersion: v1\nkind: Service\nmetadata: {name: s%d}\n"
		    "spec: {selector: {app: a}, ports: [{port: 80, targetPort: x}]}\n---\n" :
		    "apiVersion: v1\nkind: Pod\nmetadata: {name: p%d, labels: {app: a}}\n"
		    "spec: {containers: [{name: c}]}\n---\n", i);
	cr_assert_lt(len, sizeof y - 1);
	cr_assert_eq(ynode_parse(y, len, &a, &e), 0, "%s", e.msg);
	diag_init(&d);
	d.keep_notes = true;
	crossref_check_files(&f, 1, &d);
	/* The list keeps DIAG_MAX entries; the counters count them all. */
	cr_expect_eq(d.n_notes, 1);
	cr_expect(d.n_warnings > 100 && d.n_warnings < 1500, "%zu warnings", d.n_warnings);
	diag_free(&d);
	ynode_free(&a);
}
