"""The user pool (Cognito): accounts, passwords, groups. The only module that calls cognito-idp.

Accounts are addressed by their immutable subject (`sub`, Kring's user id), never by e-mail:
the pool signs people in with their e-mail address, so an e-mail that changed would otherwise
make the account unreachable for its admins.
"""

from __future__ import annotations

from typing import Any, Protocol

from chalicelib import definitions
from chalicelib.errors import Conflict, NotFound, ValidationFailed


class UserDirectory(Protocol):
    def create_account(
        self, email: str, org_id: str, roles: list[str], temporary_password: str | None
    ) -> str: ...

    def set_permanent_password(self, user_id: str, password: str) -> None: ...

    def set_roles(self, user_id: str, roles: list[str]) -> None: ...

    def disable(self, user_id: str) -> None: ...

    def delete_account(self, user_id: str) -> None: ...

    def enable(self, user_id: str) -> None: ...


class CognitoUserDirectory:
    def __init__(self, client: Any, user_pool_id: str) -> None:
        self._client = client
        self._pool = user_pool_id

    def create_account(
        self, email: str, org_id: str, roles: list[str], temporary_password: str | None
    ) -> str:
        request: dict[str, Any] = {
            "UserPoolId": self._pool,
            "Username": email,
            "UserAttributes": [
                {"Name": "email", "Value": email},
                {"Name": "email_verified", "Value": "true"},
                {"Name": f"custom:{definitions.ORG_ATTRIBUTE}", "Value": org_id},
            ],
            "DesiredDeliveryMediums": ["EMAIL"],
        }
        if temporary_password:
            request["TemporaryPassword"] = temporary_password
        try:
            response = self._client.admin_create_user(**request)
        except self._client.exceptions.UsernameExistsException as exc:
            raise Conflict("An account with this email address already exists.") from exc
        except self._client.exceptions.InvalidParameterException as exc:
            raise ValidationFailed("The identity provider does not accept this email address.") from exc
        attributes = {a["Name"]: a["Value"] for a in response["User"].get("Attributes", [])}
        user_id = str(attributes.get("sub") or response["User"]["Username"])
        self.set_roles(user_id, roles)
        return user_id

    def set_permanent_password(self, user_id: str, password: str) -> None:
        self._client.admin_set_user_password(
            UserPoolId=self._pool, Username=user_id, Password=password, Permanent=True
        )

    def set_roles(self, user_id: str, roles: list[str]) -> None:
        """Mirror the profile's roles as groups (the app decides from the profile, not from these)."""
        current = self._current_groups(user_id)
        for role in sorted(set(roles) - current):
            self._client.admin_add_user_to_group(UserPoolId=self._pool, Username=user_id, GroupName=role)
        for role in sorted(current - set(roles)):
            self._client.admin_remove_user_from_group(UserPoolId=self._pool, Username=user_id, GroupName=role)

    def disable(self, user_id: str) -> None:
        self._call_on_user("admin_disable_user", user_id)
        self._call_on_user("admin_user_global_sign_out", user_id)

    def enable(self, user_id: str) -> None:
        self._call_on_user("admin_enable_user", user_id)

    def delete_account(self, user_id: str) -> None:
        self._call_on_user("admin_delete_user", user_id)

    def _current_groups(self, user_id: str) -> set[str]:
        response = self._call_on_user("admin_list_groups_for_user", user_id)
        return {group["GroupName"] for group in response.get("Groups", [])}

    def _call_on_user(self, operation: str, user_id: str) -> Any:
        try:
            return getattr(self._client, operation)(UserPoolId=self._pool, Username=user_id)
        except self._client.exceptions.UserNotFoundException as exc:
            raise NotFound("The account of this member no longer exists.") from exc
