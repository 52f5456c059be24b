package dev.haneul.network.vpc.api;

import dev.haneul.network.vpc.Vpc;

/** A VPC as the API shows it (EC2's member names). */
public record VpcView(String vpcId, String ownerId, String cidrBlock, String state, boolean isDefault) {
    public static VpcView of(Vpc v) {
        return new VpcView(v.id, v.accountId, v.cidrBlock, v.state, v.isDefault);
    }
}
