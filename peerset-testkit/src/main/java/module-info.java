/**
 * Test support for peerset and for applications built on it: a virtual-time
 * {@link io.peerset.api.spi.Scheduler}, an in-memory {@link io.peerset.api.spi.Transport} that
 * carries real frames through the API codec, scripted remote peers, and the transport conformance
 * suite that every transport runs.
 *
 * <p>Depends on the API alone (plus JUnit and AssertJ, whose types the suite uses), so every module
 * can use it in tests without a reactor cycle (DESIGN.md section 2).
 */
module io.peerset.testkit {
    requires transitive io.peerset.api;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;

    exports io.peerset.testkit;
}
