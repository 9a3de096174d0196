package io.peerset.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code peerset} command in-process, as the tests of every subcommand do. */
final class Cli {

    private Cli() {
    }

    /**
     * What one run printed and returned.
     *
     * @param exitCode the exit status {@link PeersetCommand#run} returned
     * @param out      standard output
     * @param err      standard error
     */
    record Result(int exitCode, String out, String err) {
    }

    /**
     * @param args the command line
     * @return the exit status and both outputs
     */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = PeersetCommand.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
