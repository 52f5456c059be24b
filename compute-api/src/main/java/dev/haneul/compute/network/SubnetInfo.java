package dev.haneul.compute.network;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What compute-api needs to know of a subnet before it accepts a launch into it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubnetInfo(String subnetId, String vpcId, String availabilityZone, String cidrBlock,
        Boolean mapPublicIpOnLaunch) {
}
