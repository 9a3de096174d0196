/**
 * A network census: {@link io.peerset.core.census.Census} visits every address it learns with an
 * anonymous connection and reports what each peer is (the engine of {@code peerset crawl}).
 */
package io.peerset.core.census;
