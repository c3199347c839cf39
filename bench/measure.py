"""Time and peak memory of one operation, measured in a forked child process.

The child starts with the parent's memory (the prepared input), runs the operation,
and reports the best time of its runs and the peak of its resident memory above
where it started: what the operation itself needed, with no tracing overhead and
nothing left behind in the parent. Everything the child inherits is frozen out of
the cycle collector's passes (``gc.freeze``), so that no library pays for the
objects the bench holds for the others. Linux and macOS only (``fork``).
"""

from __future__ import annotations

import gc
import multiprocessing
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

#: ru_maxrss is in kilobytes on Linux and in bytes on macOS.
_MAXRSS_UNIT = 1 if sys.platform == "darwin" else 1024


def _resident() -> int:
    """The resident memory of this process now, in bytes."""
    if sys.platform == "darwin":  # pragma: no cover - no /proc there
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def _child(
    operation: Callable[[Any], Any],
    prepare: Callable[[], Any] | None,
    repeat: int,
    results: Any,
) -> None:
    try:
        times = []
        start_rss = None
        for _ in range(repeat):
            argument = prepare() if prepare else None
            gc.collect()
            # What the parent built is the bench's, not the operation's: keep the
            # collector's passes to what the operation itself creates, as in a
            # process that holds only the operation's input.
            gc.freeze()
            if start_rss is None:
                start_rss = _resident()
            start = time.perf_counter()
            output = operation(argument)
            times.append(time.perf_counter() - start)
            del output
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * _MAXRSS_UNIT
        results.send((min(times), max(0, peak - (start_rss or 0)), None))
    except BaseException as error:  # report it to the parent, whatever it is
        results.send((0.0, 0, f"{type(error).__name__}: {error}"))


def measure(
    operation: Callable[[Any], Any], prepare: Callable[[], Any] | None = None, repeat: int = 1
) -> tuple[float, int]:
    """(best seconds of ``repeat`` runs, peak bytes above the start) of
    ``operation(prepare())`` (``operation(None)`` without ``prepare``)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(operation, prepare, repeat, send))
    process.start()
    seconds, peak, error = receive.recv()
    process.join()
    if error:
        raise RuntimeError(f"the measured operation failed: {error}")
    return seconds, peak
