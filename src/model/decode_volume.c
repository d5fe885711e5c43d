/* decode_volume: the pod's volumes (Volume and its sources: emptyDir,
 * configMap, secret, downwardAPI, projected, hostPath,
 * persistentVolumeClaim), a StatefulSet's volumeClaimTemplates and each
 * container's volumeMounts, into the SPEC §7 structs of spec.h; and, once
 * the containers are decoded, each volume's payload resolved from the
 * config objects and the pod's facts as kubelet's volume plugins compute
 * it (configmap/secret MakePayload, downwardapi CollectData, projected
 * collectData), and each subPathExpr expanded with its container's final
 * environment (kubelet_pods.go makeMounts).  What a run cannot do (a
 * volume type podinit has no plugin for, an object not in the files)
 * is an error at its line:col.
 * Private to src/model/decode*.c (see decode_internal.h). */
#include "decode_internal.h"

#include <string.h>

#include "podinit/apivalidate.h"
#include "podinit/fieldref.h"

/* kubelet's volume.DefaultMode... : pkg/apis/core/v1/defaults.go
 * (SecretVolumeSourceDefaultMode, ConfigMapVolumeSourceDefaultMode,
 * DownwardAPIVolumeSourceDefaultMode, ProjectedVolumeSourceDefaultMode). */
#define VOLUME_DEFAULT_MODE	0644

/* One KeyToPath (configMap, secret) or DownwardAPIVolumeFile item, as
 * written: resolved once the containers are known. */
struct vol_item {
	char	*key;			/* configMap, secret */
	char	*path;
	int	 mode;			/* -1: the volume's defaultMode */
	char	*field_path;		/* downwardAPI fieldRef */
	char	*resource;		/* downwardAPI resourceFieldRef */
	char	*container_name;
	char	*divisor;
	const struct ynode *node;	/* the item, for messages */
	const struct ynode *ref_node;	/* its key, fieldRef or resourceFieldRef */
	char	*where;			/* the item's field path */
	char	*ref_where;
	bool	 ok;			/* every row decoded */
};

/* One source: the volume's own (configMap, secret, downwardAPI) or one
 * of a projected volume's. */
struct vol_src {
	enum volume_type type;
	char	*name;
	bool	 optional;
	bool	 has_items;
	struct vol_item *items;
	size_t	 n_items;
	const struct ynode *node;	/* the source, for messages */
	const struct ynode *name_node;
	char	*where;
	char	*name_where;
};

/* One volume while it is decoded, and until its payload is resolved. */
struct vol_decode {
	struct volume_spec *v;
	struct vol_src *srcs;
	size_t	 n_srcs, max_srcs;
	int	 default_mode;
	const struct ynode *node;
	char	*where;
	bool	 ok;
};

/* A subPathExpr, expanded once the container's environment is final. */
struct expr_pending {
	struct expr_pending *next;
	size_t	 ctr, mount;
	const struct ynode *node;
	char	*where;
};

/* What the volumes row hands to the rule after the containers (dctx.vols). */
struct volumes_decode {
	struct vol_decode *vols;	/* parallel to pod->volumes */
	size_t	 n;
	struct volume_spec *claims;	/* from volumeClaimTemplates, before the pod spec */
	size_t	 n_claims;
	struct expr_pending *exprs, **exprs_tail;
};

static struct volumes_decode *
vols_of(struct dctx *c)
{
	if (c->vols == NULL && (c->vols = arena_alloc(c->a, sizeof *c->vols)) != NULL)
		c->vols->exprs_tail = &c->vols->exprs;
	return c->vols;
}

static char *
where_dup(struct dctx *c, const char *path)
{
	return arena_strdup(c->a, path);
}

/* A file mode (mode, defaultMode): K8S validation.go validateVolumeSource
 * ... "must be a number between 0 and 0777 (octal), both inclusive". */
static bool
d_mode(struct dctx *c, const struct ynode *n, const char *path, int *out)
{
	int64_t x;

	if (n->kind == YNODE_SCALAR && ynode_scalar_type(n) == YS_INT &&
	    ynode_int_value(n, &x) == 0 && (x < 0 || x > 0777)) {
		decode_err(c, n, path, "must be a number between 0 and 0777 (octal), both inclusive");
		return false;
	}
	if (!d_int(c, n, path, 0, 0777, &x))
		return false;
	*out = (int)x;
	return true;
}

/* ---- KeyToPath and DownwardAPIVolumeFile ---- */

static bool
item_key(struct dctx *c, const struct field_at *at)
{
	struct vol_item *it = at->object;

	if (!d_required_str(c, at, &it->key))
		return false;
	it->ref_node = at->value;
	it->ref_where = where_dup(c, at->path);
	return true;
}

static bool
item_path(struct dctx *c, const struct field_at *at)
{
	struct vol_item *it = at->object;
	char msg[APIVALIDATE_MSG_SIZE];

	if (!d_required_str(c, at, &it->path))
		return false;
	if (apivalidate_volume_path(it->path, true, msg, sizeof msg) != NULL) {
		decode_err(c, at->value, at->path, "invalid value \"%s\": %s", it->path, msg);
		return false;
	}
	return true;
}

static bool
item_mode(struct dctx *c, const struct field_at *at)
{
	struct vol_item *it = at->object;

	return d_mode(c, at->value, at->path, &it->mode);
}

static const struct field key_to_path_rows[] = {
	F_ALWAYS("key", item_key), F_ALWAYS("path", item_path), F("mode", item_mode),
};
const struct field_table key_to_path_fields = TABLE("KeyToPath", key_to_path_rows);

static bool
fieldref_field_path(struct dctx *c, const struct field_at *at)
{
	struct vol_item *it = at->object;

	if (at->value == NULL)
		return required(c, at);
	return d_str(c, at->value, at->path, &it->field_path);
}

static const struct field object_field_selector_rows[] = {
	F_ALWAYS("fieldPath", fieldref_field_path),
};
const struct field_table object_field_selector_fields = TABLE("ObjectFieldSelector",
    object_field_selector_rows);

static bool
resref_container_name(struct dctx *c, const struct field_at *at)
{
	struct vol_item *it = at->object;

	/* K8S: validateContainerResourceFieldSelector: a volume's item must
	 * name its container (an env var's defaults to its own). */
	if (at->value == NULL)
		return required(c, at);
	return d_str(c, at->value, at->path, &it->container_name);
}

static bool
resref_resource(struct dctx *c, const struct field_at *at)
{
	struct vol_item *it = at->object;

	if (at->value == NULL)
		return required(c, at);
	return d_str(c, at->value, at->path, &it->resource);
}

static bool
resref_divisor(struct dctx *c, const struct field_at *at)
{
	struct vol_item *it = at->object;
	const struct ynode *v = at->value;

	if (v->kind != YNODE_SCALAR || apivalidate_quantity(v->str, NULL, 0) != NULL) {
		decode_err(c, v, at->path, "invalid quantity %s%s%s (expected e.g. 1Mi, 1m)",
		    v->kind == YNODE_SCALAR ? "\"" : "", v->kind == YNODE_SCALAR ? v->str :
		    ynode_describe(v), v->kind == YNODE_SCALAR ? "\"" : "");
		return false;
	}
	it->divisor = arena_strdup(c->a, v->str);
	return true;
}

static const struct field resource_field_selector_rows[] = {
	F_ALWAYS("containerName", resref_container_name), F_ALWAYS("resource", resref_resource),
	F("divisor", resref_divisor),
};
const struct field_table resource_field_selector_fields = TABLE("ResourceFieldSelector",
    resource_field_selector_rows);

static bool
dapi_field_ref(struct dctx *c, const struct field_at *at)
{
	struct vol_item *it = at->object;

	it->ref_node = at->value;
	it->ref_where = where_dup(c, at->path);
	return decode_object(c, at->value, at->path, &object_field_selector_fields, it);
}

static bool
dapi_resource_field_ref(struct dctx *c, const struct field_at *at)
{
	struct vol_item *it = at->object;

	if (it->field_path != NULL) {
		decode_err(c, field_key(at), at->path,
		    "fieldRef and resourceFieldRef can not be specified simultaneously");
		return false;
	}
	it->ref_node = at->value;
	it->ref_where = where_dup(c, at->path);
	return decode_object(c, at->value, at->path, &resource_field_selector_fields, it);
}

static bool
dapi_one_ref(struct dctx *c, const struct field_at *at)
{
	struct vol_item *it = at->object;

	if (it->field_path == NULL && it->resource == NULL) {
		decode_err(c, at->map, at->path, "required value: one of fieldRef or "
		    "resourceFieldRef");
		return false;
	}
	return true;
}

static const struct field downward_api_file_rows[] = {
	F_ALWAYS("path", item_path), F("fieldRef", dapi_field_ref),
	F("resourceFieldRef", dapi_resource_field_ref), RULE(dapi_one_ref),
	F("mode", item_mode),
};
const struct field_table downward_api_file_fields = TABLE("DownwardAPIVolumeFile",
    downward_api_file_rows);

/* A list of items into src. */
static void
d_items(struct dctx *c, const struct ynode *n, const char *path, struct vol_src *src,
    const struct field_table *t)
{
	char p[FIELDPATH_MAX];

	src->has_items = true;
	if (!want_seq(c, n, path))
		return;
	if ((src->items = arena_alloc(c->a, (n->n + 1) * sizeof *src->items)) == NULL) {
		decode_err(c, n, path, "out of memory");
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		struct vol_item *it = &src->items[src->n_items];

		it->mode = -1;
		it->node = n->kids[i];
		fieldpath_index(p, path, i);
		it->where = where_dup(c, p);
		if (decode_object(c, n->kids[i], p, t, it))
			src->n_items++;
		else
			memset(it, 0, sizeof *it);
	}
}

/* ---- the sources ---- */

/* The volume (or projection) being decoded, and its source. */
struct src_decode {
	struct vol_decode *vd;
	struct vol_src *src;
};

static bool
src_name(struct dctx *c, const struct field_at *at)
{
	struct vol_src *src = ((struct src_decode *)at->object)->src;

	/* K8S: validateConfigMapVolumeSource / validateSecretVolumeSource:
	 * the name is required (projections' too). */
	if (at->value == NULL || (at->value->kind == YNODE_SCALAR && at->value->str[0] == '\0')) {
		decode_err(c, at->value ? at->value : at->map, at->path, "required value");
		return false;
	}
	if (!d_str(c, at->value, at->path, &src->name))
		return false;
	src->name_node = at->value;
	src->name_where = where_dup(c, at->path);
	return true;
}

static bool
src_optional(struct dctx *c, const struct field_at *at)
{
	struct vol_src *src = ((struct src_decode *)at->object)->src;

	return d_bool(c, at->value, at->path, &src->optional);
}

static bool
src_key_items(struct dctx *c, const struct field_at *at)
{
	d_items(c, at->value, at->path, ((struct src_decode *)at->object)->src,
	    &key_to_path_fields);
	return true;
}

static bool
src_dapi_items(struct dctx *c, const struct field_at *at)
{
	d_items(c, at->value, at->path, ((struct src_decode *)at->object)->src,
	    &downward_api_file_fields);
	return true;
}

static bool
src_default_mode(struct dctx *c, const struct field_at *at)
{
	struct vol_decode *vd = ((struct src_decode *)at->object)->vd;

	return d_mode(c, at->value, at->path, &vd->default_mode);
}

static const struct field configmap_rows[] = {
	F_ALWAYS("name", src_name), F("items", src_key_items), F("defaultMode", src_default_mode),
	F("optional", src_optional),
};
const struct field_table configmap_volume_fields = TABLE("ConfigMapVolumeSource",
    configmap_rows);

static const struct field secret_rows[] = {
	F_ALWAYS("secretName", src_name), F("items", src_key_items),
	F("defaultMode", src_default_mode), F("optional", src_optional),
};
const struct field_table secret_volume_fields = TABLE("SecretVolumeSource", secret_rows);

static const struct field downward_api_rows[] = {
	F("items", src_dapi_items), F("defaultMode", src_default_mode),
};
const struct field_table downward_api_volume_fields = TABLE("DownwardAPIVolumeSource",
    downward_api_rows);

/* Projections' own configMap and secret carry no defaultMode. */
static const struct field configmap_projection_rows[] = {
	F_ALWAYS("name", src_name), F("items", src_key_items), F("optional", src_optional),
};
const struct field_table configmap_projection_fields = TABLE("ConfigMapProjection",
    configmap_projection_rows);

static const struct field secret_projection_rows[] = {
	F_ALWAYS("name", src_name), F("items", src_key_items), F("optional", src_optional),
};
const struct field_table secret_projection_fields = TABLE("SecretProjection",
    secret_projection_rows);

static const struct field downward_api_projection_rows[] = {
	F("items", src_dapi_items),
};
const struct field_table downward_api_projection_fields = TABLE("DownwardAPIProjection",
    downward_api_projection_rows);

/* A new source of vd, decoded from n with t. */
static bool
d_source(struct dctx *c, struct vol_decode *vd, enum volume_type type, const struct ynode *n,
    const char *path, const struct field_table *t)
{
	struct src_decode sd = { .vd = vd };
	struct vol_src *src;

	if (vd->n_srcs == vd->max_srcs)
		return false;
	src = &vd->srcs[vd->n_srcs];
	src->type = type;
	src->node = n;
	src->where = where_dup(c, path);
	sd.src = src;
	if (!decode_object(c, n, path, t, &sd)) {
		memset(src, 0, sizeof *src);
		vd->ok = false;
		return false;
	}
	vd->n_srcs++;
	return true;
}

/* VolumeProjection: exactly one source each. */
static bool
proj_configmap(struct dctx *c, const struct field_at *at)
{
	return d_source(c, at->object, VOLUME_CONFIGMAP, at->value, at->path,
	    &configmap_projection_fields);
}

static bool
proj_secret(struct dctx *c, const struct field_at *at)
{
	return d_source(c, at->object, VOLUME_SECRET, at->value, at->path,
	    &secret_projection_fields);
}

static bool
proj_downward_api(struct dctx *c, const struct field_at *at)
{
	return d_source(c, at->object, VOLUME_DOWNWARD_API, at->value, at->path,
	    &downward_api_projection_fields);
}

static bool
proj_service_account_token(struct dctx *c, const struct field_at *at)
{
	decode_warn(c, field_key(at), at->path, "podinit has no API server to issue a token: "
	    "this source is skipped");
	return true;
}

static bool
proj_unsupported(struct dctx *c, const struct field_at *at)
{
	struct vol_decode *vd = at->object;

	decode_err(c, field_key(at), at->path, "projected volume source %s is not supported by "
	    "podinit", at->name);
	vd->ok = false;
	return true;
}

static const struct field projection_rows[] = {
	F("configMap", proj_configmap), F("secret", proj_secret),
	F("downwardAPI", proj_downward_api),
	F("serviceAccountToken", proj_service_account_token),
	F("clusterTrustBundle", proj_unsupported), F("podCertificate", proj_unsupported),
};
const struct field_table projection_fields = TABLE("VolumeProjection", projection_rows);

static bool
projected_sources(struct dctx *c, const struct field_at *at)
{
	struct vol_decode *vd = ((struct src_decode *)at->object)->vd;
	const struct ynode *n = at->value;
	char p[FIELDPATH_MAX];

	if (!want_seq(c, n, at->path))
		return true;
	/* Each projection holds one source (the schema's oneOf is the API
	 * server's "may not specify more than 1 volume type"), some none. */
	vd->srcs = arena_alloc(c->a, (n->n * 3 + 1) * sizeof *vd->srcs);
	if (vd->srcs == NULL)
		return true;
	vd->max_srcs = n->n * 3;
	for (size_t i = 0; i < n->n; i++)
		decode_object(c, n->kids[i], fieldpath_index(p, at->path, i), &projection_fields, vd);
	return true;
}

static const struct field projected_rows[] = {
	F("sources", projected_sources), F("defaultMode", src_default_mode),
};
const struct field_table projected_volume_fields = TABLE("ProjectedVolumeSource",
    projected_rows);

/* emptyDir, hostPath and persistentVolumeClaim decode into the volume. */
static bool
empty_dir_medium(struct dctx *c, const struct field_at *at)
{
	struct volume_spec *v = at->object;
	char *m;

	if (!d_str(c, at->value, at->path, &m))
		return false;
	if (strcmp(m, "Memory") == 0) {
		v->medium_memory = true;
	} else if (strncmp(m, "HugePages", 9) == 0) {
		decode_err(c, at->value, at->path, "emptyDir medium %s is not supported by podinit", m);
		return false;
	} else if (m[0] != '\0') {
		decode_err(c, at->value, at->path, "unsupported value \"%s\": supported values: \"\", "
		    "\"Memory\", \"HugePages\"", m);
		return false;
	}
	return true;
}

static bool
empty_dir_size_limit(struct dctx *c, const struct field_at *at)
{
	struct volume_spec *v = at->object;
	const struct ynode *n = at->value;
	int64_t bytes;

	if (n->kind != YNODE_SCALAR || apivalidate_quantity_value(n->str, &bytes, NULL, 0) != NULL) {
		decode_err(c, n, at->path, "expected a quantity such as 128Mi or 500m, got %s",
		    ynode_describe(n));
		return false;
	}
	if (bytes < 0) {
		decode_err(c, n, at->path, "must be greater than or equal to 0");
		return false;
	}
	v->size_limit_bytes = bytes;
	return true;
}

static const struct field empty_dir_rows[] = {
	F("medium", empty_dir_medium), F("sizeLimit", empty_dir_size_limit),
};
const struct field_table empty_dir_fields = TABLE("EmptyDirVolumeSource", empty_dir_rows);

static bool
host_path_path(struct dctx *c, const struct field_at *at)
{
	struct volume_spec *v = at->object;

	if (!d_required_str(c, at, &v->path))
		return false;
	/* K8S: validateHostPathVolumeSource forbids ".." ... and kubelet runs
	 * it on the node, where a relative path means nothing. */
	if (v->path[0] != '/') {
		decode_err(c, at->value, at->path, "invalid value \"%s\": must be an absolute path",
		    v->path);
		return false;
	}
	return true;
}

static bool
host_path_type(struct dctx *c, const struct field_at *at)
{
	static const char *const types[] = { "", "DirectoryOrCreate", "Directory", "FileOrCreate",
		"File", "Socket", "CharDevice", "BlockDevice" };
	struct volume_spec *v = at->object;
	const char *sg;
	char *t;

	if (!d_str(c, at->value, at->path, &t))
		return false;
	for (size_t i = 0; i < NELEM(types); i++)
		if (strcmp(t, types[i]) == 0) {
			v->host_path_type = t;
			return true;
		}
	sg = decode_suggest(t, types, NELEM(types));
	decode_err(c, at->value, at->path, "unsupported value \"%s\": supported values: \"\", "
	    "\"BlockDevice\", \"CharDevice\", \"Directory\", \"DirectoryOrCreate\", \"File\", "
	    "\"FileOrCreate\", \"Socket\"%s%s%s", t, sg ? "; did you mean " : "", sg ? sg : "",
	    sg ? "?" : "");
	return false;
}

static const struct field host_path_rows[] = {
	F_ALWAYS("path", host_path_path), F("type", host_path_type),
};
const struct field_table host_path_fields = TABLE("HostPathVolumeSource", host_path_rows);

static bool
pvc_claim_name(struct dctx *c, const struct field_at *at)
{
	struct volume_spec *v = at->object;

	if (!d_required_str(c, at, &v->path))
		return false;
	return true;
}

static bool
pvc_read_only(struct dctx *c, const struct field_at *at)
{
	struct volume_spec *v = at->object;

	return d_bool(c, at->value, at->path, &v->read_only);
}

static const struct field pvc_rows[] = {
	F_ALWAYS("claimName", pvc_claim_name), F("readOnly", pvc_read_only),
};
const struct field_table pvc_fields = TABLE("PersistentVolumeClaimVolumeSource", pvc_rows);

/* ---- Volume ---- */

static bool
volume_name(struct dctx *c, const struct field_at *at)
{
	struct vol_decode *vd = at->object;

	if (at->value == NULL)
		return required(c, at);
	return d_str(c, at->value, at->path, &vd->v->name);
}

/* The volume source fields of VolumeSource (Kubernetes 1.35), podinit's
 * first. */
static const char *const supported_types[] = {
	"emptyDir", "configMap", "secret", "downwardAPI", "projected", "hostPath",
	"persistentVolumeClaim",
};

/* Which source the volume has: the API server defaults none to emptyDir
 * (SetDefaults_Volume) and refuses two ("may not specify more than 1
 * volume type"); a source podinit has no plugin for is an error that
 * names it. */
static bool
volume_type_rule(struct dctx *c, const struct field_at *at)
{
	struct vol_decode *vd = at->object;
	const struct ynode *m = at->map, *first = NULL;
	char p[FIELDPATH_MAX];
	bool ok = true;

	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const struct ynode *k = m->kids[i];
		bool supported = false;

		if (k->kind != YNODE_SCALAR || strcmp(k->str, "name") == 0 ||
		    (k->flags & YNODE_FLAG_REPORTED) || ynode_is_null(m->kids[i + 1]))
			continue;
		for (size_t j = 0; j < NELEM(supported_types); j++)
			supported |= strcmp(k->str, supported_types[j]) == 0;
		fieldpath_field(p, at->path, k->str);
		if (first != NULL) {
			decode_err(c, k, p, "may not specify more than 1 volume type");
			ok = false;
		} else if (!supported) {
			decode_err(c, k, p, "volume type %s is not supported by podinit", k->str);
			ok = false;
		}
		if (first == NULL)
			first = k;
	}
	if (first == NULL)
		vd->v->type = VOLUME_EMPTY_DIR;
	vd->ok = ok;
	return ok;
}

static bool
volume_empty_dir(struct dctx *c, const struct field_at *at)
{
	struct vol_decode *vd = at->object;

	vd->v->type = VOLUME_EMPTY_DIR;
	vd->ok = decode_object(c, at->value, at->path, &empty_dir_fields, vd->v);
	return true;
}

/* configMap, secret and downwardAPI volumes have one source. */
static bool
volume_one_source(struct dctx *c, const struct field_at *at, enum volume_type type,
    const struct field_table *t)
{
	struct vol_decode *vd = at->object;

	vd->v->type = type;
	if ((vd->srcs = arena_alloc(c->a, sizeof *vd->srcs)) == NULL)
		return true;
	vd->max_srcs = 1;
	d_source(c, vd, type, at->value, at->path, t);
	return true;
}

static bool
volume_configmap(struct dctx *c, const struct field_at *at)
{
	return volume_one_source(c, at, VOLUME_CONFIGMAP, &configmap_volume_fields);
}

static bool
volume_secret(struct dctx *c, const struct field_at *at)
{
	return volume_one_source(c, at, VOLUME_SECRET, &secret_volume_fields);
}

static bool
volume_downward_api(struct dctx *c, const struct field_at *at)
{
	return volume_one_source(c, at, VOLUME_DOWNWARD_API, &downward_api_volume_fields);
}

static bool
volume_projected(struct dctx *c, const struct field_at *at)
{
	struct vol_decode *vd = at->object;
	struct src_decode sd = { .vd = vd };

	vd->v->type = VOLUME_PROJECTED;
	if (!decode_object(c, at->value, at->path, &projected_volume_fields, &sd))
		vd->ok = false;
	return true;
}

static bool
volume_host_path(struct dctx *c, const struct field_at *at)
{
	struct vol_decode *vd = at->object;

	vd->v->type = VOLUME_HOST_PATH;
	vd->v->host_path_type = "";
	vd->ok = decode_object(c, at->value, at->path, &host_path_fields, vd->v);
	return true;
}

static bool
volume_pvc(struct dctx *c, const struct field_at *at)
{
	struct vol_decode *vd = at->object;

	vd->v->type = VOLUME_PVC;
	vd->ok = decode_object(c, at->value, at->path, &pvc_fields, vd->v);
	return true;
}

static const struct field volume_rows[] = {
	F_ALWAYS("name", volume_name), RULE(volume_type_rule), F("emptyDir", volume_empty_dir),
	F("configMap", volume_configmap), F("secret", volume_secret),
	F("downwardAPI", volume_downward_api), F("projected", volume_projected),
	F("hostPath", volume_host_path), F("persistentVolumeClaim", volume_pvc),
};
const struct field_table volume_fields = TABLE("Volume", volume_rows);

static const struct volume_spec *
find_volume(const struct pod_spec *pod, const char *name, size_t *index)
{
	for (size_t i = 0; i < pod->n_volumes; i++)
		if (pod->volumes[i].name && strcmp(pod->volumes[i].name, name) == 0) {
			*index = i;
			return &pod->volumes[i];
		}
	return NULL;
}

bool
d_volumes(struct dctx *c, const struct ynode *n, const char *path)
{
	struct volumes_decode *vs = vols_of(c);
	struct pod_spec *pod = c->pod;
	size_t nn = 0, k = 0, idx;
	char p[FIELDPATH_MAX];

	if (vs == NULL)
		return true;
	if (n != NULL && want_seq(c, n, path))
		nn = n->n;
	pod->volumes = arena_alloc(c->a, (nn + vs->n_claims + 1) * sizeof *pod->volumes);
	vs->vols = arena_alloc(c->a, (nn + vs->n_claims + 1) * sizeof *vs->vols);
	if (pod->volumes == NULL || vs->vols == NULL) {
		decode_err(c, n, path, "out of memory");
		return true;
	}
	for (size_t i = 0; i < nn; i++) {
		struct vol_decode *vd = &vs->vols[k];
		struct volume_spec *v = &pod->volumes[k];
		const struct ynode *e = n->kids[i];

		vd->v = v;
		vd->ok = true;
		vd->node = e;
		vd->default_mode = VOLUME_DEFAULT_MODE;
		fieldpath_index(p, path, i);
		vd->where = where_dup(c, p);
		v->mark = (struct spec_mark){ e->line, e->col };
		/* A volume with an error stays (its mounts find it), unresolved. */
		if (!decode_object(c, e, p, &volume_fields, vd))
			vd->ok = false;
		if (v->name == NULL)
			goto drop;
		/* K8S: validateVolumes: "Duplicate value". */
		if (find_volume(pod, v->name, &idx) != NULL && idx < k) {
			const struct ynode *nm = ynode_get(e, "name");
			char q[FIELDPATH_MAX];
			decode_err(c, nm ? nm : e, fieldpath_field(q, p, "name"),
			    "duplicate value \"%s\"", v->name);
			goto drop;
		}
		v->default_mode = vd->default_mode;
		k++;
		pod->n_volumes = k;
		continue;
drop:
		memset(vd, 0, sizeof *vd);
		memset(v, 0, sizeof *v);
	}
	/* K8S: the StatefulSet controller's updateStorage: a claim template
	 * replaces the template's volume of the same name. */
	for (size_t i = 0; i < vs->n_claims; i++) {
		struct volume_spec *cl = &vs->claims[i];
		if (find_volume(pod, cl->name, &idx) != NULL) {
			pod->volumes[idx] = *cl;
			vs->vols[idx] = (struct vol_decode){ .v = &pod->volumes[idx], .ok = true };
			continue;
		}
		pod->volumes[k] = *cl;
		vs->vols[k] = (struct vol_decode){ .v = &pod->volumes[k], .ok = true };
		pod->n_volumes = ++k;
	}
	vs->n = k;
	return true;
}

/* ---- volumeClaimTemplates ---- */

static bool
claim_meta_name(struct dctx *c, const struct field_at *at)
{
	struct volume_spec *v = at->object;

	if (at->value == NULL)
		return required(c, at);
	return d_str(c, at->value, at->path, &v->name);
}

static const struct field claim_meta_rows[] = {
	F_ALWAYS("name", claim_meta_name),
};
const struct field_table claim_meta_fields = TABLE("ObjectMeta", claim_meta_rows);

static bool
claim_metadata(struct dctx *c, const struct field_at *at)
{
	if (at->value == NULL)
		return required(c, at);
	return decode_object(c, at->value, at->path, &claim_meta_fields, at->object);
}

static const struct field claim_rows[] = {
	F_ALWAYS("metadata", claim_metadata),
};
const struct field_table claim_template_fields = TABLE("PersistentVolumeClaim", claim_rows);

bool
d_volume_claim_templates(struct dctx *c, const struct ynode *n, const char *path)
{
	struct volumes_decode *vs = vols_of(c);
	const char *sts = c->pod->name ? c->pod->name : "";
	char p[FIELDPATH_MAX];

	if (vs == NULL || !want_seq(c, n, path))
		return true;
	if ((vs->claims = arena_alloc(c->a, (n->n + 1) * sizeof *vs->claims)) == NULL)
		return true;
	for (size_t i = 0; i < n->n; i++) {
		struct volume_spec *v = &vs->claims[vs->n_claims];
		const struct ynode *e = n->kids[i];
		size_t len;

		if (!decode_object(c, e, fieldpath_index(p, path, i), &claim_template_fields, v) ||
		    v->name == NULL) {
			memset(v, 0, sizeof *v);
			continue;
		}
		/* K8S: stateful_set_utils.go getPersistentVolumeClaimName:
		 * "<claim>-<set>-<ordinal>"; podinit runs ordinal 0. */
		len = strlen(v->name) + strlen(sts) + 4;
		if ((v->path = arena_alloc(c->a, len)) == NULL)
			continue;
		snprintf(v->path, len, "%s-%s-0", v->name, sts);
		v->type = VOLUME_PVC;
		v->claim_template = true;
		v->mark = (struct spec_mark){ e->line, e->col };
		vs->n_claims++;
	}
	return true;
}

/* ---- volumeMounts ---- */

struct mount_decode {
	struct container_spec *ct;
	struct volume_mount *vm;
	const struct ynode *expr;
	const char *expr_path;
};

static bool
mount_name(struct dctx *c, const struct field_at *at)
{
	struct mount_decode *md = at->object;
	struct volume_mount *vm = md->vm;

	if (at->value == NULL)
		return required(c, at);
	if (!d_str(c, at->value, at->path, &vm->name))
		return false;
	/* K8S: ValidateVolumeMounts: field.NotFound(name). */
	if (find_volume(c->pod, vm->name, &vm->volume) == NULL) {
		decode_err(c, at->value, at->path, "not found: \"%s\" (no volume of that name in the "
		    "pod's volumes)", vm->name);
		return false;
	}
	return true;
}

static bool
mount_mount_path(struct dctx *c, const struct field_at *at)
{
	struct mount_decode *md = at->object;
	struct volume_mount *vm = md->vm;

	if (!d_required_str(c, at, &vm->mount_path))
		return false;
	/* The container shares podinit's root: its mount point is a path of
	 * the machine (the runtime's rule: an absolute destination). */
	if (vm->mount_path[0] != '/') {
		decode_err(c, at->value, at->path, "invalid value \"%s\": must be an absolute path",
		    vm->mount_path);
		return false;
	}
	/* K8S: ValidateVolumeMounts: mountpoints.Has(mnt.MountPath). */
	for (size_t i = 0; i < md->ct->n_mounts; i++)
		if (strcmp(md->ct->mounts[i].mount_path, vm->mount_path) == 0) {
			decode_err(c, at->value, at->path, "invalid value \"%s\": must be unique",
			    vm->mount_path);
			return false;
		}
	return true;
}

static bool
mount_sub_path(struct dctx *c, const struct field_at *at)
{
	struct volume_mount *vm = ((struct mount_decode *)at->object)->vm;
	char msg[APIVALIDATE_MSG_SIZE];

	if (!d_str(c, at->value, at->path, &vm->sub_path))
		return false;
	if (apivalidate_volume_path(vm->sub_path, false, msg, sizeof msg) != NULL) {
		decode_err(c, at->value, at->path, "invalid value \"%s\": %s", vm->sub_path, msg);
		return false;
	}
	if (vm->sub_path[0] == '\0')
		vm->sub_path = NULL;
	return true;
}

static bool
mount_sub_path_expr(struct dctx *c, const struct field_at *at)
{
	struct mount_decode *md = at->object;
	struct volume_mount *vm = md->vm;

	if (!d_str(c, at->value, at->path, &vm->sub_path_expr))
		return false;
	/* K8S: ValidateVolumeMounts: "subPathExpr and subPath are mutually
	 * exclusive". */
	if (vm->sub_path != NULL) {
		decode_err(c, field_key(at), at->path, "subPathExpr and subPath are mutually exclusive");
		return false;
	}
	if (vm->sub_path_expr[0] == '\0') {
		vm->sub_path_expr = NULL;
		return true;
	}
	md->expr = at->value;
	md->expr_path = where_dup(c, at->path);
	return true;
}

static bool
mount_read_only(struct dctx *c, const struct field_at *at)
{
	return d_bool(c, at->value, at->path, &((struct mount_decode *)at->object)->vm->read_only);
}

static const struct field volume_mount_rows[] = {
	F_ALWAYS("name", mount_name), F_ALWAYS("mountPath", mount_mount_path),
	F("subPath", mount_sub_path), F("subPathExpr", mount_sub_path_expr),
	F("readOnly", mount_read_only),
};
const struct field_table volume_mount_fields = TABLE("VolumeMount", volume_mount_rows);

void
d_volume_mounts(struct dctx *c, const struct ynode *n, const char *path, struct container_spec *ct)
{
	struct volumes_decode *vs = vols_of(c);
	char p[FIELDPATH_MAX];

	if (vs == NULL || !want_seq(c, n, path))
		return;
	if ((ct->mounts = arena_alloc(c->a, (n->n + 1) * sizeof *ct->mounts)) == NULL)
		return;
	for (size_t i = 0; i < n->n; i++) {
		struct volume_mount *vm = &ct->mounts[ct->n_mounts];
		struct mount_decode md = { .ct = ct, .vm = vm };
		const struct ynode *e = n->kids[i];
		struct expr_pending *ep;

		vm->mark = (struct spec_mark){ e->line, e->col };
		if (!decode_object(c, e, fieldpath_index(p, path, i), &volume_mount_fields, &md) ||
		    vm->name == NULL || vm->mount_path == NULL) {
			memset(vm, 0, sizeof *vm);
			continue;
		}
		if (md.expr != NULL && (ep = arena_alloc(c->a, sizeof *ep)) != NULL) {
			ep->ctr = (size_t)(ct - c->pod->containers);
			ep->mount = ct->n_mounts;
			ep->node = md.expr;
			ep->where = (char *)md.expr_path;
			*vs->exprs_tail = ep;
			vs->exprs_tail = &ep->next;
		}
		ct->n_mounts++;
	}
}

/* ---- the payloads, once the containers are known ---- */

/* Add (or, at the same path, replace: kubelet's payload is a map) one
 * file of v; files has room for max.  field_ref: a downwardAPI item's
 * fieldPath or resource (describe's Items), else NULL. */
static void
add_file(struct volume_spec *v, size_t max, const char *path, const char *data, size_t len,
    int mode, const char *field_ref)
{
	size_t i;

	for (i = 0; i < v->n_files; i++)
		if (strcmp(v->files[i].path, path) == 0)
			break;
	if (i == v->n_files) {
		if (i == max)
			return;
		v->n_files++;
	}
	v->files[i] = (struct volume_file){ (char *)path, (char *)data, len, mode,
	    (char *)field_ref };
}

/* What "MountVolume.SetUp failed" says of volume v, at node. */
static void
setup_failed(struct dctx *c, const struct ynode *n, const char *where,
    const struct volume_spec *v, const char *fmt, const char *a1)
{
	char msg[512];

	snprintf(msg, sizeof msg, fmt, a1);
	decode_err(c, n, where, "MountVolume.SetUp failed for volume \"%s\" : %s", v->name, msg);
}

/* configMap or secret source src into v (K8S: configmap.MakePayload,
 * secret.MakePayload). */
static bool
resolve_keys(struct dctx *c, struct vol_decode *vd, struct vol_src *src, size_t max)
{
	struct volume_spec *v = vd->v;
	bool cm = src->type == VOLUME_CONFIGMAP;
	const struct config_object *o = spec_config_find(c->pod, cm ? CONFIG_CONFIGMAP :
	    CONFIG_SECRET, src->name);

	if (o == NULL) {
		if (src->optional)
			return true;
		/* K8S: kubelet's configmap/secret managers:
		 * NewNotFound(Resource("configmap"), name). */
		setup_failed(c, src->name_node, src->name_where, v, cm ? "configmap \"%s\" not found" :
		    "secret \"%s\" not found", src->name);
		return false;
	}
	if (!src->has_items) {
		for (size_t i = 0; i < o->n_entries; i++)
			add_file(v, max, o->entries[i].key, o->entries[i].value, o->entries[i].len,
			    vd->default_mode, NULL);
		return true;
	}
	for (size_t i = 0; i < src->n_items; i++) {
		struct vol_item *it = &src->items[i];
		const struct config_entry *e = spec_config_entry(o, it->key);
		if (e == NULL) {
			if (src->optional)
				continue;
			setup_failed(c, it->ref_node, it->ref_where, v, cm ?
			    "configmap references non-existent config key: %s" :
			    "references non-existent secret key: %s", it->key);
			return false;
		}
		add_file(v, max, it->path, e->value, e->len, it->mode >= 0 ? it->mode :
		    vd->default_mode, NULL);
	}
	return true;
}

/* downwardAPI source src into v (K8S: downwardapi.CollectData). */
static bool
resolve_fields(struct dctx *c, struct vol_decode *vd, struct vol_src *src, size_t max,
    const struct pod_facts *f)
{
	struct volume_spec *v = vd->v;
	struct pod_spec *pod = c->pod;
	char err[256];
	bool ok = true;

	for (size_t i = 0; i < src->n_items; i++) {
		struct vol_item *it = &src->items[i];
		const struct container_spec *ct = NULL;
		char *val;

		if (it->field_path != NULL) {
			val = fieldref_value(c->a, pod, f, it->field_path, true, err, sizeof err);
		} else {
			for (size_t j = 0; j < pod->n_containers && ct == NULL; j++)
				if (pod->containers[j].name &&
				    strcmp(pod->containers[j].name, it->container_name) == 0)
					ct = &pod->containers[j];
			if (ct == NULL) {
				snprintf(err, sizeof err, "container \"%s\" not found in the pod",
				    it->container_name);
				val = NULL;
			} else {
				val = fieldref_resource_value(c->a, ct, f, it->resource, it->divisor, err,
				    sizeof err);
			}
		}
		if (val == NULL) {
			setup_failed(c, it->ref_node, it->ref_where, v, "%s", err);
			ok = false;
			continue;
		}
		add_file(v, max, it->path, val, strlen(val), it->mode >= 0 ? it->mode :
		    vd->default_mode, it->field_path ? it->field_path : it->resource);
	}
	return ok;
}

/* The most files volume vd can have. */
static size_t
max_files(const struct dctx *c, const struct vol_decode *vd)
{
	size_t n = 0;

	for (size_t i = 0; i < vd->n_srcs; i++) {
		const struct vol_src *s = &vd->srcs[i];
		const struct config_object *o;
		if (s->has_items || s->type == VOLUME_DOWNWARD_API)
			n += s->n_items;
		else if ((o = spec_config_find(c->pod, s->type == VOLUME_CONFIGMAP ?
		    CONFIG_CONFIGMAP : CONFIG_SECRET, s->name)) != NULL)
			n += o->n_entries;
	}
	return n;
}

static void
resolve_volume(struct dctx *c, struct vol_decode *vd, const struct pod_facts *f)
{
	struct volume_spec *v = vd->v;
	size_t max = max_files(c, vd);

	if ((v->sources = arena_alloc(c->a, (vd->n_srcs + 1) * sizeof *v->sources)) == NULL ||
	    (v->files = arena_alloc(c->a, (max + 1) * sizeof *v->files)) == NULL) {
		decode_err(c, vd->node, vd->where, "out of memory");
		return;
	}
	for (size_t i = 0; i < vd->n_srcs; i++) {
		struct vol_src *s = &vd->srcs[i];
		struct volume_source *vs = &v->sources[v->n_sources++];

		vs->type = s->type;
		vs->name = s->name;
		vs->optional = s->optional;
		vs->mark = (struct spec_mark){ s->node->line, s->node->col };
		if (s->type == VOLUME_DOWNWARD_API) {
			resolve_fields(c, vd, s, max, f);
			continue;
		}
		vs->missing = spec_config_find(c->pod, s->type == VOLUME_CONFIGMAP ?
		    CONFIG_CONFIGMAP : CONFIG_SECRET, s->name) == NULL;
		resolve_keys(c, vd, s, max);
	}
}

/* subPathExpr with the container's final environment (K8S:
 * kubecontainer.ExpandContainerVolumeMounts, then makeMounts' checks). */
static void
expand_sub_path(struct dctx *c, const struct expr_pending *ep)
{
	struct container_spec *ct = &c->pod->containers[ep->ctr];
	struct volume_mount *vm = &ct->mounts[ep->mount];
	char missing[256] = "", msg[APIVALIDATE_MSG_SIZE];
	size_t mlen = 0;
	char *s;

	/* kubelet names every variable that is unset or empty, read as
	 * decode_expand reads them ("$$" escapes, "$(" without ")" is text). */
	for (const char *p = vm->sub_path_expr; *p; ) {
		const char *e;
		size_t j, n;
		if (p[0] != '$' || (p[1] != '$' && p[1] != '(')) {
			p++;
			continue;
		}
		if (p[1] == '$' || (e = strchr(p + 2, ')')) == NULL) {
			p += 2;
			continue;
		}
		n = (size_t)(e - p - 2);
		for (j = 0; j < ct->n_env; j++)
			if (strlen(ct->env[j].name) == n && strncmp(ct->env[j].name, p + 2, n) == 0)
				break;
		if (n > 0 && (j == ct->n_env || ct->env[j].value == NULL ||
		    ct->env[j].value[0] == '\0') && mlen + n + 3 < sizeof missing)
			mlen += (size_t)snprintf(missing + mlen, sizeof missing - mlen, "%s%.*s",
			    mlen ? ", " : "", (int)n, p + 2);
		p = e + 1;
	}
	if (mlen > 0) {
		decode_err(c, ep->node, ep->where, "missing value for %s", missing);
		return;
	}
	if ((s = decode_expand(c->a, vm->sub_path_expr, ct->env, ct->n_env)) == NULL) {
		decode_err(c, ep->node, ep->where, "$(VAR) expansion is too long");
		return;
	}
	if (s[0] == '/') {
		decode_err(c, ep->node, ep->where, "error SubPath `%s` must not be an absolute path", s);
		return;
	}
	if (apivalidate_volume_path(s, false, msg, sizeof msg) != NULL) {
		decode_err(c, ep->node, ep->where, "unable to provision SubPath `%s`: %s", s, msg);
		return;
	}
	vm->sub_path = s[0] != '\0' ? s : NULL;
}

bool
d_volumes_resolve(struct dctx *c)
{
	struct volumes_decode *vs = c->vols;
	const struct pod_facts *f = d_facts(c);

	if (vs == NULL)
		return true;
	for (size_t i = 0; i < vs->n; i++)
		if (vs->vols[i].ok && vs->vols[i].n_srcs > 0)
			resolve_volume(c, &vs->vols[i], f);
	for (const struct expr_pending *ep = vs->exprs; ep != NULL; ep = ep->next)
		expand_sub_path(c, ep);
	return true;
}
