package dev.haneul.compute.instance;

/** EC2's instance states with their codes. */
public enum InstanceState {
    PENDING(0, "pending"),
    RUNNING(16, "running"),
    SHUTTING_DOWN(32, "shutting-down"),
    TERMINATED(48, "terminated"),
    STOPPING(64, "stopping"),
    STOPPED(80, "stopped");

    private final int code;
    private final String label;

    InstanceState(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    /** The EC2 name, e.g. {@code shutting-down}. */
    public String label() {
        return label;
    }

    public static InstanceState fromLabel(String label) {
        for (InstanceState s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        return null;
    }

    /** States in which the instance holds vCPU quota (counted over pending and running, as EC2 does). */
    public boolean holdsQuota() {
        return this == PENDING || this == RUNNING || this == STOPPING || this == SHUTTING_DOWN;
    }
}
