-- Rebuild: rewrites one account's holders and counters from the database's truth.
-- KEYS: used and holders of every quota of the ledger.
-- ARGV: force (1) or only if a counter is missing (0), then per quota the number m of its holders and the m
--       holders (id, amount).
-- Answers -1 when nothing was missing (and not forced; nothing changes), else how many quotas differed from the
-- truth (drift).
if ARGV[1] == '0' then
  local missing = false
  for i = 1, #KEYS, 2 do if redis.call('EXISTS', KEYS[i]) == 0 then missing = true end end
  if not missing then return -1 end
end
local p = 2
local drift = 0
for q = 1, #KEYS / 2 do
  local m = tonumber(ARGV[p])
  p = p + 1
  local before = redis.call('GET', KEYS[2 * q - 1])
  local same = before ~= false and redis.call('HLEN', KEYS[2 * q]) == m
  local sum = 0
  local holders = {}
  for j = 1, m do
    local h, a = ARGV[p], ARGV[p + 1]
    if same and tonumber(redis.call('HGET', KEYS[2 * q], h) or '0') ~= tonumber(a) then same = false end
    holders[j] = {h, a}
    sum = sum + tonumber(a)
    p = p + 2
  end
  redis.call('DEL', KEYS[2 * q])
  for _, e in ipairs(holders) do redis.call('HSET', KEYS[2 * q], e[1], e[2]) end
  redis.call('SET', KEYS[2 * q - 1], sum)
  if not same or tonumber(before) ~= sum then drift = drift + 1 end
end
return drift
