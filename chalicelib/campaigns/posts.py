"""The posts a campaign writes on its community's wall (its opening and its recap), each once."""

from __future__ import annotations

import hashlib
from datetime import datetime

from chalicelib.campaigns.rules import texts_of
from chalicelib.campaigns.texts import opened_texts
from chalicelib.ids import ulid_bytes, ulid_text, utc_now
from chalicelib.observability import count_business_event
from chalicelib.store import keys
from chalicelib.store import wall as wall_store
from chalicelib.store.batch import get_items
from chalicelib.store.models import CampaignItem, CommunityItem, OrganisationItem
from chalicelib.wall.system_posts import new_system_post

OPENED_POST, RECAP_POST = "campaign_opened", "campaign_recap"


def titles_of(item: CampaignItem) -> dict[str, str]:
    return texts_of(item.titles)


def post_id_for(item: CampaignItem, kind: str, moment: datetime) -> str:
    """A ULID of the moment whose randomness is the campaign's and the post's kind: written once."""
    digest = hashlib.sha256(f"{item.org_id}#{item.campaign_id}#{kind}".encode()).digest()
    return ulid_text(ulid_bytes(int(moment.timestamp() * 1000), digest[:10]))


def system_post(item: CampaignItem, kind: str, moment: datetime, texts: dict[str, str]) -> bool:
    """A system post on the campaign's community wall, once (False: there already, or no wall)."""
    if not item.community_id:
        return False
    community_key = (keys.org_pk(item.org_id), keys.community_sk(item.community_id))
    organisation_key = (keys.org_pk(item.org_id), keys.ORGANISATION_SK)
    found = get_items([community_key, organisation_key])
    community, organisation = found.get(community_key), found.get(organisation_key)
    if not isinstance(community, CommunityItem) or community.archived_at is not None:
        return False
    language = organisation.default_language if isinstance(organisation, OrganisationItem) else "en"
    post_id = post_id_for(item, kind, moment)
    post = new_system_post(
        community, post_id, kind, texts, language, moment, system_campaign_id=item.campaign_id
    )
    written = wall_store.save_system_post(post)
    if written:
        count_business_event("CampaignPosted")
    return written


def announce_opened(item: CampaignItem) -> bool:
    texts = opened_texts(titles_of(item), item.closes_at, item.timezone)
    return system_post(item, OPENED_POST, item.opened_at or utc_now(), texts)
