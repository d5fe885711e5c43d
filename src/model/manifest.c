/* manifest: read the file, run ynode -> schema check of every document ->
 * decode of the chosen one -> validate, print the diagnostics; the model
 * dump used by `check --dump` and golden tests.  `podinit check` itself is
 * cmd/check.c. */
#include "podinit/manifest.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "podinit/decode.h"
#include "podinit/strconv.h"
#include "podinit/units.h"
#include "podinit/validate.h"
#include "podinit/ynode.h"

static char *
dir_of(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	if (path == NULL || strcmp(path, "-") == 0 || slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* One input file of a load: its bytes and, once parsed, its documents. */
struct input {
	char	*name;		/* as given, or DIR/ENTRY for a directory's file */
	char	*data;
	size_t	 len;
	bool	 mapped;
	bool	 parsed;
	struct ydocs docs;
};

/* *pod_path: where the pod spec sits in the document ("spec",
 * "spec.template.spec", ...), a static string.  Every input is parsed
 * (a file that does not parse is an error of its own), then decoded
 * together. */
static int
decode_inputs(struct input *in, size_t n, const struct manifest_opts *o,
    struct pod_spec *out, struct diag_list *d, const char **pod_path)
{
	struct decode_file files[MANIFEST_MAX_FILES];
	char *dirs[MANIFEST_MAX_FILES] = { 0 };
	struct decode_opts dopt = { 0 };
	size_t errs = d->n_errors, n_ok = 0;
	int rc = -1;

	*pod_path = "spec";
	spec_pod_defaults(out);
	for (size_t i = 0; i < n && i < MANIFEST_MAX_FILES; i++) {
		struct yerror ye;

		d->current_file = (int)i;
		d->current_doc = 0;
		if (ynode_parse(in[i].data, in[i].len, &in[i].docs, &ye) == -1) {
			diag_add(d, DIAG_ERROR, ye.line, ye.col, "", "%s", ye.msg);
			ynode_free(&in[i].docs);
			continue;
		}
		in[i].parsed = true;
		if (in[i].docs.n_docs == 0)
			diag_add(d, DIAG_ERROR, 0, 0, "", "empty manifest: no YAML document");
		dirs[i] = dir_of(in[i].name);
		files[i].name = in[i].name;
		files[i].dir = dirs[i];
		files[i].docs = &in[i].docs;
		n_ok++;
	}
	dopt.source = o->path;
	dopt.dir = dirs[0];
	dopt.pod_name = o->pod_name;
	dopt.cli_argv = o->cli_argv;
	dopt.check_only = o->check_only;
	dopt.facts = o->facts;
	dopt.commands = o->commands;
	dopt.n_commands = o->n_commands;
	if (n_ok == n && d->n_errors == errs) {
		if ((rc = decode_pod_files(files, n, &dopt, out, pod_path, d)) == 0 ||
		    (rc == -1 && out->n_containers > 0))
			validate_pod(out, *pod_path, d);
	}
	spec_apply_overrides(out, &o->overrides);
	for (size_t i = 0; i < n && i < MANIFEST_MAX_FILES; i++) {
		free(dirs[i]);
		if (in[i].parsed)
			ynode_free(&in[i].docs);
		in[i].parsed = false;
	}
	if (d->n_errors != errs)
		return -1;
	return rc == 1 ? 1 : 0;
}

static int
decode_buffer(const char *data, size_t len, const struct manifest_opts *o,
    struct pod_spec *out, struct diag_list *d, const char **pod_path)
{
	struct input in = { .name = (char *)o->path, .data = (char *)data, .len = len };

	return decode_inputs(&in, 1, o, out, d, pod_path);
}

int
manifest_decode_buffer(const char *data, size_t len, const struct manifest_opts *o,
    struct pod_spec *out, struct diag_list *d)
{
	const char *pod_path;

	return decode_buffer(data, len, o, out, d, &pod_path);
}

/* Read a whole file (or stdin) up to one byte past the loader's limit, so
 * an oversized input is reported as such and never fully buffered.
 *
 * With `map`, a non-empty regular file within the limit is mapped instead
 * (*mapped is set; munmap it): no copy, and no anonymous pages to fault
 * in, which on a virtual machine is a tenth of `check` on a big manifest.
 * Only `check` asks for it: a file truncated under the mapping raises
 * SIGBUS, which a command may die of but PID 1 must not. */
static char *
read_all(const char *path, bool map, bool *mapped, size_t *lenp, char *errbuf,
    size_t errsz)
{
	int fd;
	size_t cap = 64 * 1024, len = 0, limit = (size_t)YNODE_MAX_INPUT + 1;
	char *buf;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(errbuf, errsz, "cannot open: %s", strerror(errno));
		return NULL;
	}
	/* A regular file's size is known: one allocation, no copying. */
	struct stat st;
	*mapped = false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0)
		cap = (size_t)st.st_size + 1 < limit ? (size_t)st.st_size + 1 : limit;
	if (map && S_ISREG(st.st_mode) && st.st_size > 0 && (size_t)st.st_size < limit) {
		buf = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE,
		    fd, 0);
		if (buf != MAP_FAILED) {
			if (fd != STDIN_FILENO)
				close(fd);
			*mapped = true;
			*lenp = (size_t)st.st_size;
			return buf;
		}
	}
	buf = malloc(cap);
	while (buf != NULL) {
		if (len == cap) {
			size_t ncap = cap * 2 > limit ? limit : cap * 2;
			char *nb = ncap > cap ? realloc(buf, ncap) : NULL;
			if (nb == NULL) {
				if (ncap > cap) {
					free(buf);
					buf = NULL;
					snprintf(errbuf, errsz, "out of memory");
				}
				break;
			}
			buf = nb;
			cap = ncap;
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r == 0)
			break;
		if (r == -1) {
			if (errno == EINTR)
				continue;
			snprintf(errbuf, errsz, "cannot read: %s", strerror(errno));
			free(buf);
			buf = NULL;
			break;
		}
		len += (size_t)r;
	}
	if (buf == NULL && errbuf[0] == '\0')
		snprintf(errbuf, errsz, "out of memory");
	if (fd != STDIN_FILENO)
		close(fd);
	*lenp = len;
	return buf;
}

const char *
manifest_display_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* kubectl apply -f DIR: the files whose names end so (not recursive). */
static bool
manifest_file_name(const char *name)
{
	static const char *const ext[] = { ".yaml", ".yml", ".json" };
	size_t n = strlen(name);

	if (name[0] == '.')
		return false;
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		size_t e = strlen(ext[i]);
		if (n > e && strcmp(name + n - e, ext[i]) == 0)
			return true;
	}
	return false;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add path's files to in[*n]: the path itself, or a directory's
 * manifests in name order (byte order, as kubectl's filepath.Walk).
 * Each file's name is stamped on d.  -1 after an error (said in d). */
static int
add_path(const char *path, struct input *in, size_t *n, struct diag_list *d)
{
	struct stat st;
	DIR *dir;
	struct dirent *e;
	char **names = NULL;
	size_t nn = 0, cap = 0;
	int rc = 0;

	if (strcmp(path, "-") == 0 || stat(path, &st) == -1 || !S_ISDIR(st.st_mode)) {
		if (*n >= MANIFEST_MAX_FILES)
			goto too_many;
		in[*n].name = strdup(path);
		if (in[*n].name == NULL || diag_set_file(d, *n, manifest_display_name(path)) == -1)
			goto oom;
		(*n)++;
		return 0;
	}
	if ((dir = opendir(path)) == NULL) {
		diag_add(d, DIAG_ERROR, 0, 0, "", "%s: cannot read the directory: %s", path,
		    strerror(errno));
		return -1;
	}
	while ((e = readdir(dir)) != NULL) {
		if (!manifest_file_name(e->d_name))
			continue;
		if (nn == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **nv = realloc(names, ncap * sizeof *nv);
			if (nv == NULL)
				break;
			names = nv;
			cap = ncap;
		}
		if ((names[nn] = strdup(e->d_name)) == NULL)
			break;
		nn++;
	}
	closedir(dir);
	if (nn > 1)
		qsort(names, nn, sizeof *names, name_cmp);
	if (nn == 0) {
		diag_add(d, DIAG_ERROR, 0, 0, "", "%s: no *.yaml, *.yml or *.json file in the "
		    "directory", path);
		rc = -1;
	}
	for (size_t i = 0; i < nn && rc == 0; i++) {
		size_t pl = strlen(path);
		char *full;

		if (*n >= MANIFEST_MAX_FILES) {
			rc = -1;
			diag_add(d, DIAG_ERROR, 0, 0, "", "more than %d manifest files",
			    MANIFEST_MAX_FILES);
			break;
		}
		if ((full = malloc(pl + strlen(names[i]) + 2)) == NULL) {
			rc = -1;
			break;
		}
		sprintf(full, "%s%s%s", path, pl > 0 && path[pl - 1] == '/' ? "" : "/", names[i]);
		in[*n].name = full;
		if (diag_set_file(d, *n, full) == -1) {
			rc = -1;
			break;
		}
		(*n)++;
	}
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	return rc;
too_many:
	diag_add(d, DIAG_ERROR, 0, 0, "", "more than %d manifest files", MANIFEST_MAX_FILES);
	return -1;
oom:
	diag_add(d, DIAG_ERROR, 0, 0, "", "out of memory");
	return -1;
}

/* The inputs a load read: kept by manifest_load_keep for a Job's later
 * pods (SPEC §9), else freed when the load ends. */
struct manifest_inputs {
	struct input in[MANIFEST_MAX_FILES];
	size_t	 n;
};

static void
inputs_release(struct manifest_inputs *ins)
{
	for (size_t i = 0; i < ins->n; i++) {
		if (ins->in[i].mapped)
			munmap(ins->in[i].data, ins->in[i].len);
		else
			free(ins->in[i].data);
		free(ins->in[i].name);
	}
	ins->n = 0;
}

/* Name every path's files in ins (stamped on d) and read them. */
static int
inputs_read(const struct manifest_opts *o, struct manifest_inputs *ins, struct diag_list *d)
{
	const char *one[1] = { o->path };
	const char *const *paths = o->paths && o->n_paths ? o->paths : one;
	size_t n_paths = o->paths && o->n_paths ? o->n_paths : 1;
	bool stdin_read = false;

	for (size_t i = 0; i < n_paths; i++) {
		d->current_file = (int)ins->n;
		if (strcmp(paths[i], "-") == 0 && stdin_read) {
			diag_add(d, DIAG_ERROR, 0, 0, "", "standard input (-) given twice");
			return -1;
		}
		stdin_read |= strcmp(paths[i], "-") == 0;
		if (add_path(paths[i], ins->in, &ins->n, d) == -1)
			return -1;
	}
	for (size_t i = 0; i < ins->n; i++) {
		char errbuf[256] = "";

		ins->in[i].data = read_all(ins->in[i].name, o->check_only, &ins->in[i].mapped,
		    &ins->in[i].len, errbuf, sizeof errbuf);
		if (ins->in[i].data == NULL) {
			d->current_file = (int)i;
			diag_add(d, DIAG_ERROR, 0, 0, "", "%s", errbuf);
			return -1;
		}
	}
	return 0;
}

/* Decode what was read: one file keeps its messages as they always
 * were (no file table). */
static int
inputs_decode(struct manifest_inputs *ins, const struct manifest_opts *o, struct pod_spec *out,
    struct diag_list *d, const char **pod_path)
{
	int rc;

	if (ins->n == 1) {
		free(d->files[0]);
		d->files[0] = NULL;
		d->n_files = 0;
	}
	rc = decode_inputs(ins->in, ins->n, o, out, d, pod_path);
	if (ins->n == 1)
		d->current_file = 0;
	return rc;
}

int
manifest_load_diag(const struct manifest_opts *o, struct pod_spec *out, struct diag_list *d,
    const char **pod_path)
{
	static struct manifest_inputs ins;
	int rc = -1;

	spec_pod_defaults(out);
	*pod_path = "spec";
	memset(&ins, 0, sizeof ins);
	if (inputs_read(o, &ins, d) == 0)
		rc = inputs_decode(&ins, o, out, d, pod_path);
	else if (ins.n == 1)
		d->current_file = 0;
	inputs_release(&ins);
	return rc;
}

/* The inputs as one label for a verdict: "a.yaml", "a.yaml, dir/". */
void
manifest_label(const struct manifest_opts *o, char *out, size_t outsz)
{
	size_t used = 0;

	out[0] = '\0';
	if (o->paths == NULL || o->n_paths == 0) {
		snprintf(out, outsz, "%s", manifest_display_name(o->path));
		return;
	}
	for (size_t i = 0; i < o->n_paths && used < outsz; i++)
		used += (size_t)snprintf(out + used, outsz - used, "%s%s", i ? ", " : "",
		    manifest_display_name(o->paths[i]));
}

/* Sort and print a load's diagnostics; free *out when it failed. */
static int
load_report(const struct manifest_opts *o, struct diag_list *d, int rc, struct pod_spec *out)
{
	char label[1024];

	diag_sort(d);
	manifest_label(o, label, sizeof label);
	diag_print(stderr, d, label, "podinit: ", false);
	diag_free(d);
	if (rc == -1)
		spec_free(out);
	return rc;
}

int
manifest_load(const struct manifest_opts *o, struct pod_spec *out)
{
	struct diag_list d;
	const char *pod_path;

	diag_init(&d);
	return load_report(o, &d, manifest_load_diag(o, out, &d, &pod_path), out);
}

int
manifest_load_keep(const struct manifest_opts *o, struct pod_spec *out,
    struct manifest_inputs **keep)
{
	struct manifest_inputs *ins = calloc(1, sizeof *ins);
	struct diag_list d;
	const char *pod_path;
	int rc = -1;

	*keep = NULL;
	diag_init(&d);
	spec_pod_defaults(out);
	if (ins == NULL)
		diag_add(&d, DIAG_ERROR, 0, 0, "", "out of memory");
	else if (inputs_read(o, ins, &d) == 0)
		rc = inputs_decode(ins, o, out, &d, &pod_path);
	if (rc == 0 && !o->check_only) {
		*keep = ins;
	} else if (ins != NULL) {
		inputs_release(ins);
		free(ins);
	}
	return load_report(o, &d, rc, out);
}

int
manifest_reload(struct manifest_inputs *ins, const struct manifest_opts *o, struct pod_spec *out)
{
	struct diag_list d;
	const char *pod_path;

	diag_init(&d);
	spec_pod_defaults(out);
	for (size_t i = 0; ins->n > 1 && i < ins->n; i++)
		if (diag_set_file(&d, i, manifest_display_name(ins->in[i].name)) == -1) {
			diag_add(&d, DIAG_ERROR, 0, 0, "", "out of memory");
			return load_report(o, &d, -1, out);
		}
	return load_report(o, &d, inputs_decode(ins, o, out, &d, &pod_path), out);
}

void
manifest_inputs_free(struct manifest_inputs *ins)
{
	if (ins == NULL)
		return;
	inputs_release(ins);
	free(ins);
}

/* ---- dump ---- */

/* The model keeps ns; the dump shows the manifest's seconds (a fraction
 * from the command line is cut off). */
static int64_t
whole_seconds(int64_t ns)
{
	return ns / NS_PER_SEC;
}

static void
qstr(FILE *f, const char *s)
{
	if (s == NULL) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", f);
		else if (ch == '\t')
			fputs("\\t", f);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(f, "\\x%02x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void
qlist(FILE *f, char *const *v, size_t n)
{
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", f);
		qstr(f, v[i]);
	}
	fputc(']', f);
}

static const char *
tri(int v)
{
	return v == -1 ? "unset" : v ? "true" : "false";
}

static void
dump_secctx(FILE *f, const char *ind, const struct secctx_spec *s, bool pod)
{
	static const char *const sk[] = {
		[SECCOMP_UNSET] = "unset", [SECCOMP_UNCONFINED] = "Unconfined",
		[SECCOMP_RUNTIME_DEFAULT] = "RuntimeDefault", [SECCOMP_LOCALHOST] = "Localhost",
	};

	fprintf(f, "%ssecurityContext:", ind);
	if (s->has_run_as_user)
		fprintf(f, " runAsUser=%" PRId64, s->run_as_user);
	if (s->has_run_as_group)
		fprintf(f, " runAsGroup=%" PRId64, s->run_as_group);
	fprintf(f, " runAsNonRoot=%s", tri(s->run_as_non_root));
	if (pod) {
		if (s->has_fs_group)
			fprintf(f, " fsGroup=%" PRId64, s->fs_group);
		fputs(" supplementalGroups=[", f);
		for (size_t i = 0; i < s->n_supplemental_groups; i++)
			fprintf(f, "%s%" PRId64, i ? "," : "", s->supplemental_groups[i]);
		fputc(']', f);
	} else {
		fprintf(f, " allowPrivilegeEscalation=%s privileged=%s readOnlyRootFilesystem=%s",
		    tri(s->allow_privilege_escalation), tri(s->privileged),
		    tri(s->read_only_root_filesystem));
		fputs(" capAdd=", f);
		qlist(f, s->cap_add, s->n_cap_add);
		fputs(" capDrop=", f);
		qlist(f, s->cap_drop, s->n_cap_drop);
	}
	fprintf(f, " seccomp=%s", sk[s->seccomp]);
	if (s->seccomp_localhost_profile) {
		fputc(' ', f);
		qstr(f, s->seccomp_localhost_profile);
	}
	fputc('\n', f);
}

static void
dump_handler(FILE *f, const struct handler_spec *h)
{
	switch (h->kind) {
	case HANDLER_NONE:
		fputs("none", f);
		break;
	case HANDLER_EXEC:
		fputs("exec ", f);
		qlist(f, h->command, h->n_command);
		break;
	case HANDLER_HTTP_GET:
		fprintf(f, "httpGet %s://%s:%d path=", h->https ? "https" : "http", h->host, h->port);
		qstr(f, h->path);
		for (size_t i = 0; i < h->n_headers; i++) {
			fprintf(f, " header %s=", h->headers[i].name);
			qstr(f, h->headers[i].value);
		}
		break;
	case HANDLER_TCP_SOCKET:
		fprintf(f, "tcpSocket %s:%d", h->host, h->port);
		break;
	case HANDLER_GRPC:
		fprintf(f, "grpc %s:%d service=", h->host, h->port);
		qstr(f, h->grpc_service);
		break;
	case HANDLER_SLEEP:
		fprintf(f, "sleep %" PRId64 "s", whole_seconds(h->sleep_ns));
		break;
	}
	if (h->port_name)
		fprintf(f, " (port %s)", h->port_name);
	fputc('\n', f);
}

/* What SPEC §7 adds to the pod, each line only when it says more than the
 * default (so a plain manifest's dump is as it was); a Secret's bytes
 * never, only their sizes. */
static void
dump_identity(FILE *f, const struct pod_spec *p)
{
	for (size_t i = 0; i < p->n_labels; i++) {
		fprintf(f, "label %s=", p->labels[i].key);
		qstr(f, p->labels[i].value);
		fputc('\n', f);
	}
	for (size_t i = 0; i < p->n_annotations; i++) {
		fprintf(f, "annotation %s=", p->annotations[i].key);
		qstr(f, p->annotations[i].value);
		fputc('\n', f);
	}
	if (p->hostname && p->name && strcmp(p->hostname, p->name) != 0) {
		fputs("hostname: ", f);
		qstr(f, p->hostname);
		fputc('\n', f);
	}
	if (p->service_account_name && strcmp(p->service_account_name, "default") != 0) {
		fputs("serviceAccountName: ", f);
		qstr(f, p->service_account_name);
		fputc('\n', f);
	}
	if (p->share_process_namespace)
		fputs("shareProcessNamespace: true\n", f);
	for (size_t i = 0; i < p->n_configs; i++) {
		const struct config_object *o = &p->configs[i];
		fprintf(f, "%s %s/%s", spec_config_kind_name(o->kind), o->namespace, o->name);
		if (o->type)
			fprintf(f, " type=%s", o->type);
		for (size_t j = 0; j < o->n_entries; j++) {
			const struct config_entry *e = &o->entries[j];
			if (o->kind == CONFIG_SECRET || e->binary) {
				fprintf(f, " %s=(%zu bytes)", e->key, e->len);
			} else {
				fprintf(f, " %s=", e->key);
				qstr(f, e->value);
			}
		}
		fputc('\n', f);
	}
}

/* The pod's volumes (SPEC §7): each one's source and, for the payload
 * volumes, its resolved files (their sizes: a Secret's bytes are never
 * shown, and a ConfigMap's are in its own line). */
static void
dump_volumes(FILE *f, const struct pod_spec *p)
{
	for (size_t i = 0; i < p->n_volumes; i++) {
		const struct volume_spec *v = &p->volumes[i];

		fputs("volume ", f);
		qstr(f, v->name);
		fprintf(f, " %s", spec_volume_type_name(v->type));
		switch (v->type) {
		case VOLUME_EMPTY_DIR:
			if (v->medium_memory)
				fputs(" medium=Memory", f);
			if (v->size_limit_bytes > 0)
				fprintf(f, " sizeLimit=%" PRId64, v->size_limit_bytes);
			break;
		case VOLUME_HOST_PATH:
			fputc(' ', f);
			qstr(f, v->path);
			if (v->host_path_type && v->host_path_type[0])
				fprintf(f, " type=%s", v->host_path_type);
			break;
		case VOLUME_PVC:
			fputs(" claim=", f);
			qstr(f, v->path);
			fprintf(f, "%s%s", v->read_only ? " readOnly" : "",
			    v->claim_template ? " (volumeClaimTemplate)" : "");
			break;
		default:
			if (v->default_mode != 0644)
				fprintf(f, " defaultMode=%04o", (unsigned)v->default_mode);
			break;
		}
		fputc('\n', f);
		for (size_t j = 0; j < v->n_sources; j++) {
			const struct volume_source *so = &v->sources[j];
			fprintf(f, "  source %s", spec_volume_type_name(so->type));
			if (so->name) {
				fputc(' ', f);
				qstr(f, so->name);
			}
			fprintf(f, "%s%s\n", so->optional ? " optional" : "",
			    so->missing ? " (not in the files)" : "");
		}
		for (size_t j = 0; j < v->n_files; j++) {
			fputs("  file ", f);
			qstr(f, v->files[j].path);
			fprintf(f, " mode=%04o (%zu bytes)\n", (unsigned)v->files[j].mode,
			    v->files[j].len);
		}
	}
}

static void
dump_mounts(FILE *f, const struct container_spec *c)
{
	for (size_t j = 0; j < c->n_mounts; j++) {
		const struct volume_mount *m = &c->mounts[j];
		fputs("  mount ", f);
		qstr(f, m->name);
		fputs(" at ", f);
		qstr(f, m->mount_path);
		if (m->sub_path) {
			fputs(" subPath=", f);
			qstr(f, m->sub_path);
		}
		if (m->sub_path_expr) {
			fputs(" subPathExpr=", f);
			qstr(f, m->sub_path_expr);
		}
		fprintf(f, "%s\n", m->read_only ? " readOnly" : "");
	}
}

/* One variable: its value (a Secret's hidden) and where it came from. */
static void
dump_env(FILE *f, const struct container_spec *c, const struct env_var *e)
{
	bool secret = spec_env_from_secret(c, e);

	fprintf(f, "  env %s=", e->name);
	if (e->absent)
		fputs("(absent)", f);
	else if (secret)
		fputs("(secret)", f);
	else
		qstr(f, e->value);
	switch (e->source) {
	case ENV_SOURCE_VALUE:
		break;
	case ENV_SOURCE_FIELD:
		fprintf(f, " fieldRef=%s", e->ref);
		break;
	case ENV_SOURCE_RESOURCE:
		fprintf(f, " resourceFieldRef=%s%s%s divisor=%s", e->ref, e->key ? " of " : "",
		    e->key ? e->key : "", e->divisor ? e->divisor : "1");
		break;
	case ENV_SOURCE_CONFIGMAP_KEY:
		fprintf(f, " configMapKeyRef=%s/%s%s", e->ref, e->key, e->optional ? " optional" : "");
		break;
	case ENV_SOURCE_SECRET_KEY:
		fprintf(f, " secretKeyRef=%s/%s%s", e->ref, e->key, e->optional ? " optional" : "");
		break;
	case ENV_SOURCE_ENV_FROM:
		fprintf(f, " envFrom[%zu]", e->from);
		break;
	}
	fputc('\n', f);
}

/* The container's own restartPolicy (a sidecar's Always is said by
 * "sidecar") and its restartPolicyRules, in order. */
static void
dump_restart(FILE *f, const struct container_spec *c)
{
	if (c->has_restart_policy && !c->is_sidecar)
		fprintf(f, "  restartPolicy: %s\n", spec_restart_policy_name(c->restart_policy));
	for (size_t j = 0; j < c->n_restart_rules; j++) {
		const struct restart_rule *r = &c->restart_rules[j];

		fprintf(f, "  restartPolicyRules[%zu]: %s exitCodes %s [", j,
		    spec_restart_rule_action_name(r->action), r->not_in ? "NotIn" : "In");
		for (size_t k = 0; k < r->n_values; k++)
			fprintf(f, "%s%d", k ? ", " : "", (int)r->values[k]);
		fputs("]\n", f);
	}
}

/* SPEC §9: the Job the pod belongs to, after the defaults; the fields
 * given only (a 0 or false the manifest did not write is not shown). */
static void
dump_job(FILE *f, const struct job_spec *j)
{
	if (!j->present)
		return;
	fputs("job ", f);
	qstr(f, j->name);
	fputs(" uid=", f);
	qstr(f, j->uid);
	fprintf(f, "%s completionMode=%s completions=%d%s parallelism=%d backoffLimit=%d\n",
	    j->from_cronjob ? " (a CronJob's, run once)" : "",
	    spec_job_completion_mode_name(j->completion_mode), (int)j->completions,
	    j->completions_set ? "" : " (unset)", (int)j->parallelism, (int)j->backoff_limit);
	if (j->completion_index >= 0)
		fprintf(f, "  completionIndex: %d\n", (int)j->completion_index);
	if (j->has_active_deadline)
		fprintf(f, "  activeDeadlineSeconds: %" PRId64 "\n", whole_seconds(j->active_deadline_ns));
	if (j->has_backoff_limit_per_index)
		fprintf(f, "  backoffLimitPerIndex: %d\n", (int)j->backoff_limit_per_index);
	if (j->has_max_failed_indexes)
		fprintf(f, "  maxFailedIndexes: %d\n", (int)j->max_failed_indexes);
	if (j->suspend)
		fputs("  suspend: true\n", f);
	if (j->has_failure_policy)
		fprintf(f, "  podFailurePolicy: %zu rule%s\n", j->n_rules, j->n_rules == 1 ? "" : "s");
	for (size_t i = 0; i < j->n_rules; i++) {
		const struct job_failure_rule *r = &j->rules[i];

		fprintf(f, "  rules[%zu]: %s", i, spec_job_action_name(r->action));
		if (r->has_exit_codes) {
			fputs(" onExitCodes", f);
			if (r->container_name) {
				fputs(" container=", f);
				qstr(f, r->container_name);
			}
			fprintf(f, " %s [", r->op == JOB_EXIT_NOT_IN ? "NotIn" : "In");
			for (size_t k = 0; k < r->n_values; k++)
				fprintf(f, "%s%d", k ? ", " : "", (int)r->values[k]);
			fputc(']', f);
		}
		if (r->n_conditions > 0)
			fputs(" onPodConditions", f);
		for (size_t k = 0; k < r->n_conditions; k++)
			fprintf(f, "%s %s=%s", k ? "," : "", r->conditions[k].type ?
			    r->conditions[k].type : "?", r->conditions[k].status);
		fputc('\n', f);
	}
}

void
manifest_dump(FILE *f, const struct pod_spec *p)
{
	static const char *const pn[PROBE_TYPE_COUNT] = {
		[PROBE_LIVENESS] = "livenessProbe", [PROBE_READINESS] = "readinessProbe",
		[PROBE_STARTUP] = "startupProbe",
	};

	fputs("pod ", f);
	qstr(f, p->name);
	fprintf(f, " kind=%s namespace=", p->kind ? p->kind : "Pod");
	qstr(f, p->namespace);
	fputc('\n', f);
	dump_job(f, &p->job);
	fprintf(f, "restartPolicy: %s\n", spec_restart_policy_name(p->restart_policy));
	fprintf(f, "terminationGracePeriodSeconds: %" PRId64 "\n",
	    whole_seconds(p->termination_grace_ns));
	if (p->active_deadline_ns > 0)
		fprintf(f, "activeDeadlineSeconds: %" PRId64 "\n", whole_seconds(p->active_deadline_ns));
	if (p->has_security)
		dump_secctx(f, "", &p->security, true);
	dump_identity(f, p);
	dump_volumes(f, p);
	for (size_t i = 0; i < p->n_containers; i++) {
		const struct container_spec *c = &p->containers[i];

		fprintf(f, "%s[%zu] ", c->is_init ? "initContainer" : "container",
		    c->is_init ? i : i - p->n_init);
		qstr(f, c->name);
		if (c->is_sidecar)
			fputs(" sidecar", f);
		fputc('\n', f);
		fputs("  argv: ", f);
		if (c->argv)
			qlist(f, c->argv, c->argc);
		else
			fputs("none", f);
		fprintf(f, "%s\n", c->has_command ? "" : " (no command in manifest)");
		if (c->image) {
			fputs("  image: ", f);
			qstr(f, c->image);
			fputc('\n', f);
		}
		dump_restart(f, c);
		if (c->working_dir) {
			fputs("  workingDir: ", f);
			qstr(f, c->working_dir);
			fputc('\n', f);
		}
		for (size_t j = 0; j < c->n_env_from; j++) {
			const struct env_from_spec *ef = &c->env_from[j];
			fprintf(f, "  envFrom[%zu] %s ", j, ef->kind == CONFIG_SECRET ? "secretRef" :
			    "configMapRef");
			qstr(f, ef->name);
			if (ef->prefix) {
				fputs(" prefix=", f);
				qstr(f, ef->prefix);
			}
			fprintf(f, "%s\n", ef->optional ? " optional" : "");
		}
		for (size_t j = 0; j < c->n_env; j++)
			dump_env(f, c, &c->env[j]);
		for (size_t j = 0; j < c->n_env_notices; j++) {
			fputs("  notice ", f);
			qstr(f, c->env_notices[j]);
			fputc('\n', f);
		}
		dump_mounts(f, c);
		for (size_t j = 0; j < c->n_ports; j++)
			fprintf(f, "  port %s=%d/%s\n", c->ports[j].name ? c->ports[j].name : "-",
			    c->ports[j].container_port, c->ports[j].protocol);
		for (int t = 0; t < PROBE_TYPE_COUNT; t++) {
			const struct probe_spec *pr = &c->probes[t];
			if (!pr->present)
				continue;
			fprintf(f, "  %s: ", pn[t]);
			dump_handler(f, &pr->handler);
			fprintf(f, "    initialDelaySeconds=%" PRId64 " timeoutSeconds=%" PRId64
			    " periodSeconds=%" PRId64 " successThreshold=%d failureThreshold=%d",
			    whole_seconds(pr->initial_delay_ns), whole_seconds(pr->timeout_ns),
			    whole_seconds(pr->period_ns), pr->success_threshold, pr->failure_threshold);
			if (pr->has_termination_grace)
				fprintf(f, " terminationGracePeriodSeconds=%" PRId64,
				    whole_seconds(pr->termination_grace_ns));
			fputc('\n', f);
		}
		if (c->post_start.kind != HANDLER_NONE) {
			fputs("  postStart: ", f);
			dump_handler(f, &c->post_start);
		}
		if (c->pre_stop.kind != HANDLER_NONE) {
			fputs("  preStop: ", f);
			dump_handler(f, &c->pre_stop);
		}
		if (c->stop_signal)
			fprintf(f, "  stopSignal: %s\n", strconv_signal_name(c->stop_signal));
		if (c->has_security)
			dump_secctx(f, "  ", &c->security, false);
		if (c->memory_limit_bytes || c->cpu_limit_milli)
			fprintf(f, "  limits: memory=%" PRId64 " cpu=%" PRId64 "m\n",
			    c->memory_limit_bytes, c->cpu_limit_milli);
		fputs("  terminationMessagePath: ", f);
		qstr(f, c->termination_message_path);
		if (c->fallback_to_logs)
			fputs("\n  terminationMessagePolicy: FallbackToLogsOnError", f);
		fprintf(f, "\n  tty=%s stdin=%s\n", c->tty ? "true" : "false",
		    c->stdin_open ? "true" : "false");
	}
}
