-- wrk script: POST a realistic ~1 KB Azure OpenAI chat-completions body with a key.
-- The key comes from the environment (BENCH_KEY), so the same script serves every target.
local key = os.getenv("BENCH_KEY") or error("set BENCH_KEY")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["api-key"] = key
-- The last user turn is new in every request (a counter in it), as in a real conversation: the system prompt and the
-- earlier turns repeat, so the gateway's token count cache serves them, and the new turn is tokenized each time.
local head = [[{"messages":[]]
  .. [[{"role":"system","content":"You are a support assistant for Contoso Retail. Answer in the customer's language, ]]
  .. [[be concise and polite, never invent order details, and escalate to a human agent when the customer asks for ]]
  .. [[a refund above 500 euros or mentions a safety issue with a product."},]]
  .. [[{"role":"user","content":"Hello, I ordered a pair of running shoes (order 48213-CR) two weeks ago and the ]]
  .. [[tracking page still says the parcel is waiting at the sorting centre in Lyon. Can you tell me when it will arrive?"},]]
  .. [[{"role":"assistant","content":"I am sorry for the wait. Parcels held at the Lyon sorting centre are usually ]]
  .. [[released within three working days. I can see your order was shipped on the 3rd; would you like me to open ]]
  .. [[an enquiry with the carrier so that they prioritise it?"},]]
  .. [[{"role":"user","content":"Yes please, and if it does not arrive by Friday I would like to cancel the order and ]]
  .. [[get my money back. Also, can I change the size from 42 to 43 if it has not left the warehouse yet? (message ]]
local tail = [[)"}],"max_tokens":64,"temperature":0.7,"top_p":1,"user":"checkout-web"}]]
local counter = 0

function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, head .. counter .. tail)
end

-- BENCH_DELAY_MS > 0 paces the load: each connection waits that long after an answer before its next request, so
-- the offered rate (connections / delay) is set by the client and is the same for every target.
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end

-- Any status other than 2xx/3xx is counted by wrk as "Non-2xx or 3xx responses"; report.py flags such a run.
