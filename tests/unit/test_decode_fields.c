/* Unit tests: every field in decode's field lists is read, and exists in
 * Kubernetes 1.35's schema (schema_field_find: the schema is the one
 * authority on which fields exist).  For each row of decode_field_rows()
 * this file has a sample: a line written into a manifest (a context) that
 * changes the decoded model, or what decode says about it, against the
 * same manifest without the line.  A decoded row with no sample fails (so
 * a new field needs one), and so does a sample whose field is accepted but
 * not acted on. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "podinit/decode.h"
#include "podinit/manifest.h"
#include "podinit/schema.h"

#define HEAD "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
#define POD HEAD "spec:\n"
#define BARE_CONTAINER POD "  containers:\n  - name: c\n    command: [c]\n"
#define CONTAINER BARE_CONTAINER "    ports: [{name: web, containerPort: 8080}]\n"
/* The config objects the env samples read. */
#define CM_DOC "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {k: v, k2: v2}\n---\n" \
	"apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {k: sv, k2: sv2}\n---\n"
#define TEMPLATE_SPEC "spec: {containers: [{name: c, command: [c]}]}"
/* A pod with volume "v" (its type the sample's), and the documents a
 * configMap and a secret volume read. */
#define VOLPOD POD "  containers: [{name: c, command: [c], resources: {limits: {memory: 64Mi}}}]\n" \
	"  volumes:\n  - name: v\n"
#define CMDOC "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {k: v}\n---\n"
#define SECDOC "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {k: dg==}\n---\n"
#define DAPI "[{path: f, fieldRef: {fieldPath: metadata.name}}]"
#define JOB_TEMPLATE_SPEC "spec: {restartPolicy: Never, containers: [{name: c, command: [c]}]}"
/* A Job with its template, and the podFailurePolicy's rules of one. */
#define JOB_DOC "apiVersion: batch/v1\nkind: Job\nmetadata: {name: d}\nspec:\n" \
	"  template: {" JOB_TEMPLATE_SPEC "}\n"
#define POLICY JOB_DOC "  podFailurePolicy:\n    rules:\n"

/* A manifest with "%s" where the sample's line goes (with its indent). */
struct context {
	const char *name;
	const char *yaml;
	int	 indent;
};

static const struct context contexts[] = {
	{ "Document", "kind: Pod\nspec: {containers: [{name: c, command: [c]}]}\n%s", 0 },
	{ "Document/kind", "apiVersion: apps/v1\nspec: {template: {" TEMPLATE_SPEC "}}\n%s", 0 },
	{ "Document/spec", "apiVersion: v1\nkind: Pod\n%s", 0 },
	{ "ObjectMeta", "apiVersion: v1\nkind: Pod\nspec: {containers: [{name: c, command: [c]}]}\n"
	    "metadata:\n%s", 2 },
	{ "PodSpec", POD "  containers: [{name: c, command: [c]}]\n%s", 2 },
	{ "PodSpec/containers", POD "%s", 2 },
	{ "Container", CONTAINER "%s", 4 },
	{ "Container/name", POD "  containers:\n  - command: [c]\n%s", 4 },
	{ "Container/command", POD "  containers:\n  - name: c\n%s", 4 },
	{ "Container/init", POD "  containers: [{name: c, command: [c]}]\n  initContainers:\n"
	    "  - name: i\n    command: [i]\n%s", 4 },
	{ "Probe", CONTAINER "    readinessProbe:\n      exec: {command: [x]}\n%s", 6 },
	{ "Probe/handler", CONTAINER "    readinessProbe:\n      periodSeconds: 10\n%s", 6 },
	{ "Probe/liveness", CONTAINER "    livenessProbe:\n      exec: {command: [x]}\n%s", 6 },
	{ "Lifecycle", CONTAINER "    lifecycle:\n%s", 6 },
	{ "LifecycleHandler", CONTAINER "    lifecycle:\n      preStop:\n%s", 8 },
	{ "ExecAction", CONTAINER "    readinessProbe:\n      exec:\n%s", 8 },
	{ "HTTPGetAction", CONTAINER "    readinessProbe:\n      httpGet:\n        port: 80\n%s", 8 },
	{ "HTTPGetAction/port", CONTAINER "    readinessProbe:\n      httpGet:\n        path: /\n%s",
	    8 },
	{ "HTTPHeader", CONTAINER "    readinessProbe:\n      httpGet:\n        port: 80\n"
	    "        httpHeaders:\n        - name: a\n%s", 10 },
	{ "HTTPHeader/name", CONTAINER "    readinessProbe:\n      httpGet:\n        port: 80\n"
	    "        httpHeaders:\n        - value: v\n%s", 10 },
	{ "TCPSocketAction", CONTAINER "    readinessProbe:\n      tcpSocket:\n        port: 80\n%s",
	    8 },
	{ "TCPSocketAction/port", CONTAINER "    readinessProbe:\n      tcpSocket:\n"
	    "        host: h\n%s", 8 },
	{ "GRPCAction", CONTAINER "    readinessProbe:\n      grpc:\n        port: 80\n%s", 8 },
	{ "GRPCAction/port", CONTAINER "    readinessProbe:\n      grpc:\n        service: s\n%s",
	    8 },
	{ "SleepAction", CONTAINER "    lifecycle:\n      preStop:\n        sleep:\n%s", 10 },
	{ "ContainerPort", BARE_CONTAINER "    ports:\n    - containerPort: 80\n%s", 6 },
	{ "ContainerPort/containerPort", BARE_CONTAINER "    ports:\n    - name: p\n%s", 6 },
	{ "EnvVar", CONTAINER "    env:\n    - name: E\n%s", 6 },
	{ "EnvVar/name", CONTAINER "    env:\n    - value: v\n%s", 6 },
	{ "EnvVarSource", CONTAINER "    env:\n    - name: E\n      valueFrom:\n%s", 8 },
	{ "ObjectFieldSelector", CONTAINER "    env:\n    - name: E\n      valueFrom:\n"
	    "        fieldRef:\n%s", 10 },
	{ "ResourceFieldSelector", CONTAINER "    env:\n    - name: E\n      valueFrom:\n"
	    "        resourceFieldRef:\n          resource: limits.cpu\n%s", 10 },
	{ "ResourceFieldSelector/resource", CONTAINER "    env:\n    - name: E\n      valueFrom:\n"
	    "        resourceFieldRef:\n          divisor: 1m\n%s", 10 },
	{ "ConfigMapKeySelector", CM_DOC CONTAINER "    env:\n    - name: E\n      valueFrom:\n"
	    "        configMapKeyRef:\n          key: k\n%s", 10 },
	{ "ConfigMapKeySelector/key", CM_DOC CONTAINER "    env:\n    - name: E\n      valueFrom:\n"
	    "        configMapKeyRef:\n          name: cm\n%s", 10 },
	{ "ConfigMapKeySelector/optional", CM_DOC CONTAINER "    env:\n    - name: E\n"
	    "      valueFrom:\n        configMapKeyRef:\n          name: none\n          key: k\n%s",
	    10 },
	{ "SecretKeySelector", CM_DOC CONTAINER "    env:\n    - name: E\n      valueFrom:\n"
	    "        secretKeyRef:\n          key: k\n%s", 10 },
	{ "SecretKeySelector/key", CM_DOC CONTAINER "    env:\n    - name: E\n      valueFrom:\n"
	    "        secretKeyRef:\n          name: s\n%s", 10 },
	{ "SecretKeySelector/optional", CM_DOC CONTAINER "    env:\n    - name: E\n"
	    "      valueFrom:\n        secretKeyRef:\n          name: none\n          key: k\n%s",
	    10 },
	{ "EnvFromSource", CM_DOC CONTAINER "    envFrom:\n    - prefix: P_\n%s", 6 },
	{ "EnvFromSource/prefix", CM_DOC CONTAINER "    envFrom:\n    - configMapRef: {name: cm}\n%s",
	    6 },
	{ "ConfigMapEnvSource", CM_DOC CONTAINER "    envFrom:\n    - configMapRef:\n%s", 8 },
	{ "ConfigMapEnvSource/optional", CM_DOC CONTAINER "    envFrom:\n    - configMapRef:\n"
	    "        name: none\n%s", 8 },
	{ "SecretEnvSource", CM_DOC CONTAINER "    envFrom:\n    - secretRef:\n%s", 8 },
	{ "SecretEnvSource/optional", CM_DOC CONTAINER "    envFrom:\n    - secretRef:\n"
	    "        name: none\n%s", 8 },
	{ "ResourceRequirements", CONTAINER "    resources:\n%s", 6 },
	{ "ResourceRequirements/requests", CONTAINER "    resources:\n      limits: {memory: 1Mi}\n%s",
	    6 },
	{ "SecurityContext", CONTAINER "    securityContext:\n      procMount: Default\n%s", 6 },
	{ "PodSecurityContext", POD "  containers: [{name: c, command: [c]}]\n"
	    "  securityContext:\n    sysctls: []\n%s", 4 },
	{ "Capabilities", CONTAINER "    securityContext:\n      capabilities:\n%s", 8 },
	{ "SeccompProfile", CONTAINER "    securityContext:\n      seccompProfile:\n"
	    "        type: Localhost\n%s", 8 },
	{ "SeccompProfile/type", CONTAINER "    securityContext:\n      seccompProfile:\n%s", 8 },
	{ "PodTemplateSpec", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n"
	    "spec:\n  template:\n    " TEMPLATE_SPEC "\n%s", 4 },
	{ "PodTemplateSpec/spec", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n"
	    "spec:\n  template:\n%s", 4 },
	{ "DeploymentSpec", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n"
	    "spec:\n%s", 2 },
	{ "StatefulSetSpec", "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: d}\n"
	    "spec:\n%s", 2 },
	{ "DaemonSetSpec", "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\n"
	    "spec:\n%s", 2 },
	{ "ReplicaSetSpec", "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: d}\n"
	    "spec:\n%s", 2 },
	{ "ReplicationControllerSpec", "apiVersion: v1\nkind: ReplicationController\n"
	    "metadata: {name: d}\nspec:\n%s", 2 },
	{ "JobSpec", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: d}\nspec:\n%s", 2 },
	{ "CronJobSpec", "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: d}\nspec:\n%s", 2 },
	{ "JobTemplateSpec", "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: d}\n"
	    "spec:\n  jobTemplate:\n    spec: {template: {" JOB_TEMPLATE_SPEC "}}\n%s", 4 },
	{ "JobTemplateSpec/spec", "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: d}\n"
	    "spec:\n  jobTemplate:\n%s", 4 },
	/* SPEC §9 */
	{ "JobSpec/t", JOB_DOC "%s", 2 },
	{ "JobSpec/policy", JOB_DOC "  podFailurePolicy: {rules: [{action: FailJob, onExitCodes: "
	    "{operator: In, values: [1]}}]}\n%s", 2 },
	{ "CronJobSpec/t", "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: d}\nspec:\n"
	    "  jobTemplate: {spec: {template: {" JOB_TEMPLATE_SPEC "}}}\n%s", 2 },
	{ "PodFailurePolicy", JOB_DOC "  podFailurePolicy:\n%s", 4 },
	{ "PodFailurePolicyRule", POLICY "    - onExitCodes: {operator: In, values: [1]}\n%s", 6 },
	{ "PodFailurePolicyRule/on", POLICY "    - action: Ignore\n%s", 6 },
	{ "PodFailurePolicyOnExitCodesRequirement", POLICY "    - action: FailJob\n"
	    "      onExitCodes:\n        operator: In\n%s", 8 },
	{ "PodFailurePolicyOnExitCodesRequirement/values", POLICY "    - action: FailJob\n"
	    "      onExitCodes:\n        values: [1]\n%s", 8 },
	{ "PodFailurePolicyOnPodConditionsPattern", POLICY "    - action: Ignore\n"
	    "      onPodConditions:\n      - type: T\n%s", 8 },
	{ "PodFailurePolicyOnPodConditionsPattern/type", POLICY "    - action: Ignore\n"
	    "      onPodConditions:\n      - status: \"False\"\n%s", 8 },
	/* SPEC §7: volumes and their mounts */
	{ "Volume", VOLPOD "%s", 4 },
	{ "Volume/name", POD "  containers: [{name: c, command: [c]}]\n  volumes:\n"
	    "  - emptyDir: {}\n%s", 4 },
	{ "EmptyDirVolumeSource", VOLPOD "    emptyDir:\n%s", 6 },
	{ "ConfigMapVolumeSource", CMDOC VOLPOD "    configMap:\n      name: cm\n%s", 6 },
	{ "ConfigMapVolumeSource/name", CMDOC VOLPOD "    configMap:\n      optional: true\n%s",
	    6 },
	{ "KeyToPath", CMDOC VOLPOD "    configMap:\n      name: cm\n      items:\n"
	    "      - key: k\n        path: p\n%s", 8 },
	{ "KeyToPath/key", CMDOC VOLPOD "    configMap:\n      name: cm\n      items:\n"
	    "      - path: p\n%s", 8 },
	{ "KeyToPath/path", CMDOC VOLPOD "    configMap:\n      name: cm\n      items:\n"
	    "      - key: k\n%s", 8 },
	{ "SecretVolumeSource", SECDOC VOLPOD "    secret:\n      secretName: s\n%s", 6 },
	{ "SecretVolumeSource/secretName", SECDOC VOLPOD "    secret:\n      optional: true\n%s",
	    6 },
	{ "DownwardAPIVolumeSource", VOLPOD "    downwardAPI:\n%s", 6 },
	{ "DownwardAPIVolumeFile", VOLPOD "    downwardAPI:\n      items:\n      - path: f\n"
	    "        fieldRef: {fieldPath: metadata.name}\n%s", 8 },
	{ "DownwardAPIVolumeFile/ref", VOLPOD "    downwardAPI:\n      items:\n      - path: f\n%s",
	    8 },
	{ "DownwardAPIVolumeFile/path", VOLPOD "    downwardAPI:\n      items:\n"
	    "      - fieldRef: {fieldPath: metadata.name}\n%s", 8 },
	{ "ProjectedVolumeSource", VOLPOD "    projected:\n%s", 6 },
	{ "VolumeProjection", CMDOC SECDOC VOLPOD "    projected:\n      sources:\n      -\n%s", 8 },
	{ "ConfigMapProjection", CMDOC VOLPOD "    projected:\n      sources:\n      - configMap:\n"
	    "          name: cm\n%s", 10 },
	{ "ConfigMapProjection/name", CMDOC VOLPOD "    projected:\n      sources:\n"
	    "      - configMap:\n          optional: true\n%s", 10 },
	{ "SecretProjection", SECDOC VOLPOD "    projected:\n      sources:\n      - secret:\n"
	    "          name: s\n%s", 10 },
	{ "SecretProjection/name", SECDOC VOLPOD "    projected:\n      sources:\n"
	    "      - secret:\n          optional: true\n%s", 10 },
	{ "DownwardAPIProjection", VOLPOD "    projected:\n      sources:\n      - downwardAPI:\n%s",
	    10 },
	{ "HostPathVolumeSource", VOLPOD "    hostPath:\n      path: /tmp\n%s", 6 },
	{ "HostPathVolumeSource/path", VOLPOD "    hostPath:\n      type: \"\"\n%s", 6 },
	{ "PersistentVolumeClaimVolumeSource", VOLPOD "    persistentVolumeClaim:\n"
	    "      claimName: c\n%s", 6 },
	{ "PersistentVolumeClaimVolumeSource/claimName", VOLPOD "    persistentVolumeClaim:\n"
	    "      readOnly: true\n%s", 6 },
	{ "StatefulSetSpec/claims", "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: d}\n"
	    "spec:\n  template: {" TEMPLATE_SPEC "}\n%s", 2 },
	{ "PersistentVolumeClaim", "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: d}\n"
	    "spec:\n  template: {" TEMPLATE_SPEC "}\n  volumeClaimTemplates:\n  -\n%s", 4 },
	{ "Container/volumes", POD "  volumes: [{name: v}]\n  containers:\n  - name: c\n"
	    "    command: [c]\n%s", 4 },
	{ "VolumeMount", POD "  volumes: [{name: v}]\n  containers:\n  - name: c\n    command: [c]\n"
	    "    volumeMounts:\n    - name: v\n      mountPath: /m\n%s", 6 },
	{ "VolumeMount/name", POD "  volumes: [{name: v}]\n  containers:\n  - name: c\n"
	    "    command: [c]\n    volumeMounts:\n    - mountPath: /m\n%s", 6 },
	{ "VolumeMount/mountPath", POD "  volumes: [{name: v}]\n  containers:\n  - name: c\n"
	    "    command: [c]\n    volumeMounts:\n    - name: v\n%s", 6 },
};

/* type and name are the row's; context is the type's unless given; want,
 * when given, must be in what the manifest with the line decodes to. */
struct sample {
	const char *type, *name;
	const char *line;
	const char *context;
	const char *want;
};

static const struct sample samples[] = {
	{ "Document", "apiVersion", "apiVersion: v1", NULL, NULL },
	{ "Document", "kind", "kind: Deployment", "Document/kind", "kind=Deployment" },
	{ "Document", "metadata", "metadata: {name: m}", NULL, "pod \"m\"" },
	{ "Document", "spec", "spec: {containers: [{name: c, command: [c]}]}", "Document/spec",
	    NULL },
	{ "ObjectMeta", "name", "name: m", NULL, "pod \"m\"" },
	{ "ObjectMeta", "namespace", "namespace: ns", NULL, "namespace=\"ns\"" },
	{ "ObjectMeta", "labels", "labels: {app: web}", NULL, "label app=\"web\"" },
	{ "ObjectMeta", "annotations", "annotations: {note: hi}", NULL, "annotation note=\"hi\"" },
	{ "PodSpec", "hostname", "hostname: box", NULL, "hostname: \"box\"" },
	{ "PodSpec", "serviceAccountName", "serviceAccountName: sa", NULL,
	    "serviceAccountName: \"sa\"" },
	{ "PodSpec", "shareProcessNamespace", "shareProcessNamespace: true", NULL,
	    "shareProcessNamespace: true" },
	{ "PodSpec", "terminationGracePeriodSeconds", "terminationGracePeriodSeconds: 45", NULL,
	    "terminationGracePeriodSeconds: 45" },
	{ "PodSpec", "activeDeadlineSeconds", "activeDeadlineSeconds: 60", NULL,
	    "activeDeadlineSeconds: 60" },
	{ "PodSpec", "restartPolicy", "restartPolicy: Never", NULL, "restartPolicy: Never" },
	{ "PodSpec", "securityContext", "securityContext: {runAsUser: 5}", NULL, "runAsUser=5" },
	{ "PodSpec", "containers", "containers: [{name: c, command: [c]}]", "PodSpec/containers",
	    "container[0] \"c\"" },
	{ "PodSpec", "initContainers", "initContainers: [{name: i, command: [i]}]", NULL,
	    "initContainer[0] \"i\"" },
	{ "Container", "name", "name: nn", "Container/name", "container[0] \"nn\"" },
	{ "Container", "restartPolicy", "restartPolicy: Always", "Container/init", " sidecar" },
	{ "Container", "restartPolicyRules", "restartPolicyRules: [{action: Restart, exitCodes: "
	    "{operator: In, values: [42]}}]", NULL, "must specify restartPolicy" },
	{ "Container", "command", "command: [x]", "Container/command", "argv: [\"x\"]" },
	{ "Container", "args", "args: [a]", NULL, "argv: [\"c\", \"a\"]" },
	{ "Container", "workingDir", "workingDir: /w", NULL, "workingDir: \"/w\"" },
	{ "Container", "image", "image: busybox:1.36", NULL, "image: \"busybox:1.36\"" },
	{ "Container", "env", "env: [{name: E, value: v}]", NULL, "env E=\"v\"" },
	{ "Container", "envFrom", "envFrom: [{configMapRef: {name: x}}]", NULL,
	    "configmap \"x\" not found" },
	{ "EnvVarSource", "fieldRef", "fieldRef: {fieldPath: metadata.name}", NULL,
	    "env E=\"p\" fieldRef=metadata.name" },
	{ "EnvVarSource", "resourceFieldRef", "resourceFieldRef: {resource: limits.memory, "
	    "divisor: 1Mi}", NULL, "env E=\"1024\" resourceFieldRef=limits.memory divisor=1Mi" },
	{ "EnvVarSource", "configMapKeyRef", "configMapKeyRef: {name: x, key: k}", NULL,
	    "configmap \"x\" not found" },
	{ "EnvVarSource", "secretKeyRef", "secretKeyRef: {name: x, key: k}", NULL,
	    "secret \"x\" not found" },
	{ "ObjectFieldSelector", "fieldPath", "fieldPath: metadata.namespace", NULL,
	    "env E=\"default\" fieldRef=metadata.namespace" },
	{ "ResourceFieldSelector", "containerName", "containerName: c", NULL,
	    "resourceFieldRef=limits.cpu of c" },
	{ "ResourceFieldSelector", "resource", "resource: requests.cpu",
	    "ResourceFieldSelector/resource", "env E=\"0\" resourceFieldRef=requests.cpu" },
	{ "ResourceFieldSelector", "divisor", "divisor: 1m", NULL, "env E=\"1000\"" },
	{ "ConfigMapKeySelector", "name", "name: cm", NULL, "env E=\"v\" configMapKeyRef=cm/k" },
	{ "ConfigMapKeySelector", "key", "key: k2", "ConfigMapKeySelector/key",
	    "env E=\"v2\" configMapKeyRef=cm/k2" },
	{ "ConfigMapKeySelector", "optional", "optional: true", "ConfigMapKeySelector/optional",
	    "configMapKeyRef=none/k optional" },
	{ "SecretKeySelector", "name", "name: s", NULL, "env E=(secret) secretKeyRef=s/k" },
	{ "SecretKeySelector", "key", "key: k2", "SecretKeySelector/key", "secretKeyRef=s/k2" },
	{ "SecretKeySelector", "optional", "optional: true", "SecretKeySelector/optional",
	    "secretKeyRef=none/k optional" },
	{ "EnvFromSource", "configMapRef", "configMapRef: {name: cm}", NULL,
	    "env P_k=\"v\" envFrom[0]" },
	{ "EnvFromSource", "secretRef", "secretRef: {name: s}", NULL, "env P_k=(secret) envFrom[0]" },
	{ "EnvFromSource", "prefix", "prefix: X_", "EnvFromSource/prefix", "env X_k2=\"v2\"" },
	{ "ConfigMapEnvSource", "name", "name: cm", NULL, "env k=\"v\" envFrom[0]" },
	{ "ConfigMapEnvSource", "optional", "optional: true", "ConfigMapEnvSource/optional",
	    "configMapRef \"none\" optional" },
	{ "SecretEnvSource", "name", "name: s", NULL, "env k2=(secret) envFrom[0]" },
	{ "SecretEnvSource", "optional", "optional: true", "SecretEnvSource/optional",
	    "secretRef \"none\" optional" },
	{ "Container", "ports", "ports: [{containerPort: 80}]", "Container/command", "port -=80" },
	{ "Container", "livenessProbe", "livenessProbe: {exec: {command: [x]}}", NULL,
	    "livenessProbe: exec" },
	{ "Container", "readinessProbe", "readinessProbe: {exec: {command: [x]}}", NULL,
	    "readinessProbe: exec" },
	{ "Container", "startupProbe", "startupProbe: {exec: {command: [x]}}", NULL,
	    "startupProbe: exec" },
	{ "Container", "lifecycle", "lifecycle: {preStop: {exec: {command: [x]}}}", NULL,
	    "preStop: exec" },
	{ "Container", "securityContext", "securityContext: {runAsUser: 5}", NULL,
	    "runAsUser=5" },
	{ "Container", "resources", "resources: {limits: {memory: 1Mi}}", NULL,
	    "limits: memory=1048576" },
	{ "Container", "terminationMessagePath", "terminationMessagePath: /t", NULL,
	    "terminationMessagePath: \"/t\"" },
	{ "Container", "terminationMessagePolicy", "terminationMessagePolicy: FallbackToLogsOnError",
	    NULL, "terminationMessagePolicy: FallbackToLogsOnError" },
	{ "Container", "tty", "tty: true", NULL, "tty=true" },
	{ "Container", "stdin", "stdin: true", NULL, "stdin=true" },
	{ "Probe", "exec", "exec: {command: [x]}", "Probe/handler", "readinessProbe: exec" },
	{ "Probe", "httpGet", "httpGet: {port: 80}", "Probe/handler", "readinessProbe: httpGet" },
	{ "Probe", "tcpSocket", "tcpSocket: {port: 80}", "Probe/handler",
	    "readinessProbe: tcpSocket" },
	{ "Probe", "grpc", "grpc: {port: 80}", "Probe/handler", "readinessProbe: grpc" },
	{ "Probe", "initialDelaySeconds", "initialDelaySeconds: 7", NULL,
	    "initialDelaySeconds=7" },
	{ "Probe", "timeoutSeconds", "timeoutSeconds: 7", NULL, "timeoutSeconds=7" },
	{ "Probe", "periodSeconds", "periodSeconds: 7", NULL, "periodSeconds=7" },
	{ "Probe", "successThreshold", "successThreshold: 7", NULL, "successThreshold=7" },
	{ "Probe", "failureThreshold", "failureThreshold: 7", NULL, "failureThreshold=7" },
	{ "Probe", "terminationGracePeriodSeconds", "terminationGracePeriodSeconds: 7",
	    "Probe/liveness", " terminationGracePeriodSeconds=7" },
	{ "Lifecycle", "postStart", "postStart: {exec: {command: [x]}}", NULL, "postStart: exec" },
	{ "Lifecycle", "preStop", "preStop: {exec: {command: [x]}}", NULL, "preStop: exec" },
	{ "Lifecycle", "stopSignal", "stopSignal: SIGINT", NULL, "stopSignal: SIGINT" },
	{ "LifecycleHandler", "exec", "exec: {command: [x]}", NULL, "preStop: exec" },
	{ "LifecycleHandler", "httpGet", "httpGet: {port: 80}", NULL, "preStop: httpGet" },
	{ "LifecycleHandler", "tcpSocket", "tcpSocket: {port: 80}", NULL, "preStop: tcpSocket" },
	{ "LifecycleHandler", "sleep", "sleep: {seconds: 2}", NULL, "preStop: sleep 2s" },
	{ "ExecAction", "command", "command: [x, z]", NULL, "exec [\"x\", \"z\"]" },
	{ "HTTPGetAction", "path", "path: /p", NULL, "path=\"/p\"" },
	{ "HTTPGetAction", "port", "port: 81", "HTTPGetAction/port", ":81 path" },
	{ "HTTPGetAction", "host", "host: h", NULL, "http://h:80" },
	{ "HTTPGetAction", "scheme", "scheme: HTTPS", NULL, "https://" },
	{ "HTTPGetAction", "httpHeaders", "httpHeaders: [{name: a, value: b}]", NULL,
	    "header A=\"b\"" },
	{ "HTTPHeader", "name", "name: a", "HTTPHeader/name", "header A=\"v\"" },
	{ "HTTPHeader", "value", "value: v", NULL, "header A=\"v\"" },
	{ "TCPSocketAction", "port", "port: 81", "TCPSocketAction/port", "tcpSocket h:81" },
	{ "TCPSocketAction", "host", "host: h", NULL, "tcpSocket h:80" },
	{ "GRPCAction", "port", "port: 81", "GRPCAction/port", ":81 service" },
	{ "GRPCAction", "service", "service: s", NULL, "service=\"s\"" },
	{ "SleepAction", "seconds", "seconds: 2", NULL, "sleep 2s" },
	{ "ContainerPort", "containerPort", "containerPort: 81", "ContainerPort/containerPort",
	    "port p=81/TCP" },
	{ "ContainerPort", "name", "name: p", NULL, "port p=80/TCP" },
	{ "ContainerPort", "protocol", "protocol: UDP", NULL, "port -=80/UDP" },
	{ "EnvVar", "name", "name: E", "EnvVar/name", "env E=\"v\"" },
	{ "EnvVar", "value", "value: v", NULL, "env E=\"v\"" },
	{ "EnvVar", "valueFrom", "valueFrom: {fieldRef: {fieldPath: metadata.name}}", NULL,
	    "env E=\"p\" fieldRef=metadata.name" },
	{ "ResourceRequirements", "limits", "limits: {cpu: 500m}", NULL, "cpu=500m" },
	/* requests are checked against the limits, not kept */
	{ "ResourceRequirements", "requests", "requests: {memory: 2Mi}",
	    "ResourceRequirements/requests", "must be less than or equal to memory limit" },
	{ "SecurityContext", "runAsUser", "runAsUser: 5", NULL, "runAsUser=5" },
	{ "SecurityContext", "runAsGroup", "runAsGroup: 5", NULL, "runAsGroup=5" },
	{ "SecurityContext", "runAsNonRoot", "runAsNonRoot: true", NULL, "runAsNonRoot=true" },
	{ "SecurityContext", "capabilities", "capabilities: {add: [NET_ADMIN]}", NULL,
	    "capAdd=[\"NET_ADMIN\"]" },
	{ "SecurityContext", "allowPrivilegeEscalation", "allowPrivilegeEscalation: false", NULL,
	    "allowPrivilegeEscalation=false" },
	{ "SecurityContext", "privileged", "privileged: true", NULL, "privileged=true" },
	{ "SecurityContext", "readOnlyRootFilesystem", "readOnlyRootFilesystem: true", NULL,
	    "readOnlyRootFilesystem=true" },
	{ "SecurityContext", "seccompProfile", "seccompProfile: {type: RuntimeDefault}", NULL,
	    "seccomp=RuntimeDefault" },
	{ "PodSecurityContext", "runAsUser", "runAsUser: 5", NULL, "runAsUser=5" },
	{ "PodSecurityContext", "runAsGroup", "runAsGroup: 5", NULL, "runAsGroup=5" },
	{ "PodSecurityContext", "runAsNonRoot", "runAsNonRoot: false", NULL,
	    "runAsNonRoot=false" },
	{ "PodSecurityContext", "supplementalGroups", "supplementalGroups: [5, 6]", NULL,
	    "supplementalGroups=[5,6]" },
	{ "PodSecurityContext", "fsGroup", "fsGroup: 5", NULL, "fsGroup=5" },
	{ "PodSecurityContext", "seccompProfile", "seccompProfile: {type: Unconfined}", NULL,
	    "seccomp=Unconfined" },
	{ "Capabilities", "add", "add: [NET_ADMIN]", NULL, "capAdd=[\"NET_ADMIN\"]" },
	{ "Capabilities", "drop", "drop: [ALL]", NULL, "capDrop=[\"ALL\"]" },
	{ "SeccompProfile", "type", "type: RuntimeDefault", "SeccompProfile/type",
	    "seccomp=RuntimeDefault" },
	{ "SeccompProfile", "localhostProfile", "localhostProfile: /p.json", NULL,
	    "seccomp=Localhost \"/p.json\"" },
	/* a template's metadata is checked, not kept: a misspelt field shows it is read */
	{ "PodTemplateSpec", "metadata", "metadata: {nmae: x}", NULL, "did you mean name?" },
	{ "PodTemplateSpec", "spec", TEMPLATE_SPEC, "PodTemplateSpec/spec",
	    "container[0] \"c\"" },
	{ "DeploymentSpec", "template", "template: {" TEMPLATE_SPEC "}", NULL,
	    "container[0] \"c\"" },
	{ "StatefulSetSpec", "template", "template: {" TEMPLATE_SPEC "}", NULL,
	    "container[0] \"c\"" },
	{ "DaemonSetSpec", "template", "template: {" TEMPLATE_SPEC "}", NULL,
	    "container[0] \"c\"" },
	{ "ReplicaSetSpec", "template", "template: {" TEMPLATE_SPEC "}", NULL,
	    "container[0] \"c\"" },
	{ "ReplicationControllerSpec", "template", "template: {" TEMPLATE_SPEC "}", NULL,
	    "container[0] \"c\"" },
	{ "JobSpec", "template", "template: {" JOB_TEMPLATE_SPEC "}", NULL,
	    "container[0] \"c\"" },
	{ "CronJobSpec", "jobTemplate", "jobTemplate: {spec: {template: {" JOB_TEMPLATE_SPEC
	    "}}}", NULL, "container[0] \"c\"" },
	{ "JobTemplateSpec", "metadata", "metadata: {nmae: x}", NULL, "did you mean name?" },
	{ "JobTemplateSpec", "spec", "spec: {template: {" JOB_TEMPLATE_SPEC "}}",
	    "JobTemplateSpec/spec", "container[0] \"c\"" },
	/* SPEC §9: the JobSpec, its podFailurePolicy, the CronJob's checks */
	{ "JobSpec", "completionMode", "completionMode: Indexed", "JobSpec/t",
	    "completionMode=Indexed" },
	{ "JobSpec", "completions", "completions: 3", "JobSpec/t", "completions=3 parallelism=1" },
	{ "JobSpec", "parallelism", "parallelism: 0", "JobSpec/t",
	    "completions=1 (unset) parallelism=0" },
	{ "JobSpec", "backoffLimit", "backoffLimit: 2", "JobSpec/t", "backoffLimit=2" },
	{ "JobSpec", "backoffLimitPerIndex", "backoffLimitPerIndex: 1", "JobSpec/t",
	    "requires indexed completion mode" },
	{ "JobSpec", "maxFailedIndexes", "maxFailedIndexes: 1", "JobSpec/t",
	    "required value: when maxFailedIndexes is specified" },
	{ "JobSpec", "activeDeadlineSeconds", "activeDeadlineSeconds: 0", "JobSpec/t",
	    "  activeDeadlineSeconds: 0" },
	{ "JobSpec", "suspend", "suspend: true", "JobSpec/t", "  suspend: true" },
	{ "JobSpec", "ttlSecondsAfterFinished", "ttlSecondsAfterFinished: -1", "JobSpec/t",
	    "must be greater than or equal to 0" },
	{ "JobSpec", "podReplacementPolicy", "podReplacementPolicy: TerminatingOrFailed",
	    "JobSpec/policy", "supported values: \"Failed\"" },
	{ "JobSpec", "manualSelector", "manualSelector: true", "JobSpec/t",
	    "spec.selector: required value" },
	{ "JobSpec", "selector", "selector: {matchLabels: {app: x}}", "JobSpec/t",
	    "`selector` not auto-generated" },
	{ "JobSpec", "managedBy", "managedBy: foo", "JobSpec/t",
	    "must be a domain-prefixed path" },
	{ "JobSpec", "podFailurePolicy", "podFailurePolicy: {rules: []}", "JobSpec/t",
	    "podFailurePolicy: 0 rules" },
	{ "JobSpec", "successPolicy", "successPolicy: {rules: [{succeededCount: 1}]}",
	    "JobSpec/t", "requires indexed completion mode" },
	{ "PodFailurePolicy", "rules", "rules: [{action: Ignore, onExitCodes: {operator: NotIn, "
	    "values: [0]}}]", NULL, "rules[0]: Ignore onExitCodes NotIn [0]" },
	{ "PodFailurePolicyRule", "action", "action: Count", NULL, "rules[0]: Count" },
	{ "PodFailurePolicyRule", "onExitCodes", "onExitCodes: {operator: In, values: [3]}",
	    "PodFailurePolicyRule/on", "Ignore onExitCodes In [3]" },
	{ "PodFailurePolicyRule", "onPodConditions", "onPodConditions: [{type: Ready}]",
	    "PodFailurePolicyRule/on", "Ignore onPodConditions Ready=True" },
	{ "PodFailurePolicyOnExitCodesRequirement", "values", "values: [1, 2]", NULL,
	    "In [1, 2]" },
	{ "PodFailurePolicyOnExitCodesRequirement", "containerName", "containerName: c",
	    "PodFailurePolicyOnExitCodesRequirement/values", "container=\"c\" In [1]" },
	{ "PodFailurePolicyOnExitCodesRequirement", "operator", "operator: NotIn",
	    "PodFailurePolicyOnExitCodesRequirement/values", "NotIn [1]" },
	{ "PodFailurePolicyOnPodConditionsPattern", "status", "status: \"False\"", NULL,
	    "T=False" },
	{ "PodFailurePolicyOnPodConditionsPattern", "type", "type: Ready",
	    "PodFailurePolicyOnPodConditionsPattern/type", "Ready=False" },
	{ "CronJobSpec", "schedule", "schedule: \"* * *\"", "CronJobSpec/t",
	    "expected exactly 5 fields, found 3" },
	{ "CronJobSpec", "timeZone", "timeZone: Local", "CronJobSpec/t",
	    "must be an explicit time zone" },
	{ "CronJobSpec", "startingDeadlineSeconds", "startingDeadlineSeconds: -1", "CronJobSpec/t",
	    "must be greater than or equal to 0" },
	{ "CronJobSpec", "successfulJobsHistoryLimit", "successfulJobsHistoryLimit: -1",
	    "CronJobSpec/t", "must be greater than or equal to 0" },
	{ "CronJobSpec", "failedJobsHistoryLimit", "failedJobsHistoryLimit: -1", "CronJobSpec/t",
	    "must be greater than or equal to 0" },
	/* SPEC §7 */
	{ "PodSpec", "volumes", "volumes: [{name: v, emptyDir: {}}]", NULL, "volume \"v\" emptyDir" },
	{ "Container", "volumeMounts", "volumeMounts: [{name: v, mountPath: /m}]",
	    "Container/volumes", "mount \"v\" at \"/m\"" },
	{ "StatefulSetSpec", "volumeClaimTemplates", "volumeClaimTemplates: [{metadata: {name: data}}]",
	    "StatefulSetSpec/claims", "claim=\"data-d-0\" (volumeClaimTemplate)" },
	{ "PersistentVolumeClaim", "metadata", "metadata: {name: data}", NULL, "claim=\"data-d-0\"" },
	{ "Volume", "name", "name: v", "Volume/name", "volume \"v\" emptyDir" },
	{ "Volume", "emptyDir", "emptyDir: {medium: Memory}", NULL, "medium=Memory" },
	{ "Volume", "configMap", "configMap: {name: cm, optional: true}", NULL,
	    "source configMap \"cm\" optional" },
	{ "Volume", "secret", "secret: {secretName: s, optional: true}", NULL,
	    "source secret \"s\" optional" },
	{ "Volume", "downwardAPI", "downwardAPI: {}", NULL, "volume \"v\" downwardAPI" },
	{ "Volume", "projected", "projected: {}", NULL, "volume \"v\" projected" },
	{ "Volume", "hostPath", "hostPath: {path: /tmp}", NULL, "hostPath \"/tmp\"" },
	{ "Volume", "persistentVolumeClaim", "persistentVolumeClaim: {claimName: c}", NULL,
	    "claim=\"c\"" },
	{ "EmptyDirVolumeSource", "medium", "medium: Memory", NULL, "medium=Memory" },
	{ "EmptyDirVolumeSource", "sizeLimit", "sizeLimit: 1Mi", NULL, "sizeLimit=1048576" },
	{ "ConfigMapVolumeSource", "name", "name: cm", "ConfigMapVolumeSource/name",
	    "source configMap \"cm\"" },
	{ "ConfigMapVolumeSource", "items", "items: [{key: k, path: p}]", NULL, "file \"p\"" },
	{ "ConfigMapVolumeSource", "defaultMode", "defaultMode: 0400", NULL, "defaultMode=0400" },
	{ "ConfigMapVolumeSource", "optional", "optional: true", NULL, "\"cm\" optional" },
	{ "KeyToPath", "key", "key: k", "KeyToPath/key", "file \"p\" mode=0644" },
	{ "KeyToPath", "path", "path: p", "KeyToPath/path", "file \"p\" mode=0644" },
	{ "KeyToPath", "mode", "mode: 0400", NULL, "file \"p\" mode=0400" },
	{ "SecretVolumeSource", "secretName", "secretName: s", "SecretVolumeSource/secretName",
	    "source secret \"s\"" },
	{ "SecretVolumeSource", "items", "items: [{key: k, path: p}]", NULL, "file \"p\"" },
	{ "SecretVolumeSource", "defaultMode", "defaultMode: 0400", NULL, "defaultMode=0400" },
	{ "SecretVolumeSource", "optional", "optional: true", NULL, "\"s\" optional" },
	{ "DownwardAPIVolumeSource", "items", "items: " DAPI "", NULL, "file \"f\"" },
	{ "DownwardAPIVolumeSource", "defaultMode", "defaultMode: 0400", NULL, "defaultMode=0400" },
	{ "DownwardAPIVolumeFile", "path", "path: f", "DownwardAPIVolumeFile/path", "file \"f\"" },
	{ "DownwardAPIVolumeFile", "fieldRef", "fieldRef: {fieldPath: metadata.name}",
	    "DownwardAPIVolumeFile/ref", "file \"f\" mode=0644 (1 bytes)" },
	{ "DownwardAPIVolumeFile", "resourceFieldRef",
	    "resourceFieldRef: {containerName: c, resource: limits.memory}",
	    "DownwardAPIVolumeFile/ref", "file \"f\" mode=0644 (8 bytes)" },
	{ "DownwardAPIVolumeFile", "mode", "mode: 0400", NULL, "file \"f\" mode=0400" },
	/* ObjectFieldSelector and ResourceFieldSelector: the env's samples
	 * (a downwardAPI item's rows are the same fields of the same types) */
	{ "ProjectedVolumeSource", "sources", "sources: [{downwardAPI: {items: " DAPI "}}]", NULL,
	    "file \"f\"" },
	{ "ProjectedVolumeSource", "defaultMode", "defaultMode: 0400", NULL, "defaultMode=0400" },
	{ "VolumeProjection", "configMap", "configMap: {name: cm}", NULL, "source configMap \"cm\"" },
	{ "VolumeProjection", "secret", "secret: {name: s}", NULL, "source secret \"s\"" },
	{ "VolumeProjection", "downwardAPI", "downwardAPI: {items: " DAPI "}", NULL, "file \"f\"" },
	{ "VolumeProjection", "serviceAccountToken", "serviceAccountToken: {path: t}", NULL,
	    "this source is skipped" },
	{ "VolumeProjection", "clusterTrustBundle", "clusterTrustBundle: {path: b, name: cb}", NULL,
	    "clusterTrustBundle is not supported by podinit" },
	{ "VolumeProjection", "podCertificate", "podCertificate: {signerName: a.b/c, keyType: "
	    "ED25519, credentialBundlePath: c}", NULL, "podCertificate is not supported by podinit" },
	{ "ConfigMapProjection", "name", "name: cm", "ConfigMapProjection/name",
	    "source configMap \"cm\"" },
	{ "ConfigMapProjection", "items", "items: [{key: k, path: p}]", NULL, "file \"p\"" },
	{ "ConfigMapProjection", "optional", "optional: true", NULL, "\"cm\" optional" },
	{ "SecretProjection", "name", "name: s", "SecretProjection/name", "source secret \"s\"" },
	{ "SecretProjection", "items", "items: [{key: k, path: p}]", NULL, "file \"p\"" },
	{ "SecretProjection", "optional", "optional: true", NULL, "\"s\" optional" },
	{ "DownwardAPIProjection", "items", "items: " DAPI "", NULL, "file \"f\"" },
	{ "HostPathVolumeSource", "path", "path: /tmp", "HostPathVolumeSource/path",
	    "hostPath \"/tmp\"" },
	{ "HostPathVolumeSource", "type", "type: Directory", NULL, "type=Directory" },
	{ "PersistentVolumeClaimVolumeSource", "claimName", "claimName: c",
	    "PersistentVolumeClaimVolumeSource/claimName", "claim=\"c\"" },
	{ "PersistentVolumeClaimVolumeSource", "readOnly", "readOnly: true", NULL, "readOnly" },
	{ "VolumeMount", "name", "name: v", "VolumeMount/name", "mount \"v\" at \"/m\"" },
	{ "VolumeMount", "mountPath", "mountPath: /m", "VolumeMount/mountPath",
	    "mount \"v\" at \"/m\"" },
	{ "VolumeMount", "subPath", "subPath: s", NULL, "subPath=\"s\"" },
	{ "VolumeMount", "subPathExpr", "subPathExpr: s", NULL, "subPath=\"s\" subPathExpr=\"s\"" },
	{ "VolumeMount", "readOnly", "readOnly: true", NULL, "at \"/m\" readOnly" },
};

/* Known to Kubernetes and ignored by podinit, but decode warns about it. */
static const char *const ignored_but_warned[] = { "" };

static const struct context *
find_context(const char *name)
{
	for (size_t i = 0; i < sizeof contexts / sizeof contexts[0]; i++)
		if (strcmp(contexts[i].name, name) == 0)
			return &contexts[i];
	return NULL;
}

static const struct sample *
find_sample(const char *type, const char *name)
{
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
		if (strcmp(samples[i].type, type) == 0 && strcmp(samples[i].name, name) == 0)
			return &samples[i];
	return NULL;
}

/* What a manifest decodes to: the diagnostics, then the model's dump. */
static char *
decoded(const char *yaml)
{
	struct manifest_opts o = { .path = "t.yaml" };
	struct pod_spec pod;
	struct diag_list d;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	cr_assert_not_null(f);
	diag_init(&d);
	manifest_decode_buffer(yaml, strlen(yaml), &o, &pod, &d);
	diag_sort(&d);
	diag_print(f, &d, "t.yaml", "", true);
	manifest_dump(f, &pod);
	fclose(f);
	diag_free(&d);
	spec_free(&pod);
	return out;
}

static char *
with_line(const struct context *ctx, const char *line)
{
	char text[512], *yaml;

	if (line)
		snprintf(text, sizeof text, "%*s%s\n", ctx->indent, "", line);
	else
		text[0] = '\0';
	cr_assert(asprintf(&yaml, ctx->yaml, text) > 0);
	return yaml;
}

static size_t
rows(struct decode_field_row **out)
{
	size_t n = decode_field_rows(NULL, 0);

	*out = calloc(n, sizeof **out);
	cr_assert_not_null(*out);
	cr_assert_eq(decode_field_rows(*out, n), n);
	return n;
}

static bool
is_ignored_but_warned(const struct decode_field_row *r)
{
	char key[128];

	snprintf(key, sizeof key, "%s.%s", r->type, r->name);
	for (size_t i = 0; i < sizeof ignored_but_warned / sizeof ignored_but_warned[0]; i++)
		if (strcmp(ignored_but_warned[i], key) == 0)
			return true;
	return false;
}

Test(decode_fields, every_field_podinit_reads_has_a_decoder)
{
	struct decode_field_row *r;
	size_t n = rows(&r);

	cr_assert_gt(n, 50);
	for (size_t i = 0; i < n; i++) {
		if (!r[i].ignored)
			cr_expect(r[i].decoded, "%s.%s: in the field list, no decoder", r[i].type,
			    r[i].name);
		else
			cr_expect(r[i].decoded == is_ignored_but_warned(&r[i]),
			    "%s.%s: an ignored field with a decoder (or the other way round)",
			    r[i].type, r[i].name);
	}
	free(r);
}

Test(decode_fields, every_decoded_field_has_a_sample)
{
	struct decode_field_row *r;
	size_t n = rows(&r);

	for (size_t i = 0; i < n; i++)
		if (r[i].decoded)
			cr_expect_not_null(find_sample(r[i].type, r[i].name),
			    "%s.%s: no sample in test_decode_fields.c", r[i].type, r[i].name);
	free(r);
}

Test(decode_fields, every_sample_changes_what_is_decoded)
{
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		const struct sample *s = &samples[i];
		const struct context *ctx = find_context(s->context ? s->context : s->type);
		char *base_yaml, *yaml, *base, *got;

		cr_assert_not_null(ctx, "%s.%s: no context", s->type, s->name);
		base_yaml = with_line(ctx, NULL);
		yaml = with_line(ctx, s->line);
		base = decoded(base_yaml);
		got = decoded(yaml);
		cr_expect(strncmp(s->line, s->name, strlen(s->name)) == 0 &&
		    s->line[strlen(s->name)] == ':', "%s.%s: the line writes another field",
		    s->type, s->name);
		cr_expect_str_neq(got, base, "%s.%s: the field changes nothing:\n%s", s->type,
		    s->name, got);
		if (s->want)
			cr_expect(strstr(got, s->want) != NULL, "%s.%s: no \"%s\" in:\n%s",
			    s->type, s->name, s->want, got);
		free(base_yaml);
		free(yaml);
		free(base);
		free(got);
	}
}

/* The schema type of a decoder table: the API groups' prefixes in turn;
 * the document is a Pod's (the other kinds share its four fields). */
static const struct schema_type *
schema_type_of(const char *table_type)
{
	static const char *const groups[] = {
		"io.k8s.api.core.v1.", "io.k8s.api.apps.v1.", "io.k8s.api.batch.v1.",
		"io.k8s.apimachinery.pkg.apis.meta.v1.",
	};
	char name[160];

	if (strcmp(table_type, "Document") == 0)
		table_type = "Pod";
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
		const struct schema_type *t;

		snprintf(name, sizeof name, "%s%s", groups[i], table_type);
		if ((t = schema_type_find(name)) != NULL)
			return t;
	}
	return NULL;
}

Test(decode_fields, every_field_podinit_reads_is_in_the_schema)
{
	struct decode_field_row *r;
	size_t n = rows(&r);

	for (size_t i = 0; i < n; i++) {
		const struct schema_type *t = schema_type_of(r[i].type);

		cr_expect_not_null(t, "%s: no such type in the schema", r[i].type);
		if (t != NULL)
			cr_expect_not_null(schema_field_find(t, r[i].name),
			    "%s.%s: read by decode, not a field of %s in the schema", r[i].type,
			    r[i].name, SCHEMA_STR(t->name));
	}
	free(r);
}
