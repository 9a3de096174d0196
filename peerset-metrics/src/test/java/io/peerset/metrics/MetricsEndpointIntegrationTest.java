package io.peerset.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.peerset.api.ChainTip;
import io.peerset.api.InboundService;
import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetConfig;
import io.peerset.api.PeerSetException;
import io.peerset.api.PeerSetNode;
import io.peerset.wire.Network;
import io.peerset.wire.NetworkUpgrade;
import io.peerset.wire.PeerAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real nodes over TCP on 127.0.0.1 ({@code PeerSets.nodeBuilder} through {@link CoreLayer}, the Netty transport and the default
 * address book found on the module path), their metrics served by a {@link PrometheusEndpoint} and
 * scraped with {@link HttpClient}.
 */
@Timeout(30)
class MetricsEndpointIntegrationTest {

    private static final Network NETWORK = Network.MAINNET;
    private static final ChainTip TIP = ChainTip.fixed(2_500_000, NetworkUpgrade.NU6_2, false);
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Loopback nodes share one IP, so the per-IP limit is raised; no DNS, no cache; quick crawls. */
    private static NodeConfig.Builder config(List<PeerAddress> peers) {
        return NodeConfig.builder(NETWORK).listenAddress(PeerAddress.parse("127.0.0.1:0")).noCache()
                .dnsSeeding(false).initialPeers(peers.stream().map(PeerAddress::toString).toList())
                .peerSet(PeerSetConfig.builder(NETWORK).initialTargetSize(4).maxConnectionsPerIp(50).build())
                .acceptPacing(Duration.ofMillis(10), Duration.ofMillis(10))
                .crawlInterval(Duration.ofSeconds(1)).crawlRateLimit(Duration.ofMillis(200));
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(0, resource); // closed in reverse order of opening
        return resource;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private HttpResponse<String> send(PrometheusEndpoint endpoint, String method, String path)
            throws IOException, InterruptedException {
        InetSocketAddress address = endpoint.address();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Double> scrape(PrometheusEndpoint endpoint) throws IOException, InterruptedException {
        HttpResponse<String> response = send(endpoint, "GET", "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return Scrapes.parse(response.body());
    }

    /**
     * Metrics of node A; B starts with A as its only peer and dials it (A's inbound 0 → 1, a
     * handshake, a peer added); A learns B's listener from B's version message and dials it back on
     * its next crawl (A's outbound 0 → 1).
     */
    @Test
    void scrapedValuesMoveAsAPeerConnects() throws Exception {
        PeerSetNode a = closeLater(CoreLayer.start(config(List.of()).build(), InboundService.nil(), TIP));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        closeLater(NodeMetrics.bind(a, registry));
        PrometheusEndpoint endpoint = closeLater(PrometheusEndpoint.start(ANY_LOOPBACK_PORT, registry));
        assertThat(endpoint.address().getPort()).isPositive();

        // the crawler's first demand holds slots only while it finds no candidate
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> scrape(endpoint).get("peerset_connections{direction=\"outbound\"}") == 0.0);
        Map<String, Double> before = scrape(endpoint);
        assertThat(before).containsEntry("peerset_connections{direction=\"inbound\"}", 0.0)
                .containsEntry("peerset_peers{state=\"ready\"}", 0.0)
                .containsEntry("peerset_handshakes_total{outcome=\"ok\"}", 0.0)
                .containsEntry("peerset_peers_added_total{direction=\"inbound\"}", 0.0)
                .containsEntry("peerset_minimum_peer_version", (double) a.status().peerSet().minimumVersion());
        assertThat(before.get("peerset_minimum_peer_version")).isGreaterThanOrEqualTo(NETWORK.initialMinimumPeerVersion());

        PeerSetNode b = closeLater(CoreLayer.start(config(List.of(a.localAddress())).build(), InboundService.nil(), TIP));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(scrape(endpoint)).containsEntry("peerset_connections{direction=\"inbound\"}", 1.0)
                        .containsEntry("peerset_peers_added_total{direction=\"inbound\"}", 1.0));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(scrape(endpoint)).containsEntry("peerset_connections{direction=\"outbound\"}", 1.0)
                        .containsEntry("peerset_peers_added_total{direction=\"outbound\"}", 1.0));
        // status-derived meters are sampled at most once a second (NodeMetrics), event counters at once
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Map<String, Double> after = scrape(endpoint);
            assertThat(after.get("peerset_handshakes_total{outcome=\"ok\"}")).isGreaterThanOrEqualTo(2.0);
            assertThat(after.get("peerset_address_book_records{state=\"connected\"}")).isGreaterThanOrEqualTo(1.0);
            assertThat(after.get("peerset_peers{state=\"ready\"}") + after.get("peerset_peers{state=\"busy\"}")
                    + after.get("peerset_peers{state=\"checking\"}")).isEqualTo(2.0);
        });
        assertThat(before.get("peerset_messages_total{command=\"version\",direction=\"received\"}")).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Double> moved = scrape(endpoint);
            assertThat(moved.get("peerset_messages_total{command=\"version\",direction=\"received\"}"))
                    .as("the inbound peer's version").isGreaterThanOrEqualTo(1.0);
            assertThat(moved.get("peerset_messages_total{command=\"verack\",direction=\"sent\"}")).isGreaterThanOrEqualTo(2.0);
            assertThat(moved.get("peerset_message_bytes_total{command=\"version\",direction=\"sent\"}"))
                    .isGreaterThan(24.0 * 2);
            assertThat(moved.get("peerset_address_book_transitions_total{to=\"connected\"}")).isGreaterThanOrEqualTo(1.0);
        });

        HttpResponse<String> response = send(endpoint, "GET", "/metrics");
        assertThat(response.headers().firstValue("Content-Type")).contains(PrometheusEndpoint.CONTENT_TYPE);
        System.out.println("--- scrape of node A after B connected ---");
        response.body().lines().filter(l -> l.startsWith("peerset_")).forEach(System.out::println);
        assertThat(b.status().outbound()).isEqualTo(1);
    }

    @Test
    void onlyGetMetricsIsServed() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("test.requests").increment();
        PrometheusEndpoint endpoint = closeLater(PrometheusEndpoint.start(ANY_LOOPBACK_PORT, registry));

        HttpResponse<String> ok = send(endpoint, "GET", "/metrics?name[]=x");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(ok.body()).contains("test_requests_total 1.0");

        assertThat(send(endpoint, "GET", "/").statusCode()).isEqualTo(404);
        assertThat(send(endpoint, "GET", "/metricsx").statusCode()).isEqualTo(404);
        assertThat(send(endpoint, "GET", "/metrics/x").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send(endpoint, "POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET");
        assertThat(send(endpoint, "DELETE", "/metrics").statusCode()).isEqualTo(405);

        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("peerset-metrics-http-"))
                .isNotEmpty().hasSizeLessThanOrEqualTo(PrometheusEndpoint.THREADS).allMatch(Thread::isDaemon);
    }

    @Test
    void aBusyPortIsOneClearError() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusEndpoint first = closeLater(PrometheusEndpoint.start(ANY_LOOPBACK_PORT, registry));
        int port = first.address().getPort();
        assertThatThrownBy(() -> closeLater(PrometheusEndpoint.start(new InetSocketAddress("127.0.0.1", port), registry)))
                .isInstanceOf(PeerSetException.class)
                .hasMessage("cannot serve metrics on 127.0.0.1:" + port + ": address already in use (another process"
                        + " holds it; choose another address)");
    }

    @Test
    void closeStopsAtOnceReleasesThePortAndIsIdempotent() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusEndpoint endpoint = PrometheusEndpoint.start(ANY_LOOPBACK_PORT, registry);
        int port = endpoint.address().getPort();
        assertThat(send(endpoint, "GET", "/metrics").statusCode()).isEqualTo(200);

        long start = System.nanoTime();
        endpoint.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        endpoint.close();
        assertThatThrownBy(() -> send(endpoint, "GET", "/metrics")).isInstanceOf(IOException.class);

        PrometheusEndpoint again = closeLater(PrometheusEndpoint.start(new InetSocketAddress("127.0.0.1", port), registry));
        assertThat(again.address().getPort()).isEqualTo(port);
    }
}
