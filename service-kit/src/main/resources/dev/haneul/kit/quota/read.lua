-- Read: what Redis counts for one account, at one instant.
-- KEYS: used and holders of every quota of the ledger.
-- Answers {} when a counter is missing, else per quota {used, {holder, amount, ...}}.
local answer = {}
for q = 1, #KEYS / 2 do
  local used = redis.call('GET', KEYS[2 * q - 1])
  if not used then return {} end
  answer[q] = {used, redis.call('HGETALL', KEYS[2 * q])}
end
return answer
