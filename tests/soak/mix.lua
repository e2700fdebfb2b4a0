-- wrk script of the soak: a mix of page views, pings with valid and
-- invalid idleFor, tampered cookies, expired sessions and anonymous
-- requests. The session cookie comes from the environment (SSEC_COOKIE).
-- Counts 5xx answers per thread; done() prints them for soak.py.
local cookie = os.getenv("SSEC_COOKIE") or ""
local tampered = "session=AAAA" .. string.sub(cookie, 13)
local mix = {
  {"GET", "/app/page.html", cookie},
  {"GET", "/app/page.html", cookie},
  {"GET", "/app/page.html", cookie},
  {"GET", "/session_security/ping?idleFor=0", cookie},
  {"GET", "/session_security/ping?idleFor=3", cookie},
  {"GET", "/session_security/ping?idleFor=abc", cookie},
  {"GET", "/session_security/ping?idleFor=1&idleFor=2", cookie},
  {"GET", "/session_security/ping?idleFor=999999999999", cookie},
  {"POST", "/session_security/ping?idleFor=0", cookie},
  {"GET", "/session_security/ping?page=%2Fapp%2Fpage.html&idleFor=0", cookie},
  {"GET", "/session_security/ping?page=%2Fapp%2Fshort%2Fpage.html", cookie},
  {"GET", "/app/short/page.html", cookie},        -- expired there
  {"GET", "/app/page.html", tampered},            -- anonymous: 401
  {"GET", "/index.html", ""},                     -- anonymous, public
  {"GET", "/session_security/ping", ""},          -- anonymous ping
  {"GET", "/session_security/session-security.js", ""},
}
local counter = 0
server_errors = 0  -- global: done() reads it with thread:get
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function request()
  counter = counter + 1
  local item = mix[(counter % #mix) + 1]
  local headers = {}
  if item[3] ~= "" then headers["Cookie"] = item[3] end
  return wrk.format(item[1], item[2], headers)
end

function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("server_errors")
  end
  io.write(string.format("SOAK requests=%d server_errors=%d socket_errors=%d\n",
    summary.requests, total,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout))
end
