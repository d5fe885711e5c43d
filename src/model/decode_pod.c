/* decode_pod: the PodSpec (its own fields and the container lists),
 * ObjectMeta, and the workload kinds' specs (Deployment, StatefulSet,
 * DaemonSet, ReplicaSet, ReplicationController) down to their pod
 * template; a Job's and a CronJob's are decode_job.c's.
 * Private to src/model/decode*.c (see decode_internal.h). */
#include "decode_internal.h"

#include <stdio.h>
#include <string.h>

#include "podinit/units.h"

/* ---- pod spec, metadata, workloads ---- */

/* PodSpec fields decode into a struct podspec_decode (the pod is c->pod):
 * the container lists are checked where they are written, and decoded
 * together, init containers first, once the pod's own fields are known. */
struct podspec_decode {
	const struct ynode *containers, *init;	/* NULL when absent or not a list */
	const char *containers_field, *init_field;	/* the rows' names, for paths */
};

static bool
pod_termination_grace(struct dctx *c, const struct field_at *at)
{
	int64_t x;

	/* K8S: any non-negative int64; saturated in nanoseconds. */
	if (d_int(c, at->value, at->path, 0, INT64_MAX, &x))
		c->pod->termination_grace_ns = spec_seconds_to_ns(x);
	return true;
}

static bool
pod_active_deadline(struct dctx *c, const struct field_at *at)
{
	int64_t x;

	/* K8S: validatePodSpec: 1 to MaxInt32 (the schema allows any
	 * int64), in the API server's words (InclusiveRangeError). */
	if (!d_int(c, at->value, at->path, INT64_MIN, INT64_MAX, &x))
		return true;
	if (x < 1 || x > INT32_MAX)
		decode_err(c, at->value, at->path, "must be between 1 and %d, inclusive", INT32_MAX);
	else
		c->pod->active_deadline_ns = spec_seconds_to_ns(x);
	return true;
}

static bool
pod_restart_policy(struct dctx *c, const struct field_at *at)
{
	static const char *const rps[] = { "Always", "OnFailure", "Never" };
	struct pod_spec *pod = c->pod;
	const struct ynode *v = at->value;
	char *rp;
	const char *sg;

	if (v == NULL) {
		if (c->kind->job)
			decode_err(c, at->map, at->path, "required value: a Job's pod template must set "
			    "\"OnFailure\" or \"Never\"");
		return true;
	}
	if (!d_str(c, v, at->path, &rp))
		return true;
	if (strcmp(rp, "Always") == 0 && c->kind->job) {
		decode_err(c, v, at->path, "unsupported value \"Always\": a Job's pod template "
		    "supports \"OnFailure\", \"Never\"");
	} else if (strcmp(rp, "OnFailure") == 0 && pod->job.has_failure_policy) {
		/* K8S: validateJobSpec */
		decode_err(c, v, at->path, "only \"Never\" is supported when podFailurePolicy is "
		    "specified");
	} else if (c->kind->fields != NULL && !c->kind->job && strcmp(rp, "Always") != 0 &&
	    (strcmp(rp, "OnFailure") == 0 || strcmp(rp, "Never") == 0)) {
		/* K8S: apps/validation (ValidatePodTemplateSpecForReplicaSet and its
		 * siblings): a controller that keeps pods running restarts them */
		decode_err(c, v, at->path, "unsupported value \"%s\": a %s's pod template supports "
		    "\"Always\"", rp, c->kind->kind);
	} else if (strcmp(rp, "Always") == 0) {
		pod->restart_policy = RESTART_ALWAYS;
	} else if (strcmp(rp, "OnFailure") == 0) {
		pod->restart_policy = RESTART_ON_FAILURE;
	} else if (strcmp(rp, "Never") == 0) {
		pod->restart_policy = RESTART_NEVER;
	} else {
		sg = decode_suggest(rp, rps, 3);
		decode_err(c, v, at->path, "unsupported value \"%s\": supported values: \"Always\", "
		    "\"OnFailure\", \"Never\"%s%s%s", rp, sg ? "; did you mean " : "",
		    sg ? sg : "", sg ? "?" : "");
	}
	return true;
}

static bool
pod_security_context(struct dctx *c, const struct field_at *at)
{
	c->pod->has_security = true;
	d_secctx(c, at->value, at->path, &c->pod->security, &podsecctx_fields);
	return true;
}

static bool
pod_containers(struct dctx *c, const struct field_at *at)
{
	struct podspec_decode *pd = at->object;
	const struct ynode *cs = at->value;

	pd->containers_field = at->name;
	if (cs == NULL) {
		decode_err(c, at->map, at->path, "required value: at least one container");
		return true;
	}
	if (!want_seq(c, cs, at->path))
		return true;
	if (cs->n == 0)
		decode_err(c, cs, at->path, "required value: at least one container");
	pd->containers = cs;
	return true;
}

static bool
pod_init_containers(struct dctx *c, const struct field_at *at)
{
	struct podspec_decode *pd = at->object;

	pd->init_field = at->name;
	if (want_seq(c, at->value, at->path))
		pd->init = at->value;
	return true;
}

/* Every --command NAME='...' names a container of the pod: else an error
 * that lists them. */
static void
check_commands(struct dctx *c)
{
	const struct pod_spec *pod = c->pod;

	for (size_t i = 0; i < c->o->n_commands; i++) {
		const char *e = c->o->commands[i], *eq = strchr(e, '=');
		size_t nl = eq ? (size_t)(eq - e) : strlen(e), j;
		char names[512] = "";
		size_t used = 0;

		for (j = 0; j < pod->n_containers; j++)
			if (pod->containers[j].name && strlen(pod->containers[j].name) == nl &&
			    strncmp(pod->containers[j].name, e, nl) == 0)
				break;
		if (j < pod->n_containers)
			continue;
		for (j = 0; j < pod->n_containers && used < sizeof names; j++)
			used += (size_t)snprintf(names + used, sizeof names - used, "%s%s",
			    j ? ", " : "", pod->containers[j].name ? pod->containers[j].name : "?");
		diag_add(c->d, DIAG_ERROR, 0, 0, "", "--command %.*s: no container \"%.*s\" in the "
		    "pod (its containers: %s)", (int)nl, e, (int)nl, e, names);
		c->errors++;
	}
}

/* The containers and what they hold, in one prefaulted chunk: their
 * strings and arrays take about 17 bytes per YAML node under them. */
static bool
pod_decode_containers(struct dctx *c, const struct field_at *at)
{
	struct podspec_decode *pd = at->object;
	struct pod_spec *pod = c->pod;
	const struct ynode *ic = pd->init, *cs = pd->containers;
	size_t ni = ic ? ic->n : 0, nc = cs ? cs->n : 0;
	char p[FIELDPATH_MAX], q[FIELDPATH_MAX];
	struct container_decode **cds;

	arena_reserve(c->a, (ni + nc + 1) * sizeof *pod->containers +
	    ((ni ? ic->weight : 0) + (nc ? cs->weight : 0)) * (size_t)20);
	pod->containers = arena_alloc(c->a, (ni + nc + 1) * sizeof *pod->containers);
	if (pod->containers == NULL) {
		decode_err(c, at->map, at->path, "out of memory");
		return false;
	}
	cds = arena_alloc(c->a, (ni + nc + 1) * sizeof *cds);
	if (cds == NULL) {
		decode_err(c, at->map, at->path, "out of memory");
		return false;
	}
	for (size_t i = 0; i < ni; i++)
		cds[i] = d_container_begin(c, ic->kids[i],
		    fieldpath_index(q, fieldpath_field(p, at->path, pd->init_field), i),
		    &pod->containers[i], true);
	for (size_t i = 0; i < nc; i++)
		cds[ni + i] = d_container_begin(c, cs->kids[i],
		    fieldpath_index(q, fieldpath_field(p, at->path, pd->containers_field), i),
		    &pod->containers[ni + i], false);
	pod->n_init = ni;
	pod->n_containers = ni + nc;
	c->n_ctrs = ni + nc;
	for (size_t i = 0; i < ni + nc; i++)
		d_container_end(c, cds[i]);
	check_commands(c);
	return true;
}

static bool
pod_volumes(struct dctx *c, const struct field_at *at)
{
	return d_volumes(c, at->value, at->path);
}

static bool
pod_volumes_resolve(struct dctx *c, const struct field_at *at)
{
	(void)at;
	return d_volumes_resolve(c);
}

static bool
pod_hostname(struct dctx *c, const struct field_at *at)
{
	char *s;

	/* The schema checked it is a DNS-1123 label.  An Indexed Job's
	 * controller writes its own over it (pod_identity_defaults). */
	if (d_str(c, at->value, at->path, &s) && s[0] != '\0')
		c->pod->hostname = s;
	return true;
}

static bool
pod_service_account_name(struct dctx *c, const struct field_at *at)
{
	char *s;

	if (d_str(c, at->value, at->path, &s) && s[0] != '\0')
		c->pod->service_account_name = s;
	return true;
}

static bool
pod_share_process_namespace(struct dctx *c, const struct field_at *at)
{
	d_bool(c, at->value, at->path, &c->pod->share_process_namespace);
	return true;
}

/* K8S: GeneratePodHostNameAndDomain: spec.hostname, else the pod's name
 * cut to 63 characters without a trailing '-' or '.' (kubelet's
 * truncatePodHostnameIfNeeded); an Indexed Job's controller sets
 * spec.hostname to "<job>-<index>" whatever the template says;
 * serviceAccountName defaults to "default" (the ServiceAccount admission
 * plugin). */
static bool
pod_identity_defaults(struct dctx *c, const struct field_at *at)
{
	struct pod_spec *pod = c->pod;
	const char *jh = d_job_hostname(c);

	(void)at;
	if (jh != NULL)
		pod->hostname = arena_strdup(c->a, jh);
	if (pod->hostname == NULL && pod->name != NULL) {
		size_t n = strlen(pod->name);
		if (n > 63)
			n = 63;
		while (n > 0 && (pod->name[n - 1] == '-' || pod->name[n - 1] == '.'))
			n--;
		pod->hostname = arena_strndup(c->a, pod->name, n);
	}
	if (pod->service_account_name == NULL)
		pod->service_account_name = arena_strdup(c->a, "default");
	return true;
}

/* terminationGracePeriodSeconds before the containers (a sleep hook is
 * bounded by it); the pod's identity (hostname, service account) before
 * them too: their env's fieldRefs read it.  The volumes before them
 * (their mounts name them), their payloads after them (a downwardAPI item
 * reads a container's resources, a subPathExpr its environment). */
static const struct field podspec_rows[] = {
	F("terminationGracePeriodSeconds", pod_termination_grace),
	F("activeDeadlineSeconds", pod_active_deadline),
	F_ALWAYS("restartPolicy", pod_restart_policy),
	F("securityContext", pod_security_context), F("hostname", pod_hostname),
	F("serviceAccountName", pod_service_account_name),
	F("shareProcessNamespace", pod_share_process_namespace), RULE(pod_identity_defaults),
	F_ALWAYS("volumes", pod_volumes),
	F_ALWAYS("containers", pod_containers),
	F("initContainers", pod_init_containers), RULE(pod_decode_containers),
	RULE(pod_volumes_resolve),
};
const struct field_table podspec_fields = TABLE("PodSpec", podspec_rows);

void
d_podspec(struct dctx *c, const struct ynode *n, const char *path)
{
	struct podspec_decode pd = { 0 };

	decode_object(c, n, path, &podspec_fields, &pd);
}

/* ObjectMeta fields decode into a struct meta_decode: the document's
 * name and namespace are the pod's, its labels and annotations only for a
 * Pod; a pod template's labels and annotations are the pod's (its name
 * and namespace are not); a JobTemplate's are nobody's. */
struct meta_decode {
	struct pod_spec *pod;	/* NULL: decoded into nothing */
	bool	 identity;	/* name and namespace are the pod's */
	bool	 tags;		/* labels and annotations are the pod's */
};

static bool
meta_name(struct dctx *c, const struct field_at *at)
{
	struct meta_decode *md = at->object;
	char *s;

	if (d_str(c, at->value, at->path, &s) && md && md->pod && md->identity)
		md->pod->name = s;
	return true;
}

static bool
meta_namespace(struct dctx *c, const struct field_at *at)
{
	struct meta_decode *md = at->object;
	char *s;

	if (d_str(c, at->value, at->path, &s) && md && md->pod && md->identity)
		md->pod->namespace = s;
	return true;
}

/* A map of strings (labels, annotations) into kv; the schema validated
 * keys and values. */
static void
d_kv_map(struct dctx *c, const struct ynode *m, const char *path, struct spec_kv **kv,
    size_t *n)
{
	char p[FIELDPATH_MAX];

	if (!want_map(c, m, path))
		return;
	if ((*kv = arena_alloc(c->a, (m->n / 2 + 1) * sizeof **kv)) == NULL) {
		decode_err(c, m, path, "out of memory");
		return;
	}
	*n = 0;
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct ynode *k = m->kids[i], *v = m->kids[i + 1];
		struct spec_kv *e = &(*kv)[*n];

		if (k->kind != YNODE_SCALAR)
			continue;
		fieldpath_field(p, path, k->str);
		if ((e->key = arena_strdup(c->a, k->str)) == NULL)
			continue;
		if (ynode_is_null(v))
			e->value = arena_strdup(c->a, "");
		else if (!d_str(c, v, p, &e->value))
			continue;
		if (e->value != NULL)
			(*n)++;
	}
}

static bool
meta_labels(struct dctx *c, const struct field_at *at)
{
	struct meta_decode *md = at->object;

	if (md && md->pod && md->tags)
		d_kv_map(c, at->value, at->path, &md->pod->labels, &md->pod->n_labels);
	return true;
}

static bool
meta_annotations(struct dctx *c, const struct field_at *at)
{
	struct meta_decode *md = at->object;

	if (md && md->pod && md->tags)
		d_kv_map(c, at->value, at->path, &md->pod->annotations, &md->pod->n_annotations);
	return true;
}

static const struct field meta_rows[] = {
	F("name", meta_name), F("namespace", meta_namespace), F("labels", meta_labels),
	F("annotations", meta_annotations),
};
const struct field_table meta_fields = TABLE("ObjectMeta", meta_rows);

void
d_metadata(struct dctx *c, const struct ynode *n, const char *path, bool is_pod)
{
	struct meta_decode md = { .pod = c->pod, .identity = true, .tags = is_pod };

	decode_object(c, n, path, &meta_fields, &md);
}

/* The fields of PodTemplateSpec and JobTemplateSpec, and of the
 * workloads' specs, decode into nothing of their own (NULL). */
static bool
template_metadata(struct dctx *c, const struct field_at *at)
{
	struct meta_decode md = { .pod = c->pod, .tags = true };

	decode_object(c, at->value, at->path, &meta_fields, &md);
	return true;
}

/* A Job's pod gets its controller's labels and annotations before the
 * spec: the containers' fieldRefs read them. */
static bool
template_spec(struct dctx *c, const struct field_at *at)
{
	if (at->value == NULL)
		return required(c, at);
	if (c->pod->job.present)
		d_job_pod_tags(c);
	d_podspec(c, at->value, at->path);
	return true;
}

static const struct field template_rows[] = {
	F("metadata", template_metadata), F_ALWAYS("spec", template_spec),
};
const struct field_table template_fields = TABLE("PodTemplateSpec", template_rows);

bool
workload_template(struct dctx *c, const struct field_at *at)
{
	if (at->value == NULL)
		return required(c, at);
	decode_object(c, at->value, at->path, &template_fields, NULL);
	return true;
}

static const struct field deployment_rows[] = {
	F_ALWAYS("template", workload_template),
};
const struct field_table deployment_fields = TABLE("DeploymentSpec", deployment_rows);

static bool
statefulset_volume_claim_templates(struct dctx *c, const struct field_at *at)
{
	return d_volume_claim_templates(c, at->value, at->path);
}

/* The claim templates before the template: its mounts may name them. */
static const struct field statefulset_rows[] = {
	F("volumeClaimTemplates", statefulset_volume_claim_templates),
	F_ALWAYS("template", workload_template),
};
const struct field_table statefulset_fields = TABLE("StatefulSetSpec",
    statefulset_rows);

static const struct field daemonset_rows[] = {
	F_ALWAYS("template", workload_template),
};
const struct field_table daemonset_fields = TABLE("DaemonSetSpec", daemonset_rows);

static const struct field replicaset_rows[] = {
	F_ALWAYS("template", workload_template),
};
const struct field_table replicaset_fields = TABLE("ReplicaSetSpec", replicaset_rows);

/* core/v1's older ReplicaSet: the template is optional in the type but
 * required by ValidateReplicationControllerSpec. */
static const struct field replicationcontroller_rows[] = {
	F_ALWAYS("template", workload_template),
};
const struct field_table replicationcontroller_fields = TABLE("ReplicationControllerSpec",
    replicationcontroller_rows);
