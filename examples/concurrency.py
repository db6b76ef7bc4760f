import asyncio
import multiprocessing
import time


def work(n):
    return n * n


async def fetch(delay):
    time.sleep(delay)
    asyncio.sleep(delay)
    await asyncio.sleep(delay)
    return delay


async def main():
    results = await asyncio.gather(fetch(0.1), fetch(0.2))
    print(results)


pool = multiprocessing.Pool(2)
print(pool.map(work, range(4)))
