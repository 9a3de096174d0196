/**
 * The simulator: {@link io.peerset.sim.Scenario} says what to run, {@link io.peerset.sim.Simulation}
 * runs it on real nodes under virtual time and reports {@link io.peerset.sim.Figures}.
 */
package io.peerset.sim;
