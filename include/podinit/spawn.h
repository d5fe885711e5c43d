/* spawn: fork and exec a fully prepared request.  The child makes syscalls
 * only; if anything fails before or at exec it reports {stage, errno} over a
 * close-on-exec pipe and _exits 126 or 127, and the parent turns that into
 * an error naming the command. */
#ifndef PODINIT_SPAWN_H
#define PODINIT_SPAWN_H
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "podinit/spawn_stage.h"

struct sec_plan;

/* The value of a "LISTEN_PID=" slot in envp: the parent reserves this
 * many characters, the child writes its pid there (at most one less
 * digits, then the end of the string). */
#define SPAWN_LISTEN_PID_WIDTH	16

/* One bind mount the child makes in its own mount namespace before it
 * execs (SPEC §7): source (a host path: a volume's directory, or a file or
 * directory in it for a subPath) at target (absolute, in the container's
 * view; the parent made the mount point when it was missing).  A
 * read-only bind is remounted MS_RDONLY. */
struct spawn_mount {
	const char *source;
	const char *target;
	bool	 read_only;
};

struct spawn_req {
	char *const *argv;		/* argv[0] is searched in PATH when it has no '/' */
	char *const *envp;		/* NULL = podinit's environ */
	const char *cwd;		/* NULL = do not chdir */
	int	 stdin_fd, stdout_fd, stderr_fd;	/* -1 = inherit podinit's */
	bool	 new_session;		/* setsid(): own session and process group */
	bool	 foreground_tty;	/* make the child's group the terminal's foreground */
	int	 cgroup_procs_fd;	/* -1 = none */
	const struct sec_plan *sec;	/* NULL = none */
	const sigset_t *sigmask;	/* mask restored in the child (NULL = empty) */
	const int *keep_fds;		/* inherited fds passed on (LISTEN_FDS), else closed */
	int	 n_keep_fds;
	int	 pdeathsig;		/* 0 = none */
	/* SPEC §7, the container's own namespaces (0 = podinit's): CLONE_NEW*
	   flags for the child, the mounts it makes when CLONE_NEWNS is among
	   them, and its host name with CLONE_NEWUTS. */
	int	 new_namespaces;
	const struct spawn_mount *mounts;
	size_t	 n_mounts;
	const char *hostname;
};

struct spawn_error {
	enum spawn_stage stage;
	int	 err;			/* errno */
	char	 message[256];		/* "exec \"foo\": No such file or directory" */
};

void	spawn_req_init(struct spawn_req *r);
/* Returns the pid, or -1 with *e filled (the failed child is already reaped).
 * The caller registers the pid with the loop right away. */
pid_t	spawn_start(const struct spawn_req *r, struct spawn_error *e);
/* The same without waiting for the exec: the child is forked and its pid
 * returned at once, with the read end of its error pipe (non-blocking,
 * close-on-exec) in *errfd for the caller to watch on the loop.  The child's
 * exit (126/127 after a failed exec) reaches the reaper as usual.  Used for
 * exec probes and hooks, so many of them never stall the loop while their
 * children wait to be scheduled. */
pid_t	spawn_start_async(const struct spawn_req *r, struct spawn_error *e, int *errfd);
/* Read the error pipe: 1 = the child failed (e filled, message naming
 * file), 0 = EOF (exec succeeded), -1 = nothing yet (EAGAIN). */
int	spawn_read_error(int errfd, const char *file, struct spawn_error *e);
/* The same, naming cwd when chdir was what failed. */
int	spawn_read_error_cwd(int errfd, const char *file, const char *cwd, struct spawn_error *e);
/* 127 for "not found", 126 otherwise (SPEC exit codes). */
int	spawn_error_exit_code(const struct spawn_error *e);
const char *spawn_stage_name(enum spawn_stage s);
/* Raise podinit's own soft RLIMIT_NOFILE to the hard limit (a pod holds a
 * few descriptors per container: 300 containers pass the usual 1024) and
 * give every child spawned afterwards the original soft limit back, as Go
 * does for os/exec.  1 raised, 0 already at the hard limit, -1 error. */
int	spawn_raise_nofile(void);

#endif /* PODINIT_SPAWN_H */
