package dev.haneul.billing.budget;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A threshold of a budget crossed in a month; written once (INSERT IGNORE), which makes the event once. */
@Entity
@Table(name = "budget_crossing")
public class BudgetCrossing extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "budget_id")
    public String budgetId;
    @Column(name = "billing_month")
    public String billingMonth;
    public int percent;
    @Column(name = "threshold_type")
    public String thresholdType;
    @Column(name = "crossed_at")
    public Instant crossedAt;
}
