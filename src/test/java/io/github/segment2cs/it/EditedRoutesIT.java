package io.github.segment2cs.it;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.segment2cs.support.EditedRoutes;
import io.github.segment2cs.support.PackagedService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a user who edits the routes and the settings file meets with the packaged service: edits take
 * effect with a restart (or at once, with ROUTES_RELOAD), and a misspelt endpoint stops the start.
 */
class EditedRoutesIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aMisspeltDirectEndpointStopsTheStartNamingTheRouteAndTheLine() throws Exception {
        EditedRoutes routes = EditedRoutes.copy("it-edits/misspelt-routes")
                .replace("types.yaml", "                - to: direct:s2cs-hold-back\n", "                - to: direct:s2cs-holdback\n");
        String printed = new PackagedService("edits-misspelt", settings("misspelt", Map.of("ROUTES_DIR", routes.folder())))
                .startExpectingRefusal();

        assertTrue(printed.contains("No route consumes direct:s2cs-holdback, sent to by route s2cs-usage-event (types.yaml:"),
                printed);
    }

    @Test
    void theSettingsFileInTheWorkingDirectoryIsReadAtStart() throws Exception {
        Path directory = Files.createDirectories(
                PackagedService.BUILD.resolve(Path.of("it-edits", "workdir")).toAbsolutePath());
        Files.writeString(directory.resolve("application.properties"), Files.readString(Path.of("application.properties"))
                .replace("ops.token=${OPS_TOKEN:}", "ops.token=${OPS_TOKEN:token-from-the-edited-file}"));
        EditedRoutes.copy("it-edits/workdir/routes");
        PackagedService service = new PackagedService("edits-settings-file", settings("settings-file", Map.of()))
                .in(directory);
        try {
            service.start();
            assertEquals(200, get(service, "/ops/stats", "token-from-the-edited-file"),
                    "the token set only in the edited file opens /ops");
        } finally {
            service.stop();
        }
    }

    @Test
    void withRoutesReloadASavedRouteFileTakesEffectWithoutARestart() throws Exception {
        EditedRoutes routes = EditedRoutes.copy("it-edits/reloaded-routes");
        PackagedService service = new PackagedService("edits-reload", settings("reload",
                Map.of("ROUTES_DIR", routes.folder(), "ROUTES_RELOAD", "true")));
        try {
            service.start();
            assertEquals(404, get(service, "/v1/hello", null));

            routes.append("housekeeping.yaml", """

                    - route:
                        id: hello
                        from:
                          uri: "platform-http:/v1/hello"
                          steps:
                            - setBody:
                                constant: "{\\"hello\\":true}"
                    """);

            await().atMost(20, SECONDS).until(() -> get(service, "/v1/hello", null) == 200);

            // A reload cannot refuse to start, so a misspelt direct: name it brings in is an ERROR.
            routes.append("housekeeping.yaml", """

                    - route:
                        id: probe
                        from:
                          uri: "direct:probe"
                          steps:
                            - to: direct:nowhere-at-all
                    """);
            await().atMost(20, SECONDS).until(() -> service.logLines().stream().anyMatch(line -> line.contains("ERROR")
                    && line.contains("After reloading the routes: No route consumes direct:nowhere-at-all, sent to by "
                            + "route probe (housekeeping.yaml:")));
        } finally {
            service.stop();
        }
    }

    private static Map<String, String> settings(String name, Map<String, String> more) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("CLIENTSUCCESS_API_KEY", "key",
                "CLIENTSUCCESS_PROJECT_ID", "proj", "CLIENTSUCCESS_BASE_URL", "http://127.0.0.1:9",
                "STATE_DIR", Files.createTempDirectory(PackagedService.BUILD, "edits-" + name).toAbsolutePath().toString()));
        settings.putAll(more);
        return settings;
    }

    private static int get(PackagedService service, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
