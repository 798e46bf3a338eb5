package io.github.segment2cs.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** What a logger (and the loggers below it) logs while a test listens: each record's level and formatted message. */
public final class CapturedLog extends Handler {

    private record Entry(Level level, String message, Throwable thrown) {
    }

    private final Logger logger;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    public CapturedLog(String loggerName) {
        this.logger = Logger.getLogger(loggerName);
    }

    public CapturedLog start() {
        logger.addHandler(this);
        return this;
    }

    public void stop() {
        logger.removeHandler(this);
    }

    /** Every line, as "LEVEL message". */
    public List<String> lines() {
        return entries.stream().map(entry -> entry.level() + " " + entry.message()).toList();
    }

    /** Every line with its exception and causes, as the console would show them (without stack frames). */
    public List<String> linesWithThrown() {
        return entries.stream().map(entry -> {
            StringBuilder line = new StringBuilder(entry.level() + " " + entry.message());
            for (Throwable cause = entry.thrown(); cause != null; cause = cause.getCause()) {
                line.append("\n").append(cause);
            }
            return line.toString();
        }).toList();
    }

    /** The messages logged at {@code level} or above. */
    public List<String> messagesFrom(Level level) {
        return entries.stream().filter(entry -> entry.level().intValue() >= level.intValue()).map(Entry::message)
                .toList();
    }

    @Override
    public void publish(LogRecord record) {
        entries.add(new Entry(record.getLevel(),
                record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage(), record.getThrown()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
