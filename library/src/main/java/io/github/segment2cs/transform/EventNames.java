package io.github.segment2cs.transform;

import io.github.segment2cs.settings.Settings;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which Segment events reach ClientSuccess and under what name: the allow-list (empty = all), the
 * rename map, and the page/screen name templates.
 */
public class EventNames {

    static final String DEFAULT_PAGE = "Pageview";
    static final String DEFAULT_SCREEN = "Screenview";

    private final Set<String> allowed = new HashSet<>();
    private final Map<String, String> renames = new HashMap<>();
    private final String pageTemplate;
    private final String screenTemplate;

    public EventNames(Settings.Mapping config) {
        config.allowedEvents().orElse(List.of()).stream().map(String::trim).filter(name -> !name.isEmpty())
                .forEach(allowed::add);
        for (String rename : config.eventRenames().orElse(List.of())) {
            int equals = rename.indexOf('=');
            String from = equals < 0 ? "" : rename.substring(0, equals).trim();
            String to = equals < 0 ? "" : rename.substring(equals + 1).trim();
            if (from.isEmpty() || to.isEmpty()) {
                throw new IllegalArgumentException(
                        "EVENT_RENAMES entry '" + rename + "' must look like 'Segment name=ClientSuccess name'");
            }
            renames.put(from, to);
        }
        this.pageTemplate = config.pageEvent();
        this.screenTemplate = config.screenEvent();
    }

    /** The ClientSuccess event id for a Segment event name, or empty when it is not allowed. */
    public Optional<String> clientSuccessName(String segmentName) {
        if (!allowed.isEmpty() && !allowed.contains(segmentName)) {
            return Optional.empty();
        }
        return Optional.of(renames.getOrDefault(segmentName, segmentName));
    }

    /** The Segment-side name of a page or screen call, from its template. */
    public String pageName(String type, String name, String category) {
        boolean screen = "screen".equals(type);
        String named = (screen ? screenTemplate : pageTemplate).replace("{name}", name == null ? "" : name)
                .replace("{category}", category == null ? "" : category).replaceAll("\\s+", " ").trim();
        if (!named.isEmpty()) {
            return named;
        }
        return screen ? DEFAULT_SCREEN : DEFAULT_PAGE;
    }
}
