-- Repair: sets the holders that still hold what was seen to the database's amount, then every counter to the sum
-- of its holders.
-- KEYS: used and holders of every quota of the ledger.
-- ARGV: quadruples (quota index from 1, holder, the amount Redis was seen holding, the database's; 0 = none).
-- Answers -2 when a counter is missing (the rebuild reads the truth), else {holders changed, then per quota the
-- counter before and after}.
for i = 1, #KEYS, 2 do if redis.call('EXISTS', KEYS[i]) == 0 then return -2 end end
local changed = 0
for i = 1, #ARGV, 4 do
  local holders = KEYS[2 * tonumber(ARGV[i])]
  if tonumber(redis.call('HGET', holders, ARGV[i + 1]) or '0') == tonumber(ARGV[i + 2]) then
    if tonumber(ARGV[i + 3]) == 0 then redis.call('HDEL', holders, ARGV[i + 1])
    else redis.call('HSET', holders, ARGV[i + 1], ARGV[i + 3]) end
    changed = changed + 1
  end
end
local answer = {changed}
for q = 1, #KEYS / 2 do
  local sum = 0
  for _, v in ipairs(redis.call('HVALS', KEYS[2 * q])) do sum = sum + tonumber(v) end
  answer[#answer + 1] = tonumber(redis.call('GET', KEYS[2 * q - 1]))
  answer[#answer + 1] = sum
  redis.call('SET', KEYS[2 * q - 1], sum)
end
return answer
