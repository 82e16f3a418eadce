-- wrk script for bench/bodies.sh: posts one body (the file $BODY, gzip) to /api/v1/insert/job over and
-- over, and counts the answers by status.
local body
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("BODY"), "rb"))
  body = wrk.format("POST", "/api/v1/insert/job",
    {["Content-Type"] = "application/json", ["Content-Encoding"] = "gzip"}, file:read("*a"))
  file:close()
  statuses = {}
end

function request()
  return body
end

function response(status, headers, answer)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(totals) do
    table.insert(parts, string.format("%d: %d", status, count))
  end
  table.sort(parts)
  io.write(string.format("RESULT answers %s; errors: connect %d, read %d, write %d, timeout %d\n",
    table.concat(parts, ", "), summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout))
end
