-- listing.lua - wrk reads listings by id, spread over the first
-- HAMKOR_WRK_IDS ids (default 10000), and counts answers that are not 200.
local n = tonumber(os.getenv("HAMKOR_WRK_IDS") or "10000")
local i = 0
local bad = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/listings/" .. ((i * 7919) % n + 1))
end
response = function(status, headers, body)
  if status ~= 200 and status ~= 404 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("answers other than 200/404: %d\n", bad))
end
