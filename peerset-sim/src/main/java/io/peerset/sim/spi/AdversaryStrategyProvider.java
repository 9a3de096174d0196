package io.peerset.sim.spi;

import java.util.Map;

/**
 * Names and creates an {@link AdversaryStrategy}: the service a researcher provides (in
 * {@code module-info.java}: {@code provides io.peerset.sim.spi.AdversaryStrategyProvider with ...}, or
 * {@code META-INF/services} on the class path) to add a strategy without touching peerset. A scenario
 * names it in {@code [[adversary]] strategy = "name"}; its {@code [adversary.parameters]} table arrives
 * in {@link #create}.
 *
 * <p>Threading: {@link #create} is called on the simulation's thread, for each adversary group once
 * to check its parameters before anything runs and once per run (compare mode runs twice), so that
 * runs share no strategy state.
 */
public interface AdversaryStrategyProvider {

    /** @return the name scenarios use, lower case, e.g. {@code "poison"} */
    String name();

    /** @return one line for {@code peerset simulate --strategies} and the docs */
    String description();

    /**
     * @param parameters the group's parameters, by name, as written in the scenario
     * @return a strategy for one group
     * @throws IllegalArgumentException naming the parameter, its value and what was expected, for an
     *         unknown parameter or a bad value
     */
    AdversaryStrategy create(Map<String, String> parameters);
}
