-- Sync: sets the named holders of one account to what they should hold, in every quota (absent: removed).
-- KEYS: used and holders of every quota of the ledger.
-- ARGV: k, the k holder ids, then triples (quota index from 1, holder, amount) of what those holders should hold.
-- Answers -2 when a counter is missing (the rebuild reads the truth anyway; nothing changes), else how many
-- entries changed. Every counter stays the sum of its holders.
for i = 1, #KEYS, 2 do if redis.call('EXISTS', KEYS[i]) == 0 then return -2 end end
local k = tonumber(ARGV[1])
local want = {}
local p = k + 2
while p <= #ARGV do
  want[ARGV[p] .. '|' .. ARGV[p + 1]] = tonumber(ARGV[p + 2])
  p = p + 3
end
local changed = 0
for q = 1, #KEYS / 2 do
  for j = 2, k + 1 do
    local h = ARGV[j]
    local cur = tonumber(redis.call('HGET', KEYS[2 * q], h) or '0')
    local w = want[q .. '|' .. h] or 0
    if cur ~= w then
      if w == 0 then redis.call('HDEL', KEYS[2 * q], h) else redis.call('HSET', KEYS[2 * q], h, w) end
      redis.call('INCRBY', KEYS[2 * q - 1], w - cur)
      changed = changed + 1
    end
  end
end
return changed
