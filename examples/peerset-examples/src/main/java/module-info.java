/**
 * The README's code, compiled by every build: each Java block of README.md (and docs/PLUGINS.md) is a
 * tagged region of a source file here ({@code // tag::name[]} ... {@code // end::name[]}), and
 * {@code ReadmeSnippetsTest} fails when a block differs from its region, so the two cannot drift. The
 * code needs only the modules' exported API, as an application's would, and some of it runs in this
 * module's tests.
 *
 * <p>The README's plugin example is this module's own descriptor: it {@code provides} the
 * {@code registry} candidate source (a plugin: used only when a configuration has {@code [plugins.registry]}).
 */
// tag::plugin-module[]
module io.peerset.examples {
    requires io.peerset.api;
    // end::plugin-module[]
    requires io.peerset.core;
    requires io.peerset.plugin.seedlist;
    requires org.slf4j;

    // the address book example asks ServiceLoader for the provider itself
    uses io.peerset.api.spi.AddressBookProvider;

    // tag::plugin-module[]
    provides io.peerset.api.spi.CandidateSourceProvider with io.peerset.examples.RegistrySourceProvider;
}
// end::plugin-module[]
