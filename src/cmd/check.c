/* check: `podinit check`, the manifest loader run for a person or a CI job:
 * every diagnostic of the schema check (every document), decode and
 * validate, plus what secctx_prepare would refuse at start-up (seccomp
 * profile files and the like), then a one-line verdict and, with --dump or
 * -v, the decoded model; or, with -o json, the diagnostics alone as JSON.
 * --strict makes a warning fail the check as an error does. */
#include "podinit/check.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "podinit/cli.h"
#include "podinit/diag.h"
#include "podinit/manifest.h"
#include "podinit/secctx.h"
#include "podinit/spec.h"

/*
 * What secctx_prepare would refuse at start-up (a seccomp profile file that
 * is missing or invalid, ...), as diagnostics at the securityContext that
 * asked for it.  Only run on an otherwise valid model: decode and validate
 * already report unknown capabilities and the like, with better positions,
 * and secctx must not see a half-decoded spec.  A problem that comes from
 * the pod-level context is reported once, not once per container.
 *
 * What only the node refuses is a warning, not an error (the API server
 * accepts it; a run fails that container's start): an unknown capability
 * and runAsNonRoot with uid 0 are decode's and validate's warnings, and
 * secctx_check_spec leaves them out; a Localhost profile found neither
 * under --seccomp-root nor next to the manifest is one here (kubelet
 * reads it on the node).
 *
 * A container without a securityContext of its own gets the pod's, so
 * once one of them passed, all of them pass: only the container's name
 * would differ, and it only appears in messages.  Preparing each of 1,000
 * such containers (credentials, a seccomp filter compiled) again would
 * cost more than decoding them.
 */
/* The container's Localhost profile (its own, else the pod's) is found
 * neither under --seccomp-root nor next to the manifest. */
static bool
profile_absent(const struct pod_spec *pod, const struct container_spec *c)
{
	const struct secctx_spec *s = c->has_security && c->security.seccomp != SECCOMP_UNSET
	    ? &c->security : pod->has_security ? &pod->security : NULL;
	const char *path;
	char buf[4096];

	if (s == NULL || s->seccomp != SECCOMP_LOCALHOST)
		return false;
	path = secctx_localhost_path(pod, s, buf, sizeof buf);
	return path != NULL && access(path, F_OK) == -1 && errno == ENOENT;
}

static void
check_security(struct pod_spec *pod, const char *pod_path, struct diag_list *d)
{
	bool pod_reported = false, plain_ok = false;

	for (size_t i = 0; i < pod->n_containers; i++) {
		struct container_spec *c = &pod->containers[i];
		struct pod_spec one = *pod;	/* a view with this container only; never freed */
		const struct secctx_spec *where;
		const char *msg, *prof;
		char err[1024], prefix[160], path[256];
		bool seccomp, pod_level;

		if (!c->has_security && plain_ok)
			continue;
		one.containers = c;
		one.n_containers = 1;
		if (secctx_check_spec(&one, err, sizeof err) == 0) {
			if (!c->has_security)
				plain_ok = true;
			continue;
		}
		/* "container NAME: " is said by the field path already */
		snprintf(prefix, sizeof prefix, "container %s: ", c->name ? c->name : "");
		msg = strncmp(err, prefix, strlen(prefix)) == 0 ? err + strlen(prefix) : err;
		/* The container's seccompProfile wins over the pod's (secctx's merge). */
		if (c->has_security && c->security.seccomp != SECCOMP_UNSET)
			prof = c->security.seccomp_localhost_profile;
		else
			prof = pod->has_security ? pod->security.seccomp_localhost_profile : NULL;
		seccomp = strstr(msg, "seccomp") != NULL ||
		    (prof != NULL && prof[0] != '\0' && strstr(msg, prof) != NULL);
		pod_level = seccomp && pod->has_security &&
		    !(c->has_security && c->security.seccomp != SECCOMP_UNSET);
		if (pod_level) {
			if (pod_reported)
				continue;
			pod_reported = true;
			where = &pod->security;
			snprintf(path, sizeof path, "%s.securityContext.seccompProfile", pod_path);
		} else {
			where = c->has_security ? &c->security : pod->has_security ? &pod->security : NULL;
			if (i < pod->n_init)
				snprintf(path, sizeof path, "%s.initContainers[%zu].securityContext%s",
				    pod_path, i, seccomp ? ".seccompProfile" : "");
			else
				snprintf(path, sizeof path, "%s.containers[%zu].securityContext%s",
				    pod_path, i - pod->n_init, seccomp ? ".seccompProfile" : "");
		}
		if (seccomp && profile_absent(pod, c)) {
			diag_add(d, DIAG_WARNING, where ? where->mark.line : c->mark.line,
			    where ? where->mark.col : c->mark.col, path, "%s: kubelet reads "
			    "localhostProfile on the node; the container will not start where it "
			    "is absent (give --seccomp-root DIR to check against a copy)", msg);
			continue;
		}
		diag_add(d, DIAG_ERROR, where ? where->mark.line : c->mark.line,
		    where ? where->mark.col : c->mark.col, path, "%s", msg);
	}
}

static int
usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "podinit: check: %s\n", msg);
	fprintf(stderr, "usage: podinit check [-v] [--dump] [--strict] [-o text|json] [--pod NAME] "
	    "[--seccomp-root DIR] [--command NAME='CMD ARG...'] -f FILE|DIR... "
	    "[-- COMMAND [ARG...]]\n");
	if (msg == NULL)
		fputs("  -f, --file FILE     the manifest (- for stdin), repeatable; a directory's\n"
		    "                      *.yaml, *.yml, *.json in name order; every document is\n"
		    "                      checked\n"
		    "  --command NAME='CMD ARG...'  container NAME's entrypoint\n"
		    "  --pod NAME          decode the document with metadata.name NAME\n"
		    "  -v, --verbose       also notes (fields validated, not acted on by podinit),\n"
		    "                      and the decoded model\n"
		    "  --dump              print the decoded model\n"
		    "  --strict            warnings count as errors (exit 1)\n"
		    "  --seccomp-root DIR  where Localhost seccomp profiles are (kubelet's\n"
		    "                      <root>/seccomp); then next to the manifest\n"
		    "  -o, --output FORMAT text (the default) or json: the diagnostics as a JSON\n"
		    "                      array on stdout, no verdict line\n", stderr);
	return 125;
}

static bool
add_file(const char **files, size_t *n, const char *f)
{
	if (*n == CLI_MAX_MANIFESTS)
		return false;
	files[(*n)++] = f;
	return true;
}

/* As cli.c's --command: NAME='CMD ARG...'. */
static bool
add_command(const char **commands, size_t *n, const char *c)
{
	const char *eq = strchr(c, '=');

	if (eq == NULL || eq == c || *n == CLI_MAX_COMMANDS)
		return false;
	commands[(*n)++] = c;
	return true;
}

/* -o / --output: "text" or "json"; false for anything else. */
static bool
parse_output(const char *v, bool *json)
{
	if (strcmp(v, "json") == 0)
		*json = true;
	else if (strcmp(v, "text") == 0)
		*json = false;
	else
		return false;
	return true;
}

int
check_command_main(int argc, char **argv)
{
	static const char *files[CLI_MAX_MANIFESTS];
	static const char *commands[CLI_MAX_COMMANDS];
	struct manifest_opts o = { .check_only = true };
	size_t n_files = 0, n_commands = 0;
	char label[1024];
	struct pod_spec pod;
	struct diag_list d;
	bool verbose = false, dump = false, strict = false, json = false;
	const char *file = NULL, *pod_path;
	int i, rc;
	bool failed;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		} else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			verbose = true;
		} else if (strcmp(a, "--dump") == 0) {
			dump = true;
		} else if (strcmp(a, "--strict") == 0) {
			strict = true;
		} else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
			if (i + 1 >= argc)
				return usage("option needs an argument");
			if (!parse_output(argv[++i], &json))
				return usage("output format must be text or json");
		} else if (strncmp(a, "--output=", 9) == 0) {
			if (!parse_output(a + 9, &json))
				return usage("output format must be text or json");
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(NULL);
			return 0;
		} else if (strcmp(a, "-f") == 0 || strcmp(a, "--file") == 0 ||
		    strcmp(a, "--pod") == 0 || strcmp(a, "--seccomp-root") == 0 ||
		    strcmp(a, "--command") == 0) {
			if (i + 1 >= argc)
				return usage("option needs an argument");
			if (strcmp(a, "--pod") == 0)
				o.pod_name = argv[++i];
			else if (strcmp(a, "--seccomp-root") == 0)
				o.overrides.seccomp_root = argv[++i];
			else if (strcmp(a, "--command") == 0) {
				if (!add_command(commands, &n_commands, argv[++i]))
					return usage("--command: expected NAME='CMD ARG...'");
			} else if (!add_file(files, &n_files, argv[++i]))
				return usage("too many files");
		} else if (strncmp(a, "--seccomp-root=", 15) == 0) {
			o.overrides.seccomp_root = a + 15;
		} else if (strncmp(a, "--file=", 7) == 0) {
			if (!add_file(files, &n_files, a + 7))
				return usage("too many files");
		} else if (strncmp(a, "--command=", 10) == 0) {
			if (!add_command(commands, &n_commands, a + 10))
				return usage("--command: expected NAME='CMD ARG...'");
		} else if (strncmp(a, "--pod=", 6) == 0) {
			o.pod_name = a + 6;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "podinit: check: unknown option %s\n", a);
			return usage(NULL);
		} else if (!add_file(files, &n_files, a)) {
			return usage("too many files");
		}
	}
	if (n_files == 0)
		return usage("no manifest given (-f FILE)");
	file = files[0];
	o.path = file;
	o.paths = files;
	o.n_paths = n_files;
	o.commands = commands;
	o.n_commands = n_commands;
	manifest_label(&o, label, sizeof label);
	o.cli_argv = i < argc ? argv + i : NULL;
	diag_init(&d);
	d.keep_notes = verbose;
	rc = manifest_load_diag(&o, &pod, &d, &pod_path);
	if (rc == 0) {
		check_security(&pod, pod_path, &d);
		if (d.n_errors > 0)
			rc = -1;
	}
	diag_sort(&d);
	failed = rc == -1 || (strict && d.n_warnings > 0);
	if (json) {
		diag_print_json(stdout, &d, label, verbose);
	} else if (failed) {
		diag_print(stderr, &d, label, NULL, verbose);
		fprintf(stderr, "%s: %zu error%s", label, d.n_errors,
		    d.n_errors == 1 ? "" : "s");
		if (d.n_warnings)
			fprintf(stderr, ", %zu warning%s%s", d.n_warnings,
			    d.n_warnings == 1 ? "" : "s",
			    strict ? " (--strict: warnings count as errors)" : "");
		fputc('\n', stderr);
	} else if (rc == 1) {
		diag_print(stderr, &d, label, NULL, verbose);
		printf("%s: valid: %d document%s, no pod to run\n", label,
		    d.n_docs, d.n_docs == 1 ? "" : "s");
	} else {
		diag_print(stderr, &d, label, NULL, verbose);
		/* A Job is named as the document names it: its pods get
		 * generated names (a CronJob's Job: "<name>-<minute>"). */
		const char *name = pod.job.present && pod.job.name ? pod.job.name : pod.name;
		int len = (int)strlen(name);
		const char *dash = strrchr(name, '-');
		if (pod.job.from_cronjob && dash != NULL)
			len = (int)(dash - name);
		printf("%s: valid: %s \"%.*s\", %zu container%s\n", label, pod.kind, len, name,
		    pod.n_containers, pod.n_containers == 1 ? "" : "s");
		if (dump || verbose)
			manifest_dump(stdout, &pod);
	}
	fflush(stdout);
	diag_free(&d);
	spec_free(&pod);
	return failed ? 1 : 0;
}
