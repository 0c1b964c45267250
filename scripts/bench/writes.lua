-- wrk script for scripts/bench.sh: authenticated writes against the seed-scale data.
-- wrk -s writes.lua URL -- <support|ballot|booking> <bench file of `uri-dongne seed-scale`>
-- Each request takes the next resident's token in turn; bookings take distinct half-hour slots
-- (from 5 days ahead, 09:00–22:00, over the hot dong's three spaces: 28,080 slots within the
-- seeded spaces' year-long horizon), so a refusal means the server failed a valid booking.
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  kind = args[1]
  tokens, items, spaces = {}, {}, {}
  for line in io.lines(args[2]) do
    local key, rest = line:match("^(%S+)%s+(.*)$")
    if key == "token" then
      local _, token = rest:match("^(%S+)%s+(%S+)$")
      table.insert(tokens, token)
    elseif key == "proposals" then
      first, last = rest:match("^(%d+)%s+(%d+)$")
      first, last = tonumber(first), tonumber(last)
    elseif key == "item" then
      local fields = {}
      for n in rest:gmatch("%d+") do table.insert(fields, tonumber(n)) end
      table.insert(items, fields)
    elseif key == "spaces" then
      for n in rest:gmatch("%d+") do table.insert(spaces, tonumber(n)) end
    end
  end
  n = 0
  stride = 8 -- more than wrk's threads
  math.randomseed(id * 7919)
end

local function headers(token)
  return { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
end

function request()
  n = n + 1
  local token = tokens[(n * 7 + id) % #tokens + 1]
  if kind == "support" then
    local p = math.random(first, last)
    return wrk.format("POST", "/api/v1/proposals/" .. p .. "/support", headers(token), "")
  elseif kind == "ballot" then
    local item = items[math.random(1, #items)]
    local option = item[math.random(2, #item)]
    return wrk.format("POST", "/api/v1/agenda-items/" .. item[1] .. "/ballot", headers(token),
      '{"options":[' .. option .. ']}')
  else
    local slot = n * stride + id              -- distinct across threads
    local per_day = 26                        -- half hours from 09:00 to 22:00
    local space = spaces[slot % #spaces + 1]
    local k = math.floor(slot / #spaces)
    local day = 5 + math.floor(k / per_day)
    local half = k % per_day
    local date = os.date("!%Y-%m-%d", os.time() + 9 * 3600 + day * 86400)
    local hh, mm = 9 + math.floor(half / 2), (half % 2) * 30
    local starts = string.format("%sT%02d:%02d:00+09:00", date, hh, mm)
    local eh, em = hh + math.floor((mm + 30) / 60), (mm + 30) % 60
    local ends = string.format("%sT%02d:%02d:00+09:00", date, eh, em)
    return wrk.format("POST", "/api/v1/spaces/" .. space .. "/bookings", headers(token),
      '{"starts_at":"' .. starts .. '","ends_at":"' .. ends .. '","purpose":"bench","attendees":4}')
  end
end
