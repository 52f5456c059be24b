package dev.haneul.volume.quota;

import dev.haneul.volume.common.Failures;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/**
 * Like {@code common/Writes}, for a request's change that reserves quota: the account's keys are made to exist
 * before the transaction opens (a rebuild takes the account's row exclusively, which the transaction will hold in
 * share mode), each attempt runs in its own transaction with its own {@link Reservations}, a conflict (also Redis
 * losing the keys mid-way, {@link QuotaStateLost}) runs it again, and whatever an attempt that did not commit
 * reserved is given back (its holders are set to what the database says).
 */
@ApplicationScoped
public class QuotaWrites {
    private static final int ATTEMPTS = 5;

    private final VolumeQuotas quotas;

    public QuotaWrites(VolumeQuotas quotas) {
        this.quotas = quotas;
    }

    public <T> Uni<T> transactionally(String accountId, Function<Reservations, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Reservations attempt = new Reservations(quotas, accountId);
            return quotas.ensure(accountId)
                    .chain(() -> Panache.withTransaction(() -> work.apply(attempt)))
                    .onFailure().call(() -> quotas.giveBack(accountId, attempt.holders()));
        }).onFailure(Failures::isConflict).retry().atMost(ATTEMPTS - 1);
    }
}
