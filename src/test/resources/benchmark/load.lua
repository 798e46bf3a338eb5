-- wrk script for IngestBenchmark: every request carries new messageIds (the run's name, the thread
-- and a counter), so nothing is de-duplicated. BATCH=0 sends single /v1/track calls, otherwise BATCH
-- messages each to PATH: /v1/batch as {"batch":[...]}, /segment as a Webhooks (Actions) array [...].
-- Prints one RESULT line that the benchmark parses.
local batch = tonumber(os.getenv("BATCH") or "100")
local path = os.getenv("PATH_TO") or "/v1/batch"
local threads = 0
local counter = 0
local headers = {
  ["Content-Type"] = "application/json",
  ["Authorization"] = "Basic YmVuY2g6", -- write key "bench"
}

function setup(thread)
  threads = threads + 1
  thread:set("prefix", string.format("%s-%d", os.getenv("RUN") or "run", threads))
end

local function message(n)
  return string.format('{"type":"track","userId":"bench-%d","messageId":"%s-%d","event":"Bench %d"}',
    n % 100, prefix, n, n % 10)
end

request = function()
  if batch == 0 then
    counter = counter + 1
    return wrk.format("POST", "/v1/track", headers, message(counter))
  end
  local parts = {}
  for i = 1, batch do
    counter = counter + 1
    parts[i] = message(counter)
  end
  if path == "/segment" then
    return wrk.format("POST", path, headers, "[" .. table.concat(parts, ",") .. "]")
  end
  return wrk.format("POST", path, headers, '{"batch":[' .. table.concat(parts, ",") .. ']}')
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
