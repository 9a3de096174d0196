/**
 * The {@code peerset} command-line node: picocli commands, the zebrad.toml-compatible configuration
 * file, and (as they arrive) status display and JSON output.
 *
 * <p>Nothing is exported: this module is an application, launched as
 * {@code --module io.peerset.cli/io.peerset.cli.PeersetCommand} by the distribution's
 * {@code bin/peerset}. The command package is opened to picocli only, which reads the annotated
 * fields and instantiates the version provider reflectively. The configuration package
 * {@code io.peerset.cli.config} and the network census behind {@code peerset crawl},
 * {@code io.peerset.cli.census} (built on the library's exported API only), hold no commands and are
 * neither exported nor opened.
 *
 * <p>Logback is configured by {@link io.peerset.cli.LogbackConfigurator}, which Logback finds as a
 * service.
 *
 * <p>The configuration file is parsed by Jackson's TOML module into a {@code JsonNode} tree (hence
 * databind) and walked by hand; nothing is bound reflectively, so no package is opened to Jackson.
 */
module io.peerset.cli {
    requires io.peerset.api;
    requires io.peerset.core;
    requires io.peerset.sim;
    requires io.peerset.metrics;
    requires info.picocli;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.toml;
    requires org.slf4j;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires jdk.unsupported;
    requires jdk.httpserver;

    opens io.peerset.cli to info.picocli;

    // The command's logging, configured in code (no XML to parse at start-up).
    provides ch.qos.logback.classic.spi.Configurator with io.peerset.cli.LogbackConfigurator;
}
