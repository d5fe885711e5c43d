/* Unit tests: decode_volume.c: volumes, claim templates and mounts into
 * the §7 structs, and the errors at their line:col (kubelet's and the API
 * server's words), table driven. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/manifest.h"

#define CM "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {a: x}\n---\n"
#define POD "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
#define CTR "  containers:\n  - name: c\n    command: [c]\n"

/* Criterion may run each case in a fresh process: strings, no pointers. */
struct err_case {
	char	 name[48];
	char	 yaml[400];
	char	 want[200];	/* in the diagnostics: "line:col: path: message" */
};

ParameterizedTestParameters(decode_volume, errors)
{
	static struct err_case c[] = {
		{ "unsupported type", POD CTR "  volumes:\n  - name: v\n    nfs: {server: s, path: /x}\n",
		    "t.yaml:10:5: spec.volumes[0].nfs: volume type nfs is not supported by podinit" },
		{ "two types", POD CTR "  volumes:\n  - name: v\n    emptyDir: {}\n    hostPath: {path: /x}\n",
		    "t.yaml:11:5: spec.volumes[0].hostPath: may not specify more than 1 volume type" },
		{ "configmap not found", POD CTR "  volumes:\n  - name: v\n    configMap: {name: web}\n",
		    "t.yaml:10:23: spec.volumes[0].configMap.name: MountVolume.SetUp failed for volume "
		    "\"v\" : configmap \"web\" not found" },
		{ "secret not found", POD CTR "  volumes:\n  - name: v\n    secret: {secretName: s}\n",
		    "t.yaml:10:26: spec.volumes[0].secret.secretName: MountVolume.SetUp failed for volume "
		    "\"v\" : secret \"s\" not found" },
		{ "missing key", CM POD CTR "  volumes:\n  - name: v\n    configMap:\n      name: web\n"
		    "      items: [{key: b, path: b}]\n", "t.yaml:17:21: document 2: "
		    "spec.volumes[0].configMap.items[0].key: MountVolume.SetUp failed for volume \"v\" : "
		    "configmap references non-existent config key: b" },
		{ "projected missing key", CM POD CTR "  volumes:\n  - name: v\n    projected:\n"
		    "      sources: [{configMap: {name: web, items: [{key: b, path: b}]}}]\n",
		    "configmap references non-existent config key: b" },
		{ "mount names no volume", POD CTR "    volumeMounts: [{name: v, mountPath: /m}]\n",
		    "t.yaml:8:27: spec.containers[0].volumeMounts[0].name: not found: \"v\"" },
		{ "relative mountPath", POD CTR "    volumeMounts: [{name: v, mountPath: m}]\n"
		    "  volumes: [{name: v}]\n", "mountPath: invalid value \"m\": must be an absolute path" },
		{ "subPath backsteps", POD CTR "    volumeMounts: [{name: v, mountPath: /m, subPath: a/../..}]\n"
		    "  volumes: [{name: v}]\n", "subPath: invalid value \"a/../..\": must not contain '..'" },
		{ "subPathExpr unset", POD CTR "    volumeMounts: [{name: v, mountPath: /m, subPathExpr: "
		    "\"$(X)\"}]\n  volumes: [{name: v}]\n", "subPathExpr: missing value for X" },
		{ "subPathExpr absolute", POD CTR "    env: [{name: X, value: /abs}]\n"
		    "    volumeMounts: [{name: v, mountPath: /m, subPathExpr: \"$(X)\"}]\n"
		    "  volumes: [{name: v}]\n", "error SubPath `/abs` must not be an absolute path" },
		{ "subPathExpr backsteps", POD CTR "    env: [{name: X, value: ..}]\n"
		    "    volumeMounts: [{name: v, mountPath: /m, subPathExpr: \"$(X)/a\"}]\n"
		    "  volumes: [{name: v}]\n",
		    "unable to provision SubPath `../a`: must not contain '..'" },
		{ "item mode", CM POD CTR "  volumes:\n  - name: v\n    configMap:\n      name: web\n"
		    "      defaultMode: 01000\n",
		    "defaultMode: must be a number between 0 and 0777 (octal), both inclusive" },
		{ "hostPath type", POD CTR "  volumes:\n  - name: v\n    hostPath: {path: /x, type: Fil}\n",
		    "unsupported value \"Fil\"" },
		{ "duplicate volume", POD CTR "  volumes: [{name: v}, {name: v}]\n",
		    "spec.volumes[1].name: duplicate value \"v\"" },
		{ "dapi container", POD CTR "  volumes:\n  - name: v\n    downwardAPI:\n      items:\n"
		    "      - {path: m, resourceFieldRef: {containerName: x, resource: limits.cpu}}\n",
		    "container \"x\" not found in the pod" },
	};
	return cr_make_param_array(struct err_case, c, sizeof c / sizeof c[0]);
}

static char *
diagnostics(const char *yaml, struct pod_spec *pod, int *rc)
{
	struct manifest_opts o = { .path = "t.yaml" };
	struct diag_list d;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	cr_assert_not_null(f);
	diag_init(&d);
	*rc = manifest_decode_buffer(yaml, strlen(yaml), &o, pod, &d);
	diag_sort(&d);
	diag_print(f, &d, "t.yaml", "", true);
	fclose(f);
	diag_free(&d);
	return out;
}

ParameterizedTest(struct err_case *c, decode_volume, errors)
{
	struct pod_spec pod;
	int rc;
	char *out = diagnostics(c->yaml, &pod, &rc);

	cr_expect_neq(rc, 0, "%s: accepted", c->name);
	cr_expect(strstr(out, c->want) != NULL, "%s: no [%s] in:\n%s", c->name, c->want, out);
	free(out);
	spec_free(&pod);
}

Test(decode_volume, model)
{
	static const char yaml[] = CM
	    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n"
	    "  selector: {matchLabels: {a: b}}\n  serviceName: db\n"
	    "  volumeClaimTemplates: [{metadata: {name: data}}]\n"
	    "  template:\n    metadata: {labels: {a: b}}\n    spec:\n"
	    "      volumes:\n"
	    "      - {name: data, emptyDir: {}}\n"
	    "      - {name: cfg, configMap: {name: web, defaultMode: 0400}}\n"
	    "      - {name: gone, secret: {secretName: s, optional: true}}\n"
	    "      containers:\n      - name: c\n        command: [c]\n"
	    "        env: [{name: D, value: sub}]\n"
	    "        volumeMounts:\n"
	    "        - {name: cfg, mountPath: /etc/c, readOnly: true}\n"
	    "        - {name: data, mountPath: /d, subPathExpr: \"$(D)/x\"}\n";
	struct pod_spec pod;
	int rc;
	char *out = diagnostics(yaml, &pod, &rc);
	const struct volume_spec *v;
	const struct container_spec *ct;

	cr_assert_eq(rc, 0, "%s", out);
	cr_assert_eq(pod.n_volumes, 3);
	/* the claim template replaces the template's volume of its name */
	v = &pod.volumes[0];
	cr_expect_str_eq(v->name, "data");
	cr_expect_eq(v->type, VOLUME_PVC);
	cr_expect_str_eq(v->path, "data-db-0");
	cr_expect(v->claim_template);
	v = &pod.volumes[1];
	cr_expect_eq(v->type, VOLUME_CONFIGMAP);
	cr_assert_eq(v->n_files, 1);
	cr_expect_str_eq(v->files[0].path, "a");
	cr_expect_eq(v->files[0].len, 1);
	cr_expect_eq(v->files[0].mode, 0400);
	cr_assert_eq(v->n_sources, 1);
	cr_expect_str_eq(v->sources[0].name, "web");
	v = &pod.volumes[2];
	cr_expect_eq(v->type, VOLUME_SECRET);
	cr_expect_eq(v->n_files, 0);
	cr_assert_eq(v->n_sources, 1);
	cr_expect(v->sources[0].optional && v->sources[0].missing);
	ct = &pod.containers[0];
	cr_assert_eq(ct->n_mounts, 2);
	cr_expect_eq(ct->mounts[0].volume, 1);
	cr_expect(ct->mounts[0].read_only);
	cr_expect_eq(ct->mounts[1].volume, 0);
	cr_expect_str_eq(ct->mounts[1].sub_path, "sub/x");
	cr_expect_str_eq(ct->mounts[1].sub_path_expr, "$(D)/x");
	free(out);
	spec_free(&pod);
}
