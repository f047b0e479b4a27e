#!/usr/bin/env python3
"""Sends N short streamed chat completions (max_tokens 1) over one connection and reads each to its end, so that the
streaming path of a target runs its code as often as the load runs run the non-streamed path: the streaming figures
then compare warm processes, not first calls.

usage: stream_warmup.py URL KEY N
"""
import http.client
import json
import sys
import urllib.parse

url, key, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
parts = urllib.parse.urlsplit(url)
body = json.dumps({"messages": [{"role": "user", "content": "Warm up."}], "max_tokens": 1, "stream": True}).encode()
connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
for _ in range(count):
    connection.request("POST", f"{parts.path}?{parts.query}", body=body,
                       headers={"api-key": key, "Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"{url} answered {response.status} while warming up")
connection.close()
