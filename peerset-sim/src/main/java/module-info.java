/**
 * peerset's network simulator: whole Zcash networks of real peerset nodes on the in-memory network
 * under one virtual clock, on one thread, deterministic for a seed
 * ({@link io.peerset.sim.Simulation}, {@link io.peerset.sim.Scenario}), with adversary strategies
 * behind a public SPI ({@link io.peerset.sim.spi.AdversaryStrategyProvider}, found with
 * {@link java.util.ServiceLoader}).
 *
 * <p>The built-in strategies ({@code io.peerset.sim.adversary}) are provided as services and not
 * exported: a scenario names them. The nodes' address book is found by the core through
 * ServiceLoader, so {@code io.peerset.addressbook} must be on the module path at run time.
 */
module io.peerset.sim {
    requires transitive io.peerset.core;
    requires transitive io.peerset.inmemory;

    exports io.peerset.sim;
    exports io.peerset.sim.spi;

    uses io.peerset.sim.spi.AdversaryStrategyProvider;

    provides io.peerset.sim.spi.AdversaryStrategyProvider with
            io.peerset.sim.adversary.Strategies.Poison,
            io.peerset.sim.adversary.Strategies.Sybil,
            io.peerset.sim.adversary.Strategies.SeederPoison,
            io.peerset.sim.adversary.Strategies.Eclipse,
            io.peerset.sim.adversary.Strategies.Silent,
            io.peerset.sim.adversary.Strategies.Slow,
            io.peerset.sim.adversary.Strategies.Fast;
}
