package dev.haneul.volume.quota;

import dev.haneul.kit.retry.LostRace;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/**
 * Like {@code common/Writes}, for a request's change that reserves quota: the account's keys are made to exist
 * before the transaction opens (a rebuild takes the account's row exclusively, which the transaction will hold in
 * share mode), each attempt runs in its own transaction with its own {@link Reservations}, a lost race (also Redis
 * losing the keys mid-way, {@link QuotaStateLost}) runs it again as the kit's {@link LostRace} says, and whatever an attempt that did not commit
 * reserved is given back (its holders are set to what the database says).
 */
@ApplicationScoped
public class QuotaWrites {
    private final VolumeQuotas quotas;

    public QuotaWrites(VolumeQuotas quotas) {
        this.quotas = quotas;
    }

    public <T> Uni<T> transactionally(String accountId, Function<Reservations, Uni<T>> work) {
        return LostRace.retried(() -> {
            Reservations attempt = new Reservations(quotas, accountId);
            return quotas.ensure(accountId)
                    .chain(() -> Panache.withTransaction(() -> work.apply(attempt)))
                    .onFailure().call(() -> quotas.giveBack(accountId, attempt.holders()));
        });
    }
}
