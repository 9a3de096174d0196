/**
 * An example plugin, and a usable one: initial peers from a seed list (a file or an {@code https://}
 * URL, optionally signed with Ed25519), chosen by a configuration's {@code [plugins.seed-list]} table.
 * Not in the default distribution: {@code bin/peerset-assemble --plugin} adds it (docs/PLUGINS.md).
 *
 * <p>It needs the API alone among peerset's modules (no Netty, no Guice), SLF4J for its warnings, and
 * the JDK's {@code java.net.http}, which the default runtime image lacks: the reason a distribution
 * with this plugin is assembled, not just given the jar.
 */
module io.peerset.plugin.seedlist {
    requires transitive io.peerset.api;
    requires org.slf4j;
    requires java.net.http;

    exports io.peerset.plugin.seedlist;

    provides io.peerset.api.spi.CandidateSourceProvider with io.peerset.plugin.seedlist.SeedListProvider;
}
