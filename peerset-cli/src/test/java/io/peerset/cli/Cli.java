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

    /** The line {@code peerset run} prints once its listener is bound. */
    static final java.util.regex.Pattern LISTENING = java.util.regex.Pattern.compile("listening on (\\S+),");

    /**
     * A command running on another thread ({@code peerset run} until its stop trigger).
     *
     * @param out  standard output so far
     * @param err  standard error so far
     * @param exit its exit status once done
     */
    record Running(StringWriter out, StringWriter err, java.util.concurrent.CompletableFuture<Integer> exit) {
        /** @param p a pattern with one group @return the group's first match on standard error, or null */
        String find(java.util.regex.Pattern p) {
            java.util.regex.Matcher m = p.matcher(err.toString());
            return m.find() ? m.group(1) : null;
        }

        /** @return the listener's address once printed, or null */
        String address() {
            return find(LISTENING);
        }
    }

    /**
     * @param args the command line
     * @return the command, started on a pool thread
     */
    static Running start(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        java.util.concurrent.CompletableFuture<Integer> exit = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> PeersetCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args));
        return new Running(out, err, exit);
    }
}
