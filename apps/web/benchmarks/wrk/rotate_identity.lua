-- GET the URL's path with the next identity's header on each request, so that the load spreads over
-- many users as it would in production.  Arguments: header name, file with one header value per line.
local identities, header, next_identity = {}, nil, 0

function init(args)
  header = args[1]
  for line in io.lines(args[2]) do identities[#identities + 1] = line end
end

function request()
  next_identity = next_identity % #identities + 1
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers[header] = identities[next_identity]
  return wrk.format("GET", wrk.path, headers)
end
