/** The built-in adversary strategies, provided as {@link io.peerset.sim.spi.AdversaryStrategyProvider} services. */
package io.peerset.sim.adversary;
