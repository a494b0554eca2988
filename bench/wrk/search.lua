-- search.lua - wrk rotates through real queries (ru, zh, en, uz, kk, with
-- and without filters), so the server is not answering one query from a
-- warm cache. Counts answers that are not 200.
local queries = {
  "алюминий", "алюминиевые профили", "铝型材", "aluminium profiles", "подшипник",
  "轴承", "bearings", "trактор", "тракторы", "拖拉机", "cotton yarn", "хлопковая пряжа",
  "棉纱", "paxta ipi", "мақта", "cement", "цемент", "水泥", "steel pipes", "стальные трубы",
  "钢管", "solar panels", "солнечные панели", "太阳能电池板", "pumps", "насосы", "泵",
  "fertiliser", "удобрения", "化肥", "alumin", "подшип", "текстил", "machinery&country=KZ",
  "станки&country=CN", "机床&direction=request", "wool&hs=5101", "cables&country=RU&country=UZ",
}
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
  local q = queries[(i % #queries) + 1]
  local amp = string.find(q, "&", 1, true)
  local text, rest = q, ""
  if amp then text, rest = string.sub(q, 1, amp - 1), string.sub(q, amp) end
  return wrk.format("GET", "/api/v1/search?limit=20&q=" .. text:gsub("[^%w]", function(c)
    return string.format("%%%02X", string.byte(c)) end) .. rest)
end
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("non-200 answers: %d\n", total))
end
