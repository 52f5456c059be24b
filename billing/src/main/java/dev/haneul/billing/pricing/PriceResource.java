package dev.haneul.billing.pricing;

import dev.haneul.billing.metering.MeterKind;
import dev.haneul.billing.pricing.api.PriceView;
import dev.haneul.billing.pricing.api.PutPriceRequest;
import dev.haneul.kit.error.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The price catalogue, for admins: list it and schedule price changes. */
@Path("/v1/billing/prices")
@RolesAllowed("admin")
public class PriceResource {
    private final PriceCatalog catalog;
    private final Clock clock;

    public PriceResource(PriceCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    @GET
    @WithSession
    public Uni<List<PriceView>> list() {
        Instant now = clock.instant();
        return catalog.book().map(book -> book.all().stream()
                .sorted(Comparator.comparing((PriceBook.Point p) -> p.meterKind().id())
                        .thenComparing(PriceBook.Point::priceKey).thenComparing(PriceBook.Point::effectiveFrom))
                .map(p -> PriceView.of(p, book.at(p.meterKind(), p.priceKey(), now)
                        .map(cur -> cur.effectiveFrom().equals(p.effectiveFrom())).orElse(false)))
                .toList());
    }

    @PUT
    @WithTransaction
    public Uni<PriceView> put(@Valid @NotNull PutPriceRequest request) {
        MeterKind kind = request.meterKind() == null ? MeterKind.INSTANCE_RUNNING
                : MeterKind.byId(request.meterKind()).orElseThrow(() -> ApiException.invalidParameter(
                        "Unknown meterKind " + request.meterKind() + "."));
        Instant now = clock.instant();
        return catalog.change(kind, request.priceKey().trim(), request.unitPrice(), request.effectiveFrom())
                .map(p -> PriceView.of(p.toPoint(), !p.effectiveFrom.isAfter(now)));
    }
}
