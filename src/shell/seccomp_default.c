/* seccomp_default: the RuntimeDefault profile, in the seccomp_profile
 * model.
 *
 * Source: moby/moby profiles/seccomp/default.json (the profile Docker and,
 * through the same list, containerd's contrib/seccomp/seccomp_default.go
 * apply), read in 2024 at commit 00f3d189.  Same structure: default action
 * SCMP_ACT_ERRNO with EPERM, one big allow-list of ordinary system calls,
 * a few calls allowed only with harmless arguments (socket without
 * AF_VSOCK, personality with the five benign personas, clone without
 * namespace flags), arch-specific extras, and calls allowed only when the
 * container holds the capability that makes them meaningful (mount,
 * unshare, setns, bpf... with CAP_SYS_ADMIN; ptrace with CAP_SYS_PTRACE;
 * chroot with CAP_SYS_CHROOT; ...).  clone3 returns ENOSYS without
 * CAP_SYS_ADMIN so glibc falls back to clone, whose flags can be checked.
 *
 * Deliberately absent, hence EPERM: keyctl, add_key, request_key (the
 * keyring is not namespaced), kexec_*, open_by_handle_at, userfaultfd,
 * uselib, ustat, sysfs, _sysctl, nfsservctl, pivot_root, swapon/off,
 * quotactl and the other CAP_SYS_ADMIN calls above, and the obsolete
 * calls moby drops.
 *
 * One deviation: moby also allows ptrace, process_vm_readv and
 * process_vm_writev to everyone on kernels >= 4.8 (moby#38137).  podinit
 * keeps the older rule of allowing them only with CAP_SYS_PTRACE: a pod's
 * processes share podinit's PID namespace, and issue 7 asks for ptrace to
 * be refused by default.
 *
 * The capability set the gated rules are tested against is chosen by
 * secctx (the container's effective set, or Docker's default set when the
 * manifest says nothing about capabilities).
 */
#include "podinit/seccomp_profile.h"

#include <errno.h>
#include <linux/capability.h>
#include <seccomp.h>

#define N(a)	(sizeof (a) / sizeof (a)[0])
#define CAP(c)	(UINT64_C(1) << (c))

static const char *const allow[] = {
	"accept", "accept4", "access", "adjtimex", "alarm", "bind", "brk", "capget", "capset",
	"chdir", "chmod", "chown", "chown32", "clock_adjtime", "clock_adjtime64",
	"clock_getres", "clock_getres_time64", "clock_gettime", "clock_gettime64",
	"clock_nanosleep", "clock_nanosleep_time64", "close", "close_range", "connect",
	"copy_file_range", "creat", "dup", "dup2", "dup3", "epoll_create", "epoll_create1",
	"epoll_ctl", "epoll_ctl_old", "epoll_pwait", "epoll_pwait2", "epoll_wait",
	"epoll_wait_old", "eventfd", "eventfd2", "execve", "execveat", "exit", "exit_group",
	"faccessat", "faccessat2", "fadvise64", "fadvise64_64", "fallocate", "fanotify_mark",
	"fchdir", "fchmod", "fchmodat", "fchown", "fchown32", "fchownat", "fcntl", "fcntl64",
	"fdatasync", "fgetxattr", "flistxattr", "flock", "fork", "fremovexattr", "fsetxattr",
	"fstat", "fstat64", "fstatat64", "fstatfs", "fstatfs64", "fsync", "ftruncate",
	"ftruncate64", "futex", "futex_time64", "futex_waitv", "futimesat", "getcpu", "getcwd",
	"getdents", "getdents64", "getegid", "getegid32", "geteuid", "geteuid32", "getgid",
	"getgid32", "getgroups", "getgroups32", "getitimer", "getpeername", "getpgid",
	"getpgrp", "getpid", "getppid", "getpriority", "getrandom", "getresgid", "getresgid32",
	"getresuid", "getresuid32", "getrlimit", "get_robust_list", "getrusage", "getsid",
	"getsockname", "getsockopt", "get_thread_area", "gettid", "gettimeofday", "getuid",
	"getuid32", "getxattr", "inotify_add_watch", "inotify_init", "inotify_init1",
	"inotify_rm_watch", "io_cancel", "ioctl", "io_destroy", "io_getevents",
	"io_pgetevents", "io_pgetevents_time64", "ioprio_get", "ioprio_set", "io_setup",
	"io_submit", "io_uring_enter", "io_uring_register", "io_uring_setup", "ipc", "kill",
	"landlock_add_rule", "landlock_create_ruleset", "landlock_restrict_self", "lchown",
	"lchown32", "lgetxattr", "link", "linkat", "listen", "listxattr", "llistxattr",
	"_llseek", "lremovexattr", "lseek", "lsetxattr", "lstat", "lstat64", "madvise",
	"membarrier", "memfd_create", "memfd_secret", "mincore", "mkdir", "mkdirat", "mknod",
	"mknodat", "mlock", "mlock2", "mlockall", "mmap", "mmap2", "mprotect", "mq_getsetattr",
	"mq_notify", "mq_open", "mq_timedreceive", "mq_timedreceive_time64", "mq_timedsend",
	"mq_timedsend_time64", "mq_unlink", "mremap", "msgctl", "msgget", "msgrcv", "msgsnd",
	"msync", "munlock", "munlockall", "munmap", "name_to_handle_at", "nanosleep",
	"newfstatat", "_newselect", "open", "openat", "openat2", "pause", "pidfd_open",
	"pidfd_send_signal", "pipe", "pipe2", "pkey_alloc", "pkey_free", "pkey_mprotect",
	"poll", "ppoll", "ppoll_time64", "prctl", "pread64", "preadv", "preadv2", "prlimit64",
	"process_mrelease", "pselect6", "pselect6_time64", "pwrite64", "pwritev", "pwritev2",
	"read", "readahead", "readlink", "readlinkat", "readv", "recv", "recvfrom", "recvmmsg",
	"recvmmsg_time64", "recvmsg", "remap_file_pages", "removexattr", "rename", "renameat",
	"renameat2", "restart_syscall", "rmdir", "rseq", "rt_sigaction", "rt_sigpending",
	"rt_sigprocmask", "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend",
	"rt_sigtimedwait", "rt_sigtimedwait_time64", "rt_tgsigqueueinfo", "sched_getaffinity",
	"sched_getattr", "sched_getparam", "sched_get_priority_max", "sched_get_priority_min",
	"sched_getscheduler", "sched_rr_get_interval", "sched_rr_get_interval_time64",
	"sched_setaffinity", "sched_setattr", "sched_setparam", "sched_setscheduler",
	"sched_yield", "seccomp", "select", "semctl", "semget", "semop", "semtimedop",
	"semtimedop_time64", "send", "sendfile", "sendfile64", "sendmmsg", "sendmsg", "sendto",
	"setfsgid", "setfsgid32", "setfsuid", "setfsuid32", "setgid", "setgid32", "setgroups",
	"setgroups32", "setitimer", "setpgid", "setpriority", "setregid", "setregid32",
	"setresgid", "setresgid32", "setresuid", "setresuid32", "setreuid", "setreuid32",
	"setrlimit", "set_robust_list", "setsid", "setsockopt", "set_thread_area",
	"set_tid_address", "setuid", "setuid32", "setxattr", "shmat", "shmctl", "shmdt",
	"shmget", "shutdown", "sigaltstack", "signalfd", "signalfd4", "sigprocmask",
	"sigreturn", "socketcall", "socketpair", "splice", "stat", "stat64", "statfs",
	"statfs64", "statx", "symlink", "symlinkat", "sync", "sync_file_range", "syncfs",
	"sysinfo", "tee", "tgkill", "time", "timer_create", "timer_delete", "timer_getoverrun",
	"timer_gettime", "timer_gettime64", "timer_settime", "timer_settime64",
	"timerfd_create", "timerfd_gettime", "timerfd_gettime64", "timerfd_settime",
	"timerfd_settime64", "times", "tkill", "truncate", "truncate64", "ugetrlimit", "umask",
	"uname", "unlink", "unlinkat", "utime", "utimensat", "utimensat_time64", "utimes",
	"vfork", "vmsplice", "wait4", "waitid", "waitpid", "write", "writev",
};

static const char *const ptrace_calls[] = {
	"kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv", "process_vm_writev", "ptrace",
};
static const char *const socket_call[] = { "socket" };
static const char *const personality_call[] = { "personality" };
static const char *const clone_call[] = { "clone" };
static const char *const clone3_call[] = { "clone3" };
static const char *const sys_admin_calls[] = {
	"bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount", "fsopen", "fspick",
	"lookup_dcookie", "mount", "mount_setattr", "move_mount", "open_tree", "perf_event_open",
	"quotactl", "quotactl_fd", "setdomainname", "sethostname", "setns", "syslog", "umount",
	"umount2", "unshare",
};
static const char *const ppc_calls[] = { "sync_file_range2", "swapcontext" };
static const char *const arm_calls[] = {
	"arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint", "cacheflush",
	"set_tls",
};
static const char *const arch_prctl_call[] = { "arch_prctl" };
static const char *const modify_ldt_call[] = { "modify_ldt" };
static const char *const s390_calls[] = { "s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr" };
static const char *const riscv_calls[] = { "riscv_flush_icache" };
static const char *const dac_read_search_calls[] = { "open_by_handle_at" };
static const char *const boot_calls[] = { "reboot" };
static const char *const chroot_calls[] = { "chroot" };
static const char *const module_calls[] = { "delete_module", "init_module", "finit_module" };
static const char *const pacct_calls[] = { "acct" };
static const char *const rawio_calls[] = { "iopl", "ioperm" };
static const char *const time_calls[] = { "settimeofday", "stime", "clock_settime", "clock_settime64" };
static const char *const tty_calls[] = { "vhangup" };
static const char *const nice_calls[] = { "get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node" };
static const char *const syslog_calls[] = { "syslog" };
static const char *const bpf_calls[] = { "bpf" };
static const char *const perfmon_calls[] = { "perf_event_open" };

#define AF_VSOCK_	40
#define NS_FLAGS	UINT64_C(0x7E020000)	/* CLONE_NEW{NS,CGROUP,UTS,IPC,USER,PID,NET} */

static const struct sp_arg not_vsock[] = { { 0, AF_VSOCK_, 0, SP_OP_NE } };
static const struct sp_arg pers_linux[] = { { 0, 0, 0, SP_OP_EQ } };		/* PER_LINUX */
static const struct sp_arg pers_linux32[] = { { 0, 8, 0, SP_OP_EQ } };		/* PER_LINUX32 */
static const struct sp_arg pers_uname26[] = { { 0, 0x20000, 0, SP_OP_EQ } };	/* UNAME26 */
static const struct sp_arg pers_uname26_32[] = { { 0, 0x20008, 0, SP_OP_EQ } };
static const struct sp_arg pers_query[] = { { 0, 0xffffffff, 0, SP_OP_EQ } };	/* query */
static const struct sp_arg clone_no_ns[] = { { 0, NS_FLAGS, 0, SP_OP_MASKED_EQ } };
static const struct sp_arg clone_no_ns_s390[] = { { 1, NS_FLAGS, 0, SP_OP_MASKED_EQ } };

static const uint32_t a_ppc64le[] = { SCMP_ARCH_PPC64LE };
static const uint32_t a_arm[] = { SCMP_ARCH_ARM, SCMP_ARCH_AARCH64 };
static const uint32_t a_amd64_x32[] = { SCMP_ARCH_X86_64, SCMP_ARCH_X32 };
static const uint32_t a_x86[] = { SCMP_ARCH_X86_64, SCMP_ARCH_X32, SCMP_ARCH_X86 };
static const uint32_t a_s390[] = { SCMP_ARCH_S390, SCMP_ARCH_S390X };
static const uint32_t a_riscv[] = { SCMP_ARCH_RISCV64 };

#define ALLOW(list)	.names = (list), .n_names = N(list), .action = SCMP_ACT_ALLOW
#define ARGS(a)		.args = (a), .n_args = N(a)
#define ARCHES(a)	.inc_arches = (a), .n_inc_arches = N(a)

static const struct sp_rule rules[] = {
	{ ALLOW(allow) },
	{ ALLOW(socket_call), ARGS(not_vsock) },
	{ ALLOW(personality_call), ARGS(pers_linux) },
	{ ALLOW(personality_call), ARGS(pers_linux32) },
	{ ALLOW(personality_call), ARGS(pers_uname26) },
	{ ALLOW(personality_call), ARGS(pers_uname26_32) },
	{ ALLOW(personality_call), ARGS(pers_query) },
	{ ALLOW(ppc_calls), ARCHES(a_ppc64le) },
	{ ALLOW(arm_calls), ARCHES(a_arm) },
	{ ALLOW(arch_prctl_call), ARCHES(a_amd64_x32) },
	{ ALLOW(modify_ldt_call), ARCHES(a_x86) },
	{ ALLOW(s390_calls), ARCHES(a_s390) },
	{ ALLOW(riscv_calls), ARCHES(a_riscv) },
	{ ALLOW(dac_read_search_calls), .inc_caps = CAP(CAP_DAC_READ_SEARCH) },
	{ ALLOW(sys_admin_calls), .inc_caps = CAP(CAP_SYS_ADMIN) },
	{ ALLOW(clone_call), ARGS(clone_no_ns), .exc_caps = CAP(CAP_SYS_ADMIN),
	  .exc_arches = a_s390, .n_exc_arches = N(a_s390) },
	{ ALLOW(clone_call), ARGS(clone_no_ns_s390), ARCHES(a_s390), .exc_caps = CAP(CAP_SYS_ADMIN) },
	{ .names = clone3_call, .n_names = 1, .action = SCMP_ACT_ERRNO(ENOSYS),
	  .exc_caps = CAP(CAP_SYS_ADMIN) },
	{ ALLOW(boot_calls), .inc_caps = CAP(CAP_SYS_BOOT) },
	{ ALLOW(chroot_calls), .inc_caps = CAP(CAP_SYS_CHROOT) },
	{ ALLOW(module_calls), .inc_caps = CAP(CAP_SYS_MODULE) },
	{ ALLOW(pacct_calls), .inc_caps = CAP(CAP_SYS_PACCT) },
	{ ALLOW(ptrace_calls), .inc_caps = CAP(CAP_SYS_PTRACE) },
	{ ALLOW(rawio_calls), .inc_caps = CAP(CAP_SYS_RAWIO) },
	{ ALLOW(time_calls), .inc_caps = CAP(CAP_SYS_TIME) },
	{ ALLOW(tty_calls), .inc_caps = CAP(CAP_SYS_TTY_CONFIG) },
	{ ALLOW(nice_calls), .inc_caps = CAP(CAP_SYS_NICE) },
	{ ALLOW(syslog_calls), .inc_caps = CAP(CAP_SYSLOG) },
	{ ALLOW(bpf_calls), .inc_caps = CAP(CAP_BPF) },
	{ ALLOW(perfmon_calls), .inc_caps = CAP(CAP_PERFMON) },
};

/* moby's archMap: the native arch plus the ones its binaries may use. */
static void
default_arches(struct seccomp_profile *p)
{
	uint32_t native = seccomp_arch_native();

	p->arches[p->n_arches++] = native;
	switch (native) {
	case SCMP_ARCH_X86_64:
		p->arches[p->n_arches++] = SCMP_ARCH_X86;
		p->arches[p->n_arches++] = SCMP_ARCH_X32;
		break;
	case SCMP_ARCH_AARCH64:
		p->arches[p->n_arches++] = SCMP_ARCH_ARM;
		break;
	case SCMP_ARCH_S390X:
		p->arches[p->n_arches++] = SCMP_ARCH_S390;
		break;
	default:
		break;
	}
}

const struct seccomp_profile *
seccomp_default_profile(void)
{
	static struct seccomp_profile p;
	static bool ready;

	if (!ready) {
		p.default_action = SCMP_ACT_ERRNO(EPERM);
		p.rules = rules;
		p.n_rules = N(rules);
		default_arches(&p);
		ready = true;
	}
	return &p;
}
