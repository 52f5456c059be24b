package dev.haneul.volume.quota;

import jakarta.persistence.OptimisticLockException;

/**
 * Redis lost the account's quota keys between {@link VolumeQuotas#ensure} and the reservation (a flush or a
 * restart). Nothing was reserved; like an optimistic-lock conflict, the whole change is tried again from the
 * start (REST writes and event consumers retry conflicts), and the retry rebuilds the keys first.
 */
public class QuotaStateLost extends OptimisticLockException {
    public QuotaStateLost(String accountId) {
        super("the volume quota keys of account " + accountId + " are missing in Redis");
    }
}
