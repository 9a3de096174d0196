/**
 * A node's status and events as Micrometer meters ({@link io.peerset.metrics.NodeMetrics}) and a
 * Prometheus endpoint on the JDK's HTTP server ({@link io.peerset.metrics.PrometheusEndpoint}).
 * Every tag value comes from a closed set (a reason's {@code code()}), never an address.
 *
 * <p>Threading: both are thread-safe; see each class.
 */
package io.peerset.metrics;
