-- Call the URL's path with the next identity's header on each request, so that the load spreads over
-- many users as it would in production.  Arguments: header name, file with one header value per line,
-- and optionally the method (GET if not given) and the body to send.
local identities, header, method, body, next_identity = {}, nil, "GET", nil, 0

function init(args)
  header = args[1]
  for line in io.lines(args[2]) do identities[#identities + 1] = line end
  method, body = args[3] or "GET", args[4]
end

function request()
  next_identity = next_identity % #identities + 1
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers[header] = identities[next_identity]
  return wrk.format(method, wrk.path, headers, body)
end
