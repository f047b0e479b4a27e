#!/usr/bin/env python3
"""Times every chunk of one streamed chat completion as it reaches the client, to show whether a proxy passes
chunks on as the backend sends them or holds them back. Prints one JSON line.

usage: stream_probe.py TARGET URL KEY BODY
"""
import http.client
import json
import statistics
import sys
import time
import urllib.parse

target, url, key, body = sys.argv[1:5]
parts = urllib.parse.urlsplit(url)
connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
start = time.perf_counter()
connection.request("POST", f"{parts.path}?{parts.query}", body=body.encode(),
                   headers={"api-key": key, "Content-Type": "application/json"})
response = connection.getresponse()
headers_at = time.perf_counter()
arrivals = []  # when each frame carrying generated text arrived
done = False
while True:
    line = response.readline()  # http.client undoes the chunked transfer coding; SSE frames are lines
    if not line:
        break
    if not line.startswith(b"data: "):
        continue
    now = time.perf_counter()
    payload = line[6:].strip()
    if payload == b"[DONE]":
        done = True
        continue
    frame = json.loads(payload)
    if any((choice.get("delta") or {}).get("content") for choice in frame.get("choices", [])):
        arrivals.append(now)
end = time.perf_counter()
connection.close()

ms = lambda t: round((t - start) * 1000, 3)  # noqa: E731
gaps = [round((b - a) * 1000, 3) for a, b in zip(arrivals, arrivals[1:])]
print(json.dumps({
    "target": target,
    "status": response.status,
    "headers_ms": ms(headers_at),
    "first_chunk_ms": ms(arrivals[0]) if arrivals else None,
    "last_chunk_ms": ms(arrivals[-1]) if arrivals else None,
    "total_ms": ms(end),
    "chunks": len(arrivals),
    "median_gap_ms": statistics.median(gaps) if gaps else None,
    "max_gap_ms": max(gaps) if gaps else None,
    "done": done,
}))
