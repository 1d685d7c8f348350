"""The table's one DynamoDB connection, and a botocore session that creates its client quickly.

Every item type and every transaction talks to the table over this one connection (see
KringItem._get_connection), so a cold function creates one DynamoDB client. Creating it loads
DynamoDB's service model and endpoint rules; botocore first checks each name against a listing
of every service it knows, which walks its ~400 service directories, once per kind of file
(twice per client: about 20 ms of a cold start, half of what loading DynamoDB's own files takes).
The loader below reads the same files without that listing: a service or version that does not
exist still fails, when its files are not found.
"""

from __future__ import annotations

import os
import threading
from typing import Any

import botocore.session
from botocore.loaders import Loader, instance_cache
from pynamodb.connection import Connection


class ServiceLoader(Loader):  # type: ignore[misc]  # botocore is untyped
    """botocore's data loader, loading a service's model without listing every service first."""

    @instance_cache  # type: ignore[untyped-decorator]  # botocore is untyped
    def load_service_model(self, service_name: str, type_name: str, api_version: str | None = None) -> Any:
        if api_version is None:
            # Lists only this service's directory; raises DataNotFoundError for an unknown service.
            api_version = self.determine_latest_version(service_name, type_name)
        model = self.load_data(os.path.join(service_name, api_version, type_name))
        self._extras_processor.process(model, self._find_extras(service_name, type_name, api_version))
        return model


def new_session() -> botocore.session.Session:
    """A botocore session (as PynamoDB makes one) whose data loader is a ServiceLoader."""
    session = botocore.session.get_session()
    data_path = session.get_config_variable("data_path")  # AWS_DATA_PATH, as botocore reads it
    extra_paths = [path for path in str(data_path or "").split(os.pathsep) if path]
    session.register_component("data_loader", ServiceLoader(extra_search_paths=extra_paths))
    return session


class SharedConnection(Connection):  # type: ignore[misc]
    """PynamoDB's connection, its client made from a session with the ServiceLoader."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._sessions = threading.local()  # botocore sessions are not thread-safe (as PynamoDB's)

    @property
    def session(self) -> botocore.session.Session:
        session: botocore.session.Session | None = getattr(self._sessions, "session", None)
        if session is None:
            session = new_session()
            self._sessions.session = session
        return session
