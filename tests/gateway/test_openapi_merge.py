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


def operation(access: str, *, body: bool = False) -> dict:
    op: dict = {"x-access": access, "operationId": "act", "responses": {"200": {"description": "ok"}}}
    if body:
        op["requestBody"] = {"content": {"application/json": {"schema": {"type": "object"}}}}
    return op


def test_security_follows_each_operations_access_rule() -> None:
    documents = {
        "directory": {"paths": {"/v1/directory/a": {"get": operation("public"), "post": operation("org_admin")}}},
        "metrics": {"paths": {"/v1/metrics/b": {"get": operation("platform_admin")}}},
    }

    merged = merge(documents, title="t", version="1")

    schemes = merged["components"]["securitySchemes"]
    assert schemes["bearerKey"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["bearerKey"]["description"],
    }
    assert schemes["apiKeyHeader"]["in"] == "header" and schemes["apiKeyHeader"]["name"] == "X-API-Key"
    public = merged["paths"]["/v1/directory/a"]["get"]["security"]
    assert {} in public and {"bearerKey": []} in public  # a key is optional
    for path, method in (("/v1/directory/a", "post"), ("/v1/metrics/b", "get")):
        assert merged["paths"][path][method]["security"] == [{"bearerKey": []}, {"apiKeyHeader": []}]


def test_the_gateways_own_problems_are_declared_on_every_operation() -> None:
    documents = {
        "directory": {
            "paths": {"/v1/directory/a": {"get": operation("public"), "post": operation("authenticated", body=True)}}
        }
    }

    merged = merge(documents, title="t", version="1")

    get, post = (merged["paths"]["/v1/directory/a"][m]["responses"] for m in ("get", "post"))
    for responses in (get, post):
        assert {"401", "429", "502", "503", "504"} <= set(responses)
        assert responses["429"]["content"]["application/problem+json"]["schema"] == {
            "$ref": "#/components/schemas/Problem"
        }
    assert "413" in post and "413" not in get  # only a body can be too large


def test_an_operation_id_two_services_share_is_prefixed_in_both() -> None:
    documents = {
        "directory": {"paths": {"/v1/directory/audit": {"get": operation("platform_admin")}}},
        "metrics": {"paths": {"/v1/metrics/audit": {"get": operation("platform_admin")}}},
    }

    merged = merge(documents, title="t", version="1")

    ids = [merged["paths"][p]["get"]["operationId"] for p in ("/v1/directory/audit", "/v1/metrics/audit")]
    assert ids == ["directory_act", "metrics_act"]
