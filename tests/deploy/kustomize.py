"""Build a kustomization in Python, for machines without `kubectl`: the subset of kustomize
that deploy/k8s uses (resources, namespace, images, and `patches` made of JSON 6902 operations
aimed by kind, name and label selector). Anything else in a kustomization is refused, so the
manifests cannot drift beyond what this renderer (and the test comparing it with
`kubectl kustomize`) understands."""

import copy
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

Doc = dict[str, Any]
SUPPORTED = {"apiVersion", "kind", "resources", "namespace", "images", "patches"}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass"}


def kubectl_build(folder: Path) -> list[Doc] | None:
    """`kubectl kustomize`, or None where kubectl is not installed."""
    kubectl = shutil.which("kubectl")
    if not kubectl:
        return None
    out = subprocess.run([kubectl, "kustomize", str(folder)], capture_output=True, text=True, check=True, timeout=120)
    return [d for d in yaml.safe_load_all(out.stdout) if d]


def build(folder: Path) -> list[Doc]:
    spec = yaml.safe_load((folder / "kustomization.yaml").read_text())
    unknown = set(spec) - SUPPORTED
    if unknown:
        raise ValueError(f"{folder}: kustomization fields this renderer does not know: {sorted(unknown)}")
    docs: list[Doc] = []
    for entry in spec.get("resources", []):
        path = (folder / entry).resolve()
        if path.is_dir():
            docs += build(path)
        else:
            docs += [d for d in yaml.safe_load_all(path.read_text()) if d]
    for patch in spec.get("patches", []):
        operations = yaml.safe_load(patch["patch"])
        for doc in docs:
            if _targeted(doc, patch["target"]):
                for op in operations:
                    _apply(doc, op)
    for image in spec.get("images", []):
        for doc in docs:
            _set_image(doc, image)
    if "namespace" in spec:
        for doc in docs:
            if doc["kind"] not in CLUSTER_SCOPED:
                doc["metadata"]["namespace"] = spec["namespace"]
    return docs


def _targeted(doc: Doc, target: Doc) -> bool:
    if "kind" in target and doc["kind"] != target["kind"]:
        return False
    if "name" in target and doc["metadata"]["name"] != target["name"]:
        return False
    labels = doc["metadata"].get("labels") or {}
    for term in filter(None, target.get("labelSelector", "").split(",")):
        key, value = term.split("=", 1)
        if labels.get(key.strip()) != value.strip():
            return False
    return True


def _pointer(path: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in path.lstrip("/").split("/")]


def _apply(doc: Doc, op: Doc) -> None:
    *parents, last = _pointer(op["path"])
    node: Any = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    value = copy.deepcopy(op.get("value"))
    if op["op"] in ("add", "replace") and isinstance(node, dict):
        if op["op"] == "replace" and last not in node:
            raise KeyError(f"replace of a missing {op['path']}")
        node[last] = value
    elif op["op"] == "add" and isinstance(node, list):
        node.append(value) if last == "-" else node.insert(int(last), value)
    elif op["op"] == "replace" and isinstance(node, list):
        node[int(last)] = value
    elif op["op"] == "remove":
        del node[int(last) if isinstance(node, list) else last]
    else:
        raise ValueError(f"unsupported patch operation {op}")


def containers(doc: Doc) -> list[Doc]:
    pod = doc.get("spec", {}).get("template", {}).get("spec", {})
    return [*pod.get("initContainers", []), *pod.get("containers", [])]


def _set_image(doc: Doc, image: Doc) -> None:
    for container in containers(doc):
        name, _, tag = container["image"].partition(":")
        if name == image["name"]:
            container["image"] = f"{image.get('newName', name)}:{image.get('newTag', tag)}"
