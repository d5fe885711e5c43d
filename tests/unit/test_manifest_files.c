/* Unit tests: the loader's inputs as `kubectl apply -f`: several -f, a
 * directory's *.yaml, *.yml and *.json in name order (not recursive, other
 * files left alone), the pod chosen across the files, config objects from
 * any of them, diagnostics naming their file with the document numbered
 * in that file; and the facts' UUID v4 text. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "podinit/manifest.h"
#include "podinit/podfacts.h"

static char dir[64];

static void
put(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	fclose(f);
}

static void
setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/podinit-files.XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	put("b-pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: second}\n"
	    "spec: {containers: [{name: c, command: [c], env: [{name: A, valueFrom: "
	    "{configMapKeyRef: {name: cm, key: k}}}]}]}\n");
	put("a-config.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n"
	    "data: {k: from-a}\n");
	put("c.json", "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": "
	    "\"third\"}, \"spec\": {\"containers\": [{\"name\": \"c\", \"command\": [\"c\"]}]}}\n");
	put("notes.txt", "not: [a manifest\n");
	put(".hidden.yaml", "not: [a manifest\n");
	mkdir(strcat(strcpy((char[128]){ 0 }, dir), "/sub"), 0755);
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

static int
load(const char *const *paths, size_t n, const char *pod_name, struct pod_spec *p,
    struct diag_list *d)
{
	struct manifest_opts o = { .path = paths[0], .paths = paths, .n_paths = n,
		.pod_name = pod_name, .check_only = true };
	const char *pod_path;

	diag_init(d);
	return manifest_load_diag(&o, p, d, &pod_path);
}

Test(manifest_files, a_directory_in_name_order, .init = setup, .fini = teardown)
{
	const char *paths[] = { dir };
	struct pod_spec p;
	struct diag_list d;

	cr_assert_eq(load(paths, 1, NULL, &p, &d), 0, "%s", d.n ? d.v[0].msg : "");
	/* a-config.yml, b-pod.yaml, c.json: the first pod is b's */
	cr_assert_str_eq(p.name, "second");
	cr_assert_eq(d.n_files, 3);
	cr_assert(strstr(d.files[0], "/a-config.yml") != NULL);
	cr_assert(strstr(d.files[2], "/c.json") != NULL);
	cr_assert_str_eq(p.containers[0].env[0].value, "from-a");
	cr_assert(strstr(p.source, "/b-pod.yaml") != NULL);
	cr_assert_eq(p.n_configs, 1);
	cr_assert(strstr(p.configs[0].file, "/a-config.yml") != NULL);
	diag_free(&d);
	spec_free(&p);
}

Test(manifest_files, pod_chosen_across_files, .init = setup, .fini = teardown)
{
	char c[128], a[128];
	const char *paths[] = { c, a };
	struct pod_spec p;
	struct diag_list d;

	snprintf(c, sizeof c, "%s/c.json", dir);
	snprintf(a, sizeof a, "%s", dir);
	cr_assert_eq(load(paths, 2, NULL, &p, &d), 0);
	cr_assert_str_eq(p.name, "third");	/* the first file given */
	diag_free(&d);
	spec_free(&p);
	/* c.json given twice (alone and in the directory): --pod still picks */
	cr_assert_eq(load(paths, 2, "second", &p, &d), 0);
	cr_assert_str_eq(p.name, "second");
	diag_free(&d);
	spec_free(&p);
}

Test(manifest_files, diagnostics_name_their_file, .init = setup, .fini = teardown)
{
	char bad[128];
	const char *paths[] = { dir, bad };
	struct pod_spec p;
	struct diag_list d;
	FILE *f;
	char *out = NULL;
	size_t len = 0;

	snprintf(bad, sizeof bad, "%s/sub/bad.yaml", dir);
	f = fopen(bad, "w");
	fputs("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {'a b': c}\n---\n"
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: z}\nspec: {containers: [{name: c, "
	    "commnd: [c]}]}\n", f);
	fclose(f);
	cr_assert_eq(load(paths, 2, NULL, &p, &d), -1);
	diag_sort(&d);
	f = open_memstream(&out, &len);
	diag_print(f, &d, "first", "", false);
	fclose(f);
	cr_assert(strstr(out, "/sub/bad.yaml:4:8: document 1: data.a b: invalid key") != NULL,
	    "%s", out);
	cr_assert(strstr(out, "/sub/bad.yaml:9:31: document 2: spec.containers[0].commnd: "
	    "unknown field") != NULL, "%s", out);
	/* the directory's files have one document each: no number */
	cr_assert(strstr(out, "b-pod.yaml") == NULL, "%s", out);
	free(out);
	diag_free(&d);
	spec_free(&p);
}

Test(manifest_files, refusals, .init = setup, .fini = teardown)
{
	char empty[128], missing[128];
	const char *paths1[] = { empty };
	const char *paths2[] = { missing };
	const char *paths3[] = { "-", "-" };
	struct pod_spec p;
	struct diag_list d;

	snprintf(empty, sizeof empty, "%s/sub", dir);
	cr_assert_eq(load(paths1, 1, NULL, &p, &d), -1);
	cr_assert(strstr(d.v[0].msg, "no *.yaml, *.yml or *.json file in the directory") != NULL,
	    "%s", d.v[0].msg);
	diag_free(&d);
	spec_free(&p);
	snprintf(missing, sizeof missing, "%s/none.yaml", dir);
	cr_assert_eq(load(paths2, 1, NULL, &p, &d), -1);
	cr_assert(strstr(d.v[0].msg, "cannot open: No such file") != NULL, "%s", d.v[0].msg);
	diag_free(&d);
	spec_free(&p);
	cr_assert_eq(load(paths3, 2, NULL, &p, &d), -1);
	cr_assert(strstr(d.v[0].msg, "standard input (-) given twice") != NULL, "%s", d.v[0].msg);
	diag_free(&d);
	spec_free(&p);
}

Test(podfacts, uuid_v4_text)
{
	unsigned char zero[16] = { 0 }, ones[16];
	char out[37];

	podfacts_uuid_format(zero, out);
	cr_assert_str_eq(out, "00000000-0000-4000-8000-000000000000");
	memset(ones, 0xff, sizeof ones);
	podfacts_uuid_format(ones, out);
	cr_assert_str_eq(out, "ffffffff-ffff-4fff-bfff-ffffffffffff");
}

Test(podfacts, gathered)
{
	struct podfacts pf, pf2;
	char err[128];

	cr_assert_eq(podfacts_gather(&pf, 1700000000LL * 1000000000LL, NULL, err, sizeof err), 0, "%s",
	    err);
	cr_assert_eq(podfacts_gather(&pf2, 0, NULL, err, sizeof err), 0);
	cr_assert_str_neq(pf.uid, pf2.uid, "a new uid per run");
	cr_assert_str_eq(pf.facts.creation_timestamp, "2023-11-14T22:13:20Z");
	cr_assert_geq(pf.facts.n_pod_ips, 1);
	cr_assert_geq(pf.facts.cpu_milli, 1000);
	cr_assert_gt(pf.facts.memory_bytes, 0);
	cr_assert_str_neq(pf.facts.node_name, "");
}

/* SPEC §9: a Job's pods share its uid; each gets a fresh name suffix in
 * the API server's alphabet. */
Test(podfacts, job_pods)
{
	struct podfacts first, next;
	char err[128];
	static const unsigned char zeros[PODFACTS_SUFFIX_LEN] = { 0 };
	static const unsigned char big[PODFACTS_SUFFIX_LEN] = { 26, 27, 255, 53, 1 };
	char out[PODFACTS_SUFFIX_LEN + 1];

	cr_assert_eq(podfacts_gather(&first, 120LL * 1000000000LL, NULL, err, sizeof err), 0);
	cr_assert_eq(podfacts_gather(&next, 0, first.job_uid, err, sizeof err), 0);
	cr_assert_str_eq(next.facts.job_uid, first.facts.job_uid);
	cr_assert_str_neq(next.facts.uid, first.facts.uid);
	cr_assert_str_neq(first.facts.job_uid, first.facts.uid);
	cr_assert_eq(strlen(first.facts.name_suffix), PODFACTS_SUFFIX_LEN);
	cr_assert_eq(strspn(first.facts.name_suffix, "bcdfghjklmnpqrstvwxz2456789"),
	    PODFACTS_SUFFIX_LEN);
	cr_assert_eq(first.facts.scheduled_minutes, 2);
	podfacts_name_suffix(zeros, out);
	cr_assert_str_eq(out, "bbbbb");
	podfacts_name_suffix(big, out);
	cr_assert_str_eq(out, "9bq9c");
}
