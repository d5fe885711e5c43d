/* Component tests for cgroup, with real cgroup v2 syscalls as root.  Each
 * test works inside a private parent "podinit-test-<pid>" on a writable
 * cgroup2 mount and removes it (and everything under it) in fini, also
 * after a failed assertion.  Without root or a writable v2 they skip. */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "podinit/cgroup.h"

#define CG2_MAGIC 0x63677270
static const char *const mounts[] = { "/sys/fs/cgroup/unified", "/sys/fs/cgroup" };

static char parent[128];
static struct cgroup *cgs[2];

static void
need_cgroup(void)
{
	char why[256];
	struct statfs sf;

	if (geteuid() != 0)
		cr_skip_test("needs root");
	for (size_t i = 0; i < sizeof mounts / sizeof mounts[0]; i++) {
		if (statfs(mounts[i], &sf) != 0 || sf.f_type != CG2_MAGIC)
			continue;
		snprintf(parent, sizeof parent, "%s/podinit-test-%d", mounts[i], (int)getpid());
		if (mkdir(parent, 0755) == 0)
			break;
		parent[0] = '\0';
	}
	if (!parent[0])
		cr_skip_test("no writable cgroup v2");
	cr_assert(cgroup_setup(parent, why, sizeof why), "%s", why);
	/* escaped grandchildren come back to us, to be reaped */
	cr_assert_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
}

static void
cleanup(void)
{
	for (size_t i = 0; i < 2; i++)
		if (cgs[i])
			(void)cgroup_kill(cgs[i]);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	for (size_t i = 0; i < 2; i++) {
		cgroup_destroy(cgs[i]);
		cgs[i] = NULL;
	}
	if (parent[0] && rmdir(parent) != 0)
		fprintf(stderr, "cleanup: rmdir %s: %s\n", parent, strerror(errno));
	parent[0] = '\0';
}

TestSuite(cgroup, .fini = cleanup, .timeout = 20);

static bool
exists(const char *name)
{
	char p[256];

	snprintf(p, sizeof p, "%s/%s", parent, name);
	return access(p, F_OK) == 0;
}

static void
assert_killed(pid_t pid)
{
	int st;

	cr_assert_eq(waitpid(pid, &st, 0), pid, "waitpid %d: %s", (int)pid, strerror(errno));
	cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "pid %d status %#x", (int)pid, st);
}

/* A child in the group and its setsid() grandchild both die by cgroup_kill. */
Test(cgroup, kill_escaped_grandchild)
{
	char err[256];
	int p[2];
	pid_t a, b = 0;

	need_cgroup();
	cr_assert_not_null(cgs[0] = cgroup_create("podinit-test", "kill", 0, 0, err, sizeof err), "%s", err);
	cr_assert(exists("podinit-test-kill"));
	cr_assert(!cgroup_populated(cgs[0]));
	cr_assert_eq(pipe2(p, O_CLOEXEC), 0);
	if ((a = fork()) == 0) {
		if (write(cgroup_procs_fd(cgs[0]), "0", 1) != 1)
			_exit(3);
		if (fork() == 0) {
			pid_t me = getpid();

			(void)setsid();
			(void)!write(p[1], &me, sizeof me);
			for (;;)
				pause();
		}
		for (;;)
			pause();
	}
	cr_assert_gt(a, 0);
	close(p[1]);
	cr_assert_eq(read(p[0], &b, sizeof b), (ssize_t)sizeof b, "grandchild did not start");
	close(p[0]);
	cr_assert_eq(getsid(b), b, "grandchild escaped with setsid");
	cr_assert(cgroup_populated(cgs[0]));

	cr_assert_eq(cgroup_kill(cgs[0]), 0);
	assert_killed(a);
	assert_killed(b);	/* reparented to us, the subreaper */
	cr_assert(!cgroup_populated(cgs[0]));
	cr_assert(!cgroup_oom_killed(cgs[0]));
	cgroup_destroy(cgs[0]);
	cgs[0] = NULL;
	cr_assert(!exists("podinit-test-kill"), "directory removed");
}

/* CPU burnt by a child shows in cgroup_usage. */
Test(cgroup, usage_cpu)
{
	char err[256];
	double cpu = -1;
	int64_t mem = 0;
	pid_t a;
	int st;

	need_cgroup();
	cr_assert_not_null(cgs[0] = cgroup_create("podinit-test", "busy", 0, 0, err, sizeof err), "%s", err);
	cr_assert_eq(cgroup_usage(cgs[0], &cpu, &mem), 0);
	cr_assert_lt(cpu, 0.01);
	if ((a = fork()) == 0) {
		struct timespec ts;

		if (write(cgroup_procs_fd(cgs[0]), "0", 1) != 1)
			_exit(3);
		do
			clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
		while (ts.tv_sec == 0 && ts.tv_nsec < 300000000);
		_exit(0);
	}
	cr_assert_eq(waitpid(a, &st, 0), a);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %#x", st);
	cr_assert(!cgroup_populated(cgs[0]));
	cr_assert_eq(cgroup_usage(cgs[0], &cpu, &mem), 0);
	cr_assert_geq(cpu, 0.25, "cpu %.3f s", cpu);
	cr_assert(mem == -1 || mem >= 0);
	cgroup_destroy(cgs[0]);
	cgs[0] = NULL;
	cr_assert(!exists("podinit-test-busy"));
}

/* Limits are written where the controller is enabled, warned about
 * otherwise; names are sanitised. */
Test(cgroup, limits_and_names)
{
	char err[256], buf[64], path[PATH_MAX];
	FILE *f;

	need_cgroup();
	cr_assert_not_null(cgs[0] = cgroup_create("web/app", "c 1", 64 << 20, 500, err, sizeof err), "%s", err);
	cr_assert(exists("web_app-c_1"));
	snprintf(path, sizeof path, "%s/web_app-c_1/cpu.max", parent);
	if ((f = fopen(path, "re")) != NULL) {
		cr_assert_not_null(fgets(buf, sizeof buf, f));
		fclose(f);
		cr_assert_str_eq(buf, "50000 100000\n");
	}
	snprintf(path, sizeof path, "%s/web_app-c_1/memory.max", parent);
	if ((f = fopen(path, "re")) != NULL) {
		cr_assert_not_null(fgets(buf, sizeof buf, f));
		fclose(f);
		cr_assert_str_eq(buf, "67108864\n");
	}
	cr_assert(!cgroup_oom_killed(cgs[0]));
}

/* Creating a name that exists empties the stale group first. */
Test(cgroup, recreate_kills_stale)
{
	char err[256];
	int p[2];
	pid_t a;
	char c;

	need_cgroup();
	cr_assert_not_null(cgs[0] = cgroup_create("podinit-test", "again", 0, 0, err, sizeof err), "%s", err);
	cr_assert_eq(pipe2(p, O_CLOEXEC), 0);
	if ((a = fork()) == 0) {
		if (write(cgroup_procs_fd(cgs[0]), "0", 1) != 1)
			_exit(3);
		(void)!write(p[1], "x", 1);
		for (;;)
			pause();
	}
	close(p[1]);
	cr_assert_eq(read(p[0], &c, 1), 1);
	close(p[0]);
	cr_assert_not_null(cgs[1] = cgroup_create("podinit-test", "again", 0, 0, err, sizeof err), "%s", err);
	assert_killed(a);
	cr_assert(!cgroup_populated(cgs[1]));
	cgroup_destroy(cgs[1]);
	cgs[1] = NULL;
	cr_assert(!exists("podinit-test-again"));
}

Test(cgroup, unusable_root)
{
	char why[256], err[256];

	cr_assert(!cgroup_setup("/proc", why, sizeof why));
	cr_assert_str_eq(why, "no cgroup v2 at /proc: not a cgroup2 filesystem; using process groups");
	cr_assert(!cgroup_setup("/nonexistent/cg", why, sizeof why));
	cr_assert_not_null(strstr(why, "No such file"), "%s", why);
	cr_assert_null(cgroup_create("p", "c", 0, 0, err, sizeof err));
}

/* Auto-detection, in a child process because setup may move the caller
 * into a leaf.  Only where our cgroup is "/" (hybrid root or a cgroup
 * namespace), so the leaf it may create is known and removed. */
Test(cgroup, autodetect)
{
	char why[256] = "", self[64] = "", leaf[2][PATH_MAX];
	bool had[2];
	int p[2], st;
	pid_t a;
	FILE *f = fopen("/proc/self/cgroup", "re");

	while (f && fgets(self, sizeof self, f) && strncmp(self, "0::", 3) != 0)
		;
	if (f)
		fclose(f);
	if (geteuid() != 0 || strcmp(self, "0::/\n") != 0)
		cr_skip_test("needs root in cgroup \"/\"");
	for (int i = 0; i < 2; i++) {
		snprintf(leaf[i], sizeof leaf[i], "%s/podinit_init", mounts[i]);
		had[i] = access(leaf[i], F_OK) == 0;
	}
	cr_assert_eq(pipe2(p, O_CLOEXEC), 0);
	if ((a = fork()) == 0) {
		bool ok = cgroup_setup(NULL, why, sizeof why);

		(void)!write(p[1], why, strlen(why));
		_exit(ok ? 0 : 1);
	}
	close(p[1]);
	(void)!read(p[0], why, sizeof why - 1);
	close(p[0]);
	cr_assert_eq(waitpid(a, &st, 0), a);
	for (int i = 0; i < 2; i++)
		if (!had[i])
			(void)rmdir(leaf[i]);
	cr_assert(WIFEXITED(st));
	if (WEXITSTATUS(st) != 0) {
		cr_assert_not_null(strstr(why, "; using process groups"), "%s", why);
		cr_assert_null(strchr(why, '\n'));
	}
}
