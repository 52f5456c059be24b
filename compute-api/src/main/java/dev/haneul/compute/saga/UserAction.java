package dev.haneul.compute.saga;

import dev.haneul.compute.instance.Instance;
import dev.haneul.compute.instance.InstanceState;
import dev.haneul.kit.error.ApiException;

/**
 * What a user may do to an instance, and from which states: the one statement of each rule, with EC2's error
 * when it is refused. {@link #check} is what a batch runs over every instance before it changes any, and what
 * each transition of {@link InstanceLifecycle} runs first, so the two can never disagree.
 */
public enum UserAction {
    /** From running; stopping or stopped already: nothing to do; pending: EC2's own wording. */
    STOP("stopped") {
        @Override
        public boolean check(Instance i) {
            if (i.state == InstanceState.PENDING) {
                throw ApiException.conflict("IncorrectInstanceState", "The instance '" + i.instanceId
                        + "' is not in a state from which it can be stopped (pending).");
            }
            return switch (i.state) {
                case RUNNING -> true;
                case STOPPING, STOPPED -> false;
                default -> throw incorrectState(i);
            };
        }
    },
    /** From stopped; pending or running already: nothing to do. */
    START("started") {
        @Override
        public boolean check(Instance i) {
            return switch (i.state) {
                case STOPPED -> true;
                case PENDING, RUNNING -> false;
                default -> throw incorrectState(i);
            };
        }
    },
    /** From running only. */
    REBOOT("rebooted") {
        @Override
        public boolean check(Instance i) {
            if (i.state != InstanceState.RUNNING) {
                throw incorrectState(i);
            }
            return true;
        }
    },
    /** From any state but shutting-down and terminated (nothing to do), unless termination protection is on. */
    TERMINATE("terminated") {
        @Override
        public boolean check(Instance i) {
            if (i.state == InstanceState.TERMINATED || i.state == InstanceState.SHUTTING_DOWN) {
                return false;
            }
            if (i.disableApiTermination) {
                throw ApiException.badRequest("OperationNotPermitted", "The instance '" + i.instanceId
                        + "' may not be terminated. Modify its 'disableApiTermination' instance attribute and try "
                        + "again.");
            }
            return true;
        }
    };

    private final String verb;

    UserAction(String verb) {
        this.verb = verb;
    }

    /**
     * True when the action changes the instance, false when it is there already; EC2's error when refused.
     * Changes nothing: a batch checks every instance first.
     */
    public abstract boolean check(Instance i);

    ApiException incorrectState(Instance i) {
        return ApiException.conflict("IncorrectInstanceState", "The instance '" + i.instanceId
                + "' is not in a state from which it can be " + verb + " (" + i.state.label() + ").");
    }
}
