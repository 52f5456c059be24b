package dev.haneul.compute.catalog;

import java.math.BigDecimal;

/** One instance type of the catalogue, with EC2's member names. */
public record InstanceType(String instanceType, String family, int vcpus, long memoryMib, int gpus, String gpuModel,
        int localStorageGb, String networkPerformance, boolean burstable, String architecture) {

    public BigDecimal memoryGib() {
        return BigDecimal.valueOf(memoryMib).divide(BigDecimal.valueOf(1024));
    }
}
