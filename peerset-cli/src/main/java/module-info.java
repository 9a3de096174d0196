/**
 * The {@code peerset} command-line node: picocli commands, and (as they arrive) configuration,
 * status display and JSON output.
 *
 * <p>Nothing is exported: this module is an application, launched as
 * {@code --module io.peerset.cli/io.peerset.cli.PeersetCommand} by the distribution's
 * {@code bin/peerset}. The command package is opened to picocli only, which reads the annotated
 * fields and instantiates the version provider reflectively.
 */
module io.peerset.cli {
    requires io.peerset.api;
    requires io.peerset.core;
    requires info.picocli;
    requires com.fasterxml.jackson.core;

    opens io.peerset.cli to info.picocli;
}
