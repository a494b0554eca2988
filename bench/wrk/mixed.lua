-- mixed.lua - wrk drives the soak (bench/soak.sh) with a mix of what people
-- do: searches in three languages (60 %), listing reads (25 %), the
-- organisation directory (5 %) and new draft listings written with an API
-- token (10 %). Counts answers by class: 2xx, 503 (busy: nothing written)
-- and any other, which the soak treats as a failure.
--
-- Environment: HAMKOR_WRK_TOKEN (hk_...), HAMKOR_WRK_ORG (its organisation),
-- HAMKOR_WRK_LISTINGS (the highest listing id to read).
local token = os.getenv("HAMKOR_WRK_TOKEN") or ""
local org = tonumber(os.getenv("HAMKOR_WRK_ORG") or "0")
local max_listing = tonumber(os.getenv("HAMKOR_WRK_LISTINGS") or "1000")
local threads = {}
local queries = {"aluminium", "%D0%B0%D0%BB%D1%8E%D0%BC%D0%B8%D0%BD%D0%B8%D0%B9", "%E9%93%9D%E5%9E%8B%E6%9D%90",
                 "steel+pipes", "cotton", "%D1%82%D1%80%D1%83%D0%B1%D1%8B", "pump&country=UZ", "bearing&facets=1"}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  ok, busy, other, n = 0, 0, 0, 0
  math.randomseed(os.time() + id)
end

function request()
  n = n + 1
  local r = math.random(100)
  if r <= 60 then
    return wrk.format("GET", "/api/v1/search?q=" .. queries[math.random(#queries)])
  elseif r <= 85 then
    return wrk.format("GET", "/api/v1/listings/" .. math.random(max_listing))
  elseif r <= 90 then
    return wrk.format("GET", "/api/v1/organisations?limit=20")
  end
  local body = string.format([[{"org_id":%d,"direction":"offer","kind":"supply","texts":[{"lang":"en","origin":"original","title":"Soak casting %d-%d"}]}]], org, id, n)
  return wrk.format("POST", "/api/v1/listings",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

function response(status, headers, body)
  -- A listing id that is a draft or gone answers 404: expected here.
  if (status >= 200 and status < 300) or status == 404 then
    ok = ok + 1
  elseif status == 503 then
    busy = busy + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local o, b, x = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); b = b + t:get("busy"); x = x + t:get("other")
  end
  io.write(string.format("answers: ok %d, busy (503) %d, other %d\n", o, b, x))
end
