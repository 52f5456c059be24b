package dev.haneul.compute.account;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant: every resource belongs to exactly one account. */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {
    @Id
    public String accountId;
    public String name;
    public boolean admin;
    public Instant createdAt;
}
