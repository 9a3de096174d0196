package io.peerset.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.InboundService;
import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetNode;
import io.peerset.api.spi.AddressBook;
import io.peerset.api.spi.AddressBookConfig;
import io.peerset.api.spi.AddressBookContext;
import io.peerset.api.spi.AddressBookProvider;
import io.peerset.api.spi.HandshakeConfig;
import io.peerset.api.spi.Handshaker;
import io.peerset.api.spi.HandshakerProvider;
import io.peerset.api.spi.Scheduler;
import io.peerset.api.spi.Transport;
import io.peerset.api.spi.TransportConfig;
import io.peerset.api.spi.TransportProvider;
import io.peerset.core.PeerSets;
import io.peerset.core.Providers;
import io.peerset.core.Threading;
import io.peerset.core.common.ConnectionConfig;
import io.peerset.core.common.PowerOfTwoChoices;
import io.peerset.wire.PeerServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Every setting of a {@link NodeConfig} reaches the part of the node that uses it: the handshake
 * (what we announce, the nonce set), the connections' timeouts, the address book's bounds and the
 * transport provider's settings, whichever provider it is.
 */
class NodeSettingsTest {

    /** Captures the configuration each SPI gets, then delegates to the real implementation. */
    private static final class Capture implements HandshakerProvider, AddressBookProvider {
        final AtomicReference<HandshakeConfig> handshake = new AtomicReference<>();
        final AtomicReference<AddressBookConfig> book = new AtomicReference<>();
        private final HandshakerProvider handshakers = Providers.handshakerProvider();
        private final AddressBookProvider books = Providers.addressBookProvider();

        @Override
        public String name() {
            return "capture";
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Handshaker create(HandshakeConfig config, Scheduler scheduler, RandomGenerator random) {
            handshake.set(config);
            return handshakers.create(config, scheduler, random);
        }

        @Override
        public AddressBook create(AddressBookConfig config, AddressBookContext context) {
            book.set(config);
            return books.create(config, context);
        }
    }

    private static DefaultNode start(NodeNet n, NodeConfig config, Capture capture) {
        DefaultNode.Parts parts = new DefaultNode.Parts(config, InboundService.nil(), NodeNet.TIP,
                n.net.transport(config.network(), config.listenAddress().ipText()), capture, capture, List.of(),
                PowerOfTwoChoices.INSTANCE);
        CompletableFuture<DefaultNode> starting = NodeStartup.start(parts,
                NodeRuntime.singleThreaded(n.scheduler, n.scheduler, new SplittableRandom(1)));
        n.scheduler.runUntilIdle();
        return starting.join();
    }

    @Test
    void theNonceSetIsBoundedByTheTotalConnectionLimit() {
        NodeNet n = new NodeNet(1);
        Capture capture = new Capture();
        DefaultNode node = start(n, NodeNet.config("10.0.0.1", 50).build(), capture);
        assertThat(capture.handshake.get().nonceSetCapacity()).as("8 × 50").isEqualTo(400);
        node.close();
        n.scheduler.advance(Duration.ofSeconds(10));
    }

    @Test
    void whatWeAnnounceTheTimeoutsAndTheBooksBoundsComeFromTheConfig() {
        NodeNet n = new NodeNet(2);
        Capture capture = new Capture();
        NodeConfig config = NodeNet.config("10.0.0.2", 3).userAgent("/lab:2/").services(PeerServices.NONE)
                .relay(false).requestTimeout(Duration.ofSeconds(7)).handshakeTimeout(Duration.ofSeconds(1))
                .heartbeatInterval(Duration.ofSeconds(30)).inboundServiceTimeout(Duration.ofSeconds(2))
                .addressBookCapacity(123).banDuration(Duration.ofMinutes(10)).maxBannedIps(45)
                .cacheDir(Path.of("/nonexistent/peerset-test")).build();
        DefaultNode node = start(n, config, capture);

        HandshakeConfig handshake = capture.handshake.get();
        assertThat(handshake.userAgent()).isEqualTo("/lab:2/");
        assertThat(handshake.services()).isEqualTo(PeerServices.NONE);
        assertThat(handshake.relay()).isFalse();
        assertThat(handshake.listenAddress()).isEqualTo(node.localAddress());

        assertThat(node.connector().config()).isEqualTo(ConnectionConfig.builder().requestTimeout(Duration.ofSeconds(7))
                .handshakeTimeout(Duration.ofSeconds(1)).heartbeatInterval(Duration.ofSeconds(30))
                .inboundServiceTimeout(Duration.ofSeconds(2)).build());

        AddressBookConfig book = capture.book.get();
        assertThat(book.capacity()).isEqualTo(123);
        assertThat(book.banDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(book.maxBannedIps()).isEqualTo(45);
        assertThat(book.cacheDir()).contains(Path.of("/nonexistent/peerset-test"));
        assertThat(book.localListener()).contains(node.localAddress());
        assertThat(node.addressBook().capacity()).isEqualTo(123);
        node.close();
        n.scheduler.advance(Duration.ofSeconds(10));
    }

    /** A third-party transport provider gets the node's transport settings, as the built-in one does. */
    @Test
    void anyTransportProviderGetsTheNodesTransportSettings() {
        NodeNet n = new NodeNet(3);
        AtomicReference<TransportConfig> seen = new AtomicReference<>();
        TransportProvider thirdParty = new TransportProvider() {
            @Override
            public String name() {
                return "third-party";
            }

            @Override
            public int priority() {
                return -1;
            }

            @Override
            public Transport create(TransportConfig config) {
                seen.set(config);
                return n.net.transport(config, "10.0.0.3");
            }
        };
        NodeConfig config = NodeNet.config("10.0.0.3", 3).ioThreads(2).writeBufferWaterMarks(4_096, 8_192)
                .preferNative(false).build();
        CompletableFuture<PeerSetNode> starting = PeerSets.nodeBuilder(config).transportProvider(thirdParty)
                .scheduler(n.scheduler).threading(Threading.on(n.scheduler)).random(new SplittableRandom(3))
                .candidateSources(List.of()).startAsync();
        n.scheduler.runUntilIdle();
        PeerSetNode node = starting.join();
        assertThat(seen.get().network()).isEqualTo(config.network());
        assertThat(seen.get().ioThreads()).isEqualTo(2);
        assertThat(seen.get().writeBufferLowWaterMark()).isEqualTo(4_096);
        assertThat(seen.get().writeBufferHighWaterMark()).isEqualTo(8_192);
        assertThat(seen.get().preferNative()).isFalse();
        node.close();
        n.scheduler.advance(Duration.ofSeconds(10));
    }
}
