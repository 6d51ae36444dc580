-- wrk script of ops/bench. Two modes, chosen by the arguments after `--`:
--   enroll CLASSES_FILE CAPACITY WINDOW OFFSET OUT_JSON   POST one enrollment per request, each a new person
--   get OUT_JSON                                           the URL given to wrk, as it is
-- Either way it counts answers by status and writes the figures as JSON when wrk ends.
-- ID numbers and the class of the n-th enrollment follow Training.Bench's Ids (Options.cs): keep them in step.

local mode, classes, capacity, window, offset
out = nil -- global: done() reads it from the thread
local counter = 0
statuses = {}

local weights = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 }
local checks = "10X98765432"

local function id_number(index)
  local k = math.floor(index / 1000)
  local first17 = string.format("441625%04d%02d%02d%03d", 1950 + math.floor(k / 336), 1 + math.floor(k / 28) % 12, 1 + k % 28, index % 1000)
  local sum = 0
  for i = 1, 17 do sum = sum + (first17:byte(i) - 48) * weights[i] end
  local m = sum % 11
  return first17 .. checks:sub(m + 1, m + 1)
end

function init(args)
  mode = args[1]
  if mode == "enroll" then
    classes = {}
    for line in io.lines(args[2]) do if #line > 0 then classes[#classes + 1] = line end end
    capacity, window, offset, out = tonumber(args[3]), tonumber(args[4]), tonumber(args[5]), args[6]
  else
    out = args[2]
  end
end

function request()
  if mode ~= "enroll" then return wrk.request() end
  local n = counter
  counter = counter + 1
  local per = window * capacity
  local class = classes[math.floor(n / per) * window + (n % per) % window + 1] or classes[#classes]
  local body = '{"idNumber":"' .. id_number(offset + n) .. '","name":"王小明","groups":["migrant-worker"]}'
  local headers = { ["Content-Type"] = "application/json" }
  for name, value in pairs(wrk.headers) do headers[name] = value end -- -H options, e.g. the bearer token
  return wrk.format("POST", "/api/classes/" .. class .. "/enrollments", headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local threads = {}
function setup(thread) threads[#threads + 1] = thread end

function done(summary, latency, requests)
  local counts, created = {}, 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + n
      if status == 201 or status == 200 then created = created + n end
    end
  end
  -- `out` lives in the threads' states; the main state gets the path from the first thread
  local path = threads[1]:get("out")
  local seconds = summary.duration / 1e6
  local parts = {}
  for status, n in pairs(counts) do parts[#parts + 1] = string.format('"%d":%d', status, n) end
  local e = summary.errors
  local f = io.open(path, "w")
  f:write(string.format('{"requests":%d,"duration_s":%.3f,"rps":%.1f,"rps_created":%.1f,"statuses":{%s},' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},' ..
    '"latency_ms":{"mean":%.3f,"p50":%.3f,"p90":%.3f,"p99":%.3f,"p999":%.3f,"max":%.3f}}\n',
    summary.requests, seconds, summary.requests / seconds, created / seconds, table.concat(parts, ","),
    e.connect, e.read, e.write, e.timeout,
    latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
  f:close()
end
