/**
 * The simulator's service provider interface: adversary strategies
 * ({@link io.peerset.sim.spi.AdversaryStrategyProvider}, found with {@link java.util.ServiceLoader}),
 * which plug a behaviour into real peerset nodes.
 */
package io.peerset.sim.spi;
