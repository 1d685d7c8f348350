"""Key formats that live in chalicelib/store/keys: items already stored under them must still be found.

Each expected key below is written out in full, as existing items carry it: a change of format is a
data migration, not a refactoring, and must fail here first.
"""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.store import intervision, keys
from chalicelib.store.models import IntervisionSessionItem

ORG, GROUP, SESSION = "acme", "01GROUP", "01SESSION"


def _session() -> IntervisionSessionItem:
    pk, sk = intervision.session_key(ORG, GROUP, SESSION)
    return IntervisionSessionItem(pk, sk, org_id=ORG, group_id=GROUP, session_id=SESSION, number=1)


def test_what_is_said_in_a_session_is_stored_under_the_session_that_names_its_group() -> None:
    assert keys.intervision_content_pk(ORG, GROUP, SESSION) == "ORG#acme#IVG#01GROUP#SES#01SESSION"
    assert keys.intervision_case_sk("01CASE") == "CASE#01CASE"
    assert keys.intervision_vote_sk("ann") == "VOTE#ann"
    assert keys.intervision_note_sk("questions", "01NOTE") == "NOTE#questions#01NOTE"
    assert keys.intervision_action_sk("01ACTION") == "ACTION#01ACTION"


def test_a_groups_actions_come_back_oldest_first() -> None:
    earlier = keys.intervision_action_gsi1sk("2026-03-01T09:00:00+00:00", "01B")
    later = keys.intervision_action_gsi1sk("2026-03-08T09:00:00+00:00", "01A")
    assert earlier == "2026-03-01T09:00:00+00:00#01B"
    assert sorted([later, earlier]) == [earlier, later]
    assert keys.intervision_actions_pk(ORG, GROUP) == "ORG#acme#IVG#01GROUP#ACTIONS"


def test_a_members_second_vote_lands_on_the_key_of_the_first() -> None:
    first = intervision.new_vote(_session(), "ann", "01CASE")
    second = intervision.new_vote(_session(), "ann", "01OTHER")
    assert (
        (first.pk, first.sk) == (second.pk, second.sk) == ("ORG#acme#IVG#01GROUP#SES#01SESSION", "VOTE#ann")
    )


def test_the_store_writes_contributions_under_the_stored_formats() -> None:
    now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    session = _session()
    case = intervision.new_case(session, "01CASE", "ann", "Feedback", "", now)
    note = intervision.new_note(session, "01NOTE", "advice", "bob", "Ask them first", now)
    action = intervision.new_action(session, "01ACTION", "ann", "Talk to my manager", now)
    content = "ORG#acme#IVG#01GROUP#SES#01SESSION"
    assert (case.pk, case.sk) == (content, "CASE#01CASE")
    assert (note.pk, note.sk) == (content, "NOTE#advice#01NOTE")
    assert (action.pk, action.sk) == (content, "ACTION#01ACTION")
    assert (action.gsi1pk, action.gsi1sk) == (
        "ORG#acme#IVG#01GROUP#ACTIONS",
        "2026-03-01T09:00:00+00:00#01ACTION",
    )


def test_a_phases_notes_share_a_prefix_no_other_phase_starts_with() -> None:
    advice = keys.intervision_note_sk("advice", "01NOTE")
    assert advice.startswith(f"{keys.INTERVISION_NOTE_SK_PREFIX}advice#")
    assert not keys.intervision_note_sk("advice-round", "01NOTE").startswith(
        f"{keys.INTERVISION_NOTE_SK_PREFIX}advice#"
    )


def test_popular_posts_sort_by_band_as_strings_then_by_post() -> None:
    assert keys.popular_sk(16, "01POST") == "0000000016#01POST"
    bands = [keys.popular_sk(band, "01POST") for band in (4, 128, 16)]
    assert sorted(bands) == [keys.popular_sk(band, "01POST") for band in (4, 16, 128)]


def test_a_communitys_workshops_sort_soonest_first() -> None:
    assert keys.community_workshop_sk("2026-03-01T09:00:00+00:00", "01W") == "2026-03-01T09:00:00+00:00#01W"
