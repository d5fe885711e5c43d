/* job_sm: the Job controller's decisions for one node that runs one pod at
 * a time (SPEC §9), pure: no syscalls, no clock (now = monotonic ns,
 * real_now = realtime ns, both arguments).
 *
 * K8S: pkg/controller/job/job_controller.go syncJob: a failed pod counts
 * unless the podFailurePolicy says Ignore; the Job fails once
 * failed > backoffLimit, or (restartPolicy OnFailure) once the running
 * pod's restarts reach backoffLimit (pastBackoffLimitOnFailure), or the
 * Job's activeDeadlineSeconds passed, or a FailJob rule matched; it is
 * complete once `completions` pods succeeded.  A finishing Job first gets
 * its interim condition (FailureTarget, SuccessCriteriaMet: the
 * JobManagedBy/JobPodReplacementPolicy behaviour of 1.31+), the active
 * pod is deleted, and the terminal condition (Failed, Complete) follows
 * when no pod is left.  A pod that was running when the Job failed counts
 * as failed.  Pods are created again after failures with the controller's
 * exponential back-off (podBackoffStore), here --backoff-initial and
 * --backoff-max.  With backoffLimitPerIndex (Indexed), each index has its
 * own limit; a failed index is skipped and the Job fails at the end with
 * FailedIndexes, or at once past maxFailedIndexes. */
#ifndef PODINIT_JOB_SM_H
#define PODINIT_JOB_SM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "podinit/pod_sm.h"
#include "podinit/spec.h"

/* The API server's limit on completions of an Indexed Job (10^5). */
#define JOB_INDEX_MAX		100000
#define JOB_COND_REASON_MAX	64
#define JOB_COND_MESSAGE_MAX	512
#define JOB_CONDS_MAX		4	/* Suspended, an interim and a terminal one */

/* The reasons and messages of pkg/controller/job and batch/v1. */
#define JOB_REASON_BACKOFF_LIMIT	"BackoffLimitExceeded"
#define JOB_MESSAGE_BACKOFF_LIMIT	"Job has reached the specified backoff limit"
#define JOB_REASON_DEADLINE		"DeadlineExceeded"
#define JOB_MESSAGE_DEADLINE		"Job was active longer than specified deadline"
#define JOB_REASON_POD_FAILURE_POLICY	"PodFailurePolicy"
#define JOB_REASON_MAX_FAILED_INDEXES	"MaxFailedIndexesExceeded"
#define JOB_MESSAGE_MAX_FAILED_INDEXES	"Job has exceeded the specified maximal number of failed indexes"
#define JOB_REASON_FAILED_INDEXES	"FailedIndexes"
#define JOB_MESSAGE_FAILED_INDEXES	"Job has failed indexes"
#define JOB_REASON_COMPLETIONS		"CompletionsReached"
#define JOB_MESSAGE_COMPLETIONS		"Reached expected number of succeeded pods"

enum job_cond_type {
	JOB_COND_SUSPENDED = 0,
	JOB_COND_FAILURE_TARGET,
	JOB_COND_SUCCESS_CRITERIA_MET,
	JOB_COND_FAILED,
	JOB_COND_COMPLETE,
};

struct job_condition {
	enum job_cond_type type;
	bool	 status;
	char	 reason[JOB_COND_REASON_MAX];
	char	 message[JOB_COND_MESSAGE_MAX];
	int64_t	 transition;		/* realtime ns */
};

enum job_verdict {
	JOB_ACTIVE = 0,		/* pods still to run */
	JOB_COMPLETE,
	JOB_FAILED,
};

/* batch/v1 JobStatus, as podinit shows it. */
struct job_status {
	int32_t	 active, ready, succeeded, failed, terminating;
	int64_t	 start_time;		/* realtime ns; 0 = not started */
	int64_t	 completion_time;	/* realtime ns; set when Complete */
	struct job_condition conditions[JOB_CONDS_MAX];	/* in the order set */
	size_t	 n_conditions;
	int32_t	 pods_created;
};

struct job_sm_cfg {
	const struct job_spec *spec;	/* lives as long as the job_sm */
	const char *namespace_name;	/* the pods', for the FailJob message */
	enum restart_policy restart_policy;	/* the template's */
	int64_t	 backoff_initial_ns;	/* the delay before the pod after a failure */
	int64_t	 backoff_max_ns;
};

struct job_sm {
	struct job_sm_cfg cfg;
	struct job_status status;
	enum job_verdict verdict;
	bool	 finishing;		/* an interim condition is set, the pod ends */
	bool	 interim_success;	/* it is SuccessCriteriaMet */
	int32_t	 index;			/* the index the next (or running) pod runs */
	int32_t	 index_failures;	/* counted failures of that index */
	int32_t	 index_ignored;		/* its failures an Ignore rule let go */
	int32_t	 failed_indexes;
	int32_t	 consecutive_failures;	/* the pod back-off's exponent */
	int64_t	 not_before;		/* monotonic: no new pod before this */
	int64_t	 start_mono;		/* the Job's start (activeDeadlineSeconds) */
	int	 exit_code;		/* the failing pod's code, once FAILED */
	char	 pod_name[256];		/* the active (or last) pod */
	uint8_t	 succeeded_bits[(JOB_INDEX_MAX + 7) / 8];	/* Indexed */
	uint8_t	 failed_bits[(JOB_INDEX_MAX + 7) / 8];		/* backoffLimitPerIndex */
};

/* One container of an ended pod, for podFailurePolicy.onExitCodes. */
struct job_pod_container {
	const char *name;
	bool	 terminated;		/* its state is terminated */
	int	 exit_code;
};

/* One condition of an ended pod, for podFailurePolicy.onPodConditions. */
struct job_pod_condition_state {
	const char *type;
	const char *status;		/* "True", "False" */
};

/* What the shell saw of a pod at its end. */
struct job_pod_result {
	enum pod_phase phase;		/* PHASE_SUCCEEDED or PHASE_FAILED */
	int	 exit_code;		/* the pod's code (pod_exit_code) */
	const struct job_pod_container *ctrs;	/* init containers first */
	size_t	 n_ctrs;
	const struct job_pod_condition_state *conds;
	size_t	 n_conds;
};

enum job_next_kind {
	JOB_NEXT_RUN = 0,	/* create a pod now for `index` */
	JOB_NEXT_WAIT,		/* the back-off: ask again at `at` */
	JOB_NEXT_SUSPENDED,	/* spec.suspend: nothing runs */
	JOB_NEXT_DONE,		/* the Job is Complete or Failed */
	JOB_NEXT_BUSY,		/* a pod is active */
};

struct job_next {
	enum job_next_kind kind;
	int32_t	 index;		/* JOB_NEXT_RUN: the pod's completion index (0 NonIndexed) */
	int64_t	 at;		/* JOB_NEXT_WAIT: monotonic */
};

/* What a step changed that the shell must say or do. */
struct job_step {
	bool	 stop_pod;	/* delete the active pod (preStop, grace) */
	bool	 finished;	/* the verdict is now COMPLETE or FAILED */
	bool	 interim;	/* an interim condition was set (FailureTarget) */
	const struct job_condition *cond;	/* the condition set, for the event */
};

void	job_sm_init(struct job_sm *j, const struct job_sm_cfg *cfg, int64_t now, int64_t real_now);
/* What to do when no pod is active. */
struct job_next job_sm_next(const struct job_sm *j, int64_t now);
/* A pod for j->index was created, named name. */
void	job_sm_pod_started(struct job_sm *j, const char *name, int64_t real_now);
/* The active pod's Ready condition (status.ready). */
void	job_sm_pod_ready(struct job_sm *j, bool ready);
/* The active pod's restarts (init and regular containers summed), at
 * every change: OnFailure's backoffLimit. */
struct job_step job_sm_pod_restarts(struct job_sm *j, int32_t restarts, int64_t real_now);
/* The active pod ended (Succeeded or Failed). */
struct job_step job_sm_pod_ended(struct job_sm *j, const struct job_pod_result *r, int64_t now,
	    int64_t real_now);
/* When activeDeadlineSeconds passes (INT64_MAX: none, or suspended). */
int64_t	job_sm_deadline_at(const struct job_sm *j);
struct job_step job_sm_deadline_passed(struct job_sm *j, int64_t real_now);
/* The Job's exit code: 0 when Complete, else the failing pod's (never 0). */
int	job_sm_exit_code(const struct job_sm *j);

/* podFailurePolicy: the index of the first rule the ended pod matches, or
 * -1; *msg (size msgsz) gets the controller's FailJob message.  Exported
 * for the unit tables. */
int	job_failure_rule_match(const struct job_spec *js, const char *namespace,
	    const char *pod_name, const struct job_pod_result *r, char *msg, size_t msgsz);
/* completedIndexes / failedIndexes as the API shows them: "0-2,5". */
void	job_indexes_format(const uint8_t *bits, int32_t n, char *out, size_t outsz);
/* Has an index succeeded? */
bool	job_index_succeeded(const struct job_sm *j, int32_t index);
const char *job_cond_type_name(enum job_cond_type t);	/* "Complete", ... */
const char *job_action_name(enum job_rule_action a);	/* "FailJob", ... */

#endif /* PODINIT_JOB_SM_H */
