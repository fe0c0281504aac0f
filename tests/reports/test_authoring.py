"""The coalition's words (versioned content of its reports) and sign-off by its member
organisations before publication."""

import asyncio
import itertools
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import update
from sqlmodel import col

from services.directory.models.memberships import CoalitionMember
from services.reports.authoring import service as authoring
from services.reports.authoring.schemas import ContentWrite
from services.reports.clients import DirectoryClient
from services.reports.models.runs import ReportRun
from services.reports.rendering import render_text
from services.reports.rendering.i18n import Translator
from services.reports.signoff import service as signoff
from services.reports.signoff.schemas import EndorsementWrite, RuleWrite
from shared.db import session_scope
from shared.errors import PreconditionFailed
from shared.identity import Identity
from tests import factories, races
from tests.conftest import RunWorker, World
from tests.processes import until
from tests.reports.sample_document import sample_document
from tests.reports.test_report_runs import Desk, open_desk, scorecard_and_figures

COUNTRIES = itertools.cycle(["KHM", "ZMB"])  # committed reports data: countries no other test file uses
# The one test here whose reports the worker gathers: a country of its own, whose commitments no
# other test links to indicators of a rolled-back catalogue.
GATHERED = "LAO"


@pytest.fixture
async def desk(world: World, directory_app: FastAPI, gateway_app: FastAPI) -> AsyncIterator[Desk]:
    async with open_desk(world, directory_app, gateway_app, next(COUNTRIES)) as opened:
        yield opened


def _content_path(desk: Desk, language: str = "en") -> str:
    return f"/v1/reports/coalitions/{desk.coalition}/contents/{desk.country}/2024/{language}"


async def test_each_change_of_the_coalitions_words_is_a_new_version(desk: Desk, metrics_app: FastAPI) -> None:
    commitment = (await scorecard_and_figures(desk, metrics_app))["commitment"]
    words: dict[str, Any] = {
        "headline_findings": ["The labour act amendment was withdrawn."],
        "recommendations": [
            {"addressee": "trade_unions", "text": "Organise kiln workers.", "commitments": [commitment]}
        ],
        "context": "Brick kilns employ seasonal migrants.",
        "prevalence": [{"estimate": "6.9 per 1,000 people", "year": "2023", "source": "Global Slavery Index 2023"}],
        "limits": "Figures come from three districts.",
    }

    first = await desk.call("PUT", _content_path(desk), "coalition_admin", json=words)
    same = await desk.call("PUT", _content_path(desk), "coalition_admin", json=words)
    changed = await desk.call("PUT", _content_path(desk), "coalition_admin", json={**words, "limits": "Two districts."})
    read = await desk.call("GET", _content_path(desk), "member_a")

    assert (first.status_code, first.json()["version"]) == (201, 1)
    assert (same.status_code, same.json()["version"]) == (200, 1)
    assert (changed.status_code, changed.json()["version"]) == (201, 2)
    assert read.status_code == 200 and read.json()["limits"] == "Two districts."
    assert (await desk.call("GET", _content_path(desk), "member_b")).status_code == 404  # not an active member
    assert (await desk.call("PUT", _content_path(desk), "member_a", json=words)).status_code == 403


async def test_bad_words_are_refused_naming_the_field(desk: Desk) -> None:
    unknown = {"recommendations": [{"addressee": "government", "text": "Act.", "commitments": [str(uuid.uuid4())]}]}
    nobody = {"recommendations": [{"addressee": "donors", "text": "Act."}]}

    tied = await desk.call("PUT", _content_path(desk), "coalition_admin", json=unknown)
    addressed = await desk.call("PUT", _content_path(desk), "coalition_admin", json=nobody)

    assert tied.status_code == 422 and tied.json()["errors"][0]["field"] == "recommendations.0.commitments.0"
    assert addressed.status_code == 422 and "addressee" in str(addressed.json()["errors"])
    assert (await desk.call("GET", _content_path(desk), "coalition_admin")).status_code == 404  # nothing written


@pytest.mark.parametrize(("second", "version"), [("Few data.", 1), ("Fewer data.", 2)])
async def test_words_written_twice_at_the_same_moment_are_as_if_one_came_first(
    desk: Desk, reports_app: FastAPI, second: str, version: int
) -> None:
    """The second of two first writes of a report's words waits for the first, then finds its
    version: the same words again are that version (200, not a 409 to a repeated PUT), other
    words the next one."""
    admin = desk.world.people["coalition_admin"]
    caller = Identity(kind="account", account_id=admin.account_id, coalition_admin_of=[desk.coalition])
    directory = DirectoryClient(reports_app.state.clients["directory"])
    words = iter(["Few data.", second])
    period = f"20{10 + version}"  # a period of its own for each case: the data is committed

    async def write(session: Any) -> tuple[Any, bool]:
        where = (desk.country, period, "en")
        return await authoring.write(
            session, directory, caller, desk.coalition, where, ContentWrite(limits=next(words))
        )

    (first, created), answer = await races.first_writes(reports_app.state.sessionmaker, write)

    assert not isinstance(answer, BaseException), answer
    assert (first.version, created) == (1, True)
    assert (answer[0].version, answer[1], answer[0].limits) == (version, version == 2, second)


async def test_the_coalitions_words_change_only_from_the_version_their_etag_names(desk: Desk) -> None:
    path, admin = _content_path(desk, "fr"), "coalition_admin"

    absent = await desk.call("PUT", path, admin, json={"limits": "Peu."}, headers={"If-Match": "*"})
    first = await desk.call("PUT", path, admin, json={"limits": "Peu."})
    read = await desk.call("GET", path, admin)
    second = await desk.call("PUT", path, admin, json={"limits": "Moins."}, headers={"If-Match": read.headers["etag"]})
    stale = await desk.call("PUT", path, admin, json={"limits": "Perdu."}, headers={"If-Match": read.headers["etag"]})
    after = await desk.call("GET", path, admin)

    assert absent.status_code == 412 and absent.headers["content-type"] == "application/problem+json"
    assert (await desk.call("GET", _content_path(desk, "es"), admin)).status_code == 404
    assert first.status_code == 201 and first.headers["etag"] == read.headers["etag"] == '"1"'
    assert second.status_code == 201 and second.headers["etag"] == after.headers["etag"] == '"2"'
    assert stale.status_code == 412 and '(now "2")' in stale.json()["detail"]
    assert after.json()["limits"] == "Moins." and after.json()["version"] == 2


async def test_of_two_versions_written_from_the_same_etag_one_wins(desk: Desk, reports_app: FastAPI) -> None:
    """Versions take no row lock: the loser's insert finds its version taken, reads the winner's
    and finds If-Match no longer holds."""
    admin = desk.world.people["coalition_admin"]
    caller = Identity(kind="account", account_id=admin.account_id, coalition_admin_of=[desk.coalition])
    directory = DirectoryClient(reports_app.state.clients["directory"])
    where = (desk.country, "2009", "en")
    async with session_scope(reports_app.state.sessionmaker) as session:
        await authoring.write(session, directory, caller, desk.coalition, where, ContentWrite(limits="Zero."))
    words = iter(["One.", "Two."])

    async def write(session: Any) -> int:
        data = ContentWrite(limits=next(words))
        return (await authoring.write(session, directory, caller, desk.coalition, where, data, '"1"'))[0].version

    first, second = await races.first_writes(reports_app.state.sessionmaker, write)

    assert first == 2 and isinstance(second, PreconditionFailed)


async def test_the_signoff_rule_changes_only_from_the_state_its_etag_names(desk: Desk) -> None:
    path, admin = f"/v1/reports/coalitions/{desk.coalition}/signoff-rule", "coalition_admin"

    default = await desk.call("GET", path, admin)
    first = await desk.call("PUT", path, admin, json={"quorum": 2}, headers={"If-Match": default.headers["etag"]})
    stale = await desk.call("PUT", path, admin, json={"quorum": 3}, headers={"If-Match": default.headers["etag"]})
    read = await desk.call("GET", path, admin)
    current = await desk.call("PUT", path, admin, json={"quorum": 1}, headers={"If-Match": read.headers["etag"]})

    assert first.status_code == 200 and first.headers["etag"] == read.headers["etag"] != default.headers["etag"]
    assert stale.status_code == 412 and read.json()["quorum"] == 2
    assert current.status_code == 200 and current.json()["quorum"] == 1


async def test_of_two_first_signoff_rules_sent_with_the_default_etag_one_wins(desk: Desk, reports_app: FastAPI) -> None:
    path = f"/v1/reports/coalitions/{desk.coalition}/signoff-rule"
    etag = (await desk.call("GET", path, "coalition_admin")).headers["etag"]
    admin = desk.world.people["coalition_admin"]
    caller = Identity(kind="account", account_id=admin.account_id, coalition_admin_of=[desk.coalition])
    directory = DirectoryClient(reports_app.state.clients["directory"])
    quorums = iter([2, 3])

    async def write(session: Any) -> int | None:
        rule = RuleWrite(quorum=next(quorums))
        return (await signoff.set_rule(session, directory, caller, desk.coalition, rule, etag)).quorum

    first, second = await races.first_writes(reports_app.state.sessionmaker, write)

    assert first == 2 and isinstance(second, PreconditionFailed)
    assert (await desk.call("GET", path, "coalition_admin")).json()["quorum"] == 2


async def test_a_signatory_named_twice_is_refused_and_the_rule_kept(desk: Desk) -> None:
    path, org = f"/v1/reports/coalitions/{desk.coalition}/signoff-rule", str(desk.world.org_a)
    await desk.call("PUT", path, "coalition_admin", json={"quorum": 1})

    twice = await desk.call("PUT", path, "coalition_admin", json={"signatories": [org, org]})
    rule = await desk.call("GET", path, "coalition_admin")

    assert twice.status_code == 422
    assert twice.json()["errors"] == [{"field": "signatories", "reason": "each organisation once"}]
    assert (rule.json()["quorum"], rule.json()["signatories"]) == (1, [])


async def _in_review(
    desk: Desk,
    reports_app: FastAPI,
    *,
    authored: bool = True,
    gathered: bool = True,
    members: list[uuid.UUID] | None = None,
) -> str:
    """A generated run of the desk's coalition, in review, holding the sample document, gathered
    while organisation A was the coalition's active member (`gathered=False`: a run made before
    runs recorded their members)."""
    document = sample_document("en", edition=1)
    if not authored:
        document = document.model_copy(update={"authored": None, "recommendations": []})
    run = ReportRun(
        country=desk.country, period="2024", coalition_id=desk.coalition, template="accountability-shadow-report",
        language="en", status="done", stage="done", percent=100, workflow="in_review",
        content_hash=uuid.uuid4().hex, document=document.model_dump(mode="json"), html="<p>draft</p>",
        gathered_members=(members or [desk.world.org_a]) if gathered else None,
    )  # fmt: skip
    async with session_scope(reports_app.state.sessionmaker) as session:
        session.add(run)
    return f"/v1/reports/reports/{run.id}"


async def test_publication_waits_for_the_rule_and_lists_signatories_and_statements(
    desk: Desk, reports_app: FastAPI
) -> None:
    path = await _in_review(desk, reports_app)
    rule = await desk.call(
        "PUT", f"/v1/reports/coalitions/{desk.coalition}/signoff-rule", "coalition_admin", json={"quorum": 2}
    )
    refusal = await desk.call("PUT", f"{path}/signoffs/{desk.world.org_a}", "admin_a", json={"endorsed": False})
    dissent = await desk.call(
        "PUT", f"{path}/signoffs/{desk.world.org_a}", "admin_a",
        json={"endorsed": True, "statement": "We disagree with the rating of the referral mechanism."},
    )  # fmt: skip
    platform = await desk.call("PUT", f"{path}/signoffs/{desk.world.org_a}", "platform_admin", json={"endorsed": True})
    waiting = await desk.call("POST", f"{path}/publish", "coalition_admin")
    state = (await desk.call("GET", f"{path}/signoffs", "member_a")).json()

    assert rule.status_code == 200 and rule.json()["quorum"] == 2
    assert refusal.status_code == 422  # refusing says why, in the field it names
    assert refusal.json()["errors"] == [
        {"field": "statement", "reason": "an organisation that does not endorse says why, in a statement"}
    ]
    assert dissent.status_code == 200 and platform.status_code == 403
    assert waiting.status_code == 409 and "1 more endorsement(s) of 2" in waiting.json()["detail"]
    assert state["satisfied"] is False and [e["organisation_name"] for e in state["endorsements"]] == [
        dissent.json()["organisation_name"]
    ]

    await desk.call(
        "PUT", f"/v1/reports/coalitions/{desk.coalition}/signoff-rule", "coalition_admin",
        json={"signatories": [str(desk.world.org_a)]},
    )  # fmt: skip
    published = await desk.call("POST", f"{path}/publish", "coalition_admin")
    page = (await desk.call("GET", published.json()["public_url"], "anonymous")).text

    assert published.status_code == 200, published.text
    assert dissent.json()["organisation_name"] in page
    assert "We disagree with the rating of the referral mechanism." in page
    assert "Fund the provincial shelters" in page and 'class="suggestions"' not in page


async def test_an_endorsement_counts_only_while_its_organisation_is_a_member(
    desk: Desk, reports_app: FastAPI, directory_app: FastAPI
) -> None:
    """Organisation A endorses, then leaves the coalition: it no longer speaks for it, so the
    report waits for an endorsement again, and the edition would not name A."""
    path = await _in_review(desk, reports_app)
    signed = await desk.call("PUT", f"{path}/signoffs/{desk.world.org_a}", "admin_a", json={"endorsed": True})
    await _membership_of_a(desk, directory_app, "left")

    refused = await desk.call("POST", f"{path}/publish", "coalition_admin")

    assert signed.status_code == 200, signed.text
    assert refused.status_code == 409 and "not signed off" in refused.json()["detail"], refused.text


async def test_a_published_editions_signoff_shows_only_what_the_edition_states(
    desk: Desk, reports_app: FastAPI, directory_app: FastAPI
) -> None:
    """Organisation A signs with a statement, then leaves the coalition; organisation C's
    endorsement publishes the edition, which states C's alone. The public answer about the
    edition's sign-off must not carry A's words, which were written for members in review and
    never published."""
    async with session_scope(directory_app.state.sessionmaker) as s:
        org_c = await factories.organisation(s)
        await factories.membership(s, desk.coalition, org_c, "active")
        admin_c = await factories.principal(s, "admin C", org_c, role="admin")
    path = await _in_review(desk, reports_app, members=[desk.world.org_a, org_c])
    words = "Between us: the ministry pressed our director to drop this report."
    by_a = await desk.call(
        "PUT", f"{path}/signoffs/{desk.world.org_a}", "admin_a", json={"endorsed": False, "statement": words}
    )
    by_c = await desk.client.put(f"{path}/signoffs/{org_c}", headers=admin_c.headers, json={"endorsed": True})
    in_review = await desk.client.get(f"{path}/signoffs", headers=admin_c.headers)
    await _membership_of_a(desk, directory_app, "left")
    published = await desk.call("POST", f"{path}/publish", "coalition_admin")

    state = await desk.call("GET", f"{path}/signoffs", "anonymous")
    page = await desk.call("GET", published.json()["public_url"], "anonymous")

    assert by_a.status_code == 200 and by_c.status_code == 200 and words in in_review.text  # members see it
    assert published.status_code == 200, published.text
    assert page.status_code == 200 and words not in page.text
    assert state.status_code == 200, state.text
    assert words not in state.text and str(desk.world.org_a) not in state.text
    assert [e["organisation_id"] for e in state.json()["endorsements"]] == [str(org_c)]
    assert state.json()["satisfied"] is True


async def _membership_of_a(desk: Desk, directory_app: FastAPI, status: str) -> None:
    async with session_scope(directory_app.state.sessionmaker) as s:
        await s.execute(
            update(CoalitionMember)
            .where(
                col(CoalitionMember.coalition_id) == desk.coalition, col(CoalitionMember.member_id) == desk.world.org_a
            )
            .values(status=status)
        )


@pytest.fixture
async def gathering_desk(world: World, directory_app: FastAPI, gateway_app: FastAPI) -> AsyncIterator[Desk]:
    async with open_desk(world, directory_app, gateway_app, GATHERED) as opened:
        yield opened


async def test_only_organisations_that_were_members_when_the_report_was_gathered_sign_it_off(
    gathering_desk: Desk, directory_app: FastAPI, run_worker: RunWorker
) -> None:
    """Organisation A is admitted to the coalition after the report was gathered: the cover does
    not list it and the scorecard holds none of its assessments, so it may not endorse that
    edition (403); the report requested again is gathered with A, which signs it off."""
    desk = gathering_desk
    await _membership_of_a(desk, directory_app, "pending")
    before = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body(language="en"))
    await run_worker()
    await _membership_of_a(desk, directory_app, "active")
    again = await desk.call("POST", "/v1/reports/reports", "coalition_admin", json=desk.body(language="en"))
    await run_worker()
    signed: dict[str, Any] = {}
    for name, requested in (("before", before), ("again", again)):
        path = requested.headers["location"]
        submitted = await desk.call("POST", f"{path}/submit", "coalition_admin")
        assert submitted.status_code == 200, submitted.text
        signed[name] = await desk.call("PUT", f"{path}/signoffs/{desk.world.org_a}", "admin_a", json={"endorsed": True})
    state = (await desk.call("GET", f"{before.headers['location']}/signoffs", "coalition_admin")).json()

    late = signed["before"]
    assert late.status_code == 403 and late.headers["content-type"] == "application/problem+json", late.text
    assert "when this report was gathered" in late.json()["detail"]
    assert state["endorsements"] == []
    assert signed["again"].status_code == 200, signed["again"].text


async def test_a_run_that_recorded_no_members_is_signed_by_any_active_member(
    desk: Desk, reports_app: FastAPI, directory_app: FastAPI
) -> None:
    """Runs made before runs recorded the members they were gathered with (migration 0013) keep
    the earlier rule: any active member signs them, and only an active member."""
    path = await _in_review(desk, reports_app, gathered=False)
    await _membership_of_a(desk, directory_app, "pending")
    asking = await desk.call("PUT", f"{path}/signoffs/{desk.world.org_a}", "admin_a", json={"endorsed": True})
    await _membership_of_a(desk, directory_app, "active")
    signed = await desk.call("PUT", f"{path}/signoffs/{desk.world.org_a}", "admin_a", json={"endorsed": True})

    assert asking.status_code == 404  # a draft is its coalition's: one asking to join does not see it
    assert signed.status_code == 200, signed.text


async def test_a_report_without_the_coalitions_words_is_not_published(desk: Desk, reports_app: FastAPI) -> None:
    path = await _in_review(desk, reports_app, authored=False)
    await desk.call("PUT", f"{path}/signoffs/{desk.world.org_a}", "admin_a", json={"endorsed": True})

    refused = await desk.call("POST", f"{path}/publish", "coalition_admin")

    assert refused.status_code == 409 and "headline findings or recommendations" in refused.json()["detail"]


def test_suggestions_are_offered_in_the_draft_only_and_marked() -> None:
    t = Translator("es")
    draft = sample_document("es", edition=1)
    published = draft.model_copy(update={"meta": draft.meta.model_copy(update={"draft": False})})

    draft_html, draft_md, _ = render_text(draft)
    published_html, published_md, _ = render_text(published)

    for form in (draft_html, draft_md):
        assert t("suggestions.title") in form and t("suggestions.mark") in form
        assert "forced marriage" in form
    for form in (published_html, published_md):
        assert t("suggestions.title") not in form and "forced marriage: no organisation" not in form
    assert t("addressee.business") in published_html  # recommendations grouped by addressee


def matrix_run(world: World) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"matrix-signoff-run-{world.org_a}")


async def seed_for_access_matrix(world: World, apps: dict[str, FastAPI]) -> None:
    """A generated run of `world.coalition` in review, for its members to sign off."""
    async with session_scope(apps["reports"].state.sessionmaker) as session:
        if await session.get(ReportRun, matrix_run(world)) is None:
            session.add(
                ReportRun(
                    id=matrix_run(world), country="NPL", period="2024", coalition_id=world.coalition,
                    template="accountability-shadow-report", language="en", status="done", stage="done",
                    percent=100, workflow="in_review", document=sample_document().model_dump(mode="json"),
                    gathered_members=[world.org_a],
                )
            )  # fmt: skip


async def test_a_signoff_racing_a_workflow_step_waits_and_sees_where_it_left_the_run(
    desk: Desk, reports_app: FastAPI
) -> None:
    """A coalition admin returns the run to draft (a workflow step holds the run locked until it
    commits) while a member endorses it: the endorsement waits for the step, then finds the run
    out of review (409), and none is stored on the draft."""
    path = await _in_review(desk, reports_app)
    async with reports_app.state.sessionmaker() as step:
        run = await step.get(ReportRun, uuid.UUID(path.rsplit("/", 1)[1]), with_for_update=True)
        assert run is not None
        run.workflow = "draft"
        await step.flush()
        signing = asyncio.create_task(
            desk.call("PUT", f"{path}/signoffs/{desk.world.org_a}", "admin_a", json={"endorsed": True})
        )
        await until(lambda: signing.done() or races.waited_on(step), "the sign-off to wait on the step", seconds=10)
        await step.commit()
    signed = await signing
    state = (await desk.call("GET", f"{path}/signoffs", "member_a")).json()

    assert signed.status_code == 409, signed.text
    assert state["endorsements"] == []


async def test_a_published_signoff_names_a_signatory_that_left_without_its_id(
    desk: Desk, reports_app: FastAPI, directory_app: FastAPI
) -> None:
    """The edition states who endorsed it, by name, as it stood then. Once a signatory has left
    the coalition, no answer anyone may read ties its organisation id to the coalition any more:
    neither the published run's sign-off nor the coalition's rule (its admins still see the rule
    whole, to name other signatories)."""
    org_a = str(desk.world.org_a)
    rule = f"/v1/reports/coalitions/{desk.coalition}/signoff-rule"
    named = await desk.call("PUT", rule, "coalition_admin", json={"signatories": [org_a]})
    assert named.status_code == 200, named.text
    path = await _in_review(desk, reports_app)
    signed = await desk.call(
        "PUT", f"{path}/signoffs/{org_a}", "admin_a", json={"endorsed": True, "statement": "With reservations."}
    )
    assert signed.status_code == 200, signed.text
    published = await desk.call("POST", f"{path}/publish", "coalition_admin")
    assert published.status_code == 200, published.text
    while_member = (await desk.call("GET", f"{path}/signoffs", "anonymous")).json()

    await _membership_of_a(desk, directory_app, "left")
    readers = ("anonymous", "member_b", "admin_a", "coalition_admin")
    after = {who: await desk.call("GET", f"{path}/signoffs", who) for who in readers}
    public_rule = await desk.call("GET", rule, "anonymous")
    admins_rule = await desk.call("GET", rule, "coalition_admin")

    [endorsement] = while_member["endorsements"]
    assert endorsement["organisation_id"] == org_a and while_member["rule"]["signatories"] == [org_a]
    for who, answer in after.items():
        assert answer.status_code == 200, (who, answer.text)
        state = answer.json()
        if who == "coalition_admin":  # the rule whole, to name other signatories
            assert state["rule"]["signatories"] == [org_a]
            state["rule"]["signatories"] = []
        assert org_a not in json.dumps(state), who
        [stated] = state["endorsements"]  # as the edition states it: the name, the endorsement, the statement
        assert (stated["organisation_id"], stated["organisation_name"]) == (None, endorsement["organisation_name"])
        assert (stated["endorsed"], stated["statement"]) == (True, "With reservations.")
        assert state["satisfied"] is True and state["missing"] is None  # published under the rule met then
    assert public_rule.status_code == 200 and org_a not in public_rule.text
    assert admins_rule.json()["signatories"] == [org_a]


async def test_a_signoff_in_review_says_what_publication_would_wait_for(
    desk: Desk, reports_app: FastAPI, directory_app: FastAPI
) -> None:
    """An endorsement stops counting when its organisation leaves: the run's sign-off must say
    so, as publication does, rather than call the rule met. A member reading what the rule
    waits for learns no id of a signatory that has left, as the rule itself shows it none."""
    async with session_scope(directory_app.state.sessionmaker) as s:
        org_c = await factories.organisation(s)
        await factories.membership(s, desk.coalition, org_c, "active")
        admin_c = await factories.principal(s, "admin C", org_c, role="admin")
    org_a = str(desk.world.org_a)
    rule = f"/v1/reports/coalitions/{desk.coalition}/signoff-rule"
    named = await desk.call("PUT", rule, "coalition_admin", json={"signatories": [org_a, str(org_c)]})
    assert named.status_code == 200, named.text
    path = await _in_review(desk, reports_app, members=[desk.world.org_a, org_c])
    signed = await desk.call("PUT", f"{path}/signoffs/{org_a}", "admin_a", json={"endorsed": True})
    assert signed.status_code == 200, signed.text
    await _membership_of_a(desk, directory_app, "left")

    to_member = (await desk.client.get(f"{path}/signoffs", headers=admin_c.headers)).json()
    to_admin = (await desk.call("GET", f"{path}/signoffs", "coalition_admin")).json()

    assert to_member["satisfied"] is False and str(org_c) in to_member["missing"]
    assert "1 organisation(s) no longer a member" in to_member["missing"]
    assert org_a not in json.dumps(to_member)  # nor on its endorsement, which no longer counts
    assert org_a in to_admin["missing"] and str(org_c) in to_admin["missing"]

    assert (await desk.call("PUT", rule, "coalition_admin", json={"quorum": 1})).status_code == 200
    by_quorum = (await desk.call("GET", f"{path}/signoffs", "coalition_admin")).json()
    publish = await desk.call("POST", f"{path}/publish", "coalition_admin")
    assert (by_quorum["satisfied"], by_quorum["missing"]) == (False, "1 more endorsement(s) of 1")
    assert publish.status_code == 409, publish.text


async def test_a_published_signoff_tells_nothing_of_how_a_position_changed_in_review(
    desk: Desk, reports_app: FastAPI
) -> None:
    """Review is the members' own: an organisation first declines, then endorses. The edition
    states its endorsement; an endorsement dated from before its last change would tell anyone
    that the organisation changed its position."""
    path = await _in_review(desk, reports_app)
    declined = await desk.call(
        "PUT", f"{path}/signoffs/{desk.world.org_a}", "admin_a",
        json={"endorsed": False, "statement": "The rating of the referral mechanism is too kind."},
    )  # fmt: skip
    endorsed = await desk.call("PUT", f"{path}/signoffs/{desk.world.org_a}", "admin_a", json={"endorsed": True})
    published = await desk.call("POST", f"{path}/publish", "coalition_admin")
    assert (declined.status_code, endorsed.status_code, published.status_code) == (200, 200, 200), published.text
    assert endorsed.json()["created_at"] != endorsed.json()["updated_at"]  # the members saw it change

    for who in ("anonymous", "member_a", "coalition_admin"):
        [stated] = (await desk.call("GET", f"{path}/signoffs", who)).json()["endorsements"]
        assert stated["created_at"] == stated["updated_at"] == endorsed.json()["updated_at"], who


async def test_an_endorsement_changes_only_from_the_state_its_etag_names(desk: Desk, reports_app: FastAPI) -> None:
    """Two admins of organisation A: the second, sending the ETag of the statement it read,
    does not overwrite the statement the first wrote since."""
    path = await _in_review(desk, reports_app)
    signoff_path = f"{path}/signoffs/{desk.world.org_a}"
    declined = {"endorsed": False, "statement": "The rating is too kind."}

    absent = await desk.call("PUT", signoff_path, "admin_a", json={"endorsed": True}, headers={"If-Match": "*"})
    first = await desk.call("PUT", signoff_path, "admin_a", json={"endorsed": True})
    second = await desk.call("PUT", signoff_path, "admin_a", json=declined, headers={"If-Match": first.headers["etag"]})
    stale = await desk.call(
        "PUT", signoff_path, "admin_a", json={"endorsed": True}, headers={"If-Match": first.headers["etag"]}
    )
    state = (await desk.call("GET", f"{path}/signoffs", "admin_a")).json()
    anything = await desk.call("PUT", signoff_path, "admin_a", json=declined, headers={"If-Match": "*"})

    assert absent.status_code == 412 and absent.headers["content-type"] == "application/problem+json"
    assert first.status_code == 200 and first.headers["etag"].startswith('"')
    assert second.status_code == 200 and second.headers["etag"] != first.headers["etag"]
    assert stale.status_code == 412 and "endorsement has changed" in stale.json()["detail"]
    assert [(e["endorsed"], e["statement"]) for e in state["endorsements"]] == [(False, "The rating is too kind.")]
    assert anything.status_code == 200 and anything.headers["etag"] not in (first.headers["etag"], "")


async def test_of_two_endorsements_sent_with_the_same_etag_one_wins(desk: Desk, reports_app: FastAPI) -> None:
    path = await _in_review(desk, reports_app)
    etag = (await desk.call("PUT", f"{path}/signoffs/{desk.world.org_a}", "admin_a", json={"endorsed": True})).headers[
        "etag"
    ]
    run_id = uuid.UUID(path.rsplit("/", 1)[1])
    admin = desk.world.people["admin_a"]
    caller = Identity(kind="account", account_id=admin.account_id, organisation_id=desk.world.org_a, org_role="admin")
    directory = DirectoryClient(reports_app.state.clients["directory"])
    statements = iter(["First of two.", "Second of two."])

    async def sign(session: Any) -> str:
        run = await session.get(ReportRun, run_id)
        data = EndorsementWrite(endorsed=False, statement=next(statements))
        return (await signoff.sign(session, directory, caller, run, desk.world.org_a, data, etag)).statement

    first, second = await races.first_writes(reports_app.state.sessionmaker, sign)
    state = (await desk.call("GET", f"{path}/signoffs", "admin_a")).json()

    assert first == "First of two." and isinstance(second, PreconditionFailed)
    assert [e["statement"] for e in state["endorsements"]] == ["First of two."]
