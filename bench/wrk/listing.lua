-- listing.lua - wrk reads listings by id, spread over the first
-- HAMKOR_WRK_IDS ids (default 10000), and counts answers that are not 200.
local n = tonumber(os.getenv("HAMKOR_WRK_IDS") or "10000")
local i = 0
local threads = {}

-- Each wrk thread runs this script in a Lua state of its own and done()
-- in another, so done() reads the threads' counts (thread:get): its own
-- global would stay zero.
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
end

request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/listings/" .. ((i * 7919) % n + 1))
end
response = function(status, headers, body)
  if status ~= 200 and status ~= 404 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("answers other than 200/404: %d\n", total))
end
