/* seccomp_profile: OCI/Docker seccomp JSON profiles (Kubernetes
 * `Localhost`) decoded into a small model, and the built-in RuntimeDefault
 * profile in the same model (seccomp_default.c).  seccomp_bpf.h compiles
 * either into a BPF program.  Parent side only. */
#ifndef PODINIT_SECCOMP_PROFILE_H
#define PODINIT_SECCOMP_PROFILE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "podinit/buf.h"

#define SECCOMP_PROFILE_MAX_BYTES	(4 << 20)
#define SECCOMP_PROFILE_MAX_ARCHES	16
#define SECCOMP_PROFILE_MAX_NOTICES	8

/* Comparison operators, in the order of enum scmp_compare. */
enum sp_op {
	SP_OP_NE = 1, SP_OP_LT, SP_OP_LE, SP_OP_EQ, SP_OP_GE, SP_OP_GT, SP_OP_MASKED_EQ,
};

struct sp_arg {
	unsigned	index;		/* 0..5 */
	uint64_t	value, value_two;
	enum sp_op	op;
};

/* One entry of syscalls[]. */
struct sp_rule {
	const char *const *names;
	size_t	 n_names;
	uint32_t action;		/* libseccomp SCMP_ACT_* value, errno folded in */
	const struct sp_arg *args;
	size_t	 n_args;
	/* Docker's includes/excludes: a rule applies when every include holds
	 * and no exclude does.  Arch lists hold SCMP_ARCH_* tokens. */
	uint64_t inc_caps, exc_caps;		/* bit n = capability n */
	bool	 inc_impossible;		/* includes a capability we do not know */
	const uint32_t *inc_arches, *exc_arches;
	size_t	 n_inc_arches, n_exc_arches;
	int	 min_kernel[2];			/* {major, minor}; {0,0} = none */
	int	 line, col;			/* in the file; 0 for built-ins */
};

struct seccomp_profile {
	struct arena arena;		/* owns everything of a parsed profile */
	uint32_t default_action;
	uint32_t arches[SECCOMP_PROFILE_MAX_ARCHES];	/* SCMP_ARCH_*; none = native only */
	size_t	 n_arches;
	const struct sp_rule *rules;
	size_t	 n_rules;
	/* Things the runtimes accept silently or with a log line. */
	char	 notices[SECCOMP_PROFILE_MAX_NOTICES][160];
	size_t	 n_notices;
};

/*
 * Decode a profile from memory.  Returns a profile to free with
 * seccomp_profile_free(), or NULL with "line:col: message" in err.  Never
 * crashes on hostile input (fuzzed: tests/fuzz/fuzz_seccomp_profile.c).
 */
struct seccomp_profile *seccomp_profile_parse_buffer(const char *data, size_t len,
	    char *err, size_t errsz);
/* Same from a file; err reads "path:line:col: message" or "path: ...". */
struct seccomp_profile *seccomp_profile_load(const char *path, char *err, size_t errsz);
void	seccomp_profile_free(struct seccomp_profile *p);

/* The built-in RuntimeDefault profile (static, never freed). */
const struct seccomp_profile *seccomp_default_profile(void);

#endif /* PODINIT_SECCOMP_PROFILE_H */
