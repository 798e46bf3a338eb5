package io.github.segment2cs.receive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.segment.InboxEntry;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;

/**
 * A receiving request's body, read strictly: a form or multipart body is refused (415), gzip and
 * deflate are inflated up to the same size limit as plain bodies (a bomb gets 413), the bytes must
 * be valid UTF-8, and they must hold one JSON value, nested at most {@value #MAX_DEPTH} deep, and
 * nothing after it.
 */
final class RequestBody {

    static final int MAX_DEPTH = InboxEntry.MAX_DEPTH;

    /** Parses and writes what the receiving side accepts; see the class comment. */
    static final ObjectMapper JSON = InboxEntry.JSON;

    private RequestBody() {
    }

    /** The body's bytes, inflated when it was sent compressed; refused when over {@code maxBytes}. */
    static byte[] read(Message in, byte[] body, int maxBytes) {
        String contentType = lower(in.getHeader(Exchange.CONTENT_TYPE, String.class));
        if (contentType != null
                && (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/"))) {
            throw new RequestRejected(415, "header 'Content-Type' must be application/json, not "
                    + contentType.split(";", 2)[0]);
        }
        if (body == null || body.length == 0) {
            throw new RequestRejected(400, "request body is empty: JSON is required");
        }
        String encoding = contentEncoding(in);
        byte[] plain;
        if (isIdentity(encoding)) {
            plain = body;
        } else if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
            plain = inflate(body, maxBytes, "gzip", false);
        } else if (encoding.equals("deflate")) {
            plain = inflate(body, maxBytes, "deflate", true);
        } else {
            throw new RequestRejected(415, "header 'Content-Encoding' must be gzip, deflate or identity, not "
                    + encoding);
        }
        if (plain.length > maxBytes) {
            throw new RequestRejected(413, "request body is " + plain.length + " bytes"
                    + (plain == body ? "" : " once decompressed") + ", over the " + size(maxBytes) + " limit");
        }
        return plain;
    }

    /**
     * The most bytes {@link #read} can return for this body, known before it is copied: its size as
     * received (in the HTTP server's buffer, where the receiving routes keep it, or in Camel's stream
     * cache, where a route with stream caching on puts it), or {@code maxBytes} when it arrived
     * compressed (it is inflated up to that) or in a form whose size is not known without reading it.
     */
    static int bytesToParse(Message in, int maxBytes) {
        if (!isIdentity(contentEncoding(in))) {
            return maxBytes;
        }
        Object body = in.getBody();
        long size = body instanceof StreamCache cache ? cache.length()
                : body instanceof Buffer buffer ? buffer.length()
                : body instanceof byte[] bytes ? bytes.length : -1;
        return size < 0 || size > maxBytes ? maxBytes : (int) size;
    }

    /** The one JSON value the body holds. */
    static Object parse(byte[] body) {
        if (!validUtf8(body)) {
            throw new RequestRejected(400, "body is not valid UTF-8");
        }
        try {
            return JSON.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            throw new RequestRejected(400, "body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new RequestRejected(400, "body could not be read: " + e.getMessage());
        }
    }

    /**
     * Whether the bytes are well-formed UTF-8 (no overlong forms such as {@code C0 AF}, no
     * surrogates), which Jackson's own decoding does not check. Decoded a chunk at a time into a
     * small buffer, so a large body is not copied.
     */
    static boolean validUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(4096);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return false;
            }
            out.clear();
            if (result.isUnderflow()) {
                return !decoder.flush(out).isError();
            }
        }
    }

    /**
     * Inflates at most {@code maxBytes + 1} bytes: enough to tell that the body is too large
     * without inflating a bomb. HTTP's deflate is zlib-wrapped; some senders send it raw.
     */
    private static byte[] inflate(byte[] body, int maxBytes, String encoding, boolean zlib) {
        try {
            return readAtMost(zlib ? new InflaterInputStream(new ByteArrayInputStream(body))
                    : new GZIPInputStream(new ByteArrayInputStream(body)), maxBytes + 1);
        } catch (IOException notZlib) {
            if (zlib) {
                // An Inflater given to the stream is not ended by it: its native memory is freed here.
                Inflater raw = new Inflater(true);
                try {
                    return readAtMost(new InflaterInputStream(new ByteArrayInputStream(body), raw), maxBytes + 1);
                } catch (IOException notRaw) {
                    // Reported below as not decompressible.
                } finally {
                    raw.end();
                }
            }
            throw new RequestRejected(400, "body could not be decompressed as " + encoding);
        }
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0 && out.size() < limit; n = in.read(buffer)) {
                out.write(buffer, 0, Math.min(n, limit - out.size()));
            }
            return out.toByteArray();
        }
    }

    static String size(int bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : bytes / 1024 + " KB";
    }

    private static String contentEncoding(Message in) {
        return lower(in.getHeader("Content-Encoding", String.class));
    }

    /** Whether a body sent with this Content-Encoding (lower case, or null) is sent as it is. */
    private static boolean isIdentity(String encoding) {
        return encoding == null || encoding.isBlank() || encoding.equals("identity");
    }

    private static String lower(String header) {
        return header == null ? null : header.trim().toLowerCase(Locale.ROOT);
    }
}
