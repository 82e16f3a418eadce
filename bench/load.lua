-- wrk script for bench/load.sh: posts what nodes send, prepared once per thread and cycled, so that the
-- load generator spends its time sending. Environment:
--   FORMAT  readings (10-record 0.7 JSON batches, the default), freecsv (10 sonar CSV lines of the 0.14
--           kind, as `exfiltrate -output csv` posts them) or envelope (one sample envelope of current
--           sonar, about 2 KiB, per request)
--   HOSTS   how many hosts the requests spread over (default 32)
local format = os.getenv("FORMAT") or "readings"
local hosts = tonumber(os.getenv("HOSTS") or "32")
local bodies = {}
local next_body = 1
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
end

local function reading(host, job, pid)
  return string.format(
    '{"version":"0.7.0","time":"2023-10-11T13:30:02+02:00","cluster":"bench","host":"node%05d.cluster",'
      .. '"cores":64,"user":"user%d","job":%d,"pid":%d,"cmd":"python3","cpu%%":%d.%d,"cpukib":%d,'
      .. '"gpus":"0,1","gpu%%":48.5,"gpumem%%":26,"gpukib":3721216,"cputime_sec":%d,"rolledup":4}',
    host, job % 97, job, pid, pid % 1000, pid % 10, 60728400 + pid, 508 + job % 1000)
end

local function csv_line(host, job, pid)
  return string.format(
    'v=0.14.0,time=2025-04-12T08:15:38+02:00,host=node%05d.cluster,user=u_%d,cmd=python,job=%d,'
      .. 'epoch=168341194,pid=%d,ppid=%d,cpu%%=905.1,cpukib=7633960,rssanonkib=2517156,gpus=0,gpu%%=64,'
      .. 'gpumem%%=15,gpukib=9050112,cputime_sec=1478607,"gpuinfo=fan%%=40|40,perf=P0|P0,musekib=9503680|9503680"',
    host, job % 97, job, pid, pid - 1)
end

local function envelope(host)
  local cpus = {}
  for c = 1, 64 do
    cpus[c] = tostring(200000 + c * 37)
  end
  local jobs = {}
  for j = 1, 8 do
    jobs[j] = string.format('{"job":%d,"user":"user%d","epoch":1744438538,"processes":[{"pid":%d,'
      .. '"cmd":"python","cpu_avg":98.5,"cpu_util":97.1,"cpu_time":1478607,"mem_rss":2517156}]}',
      1685424 + j, j, 4000 + j)
  end
  return string.format('{"meta":{"producer":"sonar","version":"0.19.0"},"data":{"type":"sample","attributes":'
    .. '{"time":"2026-04-29T09:07:26+02:00","cluster":"bench","node":"node%05d.cluster","system":{"cpus":[%s],'
    .. '"used_memory":5992528},"jobs":[%s]}}}', host, table.concat(cpus, ","), table.concat(jobs, ","))
end

function init(args)
  local count = math.max(hosts, 64)
  for i = 1, count do
    local host = ((thread_id - 1) * 7919 + i) % hosts
    if format == "freecsv" then
      local lines = {}
      for r = 1, 10 do
        lines[r] = csv_line(host, 1685424 + i * 10 + r, 4000 + r)
      end
      bodies[i] = wrk.format("POST", "/sonar-freecsv?cluster=bench", {["Content-Type"] = "text/csv"},
        table.concat(lines, "\n") .. "\n")
    elseif format == "envelope" then
      bodies[i] = wrk.format("POST", "/api/v1/insert/sample", {["Content-Type"] = "application/json"},
        envelope(host))
    else
      local records = {}
      for r = 1, 10 do
        records[r] = reading(host, 1685424 + i * 10 + r, 4000 + r)
      end
      bodies[i] = wrk.format("POST", "/sonar-reading", {["Content-Type"] = "application/json"},
        "[" .. table.concat(records, ",") .. "]")
    end
  end
end

function request()
  local body = bodies[next_body]
  next_body = next_body % #bodies + 1
  return body
end

function done(summary, latency, requests)
  local records_per_request = (format == "envelope") and 1 or 10
  io.write(string.format(
    "RESULT requests/s=%.0f records/s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6),
    records_per_request * summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
