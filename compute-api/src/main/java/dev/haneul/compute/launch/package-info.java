/**
 * The {@code /v1/instances} feature, on top of the others: {@code InstanceResource} (HTTP only), RunInstances
 * ({@code LaunchService}), the lifecycle actions ({@code LifecycleService}), ModifyInstanceAttribute
 * ({@code ModifyService}) and the requests and views in {@code api}. Nothing else depends on it.
 */
package dev.haneul.compute.launch;
