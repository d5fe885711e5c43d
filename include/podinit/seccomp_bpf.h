/* seccomp_bpf: a seccomp profile compiled into a classic BPF program with
 * libseccomp, for this machine and one container's capabilities.  Parent
 * side only; the child installs the program (secctx.c). */
#ifndef PODINIT_SECCOMP_BPF_H
#define PODINIT_SECCOMP_BPF_H
#include <stddef.h>
#include <stdint.h>
#include "podinit/seccomp_profile.h"

/* A compiled filter: the struct sock_fprog fields, kept as plain types
 * here so this header does not pull in <linux/filter.h>. */
struct sp_bpf {
	void	*filter;	/* struct sock_filter[len], malloc'd */
	unsigned short len;
};

/*
 * Compile p for this machine with libseccomp and export the BPF.  caps is
 * the container's capability set (includes/excludes "caps" test it).
 * Unknown syscall names are skipped; their names are appended to
 * `skipped` (comma separated) when it is not NULL.  0, or -1 with err.
 */
int	seccomp_profile_compile(const struct seccomp_profile *p, uint64_t caps,
	    struct sp_bpf *out, char *skipped, size_t skippedsz, char *err, size_t errsz);
void	sp_bpf_free(struct sp_bpf *b);

#endif /* PODINIT_SECCOMP_BPF_H */
