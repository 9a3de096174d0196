package io.peerset.metrics;

import io.peerset.api.ChainTip;
import io.peerset.api.InboundService;
import io.peerset.api.NodeConfig;
import io.peerset.api.PeerSetNode;
import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * Starts real nodes ({@code io.peerset.core.PeerSets.nodeBuilder}) with io.peerset.core and its service
 * providers resolved as modules, in a layer above the boot layer.
 *
 * <p>Why: Surefire puts on the module path only what this module's descriptor requires (and the
 * providers of services those modules use). This module does not require io.peerset.core, so core,
 * the Netty transport and the address book land on the class path, where their {@code provides}
 * clauses are ignored and core's ServiceLoader finds no transport. Resolving them from the class
 * path's jars into a layer (with {@code resolveAndBind}, which adds every provider of a service core
 * uses) gives the same module graph as the distribution. The layer reads the boot layer's
 * io.peerset.api, so the node it returns is an ordinary {@link PeerSetNode}.
 */
final class CoreLayer {

    private static final String CORE = "io.peerset.core";
    private static ModuleLayer layer;

    private CoreLayer() {
    }

    private static synchronized ModuleLayer layer() {
        if (layer == null) {
            Path[] jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(entry -> !entry.isBlank()).map(Path::of).filter(Files::exists).toArray(Path[]::new);
            ModuleLayer boot = ModuleLayer.boot();
            Configuration configuration = boot.configuration()
                    .resolveAndBind(ModuleFinder.of(), ModuleFinder.of(jars), Set.of(CORE));
            layer = boot.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
        }
        return layer;
    }

    /** As {@code PeerSets.nodeBuilder(config).inbound(inbound).chainTip(chainTip).start()}. */
    static PeerSetNode start(NodeConfig config, InboundService inbound, ChainTip chainTip) {
        ClassLoader loader = layer().findLoader(CORE);
        // core calls ServiceLoader.load(service), which searches the thread's context class loader:
        // the layer's loader finds the layer's providers (threads the node starts inherit it)
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Class<?> peerSets = loader.loadClass(CORE + ".PeerSets");
            Class<?> builderType = loader.loadClass(CORE + ".NodeBuilder");
            Object builder = peerSets.getMethod("nodeBuilder", NodeConfig.class).invoke(null, config);
            builderType.getMethod("inbound", InboundService.class).invoke(builder, inbound);
            builderType.getMethod("chainTip", ChainTip.class).invoke(builder, chainTip);
            return (PeerSetNode) builderType.getMethod("start").invoke(builder);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
