-- Release: KEYS lock; ARGV owner.
-- Answers 1 when the owner's lock was deleted, 0 when it is not (or no longer) theirs.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
