#!/usr/bin/python3
"""A TCP proxy that delays every byte by a fixed time in each direction, keeping order.

Usage: delay_proxy.py LISTEN_ADDR LISTEN_PORT TARGET_ADDR TARGET_PORT DELAY_MS
Used by bench/run to count round trips: with d ms each way, an exchange costs 2*d ms.
Runs until killed; it only ever connects to the one target given.
"""
import asyncio
import sys
import time


async def pump(reader, writer, delay):
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await queue.get()
            if data is None:
                break
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        writer.close()

    task = asyncio.create_task(deliver())
    while True:
        data = await reader.read(65536)
        if not data:
            await queue.put((0, None))
            break
        await queue.put((time.monotonic() + delay, data))
    await task


async def main():
    laddr, lport, taddr, tport, delay_ms = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
    delay = delay_ms / 1000.0

    async def handle(cr, cw):
        try:
            tr, tw = await asyncio.open_connection(taddr, tport)
        except OSError:
            cw.close()
            return
        await asyncio.gather(pump(cr, tw, delay), pump(tr, cw, delay), return_exceptions=True)

    server = await asyncio.start_server(handle, laddr, lport)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
