"""JSON Schemas for the two KEDA resources deploy/k8s uses (keda.sh/v1alpha1 ScaledObject and
TriggerAuthentication), limited to the fields used here and closed to others, so a misspelt
field fails. kubernetes-validate knows only the built-in kinds."""

from typing import Any

_METADATA = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},
        "namespace": {"type": "string"},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "annotations": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    "additionalProperties": False,
}


def _resource(kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"const": "keda.sh/v1alpha1"},
            "kind": {"const": kind},
            "metadata": _METADATA,
            "spec": spec,
        },
        "additionalProperties": False,
    }


_INT = {"type": "integer", "minimum": 0}

SCALED_OBJECT = _resource(
    "ScaledObject",
    {
        "type": "object",
        "required": ["scaleTargetRef", "triggers"],
        "properties": {
            "scaleTargetRef": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "kind": {"type": "string"},
                    "apiVersion": {"type": "string"},
                },
                "additionalProperties": False,
            },
            "minReplicaCount": _INT,
            "maxReplicaCount": _INT,
            "pollingInterval": _INT,
            "cooldownPeriod": _INT,
            "triggers": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["type", "metadata"],
                    "properties": {
                        "type": {"type": "string"},
                        "name": {"type": "string"},
                        # KEDA reads trigger metadata as strings only: a bare number is refused.
                        "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                        "authenticationRef": {
                            "type": "object",
                            "required": ["name"],
                            "properties": {"name": {"type": "string"}, "kind": {"type": "string"}},
                            "additionalProperties": False,
                        },
                    },
                    "additionalProperties": False,
                },
            },
        },
        "additionalProperties": False,
    },
)

TRIGGER_AUTHENTICATION = _resource(
    "TriggerAuthentication",
    {
        "type": "object",
        "required": ["secretTargetRef"],
        "properties": {
            "secretTargetRef": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["parameter", "name", "key"],
                    "properties": {
                        "parameter": {"type": "string"},
                        "name": {"type": "string"},
                        "key": {"type": "string"},
                    },
                    "additionalProperties": False,
                },
            }
        },
        "additionalProperties": False,
    },
)

SCHEMAS = {"ScaledObject": SCALED_OBJECT, "TriggerAuthentication": TRIGGER_AUTHENTICATION}
