from services.gateway.openapi import merge


def doc(path: str, schema: dict) -> dict:
    return {
        "paths": {
            path: {
                "get": {
                    "responses": {
                        "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}
                    }
                }
            }
        },
        "components": {"schemas": {"Item": schema, "Shared": {"type": "string"}}},
    }


def test_same_name_different_schema_is_prefixed_and_refs_follow() -> None:
    merged = merge(
        {
            "directory": doc("/v1/directory/items", {"type": "object", "title": "org"}),
            "metrics": doc("/v1/metrics/items", {"type": "object", "title": "indicator"}),
        },
        title="t",
        version="1",
    )

    schemas = merged["components"]["schemas"]
    assert set(schemas) == {"Item", "MetricsItem", "Shared"}
    ref = merged["paths"]["/v1/metrics/items"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ref == {"$ref": "#/components/schemas/MetricsItem"}
    assert schemas["MetricsItem"]["title"] == "indicator" and schemas["Item"]["title"] == "org"


def test_a_service_cannot_publish_paths_outside_its_prefix() -> None:
    merged = merge({"metrics": doc("/v1/directory/items", {"type": "object"})}, title="t", version="1")

    assert merged["paths"] == {}
