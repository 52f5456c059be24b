package dev.haneul.billing.budget;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** A monthly cost budget of an account with its thresholds. */
@Entity
@Table(name = "budget")
public class Budget extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "budget_name")
    public String budgetName;
    @Column(name = "amount_usd")
    public BigDecimal amountUsd;
    public String thresholds;
    @Column(name = "created_at")
    public Instant createdAt;
}
