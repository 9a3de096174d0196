/**
 * Test support for peerset and for applications built on it, never shipped: scripted remote peers,
 * and the transport conformance suite that every transport runs — on the in-memory network and
 * virtual-time scheduler of {@code io.peerset.inmemory}, which it re-exports.
 *
 * <p>Depends on the API and the in-memory network alone (plus JUnit and AssertJ, whose types the
 * suite uses), so every module can use it in tests without a reactor cycle (DESIGN.md section 2).
 */
module io.peerset.testkit {
    requires transitive io.peerset.inmemory;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;

    exports io.peerset.testkit;
}
