/**
 * The instance as stored, which every feature of compute-api reads: the {@code Instance} entity and its states,
 * its scoped lookups ({@code InstanceQueries}), its JSON columns ({@code JsonColumns}), the status checks and the
 * copy of its interface's groups and rules. It depends on no other feature; the {@code /v1/instances} API on top
 * of it is {@code launch}, the saga is {@code saga}.
 */
package dev.haneul.compute.instance;
