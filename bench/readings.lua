-- wrk script: POSTs /sonar-reading bodies of 10 records each, as the 0.7 sender does, from HOSTS hosts
-- (environment variable, default 32). Bodies are made once per thread and cycled, so the load generator
-- spends its time sending, not formatting.
local hosts = tonumber(os.getenv("HOSTS") or "32")
local bodies = {}
local next_body = 1
local thread_id = 0
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
end

local function record(host, job, pid)
  return string.format(
    '{"version":"0.7.0","time":"2023-10-11T13:30:02+02:00","cluster":"bench","host":"node%05d.cluster",'
      .. '"cores":64,"user":"user%d","job":%d,"pid":%d,"cmd":"python3","cpu%%":%d.%d,"cpukib":%d,'
      .. '"gpus":"0,1","gpu%%":48.5,"gpumem%%":26,"gpukib":3721216,"cputime_sec":%d,"rolledup":4}',
    host, job % 97, job, pid, pid % 1000, pid % 10, 60728400 + pid, 508 + job % 1000)
end

function init(args)
  local count = math.max(hosts, 64)
  for i = 1, count do
    local host = ((thread_id - 1) * 7919 + i) % hosts
    local records = {}
    for r = 1, 10 do
      records[r] = record(host, 1685424 + i * 10 + r, 4000 + r)
    end
    bodies[i] = wrk.format("POST", "/sonar-reading",
      {["Content-Type"] = "application/json"}, "[" .. table.concat(records, ",") .. "]")
  end
end

function request()
  local body = bodies[next_body]
  next_body = next_body % #bodies + 1
  return body
end

function done(summary, latency, requests)
  io.write(string.format(
    "RESULT requests/s=%.0f records/s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), 10 * summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
