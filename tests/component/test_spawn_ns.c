/* Component tests for spawn's namespaces (SPEC §7), as root: a child in new
 * mount, UTS and PID namespaces (PID 1, its host name, a fresh /proc),
 * bind mounts (read-only ones refuse writes, none shows outside), a failed
 * mount named in the message, a second child joining the first one's
 * namespaces (setns), and the clean failures when they are gone. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "podinit/fdx.h"
#include "podinit/spawn.h"

#define NS_ALL	(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWPID)

static char dir[64];

static void
setup(void)
{
	if (geteuid() != 0)
		cr_skip_test("needs root");
	snprintf(dir, sizeof dir, "/tmp/podinit-spawn-ns.XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", dir);
}

/* Run sh -c script in req's namespaces; its stdout, and its exit status. */
static int
run_sh(struct spawn_req *req, const char *script, char *out, size_t outsz,
    struct spawn_error *e)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
	int p[2], st = -1;
	ssize_t n;
	size_t len = 0;
	pid_t pid;

	cr_assert_eq(pipe2(p, O_CLOEXEC), 0);
	req->argv = argv;
	req->stdout_fd = p[1];
	pid = spawn_start(req, e);
	close(p[1]);
	out[0] = '\0';
	if (pid == -1) {
		close(p[0]);
		return -1;
	}
	while (len + 1 < outsz && (n = read(p[0], out + len, outsz - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(p[0]);
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	return st;
}

Test(spawn_ns, pid1_hostname_and_own_proc, .init = setup, .fini = teardown)
{
	struct spawn_req req;
	struct spawn_error e;
	char out[256];

	spawn_req_init(&req);
	req.new_namespaces = NS_ALL;
	req.hostname = "box";
	int st = run_sh(&req, "echo $$ $(hostname) $(ls /proc | grep -c '^[0-9]')", out,
	    sizeof out, &e);
	cr_assert_eq(st, 0, "status %d: %s", st, e.message);
	/* the shell and its ls/grep/hostname children only: its own /proc */
	int pid = -1, nproc = 0;
	char host[64];
	cr_assert_eq(sscanf(out, "%d %63s %d", &pid, host, &nproc), 3, "[%s]", out);
	cr_expect_eq(pid, 1);
	cr_expect_str_eq(host, "box");
	cr_expect_lt(nproc, 5, "%d processes in its /proc", nproc);
}

Test(spawn_ns, bind_mounts_read_only_and_private, .init = setup, .fini = teardown)
{
	char src[128], rw[128], ro[128], script[512], out[256], f[160];
	struct spawn_mount m[2];
	struct spawn_req req;
	struct spawn_error e;
	int fd;

	snprintf(src, sizeof src, "%s/src", dir);
	snprintf(rw, sizeof rw, "%s/rw", dir);
	snprintf(ro, sizeof ro, "%s/ro", dir);
	cr_assert_eq(mkdir(src, 0755) | mkdir(rw, 0755) | mkdir(ro, 0755), 0);
	snprintf(f, sizeof f, "%s/hello", src);
	fd = open(f, O_WRONLY | O_CREAT, 0644);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "hi\n", 3), 3);
	close(fd);
	m[0] = (struct spawn_mount){ src, rw, false };
	m[1] = (struct spawn_mount){ src, ro, true };
	spawn_req_init(&req);
	req.new_namespaces = NS_ALL;
	req.mounts = m;
	req.n_mounts = 2;
	snprintf(script, sizeof script,
	    "cat %s/hello; touch %s/new && echo rw-ok; touch %s/x 2>/dev/null || echo ro-refused",
	    ro, rw, ro);
	int st = run_sh(&req, script, out, sizeof out, &e);
	cr_assert_eq(st, 0, "status %d: %s", st, e.message);
	cr_expect_str_eq(out, "hi\nrw-ok\nro-refused\n");
	/* the write went through to the source; nothing is mounted here */
	snprintf(f, sizeof f, "%s/new", src);
	cr_expect_eq(access(f, F_OK), 0, "the rw bind wrote into the source");
	snprintf(f, sizeof f, "%s/hello", rw);
	cr_expect_neq(access(f, F_OK), 0, "the bind is not seen outside its namespace");
}

Test(spawn_ns, failed_mount_is_named, .init = setup, .fini = teardown)
{
	struct spawn_mount m = { "/nonexistent-podinit-volume", "/tmp", false };
	struct spawn_req req;
	struct spawn_error e;
	char out[64];

	spawn_req_init(&req);
	req.new_namespaces = NS_ALL;
	req.mounts = &m;
	req.n_mounts = 1;
	cr_assert_eq(run_sh(&req, "true", out, sizeof out, &e), -1);
	cr_expect_eq(e.stage, SPAWN_STAGE_BIND);
	cr_expect_eq(e.index, 0);
	cr_expect_str_eq(e.message,
	    "bind mount \"/nonexistent-podinit-volume\" on \"/tmp\": No such file or directory");
	cr_expect_eq(spawn_error_exit_code(&e), 126);
}

Test(spawn_ns, join_a_running_container, .init = setup, .fini = teardown)
{
	char *argv[] = { "/bin/sleep", "30", NULL };
	struct spawn_req req, probe;
	struct spawn_error e;
	struct spawn_join j;
	char out[256];
	pid_t ctr;
	int st;

	spawn_req_init(&req);
	req.argv = argv;
	req.new_namespaces = NS_ALL;
	req.hostname = "joined";
	ctr = spawn_start(&req, &e);
	cr_assert_gt(ctr, 0, "%s", e.message);
	spawn_join_init(&j);
	j.required = true;
	cr_assert_eq(spawn_join_open(&j, ctr, NS_ALL), 0);

	spawn_req_init(&probe);
	probe.join = &j;
	st = run_sh(&probe, "hostname; tr '\\0' ' ' </proc/1/cmdline; echo; echo $$", out,
	    sizeof out, &e);
	cr_assert_eq(st, 0, "status %d: %s", st, e.message);
	char host[64], cmd[64], cmd2[64];
	int pid = -1;
	cr_assert_eq(sscanf(out, "%63s %63s %63s %d", host, cmd, cmd2, &pid), 4, "[%s]", out);
	cr_expect_str_eq(host, "joined");
	cr_expect_str_eq(cmd, "/bin/sleep", "the probe's /proc/1 is the container's");
	cr_expect_gt(pid, 1, "a member of the container's PID namespace, not its init");
	cr_expect_lt(pid, 100, "a pid of the container's namespace (%d)", pid);

	/* The container dies: its PID namespace is dead though the fd holds
	 * it; a join fails cleanly instead of hanging or running outside. */
	kill(ctr, SIGKILL);
	cr_assert_eq(waitpid(ctr, &st, 0), ctr);
	st = run_sh(&probe, "true", out, sizeof out, &e);
	cr_expect_eq(st, -1);
	cr_expect(strstr(e.message, "in the container's PID namespace: its init has exited") != NULL,
	    "[%s]", e.message);

	/* and once the fds are closed (the supervisor's ctr_exited) */
	spawn_join_close(&j);
	cr_expect_eq(j.mnt_fd, -1);
	probe.stdout_fd = -1;
	st = run_sh(&probe, "true", out, sizeof out, &e);
	cr_expect_eq(st, -1);
	cr_expect_eq(e.stage, SPAWN_STAGE_SETNS);
	cr_expect(strstr(e.message, "the container's namespaces are gone") != NULL, "[%s]",
	    e.message);
}

Test(spawn_ns, kernel_check_as_root, .init = setup, .fini = teardown)
{
	struct spawn_error e;

	cr_expect_eq(spawn_try_namespaces(NS_ALL, NULL, &e), 0, "%s", e.message);
}
