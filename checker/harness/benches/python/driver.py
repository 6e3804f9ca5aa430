#!/usr/bin/env python3
"""Times one call of the course's wait_n or task_wait_n and prints it as JSON.

Run by `checker bench`, once per configuration in a fresh interpreter, because
peak memory (ru_maxrss) only ever grows within a process. It prints the same
JSON object as a Rust run of the report: wall time of the call, the largest
delay drawn, how many delays came back, how many neighbours are out of order,
the peak resident memory before and after the call, in bytes, and the CPU
time of the call.
"""
import argparse
import asyncio
import json
import random
import resource
import sys
import time

from course import task_wait_n, wait_n

FUNCTIONS = {"wait_n": wait_n, "task_wait_n": task_wait_n}


def peak_rss_bytes() -> int:
    """The process's peak resident memory so far, in bytes."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux counts ru_maxrss in kibibytes, macOS in bytes.
    return peak if sys.platform == "darwin" else peak * 1024


async def timed(function, n: int, max_delay: int):
    """Runs function(n, max_delay); returns its delays, wall and CPU time.

    The clock starts inside the event loop, as the Rust side starts it after
    building its runtime, so neither counts setting up the loop.
    """
    start, cpu_start = time.perf_counter(), time.process_time()
    delays = await function(n, max_delay)
    return (delays, time.perf_counter() - start,
            time.process_time() - cpu_start)


def main() -> None:
    """Parses the configuration, runs it once, prints the measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--function", choices=sorted(FUNCTIONS), required=True)
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--max-delay", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    args = parser.parse_args()
    if args.n < 1 or args.max_delay < 0:
        parser.error("n must be at least 1 and max-delay at least 0")

    random.seed(args.seed)
    baseline = peak_rss_bytes()
    delays, wall, cpu = asyncio.run(
        timed(FUNCTIONS[args.function], args.n, args.max_delay))
    print(json.dumps({
        "wall_s": wall,
        "cpu_s": cpu,
        "largest_delay_s": max(delays, default=0.0),
        "count": len(delays),
        "inversions": sum(a > b for a, b in zip(delays, delays[1:])),
        "baseline_rss_bytes": baseline,
        "peak_rss_bytes": peak_rss_bytes(),
    }))


if __name__ == "__main__":
    main()
