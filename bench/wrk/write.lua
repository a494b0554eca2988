-- write.lua - wrk creates draft listings (POST /api/v1/listings) as an
-- organisation's admin with an API token, and counts the answers: 201
-- (created), 503 (the store was busy; nothing written) and any other.
--
-- Environment: HAMKOR_WRK_TOKEN (an API token, hk_...), HAMKOR_WRK_ORG
-- (the organisation's id).
--
-- Each thread of wrk runs this script in a Lua state of its own, and done()
-- runs in yet another, so the counts are read from the threads at the end
-- (thread:get) rather than from done()'s own globals, which stay zero.
local token = os.getenv("HAMKOR_WRK_TOKEN") or ""
local org = tonumber(os.getenv("HAMKOR_WRK_ORG") or "0")
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  created, busy, other = 0, 0, 0
  n = 0
  wrk.method = "POST"
  wrk.path = "/api/v1/listings"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

-- A valid draft, the API's own example, with a title of its own per request
-- so that no two writes are the same text.
function request()
  n = n + 1
  local body = string.format([[{"org_id":%d,"direction":"offer","kind":"supply","texts":[{"lang":"ru","origin":"original","title":"Корпуса из алюминия, литьё под давлением, партия %d-%d","description":"Отливки до 12 кг, механическая обработка, партии от 500 штук."}],"hs":["7616"],"isic":["2432"],"quantities":[{"kind":"capacity","amount":1200,"unit":"t","period":"year"}],"targets":["KZ","CN"]}]], org, id, n)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  elseif status == 503 then
    busy = busy + 1
  else
    other = other + 1
    if other == 1 then io.stderr:write("write.lua: first answer other than 201/503: " .. status .. " " .. body .. "\n") end
  end
end

function done(summary, latency, requests)
  local c, b, o = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    b = b + t:get("busy")
    o = o + t:get("other")
  end
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("created (201): %d = %.1f writes/s\n", c, c / secs))
  io.write(string.format("busy (503): %d   other answers: %d   socket errors: connect %d read %d write %d timeout %d\n",
    b, o, e.connect, e.read, e.write, e.timeout))
end
