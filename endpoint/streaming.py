"""Streaming a writer-style serialiser (one that writes into a file) out as an HTTP response body.

``Store.export`` and ``pyoxigraph.serialize`` write into a file object; an HTTP response wants an iterator of
chunks. A producer thread writes into a bounded queue that the response iterates, so memory stays at a few
chunks whatever the size of the store, and a client that goes away stops the producer at its next write.
"""

from __future__ import annotations

import contextlib
import gzip
import queue
import threading
from collections.abc import Callable, Iterator
from typing import IO, cast

_DONE = object()
CHUNK_BYTES = 64 * 1024


class _Closed(Exception):
    """The consumer went away; raised inside the producer's write to abort the serialiser."""


class _QueueWriter:
    """A write-only binary file whose writes become chunks on a bounded queue."""

    def __init__(self, chunks: queue.Queue[object], stop: threading.Event) -> None:
        self._chunks = chunks
        self._stop = stop
        self._buffer = bytearray()

    def write(self, data: bytes) -> int:
        self._buffer += data
        if len(self._buffer) >= CHUNK_BYTES:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._buffer:
            self.put(bytes(self._buffer))
            self._buffer.clear()

    def put(self, item: object) -> None:
        """Queue one item, waiting for room, unless the consumer has gone."""
        while True:
            if self._stop.is_set():
                raise _Closed
            try:
                self._chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue


def stream(write: Callable[[IO[bytes]], object], *, compress: bool = False) -> Iterator[bytes]:
    """Run ``write(file)`` on a thread and yield what it writes (gzip-compressed if asked), chunk by chunk."""
    chunks: queue.Queue[object] = queue.Queue(maxsize=8)
    stop = threading.Event()
    sink = _QueueWriter(chunks, stop)
    failure: list[BaseException] = []

    def produce() -> None:
        try:
            if compress:
                with gzip.GzipFile(fileobj=cast(IO[bytes], sink), mode="wb") as zipped:
                    write(cast(IO[bytes], zipped))
            else:
                write(cast(IO[bytes], sink))
            sink.flush()
        except _Closed:
            return
        except BaseException as error:  # handed to the consumer, which re-raises it in the request thread
            failure.append(error)
        with contextlib.suppress(_Closed):
            sink.put(_DONE)

    threading.Thread(target=produce, name="allegiance-stream", daemon=True).start()
    try:
        while (item := chunks.get()) is not _DONE:
            yield cast(bytes, item)
        if failure:
            raise failure[0]
    finally:
        stop.set()
