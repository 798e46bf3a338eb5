package io.github.segment2cs.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A copy of the project's routes folder with a user's edits applied as text, for a test that
 * starts the service on it through ROUTES_DIR ({@code routes.dir}), as a user who edits the
 * routes and restarts would. The copy is made under {@code service/target/}, the folder named by
 * {@code name} (a path there).
 */
public final class EditedRoutes {

    private final Path folder;

    private EditedRoutes(Path folder) {
        this.folder = folder;
    }

    /** A fresh copy of {@code routes/} under {@code service/target/}. */
    public static EditedRoutes copy(String name) {
        Path folder = PackagedService.BUILD.resolve(Path.of(name));
        try {
            if (Files.exists(folder)) {
                try (Stream<Path> old = Files.list(folder)) {
                    for (Path file : old.toList()) {
                        Files.delete(file);
                    }
                }
            }
            Files.createDirectories(folder);
            try (Stream<Path> routes = Files.list(Path.of("routes"))) {
                for (Path file : routes.toList()) {
                    Files.copy(file, folder.resolve(file.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new EditedRoutes(folder);
    }

    /** Replaces text that must occur exactly once in the file. */
    public EditedRoutes replace(String file, String text, String replacement) {
        Path path = folder.resolve(file);
        try {
            String routes = Files.readString(path);
            int at = routes.indexOf(text);
            if (at < 0 || routes.indexOf(text, at + 1) >= 0) {
                throw new IllegalArgumentException("Not exactly once in " + file + ": " + text);
            }
            Files.writeString(path, routes.replace(text, replacement));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public String folder() {
        return folder.toString();
    }

    /** Adds text at the end of a file, as a user saving a change to it. */
    public EditedRoutes append(String file, String text) {
        try {
            Files.writeString(folder.resolve(file), text, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
