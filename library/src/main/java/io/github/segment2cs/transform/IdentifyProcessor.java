package io.github.segment2cs.transform;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.metrics.EventCounters;
import io.github.segment2cs.process.MessageFate;
import io.github.segment2cs.segment.SegmentMessage;
import io.github.segment2cs.store.ProfileStore;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * identify: stores who the user is. First and last name from {@code firstName}/{@code first_name}
 * and {@code lastName}/{@code last_name}, or split from {@code name} (first word, then the rest);
 * e-mail lower-cased; other traits kept as custom attributes.
 */
public class IdentifyProcessor implements Processor {

    private static final Set<String> NAME_TRAITS = Set.of("firstName", "first_name", "lastName", "last_name", "name",
            "email");

    private final ProfileStore profiles;
    private final ObjectMapper json;
    private final EventCounters counters;

    public IdentifyProcessor(ProfileStore profiles, ObjectMapper json, EventCounters counters) {
        this.profiles = profiles;
        this.json = json;
        this.counters = counters;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws Exception {
        SegmentMessage message = new SegmentMessage(exchange.getIn().getBody(Map.class));
        profiles.save(profile(message));
        counters.count(EventCounters.APPLIED, "identify");
        MessageFate.set(exchange, MessageFate.APPLIED);
    }

    ProfileStore.Profile profile(SegmentMessage message) throws Exception {
        Map<String, Object> traits = message.traits();
        String first = text(traits, "firstName", "first_name");
        String last = text(traits, "lastName", "last_name");
        String name = text(traits, "name");
        if (first == null && last == null && name != null) {
            String[] words = name.trim().split("\\s+", 2);
            first = words[0];
            last = words.length > 1 ? words[1] : null;
        }
        String email = text(traits, "email");
        Map<String, Object> custom = new LinkedHashMap<>(traits);
        custom.keySet().removeAll(NAME_TRAITS);
        return new ProfileStore.Profile(message.userId(), first, last,
                email == null ? null : email.trim().toLowerCase(Locale.ROOT),
                custom.isEmpty() ? null : json.writeValueAsString(custom));
    }

    private static String text(Map<String, Object> traits, String... keys) {
        for (String key : keys) {
            Object value = traits.get(key);
            if (value != null && !value.toString().isBlank()) {
                return value.toString().trim();
            }
        }
        return null;
    }
}
