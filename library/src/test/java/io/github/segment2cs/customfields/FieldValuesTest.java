package io.github.segment2cs.customfields;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FieldValuesTest {

    @Test
    void eachTraitFillsTheFieldWithItsLabelOrNameInTheFieldsType() {
        List<Map<String, Object>> fields = new ArrayList<>(List.of(field("Plan Tier", "plan_tier__cs", "STRING", null),
                field("Seats", "seats__cs", "INTEGER", "10"), field("Trial", "trial__cs", "BOOLEAN", null),
                field("Renewal", "renewal__cs", "DATE", null), field("MRR", "mrr__cs", "DECIMAL", null)));
        Map<String, Object> traits = new LinkedHashMap<>();
        traits.put("plan", "Enterprise");
        traits.put("SEATS", 25);
        traits.put("trial", "yes");
        traits.put("renewal", "2025-03-01T00:00:00Z");
        traits.put("mrr__cs", 1234.50);
        traits.put("industry", "Retail");

        FieldValues.Result result = new FieldValues(List.of("plan=plan tier")).apply(fields, traits);

        assertEquals(new FieldValues.Result(5, 0, 1, 0), result);
        assertEquals(List.of("Enterprise", "25", "true", "2025-03-01", "1234.5"),
                fields.stream().map(field -> field.get("value")).toList());
    }

    @Test
    void aValueThatIsAlreadyThereIsNoChangeAndANullTraitClearsNothing() {
        List<Map<String, Object>> fields = List.of(field("Seats", "seats", "INTEGER", "25"),
                field("Plan", "plan", "STRING", "Pro"));
        Map<String, Object> traits = new HashMap<>();
        traits.put("seats", 25.0);
        traits.put("plan", null);

        FieldValues.Result result = new FieldValues(List.of()).apply(fields, traits);

        assertEquals(new FieldValues.Result(0, 1, 0, 0), result);
        assertEquals("Pro", fields.get(1).get("value"));
    }

    @Test
    void aValueTheTypeCannotTakeIsLeftOutAndCounted() {
        List<Map<String, Object>> fields = List.of(field("Seats", "seats", "INTEGER", "3"),
                field("Trial", "trial", "BOOLEAN", null), field("Renewal", "renewal", "DATE", null),
                field("Notes", "notes", "STRING", null));

        FieldValues.Result result = new FieldValues(List.of()).apply(fields, Map.of("seats", 2.5, "trial", "maybe",
                "renewal", "next spring", "notes", Map.of("nested", true)));

        assertEquals(new FieldValues.Result(0, 0, 0, 4), result);
        assertEquals("3", fields.get(0).get("value"));
    }

    @Test
    void numbersAndTextAreBounded() {
        assertEquals(Optional.empty(), FieldValues.convert("1e999999999", "INTEGER"));
        assertEquals(Optional.empty(), FieldValues.convert("1e-999999999", "DECIMAL"));
        assertEquals(Optional.of("1000"), FieldValues.convert("1e3", "INTEGER"));
        assertEquals(Optional.empty(), FieldValues.convert("x".repeat(FieldValues.MAX_TEXT + 1), "STRING"));
    }

    @Test
    void aMalformedPairOfTheMapIsNamed() {
        String problem = assertThrows(IllegalArgumentException.class, () -> new FieldValues(List.of("plan")))
                .getMessage();
        assertEquals("TRAIT_FIELD_MAP: 'plan' is not trait=Field label", problem);
    }

    static Map<String, Object> field(String label, String name, String type, String value) {
        Map<String, Object> field = new HashMap<>();
        field.put("label", label);
        field.put("name", name);
        field.put("type", type);
        field.put("value", value);
        return field;
    }
}
