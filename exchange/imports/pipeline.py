"""Check the next chunk of a file while PostgreSQL writes the last one, on the same connection and transaction.

A ``Pipeline`` runs a producer (reading, checking, formatting: Python's work) in a thread of its own and hands what it
makes to the thread that holds the database connection, which writes it (COPY: PostgreSQL's work), through a queue of
at most ``QUEUED`` items: the two overlap, and neither runs ahead of the other by more than that. The producer never
touches the database: the connection is the caller's thread's, inside its transaction. When it needs to read
(``ask``: the records a file refers to, the ids to reserve), the connection's thread runs the function between two
writes and hands the result back. Any exception on either side stops both and is raised in the caller's thread, so the
transaction rolls back as a whole.
"""

import contextlib
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils import timezone, translation

from partnership.columns import Lookups

QUEUED = 2  # formatted chunks waiting for the connection
WAIT = 0.5  # seconds between two looks at whether the other side stopped

_ITEM, _ASK, _DONE, _FAILED = "item", "ask", "done", "failed"


class Stopped(Exception):
    """The connection's thread stopped (it failed): the producer ends."""


def _no_database(execute, sql, params, many, context):
    raise RuntimeError("The pipeline's producer thread may not use the database; ask the connection's thread.")


class Pipeline:
    """``run(produce, write)``: ``produce(pipeline)`` in a thread (it calls ``send`` with each item and ``ask`` to read
    the database) and ``write(item)`` for each item in the calling thread; returns what ``produce`` returns."""

    def __init__(self):
        self._queue: queue.Queue = queue.Queue(maxsize=QUEUED)
        self._stopped = threading.Event()
        self._owner = threading.get_ident()
        # How well the two overlapped (seconds): from the start to the first item, the connection's thread waiting
        # for the producer in all (the first wait included), and the whole run.
        self.first_item = self.waited = self.elapsed = 0.0

    def run(self, produce: Callable[["Pipeline"], Any], write: Callable[[Any], None]) -> Any:
        language, zone = translation.get_language(), timezone.get_current_timezone()
        thread = threading.Thread(target=self._produce, args=(produce, language, zone), name="import-checker")
        started = time.perf_counter()
        thread.start()
        try:
            while True:
                waiting = time.perf_counter()
                kind, payload = self._queue.get()
                self.waited += time.perf_counter() - waiting
                if kind == _ITEM:
                    self.first_item = self.first_item or time.perf_counter() - started
                    write(payload)
                elif kind == _ASK:
                    function, args, reply = payload
                    try:
                        reply.put((True, function(*args)))
                    except BaseException as error:  # handed to the producer, which raises it
                        reply.put((False, error))
                elif kind == _DONE:
                    return payload
                else:
                    raise payload
        finally:
            self._stopped.set()
            while thread.is_alive():  # a producer waiting to send is let go
                with contextlib.suppress(queue.Empty):
                    self._queue.get(timeout=WAIT)
            thread.join()
            self.elapsed = time.perf_counter() - started

    def _produce(self, produce, language, zone) -> None:
        try:
            try:
                with translation.override(language), timezone.override(zone), connection.execute_wrapper(_no_database):
                    item = (_DONE, produce(self))
            except Stopped:
                return
            except BaseException as error:  # raised again in the connection's thread
                item = (_FAILED, error)
            self._put(item)
        except Stopped:
            pass
        finally:
            connection.close()  # this thread's own connection, never opened

    def _put(self, item) -> None:
        while not self._stopped.is_set():
            try:
                self._queue.put(item, timeout=WAIT)
                return
            except queue.Full:
                pass
        raise Stopped

    def send(self, item) -> None:
        """Hand ``item`` to the connection's thread (waits while ``QUEUED`` items are waiting)."""
        self._put((_ITEM, item))

    def ask(self, function: Callable, *args) -> Any:
        """``function(*args)`` run on the connection's thread (directly when called there)."""
        if threading.get_ident() == self._owner:
            return function(*args)
        reply: queue.Queue = queue.Queue(maxsize=1)
        self._put((_ASK, (function, args, reply)))
        while True:
            try:
                ok, value = reply.get(timeout=WAIT)
                break
            except queue.Empty:
                if self._stopped.is_set():
                    raise Stopped from None
        if not ok:
            raise value
        return value


class AskingLookups(Lookups):
    """``Lookups`` for a producer: what is not loaded yet is loaded on the connection's thread."""

    def __init__(self, pipeline: Pipeline):
        super().__init__()
        self._pipeline = pipeline

    def __call__(self, loader: Callable):
        try:
            return self._loaded[loader]
        except KeyError:
            return self._pipeline.ask(Lookups.__call__, self, loader)
