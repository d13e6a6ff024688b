"""Property-based fuzzing of the API from its own OpenAPI document (schemathesis), on SQLite and
PostgreSQL: no 5xx, answers conform to the documented status codes, media types and schemas, and
no answer shows the database URL or a file path."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import positive_data_acceptance  # noqa: E402

KEY = "fuzz-key"
#: Generated cases per operation: bounded so the whole fuzz run stays well under two minutes.
EXAMPLES = 60


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def api_schema(request, make_corpus, article_doc, web_settings):
    from according.web import WebConfig, create_app

    config = WebConfig(db=make_corpus(article_doc, backend=request.param), api_key=KEY,
                       settings=web_settings, warm_up=False)
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(config))


def operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


def test_every_api_operation_is_fuzzed(api_schema):
    labels = {op.label for op in operations(api_schema)}
    assert {"POST /api/extract", "POST /api/documents", "GET /api/quotes", "GET /api/search",
            "GET /api/figures", "GET /api/speakers/{speaker_id}"} <= labels


def test_api_never_fails_on_generated_input(api_schema):
    from pathlib import Path

    import according

    target = api_schema.app.state.config.db
    # The database's file path or URL parts, and the package's own location: never in an answer.
    secrets = [str(Path(according.__file__).parent), "Traceback"]
    secrets += [target] if "://" not in target else [target.split("@")[0], "according_test"]
    failures: dict[str, str] = {}
    for op in operations(api_schema):
        @given(case=op.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case) -> None:
            # An HTML page may hold no article text at all (422); no schema can say which will.
            skip = [positive_data_acceptance] if case.media_type == "text/html" else []
            response = case.call_and_validate(headers={"X-API-Key": KEY}, excluded_checks=skip)
            leaked = [s for s in secrets if s in response.text]
            assert not leaked, f"{case.operation.label} answered with {leaked}: {response.text[:300]}"

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them together
            failures[op.label] = f"{type(exc).__name__}: {exc}"[:2000]
    assert not failures, "\n\n".join(f"{k}\n{v}" for k, v in failures.items())
