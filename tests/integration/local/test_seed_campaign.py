"""`make run` seeds a Christmas quiz campaign that opens a few minutes after the first start, and
the local clock opens it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from chalicelib.ids import utc_now
from chalicelib.store import campaigns, keys, quizzes
from chalicelib.store.models import KringItem, PostItem
from local import emulator, seed
from local.clock import LocalClock
from tests.integration.local.conftest import Emulator, FakeNow


@pytest.fixture(scope="module")
def seeded(local_emulator: Emulator) -> emulator.LocalResources:
    resources = local_emulator.reset()
    assert seed.seed() is True
    return resources


def test_the_demo_christmas_quiz_opens_a_few_minutes_after_the_first_start(
    local_emulator: Emulator, seeded: emulator.LocalResources, tmp_path: Path
) -> None:
    (campaign,) = campaigns.list_campaigns("demo", 10, None).items
    assert (campaign.preset, campaign.kind, campaign.status) == ("christmas", "quiz", "scheduled")
    assert timedelta(minutes=1) < campaign.opens_at - utc_now() <= timedelta(minutes=4)
    assert campaign.closes_at - campaign.opens_at == timedelta(hours=2)
    quiz = quizzes.get_quiz("demo", str(campaign.quiz_id))
    assert quiz is not None and quiz.status == "published" and len(quiz.question_ids) == 3
    assert campaigns.list_campaigns("acme", 10, None).items == []

    now = FakeNow(campaign.opens_at - timedelta(seconds=1))
    clock = LocalClock(local_emulator.app, local_emulator.url, now=now, state_file=tmp_path / "fired.json")
    assert f"campaign-{campaign.campaign_id}-open" not in clock.tick()
    now.advance(seconds=1)
    assert f"campaign-{campaign.campaign_id}-open" in clock.tick()
    opened = campaigns.get_campaign("demo", campaign.campaign_id, consistent=True)
    assert opened is not None and opened.status == "open"
    wall = KringItem.query(
        keys.community_pk("demo", str(campaign.community_id)), KringItem.sk.startswith(keys.POST_SK_PREFIX)
    )
    announced = [p for p in wall if isinstance(p, PostItem) and p.system_campaign_id == campaign.campaign_id]
    assert [p.system_kind for p in announced] == ["campaign_opened"]
    assert "Kerstquiz" in announced[0].body  # the demo organisation speaks Dutch
