package io.peerset.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerset.api.spi.Acceptor;
import io.peerset.api.spi.CloseReason;
import io.peerset.api.spi.Connection;
import io.peerset.api.spi.ConnectionHandler;
import io.peerset.wire.Message;
import io.peerset.wire.Network;
import io.peerset.wire.PeerAddress;
import io.peerset.wire.PingMessage;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Each link has its own latency, chosen once when it is made and used both ways. */
class LinkLatencyTest {

    private final VirtualScheduler clock = new VirtualScheduler();
    private final InMemoryNetwork net = new InMemoryNetwork(clock);

    /** Records when each message arrives (virtual millis). */
    private final class Arrivals implements ConnectionHandler {
        final List<Long> at = new ArrayList<>();

        @Override
        public void onMessage(Message message) {
            at.add(clock.nanoTime() / 1_000_000);
        }

        @Override
        public void onClosed(CloseReason reason) {
        }
    }

    @Test
    void aLinkKeepsTheLatencyChosenForItBothWaysAndEachLinkGetsItsOwn() {
        List<String> asked = new ArrayList<>();
        net.linkLatency((InetAddress dialer, PeerAddress listener) -> {
            asked.add(dialer.getHostAddress() + "->" + listener.ipText());
            return listener.ipText().equals("10.0.0.2") ? Duration.ofMillis(30) : Duration.ofMillis(5);
        });
        PeerAddress b = PeerAddress.parse("10.0.0.2:8233");
        PeerAddress c = PeerAddress.parse("10.0.0.3:8233");
        CompletableFuture<Acceptor> lb = net.transport(Network.MAINNET, "10.0.0.2").listen(b);
        CompletableFuture<Acceptor> lc = net.transport(Network.MAINNET, "10.0.0.3").listen(c);
        clock.runUntilIdle();
        InMemoryTransport a = net.transport(Network.MAINNET, "10.0.0.1");

        CompletableFuture<Connection> toB = a.connect(b, Duration.ofSeconds(5));
        CompletableFuture<Connection> atB = lb.join().accept();
        clock.advance(Duration.ofMillis(59));
        assertThat(toB).isNotDone(); // the connect takes one latency there and one back
        clock.advance(Duration.ofMillis(1));
        assertThat(toB).isCompleted();
        CompletableFuture<Connection> toC = a.connect(c, Duration.ofSeconds(5));
        CompletableFuture<Connection> atC = lc.join().accept();
        clock.advance(Duration.ofMillis(10));
        assertThat(toC).isCompleted();
        assertThat(asked).containsExactly("10.0.0.1->10.0.0.2", "10.0.0.1->10.0.0.3");

        Arrivals atServer = new Arrivals();
        Arrivals atClient = new Arrivals();
        Connection client = toB.join();
        Connection server = atB.join();
        server.attach(atServer);
        server.request(Long.MAX_VALUE);
        client.attach(atClient);
        client.request(Long.MAX_VALUE);
        long start = clock.nanoTime() / 1_000_000;
        client.send(new PingMessage(1));
        clock.advance(Duration.ofMillis(100));
        server.send(new PingMessage(2));
        clock.advance(Duration.ofMillis(100));
        assertThat(atServer.at).containsExactly(start + 30);
        assertThat(atClient.at).containsExactly(start + 130);

        Arrivals atC2 = new Arrivals();
        Connection serverC = atC.join();
        serverC.attach(atC2);
        serverC.request(Long.MAX_VALUE);
        long t = clock.nanoTime() / 1_000_000;
        toC.join().send(new PingMessage(3));
        clock.advance(Duration.ofMillis(50));
        assertThat(atC2.at).containsExactly(t + 5);
    }
}
