"""Each Lambda function loads only what it runs.

The API runs app.py and loads only the route module a request needs. The stream and media
consumers and the jobs run their lean entries (chalicelib/entry, the handlers infra/ deploys
them with): they must never load Chalice, the API's route index, an HTTP route, a request or
response model (pydantic) or token code. Each case runs in a fresh interpreter that loads what
the function's handler loads (as the cold-start bench does), with an environment that reaches
nothing.
"""

from __future__ import annotations

import json

import pytest

from bench.cold_import import first_request_event
from chalicelib.entry import HANDLERS
from tests.support.events import sample
from tests.support.fresh_interpreter import loaded_modules, run_fresh


def http_or_token_code(modules: set[str]) -> list[str]:
    return sorted(
        name
        for name in modules
        if name in ("chalicelib.auth", "chalicelib.jwt_rs256")
        or name.split(".")[0] in ("pydantic", "pydantic_core")
        or (
            name.startswith("chalicelib.api.")
            and name not in ("chalicelib.api.routing", "chalicelib.api.route_index")
        )
    )


LOCAL_HANDLERS = """
import json, app
from local import handlers
found = [
    *handlers.stream_sources(app.app),
    *handlers.schedule_sources(app.app),
    *handlers.event_sources(app.app),
    *handlers.lambda_functions(app.app),
]
names = {f.name: f"{f.handler.__module__}.{getattr(f.handler, '__qualname__', '?')}" for f in found}
print(json.dumps(names))
"""


def test_the_local_stack_calls_every_function_but_the_api_through_its_lean_entry() -> None:
    """What app.py declares besides the API, each called locally through the entry infra deploys."""
    assert json.loads(run_fresh(LOCAL_HANDLERS)[-1]) == HANDLERS
    assert {"on_table_change", "on_media_uploaded", "sweep_campaigns", "run_scheduled_job"} <= set(HANDLERS)


def test_building_the_app_loads_no_route_model_or_token_code() -> None:
    modules = loaded_modules("import app")
    assert http_or_token_code(modules) == []
    assert "chalicelib.store.models" not in modules  # each function loads the store when it runs


@pytest.mark.parametrize("function", sorted(HANDLERS))
def test_a_consumer_or_job_loads_neither_chalice_nor_routes_models_or_token_code(function: str) -> None:
    module, name = HANDLERS[function].rsplit(".", 1)
    # What the Lambda runtime does with the handler infra/ gives the function.
    modules = loaded_modules(
        f"import importlib\nhandler = getattr(importlib.import_module({module!r}), {name!r})"
    )
    assert module in modules  # it did load its code
    assert http_or_token_code(modules) == []
    assert sorted(m for m in modules if m.split(".")[0] == "chalice" or m.startswith("chalicelib.api")) == []


def test_the_first_request_loads_its_own_route_module_and_no_other() -> None:
    event = first_request_event("GET", "/v1/me")
    modules = loaded_modules(
        f"import app\nresponse = app.app({event!r}, None)\nassert response['statusCode'] == 401"
    )
    routes = {name for name in modules if name.startswith("chalicelib.api.")} - {
        "chalicelib.api.routing",
        "chalicelib.api.route_index",
    }
    assert "chalicelib.api.me" in routes
    assert "chalicelib.auth" in modules  # the token was checked (its signature did not verify: 401)
    other_route_modules = {"chalicelib.api.wall", "chalicelib.api.quizzes", "chalicelib.api.campaigns"}
    assert routes & other_route_modules == set()


def test_a_route_modules_models_are_built_when_first_used_not_when_it_is_imported() -> None:
    code = (
        "import json\n"
        "import chalicelib.api.framework\n"
        "from chalicelib.api import me, members\n"
        "print(json.dumps([me.ProfileChange.__pydantic_complete__, members.Member.__pydantic_complete__]))\n"
        "me.ProfileChange.model_validate({'display_name': 'Anna'})\n"
        "print(json.dumps([me.ProfileChange.__pydantic_complete__, members.Member.__pydantic_complete__]))\n"
    )
    before, after = (json.loads(line) for line in run_fresh(code)[-2:])
    assert before == [False, False]
    assert after == [True, False]


def test_a_scheduled_job_run_loads_only_the_job_it_was_invoked_for() -> None:
    modules = loaded_modules(
        "import app\nfrom chalicelib.jobs.registry import run_job\n"
        "assert run_job({'job': 'no-such-job', 'org_id': 'org1'}) == {'ran': False, 'reason': 'unknown job'}"
    )
    every_jobs_code = {
        "chalicelib.campaigns.lifecycle",
        "chalicelib.media.attachments",
        "chalicelib.identity.member_counts",
        "chalicelib.refreshers.reminders",
        "chalicelib.intervision.reminders",
    }
    assert modules & every_jobs_code == set()


def test_every_job_the_app_schedules_is_one_the_registry_runs() -> None:
    from chalicelib.campaigns.schedules import JOB as CAMPAIGN_TRANSITION
    from chalicelib.intervision.sessions import REMINDER_JOB as INTERVISION_REMINDER
    from chalicelib.jobs.registry import JOBS
    from chalicelib.learning.review_dates import JOB as LEARNING_REVIEW_DUE
    from chalicelib.media.attachments import DELETE_MEDIA_JOB
    from chalicelib.programmes.organise import WINDOW_JOB
    from chalicelib.programmes.review import CHECK_IN_JOB, MATCHING_JOB, PUBLISH_JOB
    from chalicelib.qa.escalation import CONTENT_REQUEST_JOB, ESCALATE_JOB
    from chalicelib.refreshers.reminders import JOB as REFRESHER_REMINDERS
    from chalicelib.workshops.planning import REMINDER_JOB as WORKSHOP_REMINDER

    assert {
        INTERVISION_REMINDER,
        CAMPAIGN_TRANSITION,
        DELETE_MEDIA_JOB,
        LEARNING_REVIEW_DUE,
        REFRESHER_REMINDERS,
        ESCALATE_JOB,
        CONTENT_REQUEST_JOB,
        WORKSHOP_REMINDER,
        WINDOW_JOB,
        MATCHING_JOB,
        PUBLISH_JOB,
        CHECK_IN_JOB,
        "refresh_member_counts",
    } == set(JOBS)


def test_the_campaign_sweep_loads_a_steps_effects_only_when_a_step_is_due() -> None:
    modules = loaded_modules("import app\nfrom chalicelib.campaigns.lifecycle import sweep")
    effects = {
        "chalicelib.campaigns.audience",
        "chalicelib.campaigns.closing",
        "chalicelib.campaigns.posts",
        "chalicelib.quizzes.insight",
        "chalicelib.gamification.badge_awards",
    }
    assert modules & effects == set()


def test_the_stream_consumer_loads_a_reactor_or_an_event_when_a_record_first_needs_it() -> None:
    modules = loaded_modules("import app\nimport chalicelib.reactors.consumer")
    reactor_modules = {name for name in modules if name.startswith("chalicelib.reactors.")}
    assert reactor_modules == {
        "chalicelib.reactors.consumer",
        "chalicelib.reactors.events",
        "chalicelib.reactors.events.base",
        "chalicelib.reactors.events.registry",
    }
    # Board upkeep (periods, time zones) is loaded by the first score change, badge rules by a badge.
    assert "chalicelib.gamification.board_upkeep" not in modules
    assert "chalicelib.gamification.badges" not in modules


def test_a_reaction_record_loads_the_wall_events_and_what_reacts_to_a_reaction() -> None:
    record = json.dumps(sample("dynamodb_reaction_given.json")["Records"][0])
    modules = loaded_modules(
        "import json\nimport app\nfrom chalicelib.reactors import consumer\n"
        f"events = consumer.domain_events(json.loads({record!r}))\n"
        "assert [type(event).__name__ for event in events] == ['ReactionGiven'], events\n"
        "for reactor in consumer.REACTORS['ReactionGiven']:\n"
        "    reactor.resolve()\n"
    )
    assert {"chalicelib.reactors.events.wall", "chalicelib.reactors.notifications"} <= modules
    assert "chalicelib.reactors.gamification" in modules
    assert "chalicelib.reactors.events.quizzes" not in modules
    assert "chalicelib.reactors.badges" not in modules


def test_every_reactor_and_mapper_the_stream_consumer_names_exists() -> None:
    from chalicelib.reactors import events
    from chalicelib.reactors.consumer import REACTORS, NamedReactor
    from chalicelib.reactors.events.base import DomainEvent
    from chalicelib.reactors.events.registry import EVENT_MAPPERS, NamedMapper

    for name in REACTORS:  # each key names an event class
        event_class = getattr(events, name)
        assert isinstance(event_class, type) and issubclass(event_class, DomainEvent), name
    named = [reactor for reactors in REACTORS.values() for reactor in reactors]
    assert named and all(isinstance(reactor, NamedReactor) for reactor in named)
    for reactor in named:
        assert callable(reactor.resolve()), reactor
    for item_type, mappers in EVENT_MAPPERS.items():
        for mapper in mappers:
            assert isinstance(mapper, NamedMapper) and callable(mapper.resolve()), (item_type, mapper)


def test_every_name_the_events_package_exports_can_be_imported_from_it() -> None:
    code = "from chalicelib.reactors import events\nfor name in events.__all__:\n    getattr(events, name)"
    modules = loaded_modules(code)
    assert {
        f"chalicelib.reactors.events.{domain}" for domain in ("communities", "wall", "quizzes")
    } <= modules
