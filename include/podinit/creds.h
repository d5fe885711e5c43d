/* creds: users and groups read from /etc/passwd and /etc/group directly
 * (a static binary has no NSS), the uid/gid/groups a container runs with,
 * kubelet's runAsNonRoot check, and the capability sets the kernel has
 * (the names are caps.h's).  Parent side only: it allocates and reads
 * files; the child receives plain numbers in a sec_plan. */
#ifndef PODINIT_CREDS_H
#define PODINIT_CREDS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CREDS_NAME_MAX		64
#define CREDS_MAX_GROUPS	256
#define CREDS_ID_MAX		INT64_C(2147483647)	/* K8S: runAsUser/Group are int64 >= 0 but uid_t is 32 bits; -1 is "no change" to the kernel */

struct creds_user {
	char	 name[CREDS_NAME_MAX];
	uid_t	 uid;
	gid_t	 gid;
	char	 home[256];
};

/* Read <prefix>/etc/passwd and <prefix>/etc/group; "" or NULL = the real
 * ones.  Tests point it at fixtures.  The string is copied. */
void	creds_set_root(const char *prefix);

/* 1 found, 0 not found (a missing file is "not found"), -1 read error
 * with errno set.  Malformed lines are skipped. */
int	creds_user_by_uid(uid_t uid, struct creds_user *out);
int	creds_user_by_name(const char *name, struct creds_user *out);
int	creds_group_by_name(const char *name, gid_t *out);
/* Append (deduplicated, up to max) the gids of every /etc/group entry that
 * lists user as a member.  0, or -1 on a read error / too many groups. */
int	creds_user_groups(const char *user, gid_t *gids, size_t *n, size_t max);

/* One line of each file (no newline needed); 0, or -1 when malformed.
 * Exposed for the unit tests. */
int	creds_parse_passwd_line(const char *line, struct creds_user *out);
int	creds_parse_group_line(const char *line, char *name, size_t namesz, gid_t *gid,
	    const char **members);

/* What a merged securityContext asks for. */
struct creds_req {
	bool	 has_uid;
	int64_t	 uid;
	bool	 has_gid;
	int64_t	 gid;
	const int64_t *supplemental;	/* pod-level supplementalGroups */
	size_t	 n_supplemental;
	bool	 has_fs_group;
	int64_t	 fs_group;
	int	 run_as_non_root;	/* -1 unset, 0, 1 */
	const char *pod_name;		/* for kubelet's messages; may be NULL */
	const char *container_name;
};

struct creds {
	bool	 change;		/* false: keep podinit's ids and groups */
	uid_t	 uid;
	gid_t	 gid;
	gid_t	 groups[CREDS_MAX_GROUPS];	/* sorted, primary gid included */
	size_t	 n_groups;
	char	 user[CREDS_NAME_MAX];	/* from /etc/passwd, "" when unknown */
	char	 home[256];		/* "" when unknown */
};

/*
 * Resolve what the process runs as.  K8S (containerd/runc): runAsUser
 * unset means the image's user, which for podinit is its own uid; the gid
 * is runAsGroup, else the user's primary group from /etc/passwd, else 0
 * (podinit's own gid when runAsUser is unset); the groups are the gid,
 * fsGroup, supplementalGroups and the user's memberships in /etc/group.
 * Returns 0, or -1 with err filled (id out of range, runAsNonRoot refused).
 */
int	creds_resolve(const struct creds_req *r, struct creds *out, char *err, size_t errsz);

/*
 * kubelet's verifyRunAsNonRoot: has_uid/uid is runAsUser; otherwise
 * image_uid (>= 0) or image_user (a name, when the image user is not
 * numeric) describe the image's user.  0 = allowed, -1 with err.
 */
int	creds_check_non_root(const struct creds_req *r, int64_t image_uid, const char *image_user,
	    char *err, size_t errsz);

/* "name", "1000", "name:group", "1000:1000" (a --user style string).
 * Unknown names are an error naming them. */
int	creds_parse_user_spec(const char *spec, uid_t *uid, gid_t *gid, bool *has_gid,
	    char *err, size_t errsz);

/* The highest capability number the running kernel knows (40 on 6.x). */
int	creds_cap_last(void);
/* podinit's own permitted and effective sets (capget); -1 on failure. */
int	creds_caps_own(uint64_t *permitted, uint64_t *effective);

#endif /* PODINIT_CREDS_H */
