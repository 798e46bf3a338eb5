package io.github.segment2cs.clientsuccess;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * ClientSuccess's REST API (v1), as its public clients use it: a session token from
 * {@code POST /v1/auth}, kept for its life (12 hours; {@code expires_in}) and sent as the raw
 * {@code Authorization} header; on a 401 it logs in once more and tries the call again. A failed
 * call throws {@link HttpOperationFailedException} with the status and the reply, as a Usage API
 * delivery does, so deliver.yaml decides alike: 408, 429 and 5xx are tried again later, other 4xx
 * are dead-lettered. I/O errors are thrown as they are (tried again later), and so is a refused
 * login: wrong credentials, once mended, should not have cost the traits queued meanwhile. After a
 * refused login none is tried for {@value #LOGIN_PAUSE_MILLIS} ms, so that many deliveries do not
 * each try the same wrong password. The password and the token are never in a URI, an exception
 * or a log line: an exception names the path without its query, and withholds the reply to a 401
 * or 403, which may echo the token.
 */
public class ClientSuccessRest {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    /** Logged in again this long before the token's end, so that no call meets an expired token. */
    static final long TOKEN_MARGIN_MILLIS = 5 * 60_000;
    public static final long LOGIN_PAUSE_MILLIS = 60_000;

    private final HttpClient http;
    private final String restUrl;
    private final String username;
    private final String password;
    private final Duration timeout;
    private final ObjectMapper json;
    private final LongSupplier clock;
    private String token;
    private long tokenUntil;
    private IOException loginRefused;
    private long loginPausedUntil;

    public ClientSuccessRest(String restUrl, String username, String password, Duration timeout, ObjectMapper json,
            LongSupplier clock) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.restUrl = restUrl.endsWith("/") ? restUrl.substring(0, restUrl.length() - 1) : restUrl;
        this.username = username;
        this.password = password;
        this.timeout = timeout;
        this.json = json;
        this.clock = clock;
    }

    /** The object at {@code path} (from /v1 on), or empty on a 404, or when ClientSuccess answers {@code null}. */
    public Optional<Map<String, Object>> get(String path) throws IOException, InterruptedException,
            HttpOperationFailedException {
        HttpResponse<String> response = call("GET", path, null, true);
        if (response.statusCode() == 404 || response.body() == null || response.body().isBlank()
                || response.body().trim().equals("null")) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(response.body(), OBJECT));
    }

    /** POSTs {@code body} as JSON; the object ClientSuccess answers with. */
    public Map<String, Object> post(String path, Object body) throws IOException, InterruptedException,
            HttpOperationFailedException {
        return json.readValue(call("POST", path, body, false).body(), OBJECT);
    }

    /** PUTs {@code body} as JSON; the status ClientSuccess answers with. */
    public int put(String path, Object body) throws IOException, InterruptedException, HttpOperationFailedException {
        return call("PUT", path, body, false).statusCode();
    }

    private HttpResponse<String> call(String method, String path, Object body, boolean notFoundIsAnswer)
            throws IOException, InterruptedException, HttpOperationFailedException {
        String used = token();
        HttpResponse<String> response = send(method, path, body, used);
        if (response.statusCode() == 401) {
            forgetToken(used);
            response = send(method, path, body, token());
        }
        int status = response.statusCode();
        if (status / 100 != 2 && !(notFoundIsAnswer && status == 404)) {
            throw failure(method, path, response);
        }
        return response;
    }

    private HttpResponse<String> send(String method, String path, Object body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(restUrl + "/v1" + path)).timeout(timeout)
                .header("Authorization", authorization).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private synchronized String token() throws IOException, InterruptedException, HttpOperationFailedException {
        long now = clock.getAsLong();
        if (loginRefused != null && now < loginPausedUntil) {
            throw loginRefused;
        }
        if (token == null || now >= tokenUntil) {
            HttpRequest login = HttpRequest.newBuilder(URI.create(restUrl + "/v1/auth")).timeout(timeout)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
                            Map.of("username", username, "password", password))))
                    .build();
            HttpResponse<String> response = http.send(login, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                loginRefused = new IOException("ClientSuccess refused the login of CLIENTSUCCESS_USERNAME (HTTP "
                        + response.statusCode() + "): check it and CLIENTSUCCESS_PASSWORD");
                loginPausedUntil = now + LOGIN_PAUSE_MILLIS;
                throw loginRefused;
            }
            loginRefused = null;
            Map<String, Object> session = json.readValue(response.body(), OBJECT);
            if (!(session.get("access_token") instanceof String accessToken) || accessToken.isBlank()) {
                throw new IOException("ClientSuccess's login answered without an access_token");
            }
            long lifeMillis = session.get("expires_in") instanceof Number seconds ? seconds.longValue() * 1000
                    : Duration.ofHours(12).toMillis();
            token = accessToken;
            tokenUntil = now + Math.max(0, lifeMillis - TOKEN_MARGIN_MILLIS);
        }
        return token;
    }

    /** Forgets the token that was refused, unless another call has replaced it meanwhile. */
    private synchronized void forgetToken(String refused) {
        if (refused.equals(token)) {
            token = null;
        }
    }

    private HttpOperationFailedException failure(String method, String path, HttpResponse<String> response) {
        String location = response.headers().firstValue("Location").orElse(null);
        Map<String, String> headers = new HashMap<>();
        response.headers().firstValue("Retry-After").ifPresent(value -> headers.put("Retry-After", value));
        int query = path.indexOf('?');
        String where = restUrl + "/v1" + (query < 0 ? path : path.substring(0, query));
        int status = response.statusCode();
        return new HttpOperationFailedException(method + " " + where, status, "HTTP " + status, location, headers,
                status == 401 || status == 403 ? "(withheld: it may echo the session token)" : response.body());
    }
}
