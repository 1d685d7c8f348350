"""Key formats of the single table. Every partition key starts with the organisation.

One module per domain; this package re-exports them all, so `keys.post_sk` reads as before.
"""

from __future__ import annotations

from chalicelib.store.keys.campaigns import *  # noqa: F403
from chalicelib.store.keys.dead_letters import *  # noqa: F403
from chalicelib.store.keys.exactly_once import *  # noqa: F403
from chalicelib.store.keys.for_you import *  # noqa: F403
from chalicelib.store.keys.gamification import *  # noqa: F403
from chalicelib.store.keys.intervision import *  # noqa: F403
from chalicelib.store.keys.learning import *  # noqa: F403
from chalicelib.store.keys.notifications import *  # noqa: F403
from chalicelib.store.keys.organisation import *  # noqa: F403
from chalicelib.store.keys.programmes import *  # noqa: F403
from chalicelib.store.keys.qa import *  # noqa: F403
from chalicelib.store.keys.quizzes import *  # noqa: F403
from chalicelib.store.keys.refreshers import *  # noqa: F403
from chalicelib.store.keys.search import *  # noqa: F403
from chalicelib.store.keys.wall import *  # noqa: F403
from chalicelib.store.keys.workshops import *  # noqa: F403
