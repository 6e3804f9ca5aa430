#!/usr/bin/env python3
"""The course's wait_n and task_wait_n, as "0x01. Python - Async" writes them.

Tasks 0, 1, 3 and 4 of the course in one module (the course spreads them over
0-basic_async_syntax.py, 1-concurrent_coroutines.py, 3-tasks.py and 4-tasks.py):
the Python side of `cargo run --release -p checker -- bench`, which driver.py times.
"""
import asyncio
import random
from typing import List


async def wait_random(max_delay: int = 10) -> float:
    """Waits a random delay between 0 and max_delay seconds and returns it."""
    delay = random.uniform(0, max_delay)
    await asyncio.sleep(delay)
    return delay


async def wait_n(n: int, max_delay: int) -> List[float]:
    """Runs wait_random n times concurrently; returns the delays as they end."""
    delays = []
    for finished in asyncio.as_completed(
            [wait_random(max_delay) for _ in range(n)]):
        delays.append(await finished)
    return delays


def task_wait_random(max_delay: int) -> asyncio.Task:
    """Starts wait_random(max_delay) as a task and returns the task."""
    return asyncio.create_task(wait_random(max_delay))


async def task_wait_n(n: int, max_delay: int) -> List[float]:
    """Runs task_wait_random n times; returns the delays as they end."""
    delays = []
    for finished in asyncio.as_completed(
            [task_wait_random(max_delay) for _ in range(n)]):
        delays.append(await finished)
    return delays
