-- Reserve: sets holders of one account's quotas to the amounts claimed, if the quotas allow it.
-- KEYS: used and holders of n quotas (used_1, holders_1, ..., used_n, holders_n), one hash tag.
-- ARGV: n, then per quota: its limit, the least number of its claims to grant, the number m of its claims, and the
--       m claims (holder, amount), in order.
-- A holder's amount is absolute (a retried claim changes nothing) and only growth counts against the limit.
-- A quota whose least number is m is all or nothing: its claims' growth together must fit. Otherwise each claim is
-- granted in order if it fits (a claim that does not is skipped), and at least the least number must be.
-- Answers {0, granted_1, ..., granted_n} when every quota granted its least number (and then changes them all),
-- {-2} when a counter is missing (rebuild first), or {i, used, growth} for the first quota i that cannot
-- (growth: what all its claims would add); then nothing changes.
local n = tonumber(ARGV[1])
local p = 2
local plans = {}
for i = 1, n do
  local used = redis.call('GET', KEYS[2 * i - 1])
  if not used then return {-2} end
  used = tonumber(used)
  local limit, least, m = tonumber(ARGV[p]), tonumber(ARGV[p + 1]), tonumber(ARGV[p + 2])
  p = p + 3
  local claims, growth = {}, 0
  for j = 1, m do
    local holder, amount = ARGV[p], tonumber(ARGV[p + 1])
    p = p + 2
    local delta = amount - tonumber(redis.call('HGET', KEYS[2 * i], holder) or '0')
    claims[j] = {holder, amount, delta}
    growth = growth + delta
  end
  local granted, added = {}, 0
  if least >= m then
    if growth > 0 and used + growth > limit then return {i, used, growth} end
    granted, added = claims, growth
  else
    for _, c in ipairs(claims) do
      if c[3] <= 0 or used + added + c[3] <= limit then
        granted[#granted + 1] = c
        added = added + c[3]
      end
    end
    if #granted < least then return {i, used, growth} end
  end
  plans[i] = {added, granted}
end
local answer = {0}
for i = 1, n do
  for _, c in ipairs(plans[i][2]) do redis.call('HSET', KEYS[2 * i], c[1], c[2]) end
  if plans[i][1] ~= 0 then redis.call('INCRBY', KEYS[2 * i - 1], plans[i][1]) end
  answer[#answer + 1] = #plans[i][2]
end
return answer
