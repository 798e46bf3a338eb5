package io.github.segment2cs.receive;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodyTest {

    @ParameterizedTest
    @ValueSource(strings = { "c0af", "e080af", "eda080", "f4908080", "e282", "80", "ff", "f880808080" })
    void malformedUtf8IsNotValid(String hex) {
        assertFalse(RequestBody.validUtf8(HexFormat.of().parseHex("22" + hex + "22")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "plain ascii", "Café", "€ 日本", "emoji 😀", "" })
    void wellFormedUtf8IsValid(String text) {
        assertTrue(RequestBody.validUtf8(("\"" + text + "\"").getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(ints = { 4095, 4096, 4097, 100_000 })
    void validityDoesNotDependOnWhereTheDecodingBufferEnds(int length) {
        byte[] text = ("\"" + "€".repeat(length) + "\"").getBytes(StandardCharsets.UTF_8);
        assertTrue(RequestBody.validUtf8(text));
        text[text.length - 2] = (byte) 0xC0;
        assertFalse(RequestBody.validUtf8(text));
    }
}
