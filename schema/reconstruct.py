#!/usr/bin/env python3
"""How schema/kubernetes-1.35.json was made (provenance; not run by the build).

The machine this project is built on reaches Debian's and npm's registries
only, so Kubernetes' api/openapi-spec/v3 files could not be downloaded.  Two
npm packages carry machine-generated views of that published schema:
  - @kubernetes/client-node (Apache-2.0; 2.0.1 is generated from
    release-1.36, 1.4.0 from v1.34.0): each model's attributeTypeMap gives
    field, type and format; its .d.ts marks required fields;
  - kubernetes-models 5.1.0 + @kubernetes-models/apimachinery 3.0.2 (MIT;
    release-1.36): ajv code compiled from the schema, read here only for
    enums and for which strings are resource.Quantity.
This script rebuilds OpenAPI v3 `components.schemas` for the types reachable
from the kinds podinit checks, in the published layout ($ref wrapped in
allOf, GVK on the roots), without descriptions and defaults.  With --1.35 it
takes 1.36 back to 1.35: PodSpec.schedulingGroup -> workloadRef (KEP-4671),
and the status fields 1.36 added.  Between 1.34.0 and 1.36 the reachable
types differ only in those fields; the field lists of 45 types were then
checked against pages generated from 1.35's API (nr8-io/k8s-libsonnet 1.35/),
which found exactly the three status fields removed below.

Usage (npm pack the four packages and untar them first):
  reconstruct.py CLIENT_NODE/dist/gen/models KM/_schemas AM/_schemas --1.35 \
      > schema/kubernetes-1.35.json
"""
import json, os, re, sys

cn_dir, km_dir, am_dir = sys.argv[1:4]
PATCH_1_35 = len(sys.argv) > 4 and sys.argv[4] == '--1.35'

# --- client-node models ---------------------------------------------------
ATTR = re.compile(r'"name": "([^"]*)",\s*"baseName": "([^"]*)",\s*"type": "([^"]*)",\s*"format": "([^"]*)"')
models = {}
for f in os.listdir(cn_dir):
    if not f.endswith('.js') or f in ('all.js', 'ObjectSerializer.js', 'models.js'):
        continue
    s = open(os.path.join(cn_dir, f)).read()
    if 'attributeTypeMap' not in s:
        continue
    name = f[:-3]
    attrs = ATTR.findall(s)
    req = set()
    dts = os.path.join(cn_dir, name + '.d.ts')
    if os.path.exists(dts):
        for m in re.finditer(r"^\s*'([^']+)'(\??):", open(dts).read(), re.M):
            if m.group(2) == '':
                req.add(m.group(1))
    models[name] = (attrs, req)

# --- kubernetes-models: full names, enums, quantity --------------------------
km_files = {}
for d in (km_dir, am_dir):
    for f in os.listdir(d):
        if f.endswith('.js'):
            km_files[f[:-3]] = os.path.join(d, f)

def split_functions(src):
    """function validateN(...){body} -> {N: body}"""
    out = {}
    for m in re.finditer(r'function validate(\d+)\(', src):
        i = src.index('{', src.index(')', m.end()) + 0)
        # skip the destructuring default {instancePath=...}={} : find ")" then "{"
        j = src.index('={})', m.end()) + 4
        i = src.index('{', j)
        depth, k, q = 0, i, None
        while k < len(src):
            ch = src[k]
            if q:
                if ch == '\\': k += 2; continue
                if ch == q: q = None
            elif ch in '"\'`': q = ch
            elif ch == '{': depth += 1
            elif ch == '}':
                depth -= 1
                if depth == 0: break
            k += 1
        out[m.group(1)] = src[i:k + 1]
    return out

def km_props(kmname):
    """prop -> {'enum': [...]} / {'quantity': True} closures."""
    src = open(km_files[kmname]).read()
    funcs = split_functions(src)
    enums = dict(re.findall(r'let schema(\d+)_enum=(\[[^\]]*\]);function validate(\d+)', src) and
                 [(m[2], json.loads(m[1])) for m in re.findall(r'let (schema\d+)_enum=(\[[^\]]*\]);function validate(\d+)', src)] or [])
    # enum function: body references schemaK_enum
    enum_of = {}
    for m in re.finditer(r'let (schema\d+_enum)=(\[[^\]]*\]);', src):
        for n, body in funcs.items():
            if m.group(1) in body:
                enum_of[n] = json.loads(m.group(2))
    imports = dict((a, b) for b, a in [(p.split('/')[-1].replace('.js', ''), v) for v, p in
                  re.findall(r'import\{validate as validate(\d+)\}from"([^"]+)"', src)])
    imports = {v: p.split('/')[-1].replace('.js', '') for v, p in
               re.findall(r'import\{validate as validate(\d+)\}from"([^"]+)"', src)}
    main = re.search(r'export const validate=validate(\d+)', src).group(1)
    calls = {n: set(re.findall(r'validate(\d+)\(', b)) - {n} for n, b in funcs.items()}
    def reach(n, seen=None):
        seen = seen or set()
        if n in seen: return None, None
        seen.add(n)
        if n in imports: return 'ref', imports[n]
        if n in enum_of: return 'enum', enum_of[n]
        for c in calls.get(n, ()):
            r = reach(c, seen)
            if r[0]: return r
        return None, None
    res = {}
    body = funcs[main]
    for prop, n in re.findall(r'void 0!==data(?:\.(\w+)|\["([^"]+)"\])&&\(?validate(\d+)\(', body) and \
            [((a or b), c) for a, b, c in re.findall(r'void 0!==data(?:\.(\w+)|\["([^"]+)"\])&&\(?validate(\d+)\(', body)] or []:
        kind, val = reach(n)
        if kind: res[prop] = (kind, val)
    return res

def km_to_openapi(kmname):
    # IoK8sApiCoreV1Pod -> io.k8s.api.core.v1.Pod ; IoK8sApimachineryPkgApisMetaV1ObjectMeta -> io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta
    m = re.match(r'IoK8sApimachineryPkg(Apis)?(Meta|Api|Util|Runtime)?(.*)', kmname)
    table = {
        'IoK8sApimachineryPkgApisMetaV1': 'io.k8s.apimachinery.pkg.apis.meta.v1.',
        'IoK8sApimachineryPkgApiResource': 'io.k8s.apimachinery.pkg.api.resource.',
        'IoK8sApimachineryPkgUtilIntstr': 'io.k8s.apimachinery.pkg.util.intstr.',
        'IoK8sApimachineryPkgRuntime': 'io.k8s.apimachinery.pkg.runtime.',
        'IoK8sApiCoreV1': 'io.k8s.api.core.v1.',
        'IoK8sApiAppsV1': 'io.k8s.api.apps.v1.',
        'IoK8sApiBatchV1': 'io.k8s.api.batch.v1.',
    }
    for k, v in table.items():
        if kmname.startswith(k):
            return v + kmname[len(k):]
    return None

# client-node class -> km name (V1Pod -> IoK8sApiCoreV1Pod)
PREF = ['IoK8sApiCoreV1', 'IoK8sApiAppsV1', 'IoK8sApiBatchV1', 'IoK8sApimachineryPkgApisMetaV1']
def km_name(cls):
    if cls.startswith("Core") and cls[4:6]=="V1": cls = cls[4:]
    if not cls.startswith('V1'):
        raise SystemExit('not a v1 type: ' + cls)
    base = cls[2:]
    hits = [p + base for p in PREF if p + base in km_files]
    if len(hits) != 1:
        raise SystemExit('ambiguous/missing %s: %s' % (cls, hits))
    return hits[0]

ROOTS = ['V1Pod', 'V1Deployment', 'V1StatefulSet', 'V1DaemonSet', 'V1ReplicaSet',
         'V1ReplicationController', 'V1Job', 'V1CronJob', 'V1ConfigMap', 'V1Secret', 'V1Service']
schemas = {}
QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity'
INTSTR = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString'

def ref(name):
    return {'allOf': [{'$ref': '#/components/schemas/' + name}]}

def conv(t, fmt, queue, kmref):
    """client-node type string -> schema"""
    if t.startswith('Array<'):
        return {'items': conv(t[6:-1], fmt, queue, kmref), 'type': 'array'}
    m = re.match(r'\{ \[key: string\]: (.*); \}$', t)
    if m:
        return {'additionalProperties': conv(m.group(1), fmt, queue, kmref), 'type': 'object'}
    if t == 'string':
        if kmref == QUANTITY:
            return {'$ref': '#/components/schemas/' + QUANTITY}
        s = {'type': 'string'}
        if fmt: s['format'] = fmt
        return s
    if t == 'number':
        s = {'type': 'integer' if fmt in ('int32', 'int64') else 'number'}
        if fmt: s['format'] = fmt
        return s
    if t == 'boolean':
        return {'type': 'boolean'}
    if t == 'Date':
        return {'$ref': '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time'}
    if t == 'IntOrString':
        return {'$ref': '#/components/schemas/' + INTSTR}
    if t in ('any', 'object'):
        return {'type': 'object', 'x-podinit-any': True}
    if t in models:
        queue.append(t)
        return {'$ref': '#/components/schemas/' + km_to_openapi(km_name(t))}
    raise SystemExit('unknown type ' + t)

def fix_ref(s):
    # OpenAPI v3 as published wraps a property's $ref in allOf
    if '$ref' in s:
        return {'allOf': [{'$ref': s['$ref']}]}
    return s

queue = list(ROOTS)
done = set()
while queue:
    cls = queue.pop()
    if cls in done: continue
    done.add(cls)
    kn = km_name(cls)
    full = km_to_openapi(kn)
    extra = km_props(kn)
    attrs, req = models[cls]
    props = {}
    for name, base, t, fmt in attrs:
        kind, val = extra.get(base, (None, None))
        kmref = km_to_openapi(val) if kind == 'ref' else None
        s = conv(t, fmt, queue, kmref)
        if kind == 'enum' and base not in ('apiVersion', 'kind'):
            # (kubernetes-models adds an enum of its own to apiVersion and kind)
            tgt = s['items'] if s.get('type') == 'array' else s
            tgt['enum'] = val
        props[base] = fix_ref(s)
    sch = {'properties': props, 'type': 'object'}
    r = [a[1] for a in attrs if a[0] in req]
    if r: sch['required'] = r
    schemas[full] = sch

# What the generated models lose of the published schema, put back:
# Secret.data and ConfigMap.binaryData are base64 ("format": "byte").
for k, p in (('io.k8s.api.core.v1.Secret', 'data'), ('io.k8s.api.core.v1.ConfigMap', 'binaryData')):
    schemas[k]['properties'][p]['additionalProperties']['format'] = 'byte'
# 1.35 is 1.36 without what 1.36 added over 1.35 in these kinds: the pod's
# schedulingGroup replaced 1.35's workloadRef (KEP-4671, alpha in 1.35).
if PATCH_1_35:
    ps = schemas['io.k8s.api.core.v1.PodSpec']['properties']
    del ps['schedulingGroup']
    del schemas['io.k8s.api.core.v1.PodSchedulingGroup']
    ps['workloadRef'] = ref('io.k8s.api.core.v1.WorkloadReference')
    schemas['io.k8s.api.core.v1.WorkloadReference'] = {
        'properties': {'name': {'type': 'string'}, 'podGroup': {'type': 'string'},
                       'podGroupReplicaKey': {'type': 'string'}},
        'required': ['name', 'podGroup'], 'type': 'object'}
    schemas['io.k8s.api.batch.v1.CronJob'].pop('required', None)
    # Status fields 1.36 added (checked against pages generated from 1.35's
    # API, nr8-io/k8s-libsonnet 1.35/: PodStatus, VolumeMountStatus and
    # ResourceHealth there lack them).
    del schemas['io.k8s.api.core.v1.PodStatus']['properties']['nodeAllocatableResourceClaimStatuses']
    del schemas['io.k8s.api.core.v1.VolumeMountStatus']['properties']['volumeStatus']
    del schemas['io.k8s.api.core.v1.ResourceHealth']['properties']['message']
    for k in ('NodeAllocatableResourceClaimStatus', 'VolumeStatus', 'ImageVolumeStatus'):
        del schemas['io.k8s.api.core.v1.' + k]

# The kinds a document may be, as the published schema marks them.
GVK = {'V1Pod': ('', 'v1'), 'V1Deployment': ('apps', 'v1'), 'V1StatefulSet': ('apps', 'v1'),
       'V1DaemonSet': ('apps', 'v1'), 'V1ReplicaSet': ('apps', 'v1'),
       'V1ReplicationController': ('', 'v1'), 'V1Job': ('batch', 'v1'),
       'V1CronJob': ('batch', 'v1'), 'V1ConfigMap': ('', 'v1'), 'V1Secret': ('', 'v1'),
       'V1Service': ('', 'v1')}
for cls, (g, v) in GVK.items():
    schemas[km_to_openapi(km_name(cls))]['x-kubernetes-group-version-kind'] = [
        {'group': g, 'kind': cls[2:], 'version': v}]

schemas[QUANTITY] = {'oneOf': [{'type': 'string'}, {'type': 'number'}]}
schemas[INTSTR] = {'format': 'int-or-string', 'oneOf': [{'type': 'integer'}, {'type': 'string'}]}
schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Time'] = {'format': 'date-time', 'type': 'string'}
json.dump({'components': {'schemas': dict(sorted(schemas.items()))}}, sys.stdout, indent=1, sort_keys=True)
print()
