/* decode: ynode tree -> struct pod_spec.  The schema check
 * (schema_check_document, run on every document first) is the one
 * authority on which fields exist and what type they have; it flags what
 * it reported, and the decoder says no more of those nodes.  Each object
 * type podinit acts on has one field list here, the rows podinit reads, in
 * decoding order; a field of the schema with no row is validated and not
 * acted on (a note for -v).  Kubernetes defaults and per-field validation
 * of the fields podinit runs are applied here; rules that need the whole
 * pod live in validate.c.
 * K8S: field names from api core/v1, apps/v1, batch/v1 types; defaults
 * from pkg/apis/core/v1/defaults.go; messages modelled on
 * pkg/apis/core/validation/validation.go.
 *
 * This file owns the decoding context, diagnostics, the typed readers
 * (d_int, d_str, d_port, ...), the field-table machinery (check_fields,
 * decode_fields, decode_object), the document and its kinds, and
 * decode_pod; the object types are in decode_handler.c,
 * decode_container.c, decode_secctx.c, decode_pod.c and decode_job.c,
 * $(VAR) expansion in decode_expand.c (see decode_internal.h). */
#include "decode_internal.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "podinit/crossref.h"
#include "podinit/envresolve.h"
#include "podinit/schema.h"
#include "podinit/strconv.h"

/* ---- small helpers ---- */

static void
vdiag(struct dctx *c, enum diag_sev sev, const struct ynode *n, const char *path,
    const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (sev == DIAG_ERROR)
		c->errors++;
	/* The schema check already reported this node: say the problem once.
	 * The decoder's wording is the more specific (a suggestion, a bound,
	 * "quote it"), so it replaces the schema's message at the same place;
	 * anything else about the node is left to the schema's.  A warning
	 * about a node with an error is noise: dropped. */
	if (n != NULL && (n->flags & YNODE_FLAG_REPORTED)) {
		if (sev == DIAG_ERROR)
			diag_reword(c->d, n->line, n->col, path, msg);
		return;
	}
	diag_add(c->d, sev, n ? n->line : 0, n ? n->col : 0, path, "%s", msg);
}

void
decode_err(struct dctx *c, const struct ynode *n, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(c, DIAG_ERROR, n, path, fmt, ap);
	va_end(ap);
}

void
decode_warn(struct dctx *c, const struct ynode *n, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(c, DIAG_WARNING, n, path, fmt, ap);
	va_end(ap);
}

/* A field's value, with null treated as absent (as Go's JSON decoding). */
static const struct ynode *
get(const struct ynode *m, const char *k)
{
	const struct ynode *v = ynode_get(m, k);

	return ynode_is_null(v) ? NULL : v;
}

/* The key node of a field, for positions of "this field" messages. */
static const struct ynode *
getkey(const struct ynode *m, const char *k)
{
	if (m == NULL || m->kind != YNODE_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < m->n; i += 2)
		if (m->kids[i]->kind == YNODE_SCALAR && m->kids[i]->str[0] == k[0] &&
		    strcmp(m->kids[i]->str, k) == 0)
			return m->kids[i];
	return NULL;
}

const char *
decode_suggest(const char *name, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; i < n; i++) {
		size_t dd = strconv_edit_distance(name, cands[i], 2);
		if (dd < bestd) {
			bestd = dd;
			best = cands[i];
		}
	}
	return best;
}

bool
want_map(struct dctx *c, const struct ynode *n, const char *path)
{
	if (n->kind == YNODE_MAP)
		return true;
	decode_err(c, n, path, "expected a mapping, got %s", ynode_describe(n));
	return false;
}

bool
want_seq(struct dctx *c, const struct ynode *n, const char *path)
{
	if (n->kind == YNODE_SEQ)
		return true;
	decode_err(c, n, path, "expected a list, got %s", ynode_describe(n));
	return false;
}

/* What is left of checking a mapping's keys once the schema check has run
 * on every document (it reports unknown and duplicate fields and keys that
 * are not strings, with did-you-mean, and flags them): a key that no row
 * of t reads is a field the schema validated and podinit does not act on,
 * a note for -v.  Returns false when n is not a mapping. */
bool
check_fields(struct dctx *c, const struct ynode *n, const char *path,
    const struct field_table *t)
{
	char p[FIELDPATH_MAX];

	if (!want_map(c, n, path))
		return false;
	if (!c->d->keep_notes)
		return true;
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const struct ynode *k = n->kids[i];
		size_t j;

		if (k->kind != YNODE_SCALAR || (k->flags & YNODE_FLAG_REPORTED))
			continue;
		for (j = 0; j < t->n; j++)
			if (t->rows[j].name && strcmp(k->str, t->rows[j].name) == 0)
				break;
		if (j < t->n)
			continue;
		diag_add(c->d, DIAG_NOTE, k->line, k->col, fieldpath_field(p, path, k->str),
		    "validated, not acted on by podinit");
	}
	return true;
}

/* Decode the fields of mapping n (its keys already checked) into object,
 * row by row.  False when a decoder stopped it. */
bool
decode_fields(struct dctx *c, const struct ynode *n, const char *path,
    const struct field_table *t, void *object)
{
	char p[FIELDPATH_MAX];
	struct field_at at = { .map = n, .object = object };

	for (size_t i = 0; i < t->n; i++) {
		const struct field *f = &t->rows[i];

		if (f->decode == NULL)
			continue;
		at.name = f->name;
		if (f->name == NULL) {
			at.value = NULL;
			at.path = path;
		} else {
			at.value = get(n, f->name);
			if (at.value == NULL && !f->when_absent)
				continue;
			at.path = fieldpath_field(p, path, f->name);
		}
		if (!f->decode(c, &at))
			return false;
	}
	return true;
}

/* An object: check its keys, then decode its fields.  False when n is not
 * a mapping or a decoder stopped it. */
bool
decode_object(struct dctx *c, const struct ynode *n, const char *path,
    const struct field_table *t, void *object)
{
	return check_fields(c, n, path, t) && decode_fields(c, n, path, t, object);
}

/* The field's key, for messages about the field itself. */
const struct ynode *
field_key(const struct field_at *at)
{
	return getkey(at->map, at->name);
}

/* A required field is absent: said at its object.  Returns false, for
 * the decoders that stop there. */
bool
required(struct dctx *c, const struct field_at *at)
{
	decode_err(c, at->map, at->path, "required value");
	return false;
}

bool
d_int(struct dctx *c, const struct ynode *n, const char *path, int64_t min, int64_t max,
    int64_t *out)
{
	int64_t v;

	if (n->kind != YNODE_SCALAR || ynode_scalar_type(n) != YS_INT) {
		if (n->kind == YNODE_SCALAR && n->quoted && strconv_int64(n->str, INT64_MIN,
		    INT64_MAX, &v) == 0)
			decode_err(c, n, path, "expected an integer, got a string (remove the quotes)");
		else
			decode_err(c, n, path, "expected an integer, got %s", ynode_describe(n));
		return false;
	}
	if (ynode_int_value(n, &v) == -1) {
		decode_err(c, n, path, "integer %s is out of range", n->str);
		return false;
	}
	if (v < min) {
		decode_err(c, n, path, "must be greater than or equal to %" PRId64, min);
		return false;
	}
	if (v > max) {
		decode_err(c, n, path, "must be less than or equal to %" PRId64, max);
		return false;
	}
	*out = v;
	return true;
}

bool
d_bool(struct dctx *c, const struct ynode *n, const char *path, bool *out)
{
	if (n->kind != YNODE_SCALAR || ynode_scalar_type(n) != YS_BOOL) {
		if (n->kind == YNODE_SCALAR && n->quoted &&
		    (strcmp(n->str, "true") == 0 || strcmp(n->str, "false") == 0))
			decode_err(c, n, path, "expected a boolean, got a string (remove the quotes)");
		else
			decode_err(c, n, path, "expected a boolean (true or false), got %s",
			    ynode_describe(n));
		return false;
	}
	*out = ynode_bool_value(n);
	return true;
}

/* A string scalar copied into the pod arena.  Numbers and booleans are
 * refused as Kubernetes' JSON decoding refuses them. */
bool
d_str(struct dctx *c, const struct ynode *n, const char *path, char **out)
{
	if (n->kind != YNODE_SCALAR) {
		decode_err(c, n, path, "expected a string, got %s", ynode_describe(n));
		return false;
	}
	enum yscalar_type t = ynode_scalar_type(n);
	if (t != YS_STRING) {
		decode_err(c, n, path, "expected a string, got %s (quote it: \"%s\")",
		    ynode_describe(n), n->str);
		return false;
	}
	if (strlen(n->str) != n->len) {
		decode_err(c, n, path, "string contains a NUL character");
		return false;
	}
	if ((*out = arena_strdup(c->a, n->str)) == NULL) {
		decode_err(c, n, path, "out of memory");
		return false;
	}
	return true;
}

/* A required string that may not be empty either (the API server's
 * "Required value" for ""): absent is said at the object, empty at the
 * value. */
bool
d_required_str(struct dctx *c, const struct field_at *at, char **out)
{
	if (at->value == NULL)
		return required(c, at);
	if (!d_str(c, at->value, at->path, out))
		return false;
	if ((*out)[0] == '\0') {
		decode_err(c, at->value, at->path, "required value");
		return false;
	}
	return true;
}

bool
d_strlist(struct dctx *c, const struct ynode *n, const char *path, char ***out, size_t *nout)
{
	char p[FIELDPATH_MAX];
	char **v;
	bool ok = true;

	if (!want_seq(c, n, path))
		return false;
	v = arena_alloc(c->a, (n->n + 1) * sizeof *v);
	if (v == NULL) {
		decode_err(c, n, path, "out of memory");
		return false;
	}
	for (size_t i = 0; i < n->n; i++)
		if (!d_str(c, n->kids[i], fieldpath_index(p, path, i), &v[i]))
			ok = false;
	*out = v;
	*nout = n->n;
	return ok;
}

/* IANA_SVC_NAME, as IsValidPortName. */
const char *
port_name_problem(const char *s)
{
	size_t len = strlen(s);
	bool letter = false;

	if (len == 0 || len > 15)
		return "must be no more than 15 characters";
	for (const char *p = s; *p; p++) {
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-'))
			return "must contain only lowercase alphanumeric characters or '-'";
		if (islower((unsigned char)*p))
			letter = true;
		if (p[0] == '-' && p[1] == '-')
			return "must not contain consecutive hyphens";
	}
	if (s[0] == '-' || s[len - 1] == '-')
		return "must not begin or end with a hyphen";
	if (!letter)
		return "must contain at least one letter";
	return NULL;
}

/* RFC 1123 label (container names). */
bool
dns_label_ok(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > 63)
		return false;
	for (const char *p = s; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-'))
			return false;
	return s[0] != '-' && s[len - 1] != '-';
}

/* int-or-string port, resolved against the container's ports. */
bool
d_port(struct dctx *c, const struct ynode *n, const char *path,
    const struct container_spec *ct, bool number_only, int *port, char **name)
{
	int64_t v;
	const char *why;

	if (n->kind == YNODE_SCALAR && ynode_scalar_type(n) == YS_INT) {
		if (!d_int(c, n, path, 1, 65535, &v))
			return false;
		*port = (int)v;
		return true;
	}
	if (n->kind != YNODE_SCALAR || ynode_scalar_type(n) != YS_STRING) {
		decode_err(c, n, path, "expected a port number or name, got %s", ynode_describe(n));
		return false;
	}
	if (number_only) {
		decode_err(c, n, path, "must be a port number (grpc ports cannot be named)");
		return false;
	}
	if ((why = port_name_problem(n->str)) != NULL) {
		if (strconv_int64(n->str, INT64_MIN, INT64_MAX, &v) == 0)
			decode_err(c, n, path, "invalid port name \"%s\": %s (a quoted number is a "
			    "name; write %s without quotes)", n->str, why, n->str);
		else
			decode_err(c, n, path, "invalid port name \"%s\": %s", n->str, why);
		return false;
	}
	for (size_t i = 0; i < ct->n_ports; i++) {
		if (ct->ports[i].name && strcmp(ct->ports[i].name, n->str) == 0) {
			*port = ct->ports[i].container_port;
			*name = arena_strdup(c->a, n->str);
			return true;
		}
	}
	{
		const char *cands[64];
		size_t nc = 0;
		for (size_t i = 0; i < ct->n_ports && nc < NELEM(cands); i++)
			if (ct->ports[i].name)
				cands[nc++] = ct->ports[i].name;
		const char *s = decode_suggest(n->str, cands, nc);
		if (s)
			decode_err(c, n, path, "named port \"%s\" not found in the container's ports; "
			    "did you mean %s?", n->str, s);
		else
			decode_err(c, n, path, "named port \"%s\" not found in the container's ports",
			    n->str);
	}
	return false;
}

const struct pod_facts *
d_facts(const struct dctx *c)
{
	return c->o->facts ? c->o->facts : envresolve_placeholder_facts();
}

/* ---- documents ---- */

static const struct kind_desc kinds[] = {
	{ "Pod", "v1", NULL, "spec", false },
	{ "Deployment", "apps/v1", &deployment_fields, "spec.template.spec", false },
	{ "StatefulSet", "apps/v1", &statefulset_fields, "spec.template.spec", false },
	{ "DaemonSet", "apps/v1", &daemonset_fields, "spec.template.spec", false },
	{ "ReplicaSet", "apps/v1", &replicaset_fields, "spec.template.spec", false },
	{ "ReplicationController", "v1", &replicationcontroller_fields, "spec.template.spec",
	    false },
	{ "Job", "batch/v1", &job_fields, "spec.template.spec", true },
	{ "CronJob", "batch/v1", &cronjob_fields, "spec.jobTemplate.spec.template.spec", true },
};

/* The document's fields; the kind is c->kind, the object NULL. */
static bool
document_api_version(struct dctx *c, const struct field_at *at)
{
	const struct kind_desc *kd = c->kind;
	const struct ynode *v = at->value;

	/* kubectl refuses both; the schema said so first, these words are
	 * the more helpful (they replace the schema's at the same place). */
	if (v == NULL)
		decode_err(c, at->map, at->path, "required value (kubectl requires apiVersion: %s)",
		    kd->api);
	else if (v->kind != YNODE_SCALAR || strcmp(v->str, kd->api) != 0)
		decode_err(c, v, at->path, "%s is %s in Kubernetes, not %s", kd->kind, kd->api,
		    v->kind == YNODE_SCALAR ? v->str : ynode_describe(v));
	return true;
}

/* The document was chosen by its kind (decode_pod). */
static bool
document_kind(struct dctx *c, const struct field_at *at)
{
	(void)at;
	c->pod->kind = arena_strdup(c->a, c->kind->kind);
	return true;
}

static bool
document_metadata(struct dctx *c, const struct field_at *at)
{
	d_metadata(c, at->value, at->path, c->kind->fields == NULL);
	return true;
}

static bool
document_spec(struct dctx *c, const struct field_at *at)
{
	if (at->value == NULL)
		return required(c, at);
	if (c->kind->fields == NULL)
		d_podspec(c, at->value, at->path);
	else
		decode_object(c, at->value, at->path, c->kind->fields, NULL);
	return true;
}

static const struct field object_rows[] = {
	F_ALWAYS("apiVersion", document_api_version), F("kind", document_kind),
	F("metadata", document_metadata), F_ALWAYS("spec", document_spec),
};
static const struct field_table object_fields = TABLE("Document", object_rows);

/* Every field list, for decode_field_rows. */
static const struct field_table *const field_tables[] = {
	&object_fields, &meta_fields, &podspec_fields, &container_fields, &probe_fields,
	&lifecycle_fields, &hook_fields, &exec_fields, &http_fields, &header_fields,
	&tcp_fields, &grpc_fields, &sleep_fields, &port_fields, &env_fields,
	&valuefrom_fields, &env_from_fields, &field_selector_fields, &resource_selector_fields,
	&configmap_key_fields, &secret_key_fields, &configmap_env_fields, &secret_env_fields, &resources_fields, &secctx_fields, &podsecctx_fields,
	&caps_fields, &seccomp_fields, &template_fields, &deployment_fields,
	&statefulset_fields, &daemonset_fields, &replicaset_fields,
	&replicationcontroller_fields, &job_fields,
	&cronjob_fields, &jobtemplate_fields, &pod_failure_policy_fields,
	&pod_failure_rule_fields, &pod_failure_exit_codes_fields, &pod_failure_condition_fields,
	&volume_fields, &empty_dir_fields,
	&configmap_volume_fields, &secret_volume_fields, &key_to_path_fields,
	&downward_api_volume_fields, &downward_api_file_fields, &object_field_selector_fields,
	&resource_field_selector_fields, &projected_volume_fields, &projection_fields,
	&configmap_projection_fields, &secret_projection_fields,
	&downward_api_projection_fields, &host_path_fields, &pvc_fields,
	&claim_template_fields, &claim_meta_fields, &volume_mount_fields,
};

size_t
decode_field_rows(struct decode_field_row *out, size_t max)
{
	size_t n = 0;

	for (size_t t = 0; t < NELEM(field_tables); t++)
		for (size_t i = 0; i < field_tables[t]->n; i++) {
			const struct field *f = &field_tables[t]->rows[i];
			if (f->name == NULL)
				continue;
			if (n < max) {
				out[n].type = field_tables[t]->type;
				out[n].name = f->name;
				out[n].ignored = f->ignored;
				out[n].decoded = f->decode != NULL;
			}
			n++;
		}
	return n;
}

static const struct kind_desc *
find_kind(const char *k)
{
	for (size_t i = 0; i < NELEM(kinds); i++)
		if (strcmp(kinds[i].kind, k) == 0)
			return &kinds[i];
	return NULL;
}

static const char *
doc_kind(const struct ynode *doc)
{
	const struct ynode *k = get(doc, "kind");

	return k && k->kind == YNODE_SCALAR && ynode_scalar_type(k) == YS_STRING ? k->str : NULL;
}

static const char *
doc_name(const struct ynode *doc)
{
	const struct ynode *k = get(get(doc, "metadata"), "name");

	return k && k->kind == YNODE_SCALAR ? k->str : NULL;
}

/* The namespace of a pod-carrying document: metadata.namespace, else
 * "default" (a workload's template's namespace is not the pod's). */
static const char *
doc_namespace(const struct ynode *doc)
{
	const struct ynode *k = get(get(doc, "metadata"), "namespace");

	return k && k->kind == YNODE_SCALAR && k->str[0] ? k->str : "default";
}

int
decode_pod(const struct ydocs *docs, const struct decode_opts *o, struct pod_spec *pod,
    const char **pod_path, struct diag_list *d)
{
	struct decode_file f = { .name = o->source, .dir = o->dir, .docs = docs };

	return decode_pod_files(&f, 1, o, pod, pod_path, d);
}

int
decode_pod_files(const struct decode_file *files, size_t n_files, const struct decode_opts *o,
    struct pod_spec *pod, const char **pod_path, struct diag_list *d)
{
	struct dctx c = { .d = d, .pod = pod, .o = o };
	size_t errs = d->n_errors;
	const struct ynode *chosen = NULL;
	const struct kind_desc *kd = NULL;
	const char *knames[NELEM(kinds)];
	int chosen_doc = 0, chosen_file = 0;
	const struct pod_facts *facts;

	for (size_t i = 0; i < NELEM(kinds); i++)
		knames[i] = kinds[i].kind;
	spec_pod_defaults(pod);
	c.a = &pod->arena;
	*pod_path = "spec";
	/* Every document, as `kubectl apply -f` sends every one to the API
	 * server: an error in any of them fails the load, whichever is run.
	 * (n_docs counts the documents with content: a trailing "---" does
	 * not make a one-document file's messages name their document.) */
	d->n_docs = 0;
	for (size_t f = 0; f < n_files && f < INT32_MAX; f++) {
		const struct ydocs *docs = files[f].docs;
		d->current_file = (int)f;
		for (size_t i = 0; i < docs->n_docs && i < INT32_MAX; i++) {
			if (ynode_is_null(docs->docs[i]))
				continue;
			d->n_docs++;
			if (f < DIAG_FILES_MAX)
				d->file_docs[f]++;
			d->current_doc = (int)i + 1;
			schema_check_document(docs->docs[i], d);
		}
	}
	crossref_check_files(files, n_files, d);
	for (size_t f = 0; f < n_files && chosen == NULL; f++) {
		const struct ydocs *docs = files[f].docs;
		d->current_file = (int)f;
		for (size_t i = 0; i < docs->n_docs && chosen == NULL; i++) {
			const struct ynode *doc = docs->docs[i];
			const char *k, *name;

			if (ynode_is_null(doc))
				continue;
			d->current_doc = (int)i + 1;
			chosen_doc = d->current_doc;
			chosen_file = (int)f;
			if (doc->kind != YNODE_MAP) {
				decode_err(&c, doc, "", "expected a mapping with apiVersion, kind, "
				    "metadata and spec, got %s", ynode_describe(doc));
				continue;
			}
			if ((k = doc_kind(doc)) == NULL) {
				const struct ynode *kn = get(doc, "kind");
				if (kn == NULL)
					decode_err(&c, doc, "kind", "required value");
				else
					decode_err(&c, kn, "kind", "expected a string, got %s",
					    ynode_describe(kn));
				continue;
			}
			if ((kd = find_kind(k)) == NULL) {
				const char *s = decode_suggest(k, knames, NELEM(knames));
				const struct ynode *kn = get(doc, "kind");
				/* A kind the schema does not know was noted by it. */
				if (s)
					decode_err(&c, kn, "kind", "unsupported kind %s; did you mean %s?",
					    k, s);
				else if (schema_root_find_kind(k) != NULL)
					diag_add(d, DIAG_NOTE, kn->line, kn->col, "kind",
					    "kind %s carries no pod spec: validated, not run", k);
				continue;
			}
			name = doc_name(doc);
			if (o->pod_name && (name == NULL || strcmp(name, o->pod_name) != 0)) {
				kd = NULL;
				continue;
			}
			chosen = doc;
		}
	}
	if (chosen == NULL) {
		d_configs(&c, files, n_files, NULL);
		d->current_doc = 0;
		/* about the whole load, not one of its files (-1: the caller's
		 * name for them all) */
		d->current_file = n_files > 1 ? -1 : 0;
		/* A file of ConfigMaps, Secrets, Services is what the API server
		 * takes; only a run needs a pod. */
		if (c.errors == 0 && o->check_only && o->pod_name == NULL)
			return 1;
		if (c.errors == 0) {
			if (o->pod_name)
				diag_add(d, DIAG_ERROR, 0, 0, "", "no document with metadata.name "
				    "\"%s\" and a pod spec", o->pod_name);
			else
				diag_add(d, DIAG_ERROR, 0, 0, "", "no Pod or workload (Deployment, "
				    "StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, "
				    "CronJob) found");
		}
		return -1;
	}
	/* The config objects first: the containers' env reads them. */
	d_configs(&c, files, n_files, doc_namespace(chosen));
	pod->source = files[chosen_file].name ? arena_strdup(c.a, files[chosen_file].name) : NULL;
	pod->dir = arena_strdup(c.a, files[chosen_file].dir ? files[chosen_file].dir : ".");
	*pod_path = kd->pod_path;
	c.kind = kd;
	c.doc = chosen;
	d->current_file = chosen_file;
	d->current_doc = chosen_doc;
	pod->namespace = arena_strdup(c.a, doc_namespace(chosen));
	/* K8S: what the API server gives the pod at creation: a UUID and
	 * the time (the shell's facts; check's placeholders). */
	facts = d_facts(&c);
	pod->uid = arena_strdup(c.a, facts->uid ? facts->uid : "");
	pod->creation_timestamp = arena_strdup(c.a, facts->creation_timestamp ?
	    facts->creation_timestamp : "");
	decode_object(&c, chosen, "", &object_fields, NULL);
	if (pod->name == NULL)
		pod->name = arena_strdup(c.a, "podinit");
	if (pod->namespace == NULL)
		pod->namespace = arena_strdup(c.a, "default");
	return c.errors == 0 && d->n_errors == errs ? 0 : -1;
}
