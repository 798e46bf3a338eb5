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

-- Shaped like an analytics.js track call (about 1 KB), as support/TrackCall.java builds them. The
-- messageId starts with random digits, as Segment's random ones sort, and ends unique.
local function message(n)
  return string.format('{"anonymousId":"507f191e-810c-4972-9de8-60ea%04x","context":{"ip":"203.0.113.17",'
    .. '"library":{"name":"analytics.js","version":"5.2.0"},"locale":"en-US","page":{"path":"/academy/",'
    .. '"referrer":"https://www.google.com/","search":"?utm_source=newsletter","title":"Analytics Academy",'
    .. '"url":"https://example.com/academy/?utm_source=newsletter"},"userAgent":"Mozilla/5.0 (Macintosh; '
    .. 'Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",'
    .. '"timezone":"Europe/Berlin","campaign":{"source":"newsletter","medium":"email","name":"november"}},'
    .. '"event":"Bench %d","integrations":{},"messageId":"ajs-%08x%08x-%s-%d","properties":{'
    .. '"title":"Intro to Analytics","course_id":"c-1042","plan":"team","seats":12},'
    .. '"sentAt":"2026-11-30T10:15:01.169Z","originalTimestamp":"2026-11-30T10:15:01.152Z",'
    .. '"timestamp":"2026-11-30T10:15:01.249Z","type":"track","userId":"bench-%d"}',
    n % 100, n % 10, math.random(0, 0x7fffffff), math.random(0, 0x7fffffff), prefix, n, n % 100)
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
