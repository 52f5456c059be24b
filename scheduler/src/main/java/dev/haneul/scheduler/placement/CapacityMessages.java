package dev.haneul.scheduler.placement;

import java.util.List;

/** EC2's wording of placement errors. */
public final class CapacityMessages {
    public static final String INSUFFICIENT_CAPACITY = "InsufficientInstanceCapacity";

    private CapacityMessages() {
    }

    /** EC2's InsufficientInstanceCapacity message, naming the type, the AZ and the other AZs to try. */
    public static String insufficientCapacity(String instanceType, String az, List<String> zones) {
        List<String> others = zones.stream().filter(z -> !z.equals(az)).toList();
        return "We currently do not have sufficient " + instanceType + " capacity in the Availability Zone you "
                + "requested (" + az + "). Our system will be working on provisioning additional capacity. "
                + "You can currently get " + instanceType + " capacity by not specifying an Availability Zone in "
                + "your request or choosing " + String.join(", ", others) + ".";
    }
}
