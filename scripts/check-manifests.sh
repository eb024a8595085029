#!/usr/bin/env bash
# Validates the Helm chart (deploy/helm/sedna-sync) without a cluster (a CI step of .ci/run):
# `helm lint`, then `helm template` with the default values and with unversioned workers, each
# rendering checked by kubeconform (strict: unknown fields fail) against the Kubernetes API's
# JSON schemas; and a worker grace longer than the pod's must not render.
#
# Tools, built or unpacked once into .tools/k8s/: helm and kubeconform from their Go modules
# (`go install`; Go fetches the toolchain below itself), and the Kubernetes $K8S_VERSION schemas
# from the PyPI package kubernetes-validate, which ships them (made standalone below: each kind's
# file carries the definitions it uses, as kubeconform reads one file per kind).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools/k8s"
chart="$root/deploy/helm/sedna-sync"
helm_version="v3.22.0"
kubeconform_version="v0.8.0"
schemas_package="kubernetes-validate==1.37.0"
k8s_version="${K8S_VERSION:-1.33.0}"
export PATH="$PATH:/usr/local/go/bin"
export GOTOOLCHAIN="${GOTOOLCHAIN:-go1.27.3}"

built_version() {
  go version -m "$1" 2>/dev/null | awk '$1 == "mod" { print $3; exit }'
}
install_go_tool() { # binary module version
  if [ "$(built_version "$tools/bin/$1")" != "$3" ]; then
    echo "check-manifests: building $2@$3"
    GOBIN="$tools/bin" go install "$2@$3"
  fi
}
install_go_tool helm helm.sh/helm/v3/cmd/helm "$helm_version"
install_go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$kubeconform_version"

schemas="$tools/schemas/v$k8s_version-strict"
if [ ! -f "$schemas/.complete" ]; then
  echo "check-manifests: unpacking the Kubernetes $k8s_version schemas from $schemas_package"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  python3 -m pip download --quiet --no-deps --dest "$tmp" "$schemas_package"
  rm -rf "$schemas"
  python3 - "$tmp"/kubernetes_validate-*.whl "v$k8s_version-local-strict" "$schemas" <<'PY'
# Each kind's schema made standalone: the definitions it reaches, from the package's shared
# _definitions.json, go into its own $defs (kubeconform reads one file per kind).
import json, os, sys, zipfile
wheel, folder, dest = sys.argv[1:]
prefix = f"kubernetes_validate/kubernetes-json-schema/{folder}/"
shared = "/api/_definitions.json#/$defs/"
def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                # The kinds' files point into _definitions.json; its entries, within it.
                yield value.split("#/$defs/", 1)[1]
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)
os.makedirs(dest)
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.startswith(prefix) and n.endswith(".json")]
    if not names:
        sys.exit(f"no schemas for {folder} in {wheel}")
    defs = json.loads(z.read(prefix + "_definitions.json"))["$defs"]
    for name in names:
        if name.endswith("/_definitions.json"):
            continue
        schema = json.loads(z.read(name))
        needed, todo = set(), list(refs(schema))
        while todo:
            ref = todo.pop()
            if ref not in needed:
                needed.add(ref)
                todo.extend(refs(defs[ref]))
        schema["$defs"] = {ref: defs[ref] for ref in sorted(needed)}
        text = json.dumps(schema).replace('"' + shared, '"#/$defs/')
        with open(os.path.join(dest, name[len(prefix):]), "w") as f:
            f.write(text)
PY
  touch "$schemas/.complete"
fi

helm="$tools/bin/helm"
# Kinds kubeconform has no schema for here (CRDs; the Prometheus Operator's is checked below).
skip_kinds="${skip_kinds:-}"
validate() { # label, helm template arguments...
  local label="$1"
  shift
  echo "check-manifests: $label"
  "$helm" template sedna "$chart" "$@" |
    "$tools/bin/kubeconform" -strict -summary ${skip_kinds:+-skip "$skip_kinds"} \
      -schema-location "$schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json"
}
"$helm" lint --strict "$chart"
validate "default values (versioned workers)"
validate "unversioned workers" --set worker.versioning.deploymentName=
observability=(--set observability.prometheusRule.enabled=true
  --set observability.grafanaDashboard.enabled=true)
skip_kinds=PrometheusRule validate "observability objects (PrometheusRule not validated)" \
  "${observability[@]}"
# The PrometheusRule carries deploy/observability's rules, and the ConfigMap its dashboard, as
# they are (the chart links that folder).
"$helm" template sedna "$chart" "${observability[@]}" --show-only templates/observability.yaml |
  node -e '
    const { loadAll, load } = require("js-yaml");
    const fs = require("node:fs");
    const docs = loadAll(fs.readFileSync(0, "utf8")).filter(Boolean);
    const kind = (k) => docs.find((d) => d.kind === k);
    const same = require("node:util").isDeepStrictEqual;
    const rules = load(fs.readFileSync(process.argv[1], "utf8"));
    const dashboard = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
    if (!same(kind("PrometheusRule")?.spec, rules)) throw new Error("PrometheusRule: not the rules file");
    if (!same(JSON.parse(kind("ConfigMap")?.data["sedna-sync.json"] ?? "null"), dashboard))
      throw new Error("ConfigMap: not the dashboard");
  ' "$root/deploy/observability/prometheus-rules.yaml" "$root/deploy/observability/grafana-dashboard.json"
if "$helm" template sedna "$chart" --set worker.terminationMarginSeconds=0 >/dev/null 2>&1; then
  echo "check-manifests: a pod grace not above the worker's shutdown grace rendered" >&2
  exit 1
fi
echo "check-manifests: the chart renders valid manifests"
