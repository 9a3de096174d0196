/**
 * The configuration file of the {@code peerset} command: a zebrad.toml read unchanged (its
 * {@code [network]} section, reference section 3.1) plus peerset's own {@code [peerset]} section.
 *
 * <p>{@link io.peerset.cli.config.ConfigLoader} reads a file into a
 * {@link io.peerset.cli.config.LoadedConfig} (an {@link io.peerset.api.NodeConfig} plus the
 * command-line settings) or fails with a one-line {@link io.peerset.cli.config.ConfigException};
 * {@link io.peerset.cli.config.ConfigWriter} writes any loaded configuration back as a complete,
 * commented file, which {@code peerset config} prints. Both walk the option table
 * ({@link io.peerset.cli.config.FileOptions}: {@link io.peerset.api.NodeOptions} plus the command
 * line's {@code status_interval}) instead of lists of their own, and read and write every value in
 * its one text form ({@link io.peerset.cli.config.OptionText}), which the flags of {@code peerset run}
 * share. {@link io.peerset.cli.config.HumanDuration} and
 * {@link io.peerset.cli.config.SocketAddresses} parse the value formats zebrad uses.
 *
 * <p>Not exported and not opened: nothing here is read reflectively (Jackson builds a tree, which
 * the loader walks by hand). Every type is immutable or stateless, and thread-safe.
 */
package io.peerset.cli.config;
