#!/usr/bin/env python3
"""Configures a freshly started gateway through its management API, as an operator would, for the benchmark:
a team, a quota policy with limits high enough that nothing is refused, and for each backend (the stub for load,
the slow simulator for streaming) a backend, a deployment and an alias; then a key. Prints the issued key (its
secret is shown only once) on stdout.

usage: setup_gateway.py GATEWAY_URL BOOTSTRAP_TOKEN CHAT_BACKEND_URL STREAM_BACKEND_URL
Each alias has its deployment's name (bench-chat, bench-stream), so every target serves the same paths.
"""
import json
import sys
import time
import urllib.error
import urllib.request

gateway, token, chat_backend, stream_backend = sys.argv[1:5]


def call(method, path, body=None):
    request = urllib.request.Request(
        gateway + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        sys.exit(f"{method} {path} answered {e.code}: {e.read().decode(errors='replace')}")


team = call("POST", "/api/admin/teams", {"name": "Bench", "priority": "High", "owners": ["bench@example.com"]})
call("POST", "/api/admin/quota-policies", {
    "scope": "Team",
    "teamId": team["id"],
    # High enough that a 10-minute run at any rate this machine reaches is never refused, but every counter is live.
    "requestsPerMinute": 2_000_000_000,
    "tokensPerMinute": 2_000_000_000,
    "dailyTokenBudget": 1_000_000_000_000,
    "monthlyTokenBudget": 10_000_000_000_000,
    "maxTokensPerRequest": 4096,
})
for name, url in (("bench-chat", chat_backend), ("bench-stream", stream_backend)):
    backend = call("POST", "/api/admin/backends", {
        "name": name, "kind": "AzureOpenAI", "baseUrl": url, "region": "swedencentral",
        "tier": "Provisioned", "apiKey": "sim-key-1", "apiVersion": "2024-10-21",
    })
    deployment = call("POST", "/api/admin/deployments", {
        "backendId": backend["id"], "name": name, "model": "gpt-4o-mini", "modelVersion": "2024-07-18",
        "price": {"inputPer1K": 0.00015, "outputPer1K": 0.0006},
    })
    call("POST", "/api/admin/aliases", {"name": name, "targets": [{"deploymentId": deployment["id"], "weight": 1}]})

issued = call("POST", f"/api/admin/teams/{team['id']}/keys", {"name": "bench", "allowedAliases": ["bench-chat", "bench-stream"]})
key = issued.get("secret")
if not key:
    sys.exit("the key issue answer holds no secret: " + json.dumps(issued))

# The gateway polls its configuration version every Gateway:ConfigPollSeconds; wait until it serves the alias.
url = f"{gateway}/openai/deployments/bench-chat/chat/completions?api-version=2024-10-21"
body = json.dumps({"messages": [{"role": "user", "content": "ping"}], "max_tokens": 4}).encode()
deadline = time.monotonic() + 30
while True:
    request = urllib.request.Request(url, method="POST", data=body, headers={"api-key": key, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.status == 200:
                break
    except urllib.error.HTTPError as e:
        if time.monotonic() > deadline:
            sys.exit(f"the gateway still answers {e.code} after 30 s: {e.read().decode(errors='replace')}")
    except urllib.error.URLError as e:
        if time.monotonic() > deadline:
            sys.exit(f"the gateway cannot be reached: {e}")
    time.sleep(0.2)

print(key)
