"""How a route is declared: authentication, authorization, validation, idempotency and errors in one place.

Each route says who may call it (its roles and the relation the caller needs to the resource in
its path), what it accepts and what it returns; the same declaration drives the OpenAPI
document, the tenant-isolation and intra-organisation sweeps and the problem+json error
handling, so a new route gets all of them without anyone remembering to add it.

Serving a request: verify the token, count it against its organisation's quota
(chalicelib/quotas.py), read the caller's current profile (chalicelib/identity/
current.py), check the roles, decide the declared relation (chalicelib/api/relations.py), then
validate the input and run the handler.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from chalice.app import Blueprint, Request, Response
from pydantic import BaseModel, ValidationError

from chalicelib import bootstrap, secrets
from chalicelib.api.problems import problem_for_exception, problem_response
from chalicelib.api.public_urls import public_prefix
from chalicelib.api.relations import Relation, Resolved, authorized, check_declaration
from chalicelib.config import Config
from chalicelib.cursors import decode_cursor, encode_cursor
from chalicelib.definitions import UNREAD_COUNT, UNREAD_COUNT_WANTED
from chalicelib.errors import (
    BadRequest,
    IdempotencyKeyInProgress,
    IdempotencyKeyReused,
    KringError,
    NotFound,
    ValidationFailed,
)
from chalicelib.identity.current import current_principal
from chalicelib.ids import utc_now
from chalicelib.observability import logger
from chalicelib.principal import Principal, Role
from chalicelib.quotas import check_org_quota

# Every request and response model is built (its validator and serializer) when first used, not
# when its module is imported: a cold container's first request builds the few models it needs,
# not the dozens its route module declares. Set on pydantic's root so it holds for every model of
# the route modules, which import this module first (docs/decisions.md).
BaseModel.model_config["defer_build"] = True
# The app installs no pydantic plugin, and looking for one (on the first model built in a process)
# reads the metadata of every installed distribution: ~2 ms in the Lambda package, ~9 ms in a
# development environment with its test tools. An operator's own setting wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

JSON_CONTENT_TYPE = "application/json"
Headers = dict[str, str | list[str]]
_PATH_PARAM = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,128}$")


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    summary: str
    tag: str
    request_model: type[BaseModel] | None
    query_model: type[BaseModel] | None
    response_model: type[BaseModel] | None
    status: int
    roles: frozenset[Role]
    public: bool
    idempotent: bool
    relation: Relation | None  # None only for public routes
    conditional: bool = False  # answers If-None-Match with 304 (the handler returns Tagged)

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)


Handler = Callable[["ApiRequest"], Any]

# Every declared route of the app's route modules: its contract, and the function that serves it.
# Filled as route modules are imported (the app imports one on its first request:
# chalicelib/api/routing.py); chalicelib.api.routing.all_operations() imports them all.
OPERATIONS: list[Operation] = []
HANDLERS: dict[str, Handler] = {}


@dataclass
class ApiRequest:
    """What a route handler gets: who is calling, and the validated input."""

    principal: Principal
    config: Config
    operation: Operation
    path_params: dict[str, str]
    body: Any = None
    query: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    resolved: Resolved = field(default_factory=Resolved)  # what the relation was decided on
    # What comes before /v1 in the client's URL ('' at the root, '/api' through the stage's own URL).
    public_prefix: str = ""

    def cursor_in(self, cursor: str | None) -> dict[str, Any] | None:
        return decode_cursor(secrets.cursor_key(self.config), self.principal.org_id, self._listing(), cursor)

    def cursor_out(self, last_key: dict[str, Any] | None) -> str | None:
        return encode_cursor(
            secrets.cursor_key(self.config), self.principal.org_id, self._listing(), last_key
        )

    def cursor_out_for(self, operation_id: str, last_key: dict[str, Any] | None) -> str | None:
        """A cursor that another route without path parameters (`operation_id`) continues from."""
        return encode_cursor(
            secrets.cursor_key(self.config), self.principal.org_id, f"{operation_id}:{{}}", last_key
        )

    def _listing(self) -> str:
        return f"{self.operation.operation_id}:{json.dumps(self.path_params, sort_keys=True)}"


@dataclass(frozen=True)
class Created:
    """A handler's result for a created resource: 201 with its Location."""

    body: BaseModel
    location: str


@dataclass(frozen=True)
class Tagged:
    """A handler's result with its version tag: 200 with an ETag, or 304 with no body when the
    request's If-None-Match names that tag already (the client keeps what it has). For small reads
    that clients repeat while nothing changes; the route decides and authorizes as for any read."""

    body: BaseModel
    etag: str  # quoted, as the header carries it

    def answering(self, if_none_match: str | None) -> Tagged | NotModified:
        """What to send a request with this If-None-Match header (None: without one)."""
        tags = {tag.strip().removeprefix("W/") for tag in (if_none_match or "").split(",")}
        return NotModified(self.etag) if self.etag in tags else self


@dataclass(frozen=True)
class NotModified:
    etag: str


PUBLIC = Principal(org_id="", user_id="", email="", roles=frozenset())


class Api:
    """A Chalice Blueprint whose routes are declared with their contract."""

    def __init__(self, import_name: str, tag: str, registry: list[Operation] | None = None) -> None:
        self.blueprint = Blueprint(import_name)
        self.tag = tag
        self.registry = OPERATIONS if registry is None else registry

    def route(
        self,
        path: str,
        method: str,
        *,
        operation_id: str,
        summary: str,
        relation: Relation | None,
        request: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        response: type[BaseModel] | None = None,
        status: int = 200,
        roles: frozenset[Role] = frozenset(),
        public: bool = False,
        idempotent: bool = False,
        conditional: bool = False,
    ) -> Callable[[Callable[[ApiRequest], Any]], Callable[..., Response]]:
        if public != (relation is None):
            raise ValueError(f"{operation_id}: declare a relation, or public=True without one")
        if relation is not None:
            check_declaration(relation, path, frozenset(role.value for role in roles))
        operation = Operation(
            operation_id,
            method,
            path,
            summary,
            self.tag,
            request,
            query,
            response,
            status,
            roles,
            public,
            idempotent,
            relation,
            conditional,
        )
        self.registry.append(operation)

        def register(handler: Handler) -> Callable[..., Response]:
            if self.registry is OPERATIONS:
                if operation_id in HANDLERS:
                    raise ValueError(f"{operation_id}: declared twice")
                HANDLERS[operation_id] = handler

            def view(**path_params: str) -> Response:
                return serve(self.blueprint.current_request, operation, handler, path_params)

            view.__name__ = operation_id
            self.blueprint.route(
                path, methods=[method], content_types=[JSON_CONTENT_TYPE], name=operation_id
            )(view)
            return view

        return register


def serve(request: Request, operation: Operation, handler: Handler, path_params: dict[str, str]) -> Response:
    """Answer one request to a declared route (the app's view and a Blueprint's both come here)."""
    try:
        config = bootstrap.ready()
        principal = PUBLIC
        if not operation.public:
            identity = bootstrap.token_verifier().identity_from_header(request.headers.get("authorization"))
            logger.append_keys(org_id=identity.org_id, user_id=identity.user_id)
            check_org_quota(identity.org_id, utc_now())  # before any read: a flood costs nothing more
            principal = current_principal(identity, config.profile_cache_seconds)
            principal.require_any_role(operation.roles)
        for value in path_params.values():
            if not _PATH_PARAM.match(value or ""):
                raise NotFound("No such resource.")
        raw_body = request.raw_body.encode() if isinstance(request.raw_body, str) else request.raw_body
        # The relation is decided before the input is looked at: who may not act learns nothing more.
        deciding = (
            nullcontext(Resolved())
            if operation.relation is None
            else authorized(operation.relation, principal, path_params)
        )
        with deciding as resolved:
            api_request = ApiRequest(
                principal=principal,
                config=config,
                operation=operation,
                path_params=path_params,
                query=_parse_query(operation, request.query_params),
                body=_parse_body(operation, raw_body),
                headers=dict(request.headers),
                resolved=resolved,
                public_prefix=public_prefix(request.context, request.headers, request.path),
            )
            key = request.headers.get("idempotency-key")
            if operation.idempotent and key:
                response = _serve_idempotently(api_request, handler, key, raw_body)
            else:
                response = _to_response(operation, handler(api_request))
        if not operation.public and request.headers.get(UNREAD_COUNT_WANTED.lower()):
            _carry_unread_count(principal, response)
        return response
    except KringError as error:
        return problem_response(error, _instance(request.path, path_params))
    except Exception as error:
        return problem_for_exception(error, _instance(request.path, path_params))


def _carry_unread_count(principal: Principal, response: Response) -> None:
    """The caller's unread notification count on a response they asked it on (`Kring-Want-Unread-
    Count: 1`), so the app's badge follows the calls it makes anyway instead of costing requests of
    its own: one consistent GetItem of the inbox counter (1 RCU) when asked, none otherwise."""
    if response.status_code >= 400:
        return
    from chalicelib.notifications import inbox  # only requests that ask for it load it

    response.headers[UNREAD_COUNT] = str(inbox.my_unread_count(principal))


def _instance(template: str, path_params: dict[str, str]) -> str:
    for name, value in path_params.items():
        template = template.replace("{" + name + "}", value)
    return template


def _parse_query(operation: Operation, params: Mapping[str, str] | None) -> Any:
    if operation.query_model is None:
        return None
    try:
        return operation.query_model.model_validate(dict(params or {}))
    except ValidationError as exc:
        raise BadRequest("The query parameters are not valid.", extra={"errors": _errors(exc)}) from exc


def _parse_body(operation: Operation, raw_body: bytes) -> Any:
    if operation.request_model is None:
        return None
    try:
        data = json.loads(raw_body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("The request body is not valid JSON.") from exc
    except RecursionError as exc:  # deeply nested arrays or objects
        raise BadRequest("The request body is nested too deeply.") from exc
    if not isinstance(data, dict):
        raise ValidationFailed("The request body must be a JSON object.")
    try:
        return operation.request_model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed("Some fields are not valid.", _errors(exc)) from exc
    except RecursionError as exc:
        raise BadRequest("The request body is nested too deeply.") from exc


def _errors(exc: ValidationError) -> list[dict[str, Any]]:
    return [
        {
            "field": ".".join(str(part) for part in error["loc"]),
            "message": error["msg"],
            "code": error["type"],
        }
        for error in exc.errors(include_url=False, include_input=False)
    ]


def _to_response(operation: Operation, result: Any) -> Response:
    headers: Headers = {"Content-Type": JSON_CONTENT_TYPE, "Cache-Control": "no-store"}
    # no-store still: the client sends If-None-Match itself and keeps its own copy (a browser's
    # cache would hand back a stale body, with the server's `now` of an earlier answer).
    if isinstance(result, NotModified):
        return Response(body="", status_code=304, headers={"ETag": result.etag, "Cache-Control": "no-store"})
    if isinstance(result, Tagged):
        headers["ETag"] = result.etag
        return Response(body=result.body.model_dump_json(), status_code=operation.status, headers=headers)
    if isinstance(result, Created):
        headers["Location"] = result.location
        return Response(body=result.body.model_dump_json(), status_code=201, headers=headers)
    if result is None:
        return Response(
            body="", status_code=204, headers={"Content-Type": "text/plain", "Cache-Control": "no-store"}
        )
    if isinstance(result, BaseModel):
        return Response(body=result.model_dump_json(), status_code=operation.status, headers=headers)
    return Response(body=json.dumps(result), status_code=operation.status, headers=headers)


def _serve_idempotently(request: ApiRequest, handler: Handler, key: str, raw_body: bytes) -> Response:
    if not _IDEMPOTENCY_KEY.match(key):
        raise BadRequest("An Idempotency-Key is 8-128 letters, digits or -_.: characters.")
    from chalicelib.store import idempotency  # only a request that sends a key: not every first request

    org_id, user_id = request.principal.org_id, request.principal.user_id
    target = f"{request.operation.operation_id} {sorted(request.path_params.items())}"
    fingerprint = hashlib.sha256(target.encode() + b"\n" + (raw_body or b"")).hexdigest()
    existing = idempotency.claim(org_id, user_id, key, fingerprint)
    if existing is not None:
        if existing.fingerprint != fingerprint:
            raise IdempotencyKeyReused()
        if existing.completed is None:
            raise IdempotencyKeyInProgress("Retry in a moment to get the result of the first request.")
        stored = existing.completed
        headers: Headers = {
            "Content-Type": JSON_CONTENT_TYPE,
            "Idempotent-Replayed": "true",
            "Cache-Control": "no-store",
        }
        if stored.location:
            headers["Location"] = stored.location
        return Response(body=stored.body, status_code=stored.status, headers=headers)
    try:
        response = _to_response(request.operation, handler(request))
    except Exception:
        idempotency.release(org_id, user_id, key)
        raise
    body = response.body if isinstance(response.body, str) else json.dumps(response.body)
    location = response.headers.get("Location")
    stored_response = idempotency.StoredResponse(
        response.status_code, body, location if isinstance(location, str) else None
    )
    idempotency.complete(org_id, user_id, key, stored_response)
    return response
