/* decode_internal: what the decoder's files share, private to
 * src/model/decode*.c:
 *   decode.c            the context, diagnostics, typed readers, the
 *                       field-table machinery, documents and kinds,
 *                       decode_pod and decode_field_rows;
 *   decode_handler.c    handler actions, probes, lifecycle;
 *   decode_container.c  ports, env, command and args, resources, the
 *                       container;
 *   decode_secctx.c     security contexts, capabilities, seccomp;
 *   decode_pod.c        the pod spec, metadata, workload kinds;
 *   decode_job.c        JobSpec, JobTemplateSpec, CronJobSpec, and what
 *                       the Job controller gives each pod;
 *   decode_volume.c     volumes, volumeClaimTemplates, volumeMounts and
 *                       the volumes' payloads;
 *   decode_config.c     ConfigMap and Secret documents (pod->configs);
 *   decode_expand.c     $(VAR) expansion (decode_expand, public).
 * Not a public surface. */
#ifndef PODINIT_DECODE_INTERNAL_H
#define PODINIT_DECODE_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/decode.h"
#include "podinit/fieldpath.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct dctx {
	struct diag_list *d;
	struct arena *a;
	struct pod_spec *pod;
	const struct decode_opts *o;
	const struct kind_desc *kind;	/* of the chosen document */
	const struct ynode *doc;	/* the chosen document */
	size_t	 n_ctrs;	/* containers of the pod decoded so far (phase 1) */
	size_t	 errors;	/* said by the decoder, including those the
				   schema had said first (reworded or dropped) */
	struct volumes_decode *vols;	/* decode_volume.c's, from the volumes row
					   to the rule after the containers */
	struct job_decode *job;		/* decode_job.c's, for the JobSpec being read */
};

/* ---- field tables ---- */

/* One field of a mapping, as its decoder sees it. */
struct field_at {
	const struct ynode *map;	/* the object's mapping */
	const struct ynode *value;	/* the field's value; NULL when absent (or null) */
	const char *path;		/* the field's path; the object's for a rule */
	const char *name;		/* the field's name (static); NULL for a rule */
	void	*object;		/* what the table decodes into: each table says */
};

/* A row's decoder.  Returning false stops decoding the object: the rows
 * after it are not read, and an element of a list is left out. */
typedef bool field_decoder(struct dctx *c, const struct field_at *at);

/* One row of a type's field list.  Rows are decoded in order: a field
 * that needs another (a named port, $(VAR), the sidecar flag) comes after
 * it, and so does a field whose message may share a position with
 * another's (the object's own position is its first key's).  Did-you-mean
 * takes the first of equally close names, so moving a row can also change
 * a suggestion. */
struct field {
	const char *name;	/* NULL: a rule of the object, checked at this row */
	field_decoder *decode;	/* reads the field (never NULL: a field no row
				   reads is validated by the schema alone) */
	bool	 ignored;	/* podinit does not act on it, but warns (I_WARN) */
	bool	 when_absent;	/* decode also runs when the field is absent
				   (value NULL): a required field, a default */
};
/* F: decoded when written.  F_ALWAYS: also when absent.  I_WARN: not
 * acted on, with a warning from fn.  RULE: a check of the object between
 * two rows.  A field of the schema with no row is validated and noted
 * (-v) as not acted on (check_fields). */
#define F(n, fn)	{ n, fn, false, false }
#define F_ALWAYS(n, fn)	{ n, fn, false, true }
#define I_WARN(n, fn)	{ n, fn, true, false }
#define RULE(fn)	{ NULL, fn, false, true }

struct field_table {
	const char *type;	/* the Kubernetes type ("Probe"), for the tests */
	/* rows may be NULL when n is 0 (a type podinit reads no field of) */
	const struct field *rows;
	size_t	 n;
};
#define TABLE(type, rows) { type, rows, NELEM(rows) }

/* A kind of document that holds a pod spec. */
struct kind_desc {
	const char *kind;
	const char *api;		/* expected apiVersion */
	const struct field_table *fields;	/* the kind's spec; NULL for Pod */
	const char *pod_path;
	bool	 job;
};

/* ---- decode.c ---- */

void	decode_err(struct dctx *c, const struct ynode *n, const char *path, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
void	decode_warn(struct dctx *c, const struct ynode *n, const char *path, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

bool	want_map(struct dctx *c, const struct ynode *n, const char *path);
bool	want_seq(struct dctx *c, const struct ynode *n, const char *path);
bool	check_fields(struct dctx *c, const struct ynode *n, const char *path,
	    const struct field_table *t);
bool	decode_fields(struct dctx *c, const struct ynode *n, const char *path,
	    const struct field_table *t, void *object);
bool	decode_object(struct dctx *c, const struct ynode *n, const char *path,
	    const struct field_table *t, void *object);
const struct ynode *field_key(const struct field_at *at);
bool	required(struct dctx *c, const struct field_at *at);
bool	d_int(struct dctx *c, const struct ynode *n, const char *path, int64_t min, int64_t max,
	    int64_t *out);
bool	d_bool(struct dctx *c, const struct ynode *n, const char *path, bool *out);
bool	d_str(struct dctx *c, const struct ynode *n, const char *path, char **out);
bool	d_required_str(struct dctx *c, const struct field_at *at, char **out);
bool	d_strlist(struct dctx *c, const struct ynode *n, const char *path, char ***out, size_t *nout);
const char *port_name_problem(const char *s);
bool	dns_label_ok(const char *s);
bool	d_port(struct dctx *c, const struct ynode *n, const char *path,
	    const struct container_spec *ct, bool number_only, int *port, char **name);
/* The facts of this load: the caller's, else check's placeholders
 * (envresolve_placeholder_facts), one set for every reader. */
const struct pod_facts *d_facts(const struct dctx *c);

/* ---- decode_handler.c ---- */

extern const struct field_table exec_fields;
extern const struct field_table header_fields;
extern const struct field_table http_fields;
extern const struct field_table tcp_fields;
extern const struct field_table grpc_fields;
extern const struct field_table sleep_fields;
extern const struct field_table probe_fields;
void	d_probe(struct dctx *c, const struct ynode *n, const char *path, struct container_spec *ct,
	    enum probe_type t);
extern const struct field_table hook_fields;
extern const struct field_table lifecycle_fields;

/* ---- decode_container.c ---- */

extern const struct field_table resources_fields;
extern const struct field_table port_fields;
extern const struct field_table valuefrom_fields;
extern const struct field_table env_fields;
extern const struct field_table exit_codes_fields;
extern const struct field_table restart_rule_fields;
extern const struct field_table container_fields;
extern const struct field_table env_from_fields;
extern const struct field_table field_selector_fields;
extern const struct field_table resource_selector_fields;
extern const struct field_table configmap_key_fields;
extern const struct field_table secret_key_fields;
extern const struct field_table configmap_env_fields;
extern const struct field_table secret_env_fields;
/* A container in two phases: begin decodes what is written (every
 * container of the pod first, so a resourceFieldRef can name a later
 * one), end resolves the environment and what expands against it (the
 * argv, the probes' and hooks' commands). */
struct container_decode;
struct container_decode *d_container_begin(struct dctx *c, const struct ynode *n,
	    const char *path, struct container_spec *ct, bool init);
void	d_container_end(struct dctx *c, struct container_decode *cd);

/* ---- decode_secctx.c ---- */

extern const struct field_table caps_fields;
extern const struct field_table seccomp_fields;
extern const struct field_table secctx_fields;
extern const struct field_table podsecctx_fields;
void	d_secctx(struct dctx *c, const struct ynode *n, const char *path, struct secctx_spec *s,
	    const struct field_table *t);

/* ---- decode_config.c ---- */

/* 0 and *kind when doc is a ConfigMap or Secret document, else -1. */
int	d_config_kind(const struct ynode *doc, enum config_kind *kind);
/* Validate every ConfigMap and Secret document of the files, and keep
 * those of namespace ns (NULL: none, no pod) as c->pod->configs. */
void	d_configs(struct dctx *c, const struct decode_file *files, size_t n_files,
	    const char *ns);

/* ---- decode_pod.c ---- */

extern const struct field_table podspec_fields;
void	d_podspec(struct dctx *c, const struct ynode *n, const char *path);
extern const struct field_table meta_fields;
/* A document's metadata: name and namespace are the pod's; its labels and
 * annotations too when is_pod (a Pod, not a workload). */
void	d_metadata(struct dctx *c, const struct ynode *n, const char *path, bool is_pod);
extern const struct field_table template_fields;
extern const struct field_table deployment_fields;
extern const struct field_table statefulset_fields;
extern const struct field_table daemonset_fields;
extern const struct field_table replicaset_fields;
extern const struct field_table replicationcontroller_fields;
/* A workload's template field: a PodTemplateSpec, required. */
field_decoder workload_template;

/* ---- decode_job.c ---- */

extern const struct field_table job_fields;
extern const struct field_table jobtemplate_fields;
extern const struct field_table cronjob_fields;
extern const struct field_table pod_failure_policy_fields;
extern const struct field_table pod_failure_rule_fields;
extern const struct field_table pod_failure_exit_codes_fields;
extern const struct field_table pod_failure_condition_fields;
/* Once the template's metadata is read, before its spec: the pod's
 * labels and annotations the API server's Job defaulting and the Job
 * controller add (the containers' fieldRefs read them); the index's
 * failure counts from the facts. */
void	d_job_pod_tags(struct dctx *c);
/* The hostname the Job controller gives an Indexed Job's pod
 * ("<job>-<index>", over spec.hostname), else NULL. */
const char *d_job_hostname(struct dctx *c);
/* JOB_COMPLETION_INDEX as the Job controller appends it to an Indexed
 * Job's containers (addCompletionIndexEnvVariable), else NULL. */
const struct env_var *d_job_index_env(const struct dctx *c);

/* ---- decode_volume.c ---- */

extern const struct field_table volume_fields;
extern const struct field_table empty_dir_fields;
extern const struct field_table configmap_volume_fields;
extern const struct field_table secret_volume_fields;
extern const struct field_table key_to_path_fields;
extern const struct field_table downward_api_volume_fields;
extern const struct field_table downward_api_file_fields;
extern const struct field_table object_field_selector_fields;
extern const struct field_table resource_field_selector_fields;
extern const struct field_table projected_volume_fields;
extern const struct field_table projection_fields;
extern const struct field_table configmap_projection_fields;
extern const struct field_table secret_projection_fields;
extern const struct field_table downward_api_projection_fields;
extern const struct field_table host_path_fields;
extern const struct field_table pvc_fields;
extern const struct field_table claim_template_fields;
extern const struct field_table claim_meta_fields;
extern const struct field_table volume_mount_fields;
/* spec.volumes (n NULL when absent: the claim templates alone) into
 * pod->volumes, before the containers, so that their mounts find them. */
bool	d_volumes(struct dctx *c, const struct ynode *n, const char *path);
/* A StatefulSet's volumeClaimTemplates, before its template: one PVC
 * volume each, claim "<template>-<statefulset>-0". */
bool	d_volume_claim_templates(struct dctx *c, const struct ynode *n, const char *path);
/* A container's volumeMounts into ct->mounts (names checked). */
void	d_volume_mounts(struct dctx *c, const struct ynode *n, const char *path,
	    struct container_spec *ct);
/* Once every container is decoded (their final env): the volumes'
 * payloads from the config objects and the facts, and the subPathExprs. */
bool	d_volumes_resolve(struct dctx *c);

#endif /* PODINIT_DECODE_INTERNAL_H */
