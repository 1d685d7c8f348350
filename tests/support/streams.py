"""Delivering the test table's stream to the app's consumer, exactly as the local poller does."""

from __future__ import annotations

import json
from pathlib import Path

from botocore.exceptions import ClientError

from local.emulator import LocalResources
from local.handlers import StreamSource, stream_sources
from local.recorder import RECORDER
from local.stream_poller import StreamPoller


class StreamDrain:
    """Call it to hand every record written since the last call to `on_table_change`."""

    def __init__(self, resources: LocalResources, home: Path) -> None:
        import app as app_module

        (source,) = stream_sources(app_module.app)
        from_start = StreamSource(
            source.name, source.stream_arn, source.batch_size, "TRIM_HORIZON", source.handler
        )
        self.dead_letters = home / "dead-letters.jsonl"
        self._poller = StreamPoller(
            app_module.app,
            from_start,
            resources.table_stream_arn,
            resources.endpoint_url,
            max_retries=1,
            retry_delay_seconds=0,
            state_file=home / "positions.json",
            dead_letter_file=self.dead_letters,
        )

    def __call__(self) -> int:
        from chalicelib.store.dead_letters import stream_dead_letters

        before = {letter.event_id for letter in stream_dead_letters()}
        with RECORDER.recording("on_table_change"):
            try:
                delivered = self._poller.poll_once()
            except ClientError:
                # The emulator's state was replaced under us (a test of the local runtime swaps it
                # and puts it back): our iterators are gone. Resume from the saved position.
                self._poller.forget_iterators()
                delivered = self._poller.poll_once()
        if self.dead_letters.exists():
            failed = [json.loads(line) for line in self.dead_letters.read_text().splitlines()]
            raise AssertionError(f"the poller dead-lettered records: {failed[:1]}")
        kept = [letter for letter in stream_dead_letters() if letter.event_id not in before]
        if kept:
            raise AssertionError(f"the consumer dead-lettered records: {kept[:1]}")
        return delivered
