/**
 * Service-provider interfaces: {@link io.peerset.api.spi.Transport} (with
 * {@link io.peerset.api.spi.Connection} and {@link io.peerset.api.spi.Acceptor}),
 * {@link io.peerset.api.spi.Handshaker}, the {@link io.peerset.api.spi.AddressBook} (with its change
 * model {@link io.peerset.api.spi.AddressChange}), initial-peer {@link io.peerset.api.spi.CandidateSource}s,
 * and the time source {@link io.peerset.api.spi.Scheduler}.
 * Implementations are found with {@link java.util.ServiceLoader} through their {@code *Provider}
 * and chosen by name, else by priority; a provider's {@code create} plans but binds nothing and
 * starts no thread.
 */
package io.peerset.api.spi;
