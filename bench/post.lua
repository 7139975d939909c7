-- wrk script for bench/post_tasks.sh: POST /tasks with a new title each time, the description
-- as long as the autosave bench's.
--   usage: wrk -t1 -c32 -d10s -H 'Cookie: access_token=…' -s post.lua BASE_URL/tasks
-- done() prints one line: post.lua: responses N non2xx N

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init()
  created, responses, non2xx = 0, 0, 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  description = string.rep("lorem ipsum ", 9)
end

function request()
  created = created + 1
  local body = string.format('{"title":"Bench task %d","description":"%s"}', created, description)
  return wrk.format(nil, nil, nil, body)
end

function response(status)
  responses = responses + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done()
  local total_responses, total_non2xx = 0, 0
  for _, thread in ipairs(threads) do
    total_responses = total_responses + (thread:get("responses") or 0)
    total_non2xx = total_non2xx + (thread:get("non2xx") or 0)
  end
  io.write(string.format("post.lua: responses %d non2xx %d\n", total_responses, total_non2xx))
end
