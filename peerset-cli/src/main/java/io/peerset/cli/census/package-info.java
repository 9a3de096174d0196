/**
 * A network census: {@link io.peerset.cli.census.Census} visits every address it learns with an
 * anonymous connection and reports what each peer is. It is the engine of {@code peerset crawl}
 * ({@code io.peerset.cli.CrawlCommand} writes its entries as records).
 *
 * <p>Built on the library's exported API only (the transport and scheduler SPI, the isolated
 * connections of {@code io.peerset.core.connect}, the peer client's requests), like any application
 * of the library; it moved here from {@code io.peerset.core.census}. The package holds no commands:
 * it depends on nothing else of the CLI, and is neither exported nor opened.
 *
 * <p>Threading: a census's state lives on its scheduler's thread; see {@link io.peerset.cli.census.Census}.
 */
package io.peerset.cli.census;
