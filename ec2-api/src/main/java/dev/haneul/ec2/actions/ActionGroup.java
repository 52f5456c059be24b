package dev.haneul.ec2.actions;

import java.util.List;

/** A family of actions over one kind of resource (instances, VPCs, volumes, …): a bean the registry collects. */
public interface ActionGroup {
    List<Action> actions();
}
