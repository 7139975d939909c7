-- wrk script for logins_vs_reads.sh: POST /session with one account's right password, over and over.
--   usage: wrk -t1 -c8 -d10s -s bench/login.lua BASE_URL/session -- EMAIL PASSWORD
-- Each connection is one login loop: it sends the next login as soon as the last one is answered.

local login

function init(args)
  local body = string.format('{"email":"%s","password":"%s"}', args[1], args[2])
  login = wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

function request()
  return login
end
