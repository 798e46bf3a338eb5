package io.github.segment2cs.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a packaged JVM has spent so far, in seconds, from its own counters ({@code jcmd <pid>
 * PerfCounter.print}, as {@code jstat} reads them): its compiler threads compiling, and its
 * collections stopping the application. Read before and after a measured load, they tell whether
 * the load met a warm JVM: by hand on the project's 2-core machine, a freshly started service under
 * the batch load spent 18.6, 11.6, 9.0, 4.7, 2.7 and 0.9 s compiling in its first six 10 s spans.
 */
public record JvmTimes(double compiling, double collecting) {

    /** The counters of the JVM with this process id; empty when it has none (a native binary). */
    static Optional<JvmTimes> of(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "PerfCounter.print").redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            return Optional.empty();
        }
        Map<String, Long> counters = new HashMap<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0 && line.substring(equals + 1).trim().matches("\\d+")) {
                counters.put(line.substring(0, equals), Long.parseLong(line.substring(equals + 1).trim()));
            }
        }
        Long ticksPerSecond = counters.get("sun.os.hrt.frequency");
        Long compiling = counters.get("java.ci.totalTime");
        if (ticksPerSecond == null || compiling == null) {
            return Optional.empty();
        }
        // Collector 0 is the young generation's, 1 the old one's (the serial collector's full collections).
        long collecting = counters.getOrDefault("sun.gc.collector.0.time", 0L)
                + counters.getOrDefault("sun.gc.collector.1.time", 0L);
        return Optional.of(new JvmTimes((double) compiling / ticksPerSecond, (double) collecting / ticksPerSecond));
    }

    /** What was spent between {@code before} and this reading. */
    public JvmTimes since(JvmTimes before) {
        return new JvmTimes(compiling - before.compiling, collecting - before.collecting);
    }
}
