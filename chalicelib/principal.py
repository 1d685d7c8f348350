"""Who is acting: the roles, the Principal, and the identity a verified token names.

Plain values with no token code, so use cases, consumers and jobs can name a Principal without
importing token verification (chalicelib/auth.py, only the API runs it).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chalicelib.errors import Forbidden


class Role(StrEnum):
    LEARNER = "learner"
    MENTOR = "mentor"
    COMMUNITY_MANAGER = "community_manager"
    ORG_ADMIN = "org_admin"


@dataclass(frozen=True)
class Principal:
    org_id: str
    user_id: str
    email: str
    roles: frozenset[Role]

    def has_any_role(self, roles: frozenset[Role]) -> bool:
        return bool(self.roles & roles)

    def require_any_role(self, roles: frozenset[Role]) -> None:
        if roles and not self.has_any_role(roles):
            wanted = ", ".join(sorted(roles))
            raise Forbidden(f"This needs one of these roles: {wanted}.")


@dataclass(frozen=True)
class TokenIdentity:
    """Who a verified ID token names: the organisation and the account's immutable subject."""

    org_id: str
    user_id: str
