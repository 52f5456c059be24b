package dev.haneul.network.vpc;

import io.smallrye.mutiny.Uni;

/**
 * The {@code default} security group every new VPC gets, made in the transaction that creates the VPC.
 * securitygroup's {@code DefaultSecurityGroup} implements it, so vpc needs nothing of securitygroup's, which
 * (like every feature that lives in a VPC) depends on vpc.
 */
public interface VpcDefaultGroup {
    Uni<Void> create(String accountId, String vpcId);
}
