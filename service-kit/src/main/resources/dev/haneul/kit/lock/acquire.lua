-- Acquire: KEYS lock, fence; ARGV owner, ttl ms.
-- Answers the fencing token (never below Redis's clock in microseconds, never below the last one + 1), or -1 when
-- another owner holds the lock.
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return -1 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local token = math.max(tonumber(redis.call('GET', KEYS[2]) or '0') + 1, now)
redis.call('SET', KEYS[2], string.format('%d', token))
return token
