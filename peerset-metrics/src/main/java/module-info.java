/**
 * peerset's metrics: a running node's status and its peer set's events as Micrometer meters
 * ({@link io.peerset.metrics.NodeMetrics}), and a minimal Prometheus scrape endpoint on the JDK's
 * HTTP server ({@link io.peerset.metrics.PrometheusEndpoint}).
 *
 * <p>{@code requires transitive micrometer.core}: {@code NodeMetrics.bind} takes a Micrometer
 * {@code MeterRegistry}, so every reader of this module needs Micrometer's core too; likewise
 * {@code micrometer.registry.prometheus} ({@code PrometheusEndpoint.start} takes a
 * {@code PrometheusMeterRegistry}) and {@code io.peerset.api} ({@code PeerSetNode}). Micrometer's jars
 * are automatic modules (named by their manifests). SLF4J and the JDK's HTTP server
 * ({@code jdk.httpserver}, which a jlink image must include) are implementation details.
 */
module io.peerset.metrics {
    requires transitive io.peerset.api;
    requires transitive micrometer.core;
    requires transitive micrometer.registry.prometheus;
    requires jdk.httpserver;
    requires org.slf4j;

    exports io.peerset.metrics;
}
