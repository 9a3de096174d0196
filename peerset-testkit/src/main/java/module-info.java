/**
 * Test support for peerset and for applications built on it, never shipped: scripted remote peers,
 * the transport conformance suite that every transport runs, a JUnit 5 extension that gives each
 * test a virtual-time network ({@code io.peerset.testkit}), and the shared test doubles
 * ({@code io.peerset.testkit.doubles}) — on the in-memory network and virtual-time scheduler of
 * {@code io.peerset.inmemory}, which it re-exports.
 *
 * <p>Depends on the API and the in-memory network alone (plus JUnit and AssertJ, whose types the
 * suite uses), so every module can use it in tests without a reactor cycle (DESIGN.md section 2).
 */
module io.peerset.testkit {
    requires transitive io.peerset.inmemory;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;

    exports io.peerset.testkit;
    exports io.peerset.testkit.doubles;
}
