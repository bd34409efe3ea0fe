-- A day's mix of calls through the BFF: list, create, update, delete, each as a random user.
-- Arguments: percentages of creates, updates and deletes (the rest are lists), then a file with one
-- user per line: cookie, TAB, ids of todos to update (commas), TAB, ids of todos to delete (commas).
local users, creates, updates, deletes = {}, 0, 0, 0
-- Globals, so that done() can read each thread's counts through thread:get.
counts = { list = 0, create = 0, update = 0, delete = 0 }

local function ids(field)
  local found = {}
  for id in string.gmatch(field or "", "[^,]+") do found[#found + 1] = id end
  return found
end

function setup(thread)
  threads = threads or {}
  threads[#threads + 1] = thread
end

function init(args)
  creates, updates, deletes = tonumber(args[1]), tonumber(args[2]), tonumber(args[3])
  for line in io.lines(args[4]) do
    local cookie, to_update, to_delete = string.match(line, "^([^\t]*)\t([^\t]*)\t([^\t]*)$")
    users[#users + 1] = { cookie = cookie, to_update = ids(to_update), to_delete = ids(to_delete) }
  end
  math.randomseed(1)
end

local function call(kind, method, path, user, body)
  counts[kind] = counts[kind] + 1
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["cookie"] = user.cookie
  if body then headers["content-type"] = "application/json" end
  return wrk.format(method, path, headers, body)
end

function request()
  local user = users[math.random(#users)]
  local roll = math.random(100)
  if roll <= creates then
    return call("create", "POST", "/api/todos", user, '{"title":"bench todo","priority":"medium"}')
  elseif roll <= creates + updates then
    local id = user.to_update[math.random(#user.to_update)]
    local done = math.random(2) == 1 and "true" or "false"
    return call("update", "PATCH", "/api/todos/" .. id, user, '{"completed":' .. done .. '}')
  elseif roll <= creates + updates + deletes and #user.to_delete > 0 then
    return call("delete", "DELETE", "/api/todos/" .. table.remove(user.to_delete), user)
  end
  return call("list", "GET", "/api/todos", user)
end

function done()
  local totals = { list = 0, create = 0, update = 0, delete = 0 }
  for _, thread in ipairs(threads) do
    for kind in pairs(totals) do totals[kind] = totals[kind] + thread:get("counts")[kind] end
  end
  io.write(string.format("mix: list=%d create=%d update=%d delete=%d\n",
    totals.list, totals.create, totals.update, totals.delete))
end
