/* decode_config: the ConfigMap and Secret documents of the files, as the
 * API server stores them, into pod_spec.configs: a ConfigMap's `data` and
 * `binaryData` (base64), a Secret's `data` (base64) with `stringData`
 * merged over it and `type` defaulted to Opaque; entries sorted by key and
 * unique.  Every such document is validated (keys, duplicates, size:
 * ValidateConfigMap, ValidateSecret); only those of the pod's namespace
 * are kept, since kubelet reads a pod's objects from its namespace only.
 * Private to src/model/decode*.c (see decode_internal.h). */
#include "decode_internal.h"

#include <stdlib.h>
#include <string.h>

#include "podinit/apivalidate.h"

/* K8S: core/validation MaxSecretSize and the ConfigMap's total size. */
#define CONFIG_MAX_BYTES	(1024 * 1024)

static const struct ynode *
map_get(const struct ynode *m, const char *k)
{
	const struct ynode *v = ynode_get(m, k);

	return v == NULL || ynode_is_null(v) ? NULL : v;
}

/* K8S: IsConfigMapKey (validation.go): at most 253, [-._a-zA-Z0-9]+,
 * not "." or "..", not starting with "..". */
static const char *
config_key_problem(const char *k)
{
	if (strlen(k) > 253)
		return "must be no more than 253 characters";
	if (k[0] == '\0' || strspn(k, "-._abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789") != strlen(k))
		return "a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
		    "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
		    "'[-._a-zA-Z0-9]+')";
	if (strcmp(k, ".") == 0)
		return "must not be '.'";
	if (strcmp(k, "..") == 0)
		return "must not be '..'";
	if (strncmp(k, "..", 2) == 0)
		return "must not start with '..'";
	return NULL;
}

/* The entries being collected for one object. */
struct config_build {
	struct config_entry *v;
	size_t	 n, cap;
	size_t	 total;		/* bytes of keys and values */
};

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct config_entry *)a)->key,
	    ((const struct config_entry *)b)->key);
}

/* One map of entries (data, binaryData or stringData).  base64: the
 * values are decoded.  replace: a key already there takes this value
 * (stringData over data); else a key already there is an error (data and
 * binaryData share their keys). */
static void
config_map(struct dctx *c, struct config_build *b, const struct ynode *m, const char *path,
    bool base64, bool binary, bool replace, const char *other)
{
	char p[FIELDPATH_MAX];

	if (m == NULL || !want_map(c, m, path))
		return;
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct ynode *k = m->kids[i], *v = m->kids[i + 1];
		struct config_entry e = { .binary = binary };
		const char *why;
		size_t j;

		if (k->kind != YNODE_SCALAR)
			continue;
		fieldpath_field(p, path, k->str);
		if ((why = config_key_problem(k->str)) != NULL) {
			decode_err(c, k, p, "invalid key \"%s\": %s", k->str, why);
			continue;
		}
		if (ynode_is_null(v)) {
			e.value = arena_strdup(c->a, "");
		} else if (!d_str(c, v, p, &e.value)) {
			continue;
		} else if (base64) {
			size_t cap = strlen(e.value) / 4 * 3 + 3;
			unsigned char *bytes = arena_alloc(c->a, cap + 1);
			ssize_t n;

			/* the schema said where it is not base64 */
			if (bytes == NULL ||
			    (n = apivalidate_base64_decode(e.value, bytes, cap)) < 0)
				continue;
			bytes[n] = '\0';
			e.value = (char *)bytes;
			e.len = (size_t)n;
		}
		if (e.value == NULL || (e.key = arena_strdup(c->a, k->str)) == NULL) {
			decode_err(c, v, p, "out of memory");
			return;
		}
		if (!base64)
			e.len = strlen(e.value);
		for (j = 0; j < b->n; j++)
			if (strcmp(b->v[j].key, e.key) == 0)
				break;
		if (j < b->n && replace) {
			b->total += e.len - b->v[j].len;
			b->v[j] = e;
			continue;
		}
		if (j < b->n) {
			/* K8S: ValidateConfigMap: "duplicate of key present in binaryData" */
			decode_err(c, k, p, "invalid key \"%s\": duplicate of key present in %s",
			    e.key, other);
			continue;
		}
		if (b->n == b->cap) {
			size_t cap = b->cap ? b->cap * 2 : 16;
			struct config_entry *nv = arena_alloc(c->a, cap * sizeof *nv);
			if (nv == NULL) {
				decode_err(c, v, p, "out of memory");
				return;
			}
			if (b->n)
				memcpy(nv, b->v, b->n * sizeof *nv);
			b->v = nv;
			b->cap = cap;
		}
		b->v[b->n++] = e;
		b->total += strlen(e.key) + e.len;
	}
}

/* One ConfigMap or Secret document: validated; added to the pod's configs
 * when keep (it is of the pod's namespace). */
static void
config_document(struct dctx *c, const struct ynode *doc, enum config_kind kind,
    const char *file, int docno, bool keep)
{
	const struct ynode *meta = map_get(doc, "metadata");
	const struct ynode *name = map_get(meta, "name"), *ns = map_get(meta, "namespace");
	const struct ynode *type = map_get(doc, "type");
	struct config_build b = { 0 };
	struct config_object *o;
	struct pod_spec *pod = c->pod;

	if (kind == CONFIG_CONFIGMAP) {
		config_map(c, &b, map_get(doc, "data"), "data", false, false, false, "binaryData");
		config_map(c, &b, map_get(doc, "binaryData"), "binaryData", true, true, false,
		    "data");
	} else {
		config_map(c, &b, map_get(doc, "data"), "data", true, false, false, "data");
		/* K8S: the API server merges stringData over data (a key in both
		 * takes stringData's value) and stores data only. */
		config_map(c, &b, map_get(doc, "stringData"), "stringData", false, false, true,
		    "data");
	}
	if (b.total > CONFIG_MAX_BYTES)
		decode_err(c, doc, kind == CONFIG_SECRET ? "data" : "",
		    "too long: must have at most %d bytes", CONFIG_MAX_BYTES);
	/* An object without a name (generateName) can be referenced by none. */
	if (!keep || name == NULL || name->kind != YNODE_SCALAR)
		return;
	o = NULL;
	for (size_t i = 0; i < pod->n_configs && o == NULL; i++)
		if (pod->configs[i].kind == kind && strcmp(pod->configs[i].name, name->str) == 0) {
			o = &pod->configs[i];
			/* kubectl apply configures the object again: the later wins */
			decode_warn(c, name, "metadata.name", "%s %s/%s is defined again (first in "
			    "%s, document %d): the later definition wins",
			    spec_config_kind_name(kind), o->namespace, o->name,
			    o->file ? o->file : "-", o->doc);
		}
	/* pod->configs was sized for every config document (d_configs) */
	if (o == NULL)
		o = &pod->configs[pod->n_configs++];
	if (b.n > 1)
		qsort(b.v, b.n, sizeof *b.v, entry_cmp);
	o->kind = kind;
	o->name = arena_strdup(c->a, name->str);
	o->namespace = arena_strdup(c->a, ns && ns->kind == YNODE_SCALAR ? ns->str : "default");
	o->type = kind == CONFIG_SECRET ? arena_strdup(c->a, type && type->kind == YNODE_SCALAR &&
	    type->str[0] ? type->str : "Opaque") : NULL;
	o->entries = b.v;
	o->n_entries = b.n;
	o->file = file ? arena_strdup(c->a, file) : NULL;	/* the load frees its names */
	o->doc = docno;
	o->mark.line = name->line;
	o->mark.col = name->col;
}

int
d_config_kind(const struct ynode *doc, enum config_kind *kind)
{
	const struct ynode *k = map_get(doc, "kind");

	if (doc == NULL || doc->kind != YNODE_MAP || k == NULL || k->kind != YNODE_SCALAR)
		return -1;
	if (strcmp(k->str, "ConfigMap") == 0)
		*kind = CONFIG_CONFIGMAP;
	else if (strcmp(k->str, "Secret") == 0)
		*kind = CONFIG_SECRET;
	else
		return -1;
	return 0;
}

void
d_configs(struct dctx *c, const struct decode_file *files, size_t n_files, const char *ns)
{
	struct pod_spec *pod = c->pod;
	size_t n = 0;
	enum config_kind kind;

	for (size_t f = 0; f < n_files; f++)
		for (size_t i = 0; i < files[f].docs->n_docs; i++)
			if (d_config_kind(files[f].docs->docs[i], &kind) == 0)
				n++;
	if (n == 0)
		return;
	if (ns != NULL && (pod->configs = arena_alloc(c->a, n * sizeof *pod->configs)) == NULL) {
		decode_err(c, NULL, "", "out of memory");
		return;
	}
	for (size_t f = 0; f < n_files; f++) {
		c->d->current_file = (int)f;
		for (size_t i = 0; i < files[f].docs->n_docs; i++) {
			const struct ynode *doc = files[f].docs->docs[i];
			const struct ynode *meta, *dns;
			const char *dn;

			if (d_config_kind(doc, &kind) == -1)
				continue;
			c->d->current_doc = (int)i + 1;
			meta = map_get(doc, "metadata");
			dns = map_get(meta, "namespace");
			dn = dns && dns->kind == YNODE_SCALAR ? dns->str : "default";
			if (ns != NULL && strcmp(dn, ns) != 0)
				diag_add(c->d, DIAG_NOTE, dns->line, dns->col, "metadata.namespace",
				    "not the pod's namespace (%s): kubelet gives a pod the objects of "
				    "its own namespace only", ns);
			config_document(c, doc, kind, files[f].name, (int)i + 1,
			    ns != NULL && strcmp(dn, ns) == 0);
		}
	}
}
