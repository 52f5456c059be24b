-- Renew: KEYS lock; ARGV owner, ttl ms.
-- Answers 1 when the owner's lock got the new TTL, 0 when it is not theirs.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
