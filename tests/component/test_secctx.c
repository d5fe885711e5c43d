/* Component tests for secctx, as root: fork, apply a prepared plan in the
 * child exactly as spawn does, then either exec a real program or probe
 * the kernel directly, and check what the child saw (/proc/self/status,
 * errno of forbidden calls, binding port 80). */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "podinit/creds.h"
#include "podinit/secctx.h"
#include "podinit/spawn.h"
#include "podinit/spec.h"

#define GOLDEN "tests/golden/security"

static struct pod_spec pod;
static struct container_spec ctr;
static char *no_strings[1];

static void
setup(void)
{
	if (geteuid() != 0)
		cr_skip_test("needs root");
	memset(&pod, 0, sizeof pod);
	memset(&ctr, 0, sizeof ctr);
	pod.name = "web";
	ctr.name = "app";
	ctr.security.run_as_non_root = -1;
	ctr.security.allow_privilege_escalation = -1;
	ctr.security.privileged = -1;
	ctr.security.read_only_root_filesystem = -1;
	pod.security = ctr.security;
	(void)no_strings;
	/* numeric ids only: no dependence on this machine's /etc/passwd */
	creds_set_root("/nonexistent-podinit");
}

static void
teardown(void)
{
	creds_set_root(NULL);
}

TestSuite(secctx, .init = setup, .fini = teardown);

/* What the child does after the plan is applied: exec argv (stdout into
 * the pipe), or run probe() and write its text. */
typedef void (*probe_fn)(int fd);

struct result {
	int	 status;
	int	 stage;		/* SPAWN_STAGE_* when apply failed */
	int	 err;
	char	 out[8192];
};

static void
run(const struct sec_plan *p, char *const argv[], probe_fn probe, struct result *r)
{
	int pfd[2], efd[2];
	pid_t pid;
	ssize_t n;
	size_t len = 0;

	memset(r, 0, sizeof *r);
	cr_assert_eq(pipe2(pfd, O_CLOEXEC), 0);
	cr_assert_eq(pipe2(efd, O_CLOEXEC), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		enum spawn_stage stage = SPAWN_STAGE_NONE;
		int e[2];
		dup2(pfd[1], 1);
		if (secctx_apply_child(p, &stage) == -1) {
			e[0] = stage;
			e[1] = errno;
			(void)!write(efd[1], e, sizeof e);
			_exit(126);
		}
		if (probe) {
			probe(1);
			_exit(0);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	close(efd[1]);
	while ((n = read(pfd[0], r->out + len, sizeof r->out - 1 - len)) > 0)
		len += (size_t)n;
	r->out[len] = '\0';
	{
		int e[2];
		if (read(efd[0], e, sizeof e) == (ssize_t)sizeof e) {
			r->stage = e[0];
			r->err = e[1];
		}
	}
	close(pfd[0]);
	close(efd[0]);
	cr_assert_eq(waitpid(pid, &r->status, 0), pid);
}

static void
status_field(const char *out, const char *key, char *val, size_t valsz)
{
	const char *p = strstr(out, key);

	cr_assert_not_null(p, "no %s in:\n%s", key, out);
	p += strlen(key);
	while (*p == ':' || *p == '\t' || *p == ' ')
		p++;
	snprintf(val, valsz, "%.*s", (int)strcspn(p, "\n"), p);
	for (size_t n = strlen(val); n > 0 && val[n - 1] == ' '; n--)
		val[n - 1] = '\0';
}

static struct sec_plan *
prepare_ok(void)
{
	char err[512];
	struct sec_plan *p = secctx_prepare(&pod, &ctr, err, sizeof err);

	cr_assert_not_null(p, "secctx_prepare: %s", err);
	return p;
}

static char *cat_status[] = { "/bin/cat", "/proc/self/status", NULL };

#define STATUS_IS(res, key, want) do {					\
	char v_[256];							\
	status_field((res)->out, key, v_, sizeof v_);			\
	cr_assert_str_eq(v_, want, "%s", key);				\
} while (0)

static void
expect_ok(const struct result *r)
{
	cr_assert_eq(r->stage, 0, "apply failed at stage %d: %s", r->stage, strerror(r->err));
	cr_assert(WIFEXITED(r->status) && WEXITSTATUS(r->status) == 0, "status %#x, out:\n%s",
	    r->status, r->out);
}

Test(secctx, nothing_asked_changes_nothing)
{
	struct sec_plan *p = prepare_ok();
	struct result r;
	char mine[256];
	FILE *fp = fopen("/proc/self/status", "re");
	char buf[8192];
	size_t n = fread(buf, 1, sizeof buf - 1, fp);

	buf[n] = '\0';
	fclose(fp);
	run(p, cat_status, NULL, &r);
	expect_ok(&r);
	STATUS_IS(&r, "\nUid", "0\t0\t0\t0");
	status_field(buf, "\nCapBnd", mine, sizeof mine);
	STATUS_IS(&r, "\nCapBnd", mine);
	STATUS_IS(&r, "\nNoNewPrivs", "0");
	STATUS_IS(&r, "\nSeccomp", "0");
	secctx_free(p);
}

Test(secctx, ids_and_groups)
{
	int64_t supp[] = { 5000, 5001 };

	pod.has_security = true;
	pod.security.supplemental_groups = supp;
	pod.security.n_supplemental_groups = 2;
	pod.security.has_fs_group = true;
	pod.security.fs_group = 2000;
	pod.security.has_run_as_user = true;
	pod.security.run_as_user = 1;	/* container wins */
	ctr.has_security = true;
	ctr.security.has_run_as_user = true;
	ctr.security.run_as_user = 4242;
	ctr.security.has_run_as_group = true;
	ctr.security.run_as_group = 4343;

	struct sec_plan *p = prepare_ok();
	struct result r;

	run(p, cat_status, NULL, &r);
	expect_ok(&r);
	STATUS_IS(&r, "\nUid", "4242\t4242\t4242\t4242");
	STATUS_IS(&r, "\nGid", "4343\t4343\t4343\t4343");
	STATUS_IS(&r, "\nGroups", "2000 4343 5000 5001");
	/* a non-root uid without capabilities asked: the kernel drops them */
	STATUS_IS(&r, "\nCapEff", "0000000000000000");
	STATUS_IS(&r, "\nCapPrm", "0000000000000000");
	secctx_free(p);
}

Test(secctx, drop_all)
{
	char *drop[] = { "ALL" };

	ctr.has_security = true;
	ctr.security.cap_drop = drop;
	ctr.security.n_cap_drop = 1;

	struct sec_plan *p = prepare_ok();
	struct result r;

	run(p, cat_status, NULL, &r);
	expect_ok(&r);
	STATUS_IS(&r, "\nUid", "0\t0\t0\t0");
	STATUS_IS(&r, "\nCapEff", "0000000000000000");
	STATUS_IS(&r, "\nCapPrm", "0000000000000000");
	STATUS_IS(&r, "\nCapBnd", "0000000000000000");
	STATUS_IS(&r, "\nCapAmb", "0000000000000000");
	STATUS_IS(&r, "\nCapInh", "0000000000000000");
	secctx_free(p);
}

Test(secctx, default_set_for_root_with_an_add)
{
	char *add[] = { "CAP_SYS_PTRACE" };
	char *drop[] = { "net_raw" };

	ctr.has_security = true;
	ctr.security.cap_add = add;
	ctr.security.n_cap_add = 1;
	ctr.security.cap_drop = drop;
	ctr.security.n_cap_drop = 1;

	struct sec_plan *p = prepare_ok();
	struct result r;

	run(p, cat_status, NULL, &r);
	expect_ok(&r);
	/* Docker's 14 (0xa80425fb) + SYS_PTRACE (19) - NET_RAW (13) */
	STATUS_IS(&r, "\nCapBnd", "00000000a80c05fb");
	STATUS_IS(&r, "\nCapEff", "00000000a80c05fb");
	secctx_free(p);
}

static char *bind80[] = { "/usr/bin/python3", "-c",
	"import socket,errno\n"
	"s=socket.socket()\n"
	"try:\n"
	"  s.bind(('127.0.0.1',80)); print('bound')\n"
	"except OSError as e:\n"
	"  print('EADDRINUSE' if e.errno==errno.EADDRINUSE else 'errno %d' % e.errno)\n", NULL };

Test(secctx, non_root_with_net_bind_service_binds_80)
{
	char *drop[] = { "ALL" };
	char *add[] = { "NET_BIND_SERVICE" };

	ctr.has_security = true;
	ctr.security.cap_drop = drop;
	ctr.security.n_cap_drop = 1;
	ctr.security.cap_add = add;
	ctr.security.n_cap_add = 1;
	ctr.security.has_run_as_user = true;
	ctr.security.run_as_user = 4242;

	struct sec_plan *p = prepare_ok();
	struct result r;

	run(p, cat_status, NULL, &r);
	expect_ok(&r);
	STATUS_IS(&r, "\nUid", "4242\t4242\t4242\t4242");
	STATUS_IS(&r, "\nCapEff", "0000000000000400");
	STATUS_IS(&r, "\nCapPrm", "0000000000000400");
	STATUS_IS(&r, "\nCapBnd", "0000000000000400");
	STATUS_IS(&r, "\nCapAmb", "0000000000000400");
	run(p, bind80, NULL, &r);
	expect_ok(&r);
	cr_assert(strcmp(r.out, "bound\n") == 0 || strcmp(r.out, "EADDRINUSE\n") == 0, "%s", r.out);
	secctx_free(p);

	/* control: the same user without the capability cannot */
	ctr.security.n_cap_add = 0;
	p = prepare_ok();
	run(p, bind80, NULL, &r);
	expect_ok(&r);
	cr_assert_str_eq(r.out, "errno 13\n");
	secctx_free(p);
}

Test(secctx, no_new_privs)
{
	ctr.has_security = true;
	ctr.security.allow_privilege_escalation = 0;

	struct sec_plan *p = prepare_ok();
	struct result r;

	run(p, cat_status, NULL, &r);
	expect_ok(&r);
	STATUS_IS(&r, "\nNoNewPrivs", "1");
	STATUS_IS(&r, "\nSeccomp", "0");
	secctx_free(p);
}

static void
forbidden(int fd)
{
	char buf[256];
	int e_unshare, e_mount, e_keyctl, e_ptrace, e_mkdir;

	errno = 0;
	e_unshare = unshare(CLONE_NEWUTS) == -1 ? errno : 0;
	e_mount = mount("none", "/mnt", "tmpfs", 0, NULL) == -1 ? errno : 0;
	e_keyctl = syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3, 0) == -1 ? errno : 0;
	e_ptrace = ptrace(PTRACE_PEEKUSER, getppid(), 0, 0) == -1 ? errno : 0;
	e_mkdir = mkdir("/tmp/podinit-secctx-never", 0700) == -1 ? errno : 0;
	if (e_mkdir == 0)
		rmdir("/tmp/podinit-secctx-never");
	snprintf(buf, sizeof buf, "unshare=%d mount=%d keyctl=%d ptrace=%d mkdir=%d\n",
	    e_unshare, e_mount, e_keyctl, e_ptrace, e_mkdir == EEXIST ? 0 : e_mkdir);
	(void)!write(fd, buf, strlen(buf));
}

Test(secctx, runtime_default_blocks_and_allows)
{
	ctr.has_security = true;
	ctr.security.seccomp = SECCOMP_RUNTIME_DEFAULT;

	struct sec_plan *p = prepare_ok();
	struct result r;
	char line[64];

	run(p, NULL, forbidden, &r);
	expect_ok(&r);
	snprintf(line, sizeof line, "unshare=%d mount=%d keyctl=%d ptrace=%d mkdir=0\n", EPERM, EPERM, EPERM, EPERM);
	cr_assert_str_eq(r.out, line);

	run(p, cat_status, NULL, &r);
	expect_ok(&r);
	STATUS_IS(&r, "\nSeccomp", "2");
	/* root with podinit's CAP_SYS_ADMIN: the kernel needs no no_new_privs */
	STATUS_IS(&r, "\nNoNewPrivs", "0");

	char *truecmd[] = { "/bin/true", NULL };
	run(p, truecmd, NULL, &r);
	expect_ok(&r);
	char *bb[] = { "/bin/busybox", "sh", "-c", "echo hi | busybox wc -c; busybox ls / >/dev/null && busybox id -u", NULL };
	run(p, bb, NULL, &r);
	expect_ok(&r);
	cr_assert(strstr(r.out, "3\n0\n") != NULL, "%s", r.out);
	char *py[] = { "/usr/bin/python3", "-c", "print(1)", NULL };
	run(p, py, NULL, &r);
	expect_ok(&r);
	cr_assert_str_eq(r.out, "1\n");
	secctx_free(p);
}

Test(secctx, seccomp_without_sys_admin_sets_no_new_privs)
{
	char *drop[] = { "ALL" };

	ctr.has_security = true;
	ctr.security.cap_drop = drop;
	ctr.security.n_cap_drop = 1;
	ctr.security.has_run_as_user = true;
	ctr.security.run_as_user = 4242;
	ctr.security.seccomp = SECCOMP_RUNTIME_DEFAULT;

	struct sec_plan *p = prepare_ok();
	struct result r;

	run(p, cat_status, NULL, &r);
	expect_ok(&r);
	STATUS_IS(&r, "\nSeccomp", "2");
	STATUS_IS(&r, "\nNoNewPrivs", "1");
	STATUS_IS(&r, "\nUid", "4242\t4242\t4242\t4242");
	secctx_free(p);
}

Test(secctx, localhost_profile_denies_mkdir)
{
	ctr.has_security = true;
	ctr.security.seccomp = SECCOMP_LOCALHOST;
	ctr.security.seccomp_localhost_profile = GOLDEN "/valid/deny-mkdir.json";

	struct sec_plan *p = prepare_ok();
	struct result r;
	char line[64];

	run(p, NULL, forbidden, &r);
	expect_ok(&r);
	/* allow-by-default profile: only mkdir is refused */
	snprintf(line, sizeof line, "mkdir=%d\n", EPERM);
	cr_assert(strstr(r.out, line) != NULL, "%s", r.out);
	char *bb[] = { "/bin/busybox", "sh", "-c", "busybox mkdir /tmp/podinit-secctx-never 2>&1", NULL };
	run(p, bb, NULL, &r);
	cr_assert(WIFEXITED(r.status) && WEXITSTATUS(r.status) != 0);
	cr_assert(strstr(r.out, "Operation not permitted") != NULL, "%s", r.out);
	cr_assert_eq(access("/tmp/podinit-secctx-never", F_OK), -1);
	secctx_free(p);
}

Test(secctx, pod_level_seccomp_applies_to_container)
{
	pod.has_security = true;
	pod.security.seccomp = SECCOMP_RUNTIME_DEFAULT;

	struct sec_plan *p = prepare_ok();
	struct result r;

	run(p, cat_status, NULL, &r);
	expect_ok(&r);
	STATUS_IS(&r, "\nSeccomp", "2");
	secctx_free(p);

	ctr.has_security = true;	/* container-level Unconfined wins */
	ctr.security.seccomp = SECCOMP_UNCONFINED;
	p = prepare_ok();
	run(p, cat_status, NULL, &r);
	expect_ok(&r);
	STATUS_IS(&r, "\nSeccomp", "0");
	secctx_free(p);
}

Test(secctx, privileged_keeps_everything)
{
	char *drop[] = { "ALL" };

	ctr.has_security = true;
	ctr.security.privileged = 1;
	ctr.security.cap_drop = drop;
	ctr.security.n_cap_drop = 1;
	ctr.security.seccomp = SECCOMP_RUNTIME_DEFAULT;

	struct sec_plan *p = prepare_ok();
	struct result r;

	run(p, cat_status, NULL, &r);
	expect_ok(&r);
	STATUS_IS(&r, "\nSeccomp", "0");
	cr_assert(strstr(r.out, "CapBnd:\t0000000000000000") == NULL);
	secctx_free(p);
}

Test(secctx, run_as_non_root_refuses_root)
{
	char err[512];

	ctr.has_security = true;
	ctr.security.run_as_non_root = 1;
	cr_assert_null(secctx_prepare(&pod, &ctr, err, sizeof err));
	cr_assert_str_eq(err, "container has runAsNonRoot and image will run as root (pod: \"web\", container: app)");
	ctr.security.has_run_as_user = true;
	ctr.security.run_as_user = 0;
	cr_assert_null(secctx_prepare(&pod, &ctr, err, sizeof err));
	cr_assert(strstr(err, "container's runAsUser breaks non-root policy") != NULL, "%s", err);
	ctr.security.run_as_user = 1000;
	struct sec_plan *p = prepare_ok();
	secctx_free(p);
}

/* The real path: spawn_start() applies the plan between fork and exec. */
Test(secctx, through_spawn_start)
{
	char *drop[] = { "ALL" };
	char *add[] = { "NET_BIND_SERVICE" };
	struct spawn_req req;
	struct spawn_error se;
	char out[8192];
	size_t len = 0;
	ssize_t n;
	int pfd[2], st;
	pid_t pid;

	ctr.has_security = true;
	ctr.security.cap_drop = drop;
	ctr.security.n_cap_drop = 1;
	ctr.security.cap_add = add;
	ctr.security.n_cap_add = 1;
	ctr.security.has_run_as_user = true;
	ctr.security.run_as_user = 4242;
	ctr.security.seccomp = SECCOMP_RUNTIME_DEFAULT;
	ctr.security.allow_privilege_escalation = 0;

	struct sec_plan *p = prepare_ok();

	cr_assert_eq(pipe2(pfd, O_CLOEXEC), 0);
	spawn_req_init(&req);
	req.argv = cat_status;
	req.stdout_fd = pfd[1];
	req.sec = p;
	pid = spawn_start(&req, &se);
	cr_assert_gt(pid, 0, "spawn: %s", se.message);
	close(pfd[1]);
	while ((n = read(pfd[0], out + len, sizeof out - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(pfd[0]);
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	struct result r;
	memcpy(r.out, out, len + 1);
	STATUS_IS(&r, "\nUid", "4242\t4242\t4242\t4242");
	STATUS_IS(&r, "\nCapAmb", "0000000000000400");
	STATUS_IS(&r, "\nNoNewPrivs", "1");
	STATUS_IS(&r, "\nSeccomp", "2");
	secctx_free(p);
}
