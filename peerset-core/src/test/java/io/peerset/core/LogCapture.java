package io.peerset.core;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures what one logger (and its children) logs, at DEBUG and above, while it is open; the
 * events do not reach the console meanwhile. Restores the logger on close.
 *
 * <p>logback is on the module path, which {@code io.peerset.core} does not read: the Surefire
 * configuration adds the reads edge for the tests ({@code --add-reads}).
 */
final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level level;
    private final boolean additive;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(String name) {
        logger = (Logger) LoggerFactory.getLogger(name);
        level = logger.getLevel();
        additive = logger.isAdditive();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
    }

    /** @param name the logger, for example a package name */
    static LogCapture of(String name) {
        return new LogCapture(name);
    }

    /** @return the formatted messages logged so far, in order */
    List<String> messages() {
        synchronized (appender) { // ListAppender appends under the appender's lock
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(level);
        logger.setAdditive(additive);
        appender.stop();
    }
}
