/* apivalidate: what Kubernetes' API server says of a single value, in its
 * words: DNS names, label keys and values, annotation keys, container
 * resource names, quantities, RFC 3339 date-times, base64 data, label and
 * node selector requirements, environment variable names.  The schema check
 * (schema.c) and the hand-written decoders ask these for the fields the API
 * server checks beyond their type.  Pure: no syscalls, no allocation.
 *
 * One convention for every function below:
 *
 *   const char *apivalidate_X(..., char *msg, size_t size);
 *
 * returns NULL when the API server accepts the value; otherwise it writes
 * the reason into the caller's msg (size bytes, NUL-terminated, cut short
 * when it does not fit; APIVALIDATE_MSG_SIZE always fits) and returns msg.
 * The reason is the detail of the API server's field error, the part after
 * "Invalid value: \"x\": ", without the value or the field path (the caller
 * adds podinit's "file:line:col: path: " before it).  Where the API server
 * reports several problems of one value (too long and badly formed), they
 * are joined with "; " in its order.  msg may be NULL (size 0) when only the
 * verdict is wanted. */
#ifndef PODINIT_APIVALIDATE_H
#define PODINIT_APIVALIDATE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define APIVALIDATE_MSG_SIZE	1024	/* the longest reason, with room to spare */

/* ---- names (k8s.io/apimachinery/pkg/util/validation) ---- */

/* IsDNS1123Label: at most 63, [a-z0-9]([-a-z0-9]*[a-z0-9])? (container,
 * volume and namespace names). */
const char *apivalidate_dns1123_label(const char *value, char *msg, size_t size);
/* IsDNS1123Subdomain: at most 253, labels joined by '.' (object names of
 * Pods, Deployments, ConfigMaps, Secrets; a label key's prefix). */
const char *apivalidate_dns1123_subdomain(const char *value, char *msg, size_t size);
/* IsDNS1035Label: at most 63, [a-z]([-a-z0-9]*[a-z0-9])? (Service names). */
const char *apivalidate_dns1035_label(const char *value, char *msg, size_t size);
/* IsQualifiedName: label keys, selector keys, node-selector keys: an
 * optional DNS-1123 subdomain prefix and '/', then a name of at most 63,
 * ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]. */
const char *apivalidate_qualified_name(const char *value, char *msg, size_t size);
/* IsValidLabelValue: at most 63, empty or as a qualified name's name part. */
const char *apivalidate_label_value(const char *value, char *msg, size_t size);
/* ValidateAnnotations' rule for one key: a qualified name once lowercased
 * (so "Example.com/Key" passes).  The 256 KiB bound on all annotations
 * together is the caller's (apivalidate_annotations_size). */
const char *apivalidate_annotation_key(const char *value, char *msg, size_t size);
/* The total size of an object's annotations, the sum of every key's and
 * value's length in bytes: "must have at most 262144 bytes". */
const char *apivalidate_annotations_size(size_t total_bytes, char *msg, size_t size);

/* ---- environment (k8s.io/kubernetes/pkg/apis/core/validation) ---- */

/* An EnvVar's name as 1.35 validates it (RelaxedEnvironmentVariableValidation
 * is GA: IsRelaxedEnvVarName): not empty, printable ASCII (space included)
 * other than '='. */
const char *apivalidate_env_name(const char *value, char *msg, size_t size);

/* ---- volume paths (pkg/apis/core/validation) ---- */

/* validateLocalDescendingPath: a path inside a volume (an item's path, a
 * subPath): "must be a relative path" when it starts with '/', "must not
 * contain '..'" when a component is "..".  With item (a KeyToPath's or a
 * DownwardAPIVolumeFile's path, validateVolumeSourcePath), also "must not
 * start with '..'" (the atomic writer's own names start so). */
const char *apivalidate_volume_path(const char *value, bool item, char *msg, size_t size);

/* ---- resources (pkg/apis/core/validation validateContainerResourceName) ---- */

/* The name of a container's resources.limits / resources.requests entry:
 * cpu, memory, ephemeral-storage, hugepages-<quantity>, or a name with a
 * domain prefix (an extended resource such as example.com/foo, or a
 * kubernetes.io/ native one); "must be a standard resource for containers". */
const char *apivalidate_container_resource_name(const char *name, char *msg, size_t size);
/* ValidateResourceQuantityValue for one entry: the quantity must parse and
 * must not be negative, and a resource counted in whole units (an extended
 * resource such as example.com/gpu, pods, services, ...) must be an
 * integer: "must be an integer". */
const char *apivalidate_resource_quantity(const char *name, const char *quantity,
	    char *msg, size_t size);

/* ---- quantities (k8s.io/apimachinery/pkg/api/resource ParseQuantity) ---- */

/* The grammar and rules of ParseQuantity: a signed decimal number, then
 * nothing, a binary suffix (Ki Mi Gi Ti Pi Ei), a decimal suffix (n u m k
 * M G T P E) or a decimal exponent (e3, E-2).  Large values are legal
 * ("1000000Ei"); the messages are ParseQuantity's errors. */
const char *apivalidate_quantity(const char *value, char *msg, size_t size);
/* As apivalidate_quantity, and the value in milli-units, rounded up as
 * Quantity.MilliValue() does ("500m" -> 500, "1" -> 1000, "0.1m" -> 1),
 * saturated to INT64_MAX / INT64_MIN when it does not fit.  *milli is
 * set only when the value parses. */
const char *apivalidate_quantity_milli(const char *value, int64_t *milli,
	    char *msg, size_t size);
/* The same in base units, rounded up as Quantity.Value() ("128Mi" ->
 * 134217728, "100m" -> 1), saturated. */
const char *apivalidate_quantity_value(const char *value, int64_t *units,
	    char *msg, size_t size);

/* ---- formats (what the JSON decoding of the API types refuses) ---- */

/* metav1.Time: Go's time.Parse(time.RFC3339, value): "2025-01-02T03:04:05Z",
 * fractional seconds, "+01:00" offsets; Go's error text ("parsing time
 * \"x\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"x\" as \"2006\""). */
const char *apivalidate_date_time(const char *value, char *msg, size_t size);
/* []byte fields (a Secret's data): Go's base64.StdEncoding with padding, as
 * encoding/json decodes them (newlines are skipped); "illegal base64 data
 * at input byte N". */
const char *apivalidate_base64(const char *value, char *msg, size_t size);
/* The bytes of value (valid for apivalidate_base64) into out[0..size):
 * their number, or -1 when value is not valid or out is too small
 * (strlen(value) / 4 * 3 + 3 is always enough). */
ssize_t	apivalidate_base64_decode(const char *value, unsigned char *out, size_t size);

/* ---- selectors ---- */

enum apivalidate_selector {
	APIVALIDATE_LABEL_SELECTOR,	/* metav1.LabelSelector matchExpressions:
					 * In NotIn Exists DoesNotExist */
	APIVALIDATE_NODE_SELECTOR,	/* NodeSelectorRequirement (node affinity's
					 * matchExpressions): also Gt and Lt */
};

/* A selector requirement's operator and its number of values: In and
 * NotIn need values, Exists and DoesNotExist forbid them, Gt and Lt (node
 * selectors only) take exactly one.  *about_values (may be NULL) says which
 * field the message is for: true for "values" (a missing or forbidden
 * list), false for "operator" (an unknown one: "not a valid selector
 * operator").  The key and the values themselves are checked with
 * apivalidate_qualified_name and apivalidate_label_value (label selectors). */
const char *apivalidate_selector_requirement(enum apivalidate_selector kind,
	    const char *operator, size_t n_values, bool *about_values,
	    char *msg, size_t size);

#endif /* PODINIT_APIVALIDATE_H */
