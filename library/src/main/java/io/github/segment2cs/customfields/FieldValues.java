package io.github.segment2cs.customfields;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Puts Segment traits into the {@code customFieldValues} of a ClientSuccess record (v1: one entry
 * for every field defined, {@code {name, label, type, value}}, the value a string or null). A trait
 * fills the field whose label or name is the trait's own (or the one {@code TRAIT_FIELD_MAP} gives
 * it), compared without regard to case; its value is converted to the field's type. A trait with no
 * such field, or a value the type cannot take, is left out and counted; a null trait clears nothing.
 */
public final class FieldValues {

    /** ClientSuccess's limit for a text field. */
    static final int MAX_TEXT = 2000;
    /** Digits at most before and after the point of a number field's value. */
    static final int MAX_DIGITS = 40;

    /** What became of a record's traits. */
    public record Result(int written, int unchanged, int unmapped, int unconvertible) {

        public boolean changed() {
            return written > 0;
        }
    }

    private final Map<String, String> fieldOfTrait;

    /** {@code pairs}: {@code trait=Field label}, as TRAIT_FIELD_MAP. */
    public FieldValues(List<String> pairs) {
        fieldOfTrait = new HashMap<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            if (equals <= 0 || equals == pair.length() - 1) {
                throw new IllegalArgumentException("TRAIT_FIELD_MAP: '" + pair + "' is not trait=Field label");
            }
            fieldOfTrait.put(pair.substring(0, equals).trim().toLowerCase(Locale.ROOT), pair.substring(equals + 1).trim());
        }
    }

    /** Sets the values of {@code fields} from {@code traits}. */
    public Result apply(List<Map<String, Object>> fields, Map<String, Object> traits) {
        int written = 0;
        int unchanged = 0;
        int unmapped = 0;
        int unconvertible = 0;
        for (Map.Entry<String, Object> trait : traits.entrySet()) {
            if (trait.getValue() == null) {
                continue;
            }
            Optional<Map<String, Object>> field = field(fields, trait.getKey());
            if (field.isEmpty()) {
                unmapped++;
                continue;
            }
            Optional<String> value = convert(trait.getValue(), String.valueOf(field.get().get("type")));
            if (value.isEmpty()) {
                unconvertible++;
            } else if (value.get().equals(field.get().get("value"))) {
                unchanged++;
            } else {
                field.get().put("value", value.get());
                written++;
            }
        }
        return new Result(written, unchanged, unmapped, unconvertible);
    }

    private Optional<Map<String, Object>> field(List<Map<String, Object>> fields, String trait) {
        String wanted = fieldOfTrait.getOrDefault(trait.toLowerCase(Locale.ROOT), trait);
        return fields.stream().filter(field -> names(field).stream().anyMatch(wanted::equalsIgnoreCase)).findFirst();
    }

    /** The label, the name, and the name without the {@code __cs} that ClientSuccess appends to keys. */
    private static List<String> names(Map<String, Object> field) {
        List<String> names = new ArrayList<>();
        for (String key : List.of("label", "name")) {
            if (field.get(key) instanceof String name) {
                names.add(name);
                if (name.endsWith("__cs")) {
                    names.add(name.substring(0, name.length() - 4));
                }
            }
        }
        return names;
    }

    /** The value as ClientSuccess's v1 keeps a field of {@code type}: a string; empty when the type cannot take it. */
    static Optional<String> convert(Object value, String type) {
        return switch (type.toUpperCase(Locale.ROOT)) {
            case "BOOLEAN" -> bool(value);
            case "INTEGER" -> decimal(value).filter(number -> number.stripTrailingZeros().scale() <= 0)
                    .map(number -> number.toBigInteger().toString());
            case "DECIMAL" -> decimal(value).map(BigDecimal::toPlainString);
            case "DATE" -> date(value);
            default -> value instanceof Map || value instanceof List ? Optional.empty()
                    : Optional.of(String.valueOf(value)).filter(text -> text.length() <= MAX_TEXT);
        };
    }

    private static Optional<String> bool(Object value) {
        if (value instanceof Boolean flag) {
            return Optional.of(flag.toString());
        }
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes", "1" -> Optional.of("true");
            case "false", "no", "0" -> Optional.of("false");
            default -> Optional.empty();
        };
    }

    private static Optional<BigDecimal> decimal(Object value) {
        if (value instanceof Boolean || value instanceof Map || value instanceof List) {
            return Optional.empty();
        }
        try {
            // Bounded: "1e999999999" written out in full would take a gigabyte.
            return Optional.of(new BigDecimal(String.valueOf(value).trim()))
                    .filter(number -> Math.abs(number.precision() - number.scale()) <= MAX_DIGITS
                            && Math.abs(number.scale()) <= MAX_DIGITS);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A date, {@code yyyy-MM-dd}, from an ISO-8601 date or date and time (taken as it is written). */
    private static Optional<String> date(Object value) {
        if (!(value instanceof String text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.trim()).toString());
        } catch (DateTimeParseException notADate) {
            try {
                return Optional.of(OffsetDateTime.parse(text.trim()).toLocalDate().toString());
            } catch (DateTimeParseException notADateTime) {
                return Optional.empty();
            }
        }
    }
}
