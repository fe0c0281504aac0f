"""deploy/k8s: both overlays build, every manifest is valid against the Kubernetes schemas
(offline, with kubernetes-validate; KEDA's resources against tests/deploy/keda_schema.py), and
the invariants of docs/operations.md hold: probes, resources, pinned images, migrations before
serving, autoscaling and disruption budgets, and only the gateway exposed."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from shared.settings import PortSettings
from tests.conftest import ROOT
from tests.deploy.keda_schema import SCHEMAS
from tests.deploy.kustomize import Doc, build, containers, kubectl_build
from tests.support.programs import program

K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ["dev", "prod"]
# The oldest minor still offered by the big managed services (and, in the test, the newest the
# package knows). jsonschema and kubernetes-validate are imported in the tests that use them: the
# import costs a second (jsonschema compiles a grammar for the `iri` format) in every worker
# that collects the suite, most of which never run these tests.
OLDEST_KUBERNETES = "1.29.0"
SERVICES = ["gateway", "directory", "metrics", "reports"]
DEFAULT_PORTS = {name: field.default for name, field in PortSettings.model_fields.items()}  # as `hub run` gives them
# Who may call each service over HTTP (the gateway, the worker, and the peers of clients.py).
CALLERS = {
    "directory": {"gateway", "worker", "metrics", "reports"},
    "metrics": {"gateway", "worker", "reports"},
    "reports": {"gateway", "worker"},
}
MONITORING = {"kubernetes.io/metadata.name": "monitoring"}


def rendered(overlay: str) -> list[Doc]:
    """kubectl's build where kubectl is installed, this repository's Python one otherwise."""
    folder = K8S / "overlays" / overlay
    return kubectl_build(folder) or build(folder)


@pytest.fixture(scope="module", params=OVERLAYS)
def overlay(request: pytest.FixtureRequest) -> tuple[str, list[Doc]]:
    return request.param, rendered(request.param)


def of_kind(docs: list[Doc], kind: str) -> dict[str, Doc]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def hub_deployments(docs: list[Doc]) -> dict[str, Doc]:
    return {
        n: d
        for n, d in of_kind(docs, "Deployment").items()
        if d["metadata"]["labels"]["app.kubernetes.io/name"] == "coalition-hub"
    }


def pod_spec(doc: Doc) -> Doc:
    return doc["spec"]["template"]["spec"]


def key(doc: Doc) -> tuple[str, str, str]:
    return doc["kind"], doc["metadata"].get("namespace", ""), doc["metadata"]["name"]


@pytest.mark.parametrize("name", OVERLAYS)
def test_the_python_build_agrees_with_kubectl(name: str) -> None:
    program("kubectl", "the Python build of the manifests is checked against kubectl's kustomize")
    expected = kubectl_build(K8S / "overlays" / name)
    assert expected is not None
    ours = build(K8S / "overlays" / name)

    assert sorted(map(key, ours)) == sorted(map(key, expected))
    assert {key(d): d for d in ours} == {key(d): d for d in expected}


def test_every_manifest_is_valid_for_kubernetes(overlay: tuple[str, list[Doc]]) -> None:
    import jsonschema
    import kubernetes_validate

    _, docs = overlay
    template = yaml.safe_load((K8S / "base" / "secret.template.yaml").read_text())
    for doc in [*docs, template]:
        if doc["kind"] in SCHEMAS:
            jsonschema.validate(doc, SCHEMAS[doc["kind"]])
            continue
        for version in (OLDEST_KUBERNETES, kubernetes_validate.utils.latest_version()):
            kubernetes_validate.validate(doc, version, strict=True)


def test_the_validation_refuses_a_misspelt_field() -> None:
    import jsonschema
    import kubernetes_validate

    docs = rendered("prod")
    deployment = of_kind(docs, "Deployment")["gateway"]
    deployment["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    scaled = of_kind(docs, "ScaledObject")["worker"]
    scaled["spec"]["triggers"][0]["metadata"]["listLength"] = 20

    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, OLDEST_KUBERNETES, strict=True)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(scaled, SCHEMAS["ScaledObject"])


def test_every_service_is_probed_on_readyz_and_healthz(overlay: tuple[str, list[Doc]]) -> None:
    _, docs = overlay
    deployments = hub_deployments(docs)
    for name in SERVICES:
        (container,) = pod_spec(deployments[name])["containers"]
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz", name
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz", name
        assert container["args"] == ["serve", name]
        assert container["ports"][0]["containerPort"] == DEFAULT_PORTS[name]
    assert "livenessProbe" in pod_spec(deployments["worker"])["containers"][0]


def test_every_container_has_requests_and_limits(overlay: tuple[str, list[Doc]]) -> None:
    _, docs = overlay
    workloads = [*of_kind(docs, "Deployment").values(), *of_kind(docs, "Job").values()]
    for doc in workloads:
        for container in containers(doc):
            resources = container["resources"]
            for kind in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(resources[kind]), (doc["metadata"]["name"], container["name"], kind)


def test_no_image_floats(overlay: tuple[str, list[Doc]]) -> None:
    name, docs = overlay
    images = [
        c["image"]
        for d in [*of_kind(docs, "Deployment").values(), *of_kind(docs, "Job").values()]
        for c in containers(d)
    ]
    for image in images:
        repository, _, tag = image.rpartition(":")
        assert repository and tag and "/" not in tag, f"{image} has no tag"
        assert tag != "latest", f"{image} floats"
    if name == "prod":
        assert all(i.startswith("registry.example.org/coalition-hub:") for i in images)


def test_new_pods_wait_for_the_migration_job(overlay: tuple[str, list[Doc]]) -> None:
    _, docs = overlay
    (job,) = of_kind(docs, "Job").values()
    assert pod_spec(job)["containers"][0]["args"] == ["migrate"]
    image = pod_spec(job)["containers"][0]["image"]
    for name, deployment in hub_deployments(docs).items():
        (init,) = pod_spec(deployment)["initContainers"]
        assert init["args"][:2] == ["migrate", "--wait"], name
        assert init["image"] == image == pod_spec(deployment)["containers"][0]["image"]


def test_each_service_scales_and_keeps_a_disruption_budget(overlay: tuple[str, list[Doc]]) -> None:
    _, docs = overlay
    autoscalers, budgets = of_kind(docs, "HorizontalPodAutoscaler"), of_kind(docs, "PodDisruptionBudget")
    for name in SERVICES:
        assert autoscalers[name]["spec"]["scaleTargetRef"] == {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": name,
        }
        assert autoscalers[name]["spec"]["minReplicas"] <= autoscalers[name]["spec"]["maxReplicas"]
        labels = hub_deployments(docs)[name]["spec"]["selector"]["matchLabels"]
        assert budgets[name]["spec"]["selector"]["matchLabels"] == labels
    assert "worker" in budgets


def test_the_worker_scales_on_the_queue_it_reads(overlay: tuple[str, list[Doc]]) -> None:
    _, docs = overlay
    scaled = of_kind(docs, "ScaledObject")["worker"]
    (trigger,) = scaled["spec"]["triggers"]
    config = of_kind(docs, "ConfigMap")["hub-config"]["data"]

    assert scaled["spec"]["scaleTargetRef"]["name"] == "worker" and "worker" in hub_deployments(docs)
    assert scaled["spec"]["minReplicaCount"] >= 1  # the crons need a worker
    assert trigger["type"] == "redis" and trigger["metadata"]["listName"] == config["JOB_QUEUE"]
    assert trigger["authenticationRef"]["name"] in of_kind(docs, "TriggerAuthentication")


def test_only_the_gateway_is_exposed(overlay: tuple[str, list[Doc]]) -> None:
    _, docs = overlay
    assert all(s["spec"].get("type", "ClusterIP") == "ClusterIP" for s in of_kind(docs, "Service").values())
    backends = [
        path["backend"]["service"]["name"]
        for ingress in of_kind(docs, "Ingress").values()
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    ]
    assert backends and set(backends) == {"gateway"}
    for deployment in of_kind(docs, "Deployment").values():
        assert not pod_spec(deployment).get("hostNetwork")
        assert all("hostPort" not in p for c in containers(deployment) for p in c.get("ports", []))


def allowed_callers(policy: Doc) -> tuple[set[str], list[dict[str, str]]]:
    """Components admitted by pod selector, and namespaces admitted by namespace selector."""
    components, namespaces = set(), []
    for rule in policy["spec"].get("ingress", []):
        for peer in rule["from"]:
            if "podSelector" in peer:
                components.add(peer["podSelector"]["matchLabels"]["app.kubernetes.io/component"])
            else:
                namespaces.append(peer["namespaceSelector"]["matchLabels"])
    return components, namespaces


def test_network_policies_let_only_the_gateway_and_the_worker_reach_the_services(
    overlay: tuple[str, list[Doc]],
) -> None:
    _, docs = overlay
    policies = of_kind(docs, "NetworkPolicy")
    deny = policies["default-deny-ingress"]["spec"]
    assert deny["podSelector"] == {} and deny["policyTypes"] == ["Ingress"] and "ingress" not in deny

    for name, callers in CALLERS.items():
        components, namespaces = allowed_callers(policies[name])
        assert components == callers, name
        assert namespaces == [MONITORING], name
        assert policies[name]["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/component"] == name
    gateway_components, gateway_namespaces = allowed_callers(policies["gateway"])
    assert not gateway_components and MONITORING in gateway_namespaces and len(gateway_namespaces) == 2
    assert allowed_callers(policies["worker"]) == (set(), [MONITORING])


def test_prometheus_scrapes_each_service_on_its_own_port_only(overlay: tuple[str, list[Doc]]) -> None:
    _, docs = overlay
    config = of_kind(docs, "ConfigMap")["hub-config"]["data"]
    policies = of_kind(docs, "NetworkPolicy")
    assert config["ENVIRONMENT"] == "production"  # so /metrics is off the services' own ports
    for name, deployment in hub_deployments(docs).items():
        if name == "worker":
            continue
        port = int(config[f"{name.upper()}_PROMETHEUS_PORT"])
        annotations = deployment["spec"]["template"]["metadata"]["annotations"]
        (container,) = pod_spec(deployment)["containers"]
        assert annotations["prometheus.io/port"] == str(port) != str(DEFAULT_PORTS[name]), name
        assert {"name": "prometheus", "containerPort": port} in container["ports"], name
        monitoring_ports = {
            p["port"]
            for rule in policies[name]["spec"]["ingress"]
            if any(peer.get("namespaceSelector", {}).get("matchLabels") == MONITORING for peer in rule["from"])
            for p in rule["ports"]
        }
        assert monitoring_ports == {port}, name


def test_the_config_map_holds_only_known_settings(overlay: tuple[str, list[Doc]]) -> None:
    _, docs = overlay
    documented = {
        line.lstrip("#").split("=", 1)[0]
        for line in (ROOT / "deploy" / "env.example").read_text().splitlines()
        if "=" in line and line.lstrip("#")[:1].isupper()
    }
    config = of_kind(docs, "ConfigMap")["hub-config"]["data"]
    template: dict[str, Any] = yaml.safe_load((K8S / "base" / "secret.template.yaml").read_text())

    assert set(config) - documented == {"XDG_CACHE_HOME"}  # read by fontconfig, not by the hub
    assert (
        {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
        <= set(template["stringData"])
        <= documented | {"REDIS_ADDRESS", "REDIS_PASSWORD"}
    )
    assert {config[f"{s.upper()}_URL"] for s in SERVICES[1:]} == {
        f"http://{s}:{DEFAULT_PORTS[s]}" for s in SERVICES[1:]
    }


def test_pods_run_unprivileged_on_a_read_only_filesystem(overlay: tuple[str, list[Doc]]) -> None:
    _, docs = overlay
    for name, deployment in hub_deployments(docs).items():
        assert pod_spec(deployment)["securityContext"]["runAsNonRoot"] is True
        for container in containers(deployment):
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True and security["allowPrivilegeEscalation"] is False, name


def test_the_renderer_refuses_what_it_does_not_understand(tmp_path: Path) -> None:
    (tmp_path / "kustomization.yaml").write_text("resources: []\nconfigMapGenerator: []\n")

    with pytest.raises(ValueError, match="configMapGenerator"):
        build(tmp_path)
