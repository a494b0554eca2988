-- search_1m.lua - wrk rotates through the request targets that
-- `bench_search --throughput --urls FILE` wrote, one a line: bench_search's
-- query set (words, pairs, prefixes, typos, cross-script words, phrases;
-- plain, with a country filter, with facets), percent-encoded, so HTTP and
-- the in-process engine run the same queries (bench/http_search_1m.sh).
--   wrk -tN ... -s bench/wrk/search_1m.lua http://127.0.0.1:PORT -- FILE N
-- The N threads start apart in the list, as bench_search's do. Counts
-- answers that are not 200.
local threads = {}
local targets = {}
local i = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
  local f = assert(io.open(args[1], "r"))
  for line in f:lines() do
    if #line > 0 then table.insert(targets, line) end
  end
  f:close()
  -- id is set by setup() before init().
  i = math.floor(id * #targets / (tonumber(args[2]) or 2))
end

request = function()
  i = i + 1
  return wrk.format("GET", targets[(i % #targets) + 1])
end

response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

done = function(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("non-200 answers: %d\n", total))
end
