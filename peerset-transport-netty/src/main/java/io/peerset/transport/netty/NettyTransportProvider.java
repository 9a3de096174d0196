package io.peerset.transport.netty;

import static java.util.Objects.requireNonNull;

import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.api.spi.TransportProvider;

/**
 * The TCP transport on Netty, found by {@link java.util.ServiceLoader} through this module's
 * {@code provides} clause: name {@value NettyTransportConstants#PROVIDER_NAME}, priority
 * {@value NettyTransportConstants#PROVIDER_PRIORITY}.
 *
 * <p>{@link #create(TransportConfig)} only plans: it binds nothing and starts no thread; the
 * transport creates its event loops on first use. Thread-safe and stateless.
 */
public final class NettyTransportProvider implements TransportProvider {

    /** Found by {@link java.util.ServiceLoader}. */
    public NettyTransportProvider() {
    }

    @Override
    public String name() {
        return NettyTransportConstants.PROVIDER_NAME;
    }

    @Override
    public int priority() {
        return NettyTransportConstants.PROVIDER_PRIORITY;
    }

    @Override
    public Transport create(TransportConfig config) {
        return new NettyTransport(requireNonNull(config, "config"));
    }
}
