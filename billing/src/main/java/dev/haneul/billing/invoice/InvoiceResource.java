package dev.haneul.billing.invoice;

import dev.haneul.billing.invoice.api.InvoiceView;
import dev.haneul.billing.usage.Periods;
import dev.haneul.kit.auth.Caller;
import dev.haneul.kit.paging.Page;
import dev.haneul.kit.paging.PageRequest;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/** The caller's invoices, one per closed UTC month. */
@Path("/v1/billing/invoices")
@Authenticated
public class InvoiceResource {
    private final InvoiceService invoices;
    private final Caller caller;

    public InvoiceResource(InvoiceService invoices, Caller caller) {
        this.invoices = invoices;
        this.caller = caller;
    }

    /** The page of invoices and the token of the next page. */
    public record InvoicesView(List<InvoiceView> invoices, String nextToken) {
    }

    @GET
    public Uni<InvoicesView> list(@QueryParam("limit") Integer limit, @QueryParam("nextToken") String nextToken) {
        PageRequest paging = PageRequest.of(limit, nextToken, PageRequest.MAX, key -> key.size() == 1);
        return invoices.invoices(caller.accountId()).map(all -> {
            Page<InvoiceView> page = paging.slice(all, InvoiceView::billingMonth);
            return new InvoicesView(page.items(), page.nextToken());
        });
    }

    @GET
    @Path("/{month}")
    public Uni<InvoiceView> get(@PathParam("month") String month) {
        return invoices.invoice(caller.accountId(), Periods.month(month));
    }
}
