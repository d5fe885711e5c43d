/* crossref: the checks of `podinit check` that need two documents: a
 * Service against the pod templates of the files (SPEC §7, last item).
 *
 * A Service selects the pods whose labels hold every pair of its
 * spec.selector, in its own namespace (K8S: the endpoints controllers,
 * labels.SelectorFromSet); a port's targetPort that is a name resolves to
 * the first port of that name and protocol among the pod's containers and
 * sidecars (pkg/api/v1/pod FindPort), a number is used as it is.  So:
 *   - a selector no template carries: the Service cannot find its
 *     endpoints (the seed's words).  A warning, as the API server takes
 *     it; a note when the files hold no pod template at all (the pods may
 *     come from elsewhere: nothing here to check against);
 *   - a targetPort name no selected container declares: FindPort fails
 *     for every pod, the Service has no endpoints on that port: a warning;
 *   - a targetPort number (or the port itself when targetPort is unset)
 *     that no selected container declares: traffic still goes to that
 *     port, since declaring container ports is informational ("Not
 *     specifying a port here DOES NOT prevent that port from being
 *     exposed").  When the containers declare other ports, a number that
 *     is none of them is most likely a typo: a warning.  When they declare
 *     none, there is nothing to compare: a note.
 * Each message is at the Service's field and names the other end with its
 * FILE:LINE:COL in the text. */
#include "podinit/crossref.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/buf.h"
#include "podinit/decode.h"
#include "podinit/fieldpath.h"
#include "podinit/manifest.h"

#define LABELS_SHOWN	16	/* pairs written out in a message; more: "..." */
#define TEXT_MAX	512	/* one rendered list of labels or ports */

/* A pod template found in the documents. */
struct tmpl {
	const char *kind, *name, *ns;
	const struct ynode *labels;	/* a mapping, or NULL */
	const struct ynode *at;		/* the labels, else what holds them: the other end */
	const struct ynode *spec;	/* the pod spec */
	const char *file;
};

/* Every label pair of every template, hashed: a Service's candidates are
 * the templates holding its selector's pairs, found without looking at
 * every template (a file of thousands of Services and Pods stays linear
 * when their labels differ). */
struct label_entry {
	const char *key, *value;
	size_t	 tmpl;
	size_t	 next;		/* in its bucket's chain; SIZE_MAX ends it */
	uint32_t hash;
};

struct index {
	struct label_entry *entries;
	size_t	 n_entries;
	size_t	*buckets;	/* SIZE_MAX: empty */
	size_t	 n_buckets;	/* a power of two */
	/* per Service: how many of its pairs each template holds */
	size_t	*stamp, *count, *touched, n_touched;
	size_t	 work;		/* chain steps and port checks so far */
};

/* What one load may spend on Services before the check stops with a note
 * (all the Services selecting all the templates is quadratic): far above
 * any real manifest, a fraction of a second. */
#define CROSSREF_MAX_WORK	(1u << 22)

/* A field's value; null is absent, as Go's JSON decoding reads it. */
static const struct ynode *
get(const struct ynode *m, const char *k)
{
	const struct ynode *v = ynode_get(m, k);

	return ynode_is_null(v) ? NULL : v;
}

static const char *
str_of(const struct ynode *n)
{
	return n && n->kind == YNODE_SCALAR && ynode_scalar_type(n) == YS_STRING ? n->str : NULL;
}

static const char *
namespace_of(const struct ynode *doc)
{
	const char *ns = str_of(get(get(doc, "metadata"), "namespace"));

	return ns && ns[0] ? ns : "default";
}

/* Where a kind keeps its pod template: the path to it (a Pod is its own). */
static const char *const *
template_path(const char *kind)
{
	static const char *const pod[] = { NULL };
	static const char *const tmpl[] = { "spec", "template", NULL };
	static const char *const cron[] = { "spec", "jobTemplate", "spec", "template", NULL };
	static const char *const workloads[] = { "Deployment", "StatefulSet", "DaemonSet",
	    "ReplicaSet", "ReplicationController", "Job" };

	if (strcmp(kind, "Pod") == 0)
		return pod;
	if (strcmp(kind, "CronJob") == 0)
		return cron;
	for (size_t i = 0; i < sizeof workloads / sizeof workloads[0]; i++)
		if (strcmp(kind, workloads[i]) == 0)
			return tmpl;
	return NULL;
}

static bool
template_of(const struct crossref_doc *cd, struct tmpl *t)
{
	const struct ynode *doc = cd->root, *n = doc, *meta;
	const char *kind = str_of(get(doc, "kind"));
	const char *const *path = kind ? template_path(kind) : NULL;

	if (path == NULL)
		return false;
	for (size_t i = 0; path[i] && n; i++)
		n = get(n, path[i]);
	if (n == NULL || n->kind != YNODE_MAP)
		return false;
	meta = get(n, "metadata");
	t->kind = kind;
	t->name = str_of(get(get(doc, "metadata"), "name"));
	t->ns = namespace_of(doc);
	t->labels = get(meta, "labels");
	if (t->labels && t->labels->kind != YNODE_MAP)
		t->labels = NULL;
	t->at = t->labels ? t->labels : meta ? meta : n;
	t->spec = get(n, "spec");
	t->file = manifest_display_name(cd->file ? cd->file : "-");
	return true;
}

/* The value of label `key` in a labels mapping, or NULL. */
static const char *
label(const struct ynode *labels, const char *key)
{
	return labels ? str_of(get(labels, key)) : NULL;
}

/* How many string pairs the selector has. */
static size_t
selector_pairs(const struct ynode *sel)
{
	size_t n = 0;

	for (size_t i = 0; i + 1 < sel->n; i += 2)
		n += str_of(sel->kids[i]) != NULL && str_of(sel->kids[i + 1]) != NULL;
	return n;
}

static int
cmp_key(const void *a, const void *b)
{
	const struct ynode *const *x = a, *const *y = b;

	return strcmp((*x)->str, (*y)->str);
}

/* A mapping of labels as kubectl formats a set: "k=v,k2=v2", sorted. */
static void
format_labels(struct buf *b, const struct ynode *m)
{
	const struct ynode *keys[LABELS_SHOWN];
	size_t n = 0, more = 0;

	for (size_t i = 0; m && i + 1 < m->n; i += 2) {
		if (str_of(m->kids[i]) == NULL || str_of(m->kids[i + 1]) == NULL)
			continue;
		if (n < LABELS_SHOWN)
			keys[n++] = m->kids[i];
		else
			more++;
	}
	qsort(keys, n, sizeof keys[0], cmp_key);
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s%s=%s", i ? "," : "", keys[i]->str, label(m, keys[i]->str));
	if (more)
		buf_adds(b, ",...");
}

/* `the Deployment "web" at web.yaml:12:9` */
static void
other_end(struct buf *b, const struct tmpl *t, const struct ynode *at)
{
	buf_printf(b, "the %s", t->kind);
	if (t->name)
		buf_printf(b, " \"%s\"", t->name);
	buf_printf(b, " at %s:%d:%d", t->file, at->line, at->col);
}

/* The containers of a template that serve a Service's ports: the regular
 * ones and the sidecars (init containers with restartPolicy: Always), as
 * FindPort reads them.  Calls fn for each port of each; stops when fn
 * returns true. */
typedef bool port_fn(const struct ynode *port, void *arg);

static bool
each_port(const struct tmpl *t, port_fn *fn, void *arg)
{
	static const char *const lists[] = { "containers", "initContainers" };

	for (size_t l = 0; l < 2; l++) {
		const struct ynode *cs = get(t->spec, lists[l]);

		for (size_t i = 0; cs && cs->kind == YNODE_SEQ && i < cs->n; i++) {
			const struct ynode *c = cs->kids[i], *ports = get(c, "ports");
			const char *rp = str_of(get(c, "restartPolicy"));

			if (l == 1 && (rp == NULL || strcmp(rp, "Always") != 0))
				continue;
			for (size_t j = 0; ports && ports->kind == YNODE_SEQ && j < ports->n; j++)
				if (fn(ports->kids[j], arg))
					return true;
		}
	}
	return false;
}

static const char *
protocol_of(const struct ynode *m)
{
	const char *p = str_of(get(m, "protocol"));

	return p ? p : "TCP";
}

static bool
port_number(const struct ynode *n, int64_t *out)
{
	return n && n->kind == YNODE_SCALAR && ynode_scalar_type(n) == YS_INT &&
	    ynode_int_value(n, out) == 0;
}

/* What one Service port looks for, and what the walk found. */
struct want {
	const char *name;	/* a targetPort name, or NULL for a number */
	int64_t	 number;
	const char *protocol;
	bool	 found;		/* same name (or number) and protocol */
	const struct ynode *other_protocol;	/* same name or number, another protocol */
	size_t	 n_ports, n_named;
	const char *names[64];	/* the declared names, for did-you-mean */
	struct buf *list;	/* `8080/TCP "web", 9090/TCP` */
};

static bool
port_visit(const struct ynode *p, void *arg)
{
	struct want *w = arg;
	const char *name = str_of(get(p, "name"));
	int64_t num = 0;
	bool same;

	if (!port_number(get(p, "containerPort"), &num))
		return false;
	if (w->list->len < TEXT_MAX) {
		buf_printf(w->list, "%s%lld/%s", w->n_ports ? ", " : "", (long long)num,
		    protocol_of(p));
		if (name)
			buf_printf(w->list, " \"%s\"", name);
	}
	w->n_ports++;
	if (name && w->n_named < sizeof w->names / sizeof w->names[0])
		w->names[w->n_named++] = name;
	same = w->name ? name && strcmp(name, w->name) == 0 : num == w->number;
	if (same && strcmp(protocol_of(p), w->protocol) == 0) {
		w->found = true;
		return true;
	}
	if (same && w->other_protocol == NULL)
		w->other_protocol = p;
	return false;
}

/* One port of the Service against the templates it selects. */
static void
check_port(const char *svc, const struct ynode *port, const char *path, const struct tmpl *sel,
    const size_t *matched, size_t n_matched, struct diag_list *d)
{
	char p[FIELDPATH_MAX], listmem[TEXT_MAX + 64], msg[1024];
	struct buf list, m;
	const struct ynode *tp = get(port, "targetPort"), *at = tp;
	struct want w = { .list = &list };
	int64_t svc_port = 0;
	const struct tmpl *first = &sel[matched[0]];
	enum diag_sev sev = DIAG_WARNING;

	buf_init(&list, listmem, sizeof listmem);
	buf_init(&m, msg, sizeof msg);
	if (!port_number(get(port, "port"), &svc_port))
		return;
	w.protocol = protocol_of(port);
	if (tp == NULL) {
		/* K8S: SetDefaults_Service: targetPort defaults to port. */
		at = get(port, "port");
		w.number = svc_port;
		fieldpath_field(p, path, "port");
	} else if ((w.name = str_of(tp)) == NULL && !port_number(tp, &w.number))
		return;	/* the schema said what is wrong with it */
	else
		fieldpath_field(p, path, "targetPort");
	/* Any selected pod serving the port is an endpoint: fine. */
	for (size_t i = 0; i < n_matched; i++)
		if (each_port(&sel[matched[i]], port_visit, &w))
			return;
	/* None does: the first selected template is the other end. */
	buf_reset(&list);
	w.n_ports = w.n_named = 0;
	w.other_protocol = NULL;
	each_port(first, port_visit, &w);
	buf_printf(&m, "Service \"%s\" port %lld%s%s%s ", svc, (long long)svc_port,
	    w.other_protocol ? " (" : "", w.other_protocol ? w.protocol : "",
	    w.other_protocol ? ")" : "");
	if (w.name)
		buf_printf(&m, "targets the port named \"%s\"", w.name);
	else if (tp)
		buf_printf(&m, "targets port %lld", (long long)w.number);
	else
		buf_printf(&m, "targets port %lld (targetPort is unset, so it is the port)",
		    (long long)w.number);
	if (w.other_protocol) {
		int64_t num = 0;
		port_number(get(w.other_protocol, "containerPort"), &num);
		buf_adds(&m, ", but ");
		other_end(&m, first, w.other_protocol);
		buf_printf(&m, " declares it as %lld/%s: the protocols must match", (long long)num,
		    protocol_of(w.other_protocol));
	} else if (w.name) {
		const char *s = decode_suggest(w.name, w.names, w.n_named);
		buf_adds(&m, ", which no container of the pods it selects declares: the Service "
		    "has no endpoints on this port (");
		other_end(&m, first, first->at);
		if (w.n_ports)
			buf_printf(&m, " declares %s)", buf_cstr(&list));
		else
			buf_adds(&m, " declares no ports)");
		if (s)
			buf_printf(&m, "; did you mean \"%s\"?", s);
	} else if (w.n_ports) {
		buf_adds(&m, ", which no container of the pods it selects declares (");
		other_end(&m, first, first->at);
		buf_printf(&m, " declares %s); traffic reaches it only if the process listens "
		    "there anyway", buf_cstr(&list));
	} else {
		/* Declaring ports is optional: nothing to hold the number against. */
		sev = DIAG_NOTE;
		buf_adds(&m, "; ");
		other_end(&m, first, first->at);
		buf_adds(&m, " declares no container ports, so it is not checked");
	}
	diag_add(d, sev, at->line, at->col, p, "%s", buf_cstr(&m));
}

static bool
same_ns(const struct tmpl *t, const char *ns)
{
	return t->ns != NULL && strcmp(t->ns, ns) == 0;
}

static uint32_t
pair_hash(const char *k, const char *v)
{
	uint32_t h = 2166136261u;	/* FNV-1a over "k=v" */

	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 16777619u;
	h = (h ^ '=') * 16777619u;
	for (; *v; v++)
		h = (h ^ (unsigned char)*v) * 16777619u;
	return h;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Index every label pair of ts[0..n_t).  False when out of memory. */
static bool
index_build(struct index *ix, const struct tmpl *ts, size_t n_t)
{
	size_t n = 0;

	for (size_t t = 0; t < n_t; t++)
		n += ts[t].labels ? ts[t].labels->n / 2 : 0;
	for (ix->n_buckets = 16; ix->n_buckets < 2 * n; ix->n_buckets *= 2)
		;
	ix->entries = calloc(n ? n : 1, sizeof *ix->entries);
	ix->buckets = malloc(ix->n_buckets * sizeof *ix->buckets);
	ix->stamp = malloc((n_t ? n_t : 1) * sizeof *ix->stamp);
	ix->count = calloc(n_t ? n_t : 1, sizeof *ix->count);
	ix->touched = malloc((n_t ? n_t : 1) * sizeof *ix->touched);
	if (!ix->entries || !ix->buckets || !ix->stamp || !ix->count || !ix->touched)
		return false;
	memset(ix->buckets, 0xff, ix->n_buckets * sizeof *ix->buckets);
	memset(ix->stamp, 0xff, (n_t ? n_t : 1) * sizeof *ix->stamp);
	/* Backwards, each entry pushed on its chain's head: every chain is
	 * in the files' order. */
	for (size_t t = n_t; t-- > 0;) {
		const struct ynode *m = ts[t].labels;

		for (size_t i = m ? m->n : 0; i >= 2; i -= 2) {
			const char *k = str_of(m->kids[i - 2]), *v = str_of(m->kids[i - 1]);
			struct label_entry *e;

			if (k == NULL || v == NULL)
				continue;
			e = &ix->entries[ix->n_entries];
			e->key = k;
			e->value = v;
			e->tmpl = t;
			e->hash = pair_hash(k, v);
			e->next = ix->buckets[e->hash & (ix->n_buckets - 1)];
			ix->buckets[e->hash & (ix->n_buckets - 1)] = ix->n_entries++;
		}
	}
	return true;
}

static void
index_free(struct index *ix)
{
	free(ix->entries);
	free(ix->buckets);
	free(ix->stamp);
	free(ix->count);
	free(ix->touched);
}

/* For Service svc: ix->touched[0..n_touched) are the templates holding
 * at least one pair of sel, ix->count[t] how many. */
static void
index_count(struct index *ix, const struct ynode *sel, size_t svc)
{
	ix->n_touched = 0;
	for (size_t i = 0; i + 1 < sel->n; i += 2) {
		const char *k = str_of(sel->kids[i]), *v = str_of(sel->kids[i + 1]);
		uint32_t h;

		if (k == NULL || v == NULL)
			continue;
		h = pair_hash(k, v);
		for (size_t e = ix->buckets[h & (ix->n_buckets - 1)]; e != SIZE_MAX;
		    e = ix->entries[e].next) {
			const struct label_entry *le = &ix->entries[e];

			ix->work++;
			if (le->hash != h || le->key == NULL || strcmp(le->key, k) != 0 ||
			    strcmp(le->value, v) != 0)
				continue;
			if (ix->stamp[le->tmpl] != svc) {
				ix->stamp[le->tmpl] = svc;
				ix->count[le->tmpl] = 0;
				ix->touched[ix->n_touched++] = le->tmpl;
			}
			ix->count[le->tmpl]++;
		}
	}
}

static void
check_service(const struct crossref_doc *cd, size_t svc, const struct tmpl *ts, size_t n_t,
    struct index *ix, size_t *matched, struct diag_list *d)
{
	const struct ynode *doc = cd->root, *spec = get(doc, "spec");
	const struct ynode *sel = get(spec, "selector"), *ports = get(spec, "ports");
	const char *name = str_of(get(get(doc, "metadata"), "name"));
	const char *ns = namespace_of(doc);
	char selmem[TEXT_MAX + 64], msg[1024], p[FIELDPATH_MAX];
	struct buf seltext, m;
	size_t n_matched = 0, best = SIZE_MAX, best_held = 0, n_pairs = 0;

	/* No selector: the endpoints are someone else's (manual, ExternalName). */
	if (sel == NULL || sel->kind != YNODE_MAP || sel->n == 0 || (sel->flags &
	    YNODE_FLAG_REPORTED))
		return;
	if (name == NULL)
		name = "";
	buf_init(&seltext, selmem, sizeof selmem);
	buf_init(&m, msg, sizeof msg);
	format_labels(&seltext, sel);
	if ((n_pairs = selector_pairs(sel)) == 0)
		return;
	index_count(ix, sel, svc);
	for (size_t k = 0; k < ix->n_touched; k++) {
		size_t i = ix->touched[k], held = ix->count[i];

		if (held >= n_pairs && same_ns(&ts[i], ns))
			matched[n_matched++] = i;
		/* The closest miss, for the message: most pairs held, same
		 * namespace first, then the first in the files. */
		if (best == SIZE_MAX || held > best_held || (held == best_held &&
		    (same_ns(&ts[i], ns) > same_ns(&ts[best], ns) ||
		    (i < best && same_ns(&ts[i], ns) == same_ns(&ts[best], ns))))) {
			best = i;
			best_held = held;
		}
	}
	/* No template holds any pair: the first of the namespace is as close
	 * as any. */
	for (size_t i = 0; best == SIZE_MAX && i < n_t; i++)
		if (same_ns(&ts[i], ns))
			best = i;
	if (best == SIZE_MAX && n_t > 0)
		best = 0;
	/* matched is in the files' order: the first is the other end. */
	qsort(matched, n_matched, sizeof *matched, cmp_size);
	if (n_t == 0) {
		diag_add(d, DIAG_NOTE, sel->line, sel->col, "spec.selector", "Service \"%s\" "
		    "selects %s; the files hold no pod template to check it against", name,
		    buf_cstr(&seltext));
		return;
	}
	if (n_matched == 0) {
		const struct tmpl *t = &ts[best];

		buf_printf(&m, "Service \"%s\" selects %s, which no pod template in the files "
		    "carries: the Service cannot find its endpoints (", name, buf_cstr(&seltext));
		other_end(&m, t, t->at);
		if (best_held == n_pairs)
			buf_printf(&m, " has these labels but is in namespace \"%s\", not \"%s\")",
			    t->ns, ns);
		else if (t->labels == NULL || t->labels->n == 0)
			buf_adds(&m, " has no labels)");
		else {
			buf_adds(&m, " has labels ");
			format_labels(&m, t->labels);
			buf_addc(&m, ')');
		}
		diag_add(d, DIAG_WARNING, sel->line, sel->col, "spec.selector", "%s",
		    buf_cstr(&m));
		return;
	}
	for (size_t i = 0; ports && ports->kind == YNODE_SEQ && i < ports->n; i++)
		if (ports->kids[i]->kind == YNODE_MAP) {
			ix->work += n_matched;
			check_port(name, ports->kids[i], fieldpath_index(p, "spec.ports", i), ts,
			    matched, n_matched, d);
		}
}

void
crossref_check(const struct crossref_doc *docs, size_t n, struct diag_list *d)
{
	struct tmpl *ts;
	struct index ix = { 0 };
	size_t *matched, n_t = 0, n_svc = 0;
	int saved = d->current_doc, saved_file = d->current_file;

	if (n == 0)
		return;
	ts = calloc(n, sizeof *ts);
	matched = calloc(n, sizeof *matched);
	for (size_t i = 0; ts && i < n; i++)
		if (!ynode_is_null(docs[i].root) && docs[i].root->kind == YNODE_MAP &&
		    template_of(&docs[i], &ts[n_t]))
			n_t++;
	if (ts == NULL || matched == NULL || !index_build(&ix, ts, n_t)) {
		diag_add(d, DIAG_ERROR, 0, 0, "", "out of memory checking Services against pod "
		    "templates");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const char *kind;

		if (ynode_is_null(docs[i].root) || docs[i].root->kind != YNODE_MAP)
			continue;
		kind = str_of(get(docs[i].root, "kind"));
		if (kind == NULL || strcmp(kind, "Service") != 0)
			continue;
		d->current_file = docs[i].file_index;
		d->current_doc = docs[i].doc;
		if (ix.work > CROSSREF_MAX_WORK) {
			const struct ynode *at = get(docs[i].root, "kind");
			diag_add(d, DIAG_NOTE, at->line, at->col, "kind", "this Service and those "
			    "after it are not checked against the pod templates: the check stopped "
			    "at its work limit after %zu Services against %zu templates", n_svc, n_t);
			break;
		}
		check_service(&docs[i], i, ts, n_t, &ix, matched, d);
		n_svc++;
	}
out:
	d->current_doc = saved;
	d->current_file = saved_file;
	index_free(&ix);
	free(ts);
	free(matched);
}

void
crossref_check_files(const struct decode_file *files, size_t n_files, struct diag_list *d)
{
	struct crossref_doc *cd;
	size_t n = 0, k = 0;

	for (size_t f = 0; f < n_files; f++)
		n += files[f].docs ? files[f].docs->n_docs : 0;
	if (n == 0)
		return;
	if ((cd = calloc(n, sizeof *cd)) == NULL) {
		diag_add(d, DIAG_ERROR, 0, 0, "", "out of memory checking Services against pod "
		    "templates");
		return;
	}
	for (size_t f = 0; f < n_files && f < INT32_MAX; f++)
		for (size_t i = 0; files[f].docs && i < files[f].docs->n_docs && i < INT32_MAX;
		    i++) {
			cd[k].root = files[f].docs->docs[i];
			cd[k].file = files[f].name;
			cd[k].file_index = (int)f;
			cd[k++].doc = (int)i + 1;
		}
	crossref_check(cd, k, d);
	free(cd);
}
