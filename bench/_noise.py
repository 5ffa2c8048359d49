"""A scheduling-noise probe: sleeps 5 ms again and again and reports how much longer each sleep took.

    python -m bench._noise        # until SIGTERM; then prints {"p50": s, "p99": s, "max": s} as JSON

Run on the server's core at the server's priority during a measurement, it shows the stalls that no
code under test caused (other processes, the hypervisor): a latency p99 below the probe's p99 is noise.
"""

from __future__ import annotations

import json
import math
import signal
import time

__all__ = ["main"]

PERIOD_S = 0.005


def main() -> None:
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    late: list[float] = []
    while not stop:
        start = time.perf_counter()
        time.sleep(PERIOD_S)
        late.append(time.perf_counter() - start - PERIOD_S)
    late.sort()

    def pct(p: float) -> float:
        return late[min(len(late) - 1, max(0, math.ceil(p / 100 * len(late)) - 1))] if late else math.nan

    print(json.dumps({"p50": pct(50), "p99": pct(99), "max": late[-1] if late else math.nan}), flush=True)


if __name__ == "__main__":
    main()
