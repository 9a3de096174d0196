package io.peerset.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;

/**
 * The command's logging: warnings and errors only, on standard error, one line each, so that
 * results on standard output stay machine-readable. {@code -Dpeerset.log.level=INFO} (or
 * {@code DEBUG}, ...) lowers the threshold.
 *
 * <p>Configured in code rather than by a {@code logback.xml} because reading XML is the larger part
 * of Logback's start-up (an XML parser and Logback's configuration model, several hundred classes),
 * paid by every command that logs, {@code peerset run} included. Logback finds this class through
 * {@link java.util.ServiceLoader} ({@code provides} in {@code module-info.java}) before it looks for
 * a file. A file still wins when one is named: with {@code -Dlogback.configurationFile=FILE} this
 * configurator steps aside and Logback reads FILE.
 *
 * <p>Called once by Logback, on the thread that first asks SLF4J for a logger.
 */
public final class LogbackConfigurator extends ContextAwareBase implements Configurator {

    /** The system property that lowers (or raises) the threshold. */
    static final String LEVEL_PROPERTY = "peerset.log.level";

    private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} %X{peer} - %msg%n";

    /** Used by {@link java.util.ServiceLoader}. */
    public LogbackConfigurator() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // as the XML's <statusListener class="NopStatusListener"/>: Logback's own status messages stay quiet
        context.getStatusManager().add(new NopStatusListener());

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();

        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty(LEVEL_PROPERTY), Level.WARN));
        root.addAppender(appender);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
