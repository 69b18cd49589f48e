-- Replays a slice of a file of paths (one a line), in order, one request each:
--   wrk -t1 -s bench/mix.lua http://127.0.0.1:8000 -- FILE FIRST COUNT
-- sends lines FIRST+1 .. FIRST+COUNT, then starts the slice over. The crawler's slice holds more
-- paths than a run can send (bench/mixes.py), so it never starts over; done() reports how many
-- paths were sent and how often the slice started over, for bench/wrk.py to read. (wrk calls
-- request() once before the run to check it: the first path of a slice counts as sent, unsent.)

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local file, first, count = args[1], tonumber(args[2]), tonumber(args[3])
  paths = {}
  local number = 0
  for line in io.lines(file) do
    number = number + 1
    if number > first + count then
      break
    end
    if number > first then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("no path in lines " .. first + 1 .. "-" .. first + count .. " of " .. file)
  end
  -- Globals, so that done() can read them with thread:get().
  sent = 0
  wraps = 0
end

function request()
  local index = sent % #paths
  if index == 0 and sent > 0 then
    wraps = wraps + 1
  end
  sent = sent + 1
  return wrk.format("GET", paths[index + 1])
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format("Mix paths: %d sent, %d wraps\n", thread:get("sent"), thread:get("wraps")))
  end
end
